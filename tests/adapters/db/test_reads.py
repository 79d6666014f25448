"""Use cases that only read run on a read-only unit of work: on SQLite they take neither the writers' queue nor
SQLite's write lock, so they never wait behind a writer."""

from __future__ import annotations

import copy
import dataclasses
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from gluterx.adapters.db import engine as engine_module
from gluterx.adapters.db.engine import make_engine, migrate
from gluterx.adapters.db.models import Base
from gluterx.adapters.db.repositories import LoggedSession, LoggedSet, SessionsRepository
from gluterx.adapters.db.repositories.accounts import user_by_token_alone
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.adapters.interop.csv_import import parse_export
from gluterx.domain.exercise import Library
from gluterx.services import (
    accounts,
    backup,
    calendar,
    check_in,
    exports,
    history,
    importing,
    log_session,
    programme,
    start,
)
from gluterx.services.ports import read_only
from gluterx.services.profiles import stored_profile
from gluterx.services.progress import load_progress, progress_report
from gluterx.services.today import today

from .test_store import PROFILE, START, perform

Read = Callable[[SqlUnitOfWork], object]
PASSWORD = "a long enough password"  # noqa: S105 - a test fixture


def seeded(engine: Engine, library: Library) -> tuple[int, int, str]:
    """A person with an account, a token, a programme, one logged session and a check-in: (person, session, token)."""
    created = accounts.sign_up(SqlUnitOfWork(engine), email="reader@example.com", password=PASSWORD)
    person_id = created.person_id
    token = accounts.create_token(SqlUnitOfWork(engine), account_id=created.account_id, now=datetime.now(UTC)).token
    start.start(SqlUnitOfWork(engine), library, PROFILE, start_date=START, person_id=person_id)
    view = today(SqlUnitOfWork(engine), library, on=START, person_id=person_id)
    logged = log_session.log_session(SqlUnitOfWork(engine), library, perform(view), person_id=person_id)
    check_in.checkin(SqlUnitOfWork(engine), library, pain=3, on=START + timedelta(days=1), person_id=person_id)
    return person_id, logged.session_id, token


def reads(library: Library, person_id: int, session_id: int, token: str) -> dict[str, Read]:
    """Every use case that only reads, by name."""
    later = START + timedelta(days=3)
    p = person_id
    return {
        "profiles.stored_profile": lambda u: stored_profile(u, person_id=p),
        "programme.programme": lambda u: programme.programme(u, library, person_id=p, today=later),
        "programme.programme_status": lambda u: programme.programme_status(u, person_id=p),
        "programme.referral": lambda u: programme.referral(u, person_id=p),
        "history.sessions": lambda u: history.sessions(u, person_id=p),
        "history.session": lambda u: history.session(u, person_id=p, session_id=session_id),
        "history.checkins": lambda u: history.checkins(u, person_id=p),
        "history.history": lambda u: history.history(u, person_id=p),
        "history.logged_on": lambda u: history.logged_on(u, person_id=p, day=START),
        "log_session.workout_summary": lambda u: log_session.workout_summary(
            u, library, person_id=p, session_id=session_id
        ),
        "progress.progress_report": lambda u: progress_report(u, library, today=later, person_id=p),
        "progress.load_progress": lambda u: load_progress(u, library, today=later, person_id=p),
        "today.today": lambda u: today(u, library, on=later, person_id=p),
        "calendar.calendar_sessions": lambda u: calendar.calendar_sessions(u, library, today=later, person_id=p),
        "exports.all_sets": lambda u: exports.all_sets(u, person_id=p, library=library),
        "backup.export_all": lambda u: backup.export_all(u),
        "accounts.user_for_token": lambda u: accounts.user_for_token(u, token, now=datetime.now(UTC)),
        # the kept GET /today's lookup (adapters/web/fast.py): the same query without a unit of work
        "user_by_token_alone": lambda u: user_by_token_alone(
            u._engine, accounts.hash_token(token), now=datetime.now(UTC)
        ),
    }


class NoWriting(SqlUnitOfWork):
    """A writing unit of work that fails when it is opened; its read_only() is the real one."""

    def __enter__(self) -> SqlUnitOfWork:
        raise AssertionError("a read-only use case opened the writing unit of work")


def test_every_read_use_case_opens_only_the_read_only_unit_of_work(engine: Engine, library: Library) -> None:
    found = reads(library, *seeded(engine, library))
    for name, read in found.items():
        answer = read(NoWriting(engine))
        assert answer or name == "programme.referral", name  # each finds this person's records (no referral here)


