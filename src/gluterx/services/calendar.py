"""The planned sessions of the active programme, for a calendar (the iCalendar export)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from gluterx.domain.exercise import Library
from gluterx.services.exports import NothingToExport, exercise_name, find_person
from gluterx.services.ports import UnitOfWork, read_only

__all__ = ["CalendarData", "PlannedItem", "PlannedSession", "calendar", "calendar_sessions"]

PLAN_HORIZON = dt.timedelta(weeks=53)  # a programme runs at most 52 weeks


@dataclasses.dataclass(frozen=True, slots=True)
class PlannedItem:
    exercise_id: str
    name: str
    sets: int
    reps: str
    load: str
    rest_s: int


@dataclasses.dataclass(frozen=True, slots=True)
class PlannedSession:
    """One planned session: its day (`day` 1-7 in the programme's `week`), phase, kind (strength | activity),
    minutes and exercises."""

    date: dt.date
    week: int
    day: int
    phase: int
    phase_name: str
    deload: bool
    kind: str
    minutes: float
    items: tuple[PlannedItem, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class CalendarData:
    """The active programme's planned sessions in date order (never empty)."""

    sessions: tuple[PlannedSession, ...]


def calendar_sessions(
    uow: UnitOfWork, *, person_id: int | None = None, library: Library | None = None
) -> list[PlannedSession]:
    """The active programme's planned sessions in date order; [] when there is no person or programme yet.
    Without `library`, exercise names come from the ids."""
    with read_only(uow) as uow:
        person = find_person(uow, person_id)
        if person is None:
            return []
        program = uow.programs.active(person.id)
        if program is None:
            return []
        rows = uow.programs.planned_between(program.id, program.start_date, program.start_date + PLAN_HORIZON)
        return [
            PlannedSession(
                date=row.date,
                week=row.week,
                day=row.day,
                phase=row.phase,
                phase_name=row.phase_name,
                deload=row.deload,
                kind=row.kind,
                minutes=row.minutes,
                items=tuple(
                    PlannedItem(
                        exercise_id=item["exercise_id"],
                        name=exercise_name(item["exercise_id"], library),
                        sets=item["sets"],
                        reps=item["reps"],
                        load=item.get("load", ""),
                        rest_s=item.get("rest_s", 0),
                    )
                    for item in row.items
                ),
            )
            for row in rows
        ]


def calendar(uow: UnitOfWork, *, person_id: int | None = None, library: Library | None = None) -> CalendarData:
    """The planned sessions for the calendar download; NothingToExport("calendar") without a programme."""
    sessions = calendar_sessions(uow, person_id=person_id, library=library)
    if not sessions:
        raise NothingToExport("calendar")
    return CalendarData(tuple(sessions))
