"""Shaping the plan: swap an exercise, skip one or a session, move a session, undo a change; the alternatives for
an exercise; the log of changes (the audit trail); and the adjusted plan every other use case reads.

The changes are the domain's (`domain.planner.adjustments`), kept in an append-only log. `with_adjustments` gives a
use case the same store with its programme's planned sessions read through `apply_adjustments`, so Today, the
programme page, the calendar, the report, the player, logging a session and the next-morning check-in all see the
one adjusted plan, and the progression engine tracks a swapped-in exercise under its own id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Any

from gluterx.domain.dose import Band, Dose, Hold, Load, LoadKind, RepRange, Tempo, describe
from gluterx.domain.exercise import BANDS, WEIGHTS, Exercise, Library, Measure
from gluterx.domain.limits import MAX_LOAD_KG
from gluterx.domain.planner.adjustments import (
    Addable,
    AddItem,
    Adjusted,
    Adjustment,
    Alternative,
    Author,
    AuthorKind,
    Change,
    Fit,
    ItemNote,
    Lock,
    Misfit,
    MoveSession,
    Scope,
    SetDose,
    SkipItem,
    SkipSession,
    Swap,
    Undo,
    addable,
    added_dose,
    alternatives,
    apply_adjustments,
    changed_on_its_day,
    dose_misfits,
    doses_on,
    in_force,
    locked_on,
    slot_for,
    swappable,
)
from gluterx.domain.planner.phases import phase_specs
from gluterx.domain.planner.program import PlanItem
from gluterx.domain.progression import Prescription
from gluterx.domain.schedule import ScheduledSession
from gluterx.domain.screening import screen
from gluterx.domain.weeks import last_day
from gluterx.services.errors import Problem, ServiceError
from gluterx.services.guards import active_program, check_day, program_profile
from gluterx.services.ports import ProgramsRepository, UnitOfWork, read_only
from gluterx.services.records import ProgramRecord

__all__ = [
    "MAX_NOTE_LENGTH",
    "MAX_REASON_LENGTH",
    "MOVE_WINDOW_DAYS",
    "PART_TITLES",
    "SLOT_PARTS",
    "AddChoices",
    "ChangeNote",
    "DoseParts",
    "MoveChoices",
    "PlanChanges",
    "SwapChoices",
    "add_choices",
    "add_item",
    "add_item_note",
    "additions_in_part",
    "as_changed_on",
    "changes_on",
    "clinician_doses",
    "dose_of",
    "dose_problems",
    "fit_for",
    "lock_item",
    "locked_exercises",
    "move_choices",
    "move_session",
    "plan_changes",
    "set_dose",
    "set_dose_words",
    "skip_item",
    "skip_session",
    "skipped_sessions",
    "swap",
    "swap_choices",
    "undo",
    "with_adjustments",
]

MAX_REASON_LENGTH = 500


def fit_for(uow: UnitOfWork, library: Library, program: ProgramRecord) -> Fit:
    """What an exercise must fit in this person's plan: their equipment, their screening, each phase's dosing."""
    profile = program_profile(uow, program)
    screening = screen(profile)
    specs = phase_specs(profile, conservative=screening.conservative)
    return Fit(library, screening, frozenset(profile.equipment), {s.number: s for s in specs})


class _AdjustedPrograms:
    """The programmes repository with one programme's planned sessions read through its adjustments in force.

    Without any adjustment it is the store's own reads (one query more: the log). With some, a read of a few days
    (Today, logging) adjusts only the sessions that can end up on them: the stored ones there, and every session a
    move starts from or lands on (a swap or a skip acts on one session at a time, so the rest of the plan is not
    needed); the whole plan is read and adjusted once per unit of work only when the whole plan is asked for."""

    def __init__(self, uow: UnitOfWork, library: Library, program: ProgramRecord) -> None:
        self._uow, self._library, self._program = uow, library, program
        self._log: list[Adjustment] | None = None
        self._view: Adjusted | None = None
        self._fit: Fit | None = None

    @property
    def _inner(self) -> ProgramsRepository:
        return self._uow.programs  # read each time: a unit of work makes new repositories when it is entered

    def log(self) -> list[Adjustment]:
        if self._log is None:
            self._log = list(self._uow.adjustments.for_program(self._program.id))
        return self._log

    def fit(self) -> Fit:
        if self._fit is None:
            self._fit = fit_for(self._uow, self._library, self._program)
        return self._fit

    def view(self) -> Adjusted | None:
        """The whole adjusted plan, or None when no adjustment is in force (the stored plan is the plan)."""
        if self._view is None and in_force(self.log()):
            self._view = apply_adjustments(self._inner.planned_all(self._program.id), self.log(), self.fit())
        return self._view

    def window(self, stored: list[ScheduledSession]) -> Adjusted:
        """The adjustments applied to `stored` (a span of the plan) and every session a move starts from or lands
        on: right for every day of the span."""
        if self._view is not None:
            return self._view
        moves = [a.change for a in in_force(self.log()) if isinstance(a.change, MoveSession)]
        have = {s.date for s in stored}
        ends = sorted({d for m in moves for d in (m.from_date, m.to_date)} - have)
        extra = [s for d in ends if (s := self._inner.planned_on(self._program.id, d)) is not None]
        return apply_adjustments(sorted([*stored, *extra], key=lambda s: s.date), self.log(), self.fit())

    def _mine(self, program_id: int) -> bool:
        return program_id == self._program.id and bool(in_force(self.log()))

    def planned_on(self, program_id: int, day: date) -> ScheduledSession | None:
        if not self._mine(program_id):
            return self._inner.planned_on(program_id, day)
        found = self._inner.planned_on(program_id, day)
        view = self.window([found] if found is not None else [])
        return next((s for s in view.sessions if s.date == day), None)

    def planned_from(self, program_id: int, day: date, *, limit: int = 2) -> list[ScheduledSession]:
        if not self._mine(program_id):
            return self._inner.planned_from(program_id, day, limit=limit)
        # each skipped or moved session may take one away from the span: read that many more
        away = sum(isinstance(a.change, SkipSession | MoveSession) for a in in_force(self.log()))
        view = self.window(self._inner.planned_from(program_id, day, limit=limit + away))
        return [s for s in view.sessions if s.date >= day][:limit]

    def planned_between(self, program_id: int, first: date, last: date) -> list[ScheduledSession]:
        if not self._mine(program_id):
            return self._inner.planned_between(program_id, first, last)
        view = self.window(self._inner.planned_between(program_id, first, last))
        return [s for s in view.sessions if first <= s.date <= last]

    def planned_all(self, program_id: int) -> list[ScheduledSession]:
        view = self.view() if program_id == self._program.id else None
        return self._inner.planned_all(program_id) if view is None else list(view.sessions)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _AdjustedUnitOfWork:
    """The same unit of work, its `programs` reading the adjusted plan; everything else is the store's own."""

    def __init__(self, inner: UnitOfWork, library: Library, program: ProgramRecord) -> None:
        self._inner = inner
        self._programs = _AdjustedPrograms(inner, library, program)

    @property
    def programs(self) -> _AdjustedPrograms:
        return self._programs

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __enter__(self) -> _AdjustedUnitOfWork:
        self._inner.__enter__()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._inner.__exit__(exc_type, exc, tb)

    def commit(self) -> None:
        self._inner.commit()


