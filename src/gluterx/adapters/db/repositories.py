"""Every query lives here: one small repository per aggregate, all on the unit of work's session."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import lru_cache
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple, cast

from sqlalchemy import ColumnElement, Date, Row, Select, Table, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session, selectinload

from gluterx.adapters.db.dose_columns import DOSE_COLUMN_NAMES, dose_columns, dose_from
from gluterx.adapters.db.models import (
    AccountRow,
    ApiTokenRow,
    CheckinRow,
    LoginAttemptRow,
    PerformedExerciseRow,
    PerformedSessionRow,
    Person,
    PlannedItemRow,
    PlannedSessionRow,
    PrescriptionRow,
    ProfileRow,
    ProgramRow,
    SetRow,
)
from gluterx.domain.planner import PlanItem
from gluterx.domain.progression import Action, Prescription
from gluterx.domain.schedule import ScheduledSession
from gluterx.services.records import StoredPrescription


class PeopleRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def local(self) -> Person | None:
        """The one person of a single-user (CLI) store: the first created."""
        return self.session.scalars(select(Person).order_by(Person.id).limit(1)).first()

    def get(self, person_id: int) -> Person | None:
        return self.session.get(Person, person_id)

    def add(
        self, *, display_name: str = "", role: str = "person", person_uuid: str | None = None, **extra: Any
    ) -> Person:
        person = Person(uuid=person_uuid or str(uuid.uuid4()), display_name=display_name, role=role, **extra)
        self.session.add(person)
        self.session.flush()
        return person

    def all(self) -> Sequence[Person]:
        return self.session.scalars(select(Person).order_by(Person.id)).all()

    def delete_all(self) -> None:
        """Remove every person and, by cascade, everything of theirs (for a restore with --replace)."""
        for person in self.all():
            self.session.delete(person)
        self.session.flush()


class ProfilesRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def latest(self, person_id: int) -> ProfileRow | None:
        stmt = select(ProfileRow).where(ProfileRow.person_id == person_id).order_by(ProfileRow.version.desc())
        return self.session.scalars(stmt.limit(1)).first()

    def latest_data(self, person_id: int) -> dict[str, Any] | None:
        """The newest profile's PROFILE.json, and nothing else (logging a session reads it every time)."""
        data: dict[str, Any] | None = self.session.scalar(_LATEST_PROFILE_DATA, {"person_id": person_id})
        return data

    def all(self, person_id: int) -> Sequence[ProfileRow]:
        stmt = select(ProfileRow).where(ProfileRow.person_id == person_id).order_by(ProfileRow.version)
        return self.session.scalars(stmt).all()

    def add_version(self, person_id: int, data: dict[str, Any]) -> ProfileRow:
        """A new version; the previous versions stay as they were."""
        latest = self.latest(person_id)
        if latest is not None and latest.data == data:
            return latest
        row = ProfileRow(person_id=person_id, version=(latest.version + 1) if latest else 1, data=data)
        self.session.add(row)
        self.session.flush()
        return row

    def restore(self, person_id: int, *, version: int, data: dict[str, Any], created_at: Any) -> ProfileRow:
        row = ProfileRow(person_id=person_id, version=version, data=data, created_at=created_at)
        self.session.add(row)
        self.session.flush()
        return row


class ProgramsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def active(self, person_id: int) -> ProgramRow | None:
        return self.session.scalars(_ACTIVE_PROGRAM, {"person_id": person_id}).first()

    def active_row(self, person_id: int) -> Row[Any] | None:
        """The active programme as a read-only row (id, person_id, start_date, weeks, status, screening, ...).

        For the per-request paths (today, logging a session), which read it and never change it.
        """
        return self.session.execute(_ACTIVE_PROGRAM_ROW, {"person_id": person_id}).first()

    def all(self, person_id: int) -> Sequence[ProgramRow]:
        stmt = select(ProgramRow).where(ProgramRow.person_id == person_id).order_by(ProgramRow.id)
        return self.session.scalars(stmt.options(selectinload(ProgramRow.sessions))).all()

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
        **extra: Any,
    ) -> ProgramRow:
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
            **extra,
        )
        self.session.add(program)
        self.session.flush()
        if not sessions:
            return program
        session_rows = [
            {"program_id": program.id, "week": s.week, "day": s.day, "date": s.date, "phase": s.phase,
             "phase_name": s.phase_name, "deload": s.deload, "kind": s.kind, "minutes": s.minutes}
            for s in sessions
        ]  # fmt: skip
        # A plain executemany, then the ids by date (unique in a programme): on SQLite, INSERT .. RETURNING in
        # parameter order goes one row at a time.
        self.session.execute(_INSERT_PLANNED_SESSIONS, session_rows)
        session_ids: dict[date, int] = {
            day: session_id
            for day, session_id in self.session.execute(_PLANNED_SESSION_IDS, {"program_id": program.id})
        }
        item_rows = [
            planned_item_columns(item, planned_session_id=session_ids[s.date], position=position)
            for s in sessions
            for position, item in enumerate(s.items)
        ]
        if item_rows:
            self.session.execute(_INSERT_PLANNED_ITEMS, item_rows)
        return program

    def planned_on(self, program_id: int, day: date) -> ScheduledSession | None:
        found = self._scheduled(_PLANNED_ON, {"program_id": program_id, "day": day})
        return found[0] if found else None

    def planned_from(self, program_id: int, day: date, *, limit: int = 2) -> list[ScheduledSession]:
        """The planned sessions on or after `day`, soonest first (the day's own, if any, and the ones after it).

        One query for the sessions and their items (this runs on every request).
        """
        return self._scheduled(_PLANNED_FROM, {"program_id": program_id, "day": day, "limit": limit})

    def next_planned(self, program_id: int, after: date) -> ScheduledSession | None:
        found = self._scheduled(_NEXT_PLANNED, {"program_id": program_id, "after": after})
        return found[0] if found else None

    def planned_between(self, program_id: int, first: date, last: date) -> list[ScheduledSession]:
        """The planned sessions from `first` to `last` (both included), soonest first."""
        return self._scheduled(_PLANNED_BETWEEN, {"program_id": program_id, "first": first, "last": last})

    def planned_all(self, program_id: int) -> list[ScheduledSession]:
        """Every planned session of the programme, soonest first (for the backup)."""
        return self._scheduled(_PLANNED_ALL, {"program_id": program_id})

    def _scheduled(self, stmt: Select[Any], params: dict[str, Any]) -> list[ScheduledSession]:
        return scheduled_sessions(self.session.execute(stmt, params))


def planned_item_columns(item: PlanItem, *, planned_session_id: int, position: int) -> dict[str, Any]:
    """A planned item as a planned_items row."""
    return {
        "planned_session_id": planned_session_id,
        "position": position,
        "exercise_id": item.exercise_id,
        "slot": item.slot,
        "reason": item.reason,
        "sources": list(item.sources),
        "seconds": item.seconds,
        **dose_columns(item.dose),
    }


def scheduled_sessions(rows: Iterable[Row[Any]]) -> list[ScheduledSession]:
    """Rows of a `_with_items` statement (a session's columns as s_*, then each item's) as ScheduledSessions."""
    out = []
    for _, group in groupby(rows, key=attrgetter("s_id")):
        session_rows = list(group)
        first = session_rows[0]
        items = tuple(
            PlanItem(r.exercise_id, dose_from(r), r.reason, tuple(r.sources), r.slot, r.seconds)
            for r in session_rows
            if r.exercise_id is not None  # a session without items gives one row of NULLs (outer join)
        )
        out.append(
            ScheduledSession(
                date=first.s_date,
                week=first.s_week,
                day=first.s_day,
                phase=first.s_phase,
                phase_name=first.s_phase_name,
                deload=first.s_deload,
                kind=first.s_kind,
                minutes=first.s_minutes,
                items=items,
            )
        )
    return out


