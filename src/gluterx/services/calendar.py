"""The planned sessions of the active programme, for a calendar (the iCalendar export).

Each session's items are the programme's own (services.programme, from `domain.schedule.due_items`): what the calendar
shows for a day is what the programme page and Today show for it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from gluterx.domain.exercise import Library
from gluterx.domain.planner import DayKind
from gluterx.domain.units import MassUnit
from gluterx.services.exports import NothingToExport
from gluterx.services.ports import ServiceError, UnitOfWork
from gluterx.services.programme import programme
from gluterx.services.settings import settings_of
from gluterx.services.today import SessionItem

__all__ = ["CalendarData", "PlannedSession", "calendar", "calendar_sessions"]


@dataclasses.dataclass(frozen=True, slots=True)
class PlannedSession(DayKind):
    """One planned session: its day (`day` 1-7 in the programme's `week`), phase, kind (strength | activity),
    minutes and exercises, each with its dose."""

    date: dt.date
    week: int
    day: int
    phase: int
    phase_name: str
    deload: bool
    kind: str
    minutes: float
    items: tuple[SessionItem, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class CalendarData:
    """The active programme's planned sessions in date order (never empty), and the person's calendar settings:
    the time sessions start, its IANA time zone (None: not chosen) and the unit weights are written in."""

    sessions: tuple[PlannedSession, ...]
    start_time: dt.time = dt.time(18, 0)
    time_zone: str | None = None
    unit: MassUnit = MassUnit.KG


def calendar_sessions(uow: UnitOfWork, library: Library, *, today: dt.date, person_id: int) -> list[PlannedSession]:
    """The active programme's planned sessions in date order; [] when there is no programme yet."""
    try:
        found = programme(uow, library, person_id=person_id, today=today)
    except ServiceError as exc:
        if exc.code == "missing":
            return []
        raise
    return [
        PlannedSession(s.date, week.week, s.day, week.phase, week.phase_name, week.deload, s.kind, s.minutes, s.items)
        for week in found.weeks
        for s in week.sessions
    ]


def calendar(uow: UnitOfWork, library: Library, *, today: dt.date, person_id: int) -> CalendarData:
    """The planned sessions for the calendar download; NothingToExport("calendar") without a programme."""
    sessions = calendar_sessions(uow, library, today=today, person_id=person_id)
    if not sessions:
        raise NothingToExport("calendar")
    mine = settings_of(uow, person_id=person_id)
    return CalendarData(tuple(sessions), mine.calendar_time, mine.time_zone, mine.unit)
