"""`gluterx history`: your sessions, newest first, by name; `history edit ID` corrects one and `history delete ID`
deletes one (after asking), and what comes next is worked out again from the corrected history."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.markup import escape

from ._common import (
    Cell,
    Format,
    FormatOption,
    console,
    fail,
    local_person,
    local_person_or_none,
    open_container,
    print_json,
    print_table,
)

if TYPE_CHECKING:
    from gluterx.bootstrap import Container
    from gluterx.services.history import SessionRecord, SetRecord
    from gluterx.services.ports import ServiceError
    from gluterx.services.session_edits import Revision

history_app = typer.Typer(
    help="Your logged sessions, newest first; `history edit ID` corrects one, `history delete ID` deletes one.",
    invoke_without_command=True,
    no_args_is_help=False,
)

SET_FIELDS = ("reps", "load", "band", "rir", "rpe")
# "1.2:reps=10,load=20": exercise 1, set 2 (as `gluterx history` numbers them), then the fields to change.
SET_CHANGE = re.compile(r"^\s*(\d+)\.(\d+)\s*:\s*(.+)$")
ADD_SET = re.compile(r"^\s*(\d+)\s*:\s*(.+)$")
AT_SET = re.compile(r"^\s*(\d+)\.(\d+)\s*$")
FOR_EXERCISE = re.compile(r"^\s*(\d+)\s*=\s*(.*)$")


def _day(d: date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


def _weight(kg: float | None) -> str:
    """A logged weight through the one formatter of loads (domain.dose): '22.5 kg'; '' for none."""
    from gluterx.domain.dose import Load, load_words

    return load_words(Load.of_kg(kg)) if kg else ""


def set_words(s: SetRecord, unit: str) -> str:
    """'12 reps × 20 kg (2 left in the tank)', '30 s', '10 reps with a medium band (effort 8/10)'."""
    text = f"{s.reps} {unit}"
    if s.load_kg:
        text += f" × {_weight(s.load_kg)}"
    if s.band:
        text += f" with a {s.band.replace('_', ' ')} band"
    if s.rir is not None:
        text += f" ({s.rir} left in the tank)"
    if s.rpe is not None:
        text += f" (effort {s.rpe:g}/10)"
    return text


def _units(c: Container, exercise_ids: list[str]) -> dict[str, str]:
    from gluterx.domain.exercise import Measure

    found = {}
    for exercise_id in exercise_ids:
        known = c.library.exercises.get(exercise_id)
        measure = known.dose if known is not None else Measure.REPS
        found[exercise_id] = {Measure.SECONDS: "s", Measure.MINUTES: "min"}.get(measure, "reps")
    return found


def _title(s: SessionRecord) -> str:
    from gluterx.adapters.interop.csv_import import app_name  # the importer only when a title is shown

    imported = f" · imported from {app_name(s.source)}" if s.imported else ""
    return f"Session {s.id} · {_day(s.date)}{imported}"


def render_session(c: Container, s: SessionRecord) -> None:
    """One session as a table: its exercises numbered, each set numbered, in readable words."""
    units = _units(c, [e.exercise_id for e in s.exercises])
    rows = []
    for n, ex in enumerate(s.exercises, start=1):
        sets = "\n".join(f"{j}) {set_words(x, units[ex.exercise_id])}" for j, x in enumerate(ex.sets, start=1))
        felt = ", ".join(p.replace("_", " ") for p in ex.felt_in) or "-"
        rows.append(
            [
                f"{n}. {escape(c.library.display_name(ex.exercise_id))}",
                escape(sets),
                f"{ex.pain_during}/10",
                escape(felt),
            ]
        )
    columns = [("exercise", Cell.WORDS), ("sets", Cell.WORDS), ("pain", Cell.ID), ("felt in", Cell.WORDS)]
    print_table(_title(s), columns, rows, lines=True)
    if s.notes:
        console.print(f"  Notes: {escape(s.notes)}", highlight=False)


@history_app.callback(invoke_without_command=True)
def show_history(
    ctx: typer.Context,
    fmt: FormatOption = Format.TABLE,
    last: Annotated[int | None, typer.Option("--last", min=1, help="Only the newest N sessions.")] = None,
) -> None:
    """Your logged sessions, newest first, and your check-ins."""
    if ctx.invoked_subcommand is not None:
        return
    from gluterx.services import history
    from gluterx.services.contract import history_json

    c = open_container()
    me = local_person_or_none(c)
    # nobody has started a programme here yet: an empty history
    found = history.History((), ()) if me is None else history.history(c.uow(), person_id=me)
    if fmt is Format.JSON:
        print_json(history_json(found))
        return
    if not found.sessions and not found.checkins:
        console.print("Nothing logged yet.")
        return
    newest = list(reversed(found.sessions))[:last]
    for s in newest:
        render_session(c, s)
    if found.checkins:
        said = ", ".join(f"{ch.date:%-d %b}: {ch.pain}/10" for ch in found.checkins[-14:])
        console.print(f"Morning pain check-ins (latest): {said}", highlight=False)
    if newest:
        console.print(
            "Correct one with [bold]gluterx history edit ID[/] (e.g. --set 1.2:reps=10), or delete it with "
            "[bold]gluterx history delete ID[/]."
        )


# ------------------------------------------------------------------------------------------------ corrections


def _fields(text: str, option: str) -> dict[str, Any]:
    """'reps=10,load=20,band=none' as set fields (load in kg; 'none' clears a field)."""
    out: dict[str, Any] = {}
    for part in text.split(","):
        name, sep, value = (x.strip() for x in part.partition("="))
        if not sep or name not in SET_FIELDS:
            fail(
                escape(f"{option} {text!r}: give field=value pairs separated by commas"),
                hints=[f"The fields: {', '.join(SET_FIELDS)} (load in kg; 'none' clears one)."],
            )
        key = {"load": "load_kg"}.get(name, name)
        if value.lower() == "none":
            out[key] = None
        elif name == "band":
            out[key] = value
        elif name in ("load", "rpe"):
            out[key] = _number(value, option, name, float)
        else:
            out[key] = _number(value, option, name, int)
    return out


def _number(value: str, option: str, name: str, kind: type) -> Any:
    try:
        return kind(value)
    except ValueError:
        whole = "a whole number" if kind is int else "a number"
        fail(escape(f"{option}: {name}={value!r} is not {whole}"), hints=[f"For example {name}=10."])


def _exercise(body: dict[str, Any], n: str, option: str) -> dict[str, Any]:
    index = int(n) - 1
    if not 0 <= index < len(body["exercises"]):
        fail(
            f"{option}: there is no exercise {n} in this session (it has {len(body['exercises'])}).",
            hints=["`gluterx history` numbers each session's exercises."],
        )
    found: dict[str, Any] = body["exercises"][index]
    return found


def _set_of(body: dict[str, Any], n: str, m: str, option: str) -> tuple[dict[str, Any], int]:
    ex = _exercise(body, n, option)
    index = int(m) - 1
    if not 0 <= index < len(ex["sets"]):
        fail(f"{option}: exercise {n} has no set {m} (it has {len(ex['sets'])}).")
    return ex, index


def _pattern(regex: re.Pattern[str], text: str, option: str, example: str) -> re.Match[str]:
    found = regex.match(text)
    if found is None:
        fail(escape(f"{option} {text!r}: not understood"), hints=[f"For example {option} {example}"])
    return found


def session_body(s: SessionRecord) -> dict[str, Any]:
    """A stored session as SESSION.json, to change and send back."""
    return {
        "date": s.date.isoformat(),
        "notes": s.notes,
        "exercises": [
            {
                "exercise_id": e.exercise_id,
                "pain_during": e.pain_during,
                "felt_in": list(e.felt_in),
                "sets": [
                    {"reps": x.reps, "load_kg": x.load_kg, "band": x.band, "rir": x.rir, "rpe": x.rpe} for x in e.sets
                ],
            }
            for e in s.exercises
        ],
    }


def apply_changes(
    body: dict[str, Any],
    *,
    day: date | None,
    notes: str | None,
    sets: list[str],
    added: list[str],
    removed: list[str],
    pain: list[str],
    felt: list[str],
) -> dict[str, Any]:
    """SESSION.json with the options' changes; set numbers are those `gluterx history` shows (before any removal)."""
    if day is not None:
        body["date"] = day.isoformat()
    if notes is not None:
        body["notes"] = notes
    for text in sets:
        n, m, fields = _pattern(SET_CHANGE, text, "--set", "1.2:reps=10,load=20").groups()
        ex, index = _set_of(body, n, m, "--set")
        ex["sets"][index] = {**ex["sets"][index], **_fields(fields, "--set")}
    for text in pain:
        n, value = _pattern(FOR_EXERCISE, text, "--pain", "1=3").groups()
        _exercise(body, n, "--pain")["pain_during"] = _number(value, "--pain", "pain", int)
    for text in felt:
        n, value = _pattern(FOR_EXERCISE, text, "--felt", "1=glutes,hips").groups()
        _exercise(body, n, "--felt")["felt_in"] = [p.strip() for p in value.split(",") if p.strip()]
    gone: set[tuple[int, int]] = set()
    for text in removed:
        n, m = _pattern(AT_SET, text, "--remove-set", "1.2").groups()
        _set_of(body, n, m, "--remove-set")
        gone.add((int(n) - 1, int(m) - 1))
    for i, ex in enumerate(body["exercises"]):
        ex["sets"] = [x for j, x in enumerate(ex["sets"]) if (i, j) not in gone]
    for text in added:
        n, fields = _pattern(ADD_SET, text, "--add-set", "1:reps=10,load=20").groups()
        new = _fields(fields, "--add-set")
        if "reps" not in new:
            fail(escape(f"--add-set {text!r}: a new set needs its reps"), hints=["For example --add-set 1:reps=10"])
        _exercise(body, n, "--add-set")["sets"].append(new)
    body["exercises"] = [ex for ex in body["exercises"] if ex["sets"]]
    return body


