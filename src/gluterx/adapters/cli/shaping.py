"""`gluterx plan`: print a programme from a PROFILE.json (as before), and shape the local person's own plan:
`gluterx plan alternatives|swap|skip|move|additions|add|changes|undo` (services/plan_changes.py).

An exercise is named as the person knows it ("Glute bridge") or by its id; tables show names, `--format json` ids.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from ._common import (
    Cell,
    DateOption,
    Format,
    FormatOption,
    OnceOption,
    PlanFormat,
    acting,
    console,
    fail,
    print_json,
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
    SetsOption,
    TempoOption,
    own_dose,
)

if TYPE_CHECKING:
    from gluterx.domain.exercise import Library
    from gluterx.services.plan_changes import ChangeNote, SwapChoices

plan_app = typer.Typer(
    help="Print a programme from a profile (--profile), or shape your own: alternatives, swap, skip, move, add, undo.",
    invoke_without_command=True,
    no_args_is_help=False,
)

ReasonOption = Annotated[str, typer.Option("--reason", help="Why, in your own words (optional).")]
FLAGS = {
    "date": "--date",
    "exercise_id": "EXERCISE",
    "to": "--to",
    "from_date": "--from",
    "to_date": "--to",
    "adjustment_id": "CHANGE",
    "reason": "--reason",
    "part": "--part",
    **DOSE_FLAGS,
}


@plan_app.callback()
def plan_main(
    ctx: typer.Context,
    profile: Annotated[Path | None, typer.Option("--profile", help="PROFILE.json (see `gluterx init`).")] = None,
    fmt: Annotated[PlanFormat, typer.Option("--format", help="table, markdown or json.")] = PlanFormat.TABLE,
    weeks: Annotated[int | None, typer.Option(min=1, max=52, help="Programme length in weeks (1-52).")] = None,
    start: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="First day of the programme, YYYY-MM-DD.")
    ] = None,
) -> None:
    """Screen the profile and print its programme (or the referral, when a clinician should see you first); or,
    with a command, shape your own plan."""
    if ctx.invoked_subcommand is not None:
        return
    if profile is None:
        fail(
            "say which profile to plan from with --profile PROFILE.json, or give a command",
            hints=["gluterx plan --profile PROFILE.json", "gluterx plan alternatives EXERCISE", "gluterx plan --help"],
        )
    from .planning import plan

    plan(profile=profile, fmt=fmt, weeks=weeks, start=start)


def _exercise(library: Library, text: str, flag: str = "EXERCISE") -> str:
    """The id of the exercise named `text` (its name, another name for it, or its id)."""
    found = library.by_name(text)
    if found is None:
        close = [library.display_name(i) for i in library.closest_ids(text.lower().replace(" ", "_"))]
        fail(
            f"{flag}: there is no exercise called {escape(text)!r}"
            + (f"; did you mean {', '.join(escape(c) for c in close)}?" if close else ""),
            hints=["gluterx exercises lists every exercise"],
        )
    return found.id


def _done(note: ChangeNote, fmt: Format) -> None:
    if fmt is Format.JSON:
        from gluterx.services.contract import plan_change_json

        print_json(plan_change_json(note))
        return
    console.print(
        f"[green]Done:[/] {escape(note.words)}. (Change {note.id}; `gluterx plan undo {note.id}` takes it back.)"
    )


@plan_app.command("alternatives")
def alternatives(
    exercise: Annotated[str, typer.Argument(help="The exercise to replace: its name (or id).")],
    day: DateOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """What can take an exercise's place in a day's session, best first, and why each fits."""
    from gluterx.services.plan_changes import swap_choices

    c, on, me = acting(day)
    exercise_id = _exercise(c.library, exercise)
    found = run_service(
        lambda: swap_choices(c.uow(), c.library, person_id=me, on=on, exercise_id=exercise_id, limit=None),
        flags=FLAGS,
    )
    if fmt is Format.JSON:
        from gluterx.services.contract import alternatives_json

        print_json(alternatives_json(found))
        return
    if not print_alternatives(found, on=found.day.isoformat(), whose="your equipment and health conditions"):
        return
    console.print(f'Swap with: gluterx plan swap "{escape(found.name)}" --to "NAME" --date {found.day.isoformat()}')


def print_alternatives(found: SwapChoices, *, on: str, whose: str) -> bool:
    """The table of what can take an exercise's place (or that nothing can); False then."""
    if not found.alternatives:
        console.print(f"Nothing else fits {escape(found.name)}'s place with {whose}.")
        return False
    rows = [[escape(a.name), escape("; ".join(a.reasons).capitalize())] for a in found.alternatives]
    print_table(f"Instead of {escape(found.name)} on {on}", [("exercise", Cell.WORDS),
                ("why it fits", Cell.PROSE)], rows, lines=True)  # fmt: skip
    return True


