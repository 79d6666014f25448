"""The unit of work: one session, its repositories, and an explicit commit (services call it; nothing else does)."""

from __future__ import annotations

import copy
import os
import threading
import weakref
from collections import deque
from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

from sqlalchemy import Connection, Engine, bindparam, select
from sqlalchemy.orm import Session, sessionmaker

from gluterx.adapters.db.engine import READ_ONLY, WriterLock, read_only_engine, writer_lock
from gluterx.adapters.db.models import Person
from gluterx.adapters.db.repositories import (
    AccountsRepository,
    CareRepository,
    CheckinsRepository,
    IdempotencyRepository,
    OutcomesRepository,
    PeopleRepository,
    PrescriptionsRepository,
    ProfilesRepository,
    ProgramsRepository,
    SessionsRepository,
    SettingsRepository,
)
from gluterx.adapters.db.repositories.adjustments import AdjustmentsRepository
from gluterx.adapters.db.revision import bump, forget, track
from gluterx.services.ports import UnitOfWork

# One Session class for every unit of work: `sessionmaker(bind=...)` makes a new Session subclass, and building one
# per unit of work (several per request) cost more CPU than the queries it ran.
_Session = sessionmaker(expire_on_commit=False)
# Every write bumps the revision of the people it touches, in its own transaction (revision.py): no use case can forget.
track(_Session)

T = TypeVar("T")

_LOCK_PERSON = select(Person.id).where(Person.id == bindparam("person_id")).with_for_update()


class SqlUnitOfWork:
    """`with uow:` opens a transaction; leaving without `uow.commit()` rolls everything back.

    `uow.read_only()` is the same store for a use case that only reads: on SQLite its transaction takes a snapshot
    instead of the write lock, so reads run side by side with each other and with the one writer.
    """

    def __init__(self, engine: Engine, *, read_only: bool = False, _joins: Connection | None = None) -> None:
        self._engine = engine
        self._read_only = read_only
        # A shared commit's member (SharedCommits): its work runs in a SAVEPOINT of this connection's transaction,
        # whose writers' lock and COMMIT belong to the batch, not to this unit of work.
        self._joins = _joins
        # SQLite: a writing unit of work queues behind the other writers before it takes a connection (engine.py).
        # Found when it is entered: a use case that only reads never enters this one, only its read_only() twin.
        self._writers: WriterLock | None = None
        self.session: Session

    def read_only(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._engine, read_only=True)

    def __enter__(self) -> SqlUnitOfWork:
        if self._joins is not None:
            self.session = _Session(bind=self._joins, join_transaction_mode="create_savepoint")
            return self._repositories()
        if not self._read_only:
            self._writers = writer_lock(self._engine)
        if self._writers is not None:
            self._writers.acquire()
        bind = read_only_engine(self._engine) if self._read_only else self._engine
        self.session = _Session(bind=bind)
        return self._repositories()

    def _repositories(self) -> SqlUnitOfWork:
        if self._read_only:  # nothing can change under a read-only unit of work: its repositories may keep reads
            self.session.info[READ_ONLY] = True
        self.people = PeopleRepository(self.session)
        self.profiles = ProfilesRepository(self.session)
        self.programs = ProgramsRepository(self.session)
        self.sessions = SessionsRepository(self.session)
        self.checkins = CheckinsRepository(self.session)
        self.prescriptions = PrescriptionsRepository(self.session)
        self.accounts = AccountsRepository(self.session)
        self.outcomes = OutcomesRepository(self.session)
        self.idempotency = IdempotencyRepository(self.session)
        self.care = CareRepository(self.session)
        self.settings = SettingsRepository(self.session)
        self.adjustments = AdjustmentsRepository(self.session)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # close() rolls back whatever was not committed (a shared commit's member: to its SAVEPOINT) and hands the
        # connection back; unlike rollback() it does not expire every loaded object first, which nothing reads after
        # the unit of work anyway.
        try:
            self.session.close()
        finally:
            if self._writers is not None:
                self._writers.release()

    def commit(self) -> None:
        if self._read_only:
            raise RuntimeError("a read-only unit of work cannot commit; use a writing one for this use case")
        bump(self.session)
        self.session.commit()

    def rollback(self) -> None:
        forget(self.session)
        self.session.rollback()

    def lock_person(self, person_id: int) -> None:
        """Other writers of this person wait until this unit of work ends: on PostgreSQL the person's row stays
        locked (FOR UPDATE); SQLite's BEGIN IMMEDIATE already holds every other writer off, so it reads nothing."""
        if self.session.get_bind().dialect.name != "sqlite":
            self.session.execute(_LOCK_PERSON, {"person_id": person_id})

    def shared_commit(self, work: Callable[[SqlUnitOfWork], T]) -> T:
        """`work(uow)` in a writing unit of work (it calls `uow.commit()` to keep its writes), returning once what
        it committed is durable. On an SQLite file, concurrent writers of this process share one transaction and
        one COMMIT (SharedCommits); anywhere else, and for a thread already writing, it is `with self: work(self)`."""
        shared = None if self._read_only else shared_commits(self._engine)
        if shared is None:
            with self:
                return work(self)
        return shared.run(work)