def _cli_field(field: str) -> str:
    """'exercises.0.sets.1.reps' as the person numbered it: 'exercise 1, set 2, reps'."""
    parts = field.split(".")
    words = []
    while parts:
        head = parts.pop(0)
        if head in ("exercises", "sets") and parts and parts[0].isdigit():
            words.append(f"{head[:-1]} {int(parts.pop(0)) + 1}")
        else:
            words.append(
                {
                    "date": "--date",
                    "notes": "--notes",
                    "pain_during": "pain",
                    "felt_in": "felt in",
                    "load_kg": "load",
                }.get(head, head)
            )
    return ", ".join(words)


def _refused(exc: ServiceError, session_id: int) -> NoReturn:
    from gluterx.services.errors import Problem

    from ._problems import fail_problems

    if exc.code == "missing":
        fail(f"you have no session {session_id}.", hints=["`gluterx history` lists yours with their numbers."])
    fail_problems([Problem(_cli_field(p.field), p.code, p.params) for p in exc.problems])


def _revisions(c: Container, revisions: tuple[Revision, ...], *, person_id: int) -> None:
    """What the correction changed for next time, slot by slot: now, and what it was (in the person's unit)."""
    from rich.padding import Padding

    from gluterx.domain.dose import describe
    from gluterx.services.settings import unit_of

    unit = unit_of(c.uow(), person_id=person_id)

    def words(p: Any) -> str:
        if p is None:
            return "as the plan has it"
        said = describe(p.dose, unit=unit)
        return f"{c.library.display_name(p.exercise_id)}, {said.sets} x {said.work}, {said.load}"

    console.print("What changes for next time:")
    for r in revisions:
        now, was = words(r.after), words(r.before)
        why = r.after.reason.words(unit) if r.after is not None else "The session that set it is gone."
        lines = f"now: {now}" + (f"\nwas: {was}" if was != now else "") + f"\n{why}"
        console.print(Padding(f"[bold]{escape(r.name)}[/]\n" + escape(lines), (0, 0, 0, 2)), highlight=False)