@plan_app.command("swap")
def swap(
    exercise: Annotated[str, typer.Argument(help="The exercise to replace: its name (or id).")],
    to: Annotated[str, typer.Option("--to", help="One of `gluterx plan alternatives EXERCISE`.")],
    day: DateOption = None,
    once: OnceOption = False,
    reason: ReasonOption = "",
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Swap an exercise for one of its alternatives; progress on the new one follows its own history."""
    from gluterx.domain.planner.adjustments import Scope
    from gluterx.services.plan_changes import swap as swap_service

    c, on, me = acting(day)
    exercise_id, target = _exercise(c.library, exercise), _exercise(c.library, to, "--to")
    note = run_service(
        lambda: swap_service(
            c.uow(),
            c.library,
            person_id=me,
            on=on,
            exercise_id=exercise_id,
            to=target,
            scope=Scope.ONCE if once else Scope.ONWARD,
            reason=reason,
            today=datetime.now().date(),
        ),
        flags=FLAGS,
    )
    _done(note, fmt)


@plan_app.command("skip")
def skip(
    exercise: Annotated[str | None, typer.Argument(help="The exercise to leave out; without it, the session.")] = None,
    day: DateOption = None,
    reason: ReasonOption = "",
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Skip one exercise of a day's session, or the whole session."""
    from gluterx.services import plan_changes

    c, on, me = acting(day)
    today = datetime.now().date()
    if exercise is None:
        note = run_service(
            lambda: plan_changes.skip_session(c.uow(), c.library, person_id=me, on=on, today=today, reason=reason),
            flags=FLAGS,
        )
    else:
        exercise_id = _exercise(c.library, exercise)
        note = run_service(
            lambda: plan_changes.skip_item(
                c.uow(), c.library, person_id=me, on=on, exercise_id=exercise_id, today=today, reason=reason
            ),
            flags=FLAGS,
        )
    _done(note, fmt)


@plan_app.command("move")
def move(
    from_day: Annotated[datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="The session's day.")],
    to_day: Annotated[datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="A free day, today or later.")],
    reason: ReasonOption = "",
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Move a session to a free day of the programme."""
    from gluterx.services.plan_changes import move_session

    c, _, me = acting(from_day)
    note = run_service(
        lambda: move_session(
            c.uow(),
            c.library,
            person_id=me,
            from_date=from_day.date(),
            to_date=to_day.date(),
            today=datetime.now().date(),
            reason=reason,
        ),
        flags=FLAGS,
    )
    _done(note, fmt)


@plan_app.command("additions")
def additions(
    day: DateOption = None,
    part: Annotated[
        str | None, typer.Option("--part", help="Only one part of the session: hip_extension, side, legs, ...")
    ] = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """What you can add to a day's strength session, by the part of the session each fills, and why each suits you."""
    from gluterx.services.plan_changes import PART_TITLES, SLOT_PARTS, add_choices, additions_in_part, dose_words

    c, on, me = acting(day)
    found = run_service(
        lambda: additions_in_part(add_choices(c.uow(), c.library, person_id=me, on=on), part), flags=FLAGS
    )
    if fmt is Format.JSON:
        from gluterx.services.contract import additions_json

        print_json(additions_json(found))
        return
    if not found.choices:
        console.print("Nothing else suits this session with your equipment, health conditions and phase.")
        return
    rows = [
        [PART_TITLES[SLOT_PARTS[a.slot]], escape(a.name), escape("; ".join(a.reasons).capitalize()), dose_words(a.dose)]
        for a in found.choices
    ]
    columns = [("part", Cell.WORDS), ("exercise", Cell.WORDS), ("why it suits you", Cell.PROSE), ("dose", Cell.WORDS)]
    print_table(f"What you can add on {found.day.isoformat()}", columns, rows, lines=True)
    console.print(f'Add one with: gluterx plan add "NAME" --date {found.day.isoformat()} [--once]')


@plan_app.command("add")
def add(
    exercise: Annotated[str, typer.Argument(help="One of `gluterx plan additions`: its name (or id).")],
    day: DateOption = None,
    once: OnceOption = False,
    sets: SetsOption = None,
    reps: RepsOption = None,
    hold: HoldOption = None,
    kg: KgOption = None,
    band: BandOption = None,
    rest: RestOption = None,
    tempo: TempoOption = None,
    reason: ReasonOption = "",
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Add an exercise to a day's session, at GluteRx's dose or your own (--sets with --reps or --hold, ...)."""
    from gluterx.domain.planner.adjustments import Scope
    from gluterx.services.plan_changes import add_item

    parts = own_dose(sets, reps, hold, kg, band, rest, tempo)
    c, on, me = acting(day)
    exercise_id = _exercise(c.library, exercise)
    note = run_service(
        lambda: add_item(
            c.uow(), c.library, person_id=me, on=on, exercise_id=exercise_id, parts=parts,
            scope=Scope.ONCE if once else Scope.ONWARD, reason=reason, today=datetime.now().date(),
        ),
        flags=FLAGS,
    )  # fmt: skip
    _done(note, fmt)


@plan_app.command("changes")
def changes(fmt: FormatOption = Format.TABLE) -> None:
    """Every change made to your plan, newest first: what, who, when and why."""
    from gluterx.services.plan_changes import plan_changes

    c, today, me = acting(None)
    found = run_service(lambda: plan_changes(c.uow(), c.library, person_id=me, today=today), flags=FLAGS)
    if fmt is Format.JSON:
        from gluterx.services.contract import plan_change_json

        print_json([plan_change_json(n) for n in found.entries])
        return
    if not found.entries:
        console.print("You have not changed your plan. See `gluterx plan --help` for how.")
        return
    rows = [
        [
            str(n.id),
            escape(n.words) + (" [dim](taken back)[/]" if n.undone else ""),
            "you" if n.by_you else "your clinician",
            n.created_at.date().isoformat(),
            escape(n.reason),
        ]
        for n in found.entries
    ]
    columns = [("change", Cell.ID), ("what", Cell.PROSE), ("by", Cell.WORDS), ("on", Cell.ID), ("why", Cell.WORDS)]
    print_table("Changes to your plan", columns, rows)


@plan_app.command("undo")
def undo(
    change: Annotated[int, typer.Argument(min=1, help="The change's number (see `gluterx plan changes`).")],
    reason: ReasonOption = "",
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Take back a change (the list of changes keeps both)."""
    from gluterx.services.plan_changes import undo as undo_service

    c, _, me = acting(None)
    note = run_service(
        lambda: undo_service(c.uow(), c.library, person_id=me, adjustment_id=change, reason=reason), flags=FLAGS
    )
    _done(note, fmt)