def test_reads_go_on_while_a_writer_holds_the_sqlite_write_lock(
    tmp_path: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer sits in its transaction (writers' queue and BEGIN IMMEDIATE taken); every read still answers."""
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_S", 2.0)  # a read that queued as a writer fails fast
    engine = make_engine(f"sqlite:///{tmp_path / 'reads.db'}")
    migrate(engine)
    found = reads(library, *seeded(engine, library))
    writing, done = threading.Event(), threading.Event()

    def writer() -> None:
        with SqlUnitOfWork(engine) as uow:
            person = uow.people.add(display_name="someone else")
            uow.checkins.upsert(person.id, date(2026, 1, 1), 2)
            writing.set()
            done.wait(30)  # leaves without commit: rolled back

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert writing.wait(10)
        for name, read in found.items():
            answer = read(SqlUnitOfWork(engine))
            assert answer or name == "programme.referral", name
    finally:
        done.set()
        thread.join()
        engine.dispose()


def test_read_only_falls_back_to_the_same_unit_of_work_when_the_store_has_none() -> None:
    class Plain:
        pass

    plain: Any = Plain()
    assert read_only(plain) is plain


def test_a_read_only_unit_of_work_refuses_to_commit(engine: Engine) -> None:
    with SqlUnitOfWork(engine).read_only() as uow, pytest.raises(RuntimeError, match="read-only"):
        uow.commit()


def test_history_rows_flatten_every_session_exercise_and_set_in_the_order_logged(
    engine: Engine, library: Library
) -> None:
    """One row per set, and one for an exercise with no sets or a session with none: what the ORM objects hold."""
    person_id, _, _ = seeded(engine, library)
    pounds = {"reps": 8, "load": 135.0, "unit": "lb", "rir": 2}
    with SqlUnitOfWork(engine) as uow:
        uow.sessions.create(person_id=person_id, day=START - timedelta(days=9), notes="empty", exercises=[])
        exercises = [
            {"exercise_id": "custom:sled_push", "pain_during": 0, "felt_in": [], "sets": []},
            {"exercise_id": "hip_thrust", "pain_during": 2, "felt_in": [], "sets": [pounds, {"reps": 12, "load": 20}]},
        ]
        uow.sessions.create(person_id=person_id, day=START - timedelta(days=2), notes="", exercises=exercises)
        uow.commit()
    with SqlUnitOfWork(engine).read_only() as uow:
        rows = [tuple(row) for row in uow.sessions.history_rows(person_id)]
        expected = []
        for s in uow.sessions.for_person(person_id):
            head = (s.id, s.date, s.duration_s, s.session_rpe)
            if not s.exercises:
                expected.append((*head, *[None] * 8))
            for e in s.exercises:
                sets = [(st.reps, st.load, st.unit, st.rir, st.rpe, st.warmup) for st in e.sets] or [(None,) * 6]
                expected += [(*head, e.exercise_id, e.pain_during, *fields) for fields in sets]
    assert rows == expected
    assert len(rows) > 3

    data = load_progress(SqlUnitOfWork(engine), library, today=START + timedelta(days=3), person_id=person_id)
    assert data.first_day == START - timedelta(days=9)  # the empty session counts as a session
    assert data.total_sets == sum(1 for row in rows if row[6] is not None)
    found = progress_report(SqlUnitOfWork(engine), library, today=START + timedelta(days=3), person_id=person_id)
    assert (found.first_day, found.total_sets) == (data.first_day, data.total_sets)


IMPORTS = (Path(__file__).parents[3] / ".." / "shared" / "data" / "imports").resolve()


def realistic(engine: Engine, library: Library) -> tuple[int, int]:
    """`seeded`'s person with two real app exports imported (kg and lb), an empty session, an exercise with no sets,
    and sets with a band, a duration, a warm-up and a stored e1RM; and a second person with one session: (person, the session with every kind of set)."""
    person_id, _, _ = seeded(engine, library)
    for name in ("hevy_lbs_jazakhan.csv", "strong_classic_fr_sebastienrdgs.csv"):
        parsed = parse_export((IMPORTS / name).read_bytes())
        importing.import_history(SqlUnitOfWork(engine), library, parsed, person_id=person_id, file_name=name)
    sets = [
        {"reps": 10, "load": None, "unit": "kg", "band": "heavy", "rir": 2},
        {"reps": 1, "load": 45.0, "unit": "lb", "duration_s": 30.5, "warmup": True},
        {"reps": 5, "load": 100.0, "unit": "kg", "rpe": 8.5, "e1rm_kg": 116.7},
    ]
    exercises = [
        {"exercise_id": "hip_thrust", "pain_during": 2, "felt_in": ["glutes", "hamstrings"], "sets": sets},
        {"exercise_id": "custom:sled_push", "pain_during": 0, "felt_in": [], "sets": []},
        {"exercise_id": "hip_thrust", "pain_during": 1, "felt_in": ["glutes"], "sets": sets[:1]},
    ]
    with SqlUnitOfWork(engine) as uow:
        uow.sessions.create(person_id=person_id, day=START - timedelta(days=9), notes="nothing done", exercises=[])
        rich = uow.sessions.create(
            person_id=person_id, day=START - timedelta(days=9), notes="later that day", exercises=exercises,
            duration_s=2700, session_rpe=7.5, source="hevy", source_key="k1",
        )  # fmt: skip
        other = uow.people.add(display_name="someone else")
        uow.sessions.create(person_id=other.id, day=START, notes="", exercises=exercises[:1])
        uow.commit()
        return person_id, rich


def _orm_logged(self: SessionsRepository, person_id: int, *, session_id: int | None = None) -> list[Any]:
    """What `logged` replaced: the ORM objects, loaded with selectinload (the reference for the flat reads)."""
    if session_id is None:
        return list(self.for_person(person_id))
    return [s for s in self.for_person(person_id) if s.id == session_id]


def _whole_history_reads(library: Library, person_id: int, session_id: int) -> dict[str, Read]:
    p = person_id
    return {
        "exports.all_sets": lambda u: exports.all_sets(u, person_id=p, library=library),
        "exports.all_sets, no library": lambda u: exports.all_sets(u, person_id=p),
        "history.sessions": lambda u: history.sessions(u, person_id=p),
        "history.session": lambda u: history.session(u, person_id=p, session_id=session_id),
        "history.history": lambda u: history.history(u, person_id=p),
        "backup.export_all": lambda u: backup.export_all(u),
    }


def test_logged_reads_what_the_orm_objects_hold(engine: Engine, library: Library) -> None:
    """Every field of every session, exercise and set, in the same order, with the same types."""
    person_id, _ = realistic(engine, library)
    session_fields = LoggedSession._fields[:-1]  # every field but the exercises
    set_fields = LoggedSet._fields
    with SqlUnitOfWork(engine).read_only() as uow:
        found = uow.sessions.logged(person_id)
        expected = [
            (
                *(getattr(s, f) for f in session_fields),
                [
                    (
                        e.exercise_id,
                        e.pain_during,
                        e.felt_in,
                        [tuple(getattr(x, f) for f in set_fields) for x in e.sets],
                    )
                    for e in s.exercises
                ],
            )
            for s in uow.sessions.for_person(person_id)
        ]
        one = expected[-1]
        assert uow.sessions.logged(person_id, session_id=one[0]) == [one]
        assert uow.sessions.logged(person_id + 1, session_id=one[0]) == []  # someone else's
    assert found == expected
    as_types = [[type(v) for v in session[:-1]] for session in found]
    assert as_types == [[type(v) for v in session[:-1]] for session in expected]
    assert sum(len(e[3]) for s in found for e in s[-1]) > 1000
    assert any(not s.exercises for s in found) and any(not e.sets for s in found for e in s.exercises)


def test_the_whole_history_reads_answer_as_they_did_with_orm_objects(
    engine: Engine, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same dicts, keys in the same order and values of the same types, as when they read the ORM objects."""
    person_id, session_id = realistic(engine, library)
    reads = _whole_history_reads(library, person_id, session_id)
    found = {name: read(SqlUnitOfWork(engine)) for name, read in reads.items()}
    monkeypatch.setattr(SessionsRepository, "logged", _orm_logged)
    before = {name: read(SqlUnitOfWork(engine)) for name, read in reads.items()}
    for name, answer in found.items():
        assert repr(answer) == repr(before[name]), name  # repr: also the key order and int / float / bool
    assert all(found.values())


def test_backup_round_trip_of_a_realistic_history_is_lossless(engine: Engine, library: Library) -> None:
    """Export, restore into an empty store, export again: the same backup, and the same sets CSV and sessions."""
    person_id, _ = realistic(engine, library)
    first = backup.export_all(SqlUnitOfWork(engine))
    sets_before = exports.all_sets(SqlUnitOfWork(engine), person_id=person_id)
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    counts = backup.import_all(SqlUnitOfWork(engine), copy.deepcopy(first))
    assert counts["people"] == 2 and counts["sets"] > 1000
    assert backup.export_all(SqlUnitOfWork(engine)) == first
    with SqlUnitOfWork(engine).read_only() as uow:
        restored = next(p.id for p in uow.people.all() if p.uuid == first["people"][0]["uuid"])
    drop_ids = [dataclasses.replace(row, session_id=0) for row in sets_before]
    after = exports.all_sets(SqlUnitOfWork(engine), person_id=restored)
    assert [dataclasses.replace(row, session_id=0) for row in after] == drop_ids
