"""An in-memory store that fits the services' port (services/ports.py), for unit tests of the use cases.

Dicts and lists of the same read models the SQL store returns. A unit of work works on a copy of what was committed:
`commit()` keeps its changes, leaving `with uow:` without it keeps none, so a use case that fails stores nothing.
mypy checks this module against the Protocols (`[tool.mypy] files` in pyproject.toml, and `_is_a_unit_of_work`).
"""

from __future__ import annotations

import uuid
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from itertools import count
from types import TracebackType
from typing import Any

from gluterx.domain.care import ClinicianKind, Direction, PracticeRole
from gluterx.domain.outcomes import Answers
from gluterx.domain.planner.adjustments import Adjustment, Author, Change
from gluterx.domain.progression import Prescription
from gluterx.domain.schedule import ScheduledSession
from gluterx.services.backup_records import (
    AccountOf,
    AckOf,
    CareOf,
    ClinicianOf,
    GrantOf,
    InvitationOf,
    PracticeInvitationOf,
    PracticeOf,
    ReadOf,
    ScheduleOf,
    WrittenOf,
)
from gluterx.services.care_records import (
    CareMessageRecord,
    CareNoteRecord,
    CaseloadInputs,
    ClinicianRecord,
    GrantRecord,
    InvitationRecord,
    PracticeInvitationRecord,
)
from gluterx.services.ports import UnitOfWork
from gluterx.services.records import (
    AccountRecord,
    FailureCounts,
    HistoryRow,
    LoggedExercise,
    LoggedSession,
    LoggedSet,
    NoticeRecord,
    PersonRecord,
    PersonSettings,
    ProfileRecord,
    ProgramRecord,
    SessionInfo,
    SignedInRecord,
    StoredCheckin,
    StoredKey,
    StoredOutcome,
    StoredPrescription,
    TokenInfo,
    UserRecord,
)

__all__ = ["FakeUnitOfWork"]

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)  # every "created at" of the fake: no clock in unit tests

_SET_DEFAULTS: dict[str, Any] = {
    "load": None,
    "unit": "kg",
    "band": None,
    "rir": None,
    "rpe": None,
    "duration_s": None,
    "e1rm_kg": None,
    "warmup": False,
}


@dataclass(frozen=True, slots=True)
class _Rx:
    id: int
    person_id: int
    record: StoredPrescription
    created_at: datetime


@dataclass(frozen=True, slots=True)
class _Attempt:
    email: str
    client: str
    success: bool
    at: datetime


@dataclass(frozen=True, slots=True)
class _Token:
    info: TokenInfo
    account_id: int
    revoked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class _WebSession:
    info: SessionInfo
    account_id: int
    revoked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class _Notice:
    account_id: int
    record: NoticeRecord
    seen: bool = False


@dataclass
class _State:
    """Everything stored. The records in it are immutable, so a copy of the containers is a snapshot."""

    people: dict[int, PersonRecord] = field(default_factory=dict)
    profiles: list[ProfileRecord] = field(default_factory=list)
    programs: dict[int, ProgramRecord] = field(default_factory=dict)
    planned: dict[int, list[ScheduledSession]] = field(default_factory=dict)
    sessions: list[tuple[int, LoggedSession]] = field(default_factory=list)  # (person id, session)
    checkins: dict[tuple[int, date], StoredCheckin] = field(default_factory=dict)
    prescriptions: list[_Rx] = field(default_factory=list)
    accounts: dict[int, AccountRecord] = field(default_factory=dict)
    tokens: dict[str, _Token] = field(default_factory=dict)  # by token hash
    last_login: dict[int, datetime] = field(default_factory=dict)
    attempts: list[_Attempt] = field(default_factory=list)
    outcomes: dict[tuple[int, date], StoredOutcome] = field(default_factory=dict)
    web_sessions: dict[str, _WebSession] = field(default_factory=dict)  # by token hash
    notices: list[_Notice] = field(default_factory=list)
    idempotency_keys: dict[tuple[int, str], StoredKey] = field(default_factory=dict)  # by (person id, key)
    care: _CareState = field(default_factory=lambda: _CareState())
    settings: dict[int, PersonSettings] = field(default_factory=dict)
    adjustments: list[tuple[int, int, Adjustment]] = field(default_factory=list)  # (person id, programme id, it)
    account_created: dict[int, datetime] = field(default_factory=dict)  # by account id

    def copy(self) -> _State:
        return _State(
            dict(self.people),
            list(self.profiles),
            dict(self.programs),
            dict(self.planned),
            list(self.sessions),
            dict(self.checkins),
            list(self.prescriptions),
            dict(self.accounts),
            dict(self.tokens),
            dict(self.last_login),
            list(self.attempts),
            dict(self.outcomes),
            dict(self.web_sessions),
            list(self.notices),
            dict(self.idempotency_keys),
            self.care.copy(),
            dict(self.settings),
            list(self.adjustments),
            dict(self.account_created),
        )


class _Ids:
    """Ids never come back, committed or not (like a database's sequences)."""

    def __init__(self) -> None:
        self._next = count(1)

    def __call__(self) -> int:
        return next(self._next)


class FakePeople:
    def __init__(self, state: _State, ids: _Ids) -> None:
        self.state, self.ids = state, ids

    def local(self) -> PersonRecord | None:
        return self.state.people[min(self.state.people)] if self.state.people else None

    def get(self, person_id: int) -> PersonRecord | None:
        return self.state.people.get(person_id)

    def add(
        self,
        *,
        display_name: str = "",
        role: str = "person",
        person_uuid: str | None = None,
        created_at: datetime | None = None,
    ) -> PersonRecord:
        person = PersonRecord(self.ids(), person_uuid or str(uuid.uuid4()), display_name, role, created_at or NOW)
        self.state.people[person.id] = person
        return person

    def all(self) -> Sequence[PersonRecord]:
        return [self.state.people[i] for i in sorted(self.state.people)]

    def delete(self, person_id: int) -> bool:
        s = self.state
        if s.people.pop(person_id, None) is None:
            return False
        accounts = {a.id for a in s.accounts.values() if a.person_id == person_id}
        programs = {p.id for p in s.programs.values() if p.person_id == person_id}
        s.profiles = [p for p in s.profiles if p.person_id != person_id]
        s.programs = {i: p for i, p in s.programs.items() if i not in programs}
        s.planned = {i: p for i, p in s.planned.items() if i not in programs}
        s.sessions = [(who, x) for who, x in s.sessions if who != person_id]
        s.checkins = {k: c for k, c in s.checkins.items() if k[0] != person_id}
        s.prescriptions = [r for r in s.prescriptions if r.person_id != person_id]
        s.outcomes = {k: o for k, o in s.outcomes.items() if k[0] != person_id}
        s.accounts = {i: a for i, a in s.accounts.items() if i not in accounts}
        s.tokens = {h: t for h, t in s.tokens.items() if t.account_id not in accounts}
        s.web_sessions = {h: w for h, w in s.web_sessions.items() if w.account_id not in accounts}
        s.notices = [n for n in s.notices if n.account_id not in accounts]
        s.last_login = {i: t for i, t in s.last_login.items() if i not in accounts}
        s.settings.pop(person_id, None)
        return True

    def delete_all(self) -> None:
        fresh = _State()
        for name in fresh.__dataclass_fields__:
            if name not in ("attempts",):
                setattr(self.state, name, getattr(fresh, name))


