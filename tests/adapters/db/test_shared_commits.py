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

from sqlalchemy import Engine, event, text

from gluterx.adapters.db.engine import make_engine
from gluterx.adapters.db.uow import SharedCommits, SqlUnitOfWork, shared_commits

WAIT_S = 10.0  # an upper bound for something that happens at once on any machine: only a broken lock reaches it


def _commits(engine: Engine) -> list[int]:
    """A list that grows by one at every COMMIT of a transaction on `engine` (a SAVEPOINT's release is no COMMIT)."""
    seen: list[int] = []
    event.listen(engine, "commit", lambda _conn: seen.append(1))
    return seen


class _Gate:
    """The first work of a batch says it runs (`running`), then waits until the second is queued (`queued`)."""

    def __init__(self) -> None:
        self.running = threading.Event()
        self.queued = threading.Event()


def _add(name: str, *, commit: bool = True, fail: Exception | None = None, hold: _Gate | None = None) -> Any:
    """A work adding one person named `name`: it may wait at `hold`, skip its commit or raise after writing."""

    def work(uow: SqlUnitOfWork) -> int:
        if hold is not None:
            hold.running.set()
            assert hold.queued.wait(WAIT_S), "the second writer never queued"
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


def _queued(shared: SharedCommits, count: int, ready: threading.Event) -> None:
    """Set `ready` once `count` works wait in the committer's queue (while the first work of a batch runs)."""

    def watch() -> None:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            if len(shared._queue) >= count:
                ready.set()
                return
            time.sleep(0.001)

    threading.Thread(target=watch, daemon=True).start()


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


def _two_in_one_batch(store: Engine, first: Any, second: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Run `first` and `second` through the shared commit so that both are in one batch: `first` waits inside the
    batch until `second` is queued behind it."""
    shared = shared_commits(store)
    assert shared is not None
    gate = _Gate()
    a, out_a = _in_thread(lambda: SqlUnitOfWork(store).shared_commit(first(gate)))
    # Only once the first runs inside its batch (it has left the queue, however busy the machine) is the second
    # sent; the first then waits until the second is queued, so both go in one batch, whatever the timing.
    assert gate.running.wait(WAIT_S), "the first writer never started"
    _queued(shared, 1, gate.queued)
    b, out_b = _in_thread(lambda: SqlUnitOfWork(store).shared_commit(second))
    a.join(WAIT_S)
    b.join(WAIT_S)
    assert not a.is_alive() and not b.is_alive()
    return out_a, out_b


def test_two_concurrent_writes_share_one_commit(store: Engine) -> None:
    commits = _commits(store)
    out_a, out_b = _two_in_one_batch(store, lambda held: _add("Ann", hold=held), _add("Bo"))
    assert "error" not in out_a and "error" not in out_b
    assert out_a["result"] != out_b["result"]
    assert len(commits) == 1  # one COMMIT (one fsync) for both
    assert _names(store) == {"Ann", "Bo"}


def test_a_failing_write_rolls_back_to_its_savepoint_only(store: Engine) -> None:
    commits = _commits(store)
    boom = ValueError("bad input found after writing")
    out_a, out_b = _two_in_one_batch(store, lambda held: _add("Ann", hold=held, fail=boom), _add("Bo"))
    assert out_a["error"] is boom  # its caller gets its own error
    assert "error" not in out_b
    assert len(commits) == 1
    assert _names(store) == {"Bo"}  # the other's write is kept, the failed one's is not


def test_a_write_left_without_commit_keeps_nothing_and_the_others_stay(store: Engine) -> None:
    out_a, out_b = _two_in_one_batch(store, lambda held: _add("Ann", hold=held), _add("Bo", commit=False))
    assert "error" not in out_a and "error" not in out_b
    assert _names(store) == {"Ann"}


def test_a_failed_commit_answers_every_writer_of_the_batch_with_the_error_and_keeps_nothing(store: Engine) -> None:
    def refuse(_conn: Any) -> None:
        raise OSError("disk full")

    event.listen(store, "commit", refuse)
    out_a, out_b = _two_in_one_batch(store, lambda held: _add("Ann", hold=held), _add("Bo"))
    assert isinstance(out_a.get("error"), OSError) and isinstance(out_b.get("error"), OSError)
    event.remove(store, "commit", refuse)
    assert _names(store) == set()
    # the committer goes on with the next batch, and the writers' lock was let go (this thread waits for it)
    assert SqlUnitOfWork(store).shared_commit(_add("Cy")) is not None
    with SqlUnitOfWork(store) as uow:
        uow.people.add(display_name="Di")
        uow.commit()
    assert _names(store) == {"Cy", "Di"}


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
