"""Logging a session judges it from what the person has stored when it is written: a session of theirs logged just
before, or between the judgement and the write, is judged from, so what it stores is what logging the two one after
the other stores. On an SQLite file the committer judges each log ahead, on a snapshot outside the writers' lock
(adapters/db/uow.py SharedCommits), and judges it again inside the lock only when the person's revision moved."""

from __future__ import annotations

import contextlib
import threading
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from gluterx.adapters.db import uow as uow_module
from gluterx.adapters.db.engine import make_engine, writer_lock
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.data import load_library
from gluterx.domain.exercise import Library
from gluterx.services import log_session, start
from gluterx.services.contract import today_json
from gluterx.services.today import today
from tests.adapters.db.test_shared_commits import Held

PROFILE = {"age": 40, "equipment": ["dumbbells", "bench", "mini_band"], "experience": "intermediate"}
FIRST = date(2026, 1, 5)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def _body(engine: Engine, library: Library, person_id: int) -> dict[str, Any]:
    """The first training day's session done at the top of each range with reps in reserve: it moves the
    prescriptions on, so a session judged after it is judged from other prescriptions."""
    days = (FIRST + timedelta(days=i) for i in range(14))
    views = (today_json(today(SqlUnitOfWork(engine), library, on=d, person_id=person_id)) for d in days)
    view = next(v for v in views if v["items"])
    day, items = view["date"], view["items"]
    exercises = []
    for item in items:
        top = int(item["reps"].split()[0].split("-")[-1])
        load = 10.0 if library.get(item["exercise_id"]).load_type.value == "weights" else None
        sets = [{"reps": top, "load_kg": load, "rir": 3} for _ in range(item["sets"])]
        exercises.append({"exercise_id": item["exercise_id"], "sets": sets, "pain_during": 0, "felt_in": ["glutes"]})
    return {"date": day, "exercises": exercises}


def _person(engine: Engine, library: Library, name: str) -> int:
    with SqlUnitOfWork(engine) as uow:
        person_id = uow.people.add(display_name=name).id
        uow.commit()
    start.start(SqlUnitOfWork(engine), library, PROFILE, start_date=FIRST, person_id=person_id)
    return person_id


class _WriteFirst(SqlUnitOfWork):
    """A unit of work that logs `other` for the person just before its own write (after the request was checked)."""

    def __init__(self, engine: Engine, write_first: Any) -> None:
        super().__init__(engine)
        self._write_first = write_first

    def decided_commit(self, person_id: int, decide: Any, write: Any) -> Any:
        self._write_first()
        return super().decided_commit(person_id, decide, write)


def _nexts(outcome: log_session.LogOutcome) -> list[Any]:
    return [c.next for c in outcome.changes]


def _logged_twice(engine: Engine, library: Library) -> tuple[int, int, dict[str, Any], Any, Any]:
    """Ann and Bo, a session body, and what Ann's logging it twice, one after the other, gave: the second is judged
    from what the first prescribed, so a log judged from the first's write gives the second's."""
    ann, bo = _person(engine, library, "Ann"), _person(engine, library, "Bo")
    body = _body(engine, library, ann)
    first = log_session.log_session(SqlUnitOfWork(engine), library, body, person_id=ann)
    second = log_session.log_session(SqlUnitOfWork(engine), library, body, person_id=ann, allow_duplicate=True)
    assert _nexts(second) != _nexts(first)
    return ann, bo, body, first, second


def test_a_session_logged_just_before_the_write_is_judged_from(engine: Engine, library: Library) -> None:
    """Bo's second log is judged from what his first, written just before it, prescribed."""
    _ann, bo, body, first, second = _logged_twice(engine, library)

    logged: list[log_session.LogOutcome] = []

    def bo_logs_first() -> None:
        logged.append(log_session.log_session(SqlUnitOfWork(engine), library, body, person_id=bo))

    interleaved = log_session.log_session(
        _WriteFirst(engine, bo_logs_first), library, body, person_id=bo, allow_duplicate=True
    )
    assert _nexts(logged[0]) == _nexts(first)
    assert _nexts(interleaved) == _nexts(second)  # not what it would have said before Bo's first (the first's)
    with SqlUnitOfWork(engine) as uow:
        stored = uow.prescriptions.from_session(interleaved.session_id)
    assert [s.prescription for s in stored] == [n for n in _nexts(second) if n is not None]


def _between_snapshot_and_write(monkeypatch: pytest.MonkeyPatch, store: Engine, call: Any) -> None:
    """`call(other)` runs, through another engine on the same file (as another server process would write), after
    the committer has judged its batch on the snapshot and before it takes the writers' lock."""
    other = make_engine(store.url.render_as_string(hide_password=False))
    original = uow_module._decide_ahead

    def then_write(engine: Engine, batch: list[Any]) -> None:
        original(engine, batch)
        if engine is not store:  # the other engine's own committer
            return
        failed: list[BaseException] = []

        def run() -> None:
            try:
                call(other)
            except BaseException as exc:
                failed.append(exc)

        thread = threading.Thread(target=run)  # another thread, so that `other` runs its own committer
        thread.start()
        thread.join(timeout=60)
        assert not thread.is_alive() and not failed, failed

    monkeypatch.setattr(uow_module, "_decide_ahead", then_write)