class SessionsRepository:
    """Performed sessions with their exercises and sets."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def create(
        self, *, person_id: int, day: date, notes: str, exercises: list[dict[str, Any]], **extra: Any
    ) -> PerformedSessionRow:
        """A performed session with its exercises and sets (`exercises[i]["sets"]` are SetRow fields)."""
        row = PerformedSessionRow(person_id=person_id, date=day, notes=notes, **extra)
        for position, ex in enumerate(exercises):
            sets = [SetRow(position=i, **fields) for i, fields in enumerate(ex["sets"])]
            row.exercises.append(
                PerformedExerciseRow(
                    position=position,
                    exercise_id=ex["exercise_id"],
                    pain_during=ex["pain_during"],
                    felt_in=list(ex["felt_in"]),
                    sets=sets,
                )
            )
        self.session.add(row)
        self.session.flush()
        return row

    def on(self, person_id: int, day: date) -> Sequence[PerformedSessionRow]:
        stmt = (
            select(PerformedSessionRow)
            .where(PerformedSessionRow.person_id == person_id, PerformedSessionRow.date == day)
            .order_by(PerformedSessionRow.id)
            .options(selectinload(PerformedSessionRow.exercises).selectinload(PerformedExerciseRow.sets))
        )
        return self.session.scalars(stmt).all()

    def for_person(self, person_id: int) -> Sequence[PerformedSessionRow]:
        stmt = (
            select(PerformedSessionRow)
            .where(PerformedSessionRow.person_id == person_id)
            .order_by(PerformedSessionRow.date, PerformedSessionRow.id)
            .options(selectinload(PerformedSessionRow.exercises).selectinload(PerformedExerciseRow.sets))
        )
        return self.session.scalars(stmt).all()

    def history_rows(self, person_id: int) -> Sequence[Row[Any]]:
        """The person's whole logged history as flat read-only rows, one per set, in one query (no ORM objects).

        Each row: session_id, date, duration_s, session_rpe, exercise_id, pain_during, reps, load, unit, rir, rpe,
        warmup; oldest session first, then exercises and sets in the order logged. A session without exercises, or an
        exercise without sets, still gives one row, with None in the columns it lacks.
        """
        return self.session.execute(_HISTORY_ROWS, {"person_id": person_id}).all()

    def logged(self, person_id: int, *, session_id: int | None = None) -> list[LoggedSession]:
        """The person's performed sessions (or only `session_id`, when it is theirs), oldest first, each with its
        exercises and sets in the order logged, as read-only tuples with the ORM rows' field names: one Core query per
        table, no ORM objects (for the exports, the API's sessions, `gluterx history` and the backup).
        """
        params = {"person_id": person_id, "session_id": session_id}
        reads = _LOGGED if session_id is None else _LOGGED_ONE
        sessions, exercises, sets = (self.session.execute(stmt, params).all() for stmt in reads)
        return _nest(sessions, exercises, sets)

    def last_date(self, person_id: int, *, before: date | None = None) -> date | None:
        if before is None:
            return self.session.scalar(_LAST_DATE, {"person_id": person_id})
        return self.session.scalar(_LAST_DATE_BEFORE, {"person_id": person_id, "before": before})

    def count_sets(self, person_id: int) -> int:
        stmt = (
            select(func.count(SetRow.id))
            .join(PerformedExerciseRow)
            .join(PerformedSessionRow)
            .where(PerformedSessionRow.person_id == person_id)
        )
        return int(self.session.scalar(stmt) or 0)

    def source_keys(self, person_id: int, source: str) -> set[str]:
        """The source keys of this person's sessions imported from `source`, so a re-import can skip them."""
        stmt = select(PerformedSessionRow.source_key).where(
            PerformedSessionRow.person_id == person_id,
            PerformedSessionRow.source == source,
            PerformedSessionRow.source_key.is_not(None),
        )
        return {key for key in self.session.scalars(stmt) if key is not None}

    def add(self, *, person_id: int, day: date, notes: str, exercises: list[dict[str, Any]]) -> int:
        """A performed session as `create` makes it, in three INSERTs and no ORM objects; returns its id.

        The person's loop logs one of these per request, so the statements are plain Core, built once.
        """
        params = {"person_id": person_id, "date": day, "notes": notes}
        session_id: int = self.session.execute(_INSERT_SESSION, params).scalar_one()
        exercise_rows = [
            {"session_id": session_id, "position": position, "exercise_id": ex["exercise_id"],
             "pain_during": ex["pain_during"], "felt_in": list(ex["felt_in"])}
            for position, ex in enumerate(exercises)
        ]  # fmt: skip
        if not exercise_rows:
            return session_id
        exercise_ids = self.session.scalars(_INSERT_EXERCISES, exercise_rows).all()
        set_rows = [
            {"performed_exercise_id": exercise_id, "position": i, **fields}
            for exercise_id, ex in zip(exercise_ids, exercises, strict=True)
            for i, fields in enumerate(ex["sets"])
        ]
        if set_rows:
            self.session.execute(_INSERT_SETS, set_rows)
        return session_id

    def felt_in_history(
        self, person_id: int, exercise_ids: Sequence[str], *, before: date, sessions: int
    ) -> dict[str, list[list[str]]]:
        """Where each exercise was felt in the person's `sessions` newest sessions before `before`, newest first."""
        found: dict[str, list[list[str]]] = {exercise_id: [] for exercise_id in exercise_ids}
        if not found:
            return found
        params = {"person_id": person_id, "exercise_ids": list(found), "before": before, "sessions": sessions}
        for exercise_id, felt_in in self.session.execute(_FELT_IN, params):
            found[exercise_id].append(list(felt_in or []))
        return found

    def add_imported(self, person_id: int, sessions: list[dict[str, Any]]) -> int:
        """Many performed sessions at once (an import) in three bulk INSERTs; returns the number of sets added.

        Each item has the PerformedSessionRow fields (date, notes, duration_s, source, source_key) and `exercises`,
        as for `create`. Thousands of workouts go in without building an ORM object per set.
        """
        if not sessions:
            return 0
        session_rows = [
            {k: v for k, v in s.items() if k != "exercises"} | {"person_id": person_id, "session_rpe": None}
            for s in sessions
        ]
        # render_nulls keeps every row's columns the same, so each table goes in as one batched executemany.
        batched = {"render_nulls": True}
        session_ids = self.session.scalars(
            insert(PerformedSessionRow).returning(PerformedSessionRow.id, sort_by_parameter_order=True),
            session_rows,
            execution_options=batched,
        ).all()
        exercise_rows = []
        set_lists = []
        for session_id, s in zip(session_ids, sessions, strict=True):
            for position, ex in enumerate(s["exercises"]):
                exercise_rows.append(
                    {
                        "session_id": session_id,
                        "position": position,
                        "exercise_id": ex["exercise_id"],
                        "pain_during": ex["pain_during"],
                        "felt_in": list(ex["felt_in"]),
                    }
                )
                set_lists.append(ex["sets"])
        exercise_ids = self.session.scalars(
            insert(PerformedExerciseRow).returning(PerformedExerciseRow.id, sort_by_parameter_order=True),
            exercise_rows,
            execution_options=batched,
        ).all()
        set_rows = [
            {"performed_exercise_id": exercise_id, "position": i, **fields}
            for exercise_id, sets in zip(exercise_ids, set_lists, strict=True)
            for i, fields in enumerate(sets)
        ]
        if set_rows:
            self.session.execute(insert(SetRow), set_rows, execution_options=batched)
        return len(set_rows)


class LoggedSet(NamedTuple):
    reps: int
    load: float | None
    unit: str
    band: str | None
    rir: int | None
    rpe: float | None
    duration_s: float | None
    e1rm_kg: float | None
    warmup: bool


class LoggedExercise(NamedTuple):
    exercise_id: str
    pain_during: int
    felt_in: list[Any]
    sets: list[LoggedSet]


class LoggedSession(NamedTuple):
    id: int
    date: date
    notes: str
    duration_s: int | None
    session_rpe: float | None
    source: str
    source_key: str | None
    created_at: datetime
    exercises: list[LoggedExercise]


def _nest(sessions: Any, exercises: Any, sets: Any) -> list[LoggedSession]:
    """The rows of _LOGGED_SESSIONS, _LOGGED_EXERCISES and _LOGGED_SETS put back together, in the order logged."""
    sets_of: dict[int, list[LoggedSet]] = {}
    for exercise_row_id, group in groupby(sets, key=itemgetter(0)):
        sets_of[exercise_row_id] = [LoggedSet._make(row[1:]) for row in group]
    exercises_of: dict[int, list[LoggedExercise]] = {}
    for session_id, group in groupby(exercises, key=itemgetter(0)):
        exercises_of[session_id] = [LoggedExercise._make((*row[2:], sets_of.get(row[1], []))) for row in group]
    return [LoggedSession._make((*row, exercises_of.get(row[0], []))) for row in sessions]


class CheckinsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def restore(self, person_id: int, *, day: date, pain: int, created_at: Any) -> CheckinRow:
        row = CheckinRow(person_id=person_id, date=day, pain=pain, created_at=created_at)
        self.session.add(row)
        self.session.flush()
        return row

    def upsert(self, person_id: int, day: date, pain: int) -> CheckinRow:
        row = self.session.scalars(
            select(CheckinRow).where(CheckinRow.person_id == person_id, CheckinRow.date == day)
        ).first()
        if row is None:
            row = CheckinRow(person_id=person_id, date=day, pain=pain)
            self.session.add(row)
        else:
            row.pain = pain
        self.session.flush()
        return row

    def for_person(self, person_id: int) -> Sequence[CheckinRow]:
        stmt = select(CheckinRow).where(CheckinRow.person_id == person_id).order_by(CheckinRow.date)
        return self.session.scalars(stmt).all()

    def on(self, person_id: int, day: date) -> CheckinRow | None:
        stmt = select(CheckinRow).where(CheckinRow.person_id == person_id, CheckinRow.date == day)
        return self.session.scalars(stmt).first()

    def pain_between(self, person_id: int, *, since: date, until: date, latest: int = 2) -> list[tuple[date, int]]:
        """(date, pain) from `since` to `until`, and the `latest` readings up to `until` however old, oldest first.

        What the pain alerts read, without loading years of check-ins on every request.
        """
        if latest != 2:
            params = {"person_id": person_id, "since": since, "until": until, "latest": latest}
            found = {d: p for d, p in self.session.execute(_PAIN_BETWEEN, params)}
            found.update({d: p for d, p in self.session.execute(_PAIN_LATEST, params)})
            return sorted(found.items())
        params = {"person_id": person_id, "since": since, "until": until, "origin": date.min}
        return [(d, p) for d, p in self.session.execute(_PAIN_WINDOW_AND_LATEST_TWO, params)]


class PrescriptionsRepository:
    """The engine's word per planned slot; the newest of a slot is current. Takes and gives domain values."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def current(self, program_id: int, planned_exercise_id: str) -> Prescription | None:
        return self.current_for_slots(program_id, [planned_exercise_id]).get(planned_exercise_id)

    def current_for_slots(self, program_id: int, planned_exercise_ids: Sequence[str]) -> dict[str, Prescription]:
        """The newest prescription of each of these slots that has one, in one query (not one per slot)."""
        if not planned_exercise_ids:
            return {}
        slots = list(dict.fromkeys(planned_exercise_ids))
        params: dict[str, Any] = {"program_id": program_id} | {f"slot{i}": slot for i, slot in enumerate(slots)}
        rows = self.session.execute(_current_for_slots(len(slots)), params)
        return {row.planned_exercise_id: prescription_from(row) for row in rows}

    def current_for_program(self, program_id: int) -> dict[str, Prescription]:
        """The newest prescription of every slot of the programme that has one."""
        rows = self.session.execute(_RX_OF_PROGRAM, {"program_id": program_id})
        return {row.planned_exercise_id: prescription_from(row) for row in rows}

    def add_many(self, records: Sequence[StoredPrescription], *, person_id: int) -> None:
        """Several prescriptions in one batched INSERT."""
        if records:
            self.session.execute(_INSERT_PRESCRIPTION, [prescription_columns(r, person_id=person_id) for r in records])

    def create(self, record: StoredPrescription, *, person_id: int, created_at: datetime | None = None) -> int:
        """One prescription (`created_at` for a restore; now by default); returns its id."""
        fields = prescription_columns(record, person_id=person_id)
        if created_at is not None:
            fields["created_at"] = created_at
        prescription_id: int = self.session.execute(_INSERT_ONE_PRESCRIPTION, fields).scalar_one()
        return prescription_id

    def before_session(
        self, program_id: int, planned_exercise_id: str, performed_session_id: int
    ) -> Prescription | None:
        """The newest prescription for the slot written before that session's first one."""
        params = {"program_id": program_id, "slot": planned_exercise_id, "session_id": performed_session_id}
        row = self.session.execute(_RX_BEFORE_SESSION, params).first()
        return prescription_from(row) if row is not None else None

    def from_session(self, performed_session_id: int) -> list[StoredPrescription]:
        """The prescriptions a logged session (and its next-morning check-in) wrote, oldest first."""
        rows = self.session.execute(_RX_FROM_SESSION, {"session_id": performed_session_id})
        return [stored_prescription_from(row) for row in rows]

    def for_person(self, person_id: int) -> list[StoredPrescription]:
        return [record for record, _ in self.dated_for_person(person_id)]

    def dated_for_person(self, person_id: int) -> list[tuple[StoredPrescription, datetime]]:
        """Every prescription of the person, oldest first, with when it was written (for the backup)."""
        rows = self.session.execute(_RX_OF_PERSON, {"person_id": person_id})
        return [(stored_prescription_from(row), row.created_at) for row in rows]


def prescription_columns(record: StoredPrescription, *, person_id: int) -> dict[str, Any]:
    """A stored prescription as a prescriptions row (without id and created_at)."""
    p = record.prescription
    return {
        "person_id": person_id,
        "program_id": record.program_id,
        "planned_exercise_id": record.planned_exercise_id,
        "logged_exercise_id": record.logged_exercise_id,
        "performed_session_id": record.performed_session_id,
        "exercise_id": p.exercise_id,
        "action": p.action.value,
        "reason": p.reason,
        "sources": list(p.sources),
        "cue": p.cue,
        **dose_columns(p.dose),
    }


def prescription_from(row: Any) -> Prescription:
    """A prescriptions row (ORM object or Core row) as the domain Prescription."""
    return Prescription(row.exercise_id, dose_from(row), Action(row.action), row.reason, tuple(row.sources), row.cue)


def stored_prescription_from(row: Any) -> StoredPrescription:
    return StoredPrescription(
        program_id=row.program_id,
        planned_exercise_id=row.planned_exercise_id,
        prescription=prescription_from(row),
        performed_session_id=row.performed_session_id,
        logged_exercise_id=row.logged_exercise_id,
    )


class AccountsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_email(self, email: str) -> AccountRow | None:
        return self.session.scalars(select(AccountRow).where(AccountRow.email == email)).first()

    def get(self, account_id: int) -> AccountRow | None:
        return self.session.get(AccountRow, account_id)

    def create(self, *, email: str, password_hash: str, person_id: int) -> AccountRow:
        row = AccountRow(email=email, password_hash=password_hash, person_id=person_id)
        self.session.add(row)
        self.session.flush()
        return row

    def add_token(self, *, account_id: int, token_hash: str, name: str) -> ApiTokenRow:
        row = ApiTokenRow(account_id=account_id, token_hash=token_hash, name=name)
        self.session.add(row)
        self.session.flush()
        return row

    def user_by_token(self, token_hash: str) -> Row[int, int, str, str, str] | None:
        """(account_id, person_id, email, display_name, role) of the token's account, in one query."""
        return self.session.execute(_USER_BY_TOKEN, {"token_hash": token_hash}).first()

    def user(self, account_id: int) -> Row[int, int, str, str, str] | None:
        """(account_id, person_id, email, display_name, role) of the account, in one query."""
        return self.session.execute(_USER_BY_ACCOUNT, {"account_id": account_id}).first()

    def by_token(self, token_hash: str) -> AccountRow | None:
        stmt = select(AccountRow).join(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash)
        return self.session.scalars(stmt).first()

    def record_attempt(self, *, email: str, client: str, success: bool, at: datetime) -> None:
        self.session.add(LoginAttemptRow(email=email, client=client, success=success, at=at))
        self.session.flush()

    def failures_since(self, *, email: str, client: str, since: datetime) -> tuple[int, int]:
        """Failed attempts since `since`: (for this email, from this client)."""
        base = select(func.count(LoginAttemptRow.id)).where(
            LoginAttemptRow.success.is_(False), LoginAttemptRow.at >= since
        )
        by_email = self.session.scalar(base.where(LoginAttemptRow.email == email)) or 0
        by_client = self.session.scalar(base.where(LoginAttemptRow.client == client)) or 0
        return int(by_email), int(by_client)


# The statements the hot paths (a signed-in request, today, logging a session) run, built once: building a SELECT
# costs more CPU than SQLite takes to answer it. Values come in as bound parameters.
_USER_COLUMNS = (
    AccountRow.id.label("account_id"),
    AccountRow.person_id,
    AccountRow.email,
    Person.display_name,
    Person.role,
)
_USER_BY_TOKEN = (
    select(*_USER_COLUMNS)
    .join(Person, Person.id == AccountRow.person_id)
    .join(ApiTokenRow, ApiTokenRow.account_id == AccountRow.id)
    .where(ApiTokenRow.token_hash == bindparam("token_hash"))
)
_USER_BY_ACCOUNT = (
    select(*_USER_COLUMNS)
    .join(Person, Person.id == AccountRow.person_id)
    .where(AccountRow.id == bindparam("account_id"))
)
_ACTIVE_PROGRAM = (
    select(ProgramRow)
    .where(ProgramRow.person_id == bindparam("person_id"), ProgramRow.active.is_(True))
    .order_by(ProgramRow.id.desc())
    .limit(1)
)
_ACTIVE_PROGRAM_ROW = (
    select(ProgramRow.__table__)
    .where(ProgramRow.person_id == bindparam("person_id"), ProgramRow.active.is_(True))
    .order_by(ProgramRow.id.desc())
    .limit(1)
)
_LATEST_PROFILE_DATA = (
    select(ProfileRow.data)
    .where(ProfileRow.person_id == bindparam("person_id"))
    .order_by(ProfileRow.version.desc())
    .limit(1)
)
_LAST_DATE = select(func.max(PerformedSessionRow.date)).where(PerformedSessionRow.person_id == bindparam("person_id"))
_LAST_DATE_BEFORE = _LAST_DATE.where(PerformedSessionRow.date < bindparam("before"))
_PLANNED_SESSIONS = cast(Table, PlannedSessionRow.__table__)
_PLANNED_ITEMS = cast(Table, PlannedItemRow.__table__)
_INSERT_PLANNED_SESSIONS = insert(_PLANNED_SESSIONS)
_PLANNED_SESSION_IDS = select(_PLANNED_SESSIONS.c.date, _PLANNED_SESSIONS.c.id).where(
    _PLANNED_SESSIONS.c.program_id == bindparam("program_id")
)
_INSERT_PLANNED_ITEMS = insert(_PLANNED_ITEMS)
_ITEM_COLUMNS = tuple(
    _PLANNED_ITEMS.c[name] for name in ("exercise_id", "slot", "reason", "sources", "seconds", *DOSE_COLUMN_NAMES)
)


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
_PLANNED_FROM = _with_items(
    _OF_PROGRAM.where(_PLANNED_SESSIONS.c.date >= bindparam("day"))
    .order_by(_PLANNED_SESSIONS.c.date)
    .limit(bindparam("limit"))
)
_PLANNED_ON = _with_items(_OF_PROGRAM.where(_PLANNED_SESSIONS.c.date == bindparam("day")))
_NEXT_PLANNED = _with_items(
    _OF_PROGRAM.where(_PLANNED_SESSIONS.c.date > bindparam("after")).order_by(_PLANNED_SESSIONS.c.date).limit(1)
)
_PLANNED_BETWEEN = _with_items(
    _OF_PROGRAM.where(_PLANNED_SESSIONS.c.date >= bindparam("first"), _PLANNED_SESSIONS.c.date <= bindparam("last"))
)
_PLANNED_ALL = _with_items(_OF_PROGRAM)


@lru_cache(maxsize=64)
def _current_for_slots(count: int) -> Select[Any]:
    """The newest prescription of each of `count` slots (bound as slot0, slot1, ...), in one statement.

    One `max(id)` subquery per slot: with the (program_id, planned_exercise_id) index each is a single index probe
    on SQLite, where a GROUP BY over the slots read every prescription they ever had (one per logged exercise), so
    "today" and "log a session" grew slower with every session logged.
    """
    newest = [
        select(func.max(PrescriptionRow.id))
        .where(
            PrescriptionRow.program_id == bindparam("program_id"),
            PrescriptionRow.planned_exercise_id == bindparam(f"slot{i}"),
        )
        .scalar_subquery()
        for i in range(count)
    ]
    return select(PrescriptionRow.__table__).where(PrescriptionRow.id.in_(newest))


_RECENT_SESSIONS = (
    select(PerformedSessionRow.id, PerformedSessionRow.date)
    .where(PerformedSessionRow.person_id == bindparam("person_id"), PerformedSessionRow.date < bindparam("before"))
    .order_by(PerformedSessionRow.date.desc(), PerformedSessionRow.id.desc())
    .limit(bindparam("sessions"))
    .subquery()
)
# Only the person's newest sessions: the rules look at the latest few logs of an exercise, and a person with years of
# history should not have all of it read (and its JSON decoded) on every session logged.
_FELT_IN = (
    select(PerformedExerciseRow.exercise_id, PerformedExerciseRow.felt_in)
    .join(_RECENT_SESSIONS, _RECENT_SESSIONS.c.id == PerformedExerciseRow.session_id)
    .where(PerformedExerciseRow.exercise_id.in_(bindparam("exercise_ids", expanding=True)))
    .order_by(_RECENT_SESSIONS.c.date.desc(), _RECENT_SESSIONS.c.id.desc(), PerformedExerciseRow.id.desc())
)
_PAIN_BETWEEN = select(CheckinRow.date, CheckinRow.pain).where(
    CheckinRow.person_id == bindparam("person_id"),
    CheckinRow.date >= bindparam("since"),
    CheckinRow.date <= bindparam("until"),
)
_PAIN_LATEST = (
    select(CheckinRow.date, CheckinRow.pain)
    .where(CheckinRow.person_id == bindparam("person_id"), CheckinRow.date <= bindparam("until"))
    .order_by(CheckinRow.date.desc())
    .limit(bindparam("latest"))
)
_SECOND_LATEST_READING = (
    select(CheckinRow.date)
    .where(CheckinRow.person_id == bindparam("person_id"), CheckinRow.date <= bindparam("until"))
    .order_by(CheckinRow.date.desc())
    .limit(1)
    .offset(1)
    .scalar_subquery()
)
# The readings from `since` to `until`, and the latest two up to `until` however old (dates are unique per person).
_PAIN_WINDOW_AND_LATEST_TWO = (
    select(CheckinRow.date, CheckinRow.pain)
    .where(
        CheckinRow.person_id == bindparam("person_id"),
        CheckinRow.date <= bindparam("until"),
        or_(
            CheckinRow.date >= bindparam("since"),
            CheckinRow.date >= func.coalesce(_SECOND_LATEST_READING, bindparam("origin", type_=Date)),
        ),
    )
    .order_by(CheckinRow.date)
)
_SESSIONS = cast(Table, PerformedSessionRow.__table__)
_EXERCISES = cast(Table, PerformedExerciseRow.__table__)
_SETS = cast(Table, SetRow.__table__)
# Plain Core over the tables: 30,000 sets come back as rows, not ORM objects (ten times faster to load).
_HISTORY_COLUMNS: tuple[ColumnElement[Any], ...] = (
    _SESSIONS.c.id.label("session_id"),
    _SESSIONS.c.date,
    _SESSIONS.c.duration_s,
    _SESSIONS.c.session_rpe,
    _EXERCISES.c.exercise_id,
    _EXERCISES.c.pain_during,
    _SETS.c.reps,
    _SETS.c.load,
    _SETS.c.unit,
    _SETS.c.rir,
    _SETS.c.rpe,
    _SETS.c.warmup,
)
_HISTORY_ROWS = (
    select(*_HISTORY_COLUMNS)
    .select_from(_SESSIONS)
    .outerjoin(_EXERCISES, _EXERCISES.c.session_id == _SESSIONS.c.id)
    .outerjoin(_SETS, _SETS.c.performed_exercise_id == _EXERCISES.c.id)
    .where(_SESSIONS.c.person_id == bindparam("person_id"))
    .order_by(_SESSIONS.c.date, _SESSIONS.c.id, _EXERCISES.c.position, _EXERCISES.c.id, _SETS.c.position, _SETS.c.id)
)
# What the whole-history reads need: each table's rows once, by position (_nest), in three queries rather than one
# joined query that would repeat (and convert again) a session's columns for every one of its sets.
_LOGGED_SESSIONS = (
    select(
        _SESSIONS.c.id,
        _SESSIONS.c.date,
        _SESSIONS.c.notes,
        _SESSIONS.c.duration_s,
        _SESSIONS.c.session_rpe,
        _SESSIONS.c.source,
        _SESSIONS.c.source_key,
        _SESSIONS.c.created_at,
    )
    .where(_SESSIONS.c.person_id == bindparam("person_id"))
    .order_by(_SESSIONS.c.date, _SESSIONS.c.id)
)
_LOGGED_EXERCISES = (
    select(
        _EXERCISES.c.session_id,
        _EXERCISES.c.id,
        _EXERCISES.c.exercise_id,
        _EXERCISES.c.pain_during,
        _EXERCISES.c.felt_in,
    )
    .join(_SESSIONS, _SESSIONS.c.id == _EXERCISES.c.session_id)
    .where(_SESSIONS.c.person_id == bindparam("person_id"))
    .order_by(_EXERCISES.c.session_id, _EXERCISES.c.position, _EXERCISES.c.id)
)
_LOGGED_SETS = (
    select(
        _SETS.c.performed_exercise_id,
        _SETS.c.reps,
        _SETS.c.load,
        _SETS.c.unit,
        _SETS.c.band,
        _SETS.c.rir,
        _SETS.c.rpe,
        _SETS.c.duration_s,
        _SETS.c.e1rm_kg,
        _SETS.c.warmup,
    )
    .join(_EXERCISES, _EXERCISES.c.id == _SETS.c.performed_exercise_id)
    .join(_SESSIONS, _SESSIONS.c.id == _EXERCISES.c.session_id)
    .where(_SESSIONS.c.person_id == bindparam("person_id"))
    .order_by(_SETS.c.performed_exercise_id, _SETS.c.position, _SETS.c.id)
)
_LOGGED = (_LOGGED_SESSIONS, _LOGGED_EXERCISES, _LOGGED_SETS)
_LOGGED_ONE = tuple(stmt.where(_SESSIONS.c.id == bindparam("session_id")) for stmt in _LOGGED)
_INSERT_SESSION = insert(_SESSIONS).returning(_SESSIONS.c.id)
_INSERT_EXERCISES = insert(_EXERCISES).returning(_EXERCISES.c.id, sort_by_parameter_order=True)
_INSERT_SETS = insert(_SETS)
_PRESCRIPTIONS = cast(Table, PrescriptionRow.__table__)
_INSERT_PRESCRIPTION = insert(_PRESCRIPTIONS)
_INSERT_ONE_PRESCRIPTION = insert(_PRESCRIPTIONS).returning(_PRESCRIPTIONS.c.id)
_RX_FROM_SESSION = (
    select(_PRESCRIPTIONS)
    .where(_PRESCRIPTIONS.c.performed_session_id == bindparam("session_id"))
    .order_by(_PRESCRIPTIONS.c.id)
)
_RX_OF_PERSON = (
    select(_PRESCRIPTIONS).where(_PRESCRIPTIONS.c.person_id == bindparam("person_id")).order_by(_PRESCRIPTIONS.c.id)
)
_RX_OF_PROGRAM = (
    select(_PRESCRIPTIONS).where(_PRESCRIPTIONS.c.program_id == bindparam("program_id")).order_by(_PRESCRIPTIONS.c.id)
)
_FIRST_OF_SESSION = (
    select(func.min(_PRESCRIPTIONS.c.id))
    .where(_PRESCRIPTIONS.c.performed_session_id == bindparam("session_id"))
    .scalar_subquery()
)
_RX_BEFORE_SESSION = (
    select(_PRESCRIPTIONS)
    .where(
        _PRESCRIPTIONS.c.program_id == bindparam("program_id"),
        _PRESCRIPTIONS.c.planned_exercise_id == bindparam("slot"),
        _PRESCRIPTIONS.c.id < _FIRST_OF_SESSION,
    )
    .order_by(_PRESCRIPTIONS.c.id.desc())
    .limit(1)
)