@history_app.command("edit")
def edit(
    session_id: Annotated[int, typer.Argument(min=1, help="The session's number, as `gluterx history` shows it.")],
    day: Annotated[
        datetime | None, typer.Option("--date", formats=["%Y-%m-%d"], help="Move it to this day (YYYY-MM-DD).")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Replace its notes.")] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", help="Change a set: EX.SET:field=value,... (reps, load in kg, band, rir, rpe)."),
    ] = None,
    added: Annotated[list[str] | None, typer.Option("--add-set", help="Add a set: EX:reps=10,load=20.")] = None,
    removed: Annotated[list[str] | None, typer.Option("--remove-set", help="Remove a set: EX.SET.")] = None,
    pain: Annotated[list[str] | None, typer.Option("--pain", help="Pain during an exercise: EX=0-10.")] = None,
    felt: Annotated[list[str] | None, typer.Option("--felt", help="Where it was felt: EX=glutes,hips.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Replace it whole with this SESSION.json.")] = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Correct a logged session (a set's figures, a set added or removed, pain, where felt, the day); what comes
    next is worked out again from the corrected history."""
    from gluterx.services import history
    from gluterx.services.contract import edit_json
    from gluterx.services.ports import ServiceError
    from gluterx.services.session_edits import edit_session

    changes = [day, notes, sets, added, removed, pain, felt]
    if file is not None and any(x for x in changes if x is not None):
        fail("--file replaces the whole session: give it alone, or use the other options without it.")
    if file is None and not any(x for x in changes if x is not None):
        fail("nothing to change.", hints=["For example: gluterx history edit ID --set 1.2:reps=10 (see --help)."])
    c = open_container()
    me = local_person(c)
    try:
        if file is not None:
            from .training import read_json_file

            body = read_json_file(file, option="--file")
        else:
            body = session_body(history.session(c.uow(), person_id=me, session_id=session_id))
            body = apply_changes(
                body,
                day=day.date() if day else None,
                notes=notes,
                sets=sets or [],
                added=added or [],
                removed=removed or [],
                pain=pain or [],
                felt=felt or [],
            )
            if not body["exercises"]:
                fail(
                    "that would leave no sets in the session.",
                    hints=[f"To remove it: gluterx history delete {session_id}"],
                )
        outcome = edit_session(c.uow(), c.library, body, person_id=me, session_id=session_id)
    except ServiceError as exc:
        _refused(exc, session_id)
    if fmt is Format.JSON:
        print_json(edit_json(outcome))
        return
    console.print(
        f"Saved. What comes next is worked out again from the corrected history "
        f"({outcome.rejudged} session{'s' if outcome.rejudged != 1 else ''} judged again)."
    )
    render_session(c, outcome.summary.session)
    if outcome.revisions:
        _revisions(c, outcome.revisions, person_id=me)


@history_app.command("delete")
def delete(
    session_id: Annotated[int, typer.Argument(min=1, help="The session's number, as `gluterx history` shows it.")],
    yes: Annotated[bool, typer.Option("--yes", help="Delete without asking.")] = False,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Delete a logged (or imported) session after asking; what comes next is worked out again without it."""
    from gluterx.services import history
    from gluterx.services.contract import delete_json
    from gluterx.services.ports import ServiceError
    from gluterx.services.session_edits import delete_session

    c = open_container()
    me = local_person(c)
    try:
        found = history.session(c.uow(), person_id=me, session_id=session_id)
    except ServiceError as exc:
        _refused(exc, session_id)
    if not yes:
        render_session(c, found)
        if not typer.confirm("Delete this session? This cannot be undone", default=False):
            console.print("Kept: nothing was deleted.")
            raise typer.Exit(1)
    try:
        outcome = delete_session(c.uow(), c.library, person_id=me, session_id=session_id)
    except ServiceError as exc:
        _refused(exc, session_id)
    if fmt is Format.JSON:
        print_json(delete_json(outcome))
        return
    console.print(f"Deleted the session of {_day(outcome.date)}. What comes next is worked out again without it.")
    if outcome.revisions:
        _revisions(c, outcome.revisions, person_id=me)


__all__ = ["apply_changes", "history_app", "session_body", "set_words"]