def with_adjustments(uow: UnitOfWork, library: Library, program: ProgramRecord) -> UnitOfWork:
    """`uow` with `program`'s planned sessions read as adjusted (already inside `with uow:`)."""
    if isinstance(uow, _AdjustedUnitOfWork):
        return uow
    return _AdjustedUnitOfWork(uow, library, program)


# ------------------------------------------------------------------------------------------------ what is shown


@dataclass(frozen=True, slots=True)
class ChangeNote:
    """One change as a person reads it: what it did (in words, no ids), on which day, by whom, why and when.

    `by_you` is False when a clinician made it; `undone` when it was taken back; `undoable` when it can still be."""

    id: int
    kind: str
    day: dt.date  # the session's day it concerns (a moved session: the day it moved to)
    words: str
    by_you: bool
    author: Author
    reason: str
    created_at: datetime
    undone: bool = False
    undoable: bool = False
    exercise_id: str | None = None  # the exercise it concerns (a swap: the one swapped in), for machine output
    from_day: dt.date | None = None  # a moved session's day before
    author_name: str = ""  # a clinician author's name as the person knows them ("" for the person's own)
    note: str = ""  # an item note's own words (kind item_note), shown beside the exercise


def _day_words(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _note(
    adj: Adjustment,
    library: Library,
    *,
    undone: bool = False,
    today: date | None = None,
    log: Sequence[Adjustment] = (),
) -> ChangeNote:
    change = adj.change
    by_you = adj.author.kind is AuthorKind.PERSON
    exercise_id: str | None = None
    from_day: date | None = None
    note_text = ""
    match change:
        case Swap(on=on, from_id=from_id, to_id=to_id, scope=scope):
            reach = "for that session only" if scope is Scope.ONCE else f"from {_day_words(on)} on"
            words = f"{library.display_name(to_id)} in place of {library.display_name(from_id)}, {reach}"
            day, exercise_id = on, to_id
        case SkipItem(on=on, exercise_id=skipped):
            words = f"{library.display_name(skipped)} skipped on {_day_words(on)}"
            day, exercise_id = on, skipped
        case SkipSession(on=on):
            words = f"Session on {_day_words(on)} skipped"
            day = on
        case MoveSession(from_date=before, to_date=after):
            words = f"Session moved from {_day_words(before)} to {_day_words(after)}"
            day, from_day = after, before
        case ItemNote(on=on, exercise_id=noted, text=text, scope=scope):
            reach = "for that session only" if scope is Scope.ONCE else f"from {_day_words(on)} on"
            words = f"A note on {library.display_name(noted)}, {reach}: “{text}”"
            day, exercise_id, note_text = on, noted, text
        case Lock(on=on, exercise_id=held, locked=locked):
            what = "kept at its dose (no automatic steps up)" if locked else "back to automatic steps up"
            words = f"{library.display_name(held)} {what} from {_day_words(on)} on"
            day, exercise_id = on, held
        case SetDose(on=on, exercise_id=dosed, dose=dose, scope=scope):
            reach = "for that session only" if scope is Scope.ONCE else f"from {_day_words(on)} on"
            words = f"{library.display_name(dosed)} set to {set_dose_words(dose)}, {reach}"
            day, exercise_id = on, dosed
        case AddItem(on=on, exercise_id=added, dose=dose, scope=scope):
            reach = "to that session only" if scope is Scope.ONCE else f"from {_day_words(on)} on"
            at = f" at {dose_words(dose)}" if dose is not None else ""
            words = f"{library.display_name(added)} added{at}, {reach}"
            day, exercise_id = on, added
        case Undo(adjustment_id=undone_id):
            target = next((a for a in log if a.id == undone_id and not isinstance(a.change, Undo)), None)
            words = f"Took back: {_note(target, library).words}" if target else "Took back an earlier change"
            day = adj.created_at.date()
    undoable = not undone and not isinstance(change, Undo) and (today is None or day >= today)
    if isinstance(change, ItemNote | Lock | SetDose | AddItem) and not by_you:
        undoable = False  # a clinician's note, lock, dose or added exercise is theirs to take back
    return ChangeNote(
        adj.id,
        adj.kind,
        day,
        words,
        by_you,
        adj.author,
        adj.reason,
        adj.created_at,
        undone,
        undoable,
        exercise_id,
        from_day,
        note=note_text,
    )


def _named(uow: UnitOfWork, notes: Sequence[ChangeNote]) -> list[ChangeNote]:
    """The notes with each clinician author's name (read in the store: a clinician's name is theirs to change)."""
    names: dict[int, str] = {}
    for n in notes:
        if n.author.kind is AuthorKind.CLINICIAN and n.author.id not in names:
            found = uow.care.clinician(n.author.id)
            names[n.author.id] = found.display_name if found else ""
    return [replace(n, author_name=names[n.author.id]) if n.author.id in names and not n.by_you else n for n in notes]


def changes_on(uow: UnitOfWork, library: Library, day: date) -> tuple[ChangeNote, ...]:
    """The changes in force that shaped (or removed) the session of `day`, for a `with_adjustments` store; () for
    any other store."""
    if not isinstance(uow, _AdjustedUnitOfWork):
        return ()
    programs = uow.programs
    if not in_force(programs.log()):
        return ()
    view = programs._view  # the whole adjusted plan when it was read already (the programme page)
    if view is None:
        found = programs._inner.planned_on(programs._program.id, day)  # the span of one day, as planned_on reads it
        view = programs.window([found] if found is not None else [])
    shaped = {a.id for a in view.notes.get(day, ())}
    away = {
        a.id
        for a in in_force(programs.log())
        if (isinstance(a.change, SkipSession) and a.change.on == day)
        or (isinstance(a.change, MoveSession) and a.change.from_date == day)
    }
    return tuple(_named(uow, [_note(a, library) for a in in_force(programs.log()) if a.id in shaped | away]))


def as_changed_on(uow: UnitOfWork, session: ScheduledSession) -> ScheduledSession:
    """`session`, shown on its date in place of the one planned there, with the changes to items in force on that
    date (domain `changed_on_its_day`), for a `with_adjustments` store; as it is otherwise."""
    if not isinstance(uow, _AdjustedUnitOfWork) or not in_force(uow.programs.log()):
        return session
    return changed_on_its_day(session, uow.programs.log(), uow.programs.fit())


def skipped_sessions(uow: UnitOfWork) -> tuple[ScheduledSession, ...]:
    """The sessions left out by a skip in force, for a `with_adjustments` store; () for any other store."""
    if not isinstance(uow, _AdjustedUnitOfWork):
        return ()
    view = uow.programs.view()
    return view.skipped if view is not None else ()


@dataclass(frozen=True, slots=True)
class PlanChanges:
    """Every change made to the active programme, newest first: the audit trail the person (and their clinician)
    can read, undone ones and undos included."""

    entries: tuple[ChangeNote, ...]

    @property
    def in_force(self) -> tuple[ChangeNote, ...]:
        return tuple(e for e in self.entries if not e.undone and e.kind != "undo")


def plan_changes(uow: UnitOfWork, library: Library, *, person_id: int, today: date) -> PlanChanges:
    with read_only(uow) as reading:
        program = active_program(reading, person_id)
        log = reading.adjustments.for_program(program.id)
        undone = {a.change.adjustment_id for a in log if isinstance(a.change, Undo)}
        notes = _named(reading, [_note(a, library, undone=a.id in undone, today=today, log=log) for a in log])
    return PlanChanges(tuple(sorted(notes, key=lambda n: (n.created_at, n.id), reverse=True)))


# ------------------------------------------------------------------------------------------------ the use cases


@dataclass(frozen=True, slots=True)
class SwapChoices:
    """What can take an exercise's place in the session of a day, best first, each with its reasons."""

    day: dt.date
    exercise_id: str
    name: str
    alternatives: tuple[Alternative, ...]


def _session_on(view: UnitOfWork, program: ProgramRecord, day: date, field: str = "date") -> ScheduledSession:
    session = view.programs.planned_on(program.id, day)
    if session is None:
        raise ServiceError([Problem(field, "no_planned_session", {"day": day})], code="missing")
    return session


def _item_in(session: ScheduledSession, exercise_id: str, library: Library, field: str = "exercise_id") -> PlanItem:
    """The session's item of `exercise_id`, or a problem naming `field` when the session does not hold it."""
    found = next((i for i in session.items if i.exercise_id == exercise_id), None)
    if found is None:
        name = library.display_name(exercise_id) if exercise_id in library else exercise_id
        raise ServiceError([Problem(field, "not_in_session", {"name": name, "day": session.date})])
    return found


def _not_past(day: date, today: date, field: str = "date") -> None:
    check_day(day, field=field)
    if day < today:
        raise ServiceError([Problem(field, "day_in_the_past", {"day": day})])


def _reason(reason: str) -> str:
    text = reason.strip()
    if len(text) > MAX_REASON_LENGTH:
        raise ServiceError([Problem("reason", "too_long", {"max_length": MAX_REASON_LENGTH, "unit": "characters"})])
    return text


def swap_choices(
    uow: UnitOfWork, library: Library, *, person_id: int, on: date, exercise_id: str, limit: int | None = 6
) -> SwapChoices:
    """The alternatives for `exercise_id` in the session on `on`, ranked, each with why it fits."""
    check_day(on)
    with read_only(uow) as reading:
        program = active_program(reading, person_id)
        view = with_adjustments(reading, library, program)
        session = _session_on(view, program, on)
        _item_in(session, exercise_id, library)
        fit = fit_for(reading, library, program)
        found = alternatives(session, exercise_id, fit, limit=limit if limit is not None else len(library))
        return SwapChoices(on, exercise_id, library.display_name(exercise_id), found)


def _record(
    uow: UnitOfWork,
    library: Library,
    program: ProgramRecord,
    change: Change,
    *,
    person_id: int,
    author: Author | None,
    reason: str,
    at: datetime | None,
) -> ChangeNote:
    made = uow.adjustments.add(
        person_id=person_id,
        program_id=program.id,
        change=change,
        author=author or Author(AuthorKind.PERSON, person_id),
        reason=_reason(reason),
        at=at or datetime.now(UTC),
    )
    uow.commit()
    return _note(made, library)


def swap(
    uow: UnitOfWork,
    library: Library,
    *,
    person_id: int,
    on: date,
    exercise_id: str,
    to: str,
    today: date,
    scope: Scope = Scope.ONWARD,
    reason: str = "",
    author: Author | None = None,
    at: datetime | None = None,
) -> ChangeNote:
    """Swap `exercise_id` for `to` in the session on `on` (and, ONWARD, every later one that plans it); `to` must be
    one of its alternatives there (the same slot, the person's equipment and screening)."""
    _not_past(on, today)
    with uow:
        program = active_program(uow, person_id)
        view = with_adjustments(uow, library, program)
        session = _session_on(view, program, on)
        item = _item_in(session, exercise_id, library)
        if not swappable(session.optional, item):
            raise ServiceError([Problem("exercise_id", "not_swappable", {"name": library.display_name(exercise_id)})])
        if to not in library:
            close = library.closest_ids(to)
            raise ServiceError([Problem("to", "unknown_exercise", {"value": to, "close": close})])
        fit = fit_for(uow, library, program)
        offered = {a.exercise_id for a in alternatives(session, exercise_id, fit, limit=len(library))}
        if to not in offered:
            raise ServiceError([Problem("to", "not_an_alternative", {"name": library.display_name(to)})])
        change = Swap(on, exercise_id, to, scope)
        return _record(uow, library, program, change, person_id=person_id, author=author, reason=reason, at=at)


def skip_item(
    uow: UnitOfWork,
    library: Library,
    *,
    person_id: int,
    on: date,
    exercise_id: str,
    today: date,
    reason: str = "",
    author: Author | None = None,
    at: datetime | None = None,
) -> ChangeNote:
    """Leave `exercise_id` out of the session on `on`."""
    change = SkipItem(on, exercise_id)
    return _item_change(
        uow, library, change, on=on, exercise_id=exercise_id, person_id=person_id, today=today, author=author,
        reason=reason, at=at,
    )  # fmt: skip


def _item_change(
    uow: UnitOfWork,
    library: Library,
    change: SkipItem | ItemNote | Lock | Callable[[PlanItem], SetDose],
    *,
    on: date,
    exercise_id: str,
    person_id: int,
    today: date,
    author: Author | None,
    reason: str,
    at: datetime | None,
) -> ChangeNote:
    """Record a change to the item of `exercise_id` in the session on `on`, a session still to come, once the session
    and the item are found there; `change` is the change, or what makes it from the item (a dose keeps its sides)."""
    _not_past(on, today)
    with uow:
        program = active_program(uow, person_id)
        session = _session_on(with_adjustments(uow, library, program), program, on)
        item = _item_in(session, exercise_id, library)
        made = change(item) if callable(change) else change
        return _record(uow, library, program, made, person_id=person_id, author=author, reason=reason, at=at)


def skip_session(
    uow: UnitOfWork,
    library: Library,
    *,
    person_id: int,
    on: date,
    today: date,
    reason: str = "",
    author: Author | None = None,
    at: datetime | None = None,
) -> ChangeNote:
    """Leave out the whole session on `on`."""
    _not_past(on, today)
    with uow:
        program = active_program(uow, person_id)
        _session_on(with_adjustments(uow, library, program), program, on)
        change = SkipSession(on)
        return _record(uow, library, program, change, person_id=person_id, author=author, reason=reason, at=at)


def move_session(
    uow: UnitOfWork,
    library: Library,
    *,
    person_id: int,
    from_date: date,
    to_date: date,
    today: date,
    reason: str = "",
    author: Author | None = None,
    at: datetime | None = None,
) -> ChangeNote:
    """Do the session of `from_date` on `to_date`: a free day of the programme, today or later."""
    _not_past(from_date, today, "from_date")
    _not_past(to_date, today, "to_date")
    if to_date == from_date:
        raise ServiceError([Problem("to_date", "same_day")])
    with uow:
        program = active_program(uow, person_id)
        view = with_adjustments(uow, library, program)
        _session_on(view, program, from_date, "from_date")
        end = last_day(program.start_date, program.weeks)
        if not program.start_date <= to_date <= end:
            raise ServiceError([Problem("to_date", "outside_programme", {"start": program.start_date, "end": end})])
        if view.programs.planned_on(program.id, to_date) is not None:
            raise ServiceError([Problem("to_date", "day_taken", {"day": to_date})], code="conflict")
        change = MoveSession(from_date, to_date)
        return _record(uow, library, program, change, person_id=person_id, author=author, reason=reason, at=at)


def undo(
    uow: UnitOfWork,
    library: Library,
    *,
    person_id: int,
    adjustment_id: int,
    reason: str = "",
    author: Author | None = None,
    at: datetime | None = None,
) -> ChangeNote:
    """Take back a change of the active programme (the log keeps both). A move is taken back only while its old
    day is still free."""
    with uow:
        program = active_program(uow, person_id)
        log = uow.adjustments.for_program(program.id)
        target = next((a for a in log if a.id == adjustment_id and not isinstance(a.change, Undo)), None)
        if target is None:
            raise ServiceError(
                [Problem("adjustment_id", "no_adjustment", {"adjustment_id": adjustment_id})], code="missing"
            )
        if any(isinstance(a.change, Undo) and a.change.adjustment_id == adjustment_id for a in log):
            raise ServiceError([Problem("adjustment_id", "already_undone")], code="conflict")
        by_person = author is None or author.kind is AuthorKind.PERSON
        if (
            isinstance(target.change, ItemNote | Lock | SetDose | AddItem)
            and target.author.kind is AuthorKind.CLINICIAN
            and by_person
        ):
            raise ServiceError([Problem("adjustment_id", "clinicians_change")], code="forbidden")
        if isinstance(target.change, MoveSession):
            back = target.change.from_date
            if with_adjustments(uow, library, program).programs.planned_on(program.id, back) is not None:
                raise ServiceError([Problem("adjustment_id", "day_taken", {"day": back})], code="conflict")
        change = Undo(adjustment_id)
        made = _record(uow, library, program, change, person_id=person_id, author=author, reason=reason, at=at)
        return replace(made, words=f"Took back: {_note(target, library).words}")


# How far either side of a session's day the move page offers free days (a session moves within about a week).
MOVE_WINDOW_DAYS = 7


@dataclass(frozen=True, slots=True)
class MoveChoices:
    """The free days a session can move to: within the programme, today or later, near its own day."""

    from_date: dt.date
    days: tuple[dt.date, ...]


def move_choices(uow: UnitOfWork, library: Library, *, person_id: int, from_date: date, today: date) -> MoveChoices:
    """The days near `from_date` the session could move to (no session on them)."""
    _not_past(from_date, today, "from_date")
    with read_only(uow) as reading:
        program = active_program(reading, person_id)
        view = with_adjustments(reading, library, program)
        _session_on(view, program, from_date, "from_date")
        end = last_day(program.start_date, program.weeks)
        first = max(today, program.start_date, from_date - timedelta(days=MOVE_WINDOW_DAYS))
        last = min(end, from_date + timedelta(days=MOVE_WINDOW_DAYS))
        taken = {s.date for s in view.programs.planned_between(program.id, first, last)}
        span = (last - first).days + 1
        days = tuple(d for d in (first + timedelta(days=n) for n in range(max(span, 0))) if d not in taken)
        return MoveChoices(from_date, days)


MAX_NOTE_LENGTH = 500


def add_item_note(
    uow: UnitOfWork,
    library: Library,
    *,
    person_id: int,
    on: date,
    exercise_id: str,
    text: str,
    today: date,
    scope: Scope = Scope.ONWARD,
    reason: str = "",
    author: Author | None = None,
    at: datetime | None = None,
) -> ChangeNote:
    """A note on `exercise_id` in the session on `on` (ONWARD: and every later one with it), read beside its cues."""
    _not_past(on, today)
    words = text.strip()
    if not words:
        raise ServiceError([Problem("text", "no_note_text")])
    if len(words) > MAX_NOTE_LENGTH:
        raise ServiceError([Problem("text", "too_long", {"max_length": MAX_NOTE_LENGTH, "unit": "characters"})])
    change = ItemNote(on, exercise_id, words, scope)
    return _item_change(
        uow, library, change, on=on, exercise_id=exercise_id, person_id=person_id, today=today, author=author,
        reason=reason, at=at,
    )  # fmt: skip


def lock_item(
    uow: UnitOfWork,
    library: Library,
    *,
    person_id: int,
    on: date,
    exercise_id: str,
    locked: bool,
    today: date,
    reason: str = "",
    author: Author | None = None,
    at: datetime | None = None,
) -> ChangeNote:
    """From `on` on, `exercise_id` keeps its dose (`locked`: no automatic steps up) or steps up again."""
    change = Lock(on, exercise_id, locked)
    return _item_change(
        uow, library, change, on=on, exercise_id=exercise_id, person_id=person_id, today=today, author=author,
        reason=reason, at=at,
    )  # fmt: skip


def locked_exercises(uow: UnitOfWork, day: date) -> frozenset[str]:
    """The exercises whose automatic progression is off on `day`, for a `with_adjustments` store; none otherwise."""
    if not isinstance(uow, _AdjustedUnitOfWork):
        return frozenset()
    return locked_on(uow.programs.log(), day)


# ------------------------------------------------------------------------------------------------ a dose set (issue 16)

# The bounds of a dose a clinician sets (gluterx_policy): room for any home programme, nothing absurd.
MAX_SETS = 10
MAX_REPS_SET = 100
MAX_HOLD_SECONDS = 600
MAX_REST_SECONDS = 600
MAX_TEMPO_SECONDS = 10


def dose_words(dose: Dose) -> str:
    """'3 × 8-10, 20 kg': a dose in a line (an addition's, the change log's)."""
    w = describe(dose)
    return f"{w.sets} × {w.work}, {w.load}"


def set_dose_words(dose: Dose) -> str:
    """'3 × 8-10, 20 kg, tempo 3-1-4 (3 s up, 1 s squeeze, 4 s down)': a dose someone set, tempo and all (the change
    log, the clinician's "Now:"), so a tempo they chose is never set without the client being told it."""
    tempo = describe(dose).tempo
    return dose_words(dose) + (f", tempo {tempo}" if tempo else "")


@dataclass(frozen=True, slots=True)
class DoseParts:
    """A dose as a form or a request gives it: sets; reps low-high, or a hold's seconds; the load's kind (kg, band
    or bodyweight) with its weight or band; rest; an optional tempo (seconds up, squeeze, down)."""

    sets: int | None
    reps_low: int | None = None
    reps_high: int | None = None
    hold_s: int | None = None
    load_kind: str = "bodyweight"
    kg: float | None = None
    band: str | None = None
    rest_s: int | None = 0
    tempo_up: int | None = None
    tempo_squeeze: int | None = None
    tempo_down: int | None = None


def _within(problems: list[Problem], field: str, value: int | float | None, low: float, high: float) -> None:
    if value is None:
        problems.append(Problem(field, "required"))
    elif value < low:
        problems.append(Problem(field, "too_small", {"minimum": low}))
    elif value > high:
        problems.append(Problem(field, "too_large", {"maximum": high}))


def dose_of(parts: DoseParts, *, per_side: bool = False) -> Dose:
    """The Dose the parts give, or a ServiceError naming every part that is wrong (the bounds are gluterx_policy)."""
    problems: list[Problem] = []
    _within(problems, "sets", parts.sets, 1, MAX_SETS)
    if parts.hold_s is not None and (parts.reps_low is not None or parts.reps_high is not None):
        problems.append(Problem("hold_s", "invalid", {"reason": "give reps or a hold in seconds, not both"}))
    elif parts.hold_s is not None:
        _within(problems, "hold_s", parts.hold_s, 1, MAX_HOLD_SECONDS)
    else:
        _within(problems, "reps_low", parts.reps_low, 1, MAX_REPS_SET)
        high = parts.reps_high if parts.reps_high is not None else parts.reps_low
        if parts.reps_low is not None and high is not None and parts.reps_low >= 1:
            _within(problems, "reps_high", high, parts.reps_low, MAX_REPS_SET)
    kinds = [LoadKind.KG.value, LoadKind.BAND.value, LoadKind.BODYWEIGHT.value]
    if parts.load_kind not in kinds:
        problems.append(Problem("load_kind", "not_a_choice", {"expected": ", ".join(kinds)}))
    elif parts.load_kind == LoadKind.KG:
        if parts.kg is None:
            problems.append(Problem("kg", "required"))
        elif parts.kg <= 0:
            problems.append(Problem("kg", "too_small", {"minimum": 0, "inclusive": False}))
        elif parts.kg > MAX_LOAD_KG:
            problems.append(Problem("kg", "too_large", {"maximum": MAX_LOAD_KG}))
    elif parts.load_kind == LoadKind.BAND and parts.band not in [b.value for b in Band]:
        names = ", ".join(b.value for b in Band)
        problems.append(Problem("band", "required" if not parts.band else "not_a_choice", {"expected": names}))
    _within(problems, "rest_s", parts.rest_s, 0, MAX_REST_SECONDS)
    tempo = (parts.tempo_up, parts.tempo_squeeze, parts.tempo_down)
    if any(t is not None for t in tempo):
        for name, value in zip(("tempo_up", "tempo_squeeze", "tempo_down"), tempo, strict=True):
            _within(problems, name, value, 0 if name == "tempo_squeeze" else 1, MAX_TEMPO_SECONDS)
    if problems:
        raise ServiceError(problems)
    low = int(parts.reps_low or 0)  # checked above: every part needed is there and in range
    work: RepRange | Hold = Hold(parts.hold_s) if parts.hold_s is not None else RepRange(low, parts.reps_high or low)
    if parts.load_kind == LoadKind.KG:
        load = Load.of_kg(round(float(parts.kg or 0), 2))
    elif parts.load_kind == LoadKind.BAND:
        load = Load.of_band(Band(str(parts.band)))
    else:
        load = Load.bodyweight()
    up, squeeze, down = tempo
    timed = Tempo(up, squeeze, down) if up is not None and squeeze is not None and down is not None else None
    return Dose(int(parts.sets or 0), work, load, int(parts.rest_s or 0), timed, per_side)


def set_dose(
    uow: UnitOfWork,
    library: Library,
    *,
    person_id: int,
    on: date,
    exercise_id: str,
    parts: DoseParts,
    today: date,
    scope: Scope = Scope.ONWARD,
    reason: str = "",
    author: Author | None = None,
    at: datetime | None = None,
) -> ChangeNote:
    """From `on` (ONCE: that session only) `exercise_id` is done at the dose `parts` give: the item shows it and it
    takes the place of the engine's last word until the person logs it on or after `on` (`clinician_doses`)."""

    def change(item: PlanItem) -> SetDose:
        dose = dose_of(parts, per_side=item.dose.per_side)
        _fits(library.get(exercise_id), dose)
        return SetDose(on, exercise_id, dose, scope)

    return _item_change(
        uow, library, change, on=on, exercise_id=exercise_id, person_id=person_id, today=today, author=author,
        reason=reason, at=at,
    )  # fmt: skip


def clinician_doses(uow: UnitOfWork, carried: Mapping[str, Prescription], day: date) -> dict[str, Prescription]:
    """The engine's last word for each planned exercise (`carried`, by exercise id), less those a set dose in force
    on `day` takes the place of: the dose holds until the person logs the exercise on or after the dose's first day,
    and then the engine's word (which stepped on from it) holds again. For a `with_adjustments` store; `carried`
    as it is otherwise."""
    out = dict(carried)
    if not isinstance(uow, _AdjustedUnitOfWork):
        return out
    set_now = {k: a for k, a in doses_on(uow.programs.log(), day).items() if k in out}
    if not set_now:
        return out
    program = uow.programs._program
    newest: dict[str, int | None] = {}
    for stored, _ in uow.prescriptions.dated_for_person(program.person_id):  # oldest first: the newest wins
        if stored.program_id == program.id and stored.planned_exercise_id in set_now:
            newest[stored.planned_exercise_id] = stored.performed_session_id
    dates: dict[int, date] = {}
    for exercise_id, adj in set_now.items():
        first_day = adj.change.on if isinstance(adj.change, SetDose) else day
        session_id = newest.get(exercise_id)
        if session_id is not None and session_id not in dates:
            found = uow.sessions.logged(program.person_id, session_id=session_id)
            if found:
                dates[session_id] = found[0].date
        logged_on = dates.get(session_id) if session_id is not None else None
        if logged_on is None or logged_on < first_day:
            del out[exercise_id]
    return out


# The words for what a dose's load or work is, and for how an exercise is done (the catalogue's load_unfit and
# work_unfit say them).
_MISFIT_LOAD = {Misfit.WEIGHT: "a weight", Misfit.BAND: "a band"}
_MEASURE_WORDS = {
    Measure.REPS: ("repetitions", "reps (from, up to)"),
    Measure.SECONDS: ("a timed hold", "a hold in seconds"),
    Measure.MINUTES: ("minutes of activity", "no reps or hold: its minutes are the plan's"),
}


def dose_problems(ex: Exercise, dose: Dose) -> list[Problem]:
    """What in `dose` does not fit `ex` (domain `dose_misfits`), each a Problem naming the form's field: the load's
    kind against the exercise's equipment, the work against how it is done."""
    problems: list[Problem] = []
    fits = (
        ["bodyweight"] + (["a band"] if ex.equipment & BANDS else []) + (["a weight"] if ex.equipment & WEIGHTS else [])
    )
    choices = " or ".join(fits)
    for misfit in dose_misfits(ex, dose):
        if misfit in _MISFIT_LOAD:
            params = {"name": ex.name, "load": _MISFIT_LOAD[misfit], "fits": choices}
            problems.append(Problem("load_kind", "load_unfit", params))
        else:
            measure, fix = _MEASURE_WORDS[ex.dose]
            field = "reps_low" if misfit is Misfit.REPS or misfit is Misfit.MINUTES else "hold_s"
            problems.append(Problem(field, "work_unfit", {"name": ex.name, "measure": measure, "fix": fix}))
    return problems


def _fits(ex: Exercise, dose: Dose) -> None:
    if problems := dose_problems(ex, dose):
        raise ServiceError(problems)


# ------------------------------------------------------------------------------------------------ adding an exercise


@dataclass(frozen=True, slots=True)
class AddChoices:
    """What can be added to the session of a day: the library's exercises that suit the person there, grouped by the
    slot they fill (in the planner's order), best first in each, each with the planner's dose for it."""

    day: dt.date
    phase_name: str
    in_session: tuple[str, ...]  # the names of the exercises the session already holds
    choices: tuple[Addable, ...]


# The parts of a session the exercises that can be added are shown by (the planner's slots, by key): one part at a
# time, so a phone shows a handful of choices, not the whole library.
SLOT_PARTS = {
    "hip_extension": "hip_extension", "hip_extension_2": "hip_extension", "abduction_rotation": "side",
    "abduction_rotation_2": "side", "legs": "legs", "hinge": "hinge", "power": "power", "mobility": "stretch",
    "mobility_2": "stretch", "balance": "balance",
}  # fmt: skip
PART_TITLES = {
    "hip_extension": "Hip extension",
    "side": "Side glutes",
    "legs": "Standing legs",
    "hinge": "Hip hinge",
    "power": "Power",
    "stretch": "Stretches",
    "balance": "Balance",
}


def additions_in_part(found: AddChoices, part: str | None) -> AddChoices:
    """`found` with only the choices for one part of the session (`part`, a key of PART_TITLES); all of them for
    None; a problem naming `part` for a part that is not one."""
    if part is None:
        return found
    if part not in PART_TITLES:
        raise ServiceError([Problem("part", "not_a_choice", {"expected": ", ".join(PART_TITLES)})])
    return replace(found, choices=tuple(a for a in found.choices if SLOT_PARTS[a.slot] == part))


def _training_session(view: UnitOfWork, program: ProgramRecord, day: date) -> ScheduledSession:
    session = _session_on(view, program, day)
    if session.optional:
        raise ServiceError([Problem("date", "activity_day", {"day": day})])
    return session


def add_choices(uow: UnitOfWork, library: Library, *, person_id: int, on: date) -> AddChoices:
    """The exercises that can be added to the session on `on`, each with why it suits the person."""
    check_day(on)
    with read_only(uow) as reading:
        program = active_program(reading, person_id)
        session = _training_session(with_adjustments(reading, library, program), program, on)
        found = addable(session, fit_for(reading, library, program))
        names = tuple(library.display_name(i.exercise_id) for i in session.items)
        return AddChoices(on, session.phase_name, names, found)


def add_item(
    uow: UnitOfWork,
    library: Library,
    *,
    person_id: int,
    on: date,
    exercise_id: str,
    today: date,
    parts: DoseParts | None = None,
    scope: Scope = Scope.ONWARD,
    reason: str = "",
    author: Author | None = None,
    at: datetime | None = None,
) -> ChangeNote:
    """Add `exercise_id` to the session on `on` (ONWARD: and to every later strength session it fits): one of the
    exercises `add_choices` offers, at the dose `parts` give (checked against the exercise) or, without them, the
    planner's dose in each session's phase. The engine then tracks it under its own id."""
    _not_past(on, today)
    if not exercise_id:
        raise ServiceError([Problem("exercise_id", "required")])
    if exercise_id not in library:
        close = library.closest_ids(exercise_id)
        raise ServiceError([Problem("exercise_id", "unknown_exercise", {"value": exercise_id, "close": close})])
    ex = library.get(exercise_id)
    with uow:
        program = active_program(uow, person_id)
        session = _training_session(with_adjustments(uow, library, program), program, on)
        if any(i.exercise_id == exercise_id for i in session.items):
            problem = Problem("exercise_id", "already_in_session", {"name": ex.name, "day": on})
            raise ServiceError([problem], code="conflict")
        fit = fit_for(uow, library, program)
        if exercise_id not in {a.exercise_id for a in addable(session, fit)}:
            raise ServiceError([Problem("exercise_id", "not_addable", {"name": ex.name})])
        dose: Dose | None = None
        if parts is not None:
            slot, phase = slot_for(ex), fit.phases[session.phase]
            per_side = added_dose(ex, slot, phase).per_side if slot is not None else ex.unilateral
            dose = dose_of(parts, per_side=per_side)
            _fits(ex, dose)
        change = AddItem(on, exercise_id, dose, scope)
        return _record(uow, library, program, change, person_id=person_id, author=author, reason=reason, at=at)