class FakeProfiles:
    def __init__(self, state: _State, ids: _Ids) -> None:
        self.state, self.ids = state, ids

    def all(self, person_id: int) -> Sequence[ProfileRecord]:
        return sorted((p for p in self.state.profiles if p.person_id == person_id), key=lambda p: p.version)

    def latest(self, person_id: int) -> ProfileRecord | None:
        versions = self.all(person_id)
        return versions[-1] if versions else None

    def latest_data(self, person_id: int) -> dict[str, Any] | None:
        latest = self.latest(person_id)
        return latest.data if latest is not None else None

    def add_version(self, person_id: int, data: dict[str, Any]) -> ProfileRecord:
        latest = self.latest(person_id)
        if latest is not None and latest.data == data:
            return latest
        version = latest.version + 1 if latest is not None else 1
        return self.restore(person_id, version=version, data=data, created_at=NOW)

    def restore(self, person_id: int, *, version: int, data: dict[str, Any], created_at: datetime) -> ProfileRecord:
        profile = ProfileRecord(self.ids(), person_id, version, dict(data), created_at)
        self.state.profiles.append(profile)
        return profile


class FakePrograms:
    def __init__(self, state: _State, ids: _Ids) -> None:
        self.state, self.ids = state, ids

    def active(self, person_id: int) -> ProgramRecord | None:
        found = [p for p in self.all(person_id) if p.active]
        return found[-1] if found else None

    def all(self, person_id: int) -> Sequence[ProgramRecord]:
        return [p for i, p in sorted(self.state.programs.items()) if p.person_id == person_id]

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
        if active:
            for older in self.all(person_id):
                self.state.programs[older.id] = replace(older, active=False)
        program = ProgramRecord(
            self.ids(), person_id, profile_id, start_date, weeks, status, screening, active, created_at or NOW
        )
        self.state.programs[program.id] = program
        self.state.planned[program.id] = sorted(sessions, key=lambda s: s.date)
        return program

    def planned_on(self, program_id: int, day: date) -> ScheduledSession | None:
        return next((s for s in self.planned_all(program_id) if s.date == day), None)

    def planned_from(self, program_id: int, day: date, *, limit: int = 2) -> list[ScheduledSession]:
        return [s for s in self.planned_all(program_id) if s.date >= day][:limit]

    def planned_between(self, program_id: int, first: date, last: date) -> list[ScheduledSession]:
        return [s for s in self.planned_all(program_id) if first <= s.date <= last]

    def planned_all(self, program_id: int) -> list[ScheduledSession]:
        return list(self.state.planned.get(program_id, []))

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
        kept = [s for s in self.planned_all(program_id) if s.date < day]
        self.state.planned[program_id] = kept + sorted((s for s in sessions if s.date >= day), key=lambda s: s.date)
        self.state.programs[program_id] = replace(
            self.state.programs[program_id], profile_id=profile_id, weeks=weeks, status=status, screening=screening
        )


