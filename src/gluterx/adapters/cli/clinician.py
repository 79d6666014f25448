"""`gluterx clinician`: a trainer's or physiotherapist's side (issue 16): set up, invite a client, the caseload (who
needs attention first), a client's page, acknowledging alerts, messages and notes, and changes to a client's plan
with the reason the client reads (services/clinicians.py, services/clinician_plan.py; no rule of their own here).

The clinician is the local person, or with `--as EMAIL` (or GLUTERX_AS) the person of that account in this database:
a practice's clinicians and clients are accounts of one store (the web server's, or a shared PostgreSQL). Every read
of a client checks their grant in the store first; without it the answer names ID, and the exit code is 2.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.padding import Padding

from gluterx.adapters.dates import day_month, now

from ._common import (
    Cell,
    DateOption,
    Format,
    FormatOption,
    OnceOption,
    console,
    day_or_today,
    fail,
    open_container,
    print_table,
    run_service,
)
from ._dose import (
    DOSE_FLAGS,
    BandOption,
    HoldOption,
    KgOption,
    RepsOption,
    RestOption,
    TempoOption,
    dose_parts,
    own_dose,
)
from .care import FLAGS as CARE_FLAGS
from .care import (
    SERVER,
    AsOption,
    UrlOption,
    accept,
    acting_as,
    print_model,
    show_invitation,
    show_thread,
)

if TYPE_CHECKING:
    from gluterx.bootstrap import Container
    from gluterx.services.clinicians import CaseloadRow, ClientView, PracticeInvitation
    from gluterx.services.plan_changes import ChangeNote

clinician_app = typer.Typer(
    help="For trainers and physiotherapists: your clients, who needs attention first, and their programmes.",
    no_args_is_help=True,
)


class Role(StrEnum):
    TRAINER = "trainer"
    PHYSIOTHERAPIST = "physiotherapist"


class CaseloadFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


KINDS = {Role.TRAINER: "trainer", Role.PHYSIOTHERAPIST: "physio"}  # the role as the store's ClinicianKind says it
FLAGS = {
    **CARE_FLAGS,
    "client_id": "ID",
    "key": "ALERT",
    "kind": "--role",
    "practice_name": "--practice",
    "date": "--date",
    "exercise_id": "EXERCISE",
    "to": "--to",
    "reason": "--reason",
    "note": "--note",
    "text": "TEXT",
    **DOSE_FLAGS,
    "every_weeks": "--every-weeks",
}
ClientArg = Annotated[
    int, typer.Argument(metavar="ID", min=1, help="The client's number in `gluterx clinician clients`.")
]
ExerciseArg = Annotated[str, typer.Argument(metavar="EXERCISE", help="An exercise of the client's session: its name.")]
ReasonOption = Annotated[str, typer.Option("--reason", help="Why, in words your client will read.")]
SessionDay = Annotated[
    dt.datetime | None,
    typer.Option("--date", formats=["%Y-%m-%d"], help="The session's day, YYYY-MM-DD (default: today)."),
]
SHOWN_SESSIONS = 10  # the client's latest sessions on their page here (the PDF report has them all)


def _acting(day: dt.datetime | None, as_email: str | None) -> tuple[Container, dt.date, int]:
    """The container, the day (a bad --date is said first) and the clinician acting."""
    from gluterx.services.guards import check_day

    c = open_container()
    on = day_or_today(day)
    run_service(lambda: check_day(on), flags=FLAGS)
    return c, on, acting_as(c, as_email)


def _opened(as_email: str | None) -> tuple[Container, int]:
    """The container and the clinician acting (the local person, or the account of --as)."""
    c = open_container()
    return c, acting_as(c, as_email)


def _percent(value: float | None) -> str:
    return "none planned" if value is None else f"{round(value * 100)}%"


def _done(row: CaseloadRow) -> str:
    """Sessions done over 7 and 28 days: '67% / 50%'; 'none planned' once when neither window had any."""
    if row.adherence_7 is None and row.adherence_28 is None:
        return "none planned"
    return f"{_percent(row.adherence_7)} / {_percent(row.adherence_28)}"


def _words(value: str) -> str:
    return value.replace("_", " ")


# ------------------------------------------------------------------------------------------------ becoming one


@clinician_app.command("setup")
def setup(
    role: Annotated[Role, typer.Option("--role", help="trainer or physiotherapist.")],
    practice: Annotated[
        str, typer.Option("--practice", metavar="NAME", help="Your practice's name: you own it (optional).")
    ] = "",
    as_email: AsOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Set yourself up as a trainer or physiotherapist (your own training is unchanged)."""
    from gluterx.services.clinicians import become_clinician

    c = open_container()
    me = acting_as(c, as_email, create=as_email is None)  # a clinician may keep no programme of their own
    found = run_service(
        lambda: become_clinician(c.uow(), person_id=me, kind=KINDS[role], practice_name=practice, now=now()),
        flags=FLAGS,
    )
    if fmt is Format.JSON:
        from gluterx.adapters.web.api.care import clinician_out

        print_model(clinician_out(found))
        return
    at = f" at {escape(found.practice_name)}, which you own" if found.practice_name else ""
    console.print(f"Done: you are set up as a {found.kind.label.lower()}{at}.", highlight=False)
    console.print("Next: `gluterx clinician invite` makes a code for a client.")


