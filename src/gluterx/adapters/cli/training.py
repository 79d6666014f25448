"""The person's loop on the command line: start, today, log, checkin, history, backup."""

from __future__ import annotations

import json
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.prompt import Confirm, IntPrompt, Prompt

from ._common import (
    Cell,
    DateOption,
    Format,
    FormatOption,
    acting,
    console,
    day_or_today,
    fail,
    local_person,
    open_container,
    print_json,
    print_table,
    run_service,
    write_atomically,
)
from .planning import read_profile_file, render_welcome

if TYPE_CHECKING:
    from gluterx.bootstrap import Container

backup_app = typer.Typer(help="Export or restore everything GluteRx stores (lossless JSON).")


def read_json_file(file: Path, *, option: str) -> Any:
    """The file's JSON (a UTF-8 byte-order mark is fine), or exit 2 saying what is wrong with the file."""
    try:
        return json.loads(file.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        fail(escape(f"{option}: no file at {file}."))
    except UnicodeDecodeError as exc:
        fail(escape(f"{option}: {file} is not UTF-8 text (byte {exc.start + 1}); save it as UTF-8 JSON."))
    except OSError as exc:
        fail(escape(f"{option}: cannot read {file}: {exc.strerror or exc}."))
    except json.JSONDecodeError as exc:
        fail(escape(f"{option}: {file} is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}."))
    except RecursionError:
        fail(escape(f"{option}: {file} is nested too deeply to be GluteRx JSON; check it is the right file."))


def start(
    profile: Annotated[Path, typer.Option("--profile", help="PROFILE.json (see `gluterx init`).")],
    start_date: Annotated[
        datetime | None, typer.Option("--start", formats=["%Y-%m-%d"], help="First day, YYYY-MM-DD.")
    ] = None,
    day: DateOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Create or replace your profile and programme."""
    from gluterx.services.start import start as start_programme

    read_profile_file(profile)  # validates and reports every problem with the file (so it is readable JSON below)
    raw = json.loads(profile.read_text(encoding="utf-8-sig"))
    first = start_date.date() if start_date else day_or_today(day)
    c = open_container()
    from gluterx.services.contract import start_json

    me = local_person(c, create=True)
    started = run_service(
        lambda: start_programme(c.uow(), c.library, raw, start_date=first, person_id=me), flags={"start": "--start"}
    )
    result = start_json(started)
    if fmt is Format.JSON:
        print_json(result)
        return
    if result["status"] == "referral":
        body = "\n".join(f"• {escape(r)}" for r in result["referral"]["reasons"])
        console.print(
            Panel(
                f"{body}\n\n[bold]What to do now:[/] {escape(result['referral']['action'])}",
                title="Please see a clinician before you start",
                border_style="red",
            )
        )
        return
    from gluterx.services.welcome import welcome

    render_welcome(welcome(c.uow(), c.library, person_id=me, today=first))


def today(
    day: DateOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Today's session, with what changed since last time, or when the next one is."""
    from gluterx.services.contract import today_json
    from gluterx.services.today import today as today_plan

    c, on, me = acting(day)
    plan = run_service(lambda: today_plan(c.uow(), c.library, on=on, person_id=me), flags={"date": "--date"})
    view = today_json(plan)
    if fmt is Format.JSON:
        print_json(view)
        return
    _render_alerts(view["alerts"])
    _render_plan_changes(plan)
    if view["rest_day"]:
        nxt = view["next_session_date"]
        console.print(f"Rest day. Next session: [bold]{nxt}[/]." if nxt else "No session left in this programme.")
        return
    from gluterx.domain.dose import describe
    from gluterx.services.settings import unit_of

    unit = unit_of(c.uow(), person_id=me)  # the table says weights in the person's unit (the JSON contract: kg)
    loads = [describe(i.dose, unit=unit).load for i in plan.items]
    names = {e.id: e.name for e in c.library}
    optional = " · optional activity day" if plan.optional else ""
    columns = [("exercise", Cell.WORDS), ("sets x reps", Cell.WORDS), ("load", Cell.WORDS), ("rest", Cell.ID),
               ("why", Cell.PROSE)]  # fmt: skip
    rows = []
    own = plan.said.own or tuple(i.reason for i in plan.items)  # what several items share is said once, below
    for item, load, said in zip(view["items"], loads, own, strict=True):
        why = escape(said.words(unit))
        if item.get("supported_option"):
            why += f"{chr(10) if why else ''}[green]Hold on:[/] {escape(item['supported_option'])}"
        if item.get("caution"):
            why += f"\n[yellow]Take care:[/] {escape(item['caution'])}"
        rows.append(
            [
                escape(names[item["exercise_id"]]),
                escape(f"{item['sets']} x {item['reps']}"),
                escape(load),
                f"{item['rest_s']} s",
                why,
            ]
        )
    print_table(f"{view['date']} · week {view['week']}, day {view['day']}{optional}", columns, rows, lines=True)
    if plan.said.shared:
        body = "\n".join(
            f"• {'' if n.every else escape(', '.join(n.names)) + ': '}{escape(n.said.words(unit))}"
            for n in plan.said.shared
        )
        console.print(Panel(body, title="For this session", border_style="cyan", expand=False))
    advice = list(dict.fromkeys(a for p in view.get("precautions", []) for a in p["advice"]))
    if advice:
        body = "\n".join(f"• {escape(a)}" for a in advice)
        console.print(Panel(body, title="Remember", border_style="cyan", expand=False))
    if plan.held_phase:
        console.print(
            f"You stay with phase {plan.held_phase}'s exercises a little longer: the next phase starts once your "
            "pain is steady or easing and you reach the top of the range in most of your exercises."
        )
    console.print("Log it with [bold]gluterx log[/] (set by set) or [bold]gluterx log --file SESSION.json[/].")


def _render_plan_changes(plan: Any) -> None:
    """What the person (or their clinician) changed in the day's session (`gluterx plan changes` lists them all)."""
    for note in plan.changes:
        who = "you" if note.by_you else "your clinician"
        console.print(f"[cyan]Changed by {who}:[/] {escape(note.words)}.", highlight=False)


def _render_alerts(alerts: list[dict[str, str]]) -> None:
    colour = {"low": "yellow", "high": "red", "critical": "bold red"}
    for a in alerts:
        console.print(Panel(escape(a["message"]), title=f"{a['level']} alert", border_style=colour[a["level"]]))


def log(
    file: Annotated[Path | None, typer.Option("--file", help="SESSION.json; without it, log set by set.")] = None,
    day: DateOption = None,
    fmt: FormatOption = Format.TABLE,
    rest: Annotated[bool, typer.Option(help="Count down the rest between sets when logging by hand.")] = True,
    allow_duplicate: Annotated[
        bool,
        typer.Option(
            "--allow-duplicate",
            help="Log it even if the same exercises and sets are logged for that day already (otherwise you are asked, "
            "or without a terminal it stops).",
        ),
    ] = False,
) -> None:
    """Record a performed session (one transaction) and see what changes next time."""
    from gluterx.services.contract import log_json

    c = open_container()
    me = local_person(c)
    data = (
        read_json_file(file, option="--file")
        if file is not None
        else _interactive_log(c, me, day_or_today(day), rest=rest)
    )
    asks = file is None or (fmt is Format.TABLE and sys.stdin.isatty())
    outcome = _log_or_ask(c, me, data, allow_duplicate=allow_duplicate, asks=asks)
    result = log_json(outcome)
    if fmt is Format.JSON:
        print_json(result)
        return
    from gluterx.domain.dose import describe
    from gluterx.services.settings import unit_of

    unit = unit_of(c.uow(), person_id=me)  # the reasons and loads in the person's unit (the JSON contract: kg)
    console.print(f"Saved: {result['sets_logged']} sets on {result['date']}.")
    names = {e.id: e.name for e in c.library}
    for change, done in zip(result["changes"], outcome.changes, strict=True):
        nxt = change["next"]
        head = f"[bold]{escape(names.get(change['exercise_id'], change['exercise_id']))}[/]"
        if nxt and done.next is not None:
            load = describe(done.next.dose, unit=unit).load
            head += f" → next time {escape(names[nxt['exercise_id']])} {nxt['sets']} x {escape(nxt['reps'])}, {escape(load)}"
        console.print(head)
        console.print(f"  [dim]{escape(done.reason.words(unit))}[/]")
        if change.get("cue"):
            console.print(f"  Tip: {escape(change['cue'])}")
    _render_alerts(result["alerts"])
    _render_milestones(c, me, result["session_id"])


def _log_or_ask(c: Container, me: int, data: Any, *, allow_duplicate: bool, asks: bool) -> Any:
    """The logged session; when the same one is logged for that day already, asked whether to log it again (where
    someone can answer), else stopped naming --allow-duplicate."""
    from gluterx.services.log_session import log_session
    from gluterx.services.ports import ServiceError

    def logged(allow: bool) -> Any:
        return log_session(c.uow(), c.library, data, person_id=me, allow_duplicate=allow)

    try:
        return logged(allow_duplicate)
    except ServiceError as exc:
        duplicate = next((p for p in exc.problems if p.code == "duplicate_session"), None)
        if duplicate is None or not asks:
            return run_service(lambda: logged(allow_duplicate), flags={"allow_duplicate": "--allow-duplicate"})
    on = date.fromisoformat(duplicate.params["date"])
    when = "today" if on == date.today() else f"on {on.isoformat()}"
    question = f"You already logged this session {when}, with the same exercises and sets. Log it again?"
    if not Confirm.ask(question, default=False, console=console):
        console.print("Nothing saved: the session you logged before stays as it is.")
        raise typer.Exit(1)
    return run_service(lambda: logged(True))


def _render_milestones(c: Container, me: int, session_id: int) -> None:
    """The records and milestones this session set: one calm line each."""
    from gluterx.services.exercise_history import milestones_for

    for view in milestones_for(c.uow(), c.library, person_id=me, session_id=session_id):
        console.print(f"[green]★[/] {escape(view.words)}", highlight=False)


def _interactive_log(c: Container, me: int, day: date, *, rest: bool) -> dict[str, Any]:
    """Walk through today's session set by set, with a rest countdown between sets."""
    from gluterx.services.contract import today_json
    from gluterx.services.today import today as today_plan

    view = today_json(run_service(lambda: today_plan(c.uow(), c.library, on=day, person_id=me)))
    began = time.monotonic()
    if view["rest_day"]:
        fail(f"there is no session planned on {day}.", hints=["Use --date, or log from a file with --file."])
    from gluterx.domain.units import to_kg
    from gluterx.services.settings import unit_of

    unit = unit_of(c.uow(), person_id=me)  # weights are asked in the person's unit and stored in kg
    names = {e.id: e.name for e in c.library}
    exercises = []
    for item in view["items"]:
        console.rule(f"{names[item['exercise_id']]}: {item['sets']} x {item['reps']}, {item['load']}")
        if not Confirm.ask("Did you do this exercise?", default=True, console=console):
            continue
        sets = []
        for n in range(1, item["sets"] + 1):
            reps = IntPrompt.ask(f"  Set {n}: reps (or seconds held)", console=console)
            load_text = Prompt.ask(f"  Load in {unit} (blank for none)", default="", console=console)
            rir = IntPrompt.ask("  How many more could you have done (reps in reserve)?", default=2, console=console)
            load = to_kg(float(load_text), unit) if load_text.strip() else None
            sets.append({"reps": reps, "load_kg": load, "rir": rir})
            if rest and n < item["sets"]:
                _countdown(item["rest_s"])
        pain = IntPrompt.ask("  Pain during, 0-10", default=0, console=console)
        felt = Prompt.ask(
            "  Where did you feel it? (comma-separated: glutes, hamstrings, lower_back, quads, knees, hips, other)",
            default="glutes",
            console=console,
        )
        exercises.append(
            {
                "exercise_id": item["exercise_id"],
                "sets": sets,
                "pain_during": pain,
                "felt_in": [f.strip() for f in felt.split(",") if f.strip()],
            }
        )
    from gluterx.services.session_input import MAX_SESSION_MINUTES

    session: dict[str, Any] = {"date": day.isoformat(), "exercises": exercises, "notes": ""}
    # How hard and how long: the training load on the Progress page is the one times the other (session_rpe.foster2001).
    effort = Prompt.ask(
        "How hard was the whole session, 0 (rest) to 10 (maximal)? Blank to skip", default="", console=console
    )
    while effort.strip() and not (effort.strip().isdigit() and 0 <= int(effort) <= 10):
        effort = Prompt.ask("  Please give a whole number from 0 to 10, or leave it blank", default="", console=console)
    if effort.strip():
        session["session_rpe"] = int(effort)
    took = max(1, min(MAX_SESSION_MINUTES, round((time.monotonic() - began) / 60)))
    minutes = IntPrompt.ask("How many minutes did it take?", default=took, console=console)
    if 1 <= minutes <= MAX_SESSION_MINUTES:
        session["duration_min"] = minutes
    return session


def _countdown(seconds: int) -> None:
    with console.status("") as status:
        for left in range(seconds, 0, -1):
            status.update(f"Rest: {left} s (Ctrl+C to skip)")
            try:
                time.sleep(1)
            except KeyboardInterrupt:
                break
    console.print("\a[bold green]Rest over: next set.[/]")


def checkin(
    pain: Annotated[int, typer.Option("--pain", min=0, max=10, help="Pain this morning, 0 (none) to 10 (worst).")],
    soreness: Annotated[
        int | None,
        typer.Option(
            "--soreness",
            min=0,
            max=10,
            help="Muscle soreness this morning, 0-10, apart from pain (soreness never eases the plan).",
        ),
    ] = None,
    day: DateOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Record next-morning pain (and soreness); if the pain is above your usual lately, the next session adjusts."""
    from gluterx.services.check_in import checkin as check_in
    from gluterx.services.contract import checkin_json

    c, on, me = acting(day)
    flags = {"pain": "--pain", "soreness": "--soreness", "date": "--date"}
    outcome = run_service(
        lambda: check_in(c.uow(), c.library, pain=pain, soreness=soreness, on=on, person_id=me), flags=flags
    )
    result = checkin_json(outcome)
    if fmt is Format.JSON:
        print_json(result)
        return
    sore = f", soreness {outcome.soreness}/10" if outcome.soreness is not None else ""
    console.print(f"Check-in saved: pain {outcome.pain}/10{sore} on {outcome.date:%-d %B %Y}.")
    if outcome.changes:
        console.print(
            f"Your pain is above the {outcome.usual}/10 it has usually been lately, so we have eased these for "
            "next time:"
        )
    else:
        console.print("Nothing needs to change: carry on as planned.")
    from gluterx.services.settings import unit_of

    unit = unit_of(c.uow(), person_id=me)
    for change in outcome.changes:
        why = (change.step or change.reason).words(unit)
        console.print(f"  • {escape(change.next_name or change.name)}: {escape(why)}")
    _render_alerts(result["alerts"])


@backup_app.command("export")
def backup_export(file: Annotated[Path, typer.Argument(help="Where to write the backup (JSON).")]) -> None:
    """Write everything to one JSON file."""
    from gluterx.services import backup

    c = open_container()
    write_atomically(file, (chunk.encode("utf-8") for chunk in backup.export_chunks(c.uow())), private=True)
    console.print(f"Backup written to {escape(str(file))}.")


@backup_app.command("import")
def backup_import(
    file: Annotated[Path, typer.Argument(help="A backup written by `gluterx backup export`.")],
    replace: Annotated[bool, typer.Option(help="Replace what is stored now.")] = False,
) -> None:
    """Restore a backup (into an empty store, or with --replace)."""
    from gluterx.services import backup

    try:
        source = file.open("rb")
    except FileNotFoundError:
        fail(escape(f"FILE: no file at {file}."))
    except OSError as exc:
        fail(escape(f"FILE: cannot read {file}: {exc.strerror or exc}."))
    c = open_container()
    with source:  # read as a stream: checked and written session by session, in one transaction
        counts = run_service(lambda: backup.restore_stream(c.uow(), source, replace=replace, library=c.library))
    console.print("Restored: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + ".")


__all__ = ["backup_app", "checkin", "log", "start", "today"]
