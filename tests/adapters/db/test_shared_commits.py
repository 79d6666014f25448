"""Group commit (adapters/db/uow.py SharedCommits): concurrent writers of one SQLite file in one process share one
transaction and one COMMIT, each in its own SAVEPOINT, and no writer is answered before that COMMIT has returned."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, text, update

from gluterx.adapters.db.engine import make_engine, writer_lock
from gluterx.adapters.db.models import Person
from gluterx.adapters.db.uow import SharedCommits, SqlUnitOfWork, shared_commits

WAIT_S = 10.0  # an upper bound for something that happens at once on any machine: only a broken lock reaches it


def _commits(engine: Engine) -> list[int]:
    """A list that grows by one at every COMMIT of a transaction on `engine` (a SAVEPOINT's release is no COMMIT)."""
    seen: list[int] = []
    event.listen(engine, "commit", lambda _conn: seen.append(1))
    return seen


def _add(name: str, *, commit: bool = True, fail: Exception | None = None) -> Any:
    """A work adding one person named `name`: it may skip its commit or raise after writing."""

    def work(uow: SqlUnitOfWork) -> int:
        person = uow.people.add(display_name=name)
        if fail is not None:
            raise fail
        if commit:
            uow.commit()
        return person.id

    return work


def _names(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return {row[0] for row in conn.execute(text("SELECT display_name FROM people"))}


def _wait_queued(shared: SharedCommits, count: int) -> None:
    """Until `count` works wait in the committer's queue."""
    deadline = time.monotonic() + WAIT_S
    while len(shared._queue) < count:
        assert time.monotonic() < deadline, f"{count} works never queued"
        time.sleep(0.001)


def _in_thread(call: Any) -> tuple[threading.Thread, dict[str, Any]]:
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["result"] = call()
        except Exception as exc:
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, out


class Held:
    """The committer of `store` held in a batch of its own (a work that writes nothing) until `release(count)`: once
    `count` works wait in its queue, it lets go, and they are taken together in the next batch, whatever the timing
    (the committer takes the works waiting when a batch starts)."""

    def __init__(self, store: Engine) -> None:
        shared = shared_commits(store)
        assert shared is not None
        self.shared = shared
        running, self._go = threading.Event(), threading.Event()

        def hold(_uow: SqlUnitOfWork) -> None:
            running.set()
            assert self._go.wait(WAIT_S), "the writers never queued"

        self._holder, _ = _in_thread(lambda: SqlUnitOfWork(store).shared_commit(hold))
        assert running.wait(WAIT_S), "the holding work never started"

    def release(self, count: int) -> None:
        _wait_queued(self.shared, count)
        self._go.set()
        self._holder.join(WAIT_S)
        assert not self._holder.is_alive()


def _two_in_one_batch(
    store: Engine, first: Any, second: Any, *, run: Any = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Run `first` and `second` through the shared commit in one batch, `first` first (Held)."""
    held = Held(store)
    run = run or (lambda work: SqlUnitOfWork(store).shared_commit(work))
    a, out_a = _in_thread(lambda: run(first))
    _wait_queued(held.shared, 1)
    b, out_b = _in_thread(lambda: run(second))
    held.release(2)
    for thread in (a, b):
        thread.join(WAIT_S)
        assert not thread.is_alive()
    return out_a, out_b


def test_two_concurrent_writes_share_one_commit(store: Engine) -> None:
    commits = _commits(store)
    out_a, out_b = _two_in_one_batch(store, _add("Ann"), _add("Bo"))
    assert "error" not in out_a and "error" not in out_b
    assert out_a["result"] != out_b["result"]
    assert len(commits) == 2  # the holding work's batch, then one COMMIT (one fsync) for both
    assert _names(store) == {"Ann", "Bo"}


def test_a_failing_write_rolls_back_to_its_savepoint_only(store: Engine) -> None:
    commits = _commits(store)
    boom = ValueError("bad input found after writing")
    out_a, out_b = _two_in_one_batch(store, _add("Ann", fail=boom), _add("Bo"))
    assert out_a["error"] is boom  # its caller gets its own error
    assert "error" not in out_b
    assert len(commits) == 2  # the holding work's batch, and theirs
    assert _names(store) == {"Bo"}  # the other's write is kept, the failed one's is not


def test_a_write_left_without_commit_keeps_nothing_and_the_others_stay(store: Engine) -> None:
    out_a, out_b = _two_in_one_batch(store, _add("Ann"), _add("Bo", commit=False))
    assert "error" not in out_a and "error" not in out_b
    assert _names(store) == {"Ann"}


def test_a_failed_commit_answers_every_writer_of_the_batch_with_the_error_and_keeps_nothing(store: Engine) -> None:
    def refuse(_conn: Any) -> None:
        raise OSError("disk full")

    event.listen(store, "commit", refuse)
    out_a, out_b = _two_in_one_batch(store, _add("Ann"), _add("Bo"))
    assert isinstance(out_a.get("error"), OSError) and isinstance(out_b.get("error"), OSError)
    event.remove(store, "commit", refuse)
    assert _names(store) == set()
    # the committer goes on with the next batch, and the writers' lock was let go (this thread waits for it)
    assert SqlUnitOfWork(store).shared_commit(_add("Cy")) is not None
    with SqlUnitOfWork(store) as uow:
        uow.people.add(display_name="Di")
        uow.commit()
    assert _names(store) == {"Cy", "Di"}


def _renaming(person_id: int, seen: list[tuple[str, bool]], *, fail_ahead: bool = False) -> tuple[int, Any, Any]:
    """A decided work (SqlUnitOfWork.decided_commit's arguments): it decides the person's name (noting it, and
    whether the writers' lock was held), and writes that name with a "+" added, which moves their revision."""

    def decide(uow: SqlUnitOfWork) -> str:
        person = uow.people.get(person_id)
        assert person is not None
        lock = writer_lock(uow.session.get_bind().engine)
        seen.append((person.display_name, lock is not None and lock.held_here()))
        if fail_ahead and len(seen) == 1:
            raise ValueError("could not decide on the snapshot")
        return person.display_name

    def write(uow: SqlUnitOfWork, name: str) -> str:
        uow.session.execute(update(Person).where(Person.id == person_id).values(display_name=name + "+"))
        uow.commit()
        return name + "+"

    return person_id, decide, write


def _decided(store: Engine) -> Any:
    return lambda job: SqlUnitOfWork(store).decided_commit(*job)


def _person(store: Engine, name: str) -> int:
    with SqlUnitOfWork(store) as uow:
        person_id = uow.people.add(display_name=name).id
        uow.commit()
    return person_id


def test_a_decided_work_is_decided_ahead_outside_the_lock_and_written_as_decided(store: Engine) -> None:
    ann, bo = _person(store, "Ann"), _person(store, "Bo")
    seen_ann: list[tuple[str, bool]] = []
    seen_bo: list[tuple[str, bool]] = []
    out_a, out_b = _two_in_one_batch(store, _renaming(ann, seen_ann), _renaming(bo, seen_bo), run=_decided(store))
    assert (out_a["result"], out_b["result"]) == ("Ann+", "Bo+")
    assert seen_ann == [("Ann", False)] and seen_bo == [("Bo", False)]  # once each, on the snapshot, no lock held
    assert _names(store) == {"Ann+", "Bo+"}


def test_a_decided_work_whose_person_moved_is_decided_again_inside_the_lock(store: Engine) -> None:
    """Two of Ann's works in one batch: both decided ahead on the same snapshot; the first's write moves her
    revision, so the second is decided again, inside the lock, from what the first wrote."""
    ann = _person(store, "Ann")
    seen: list[tuple[str, bool]] = []
    out_a, out_b = _two_in_one_batch(store, _renaming(ann, seen), _renaming(ann, seen), run=_decided(store))
    assert (out_a["result"], out_b["result"]) == ("Ann+", "Ann++")
    assert seen == [("Ann", False), ("Ann", False), ("Ann+", True)]
    assert _names(store) == {"Ann++"}


def test_a_decision_that_failed_on_the_snapshot_is_made_again_inside_the_lock(store: Engine) -> None:
    ann, bo = _person(store, "Ann"), _person(store, "Bo")
    seen: list[tuple[str, bool]] = []
    out_a, out_b = _two_in_one_batch(
        store, _renaming(ann, seen, fail_ahead=True), _renaming(bo, []), run=_decided(store)
    )
    assert (out_a["result"], out_b["result"]) == ("Ann+", "Bo+")  # the answer is the decision inside the lock
    assert seen == [("Ann", False), ("Ann", True)]


def test_a_decide_that_writes_on_the_snapshot_is_decided_again_inside_the_lock(store: Engine) -> None:
    """A `decide` that writes (a mistake) has its snapshot's write rolled back and is decided again inside the lock,
    where its write is part of the work's SAVEPOINT: written once, as if it had been decided there."""
    ann = _person(store, "Ann")
    seen: list[bool] = []
    person_id, _decide, write = _renaming(ann, [])

    def writing_decide(uow: Any) -> str:
        lock = writer_lock(store)
        seen.append(lock is not None and lock.held_here())
        uow.people.add(display_name="Ghost")  # flushed by the repository: a write
        return "Ann"

    assert SqlUnitOfWork(store).decided_commit(person_id, writing_decide, write) == "Ann+"
    assert seen == [False, True]
    assert _names(store) == {"Ann+", "Ghost"}


def test_a_batch_that_cannot_begin_answers_each_of_its_callers_and_the_next_goes_on(store: Engine) -> None:
    """BEGIN refused (or the writers' lock not had in 30 s): every work taken for that batch is answered with the
    error, none waits for ever, nothing is kept, and the next batch begins as usual."""
    refused = OSError("BEGIN refused")
    times: list[int] = []

    def refuse_once(_conn: Any) -> None:
        if not times:
            times.append(1)
            raise refused

    event.listen(store, "begin", refuse_once)
    thread, out = _in_thread(lambda: SqlUnitOfWork(store).shared_commit(_add("Ann")))
    thread.join(WAIT_S)
    assert not thread.is_alive(), "the caller was never answered"
    assert isinstance(out.get("error"), OSError)
    event.remove(store, "begin", refuse_once)
    assert SqlUnitOfWork(store).shared_commit(_add("Bo")) is not None
    assert _names(store) == {"Bo"}


def test_without_a_shared_commit_decide_and_write_run_in_one_writing_unit_of_work(store: Engine) -> None:
    """Without a shared commit (here: a thread already writing) `decide` and `write` run in one writing unit of
    work, the lock held."""
    ann = _person(store, "Ann")
    seen: list[tuple[str, bool]] = []
    with SqlUnitOfWork(store) as outer:
        assert shared_commits(store) is None
        assert SqlUnitOfWork(store).decided_commit(*_renaming(ann, seen)) == "Ann+"
        outer.rollback()
    assert seen == [("Ann", True)]
    assert _names(store) == {"Ann+"}


def test_a_thread_holding_the_writers_lock_is_not_handed_to_the_committer(store: Engine) -> None:
    """The committer would wait for that lock while the thread waited for the committer: such a thread writes in
    its own transaction, as every writer did before."""
    with SqlUnitOfWork(store) as outer:
        assert shared_commits(store) is None
        outer.people.add(display_name="Ann")
        outer.commit()
    assert shared_commits(store) is not None
    assert _names(store) == {"Ann"}


def test_postgres_and_memory_have_no_shared_commit() -> None:
    assert shared_commits(make_engine("sqlite://")) is None
    assert shared_commits(make_engine("postgresql+psycopg://u@127.0.0.1/none")) is None


CRASHER = """
import os, signal, sys
from gluterx.adapters.db.engine import make_engine
from gluterx.adapters.db.uow import SqlUnitOfWork

engine = make_engine(sys.argv[1])

def work(uow):
    uow.people.add(display_name="Ann")
    uow.commit()  # its SAVEPOINT is released; the batch's COMMIT has not run
    print("SAVED", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

SqlUnitOfWork(engine).shared_commit(work)
print("ACK", flush=True)
"""


def test_a_crash_before_the_shared_commit_acknowledges_nothing_and_stores_nothing(
    store: Engine, tmp_path: Path
) -> None:
    url = store.url.render_as_string(hide_password=False)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3] / "src")}
    done = subprocess.run(
        [sys.executable, "-c", CRASHER, url], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert done.stdout.split() == ["SAVED"]  # killed after its write, before any acknowledgement
    assert _names(store) == set()
    with store.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
