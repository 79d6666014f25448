"""What a person has logged: sessions with their sets, and next-morning check-ins, as typed records.

The API (`/sessions`, `/checkins`), `gluterx history` and the workout summary read them from here. Every read is scoped
to one person: another person's session reads exactly like a missing one, so a guessed id tells nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gluterx.domain.units import LB_TO_KG
from gluterx.services.ports import Problem, ServiceError, UnitOfWork, read_only

__all__ = [
    "CheckinRecord",
    "ExerciseRecord",
    "History",
    "HistoryPage",
    "SessionRecord",
    "SetRecord",
    "checkins",
    "history",
    "history_page",
    "in_kg",
    "logged_on",
    "session",
    "sessions",
]


@dataclass(frozen=True, slots=True)
class SetRecord:
    reps: int
    load_kg: float | None
    band: str | None
    rir: int | None
    rpe: float | None
    e1rm_kg: float | None


@dataclass(frozen=True, slots=True)
class ExerciseRecord:
    exercise_id: str
    pain_during: int
    felt_in: tuple[str, ...]
    sets: tuple[SetRecord, ...]


@dataclass(frozen=True, slots=True)
class SessionRecord:
    id: int
    date: dt.date
    notes: str
    source: str
    exercises: tuple[ExerciseRecord, ...]
    session_rpe: float | None = None  # how hard the whole session was, CR-10 (session_rpe.foster2001)
    duration_s: int | None = None

    @property
    def duration_min(self) -> int | None:
        return round(self.duration_s / 60) if self.duration_s is not None else None

    @property
    def sets_logged(self) -> int:
        return sum(len(e.sets) for e in self.exercises)

    @property
    def imported(self) -> bool:
        """Brought in from another app's export (Strong, Hevy, FitNotes), not logged in GluteRx."""
        return self.source != "gluterx"

    @property
    def highest_pain(self) -> int:
        """The highest pain during any of its exercises (0-10); 0 for a session with none."""
        return max((e.pain_during for e in self.exercises), default=0)


@dataclass(frozen=True, slots=True)
class CheckinRecord:
    date: dt.date
    pain: int


@dataclass(frozen=True, slots=True)
class History:
    sessions: tuple[SessionRecord, ...]
    checkins: tuple[CheckinRecord, ...]


def in_kg(load: float | None, unit: str) -> float | None:
    """A stored load (kg or lb) in kg, to the gram."""
    if load is None:
        return None
    return round(load * LB_TO_KG, 3) if unit == "lb" else load


def record(row: Any) -> SessionRecord:
    """A logged session as read from the store, loads in kg."""
    return SessionRecord(
        id=row.id,
        date=row.date,
        notes=row.notes,
        source=row.source,
        exercises=tuple(
            ExerciseRecord(
                e.exercise_id,
                e.pain_during,
                tuple(e.felt_in),
                tuple(SetRecord(s.reps, in_kg(s.load, s.unit), s.band, s.rir, s.rpe, s.e1rm_kg) for s in e.sets),
            )
            for e in row.exercises
        ),
        session_rpe=row.session_rpe,
        duration_s=row.duration_s,
    )


def sessions(uow: UnitOfWork, *, person_id: int) -> tuple[SessionRecord, ...]:
    """The person's performed sessions, oldest first."""
    with read_only(uow) as reading:
        return tuple(record(row) for row in reading.sessions.logged(person_id))


def session(uow: UnitOfWork, *, person_id: int, session_id: int) -> SessionRecord:
    """One of the person's performed sessions; someone else's is 'missing', exactly like one that does not exist."""
    with read_only(uow) as reading:
        found = reading.sessions.logged(person_id, session_id=session_id)
        if not found:
            raise ServiceError([Problem("session_id", "no_session", {"session_id": session_id})], code="missing")
        return record(found[0])


def checkins(uow: UnitOfWork, *, person_id: int) -> tuple[CheckinRecord, ...]:
    """The person's next-morning pain check-ins, oldest first."""
    with read_only(uow) as reading:
        return tuple(CheckinRecord(c.date, c.pain) for c in reading.checkins.for_person(person_id))


def history(uow: UnitOfWork, *, person_id: int) -> History:
    """Every logged session and check-in of the person, in one read-only snapshot."""
    with read_only(uow) as reading:
        return History(
            tuple(record(row) for row in reading.sessions.logged(person_id)),
            tuple(CheckinRecord(c.date, c.pain) for c in reading.checkins.for_person(person_id)),
        )


def logged_on(uow: UnitOfWork, *, person_id: int, day: dt.date) -> int | None:
    """The id of the person's last session logged for `day`, or None."""
    with read_only(uow) as reading:
        found = reading.sessions.on(person_id, day)
        return int(found[-1].id) if found else None


PER_PAGE = 10  # sessions on one page of the history: a phone screen or two each


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """One page of the person's sessions, newest first, with the exercises' names and the next-morning pain after
    each session's day (when they checked in)."""

    sessions: tuple[SessionRecord, ...]
    names: dict[str, str]
    mornings: dict[dt.date, int]
    page: int
    pages: int
    total: int

    @property
    def previous(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


def history_page(
    uow: UnitOfWork, names: Callable[[str], str], *, person_id: int, page: int = 1, per_page: int = PER_PAGE
) -> HistoryPage:
    """Page `page` (from 1; past the last, the last) of the person's sessions, newest first; `names` gives an
    exercise's display name (Library.display_name)."""
    with read_only(uow) as reading:
        total = reading.sessions.count(person_id)
        pages = max(1, -(-total // per_page))
        page = min(max(page, 1), pages)
        found = tuple(
            record(row) for row in reading.sessions.page(person_id, offset=(page - 1) * per_page, limit=per_page)
        )
        days = {s.date + dt.timedelta(days=1) for s in found}
        mornings = {
            c.date - dt.timedelta(days=1): c.pain for c in reading.checkins.for_person(person_id) if c.date in days
        }
    shown = {e.exercise_id: names(e.exercise_id) for s in found for e in s.exercises}
    return HistoryPage(found, shown, mornings, page, pages, total)
