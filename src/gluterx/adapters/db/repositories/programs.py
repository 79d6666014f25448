"""Programmes and their planned sessions: a programme's own fields as a ProgramRecord, its sessions as the domain's
ScheduledSessions (each with its items and their doses)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from datetime import date, datetime
from itertools import groupby
from operator import attrgetter
from typing import Any, cast

from sqlalchemy import Select, Table, Text, bindparam, delete, insert, select, update
from sqlalchemy import cast as cast_
from sqlalchemy.orm import Session

from gluterx.adapters.db.dose_columns import DOSE_COLUMN_NAMES, dose_columns, dose_from
from gluterx.adapters.db.engine import READ_ONLY
from gluterx.adapters.db.models import PlannedItemRow, PlannedSessionRow, ProgramRow
from gluterx.adapters.db.repositories.prepared import Prepared
from gluterx.domain.planner import PlanItem
from gluterx.domain.said import Reason
from gluterx.domain.schedule import ScheduledSession
from gluterx.services.records import ProgramRecord

__all__ = ["ProgramsRepository", "planned_item_columns", "program_record", "scheduled_sessions"]


# A ProgramRecord's fields are the programs columns of the same names; a ScheduledSession's (but its items) are the
# planned_sessions columns of the same names.
_PROGRAM_FIELDS = tuple(f.name for f in fields(ProgramRecord))
_SESSION_FIELDS = tuple(f.name for f in fields(ScheduledSession) if f.name != "items")
# Their values in field order (an attrgetter: as fast as naming each field, and "today" reads a whole plan); a
# _with_items row holds a session's columns as s_*.
_program_values: Callable[[Any], tuple[Any, ...]] = attrgetter(*_PROGRAM_FIELDS)
_planned_values: Callable[[Any], tuple[Any, ...]] = attrgetter(*[f"s_{name}" for name in _SESSION_FIELDS])


def program_record(row: Any) -> ProgramRecord:
    """A programs row (ORM object or Core row) as a ProgramRecord."""
    return ProgramRecord(*_program_values(row))


class ProgramsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def active(self, person_id: int) -> ProgramRecord | None:
        """The active programme, in one Core read (today and logging a session read it on every request)."""
        row = _ACTIVE_PROGRAM.first(self.session, {"person_id": person_id})
        return program_record(row) if row is not None else None

    def all(self, person_id: int) -> Sequence[ProgramRecord]:
        return [program_record(row) for row in self.session.execute(_PROGRAMS_OF_PERSON, {"person_id": person_id})]

    def create_active(
        self,
        *,
        person_id: int,
        profile_id: int,
        start_date: date,
        weeks: int,
        status: str,
        screening: dict[str, Any],
        sessions: Sequence[ScheduledSession],
        active: bool = True,
        created_at: datetime | None = None,
    ) -> ProgramRecord:
        """A new programme with its planned sessions and their items; when active, older programmes stay but go
        inactive. The sessions and the items go in as one batched INSERT each (a year's plan is hundreds of items).
        """
        if active:
            self.session.execute(update(ProgramRow).where(ProgramRow.person_id == person_id).values(active=False))
        program = ProgramRow(
            person_id=person_id,
            profile_id=profile_id,
            start_date=start_date,
            weeks=weeks,
            status=status,
            screening=screening,
            active=active,
        )
        if created_at is not None:
            program.created_at = created_at
        self.session.add(program)
        self.session.flush()
        self._insert_sessions(program.id, sessions)
        return program_record(program)

    def replan_from(
        self,
        program_id: int,
        day: date,
        *,
        profile_id: int,
        weeks: int,
        status: str,
        screening: dict[str, Any],
        sessions: Sequence[ScheduledSession],
    ) -> None:
        """Replace the planned sessions on or after `day` (their items go by cascade) and point the programme at the
        new profile; the sessions before `day` stay as they were planned."""
        self.session.execute(
            delete(PlannedItemRow).where(
                PlannedItemRow.planned_session_id.in_(
                    select(PlannedSessionRow.id).where(
                        PlannedSessionRow.program_id == program_id, PlannedSessionRow.date >= day
                    )
                )
            )
        )
        self.session.execute(
            delete(PlannedSessionRow).where(PlannedSessionRow.program_id == program_id, PlannedSessionRow.date >= day)
        )
        self.session.execute(
            update(ProgramRow)
            .where(ProgramRow.id == program_id)
            .values(profile_id=profile_id, weeks=weeks, status=status, screening=screening)
        )
        self._insert_sessions(program_id, [s for s in sessions if s.date >= day])

    def _insert_sessions(self, program_id: int, sessions: Sequence[ScheduledSession]) -> None:
        """Planned sessions of a programme with their items: one batched INSERT each (a year's plan is hundreds of
        items)."""
        if not sessions:
            return
        session_rows = [
            {"program_id": program_id, **{name: getattr(s, name) for name in _SESSION_FIELDS}} for s in sessions
        ]
        # A plain executemany, then the ids by date (unique in a programme): on SQLite, INSERT .. RETURNING in
        # parameter order goes one row at a time.
        self.session.execute(_INSERT_PLANNED_SESSIONS, session_rows)
        session_ids: dict[date, int] = {
            day: session_id
            for day, session_id in self.session.execute(_PLANNED_SESSION_IDS, {"program_id": program_id})
        }
        item_rows = [
            planned_item_columns(item, planned_session_id=session_ids[s.date], position=position)
            for s in sessions
            for position, item in enumerate(s.items)
        ]
        if item_rows:
            self.session.execute(_INSERT_PLANNED_ITEMS, item_rows)

    def planned_on(self, program_id: int, day: date) -> ScheduledSession | None:
        found = self._scheduled(_PLANNED_ON, {"program_id": program_id, "day": day})
        return found[0] if found else None

    def planned_from(self, program_id: int, day: date, *, limit: int = 2) -> list[ScheduledSession]:
        """The planned sessions on or after `day`, soonest first (the day's own, if any, and the ones after it).

        One query for the sessions and their items (this runs on every request).
        """
        return self._scheduled(_PLANNED_FROM, {"program_id": program_id, "day": day, "limit": limit})

    def planned_between(self, program_id: int, first: date, last: date) -> list[ScheduledSession]:
        if self.session.info.get(READ_ONLY):  # "today" reads the whole plan too (the earned phase): read it once
            return [s for s in self.planned_all(program_id) if first <= s.date <= last]
        return self._scheduled(_PLANNED_BETWEEN, {"program_id": program_id, "first": first, "last": last})

    def planned_all(self, program_id: int) -> list[ScheduledSession]:
        """Every planned session of the programme, soonest first (for the backup).

        In a read-only unit of work it is read once (the sessions are frozen values; each caller gets its own list).
        """
        if not self.session.info.get(READ_ONLY):
            return self._scheduled(_PLANNED_ALL, {"program_id": program_id})
        kept: dict[int, list[ScheduledSession]] = self.session.info.setdefault(_KEPT, {})
        if program_id not in kept:
            kept[program_id] = self._scheduled(_PLANNED_ALL, {"program_id": program_id})
        return list(kept[program_id])

    def _scheduled(self, stmt: Prepared, params: dict[str, Any]) -> list[ScheduledSession]:
        return scheduled_sessions(stmt.rows(self.session, params))


def planned_item_columns(item: PlanItem, *, planned_session_id: int, position: int) -> dict[str, Any]:
    """A planned item as a planned_items row."""
    return {
        "planned_session_id": planned_session_id,
        "position": position,
        "exercise_id": item.exercise_id,
        "slot": item.slot,
        "reason": item.reason.as_json(),
        "sources": list(item.sources),
        "seconds": item.seconds,
        **dose_columns(item.dose),
    }


def scheduled_sessions(rows: Iterable[Any]) -> list[ScheduledSession]:
    """Rows of a `_with_items` statement (a session's columns as s_*, then each item's) as ScheduledSessions."""
    out = []
    for _, group in groupby(rows, key=attrgetter("s_id")):
        session_rows = list(group)
        first = session_rows[0]
        items = tuple(
            _plan_item(r)
            for r in session_rows
            if r.exercise_id is not None  # a session without items gives one row of NULLs (outer join)
        )
        values = (*_planned_values(first), items)  # its fields in order: the session's columns, then its items
        out.append(ScheduledSession(*values))
    return out


def _plan_item(row: Any) -> PlanItem:
    """A planned item from its row's item columns. PlanItem is a frozen value of those columns alone, so one made
    before from the same values is the same item: "today" reads a programme's whole plan (the earned phase, the
    4-week review) and its items repeat across its weeks and across people's programmes. The reason and the sources
    are read as their JSON text (`_ITEM_COLUMNS`), so the columns as read are the key, and only an item not seen
    before has its JSON decoded."""
    key = tuple(row)[-_ITEM_WIDTH:]
    found = _ITEMS.get(key)
    if found is None:
        if len(_ITEMS) >= _MAX_ITEMS:
            _ITEMS.clear()
        reason, sources = Reason.from_json(json.loads(row.reason)), tuple(json.loads(row.sources))
        found = _ITEMS[key] = PlanItem(row.exercise_id, dose_from(row), reason, sources, row.slot, row.seconds)
    return found


_ITEMS: dict[tuple[Any, ...], PlanItem] = {}
_KEPT = "gluterx_planned_all"
_MAX_ITEMS = 20_000  # distinct planned items; a programme has a few dozen


# The statements the hot paths (today, logging a session) run, built once: building a SELECT costs more CPU than
# SQLite takes to answer it. Values come in as bound parameters.
_PROGRAMS = cast(Table, ProgramRow.__table__)
# (Prepared: run on the unit of work's connection without SQLAlchemy's per-statement machinery, repositories/prepared.py)
_ACTIVE_PROGRAM = Prepared(
    select(_PROGRAMS)
    .where(_PROGRAMS.c.person_id == bindparam("person_id"), _PROGRAMS.c.active.is_(True))
    .order_by(_PROGRAMS.c.id.desc())
    .limit(1)
)
_PROGRAMS_OF_PERSON = select(_PROGRAMS).where(_PROGRAMS.c.person_id == bindparam("person_id")).order_by(_PROGRAMS.c.id)
_PLANNED_SESSIONS = cast(Table, PlannedSessionRow.__table__)
_PLANNED_ITEMS = cast(Table, PlannedItemRow.__table__)
_INSERT_PLANNED_SESSIONS = insert(_PLANNED_SESSIONS)
_PLANNED_SESSION_IDS = select(_PLANNED_SESSIONS.c.date, _PLANNED_SESSIONS.c.id).where(
    _PLANNED_SESSIONS.c.program_id == bindparam("program_id")
)
_INSERT_PLANNED_ITEMS = insert(_PLANNED_ITEMS)
# The reason's parts and the source ids as the JSON text stored (`_plan_item` decodes them once per distinct item)
_AS_TEXT = ("reason", "sources")
_ITEM_COLUMNS = tuple(
    cast_(_PLANNED_ITEMS.c[name], Text).label(name) if name in _AS_TEXT else _PLANNED_ITEMS.c[name]
    for name in ("exercise_id", "slot", "reason", "sources", "seconds", *DOSE_COLUMN_NAMES)
)
_ITEM_WIDTH = len(_ITEM_COLUMNS)


def _with_items(sessions: Select[Any]) -> Select[Any]:
    """The planned sessions `sessions` selects, each with its items, in one statement: one row per item (the
    session's columns prefixed s_, the item's as they are), sessions soonest first, items in their order."""
    s = sessions.subquery()
    return (
        select(*(column.label(f"s_{column.name}") for column in s.c), *_ITEM_COLUMNS)
        .select_from(s)
        .outerjoin(_PLANNED_ITEMS, _PLANNED_ITEMS.c.planned_session_id == s.c.id)
        .order_by(s.c.date, _PLANNED_ITEMS.c.position)
    )


_OF_PROGRAM = select(_PLANNED_SESSIONS).where(_PLANNED_SESSIONS.c.program_id == bindparam("program_id"))
_PLANNED_FROM = Prepared(
    _with_items(
        _OF_PROGRAM.where(_PLANNED_SESSIONS.c.date >= bindparam("day"))
        .order_by(_PLANNED_SESSIONS.c.date)
        .limit(bindparam("limit"))
    )
)
_PLANNED_ON = Prepared(_with_items(_OF_PROGRAM.where(_PLANNED_SESSIONS.c.date == bindparam("day"))))
_PLANNED_BETWEEN = Prepared(
    _with_items(
        _OF_PROGRAM.where(_PLANNED_SESSIONS.c.date >= bindparam("first"), _PLANNED_SESSIONS.c.date <= bindparam("last"))
    )
)
_PLANNED_ALL = Prepared(_with_items(_OF_PROGRAM))