@clinician_app.command("invite")
def invite(as_email: AsOption = None, url: UrlOption = SERVER, fmt: FormatOption = Format.TABLE) -> None:
    """Make a code for a client to accept (single use, 7 days)."""
    from gluterx.services.clinicians import clinician_invite

    c, me = _opened(as_email)
    made = run_service(lambda: clinician_invite(c.uow(), person_id=me, now=now()), flags=FLAGS)
    show_invitation(made, fmt, url, accept_with="gluterx care accept")


clinician_app.command("accept", help="Accept a code a client gave you: says whose data you would see, and asks.")(
    accept
)


# ------------------------------------------------------------------------------------------------ the caseload


def _alerts_cell(row: CaseloadRow) -> str:
    top = row.top_level
    return f"{len(row.open_alerts)} open, {top.value}" if top else "none"


def _pain_cell(row: CaseloadRow) -> str:
    if row.latest_pain is None or row.latest_pain_date is None:
        return "no check-ins"
    trend = f", {row.pain_trend.value}" if row.pain_trend.value != "unknown" else ""
    return f"{row.latest_pain}/10, {day_month(row.latest_pain_date)}{trend}"


def _outcome_cell(row: CaseloadRow) -> str:
    if row.pain_verdict is None:
        return "not yet"
    function = _words(row.function_verdict.value) if row.function_verdict else "not yet"
    return f"pain {_words(row.pain_verdict.value)}; function {function}"


@clinician_app.command("clients")
def clients(
    search: Annotated[str, typer.Option("--search", help="Only clients whose name holds this.")] = "",
    alerts: Annotated[bool, typer.Option("--alerts", help="Only clients with an open alert.")] = False,
    day: DateOption = None,
    as_email: AsOption = None,
    fmt: Annotated[CaseloadFormat, typer.Option("--format", help="table, json or csv.")] = CaseloadFormat.TABLE,
) -> None:
    """Your clients (and your practice's), who needs attention first."""
    from gluterx.services.clinicians import caseload

    c, on, me = _acting(day, as_email)
    found = run_service(
        lambda: caseload(c.uow(), person_id=me, today=on, query=search, only_alerts=alerts), flags=FLAGS
    )
    if fmt is CaseloadFormat.JSON:
        from gluterx.adapters.web.api.care import CaseloadOut, row_out

        print_model(CaseloadOut(date=on, total=found.total, clients=[row_out(r) for r in found.rows]))
        return
    if fmt is CaseloadFormat.CSV:
        from gluterx.adapters.interop.caseload_csv import caseload_csv

        typer.echo(caseload_csv(found), nl=False)
        return
    me_words = found.clinician.kind.label
    if found.clinician.practice_name:
        me_words += f" at {found.clinician.practice_name}"
    order = "; who needs attention first is at the top" if found.total else ""
    console.print(f"{escape(me_words)}. {found.total} client{'' if found.total == 1 else 's'}{order}.", highlight=False)
    if not found.rows:
        console.print(
            "No client matches; leave out --search and --alerts to see them all."
            if found.total
            else "No clients yet. `gluterx clinician invite` makes a code for one."
        )
        return
    columns = [
        ("ID", Cell.ID), ("client", Cell.WORDS), ("alerts", Cell.WORDS), ("done 7 / 28 days", Cell.WORDS),
        ("morning pain", Cell.WORDS), ("outcome", Cell.WORDS), ("last session", Cell.WORDS),
    ]  # fmt: skip
    rows = [
        [
            str(r.person_id), escape(r.name), _alerts_cell(r), _done(r),
            _pain_cell(r), _outcome_cell(r), day_month(r.last_session) if r.last_session else "none yet",
        ]
        for r in found.rows
    ]  # fmt: skip
    print_table("Your clients", columns, rows, lines=True)
    console.print("A client's page: `gluterx clinician client ID`.")


