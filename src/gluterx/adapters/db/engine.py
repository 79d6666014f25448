"""Engines for SQLite (WAL, foreign keys, full sync) and PostgreSQL, and migrating a database to the newest schema."""

from __future__ import annotations

import fcntl
import os
import re
import sqlite3
import threading
import time
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InvalidatePoolError

if TYPE_CHECKING:
    from alembic.config import Config


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        lock = writer_lock(engine)
        event.listen(engine, "begin", lock.before_begin if lock is not None else _sqlite_begin)
        if lock is not None:
            event.listen(engine.pool, "checkin", lock.on_checkin)
            event.listen(engine.pool, "close", lock.on_checkin)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    engine = create_engine(url, pool_recycle=RECYCLE_S)
    if engine.dialect.name == "postgresql":
        event.listen(engine.pool, "checkin", _idle_since)
        event.listen(engine.pool, "checkout", _ping_if_idle)
    return engine


# PostgreSQL: no "pre-ping" at every checkout (a round trip per unit of work, most of a kept answer's cost in the
# database). A connection is pinged only when it sat in the pool longer than PING_AFTER_IDLE_S, when a restart of the
# server or a dropped connection is likely to have gone unnoticed; a failed ping empties the pool, as pre-ping does.
# A connection found dead by a statement also empties the pool (SQLAlchemy), and the signed-in lookup, the first read
# of every signed-in request, tries once more on a fresh one (repositories/accounts.py). Connections are replaced
# after RECYCLE_S whatever happens.
PING_AFTER_IDLE_S = 10.0
RECYCLE_S = 1800
_IDLE_SINCE = "gluterx_idle_since"


def _idle_since(_dbapi_connection: Any, record: Any) -> None:
    if record is not None:
        record.info[_IDLE_SINCE] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    since = record.info.pop(_IDLE_SINCE, None)
    if since is None or time.monotonic() - since < PING_AFTER_IDLE_S:
        return
    try:
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True  # the ping opens no transaction
        try:
            dbapi_connection.execute("SELECT 1")
        finally:
            dbapi_connection.autocommit = autocommit
    except Exception as exc:
        raise InvalidatePoolError(f"an idle connection did not answer: {exc}") from exc


_read_only_engines: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def read_only_engine(engine: Engine) -> Engine:
    """The engine with a read-only unit of work's options (read_only_options), made once per engine: making it anew
    for every unit of work cost more CPU than the signed-in lookup's query."""
    found = _read_only_engines.get(engine)
    if found is None:
        found = _read_only_engines[engine] = engine.execution_options(**read_only_options(engine))
    return found


def read_only_options(engine: Engine) -> dict[str, Any]:
    """The execution options of a read-only unit of work's connections.

    PostgreSQL: autocommit. At READ COMMITTED (the default) every statement of a transaction reads its own fresh
    snapshot anyway, so a read without BEGIN and ROLLBACK sees exactly the same rows and saves two round trips.
    SQLite: a deferred BEGIN (below), whose one snapshot every read of the unit of work shares.
    """
    if engine.dialect.name == "postgresql":
        return {READ_ONLY: True, "isolation_level": "AUTOCOMMIT"}
    return {READ_ONLY: True}


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
        self._owner: int | None = None  # the holding thread's ident

    def held_here(self) -> bool:
        """True when the calling thread holds it (a writer that must not wait for another thread to write)."""
        return self._owner == threading.get_ident()

    def before_begin(self, connection: Any) -> None:
        """The engine's "begin" listener: queue (a writer), then BEGIN; in this order, or a writer holding SQLite's
        lock would wait here for one holding this lock and waiting for SQLite's."""
        if not connection.get_execution_options().get(READ_ONLY, False):
            info = connection.connection.info  # the pooled connection's, as the checkin and close events see it
            if not info.get(_HOLDS_WRITER_LOCK):  # else it holds it already (a second transaction, same checkout)
                self.acquire()
                info[_HOLDS_WRITER_LOCK] = True
        _sqlite_begin(connection)

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
        self._owner = threading.get_ident()
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
                    # Polled (flock has no timeout): at most 0.5 ms late, since the lock is now held for a batch's
                    # writes and COMMIT alone (uow.py SharedCommits), ~1 ms; 2 ms cost ~5 % of POSTs at 10 clients
                    time.sleep(pause)
                    pause = min(pause * 2, 0.0005)
        except BaseException:
            self._depth -= 1
            self._owner = None
            self._threads.release()
            raise

    def release(self) -> None:
        try:
            self._depth -= 1
            if self._depth == 0:
                self._owner = None
                if self._fd is not None:
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
    if url.database in _absolute_locks:  # every writing unit of work asks: no path resolving (lstat) each time
        return _absolute_locks[url.database]
    path = Path(url.database).expanduser()
    found = _writer_lock(path)
    if path.is_absolute():
        _absolute_locks[url.database] = found
    return found


_absolute_locks: dict[str, WriterLock] = {}


def _sqlite_begin(connection: Any) -> None:
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
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


# The PostgreSQL advisory-lock key that serialises migrations across processes ("GLUTERX" as a number).
MIGRATION_LOCK_KEY = 0x474C55544552


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (alembic upgrade head); safe to run at every start.

    A database already at the newest revision is left alone without importing Alembic, which costs every web worker
    and CLI command ~13 MB and ~0.1 s; anything else (a new or older database, files it cannot read) goes to Alembic.
    """
    heads = head_revisions()
    if heads and _current_revisions(engine) == heads:
        return
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Several servers starting at once on one database: one migrates, the others wait here and then find
            # the schema at head (the lock ends with the transaction). SQLite's own write lock does the same there.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


_REVISION = re.compile(r"""^revision\b[^=]*=\s*["']([\w-]+)["']""", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\b[^=]*=(.*)$", re.MULTILINE)
_QUOTED = re.compile(r"""["']([\w-]+)["']""")


def head_revisions() -> set[str] | None:
    """The newest revision ids, read from `migrations/versions/` as text; None when a file does not say plainly."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (migrations_dir() / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        parents.update(_QUOTED.findall(down.group(1)))
    return (revisions - parents) or None


def _current_revisions(engine: Engine) -> set[str] | None:
    """The revision ids the database is at, or None when it has no alembic_version table yet."""
    try:
        with engine.execution_options(**{READ_ONLY: True}).connect() as connection:
            return set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    except DBAPIError:
        return None