class FakeSessions:
    def __init__(self, state: _State, ids: _Ids) -> None:
        self.state, self.ids = state, ids

    def add(
        self,
        *,
        person_id: int,
        day: date,
        notes: str,
        exercises: Sequence[Mapping[str, Any]],
        leg_symptoms_spread: bool | None = None,
        duration_s: int | None = None,
        session_rpe: float | None = None,
    ) -> int:
        return self.create(
            person_id=person_id,
            day=day,
            notes=notes,
            exercises=exercises,
            leg_symptoms_spread=leg_symptoms_spread,
            duration_s=duration_s,
            session_rpe=session_rpe,
        )

    def create(
        self,
        *,
        person_id: int,
        day: date,
        notes: str,
        exercises: Sequence[Mapping[str, Any]],
        duration_s: int | None = None,
        session_rpe: float | None = None,
        source: str = "gluterx",
        source_key: str | None = None,
        created_at: datetime | None = None,
        leg_symptoms_spread: bool | None = None,
    ) -> int:
        logged = [
            LoggedExercise(
                ex["exercise_id"],
                ex["pain_during"],
                list(ex["felt_in"]),
                [LoggedSet(**(_SET_DEFAULTS | dict(s))) for s in ex["sets"]],
            )
            for ex in exercises
        ]
        session = LoggedSession(
            self.ids(),
            day,
            notes,
            duration_s,
            session_rpe,
            source,
            source_key,
            created_at or NOW,
            leg_symptoms_spread,
            logged,
        )
        self.state.sessions.append((person_id, session))
        return session.id

    def add_imported(self, person_id: int, sessions: Sequence[Mapping[str, Any]]) -> int:
        for s in sessions:
            self.create(
                person_id=person_id,
                day=s["date"],
                notes=s.get("notes", ""),
                exercises=s["exercises"],
                duration_s=s.get("duration_s"),
                source=s.get("source", "gluterx"),
                source_key=s.get("source_key"),
            )
        return sum(len(ex["sets"]) for s in sessions for ex in s["exercises"])

    def restore_many(self, person_id: int, sessions: Sequence[Mapping[str, Any]]) -> list[int]:
        return [
            self.create(
                person_id=person_id,
                day=s["date"],
                notes=s["notes"],
                exercises=s["exercises"],
                duration_s=s["duration_s"],
                session_rpe=s["session_rpe"],
                source=s["source"],
                source_key=s["source_key"],
                created_at=s["created_at"],
                leg_symptoms_spread=s.get("leg_symptoms_spread"),
            )
            for s in sessions
        ]

    def logged(self, person_id: int, *, session_id: int | None = None) -> list[LoggedSession]:
        mine = sorted((s for who, s in self.state.sessions if who == person_id), key=lambda s: (s.date, s.id))
        return mine if session_id is None else [s for s in mine if s.id == session_id]

    def on(self, person_id: int, day: date) -> list[LoggedSession]:
        return [s for s in self.logged(person_id) if s.date == day]

    def history_rows(self, person_id: int) -> list[HistoryRow]:
        rows = []
        for s in self.logged(person_id):
            head = (s.id, s.date, s.duration_s, s.session_rpe)
            if not s.exercises:
                rows.append(HistoryRow(*head, None, None, None, None, None, None, None, None))
            for e in s.exercises:
                if not e.sets:
                    rows.append(HistoryRow(*head, e.exercise_id, e.pain_during, None, None, None, None, None, None))
                for x in e.sets:
                    rows.append(
                        HistoryRow(*head, e.exercise_id, e.pain_during, x.reps, x.load, x.unit, x.rir, x.rpe, x.warmup)
                    )
        return rows

    def last_date(self, person_id: int, *, before: date | None = None) -> date | None:
        dates = [s.date for s in self.logged(person_id) if before is None or s.date < before]
        return max(dates, default=None)

    def source_keys(self, person_id: int, source: str) -> set[str]:
        return {s.source_key for s in self.logged(person_id) if s.source == source and s.source_key is not None}

    def felt_in_history(
        self, person_id: int, exercise_ids: Sequence[str], *, before: date, sessions: int
    ) -> dict[str, list[list[str]]]:
        found: dict[str, list[list[str]]] = {exercise_id: [] for exercise_id in exercise_ids}
        recent = sorted(
            (s for s in self.logged(person_id) if s.date < before), key=lambda s: (s.date, s.id), reverse=True
        )
        for s in recent[:sessions]:
            for e in reversed(s.exercises):  # newest first, as the store orders them
                if e.exercise_id in found:
                    found[e.exercise_id].append(list(e.felt_in))
        return found

    def pain_by_day(self, person_id: int, *, since: date, until: date) -> list[tuple[date, int]]:
        found: dict[date, int] = {}
        for s in self.logged(person_id):
            if since <= s.date <= until:
                found[s.date] = max([found.get(s.date, 0), *(e.pain_during for e in s.exercises)])
        return sorted(found.items())

    def update(
        self,
        person_id: int,
        session_id: int,
        *,
        day: date,
        notes: str,
        exercises: Sequence[Mapping[str, Any]],
        leg_symptoms_spread: bool | None,
    ) -> bool:
        for i, (who, s) in enumerate(self.state.sessions):
            if who == person_id and s.id == session_id:
                logged = [
                    LoggedExercise(
                        ex["exercise_id"],
                        ex["pain_during"],
                        list(ex["felt_in"]),
                        [LoggedSet(**(_SET_DEFAULTS | dict(x))) for x in ex["sets"]],
                    )
                    for ex in exercises
                ]
                changed = s._replace(date=day, notes=notes, leg_symptoms_spread=leg_symptoms_spread, exercises=logged)
                self.state.sessions[i] = (who, changed)
                return True
        return False

    def delete(self, person_id: int, session_id: int) -> bool:
        kept = [(who, s) for who, s in self.state.sessions if not (who == person_id and s.id == session_id)]
        found = len(kept) < len(self.state.sessions)
        self.state.sessions[:] = kept
        return found

    def page(self, person_id: int, *, offset: int, limit: int) -> list[LoggedSession]:
        newest = sorted(self.logged(person_id), key=lambda s: (s.date, s.id), reverse=True)
        return newest[offset : offset + limit]

    def count(self, person_id: int) -> int:
        return len(self.logged(person_id))

    def last_sets(
        self, person_id: int, exercise_ids: Sequence[str], *, before: date
    ) -> dict[str, tuple[date, list[LoggedSet]]]:
        found: dict[str, tuple[date, list[LoggedSet]]] = {}
        for s in reversed([s for s in self.logged(person_id) if s.date < before]):  # newest first
            for e in s.exercises:
                if e.exercise_id in exercise_ids and e.exercise_id not in found and e.sets:
                    found[e.exercise_id] = (s.date, list(e.sets))
        return found

    def logged_ids(self, person_id: int) -> list[int]:
        return [s.id for s in self.logged(person_id)]

    def logged_pages(self, person_id: int, size: int) -> Iterator[list[LoggedSession]]:
        mine = self.logged(person_id)
        for start in range(0, len(mine), size):
            yield mine[start : start + size]


class FakeCheckins:
    def __init__(self, state: _State) -> None:
        self.state = state

    def upsert(self, person_id: int, day: date, pain: int, *, soreness: int | None = None) -> None:
        earlier = self.state.checkins.get((person_id, day))
        created = earlier.created_at if earlier else NOW
        self.state.checkins[(person_id, day)] = StoredCheckin(day, pain, created, soreness)

    def restore(
        self, person_id: int, *, day: date, pain: int, created_at: datetime, soreness: int | None = None
    ) -> None:
        self.state.checkins[(person_id, day)] = StoredCheckin(day, pain, created_at, soreness)

    def for_person(self, person_id: int) -> Sequence[StoredCheckin]:
        return sorted((c for (who, _), c in self.state.checkins.items() if who == person_id), key=lambda c: c.date)

    def pain_between(self, person_id: int, *, since: date, until: date, latest: int = 2) -> list[tuple[date, int]]:
        upto = [(c.date, c.pain) for c in self.for_person(person_id) if c.date <= until]
        window = {(d, p) for d, p in upto if d >= since}
        return sorted(window | set(upto[-latest:]))


class FakeOutcomes:
    def __init__(self, state: _State) -> None:
        self.state = state

    def upsert(self, person_id: int, answers: Answers) -> None:
        earlier = self.state.outcomes.get((person_id, answers.date))
        self.state.outcomes[(person_id, answers.date)] = StoredOutcome(answers, earlier.created_at if earlier else NOW)

    def restore(self, person_id: int, answers: Answers, *, created_at: datetime) -> None:
        self.state.outcomes[(person_id, answers.date)] = StoredOutcome(answers, created_at)

    def for_person(self, person_id: int) -> list[StoredOutcome]:
        mine = (o for (who, _), o in self.state.outcomes.items() if who == person_id)
        return sorted(mine, key=lambda o: o.answers.date)