# ------------------------------------------------------------------------------------------------ a client


def _view(c: Container, me: int, client_id: int, on: dt.date) -> ClientView:
    from gluterx.services.clinicians import client_view

    view: ClientView = run_service(
        lambda: client_view(c.uow(), c.library, person_id=me, client_id=client_id, today=on), flags=FLAGS
    )
    return view


def _heading(text: str) -> None:
    console.print()
    console.print(f"[bold underline]{text}[/]", highlight=False)


def _overview(view: ClientView) -> None:
    r = view.row
    console.print(f"[bold]{escape(r.name)}[/] (client {r.person_id})", highlight=False)
    console.print(f"Sessions done: {_percent(r.adherence_7)} over 7 days, {_percent(r.adherence_28)} over 28 days.")
    console.print(f"Last session: {day_month(r.last_session) if r.last_session else 'none yet'}.")
    pain = (
        f"{r.latest_pain}/10 on {day_month(r.latest_pain_date)}"
        if r.latest_pain is not None and r.latest_pain_date
        else "no check-ins yet"
    )
    trend = f" ({r.pain_trend.value})" if r.pain_trend.value != "unknown" else ""
    console.print(f"Next-morning pain: {pain}{trend}.", highlight=False)


def _alerts(view: ClientView) -> None:
    _heading("Alerts today")
    if not view.alerts:
        console.print("No alerts.")
        return
    for n, a in enumerate(view.alerts, start=1):
        state = " [dim](acknowledged)[/]" if a.acknowledged else ""
        console.print(
            f"{n}. {a.level.value.capitalize()} alert{state}. {escape(view.row.name)} was told:", highlight=False
        )
        console.print(Padding(escape(a.message), (0, 0, 0, 3)), highlight=False)
    if any(not a.acknowledged for a in view.alerts):
        console.print(f"Acknowledge one with `gluterx clinician ack {view.row.person_id} N` (its number).")


def _profile(view: ClientView) -> None:
    from gluterx.domain.conditions import QUESTIONS

    _heading("Profile and screening")
    p = view.profile
    if not p:
        console.print("No profile yet.")
        return
    names = {q.id.value: q.name for q in QUESTIONS}
    listed: dict[str, list[Any]] = {k: list(v) if isinstance(v := p.get(k), list) else [] for k in
                                    ("goals", "pain", "conditions")}  # fmt: skip
    goals = ", ".join(_words(str(g)) for g in listed["goals"]) or "none"
    pain = "; ".join(
        f"{_words(str(x.get('region', '')))} ({_words(str(x.get('side', 'both')))}), {x.get('intensity', '')}/10"
        for x in listed["pain"]
    )
    conditions = ", ".join(names.get(str(x.get("id")), "a health condition") for x in listed["conditions"])
    plan = view.programme
    screening = (
        "no programme yet"
        if plan is None
        else "see a clinician first"
        if plan.status == "referral"
        else "cleared to train"
    )
    for label, value in (("Age", str(p.get("age", ""))), ("Goals", goals), ("Pain", pain or "none"),
                         ("Health conditions", conditions or "none"), ("Screening", screening)):  # fmt: skip
        console.print(f"{label}: {escape(value)}", highlight=False)


def _programme(view: ClientView) -> None:
    plan = view.programme
    week = (
        next((w for w in plan.weeks if w.week == plan.current_week), None)
        if plan is not None and plan.current_week
        else None
    )
    if plan is None or week is None:
        _heading("Programme this week")
        console.print("No programme running this week.")
        return
    lighter = " (a lighter week)" if week.deload else ""
    _heading(f"Programme this week: week {week.week} of {plan.weeks_total}, {escape(week.phase_name)}{lighter}")
    rows: list[list[str]] = []
    reasons: dict[str, str] = {}
    for s in week.sessions:
        doses = [f"{i.name}: {i.words.summary}" + (f", {i.words.load}" if i.words.load else "") for i in s.items]
        optional = " (optional)" if s.optional else ""
        rows.append([f"{s.date:%a} {day_month(s.date)}{optional}", escape("\n".join(doses))])
    for s in sorted(week.sessions, key=lambda s: s.optional):  # an exercise's reason as its main session says it
        for i in s.items:
            reasons.setdefault(i.name, i.reason.words())  # in kg, as the doses above
    print_table("Sessions", [("day", Cell.WORDS), ("exercises and doses", Cell.PROSE)], rows, lines=True)
    console.print("[bold]Why each exercise[/]")
    for why in reasons.values():
        console.print(Padding(f"- {escape(why)}", (0, 0, 0, 2)), highlight=False)
    yours = False
    for s in week.sessions:
        for note in s.changes:
            by = note.author_name or ("the client" if note.by_you else "a clinician")
            why = f" Why: {note.reason}" if note.reason else ""
            yours = yours or not note.by_you
            console.print(escape(f"{s.date:%a} {day_month(s.date)}, change {note.id} by {by}: {note.words}.{why}"),
                          highlight=False)  # fmt: skip
    if yours:
        console.print(f'Take a clinician\'s change back with `gluterx clinician undo {view.row.person_id} CHANGE --reason "..."`.',
                      highlight=False)  # fmt: skip


