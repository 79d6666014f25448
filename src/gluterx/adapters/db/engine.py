"""Engines for SQLite (WAL, foreign keys, full sync) and PostgreSQL, and migrating a database to the newest schema."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        if parsed.database and parsed.database != ":memory:":
            lock = _writer_lock(Path(parsed.database).expanduser())
            event.listen(engine, "begin", lock.before_begin, insert=True)
            event.listen(engine.pool, "checkin", lock.on_checkin)
            event.listen(engine.pool, "close", lock.on_checkin)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, open transactions, so BEGIN IMMEDIATE below takes the write lock up front.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")  # a committed session survives a crash of the process or the machine
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


READ_ONLY = "gluterx_read_only"  # execution option of the engine a read-only unit of work binds to


BUSY_TIMEOUT_S = 30.0


class WriterLock:
    """Writers to one SQLite file queue here, in this process and across processes, before BEGIN IMMEDIATE.

    SQLite makes a writer that finds the write lock taken sleep and retry (1, 2, 5, ... up to 100 ms), so under load
    the lock sat free while waiters slept: a few hundred ms per write at 50 clients, seconds at p99. Here a thread
    lock queues the writers of this process, and an flock on `<database>.write-lock` (beside the -wal and -shm
    files) the processes (uvicorn workers, the CLI); the next writer goes as soon as the last one has committed.
    A unit of work takes it before it takes a pooled connection (so waiting writers hold no connection); any other
    write transaction takes it at BEGIN. Reentrant for its holder; let go when the connection goes back to the pool
    (after COMMIT or ROLLBACK) or is closed, and when the unit of work ends. A process that dies drops its flock with
    it. A read-only transaction takes neither.
    """

    def __init__(self, path: Path) -> None:
        self.path = path.with_name(path.name + ".write-lock")
        self._threads = threading.RLock()
        self._depth = 0  # how many times the holding thread has taken it
        self._fd: int | None = None
        self._pid = 0

    def before_begin(self, connection: Any) -> None:
        if connection.get_execution_options().get(READ_ONLY, False):
            return
        info = connection.connection.info  # the pooled connection's, as the checkin and close events see it
        if info.get(_HOLDS_WRITER_LOCK):
            return  # this connection holds it already (a second transaction before it went back to the pool)
        self.acquire()
        info[_HOLDS_WRITER_LOCK] = True

    def on_checkin(self, _dbapi_connection: Any, record: Any) -> None:
        if record is not None and record.info.pop(_HOLDS_WRITER_LOCK, False):
            self.release()

    def acquire(self) -> None:
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        if not self._threads.acquire(timeout=BUSY_TIMEOUT_S):
            raise sqlite3.OperationalError("database is locked (another writer held it for 30 s)")
        self._depth += 1
        if self._depth > 1:
            return
        try:
            fd = self._file()
            pause = 0.0002
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise sqlite3.OperationalError("database is locked (another process wrote for 30 s)") from None
                    time.sleep(pause)
                    pause = min(pause * 2, 0.002)
        except BaseException:
            self._depth -= 1
            self._threads.release()
            raise

    def release(self) -> None:
        try:
            self._depth -= 1
            if self._depth == 0 and self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()

    def _file(self) -> int:
        if self._fd is None or self._pid != os.getpid():  # a forked child opens its own
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self._pid = os.getpid()
        return self._fd


_HOLDS_WRITER_LOCK = "gluterx_writer_lock"
_writer_locks: dict[Path, WriterLock] = {}
_writer_locks_guard = threading.Lock()


def _writer_lock(path: Path) -> WriterLock:
    """One lock per database file per process, shared by every engine on that file."""
    key = path.resolve()
    with _writer_locks_guard:
        return _writer_locks.setdefault(key, WriterLock(key))


def writer_lock(engine: Engine) -> WriterLock | None:
    """The writers' queue of an SQLite file's engine (None for PostgreSQL and in-memory SQLite)."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return _writer_lock(Path(url.database).expanduser())


def _sqlite_begin_immediate(connection: Any) -> None:
    # A writer takes the write lock up front, so it never has to upgrade a stale read snapshot (SQLITE_BUSY). A
    # read-only unit of work takes a plain (deferred) snapshot: in WAL mode readers wait for no one and block no one.
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def migrations_dir() -> Path:
    """`migrations/` beside the package in a source checkout, or the copy packed into the wheel."""
    here = Path(__file__).resolve()
    packed = here.parents[2] / "migrations"
    return packed if packed.is_dir() else here.parents[4] / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (alembic upgrade head); safe to run at every start."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