class FakePrescriptions:
    def __init__(self, state: _State, ids: _Ids) -> None:
        self.state, self.ids = state, ids

    def current_for_slots(self, program_id: int, planned_exercise_ids: Sequence[str]) -> dict[str, Prescription]:
        slots = set(planned_exercise_ids)
        newest = {}
        for rx in self.state.prescriptions:  # oldest first, so the newest of a slot wins
            if rx.record.program_id == program_id and rx.record.planned_exercise_id in slots:
                newest[rx.record.planned_exercise_id] = rx.record.prescription
        return newest

    def add_many(self, records: Sequence[StoredPrescription], *, person_id: int) -> None:
        for record in records:
            self.create(record, person_id=person_id)

    def create(self, record: StoredPrescription, *, person_id: int, created_at: datetime | None = None) -> int:
        rx = _Rx(self.ids(), person_id, record, created_at or NOW)
        self.state.prescriptions.append(rx)
        return rx.id

    def before_session(
        self, program_id: int, planned_exercise_id: str, performed_session_id: int | None
    ) -> Prescription | None:
        of_session = [
            rx.id for rx in self.state.prescriptions if rx.record.performed_session_id == performed_session_id
        ]
        if performed_session_id is None or not of_session:
            return None
        earlier = [
            rx.record.prescription
            for rx in self.state.prescriptions
            if rx.record.program_id == program_id
            and rx.record.planned_exercise_id == planned_exercise_id
            and rx.id < min(of_session)
        ]
        return earlier[-1] if earlier else None

    def from_session(self, performed_session_id: int) -> list[StoredPrescription]:
        return [rx.record for rx in self.state.prescriptions if rx.record.performed_session_id == performed_session_id]

    def dated_for_person(self, person_id: int) -> list[tuple[StoredPrescription, datetime]]:
        return [(rx.record, rx.created_at) for rx in self.state.prescriptions if rx.person_id == person_id]

    def delete_from_sessions(self, session_ids: Sequence[int], *, program_id: int | None = None) -> None:
        gone = set(session_ids)
        self.state.prescriptions[:] = [
            rx
            for rx in self.state.prescriptions
            if rx.record.performed_session_id not in gone or program_id not in (None, rx.record.program_id)
        ]

    def restore_many(self, rows: Sequence[tuple[StoredPrescription, datetime]], *, person_id: int) -> None:
        for record, created_at in rows:
            self.create(record, person_id=person_id, created_at=created_at)


