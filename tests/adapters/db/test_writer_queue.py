"""The SQLite writers' queue (adapters/db/engine.py WriterLock): writers wait their turn, across threads and
processes; a read-only unit of work never waits for a writer."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from gluterx.adapters.db.engine import WriterLock, make_engine, writer_lock
from gluterx.adapters.db.uow import SqlUnitOfWork

# A "moment" for checking that a waiter is still waiting. These tests cannot pass by luck: a waiter that did not
# wait would be seen through at any speed; a slow machine can only make a broken lock look right, never a good one
# look broken.
MOMENT = 0.3

HOLDER = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
sys.stdin.readline()
"""


def _in_thread(target) -> tuple[threading.Thread, threading.Event]:  # type: ignore[no-untyped-def]
    done = threading.Event()

    def run() -> None:
        target()
        done.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, done


def test_one_lock_per_file_and_none_for_postgres_or_memory(store) -> None:  # type: ignore[no-untyped-def]
    other = make_engine(store.url.render_as_string(hide_password=False))  # another engine on the same file
    assert writer_lock(other) is writer_lock(store)
    assert writer_lock(make_engine("sqlite://")) is None
    assert writer_lock(make_engine("postgresql+psycopg://u@127.0.0.1/none")) is None
    other.dispose()


def test_a_second_writer_thread_waits_for_the_first(tmp_path: Path) -> None:
    lock = WriterLock(tmp_path / "x.db")
    lock.acquire()
    lock.acquire()  # reentrant for its holder
    lock.release()
    thread, done = _in_thread(lambda: (lock.acquire(), lock.release()))
    assert not done.wait(MOMENT), "a second writer got in while the first still held the queue"
    lock.release()
    assert done.wait(10)
    thread.join()


def test_a_writer_waits_for_another_process(tmp_path: Path) -> None:
    lock = WriterLock(tmp_path / "x.db")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock.path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "locked"
        thread, done = _in_thread(lambda: (lock.acquire(), lock.release()))
        assert not done.wait(MOMENT), "a writer got in while another process held the queue"
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert done.wait(10)
        thread.join()
    finally:
        holder.kill()
        holder.wait()


def test_a_reader_does_not_wait_for_a_writer_and_sees_only_committed_rows(store) -> None:  # type: ignore[no-untyped-def]
    writing = SqlUnitOfWork(store)
    with writing:
        writing.people.add(display_name="Uncommitted")
        writing.session.flush()  # inside the write transaction, holding the queue and SQLite's write lock
        names: list[str] = []

        def read() -> None:
            with SqlUnitOfWork(store).read_only() as reading:
                names.extend(reading.session.execute(text("SELECT display_name FROM people")).scalars())

        thread, done = _in_thread(read)
        assert done.wait(10), "a read-only unit of work waited for the writer"
        thread.join()
        assert names == []
    # the writer left without commit: nothing stored, and the queue is free for the next writer
    after = SqlUnitOfWork(store)
    with after:
        assert after.session.execute(text("SELECT count(*) FROM people")).scalar_one() == 0


def test_a_read_only_unit_of_work_cannot_commit(store) -> None:  # type: ignore[no-untyped-def]
    with SqlUnitOfWork(store).read_only() as reading, pytest.raises(RuntimeError, match="read-only"):
        reading.commit()