def _counting_judgements(monkeypatch: pytest.MonkeyPatch, store: Engine) -> list[tuple[int, bool]]:
    """(person_id, whether the writers' lock was held by the judging thread) for every judgement from now on."""
    judged: list[tuple[int, bool]] = []
    original = log_session.judge_exercises
    lock = writer_lock(store)
    assert lock is not None

    def counting(*args: Any, **kwargs: Any) -> Any:
        judged.append((kwargs["person_id"], lock.held_here()))
        return original(*args, **kwargs)

    monkeypatch.setattr(log_session, "judge_exercises", counting)
    return judged


def test_a_session_logged_between_the_snapshot_and_the_write_is_judged_from(
    store: Engine, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bo's log is judged ahead; his first session, written by another process before the write, moves his revision,
    so the log is judged again inside the lock, and stores what logging the two one after the other stores."""
    _ann, bo, body, first, second = _logged_twice(store, library)
    logged: list[log_session.LogOutcome] = []
    _between_snapshot_and_write(
        monkeypatch,
        store,
        lambda other: logged.append(log_session.log_session(SqlUnitOfWork(other), library, body, person_id=bo)),
    )
    judged = _counting_judgements(monkeypatch, store)
    interleaved = log_session.log_session(SqlUnitOfWork(store), library, body, person_id=bo, allow_duplicate=True)
    assert _nexts(logged[0]) == _nexts(first)
    assert _nexts(interleaved) == _nexts(second)  # not what the snapshot said (the first's)
    # ahead without the lock; the other process's log (its own committer, ahead too); again inside the lock
    assert judged == [(bo, False), (bo, False), (bo, True)]
    with SqlUnitOfWork(store) as uow:
        stored = uow.prescriptions.from_session(interleaved.session_id)
    assert [s.prescription for s in stored] == [n for n in _nexts(second) if n is not None]


def test_a_log_is_judged_once_ahead_when_nothing_of_the_person_moved(
    store: Engine, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another person's log between Ann's judgement and her write does not make hers judged again: it is judged
    once, on the snapshot, outside the writers' lock, and what it stores is what judging it inside would store."""
    ann, bo = _person(store, library, "Ann"), _person(store, library, "Bo")
    body = _body(store, library, ann)
    expected = log_session.log_session(SqlUnitOfWork(store), library, body, person_id=bo)
    _between_snapshot_and_write(
        monkeypatch,
        store,
        lambda other: log_session.log_session(SqlUnitOfWork(other), library, body, person_id=bo, allow_duplicate=True),
    )
    judged = _counting_judgements(monkeypatch, store)
    logged = log_session.log_session(SqlUnitOfWork(store), library, body, person_id=ann)
    assert judged == [(ann, False), (bo, False)]  # Ann's once, ahead; Bo's in the other process
    assert _nexts(logged) == _nexts(expected)
    shared = uow_module.shared_commits(store)
    assert shared is not None and shared.ahead >= 1


def test_two_logs_of_one_person_at_once_are_judged_one_after_the_other(
    engine: Engine, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two of Bo's logs sent at once give what logging them one after the other gives, whatever the store.

    PostgreSQL locks his row: each judgement waits (up to a second) for the other to be judging too, which only
    writers left to run side by side would both reach. On SQLite both logs are held until they wait in one batch of
    the committer: both are judged ahead on the same snapshot, and the second, his revision moved by the first's
    write, is judged again inside the lock."""
    _ann, bo, body, first, second = _logged_twice(engine, library)
    held = Held(engine) if uow_module.shared_commits(engine) is not None else None
    if held is None:
        both_judging = threading.Barrier(2, timeout=1)
        original = log_session.judge_exercises

        def meeting(*args: Any, **kwargs: Any) -> Any:
            with contextlib.suppress(threading.BrokenBarrierError):  # the other is held off: as it should be
                both_judging.wait()
            return original(*args, **kwargs)

        monkeypatch.setattr(log_session, "judge_exercises", meeting)
    judged = _counting_judgements(monkeypatch, engine) if held is not None else []
    logged: list[log_session.LogOutcome] = []
    failed: list[BaseException] = []

    def log() -> None:
        try:
            outcome = log_session.log_session(SqlUnitOfWork(engine), library, body, person_id=bo, allow_duplicate=True)
            logged.append(outcome)
        except BaseException as exc:  # reported below, in the test's thread
            failed.append(exc)

    threads = [threading.Thread(target=log) for _ in range(2)]
    for thread in threads:
        thread.start()
    if held is not None:
        held.release(2)
    for thread in threads:
        thread.join(timeout=60)
    assert not failed
    nexts = [_nexts(outcome) for outcome in logged]
    assert _nexts(first) in nexts
    assert _nexts(second) in nexts
    if held is not None:  # one batch: both ahead, then the second again, inside the lock
        assert judged == [(bo, False), (bo, False), (bo, True)]