def _sessions(view: ClientView) -> None:
    _heading("Sessions")
    past = list(reversed(view.history.sessions))[:SHOWN_SESSIONS]
    if not past:
        console.print("No sessions logged yet.")
        return
    rows = [[day_month(s.date), str(len(s.exercises)), f"{s.highest_pain}/10"] for s in past]
    print_table(f"Latest {len(rows)}, newest first", [("day", Cell.WORDS), ("exercises", Cell.ID),
                ("highest pain during", Cell.ID)], rows)  # fmt: skip


def _outcomes(view: ClientView) -> None:
    _heading("Outcome measures")
    o = view.outcomes
    if o.due is not None:
        console.print("A check is due now." if o.due.due else f"Next check from {day_month(o.due.next_date)}.")
    if not o.answers:
        console.print("No answers yet.")
        return
    for a in o.answers:
        change = f", overall change {a.groc:+d}" if a.groc is not None else ""
        console.print(f"{day_month(a.date)}: pain {a.pain}/10, activities {a.psfs:.1f}/10{change}")
    for label, found in (("Pain", o.pain), ("Activities", o.psfs)):
        if found is not None:
            console.print(
                f"{label}: {_words(found.verdict.value)} ({found.difference:+.1f} points; a change of "
                f"{found.mic.value:g} counts)."
            )


def _notes(view: ClientView) -> None:
    _heading(f"Notes (for you and colleagues; {escape(view.row.name)} does not see them)")
    if not view.notes:
        console.print(f"No notes yet. `gluterx clinician note {view.row.person_id} TEXT` adds one.")
        return
    for name, n in view.notes:
        console.print(f"[bold]{escape(name)}[/] [dim]{day_month(n.created_at.astimezone())}[/]", highlight=False)
        console.print(escape(n.body), highlight=False)