class FakeAccounts:
    def __init__(self, state: _State, ids: _Ids) -> None:
        self.state, self.ids = state, ids

    def by_email(self, email: str) -> AccountRecord | None:
        return next((a for a in self.state.accounts.values() if a.email == email), None)

    def by_id(self, account_id: int) -> AccountRecord | None:
        return self.state.accounts.get(account_id)

    def create(self, *, email: str, password_hash: str, person_id: int) -> AccountRecord:
        account = AccountRecord(self.ids(), email, password_hash, person_id)
        self.state.accounts[account.id] = account
        self.state.account_created[account.id] = datetime.now(UTC)
        return account

    def signed_in(self, account_id: int, *, at: datetime, password_hash: str | None = None) -> None:
        self.state.last_login[account_id] = at
        if password_hash is not None:
            self.set_password(account_id, password_hash)

    def set_email(self, account_id: int, email: str) -> None:
        self.state.accounts[account_id] = replace(self.state.accounts[account_id], email=email)

    def set_password(self, account_id: int, password_hash: str) -> None:
        self.state.accounts[account_id] = replace(self.state.accounts[account_id], password_hash=password_hash)

    def user(self, account_id: int) -> UserRecord | None:
        account = self.state.accounts.get(account_id)
        if account is None:
            return None
        person = self.state.people[account.person_id]
        return UserRecord(account.id, account.person_id, account.email, person.display_name, person.role)

    # browser sessions
    def add_session(
        self, *, account_id: int, token_hash: str, at: datetime, expires_at: datetime, user_agent: str, client: str
    ) -> None:
        info = SessionInfo(self.ids(), at, at, expires_at, user_agent[:200], client[:64], token_hash)
        self.state.web_sessions[token_hash] = _WebSession(info, account_id)

    def _live_session(self, token_hash: str, now: datetime) -> _WebSession | None:
        found = self.state.web_sessions.get(token_hash)
        return found if found is not None and found.revoked_at is None and found.info.expires_at > now else None

    def user_by_session(self, token_hash: str, *, now: datetime) -> SignedInRecord | None:
        found = self._live_session(token_hash, now)
        user = self.user(found.account_id) if found is not None else None
        return SignedInRecord(user, found.info.last_seen_at) if found is not None and user is not None else None

    def session_seen(self, token_hash: str, *, at: datetime) -> None:
        found = self.state.web_sessions.get(token_hash)
        if found is not None:
            self.state.web_sessions[token_hash] = replace(found, info=replace(found.info, last_seen_at=at))

    def sessions_of(self, account_id: int, *, now: datetime) -> list[SessionInfo]:
        live = [s.info for h, s in self.state.web_sessions.items()
                if s.account_id == account_id and self._live_session(h, now) is not None]  # fmt: skip
        return sorted(live, key=lambda s: (s.last_seen_at, s.id), reverse=True)

    def revoke_sessions(self, account_id: int, *, at: datetime, keep: str | None = None) -> int:
        ended = [h for h, s in self.state.web_sessions.items()
                 if s.account_id == account_id and h != keep and self._live_session(h, at) is not None]  # fmt: skip
        for token_hash in ended:
            self.state.web_sessions[token_hash] = replace(self.state.web_sessions[token_hash], revoked_at=at)
        return len(ended)

    def revoke_session(self, token_hash: str, *, at: datetime) -> None:
        found = self.state.web_sessions.get(token_hash)
        if found is not None and found.revoked_at is None:
            self.state.web_sessions[token_hash] = replace(found, revoked_at=at)

    def revoke_session_id(self, account_id: int, session_id: int, *, at: datetime) -> bool:
        for token_hash, found in self.state.web_sessions.items():
            live = self._live_session(token_hash, at) is not None
            if found.info.id == session_id and found.account_id == account_id and live:
                self.state.web_sessions[token_hash] = replace(found, revoked_at=at)
                return True
        return False

    # API tokens
    def add_token(
        self, *, account_id: int, token_hash: str, name: str, at: datetime, expires_at: datetime
    ) -> TokenInfo:
        info = TokenInfo(self.ids(), name, at, None, expires_at)
        self.state.tokens[token_hash] = _Token(info, account_id)
        return info

    def _live_token(self, token_hash: str, now: datetime) -> _Token | None:
        found = self.state.tokens.get(token_hash)
        return found if found is not None and found.revoked_at is None and found.info.expires_at > now else None

    def user_by_token(self, token_hash: str, *, now: datetime) -> SignedInRecord | None:
        found = self._live_token(token_hash, now)
        user = self.user(found.account_id) if found is not None else None
        return SignedInRecord(user, found.info.last_used_at) if found is not None and user is not None else None

    def token_used(self, token_hash: str, *, at: datetime) -> None:
        found = self.state.tokens.get(token_hash)
        if found is not None:
            self.state.tokens[token_hash] = replace(found, info=replace(found.info, last_used_at=at))

    def tokens_of(self, account_id: int, *, now: datetime) -> list[TokenInfo]:
        live = [t.info for h, t in self.state.tokens.items()
                if t.account_id == account_id and self._live_token(h, now) is not None]  # fmt: skip
        return sorted(live, key=lambda t: (t.created_at, t.id), reverse=True)

    def revoke_token(self, account_id: int, token_id: int, *, at: datetime) -> bool:
        for token_hash, found in self.state.tokens.items():
            live = self._live_token(token_hash, at) is not None
            if found.info.id == token_id and found.account_id == account_id and live:
                self.state.tokens[token_hash] = replace(found, revoked_at=at)
                return True
        return False

    def revoke_tokens(self, account_id: int, *, at: datetime) -> int:
        ended = [h for h, t in self.state.tokens.items()
                 if t.account_id == account_id and self._live_token(h, at) is not None]  # fmt: skip
        for token_hash in ended:
            self.state.tokens[token_hash] = replace(self.state.tokens[token_hash], revoked_at=at)
        return len(ended)

    # the throttle
    def record_attempt(self, *, email: str, client: str, success: bool, at: datetime) -> None:
        self.state.attempts.append(_Attempt(email, client, success, at))

    def failures(self, *, email: str, client: str, pair_since: datetime, client_since: datetime) -> FailureCounts:
        pair = [a for a in self.state.attempts if a.email == email and a.client == client]
        successes = [a.at for a in pair if a.success]
        since = max([pair_since, *successes])
        pair_failed = [a.at for a in pair if not a.success and a.at >= since and a.at not in successes]
        by_client = [a.at for a in self.state.attempts if a.client == client and not a.success and a.at >= client_since]
        return FailureCounts(
            len(pair_failed), max(pair_failed, default=None), len(by_client), min(by_client, default=None)
        )

    def forget_old(self, *, attempts_before: datetime, now: datetime) -> None:
        self.state.attempts = [a for a in self.state.attempts if a.at >= attempts_before]
        self.state.web_sessions = {
            h: s for h, s in self.state.web_sessions.items() if s.revoked_at is None and s.info.expires_at > now
        }

    # notices
    def add_notice(self, account_id: int, *, kind: str, at: datetime) -> None:
        self.state.notices.append(_Notice(account_id, NoticeRecord(kind, at)))

    def unseen_notices(self, account_id: int) -> list[NoticeRecord]:
        return [n.record for n in self.state.notices if n.account_id == account_id and not n.seen]

    def notices_seen(self, account_id: int, *, at: datetime) -> None:
        self.state.notices = [replace(n, seen=True) if n.account_id == account_id else n for n in self.state.notices]

    # backups
    def account_of(self, person_id: int) -> AccountOf | None:
        found = next((a for a in self.state.accounts.values() if a.person_id == person_id), None)
        if found is None:
            return None
        return AccountOf(found.email, found.password_hash, self.state.account_created[found.id])

    def restore_account(self, person_id: int, account: AccountOf) -> None:
        made = self.create(email=account.email, password_hash=account.password_hash, person_id=person_id)
        self.state.account_created[made.id] = account.created_at


class FakeIdempotency:
    def __init__(self, state: _State) -> None:
        self.state = state

    def find(self, person_id: int, key: str) -> StoredKey | None:
        return self.state.idempotency_keys.get((person_id, key))

    def claim(self, person_id: int, key: str, request_hash: str, session_id: int, *, now: datetime) -> bool:
        if (person_id, key) in self.state.idempotency_keys:
            return False
        self.state.idempotency_keys[(person_id, key)] = StoredKey(key, request_hash, session_id, now)
        return True

    def forget_before(self, person_id: int, cutoff: datetime) -> None:
        keys = self.state.idempotency_keys
        for found in [k for k, v in keys.items() if k[0] == person_id and v.created_at < cutoff]:
            del keys[found]


@dataclass
class _Clinician:
    person_id: int
    kind: ClinicianKind
    practice_id: int | None
    practice_role: PracticeRole | None


@dataclass
class _CareState:
    """Care (issue 16): every record is immutable, so copying the containers is a snapshot."""

    practices: dict[int, str] = field(default_factory=dict)
    clinicians: dict[int, _Clinician] = field(default_factory=dict)  # by person id
    invitations: dict[str, InvitationRecord] = field(default_factory=dict)  # by code hash
    grants: dict[int, GrantRecord] = field(default_factory=dict)
    messages: list[CareMessageRecord] = field(default_factory=list)
    notes: list[CareNoteRecord] = field(default_factory=list)
    acks: set[tuple[int, str]] = field(default_factory=set)
    intervals: dict[int, int] = field(default_factory=dict)
    # what a backup reads besides: when a practice or clinician was made (by id), who used a code (by its hash),
    # a grant's code (by grant id), who acknowledged an alert or set an interval and when
    made_at: dict[tuple[str, int], datetime] = field(default_factory=dict)
    used_by: dict[str, int] = field(default_factory=dict)
    grant_codes: dict[int, str] = field(default_factory=dict)
    by: dict[tuple[int, str], tuple[int | None, datetime]] = field(default_factory=dict)
    # by id: (the invitation, accepted)
    practice_invites: dict[int, tuple[PracticeInvitationRecord, bool]] = field(default_factory=dict)
    reads: dict[tuple[int, int], int] = field(default_factory=dict)  # (client, reader): latest message id seen
    # for backups: when a practice invitation was accepted (by its id), when a read mark last moved
    accepted_at: dict[int, datetime] = field(default_factory=dict)
    read_at: dict[tuple[int, int], datetime] = field(default_factory=dict)

    def copy(self) -> _CareState:
        return _CareState(
            dict(self.practices),
            {k: replace(v) for k, v in self.clinicians.items()},
            dict(self.invitations),
            dict(self.grants),
            list(self.messages),
            list(self.notes),
            set(self.acks),
            dict(self.intervals),
            dict(self.made_at),
            dict(self.used_by),
            dict(self.grant_codes),
            dict(self.by),
            dict(self.practice_invites),
            dict(self.reads),
            dict(self.accepted_at),
            dict(self.read_at),
        )