class _Job:
    __slots__ = ("done", "error", "result", "work")

    def __init__(self, work: Callable[[SqlUnitOfWork], object]) -> None:
        self.work = work
        self.done = threading.Event()
        self.result: object = None
        self.error: BaseException | None = None


class SharedCommits:
    """Group commit for the writers of one SQLite file in one process: they share one transaction and one COMMIT.

    With `synchronous=FULL` every COMMIT waits for its fsync, and only one writer at a time holds the file (WriterLock,
    BEGIN IMMEDIATE), so one request's fsync kept every other writer waiting. Here each writer hands its work to this
    process's committer thread and waits. The committer takes the writers' lock, BEGINs, runs each waiting work in a
    SAVEPOINT of its own on the one connection (one at a time: the connection is not shared between threads), and
    COMMITs them together: one fsync for the batch. Work that arrives while a batch commits waits for the next one.

    - No work is answered before its batch's COMMIT has returned (its data committed and synced).
    - A work that raises, or leaves without `uow.commit()`, rolls back to its SAVEPOINT only: the batch goes on and
      the caller gets its own exception.
    - If the batch itself fails (its BEGIN, a SAVEPOINT that cannot be rolled back, the COMMIT), every work of the
      batch is answered with that error and nothing of it is kept; a crash before the COMMIT acknowledges nothing.
    """

    MAX_BATCH = 32  # works per COMMIT: bounds how long the first of a batch waits for the others
    IDLE_S = 2.0  # the committer thread ends after this long without work (the next work starts another)

    def __init__(self, engine: Engine) -> None:
        self._engine = weakref.ref(engine)  # held weakly: an engine let go of takes its committer with it
        self._queue: deque[_Job] = deque()
        self._ready = threading.Condition()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self.batches = 0  # COMMITs made (for measuring: how many logs shared each)

    def run(self, work: Callable[[SqlUnitOfWork], T]) -> T:
        job = _Job(work)
        with self._ready:
            self._start()
            self._queue.append(job)
            self._ready.notify()
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.result  # type: ignore[return-value]

    def _start(self) -> None:
        """Under `_ready`: a committer thread for this process (a forked child starts its own)."""
        if self._pid != os.getpid():
            self._queue.clear()  # a forked child's copy of its parent's waiting work: not its own
            self._pid, self._thread = os.getpid(), None
        if self._thread is None or not self._thread.is_alive():  # (a committer that died of something unforeseen)
            self._thread = threading.Thread(target=self._loop, name="gluterx-shared-commits", daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        while True:
            with self._ready:
                if not self._queue and not self._ready.wait_for(lambda: bool(self._queue), timeout=self.IDLE_S):
                    self._thread = None  # under `_ready`: the next run() starts another
                    return
            self._batch()

    def _next(self) -> _Job | None:
        with self._ready:
            return self._queue.popleft() if self._queue else None

    def _batch(self) -> None:
        ran: list[_Job] = []
        engine = self._engine()
        try:
            if engine is None:  # pragma: no cover - a caller holds the engine while it waits
                raise RuntimeError("the database engine was let go of while work waited to be committed")
            with engine.connect() as connection:
                try:
                    connection.begin()  # the writers' lock, then BEGIN IMMEDIATE (engine.py)
                    while len(ran) < self.MAX_BATCH and (job := self._next()) is not None:
                        ran.append(job)
                        self._one(connection, job)
                    connection.commit()
                except BaseException:
                    # Whatever the failure left open goes with the connection (closing it rolls back), and with it
                    # the writers' lock (the pool's close event, engine.py)
                    connection.invalidate()
                    raise
                self.batches += 1
        except BaseException as exc:  # answered to every caller of the batch, none of it kept
            for job in ran:
                job.result, job.error = None, _copy(exc)
        finally:
            for job in ran:
                job.done.set()

    @staticmethod
    def _one(connection: Connection, job: _Job) -> None:
        """Run one work in its SAVEPOINT; raises only when the shared transaction cannot go on."""
        # Leaving rolls back to the SAVEPOINT unless the work committed; if that fails, so does the batch.
        with SqlUnitOfWork(connection.engine, _joins=connection) as uow:
            try:
                job.result = job.work(uow)
            except Exception as exc:  # the caller's own error: its SAVEPOINT is rolled back on leaving
                job.error = exc


def _copy(exc: BaseException) -> BaseException:
    """An exception for each waiting thread to raise (raising one object in several threads mixes tracebacks)."""
    try:
        found = copy.copy(exc)
    except Exception:
        return exc
    found.__cause__ = exc
    return found


_shared: weakref.WeakKeyDictionary[Engine, SharedCommits] = weakref.WeakKeyDictionary()
_shared_guard = threading.Lock()


def shared_commits(engine: Engine) -> SharedCommits | None:
    """The group commit of an SQLite file's engine in this process (None for PostgreSQL and in-memory SQLite), and
    None for a thread that already holds the writers' lock: its work runs as before, in its own transaction (the
    committer would wait for that lock)."""
    lock = writer_lock(engine)
    if lock is None or lock.held_here():
        return None
    with _shared_guard:
        found = _shared.get(engine)
        if found is None:
            found = _shared[engine] = SharedCommits(engine)
        return found


def _is_a_unit_of_work(engine: Engine) -> UnitOfWork:
    """Never called: mypy checks here that the SQL store fits the services' port, every repository method of it."""
    return SqlUnitOfWork(engine)
