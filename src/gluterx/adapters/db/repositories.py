"""Every query lives here: one small repository per aggregate, all on the unit of work's session."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple, cast

from sqlalchemy import ColumnElement, Date, Row, Select, Table, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session, selectinload

from gluterx.adapters.db.models import (
    AccountRow,
    ApiTokenRow,
    CheckinRow,
    LoginAttemptRow,
    PerformedExerciseRow,
    PerformedSessionRow,
    Person,
    PlannedSessionRow,
    PrescriptionRow,
    ProfileRow,
    ProgramRow,
    SetRow,
)


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
        sessions: list[dict[str, Any]],
        active: bool = True,
        **extra: Any,
    ) -> ProgramRow:
        """A new programme with its planned sessions; when active, older programmes stay but go inactive."""
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
            sessions=[PlannedSessionRow(**s) for s in sessions],
            **extra,
        )
        self.session.add(program)
        self.session.flush()
        return program

    def planned_on(self, program_id: int, day: date) -> PlannedSessionRow | None:
        stmt = select(PlannedSessionRow).where(
            PlannedSessionRow.program_id == program_id, PlannedSessionRow.date == day
        )
        return self.session.scalars(stmt).first()

    def planned_from(self, program_id: int, day: date, *, limit: int = 2) -> Sequence[Row[Any]]:
        """The planned sessions on or after `day`, soonest first (the day's own, if any, and the ones after it).

        Read-only rows with the PlannedSessionRow fields as attributes (no ORM objects: this runs on every request).
        """
        return self.session.execute(_PLANNED_FROM, {"program_id": program_id, "day": day, "limit": limit}).all()

    def next_planned(self, program_id: int, after: date) -> PlannedSessionRow | None:
        stmt = (
            select(PlannedSessionRow)
            .where(PlannedSessionRow.program_id == program_id, PlannedSessionRow.date > after)
            .order_by(PlannedSessionRow.date)
            .limit(1)
        )
        return self.session.scalars(stmt).first()

    def planned_between(self, program_id: int, first: date, last: date) -> Sequence[PlannedSessionRow]:
        stmt = (
            select(PlannedSessionRow)
            .where(
                PlannedSessionRow.program_id == program_id,
                PlannedSessionRow.date >= first,
                PlannedSessionRow.date <= last,
            )
            .order_by(PlannedSessionRow.date)
        )
        return self.session.scalars(stmt).all()


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
    def __init__(self, session: Session) -> None:
        self.session = session

    def current(self, program_id: int, planned_exercise_id: str) -> PrescriptionRow | None:
        stmt = (
            select(PrescriptionRow)
            .where(PrescriptionRow.program_id == program_id, PrescriptionRow.planned_exercise_id == planned_exercise_id)
            .order_by(PrescriptionRow.id.desc())
            .limit(1)
        )
        return self.session.scalars(stmt).first()

    def current_for_slots(self, program_id: int, planned_exercise_ids: Sequence[str]) -> dict[str, Row[Any]]:
        """The newest prescription of each of these slots that has one, in one query (not one per slot).

        Read-only rows with the PrescriptionRow fields as attributes.
        """
        if not planned_exercise_ids:
            return {}
        slots = list(dict.fromkeys(planned_exercise_ids))
        params: dict[str, Any] = {"program_id": program_id} | {f"slot{i}": slot for i, slot in enumerate(slots)}
        return {row.planned_exercise_id: row for row in self.session.execute(_current_for_slots(len(slots)), params)}

    def add_many(self, rows: list[dict[str, Any]]) -> None:
        """Several prescriptions in one batched INSERT (every row with the same fields)."""
        if rows:
            self.session.execute(_INSERT_PRESCRIPTION, rows)

    def current_for_program(self, program_id: int) -> dict[str, PrescriptionRow]:
        stmt = select(PrescriptionRow).where(PrescriptionRow.program_id == program_id).order_by(PrescriptionRow.id)
        return {row.planned_exercise_id: row for row in self.session.scalars(stmt)}

    def before_session(
        self, program_id: int, planned_exercise_id: str, performed_session_id: int
    ) -> PrescriptionRow | None:
        """The newest prescription for the slot written before that session's first one."""
        first = (
            select(func.min(PrescriptionRow.id))
            .where(PrescriptionRow.performed_session_id == performed_session_id)
            .scalar_subquery()
        )
        stmt = (
            select(PrescriptionRow)
            .where(
                PrescriptionRow.program_id == program_id,
                PrescriptionRow.planned_exercise_id == planned_exercise_id,
                PrescriptionRow.id < first,
            )
            .order_by(PrescriptionRow.id.desc())
            .limit(1)
        )
        return self.session.scalars(stmt).first()

    def from_session(self, performed_session_id: int) -> Sequence[PrescriptionRow]:
        stmt = select(PrescriptionRow).where(PrescriptionRow.performed_session_id == performed_session_id)
        return self.session.scalars(stmt.order_by(PrescriptionRow.id)).all()

    def create(self, **fields: Any) -> PrescriptionRow:
        row = PrescriptionRow(**fields)
        self.session.add(row)
        self.session.flush()
        return row

    def for_person(self, person_id: int) -> Sequence[PrescriptionRow]:
        stmt = select(PrescriptionRow).where(PrescriptionRow.person_id == person_id).order_by(PrescriptionRow.id)
        return self.session.scalars(stmt).all()


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
_PLANNED_FROM = (
    select(PlannedSessionRow.__table__)
    .where(PlannedSessionRow.program_id == bindparam("program_id"), PlannedSessionRow.date >= bindparam("day"))
    .order_by(PlannedSessionRow.date)
    .limit(bindparam("limit"))
)


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
_INSERT_PRESCRIPTION = insert(cast(Table, PrescriptionRow.__table__))