class FakeCare:
    def __init__(self, care: _CareState, ids: _Ids, state: _State) -> None:
        self.c, self.ids, self.state = care, ids, state

    def _record(self, found: _Clinician) -> ClinicianRecord:
        person = self.state.people.get(found.person_id)
        practice = self.c.practices.get(found.practice_id) if found.practice_id is not None else None
        return ClinicianRecord(
            found.person_id, person.display_name if person else "", found.kind, found.practice_id, practice,
            found.practice_role,
        )  # fmt: skip

    def clinician(self, person_id: int) -> ClinicianRecord | None:
        found = self.c.clinicians.get(person_id)
        return self._record(found) if found is not None else None

    def add_clinician(
        self, person_id: int, *, kind: ClinicianKind, practice_name: str | None, at: datetime
    ) -> ClinicianRecord:
        practice_id, role = None, None
        if practice_name:
            practice_id, role = self.ids(), PracticeRole.OWNER
            self.c.practices[practice_id] = practice_name
            self.c.made_at[("practice", practice_id)] = at
        self.c.clinicians[person_id] = _Clinician(person_id, kind, practice_id, role)
        self.c.made_at[("clinician", person_id)] = at
        return self._record(self.c.clinicians[person_id])

    def join_practice(self, person_id: int, practice_id: int) -> None:
        if person_id in self.c.clinicians:
            self.c.clinicians[person_id] = replace(
                self.c.clinicians[person_id], practice_id=practice_id, practice_role=PracticeRole.MEMBER
            )

    def practice_members(self, practice_id: int) -> list[ClinicianRecord]:
        return [self._record(c) for _, c in sorted(self.c.clinicians.items()) if c.practice_id == practice_id]

    def add_invitation(
        self, *, code_hash: str, direction: Direction, from_person_id: int, at: datetime, expires_at: datetime
    ) -> InvitationRecord:
        made = InvitationRecord(self.ids(), direction, from_person_id, at, expires_at, None)
        self.c.invitations[code_hash] = made
        return made

    def invitation(self, code_hash: str) -> InvitationRecord | None:
        return self.c.invitations.get(code_hash)

    def use_invitation(self, invitation_id: int, *, by_person_id: int, at: datetime) -> bool:
        for key, found in self.c.invitations.items():
            if found.id == invitation_id and found.used_at is None:
                self.c.invitations[key] = replace(found, used_at=at)
                self.c.used_by[key] = by_person_id
                return True
        return False

    def add_grant(
        self, *, client_person_id: int, clinician_person_id: int, practice_id: int | None, invitation_id: int | None,
        at: datetime,
    ) -> GrantRecord:  # fmt: skip
        made = GrantRecord(self.ids(), client_person_id, clinician_person_id, practice_id, at, at, None)
        self.c.grants[made.id] = made
        code = next((k for k, v in self.c.invitations.items() if v.id == invitation_id), None)
        if code is not None:
            self.c.grant_codes[made.id] = code
        return made

    def grants_of_client(self, client_person_id: int) -> list[GrantRecord]:
        return [
            g for _, g in sorted(self.c.grants.items()) if g.client_person_id == client_person_id and not g.revoked_at
        ]

    def revoke_grant(self, client_person_id: int, grant_id: int, *, at: datetime) -> bool:
        found = self.c.grants.get(grant_id)
        if found is None or found.client_person_id != client_person_id or found.revoked_at is not None:
            return False
        self.c.grants[grant_id] = replace(found, revoked_at=at)
        return True

    def _live(self, viewer_person_id: int, grant: GrantRecord) -> bool:
        viewer = self.c.clinicians.get(viewer_person_id)
        if viewer is None or grant.revoked_at is not None or grant.accepted_at is None:
            return False
        mine = grant.clinician_person_id == viewer_person_id
        return mine or (viewer.practice_id is not None and grant.practice_id == viewer.practice_id)

    def can_see(self, viewer_person_id: int, client_person_id: int) -> bool:
        return any(
            g.client_person_id == client_person_id and self._live(viewer_person_id, g) for g in self.c.grants.values()
        )

    def clients_of(self, viewer_person_id: int) -> list[int]:
        return sorted({g.client_person_id for g in self.c.grants.values() if self._live(viewer_person_id, g)})

    def add_message(
        self, client_person_id: int, *, author_person_id: int, body: str, at: datetime
    ) -> CareMessageRecord:
        made = CareMessageRecord(self.ids(), client_person_id, author_person_id, body, at)
        self.c.messages.append(made)
        return made

    def messages(self, client_person_id: int) -> list[CareMessageRecord]:
        return [m for m in self.c.messages if m.client_person_id == client_person_id]

    def add_note(self, client_person_id: int, *, author_person_id: int, body: str, at: datetime) -> CareNoteRecord:
        made = CareNoteRecord(self.ids(), client_person_id, author_person_id, body, at)
        self.c.notes.append(made)
        return made

    def notes(self, client_person_id: int) -> list[CareNoteRecord]:
        return [n for n in self.c.notes if n.client_person_id == client_person_id]

    def acknowledge(self, client_person_id: int, alert_key: str, *, by_person_id: int, at: datetime) -> None:
        if (client_person_id, alert_key) not in self.c.acks:
            self.c.by[(client_person_id, alert_key)] = (by_person_id, at)
        self.c.acks.add((client_person_id, alert_key))

    def acknowledged(self, client_person_id: int) -> set[str]:
        return {key for client, key in self.c.acks if client == client_person_id}

    def outcome_interval(self, client_person_id: int) -> int | None:
        return self.c.intervals.get(client_person_id)

    def set_outcome_interval(self, client_person_id: int, every_days: int, *, by_person_id: int, at: datetime) -> None:
        self.c.intervals[client_person_id] = every_days
        self.c.by[(client_person_id, "")] = (by_person_id, at)

    def caseload_inputs(
        self, client_person_ids: Sequence[int], *, since: date, until: date, pain_since: date
    ) -> list[CaseloadInputs]:
        found = []
        for p in client_person_ids:
            person = self.state.people.get(p)
            program = next((r for r in self.state.programs.values() if r.person_id == p and r.active), None)
            planned = tuple(
                s.date for s in self.state.planned.get(program.id, []) if since <= s.date <= until and not s.optional
            ) if program is not None else ()  # fmt: skip
            days = sorted(s.date for person_id, s in self.state.sessions if person_id == p)
            done = tuple(d for d in days if since <= d <= until)
            last = max((d for d in days if d <= until), default=None)
            checkins = sorted((d, c.pain) for (person_id, d), c in self.state.checkins.items()
                              if person_id == p and d <= until)  # fmt: skip
            readings = dict(checkins[-2:]) | {d: v for d, v in checkins if d >= pain_since}
            answers = sorted((a.answers for (person_id, _d), a in self.state.outcomes.items() if person_id == p),
                             key=lambda a: a.date)  # fmt: skip
            ends = [(a.pain, a.psfs) for a in (answers[0], answers[-1])] if answers else [None, None]
            found.append(CaseloadInputs(
                p, person.display_name if person else "", tuple(sorted(planned)), done, last,
                tuple(sorted(readings.items())), ends[0], ends[1], frozenset(self.acknowledged(p)),
            ))  # fmt: skip
        return found

    # backups
    def practices(self, practice_ids: Sequence[int] | None = None) -> list[PracticeOf]:
        return [
            PracticeOf(i, name, self.c.made_at[("practice", i)])
            for i, name in sorted(self.c.practices.items())
            if practice_ids is None or i in practice_ids
        ]

    def restore_practice(self, name: str, *, created_at: datetime) -> int:
        made = self.ids()
        self.c.practices[made] = name
        self.c.made_at[("practice", made)] = created_at
        return made

    def delete_practices(self) -> None:
        self.c.practices.clear()
        self.c.practice_invites.clear()  # the store's cascade

    def care_of(self, person_id: int) -> CareOf:
        found = self.c.clinicians.get(person_id)
        clinician = None
        if found is not None:
            role = found.practice_role.value if found.practice_role else None
            clinician = ClinicianOf(found.kind.value, found.practice_id, role, self.c.made_at[("clinician", person_id)])
        invitations = tuple(
            InvitationOf(code, i.direction.value, i.created_at, i.expires_at, i.used_at, self.c.used_by.get(code))
            for code, i in sorted(self.c.invitations.items(), key=lambda kv: kv[1].id)
            if i.from_person_id == person_id
        )
        grants = tuple(
            GrantOf(g.clinician_person_id, g.practice_id, self.c.grant_codes.get(g.id), g.granted_at, g.accepted_at,
                    g.revoked_at)
            for _, g in sorted(self.c.grants.items()) if g.client_person_id == person_id
        )  # fmt: skip
        acks = tuple(
            AckOf(key, *self.c.by[(client, key)]) for client, key in sorted(self.c.acks) if client == person_id
        )
        every = self.c.intervals.get(person_id)
        schedule = ScheduleOf(every, *self.c.by[(person_id, "")]) if every is not None else None
        message_ids = [m.id for m in self.messages(person_id)]

        def place(seen: int) -> int | None:  # a mark's message id as its place in the thread
            at = bisect_right(message_ids, seen) - 1
            return at if at >= 0 else None

        reads = tuple(
            ReadOf(reader, place(seen), self.c.read_at[(client, reader)])
            for (client, reader), seen in self.c.reads.items() if client == person_id
        )  # fmt: skip
        return CareOf(
            clinician, invitations, grants,
            tuple(WrittenOf(m.author_person_id, m.body, m.created_at) for m in self.messages(person_id)),
            tuple(WrittenOf(n.author_person_id, n.body, n.created_at) for n in self.notes(person_id)),
            acks, schedule, reads,
        )  # fmt: skip

    def restore_care(self, person_id: int, care: CareOf) -> None:
        if care.clinician is not None:
            c = care.clinician
            role = PracticeRole(c.practice_role) if c.practice_role else None
            self.c.clinicians[person_id] = _Clinician(person_id, ClinicianKind(c.kind), c.practice_id, role)
            self.c.made_at[("clinician", person_id)] = c.created_at
        for i in care.invitations:
            self.c.invitations[i.code_hash] = InvitationRecord(
                self.ids(), Direction(i.direction), person_id, i.created_at, i.expires_at, i.used_at
            )
            if i.used_by_person_id is not None:
                self.c.used_by[i.code_hash] = i.used_by_person_id
        for g in care.grants:
            made = GrantRecord(self.ids(), person_id, g.clinician_person_id, g.practice_id, g.granted_at,
                               g.accepted_at, g.revoked_at)  # fmt: skip
            self.c.grants[made.id] = made
            if g.invitation_code_hash is not None:
                self.c.grant_codes[made.id] = g.invitation_code_hash
        restored = []
        for m in care.messages:
            restored.append(CareMessageRecord(self.ids(), person_id, m.author_person_id, m.body, m.created_at))
            self.c.messages.append(restored[-1])
        for r in care.reads:
            self.c.reads[(person_id, r.reader_person_id)] = restored[r.message].id if r.message is not None else 0
            self.c.read_at[(person_id, r.reader_person_id)] = r.at
        for n in care.notes:
            self.c.notes.append(CareNoteRecord(self.ids(), person_id, n.author_person_id, n.body, n.created_at))
        for a in care.acks:
            self.c.acks.add((person_id, a.alert_key))
            self.c.by[(person_id, a.alert_key)] = (a.by_person_id, a.at)
        if care.schedule is not None:
            self.c.intervals[person_id] = care.schedule.every_days
            self.c.by[(person_id, "")] = (care.schedule.set_by_person_id, care.schedule.at)

    def invite_to_practice(self, practice_id: int, email: str, *, by_person_id: int, at: datetime) -> None:
        for key, (found, accepted) in self.c.practice_invites.items():
            if found.practice_id == practice_id and found.email == email:
                if accepted:
                    self.c.practice_invites[key] = (replace(found, invited_by_person_id=by_person_id, created_at=at),
                                                    False)  # fmt: skip
                return
        made = PracticeInvitationRecord(self.ids(), practice_id, self.c.practices[practice_id], email, by_person_id, at)
        self.c.practice_invites[made.id] = (made, False)

    def pending_practice_invitations(self, practice_id: int) -> list[PracticeInvitationRecord]:
        return [
            i for _, (i, done) in sorted(self.c.practice_invites.items()) if not done and i.practice_id == practice_id
        ]

    def practice_invitations_for(self, person_id: int) -> list[PracticeInvitationRecord]:
        emails = {a.email for a in self.state.accounts.values() if a.person_id == person_id}
        return [i for _, (i, done) in sorted(self.c.practice_invites.items()) if not done and i.email in emails]

    def accept_practice_invitation(self, invitation_id: int, *, at: datetime) -> bool:
        found = self.c.practice_invites.get(invitation_id)
        if found is None or found[1]:
            return False
        self.c.practice_invites[invitation_id] = (found[0], True)
        self.c.accepted_at[invitation_id] = at
        return True

    def drop_practice_invitation(self, invitation_id: int) -> bool:
        found = self.c.practice_invites.get(invitation_id)
        if found is None or found[1]:
            return False
        del self.c.practice_invites[invitation_id]
        return True

    def mark_read(self, client_person_id: int, reader_person_id: int, message_id: int, *, at: datetime) -> None:
        key = (client_person_id, reader_person_id)
        if key not in self.c.reads or message_id > self.c.reads[key]:
            self.c.read_at[key] = at
        self.c.reads[key] = max(self.c.reads.get(key, 0), message_id)

    def last_read(self, client_person_id: int, reader_person_id: int) -> int:
        return self.c.reads.get((client_person_id, reader_person_id), 0)

    def unread(self, reader_person_id: int, client_person_ids: Sequence[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        for m in self.c.messages:
            seen = self.last_read(m.client_person_id, reader_person_id)
            if m.client_person_id not in client_person_ids or m.id <= seen:
                continue
            mine = m.client_person_id == reader_person_id
            if (mine and m.author_person_id != reader_person_id) or (
                not mine and m.author_person_id == m.client_person_id
            ):
                found[m.client_person_id] = found.get(m.client_person_id, 0) + 1
        return found

    # backups: practice invitations
    def practice_invitation_records(self, practice_ids: Sequence[int] | None = None) -> list[PracticeInvitationOf]:
        return [
            PracticeInvitationOf(i.practice_id, i.email, i.invited_by_person_id, i.created_at,
                                 self.c.accepted_at.get(key) if done else None)
            for key, (i, done) in sorted(self.c.practice_invites.items())
            if practice_ids is None or i.practice_id in practice_ids
        ]  # fmt: skip

    def restore_practice_invitations(self, invitations: Sequence[PracticeInvitationOf]) -> None:
        for i in invitations:
            made = PracticeInvitationRecord(self.ids(), i.practice_id, self.c.practices[i.practice_id], i.email,
                                            i.invited_by_person_id, i.created_at)  # fmt: skip
            self.c.practice_invites[made.id] = (made, i.accepted_at is not None)
            if i.accepted_at is not None:
                self.c.accepted_at[made.id] = i.accepted_at


class FakeSettings:
    def __init__(self, state: _State) -> None:
        self.state = state

    def get(self, person_id: int) -> PersonSettings | None:
        return self.state.settings.get(person_id)

    def put(self, person_id: int, settings: PersonSettings) -> None:
        self.state.settings[person_id] = settings


class FakeAdjustments:
    def __init__(self, state: _State, ids: _Ids) -> None:
        self.state, self.ids = state, ids

    def for_program(self, program_id: int) -> list[Adjustment]:
        return sorted((a for _, p, a in self.state.adjustments if p == program_id), key=lambda a: (a.created_at, a.id))

    def add(
        self, *, person_id: int, program_id: int, change: Change, author: Author, reason: str, at: datetime
    ) -> Adjustment:
        made = Adjustment(self.ids(), change, author, reason, at)
        self.state.adjustments.append((person_id, program_id, made))
        return made


class FakeUnitOfWork:
    """`with uow:` works on a snapshot of what was committed; `commit()` keeps it, anything else throws it away.

    `committed` is what a later unit of work (or a test) sees. `commits` counts the commits, for tests that care.
    """

    def __init__(self, *, read_only: bool = False, _shared: FakeUnitOfWork | None = None) -> None:
        self._root = _shared or self
        self._read_only = read_only
        if _shared is None:
            self.committed = _State()
            self.commits = 0
            self._ids = _Ids()
        self._open(self._root.committed.copy())

    def _open(self, state: _State) -> None:
        ids = self._root._ids
        self._state = state
        self.people = FakePeople(state, ids)
        self.profiles = FakeProfiles(state, ids)
        self.programs = FakePrograms(state, ids)
        self.sessions = FakeSessions(state, ids)
        self.checkins = FakeCheckins(state)
        self.prescriptions = FakePrescriptions(state, ids)
        self.accounts = FakeAccounts(state, ids)
        self.outcomes = FakeOutcomes(state)
        self.idempotency = FakeIdempotency(state)
        self.care = FakeCare(state.care, self._root._ids, state)
        self.settings = FakeSettings(state)
        self.adjustments = FakeAdjustments(state, ids)

    def read_only(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(read_only=True, _shared=self._root)

    def __enter__(self) -> FakeUnitOfWork:
        self._open(self._root.committed.copy())
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._open(self._root.committed.copy())  # what was not committed is gone

    def commit(self) -> None:
        if self._read_only:
            raise RuntimeError("a read-only unit of work cannot commit; use a writing one for this use case")
        self._root.committed = self._state.copy()
        self._root.commits += 1


def _is_a_unit_of_work() -> UnitOfWork:
    """Never called: mypy checks here that the fake fits the services' port, every repository method of it."""
    return FakeUnitOfWork()