@clinician_app.command("client")
def client(
    client_id: ClientArg,
    day: DateOption = None,
    as_email: AsOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """A client's page: alerts, pain, profile, programme with reasons, outcomes, notes, messages."""
    c, on, me = _acting(day, as_email)
    view = _view(c, me, client_id, on)
    if fmt is Format.JSON:
        from gluterx.adapters.web.api.care import client_out

        print_model(client_out(view))
        return
    _overview(view)
    _alerts(view)
    _profile(view)
    _programme(view)
    _sessions(view)
    _outcomes(view)
    _notes(view)
    _heading("Messages")
    show_thread(view.thread, fmt, empty=f"No messages yet. `gluterx clinician message {client_id} TEXT` writes one.")


@clinician_app.command("ack")
def ack(
    client_id: ClientArg,
    alert: Annotated[
        str, typer.Argument(metavar="ALERT", help="The alert's number on the client's page (or its key).")
    ],
    day: DateOption = None,
    as_email: AsOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Acknowledge one of a client's alerts of the day."""
    from gluterx.services.clinicians import acknowledge_alert

    c, on, me = _acting(day, as_email)
    shown = _view(c, me, client_id, on).alerts
    key = alert
    if alert.isdigit():
        if not 1 <= int(alert) <= len(shown):
            fail(
                f"ALERT: {escape(alert)} is not one of the client's alerts today "
                + (f"(1 to {len(shown)})" if shown else "(they have none)"),
                hints=[f"gluterx clinician client {client_id} lists them"],
            )
        key = shown[int(alert) - 1].key
    run_service(
        lambda: acknowledge_alert(c.uow(), person_id=me, client_id=client_id, key=key, today=on, now=now()),
        flags=FLAGS,
    )
    if fmt is Format.JSON:
        from gluterx.adapters.web.api.care import alert_out

        print_model_list([alert_out(a) for a in _view(c, me, client_id, on).alerts])
        return
    done = next(a for a in shown if a.key == key)
    console.print(f"Acknowledged: {escape(done.message)}", highlight=False)


def print_model_list(models: list[Any]) -> None:
    from ._common import print_json

    print_json([m.model_dump(mode="json") for m in models])


@clinician_app.command("message")
def message(
    client_id: ClientArg,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What the client reads on Today (quote it).")],
    as_email: AsOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Write to a client: they see it on Today and can reply."""
    from gluterx.services.clinicians import send_message, thread

    c, me = _opened(as_email)
    run_service(lambda: send_message(c.uow(), person_id=me, client_id=client_id, body=text, now=now()), flags=FLAGS)
    if fmt is Format.JSON:
        show_thread(run_service(lambda: thread(c.uow(), person_id=me, client_id=client_id)), fmt, empty="")
        return
    console.print(f"Sent. `gluterx clinician client {client_id}` shows the thread.")


@clinician_app.command("note")
def note(
    client_id: ClientArg,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The note (quote it).")],
    as_email: AsOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """A note about a client, for you and their other clinicians (not shown to the client)."""
    from gluterx.services.clinicians import add_note, clinician_of

    c, me = _opened(as_email)
    made = run_service(lambda: add_note(c.uow(), person_id=me, client_id=client_id, body=text, now=now()), flags=FLAGS)
    if fmt is Format.JSON:
        from gluterx.adapters.web.api.care import NoteOut

        mine = clinician_of(c.uow(), person_id=me)
        name = (mine.display_name if mine else "") or "You"
        print_model(NoteOut(id=made.id, author_name=name, body=made.body, created_at=made.created_at))
        return
    console.print(f"Saved the note ({escape(made.body[:40])}{'…' if len(made.body) > 40 else ''}).", highlight=False)


# ------------------------------------------------------------------------------------------------ a client's plan


def _exercise(c: Container, text: str, flag: str = "EXERCISE") -> str:
    from .shaping import _exercise as exercise_id

    return exercise_id(c.library, text, flag)


def _changed(note: ChangeNote, fmt: Format, client_id: int) -> None:
    if fmt is Format.JSON:
        from gluterx.adapters.web.api.plan import ChangeOut, change_json

        print_model(ChangeOut.model_validate(change_json(note)))
        return
    console.print(f"[green]Done:[/] {escape(note.words)}.", highlight=False)
    console.print(
        f"Your client reads it in their changes, with your reason. `gluterx clinician client {client_id}` shows the "
        "programme."
    )


def _scope(once: bool) -> Any:
    from gluterx.domain.planner.adjustments import Scope

    return Scope.ONCE if once else Scope.ONWARD


def _make(
    change: Callable[..., ChangeNote], client_id: int, exercise: str | None, day: dt.datetime | None,
    as_email: str | None, fmt: Format, *, swap_to: str | None = None, **given: Any,
) -> None:  # fmt: skip
    """Make a clinician's change to a client's plan (`change`, a use case of services/clinician_plan.py) as the
    clinician acting, for this client, on the session's day, today, with EXERCISE (and --to) found by name; say it."""
    c, on, me = _acting(day, as_email)
    exercise_id = _exercise(c, exercise) if exercise is not None else None
    if swap_to is not None:
        given["to"] = _exercise(c, swap_to, "--to")
    made = run_service(
        lambda: change(c.uow(), c.library, person_id=me, client_id=client_id, on=on, exercise_id=exercise_id,
                       today=dt.date.today(), **given),
        flags=FLAGS,
    )  # fmt: skip
    _changed(made, fmt, client_id)


@clinician_app.command("alternatives")
def alternatives(
    client_id: ClientArg,
    exercise: ExerciseArg,
    day: SessionDay = None,
    as_email: AsOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """What can take an exercise's place in a client's session, and why each fits."""
    from gluterx.services.clinician_plan import client_swap_choices

    c, on, me = _acting(day, as_email)
    exercise_id = _exercise(c, exercise)
    found = run_service(
        lambda: client_swap_choices(c.uow(), c.library, person_id=me, client_id=client_id, on=on,
                                    exercise_id=exercise_id, limit=None),
        flags=FLAGS,
    )  # fmt: skip
    if fmt is Format.JSON:
        from gluterx.adapters.web.api.plan import AlternativesOut, alternatives_json

        print_model(AlternativesOut.model_validate(alternatives_json(found)))
        return
    from .shaping import print_alternatives

    if not print_alternatives(found, on=day_month(found.day), whose="the client's equipment and health"):
        return
    console.print(
        f'Swap with: gluterx clinician swap {client_id} "{escape(found.name)}" --to "NAME" --date {found.day} '
        '--reason "..."',
        highlight=False,
    )


@clinician_app.command("swap")
def swap(
    client_id: ClientArg,
    exercise: ExerciseArg,
    to: Annotated[str, typer.Option("--to", help="One of `gluterx clinician alternatives ID EXERCISE`.")],
    reason: ReasonOption,
    day: SessionDay = None,
    once: OnceOption = False,
    note_text: Annotated[
        str, typer.Option("--note", help="A note on the new exercise, read beside its cues (optional).")
    ] = "",
    as_email: AsOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Swap an exercise of a client's plan for one of its alternatives."""
    from gluterx.services.clinician_plan import client_swap

    _make(client_swap, client_id, exercise, day, as_email, fmt, swap_to=to, scope=_scope(once), reason=reason,
          note=note_text)  # fmt: skip


@clinician_app.command("skip")
def skip(
    client_id: ClientArg,
    reason: ReasonOption,
    exercise: Annotated[
        str | None, typer.Argument(metavar="EXERCISE", help="The exercise to leave out; without it, the session.")
    ] = None,
    day: SessionDay = None,
    as_email: AsOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Leave an exercise (or the whole session) out of a client's session."""
    from gluterx.services.clinician_plan import client_skip_item

    _make(client_skip_item, client_id, exercise, day, as_email, fmt, reason=reason)


def _lock_command(locked: bool) -> Callable[..., None]:
    """`lock` (`locked`) and `unlock`: the same command but for which way it turns the automatic steps up."""

    def command(
        client_id: ClientArg,
        exercise: ExerciseArg,
        reason: ReasonOption,
        day: SessionDay = None,
        as_email: AsOption = None,
        fmt: FormatOption = Format.TABLE,
    ) -> None:
        from gluterx.services.clinician_plan import client_lock

        _make(client_lock, client_id, exercise, day, as_email, fmt, locked=locked, reason=reason)

    return command


clinician_app.command(
    "lock", help="Keep an exercise at its dose from a day on (no automatic steps up; pain rules still ease it)."
)(_lock_command(locked=True))
clinician_app.command("unlock", help="Let an exercise step up automatically again from a day on.")(
    _lock_command(locked=False)
)


@clinician_app.command("note-item")
def note_item(
    client_id: ClientArg,
    exercise: ExerciseArg,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What the client reads beside the exercise's cues.")],
    reason: ReasonOption,
    day: SessionDay = None,
    once: OnceOption = False,
    as_email: AsOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """A note on an exercise of a client's plan, read beside its cues."""
    from gluterx.services.clinician_plan import client_note

    _make(client_note, client_id, exercise, day, as_email, fmt, text=text, scope=_scope(once), reason=reason)


@clinician_app.command("dose")
def dose(
    client_id: ClientArg,
    exercise: ExerciseArg,
    sets: Annotated[int, typer.Option("--sets", help="Sets, e.g. 3.")],
    reason: ReasonOption,
    reps: RepsOption = None,
    hold: HoldOption = None,
    kg: KgOption = None,
    band: BandOption = None,
    rest: RestOption = None,
    tempo: TempoOption = None,
    day: SessionDay = None,
    once: OnceOption = False,
    as_email: AsOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Set the dose of an exercise of a client's plan: sets, reps or hold, load, rest, tempo."""
    from gluterx.services.clinician_plan import client_set_dose

    parts = dose_parts(sets, reps, hold, kg, band, rest, tempo)
    _make(client_set_dose, client_id, exercise, day, as_email, fmt, parts=parts, scope=_scope(once), reason=reason)


@clinician_app.command("additions")
def additions(
    client_id: ClientArg, day: SessionDay = None, as_email: AsOption = None, fmt: FormatOption = Format.TABLE
) -> None:
    """What can be added to a client's session, by the part of the session it fills, with why and its dose."""
    from gluterx.services.clinician_plan import client_add_choices
    from gluterx.services.plan_changes import dose_words

    c, on, me = _acting(day, as_email)
    found = run_service(
        lambda: client_add_choices(c.uow(), c.library, person_id=me, client_id=client_id, on=on), flags=FLAGS
    )
    if fmt is Format.JSON:
        from gluterx.adapters.web.api.plan import AdditionsOut
        from gluterx.services.contract import additions_json

        print_model(AdditionsOut.model_validate(additions_json(found)))
        return
    if not found.choices:
        console.print(f"Nothing more suits the client's session on {day_month(found.day)}.", highlight=False)
        return
    rows = [
        [escape(a.name), escape(a.purpose), escape(dose_words(a.dose)), escape("; ".join(a.reasons).capitalize())]
        for a in found.choices
    ]
    columns = [("exercise", Cell.WORDS), ("for", Cell.WORDS), ("dose", Cell.WORDS), ("why it suits", Cell.PROSE)]
    print_table(f"Can be added on {day_month(found.day)} ({escape(found.phase_name)})", columns, rows, lines=True)
    if found.in_session:
        console.print(f"Already in the session: {escape(', '.join(found.in_session))}.", highlight=False)
    console.print(
        f'Add with: gluterx clinician add {client_id} "NAME" --date {found.day} --reason "..." [--once]',
        highlight=False,
    )


@clinician_app.command("add")
def add(
    client_id: ClientArg,
    exercise: Annotated[
        str, typer.Argument(metavar="EXERCISE", help="One of `gluterx clinician additions ID`: its name.")
    ],
    reason: ReasonOption,
    day: SessionDay = None,
    once: OnceOption = False,
    sets: Annotated[int | None, typer.Option("--sets", help="Sets (default: the planner's dose).")] = None,
    reps: RepsOption = None,
    hold: HoldOption = None,
    kg: KgOption = None,
    band: BandOption = None,
    rest: RestOption = None,
    tempo: TempoOption = None,
    as_email: AsOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Add an exercise to a client's session, at the planner's dose or the one the dose flags give."""
    from gluterx.services.clinician_plan import client_add

    parts = own_dose(sets, reps, hold, kg, band, rest, tempo)
    _make(client_add, client_id, exercise, day, as_email, fmt, parts=parts, scope=_scope(once), reason=reason)


@clinician_app.command("undo")
def undo(
    client_id: ClientArg,
    change: Annotated[
        int, typer.Argument(metavar="CHANGE", min=1, help="The change's number on `gluterx clinician client ID`.")
    ],
    reason: ReasonOption,
    as_email: AsOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Take back a change a clinician made to a client's plan (their own changes are theirs); the log keeps both."""
    from gluterx.services.clinician_plan import client_undo

    c, me = _opened(as_email)
    made = run_service(
        lambda: client_undo(c.uow(), c.library, person_id=me, client_id=client_id, adjustment_id=change,
                            reason=reason),
        flags=FLAGS,
    )  # fmt: skip
    _changed(made, fmt, client_id)


# ------------------------------------------------------------------------------------------------ outcomes, report


@clinician_app.command("outcomes")
def outcomes(
    client_id: ClientArg,
    every_weeks: Annotated[
        int, typer.Option("--every-weeks", metavar="N", help="Ask the outcome measures every N weeks (1 to 12).")
    ],
    as_email: AsOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """How often the client is asked the outcome measures (pain, function, global rating of change) in the app."""
    from gluterx.services.clinicians import assign_outcomes

    c, me = _opened(as_email)
    run_service(
        lambda: assign_outcomes(c.uow(), person_id=me, client_id=client_id, every_weeks=every_weeks, now=now()),
        flags=FLAGS,
    )
    if fmt is Format.JSON:
        from gluterx.adapters.web.api.care import ScheduleOut

        print_model(ScheduleOut(every_weeks=every_weeks))
        return
    often = "every week" if every_weeks == 1 else f"every {every_weeks} weeks"
    console.print(f"Done: the client is asked the outcome measures {often}, from their programme's start.")


@clinician_app.command("report")
def report(
    client_id: ClientArg,
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="FILE", help="Where to write the PDF (default: gluterx-report-DATE.pdf here)."),
    ] = None,
    as_email: AsOption = None,
) -> None:
    """The client's PDF report (the one they download themselves), for a client who shares their data with you."""
    from gluterx.adapters.web.files import DOWNLOADS
    from gluterx.services.clinicians import check_client
    from gluterx.services.exports import NothingToExport

    from .progress import _write

    c, me = _opened(as_email)
    run_service(lambda: check_client(c.uow(), person_id=me, client_id=client_id), flags=FLAGS)
    today, pdf = dt.date.today(), DOWNLOADS["pdf"]
    try:
        data = pdf.make(c, client_id, today)
    except NothingToExport:
        fail("ID: the client has nothing to put in a report yet (no programme, session or history)")
    path = out if out is not None else Path(pdf.file_name(today))
    _write(path, data, "report")
    console.print(f"The client's report written to [bold]{escape(str(path))}[/].")


# ------------------------------------------------------------------------------------------------ the practice

practice_app = typer.Typer(
    help="Your practice: invite a colleague by email, the invitations sent and received, join, decline or cancel.",
    no_args_is_help=True,
)
clinician_app.add_typer(practice_app, name="practice")
InvitationArg = Annotated[
    int,
    typer.Argument(metavar="ID", min=1, help="The invitation's number in `gluterx clinician practice invitations`."),
]
PRACTICE_FLAGS = {**FLAGS, "email": "EMAIL", "invitation_id": "ID"}


def _invitation_words(i: PracticeInvitation) -> str:
    ends = f"expired on {day_month(i.expires_at)}" if i.expired else f"open until {day_month(i.expires_at)}"
    return f"{i.id}. {escape(i.practice_name)}, by {escape(i.invited_by)}, for {escape(i.email)} ({ends})"


@practice_app.command("invite")
def practice_invite(
    email: Annotated[str, typer.Argument(metavar="EMAIL", help="Your colleague's email (of their GluteRx account).")],
    as_email: AsOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Invite a colleague to the practice you own: they join once signed in as a clinician with that email."""
    from gluterx.services.clinicians import add_practice_member

    c, me = _opened(as_email)
    made = run_service(lambda: add_practice_member(c.uow(), person_id=me, email=email, now=now()), flags=PRACTICE_FLAGS)
    if fmt is Format.JSON:
        print_model(made)
        return
    console.print(
        f"Invited {escape(made.email)} to {escape(made.practice_name)}, until {day_month(made.expires_at)}. Once "
        "they sign in as a trainer or physiotherapist with that email, `gluterx clinician practice invitations` "
        "shows it to them.",
        highlight=False,
    )


@practice_app.command("invitations")
def practice_invitations(as_email: AsOption = None, fmt: FormatOption = Format.TABLE) -> None:
    """The practices that invited you, and the colleagues your practice invited who have not joined yet."""
    from gluterx.services.clinicians import clinician_of, invited_colleagues
    from gluterx.services.clinicians import practice_invitations as received_by

    c, me = _opened(as_email)
    received = run_service(lambda: received_by(c.uow(), person_id=me, now=now()), flags=PRACTICE_FLAGS)
    mine = clinician_of(c.uow(), person_id=me)
    sent = (
        run_service(lambda: invited_colleagues(c.uow(), person_id=me, now=now()), flags=PRACTICE_FLAGS) if mine else ()
    )
    if fmt is Format.JSON:
        from gluterx.adapters.web.api.care import practice_invitations_out

        print_model(practice_invitations_out(received, sent))
        return
    if not received and not sent:
        console.print("No invitations waiting, sent or received.")
        return
    if received:
        console.print("[bold]Invitations to you[/]")
        for i in received:
            console.print(_invitation_words(i), highlight=False)
        console.print("Join with `gluterx clinician practice accept ID`, or say no with `... decline ID`.")
    if sent:
        console.print("[bold]Sent by your practice, not joined yet[/]")
        for i in sent:
            console.print(_invitation_words(i), highlight=False)
        console.print("Cancel one with `gluterx clinician practice cancel ID`; invite again to renew an expired one.")


@practice_app.command("accept")
def practice_accept(invitation: InvitationArg, as_email: AsOption = None, fmt: FormatOption = Format.TABLE) -> None:
    """Join the practice that invited you: from now on you share its client list."""
    from gluterx.services.clinicians import join_practice

    c, me = _opened(as_email)
    joined = run_service(
        lambda: join_practice(c.uow(), person_id=me, invitation_id=invitation, now=now()), flags=PRACTICE_FLAGS
    )
    if fmt is Format.JSON:
        from gluterx.adapters.web.api.care import clinician_out

        print_model(clinician_out(joined))
        return
    console.print(f"You joined {escape(joined.practice_name or 'the practice')}: its clients are on your list now.",
                  highlight=False)  # fmt: skip


@practice_app.command("decline")
def practice_decline(invitation: InvitationArg, as_email: AsOption = None) -> None:
    """Say no to a practice's invitation (the practice may invite you again)."""
    from gluterx.services.clinicians import decline_practice_invitation

    c, me = _opened(as_email)
    run_service(
        lambda: decline_practice_invitation(c.uow(), person_id=me, invitation_id=invitation), flags=PRACTICE_FLAGS
    )
    console.print("You declined the invitation.")


@practice_app.command("cancel")
def practice_cancel(invitation: InvitationArg, as_email: AsOption = None) -> None:
    """Cancel an invitation your practice sent (the practice's owner only): it can no longer be accepted."""
    from gluterx.services.clinicians import cancel_practice_invitation

    c, me = _opened(as_email)
    run_service(
        lambda: cancel_practice_invitation(c.uow(), person_id=me, invitation_id=invitation), flags=PRACTICE_FLAGS
    )
    console.print("Invitation cancelled: it can no longer be accepted.")
