"""The unit of work: one session, its repositories, and an explicit commit (services call it; nothing else does)."""

from __future__ import annotations

import copy
import os
import threading
import weakref
from collections import deque
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

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
from gluterx.adapters.db.repositories.prepared import Prepared
from gluterx.adapters.db.revision import SEEN_REVISION, bump, forget, track
from gluterx.services.commits import decide_then_write
from gluterx.services.ports import UnitOfWork

# One Session class for every unit of work: `sessionmaker(bind=...)` makes a new Session subclass, and building one
# per unit of work (several per request) cost more CPU than the queries it ran.
_Session = sessionmaker(expire_on_commit=False)
# Every write bumps the revision of the people it touches, in its own transaction (revision.py): no use case can forget.
track(_Session)

T = TypeVar("T")
D = TypeVar("D")

_LOCK_PERSON = select(Person.id).where(Person.id == bindparam("person_id")).with_for_update()
# What a decision about a person was made from: their revision plus the epoch (revision.py), one indexed read.
_SEEN = Prepared(select(SEEN_REVISION).where(Person.id == bindparam("person_id")))


class SqlUnitOfWork:
    """`with uow:` opens a transaction; leaving without `uow.commit()` rolls everything back.

    `uow.read_only()` is the same store for a use case that only reads: on SQLite its transaction takes a snapshot
    instead of the write lock, so reads run side by side with each other and with the one writer.
    """

    def __init__(self, engine: Engine, *, read_only: bool = False, _joins: Connection | None = None) -> None:
        self._engine = engine
        self._read_only = read_only
        # A shared commit's member (SharedCommits): its work runs in a SAVEPOINT of this connection's transaction,
        # whose writers' lock and COMMIT belong to the batch, not to this unit of work; read-only, it reads in the
        # connection's snapshot, which it leaves as it found it.
        self._joins = _joins
        # SQLite: a writing unit of work queues behind the other writers before it takes a connection (engine.py).
        # Found when it is entered: a use case that only reads never enters this one, only its read_only() twin.
        self._writers: WriterLock | None = None
        self.session: Session

    def read_only(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._engine, read_only=True)

    def __enter__(self) -> SqlUnitOfWork:
        if self._joins is not None:
            joining = "rollback_only" if self._read_only else "create_savepoint"
            self.session = _Session(bind=self._joins, join_transaction_mode=joining)
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
        return self._committed(work, lambda: _Job(work))

    def decided_commit(
        self, person_id: int, decide: Callable[[UnitOfWork], D], write: Callable[[UnitOfWork, D], T]
    ) -> T:
        """`write(writing, decide(...))` returned once durable (services/commits.py `decided_commit`). On an SQLite
        file it is a shared commit's member that the committer decides ahead, on a snapshot outside the writers'
        lock (SharedCommits); anywhere else, `decide` and `write` in one writing unit of work."""
        return self._committed(
            lambda writing: decide_then_write(writing, person_id, decide, write),
            lambda: _Job(None, decided=(person_id, decide, write)),  # type: ignore[arg-type]
        )

    def _committed(self, alone: Callable[[SqlUnitOfWork], T], job: Callable[[], _Job]) -> T:
        """`job()` handed to this process's committer (SharedCommits) where there is one; else `alone(self)` in
        this unit of work."""
        shared = None if self._read_only else shared_commits(self._engine)
        if shared is None:
            with self:
                return alone(self)
        return shared.run(job())  # type: ignore[no-any-return]


_NOT_YET = object()  # a _Job's decision before one was made ahead


class _Job:
    """One caller's work for a shared commit: `work(uow)`, or (person_id, decide, write) for a decided one."""

    __slots__ = ("ahead", "decided", "done", "error", "result", "seen", "work")

    def __init__(
        self,
        work: Callable[[SqlUnitOfWork], object] | None,
        *,
        decided: tuple[int, Callable[[UnitOfWork], object], Callable[[UnitOfWork, object], object]] | None = None,
    ) -> None:
        self.work = work
        self.decided = decided
        self.ahead: object = _NOT_YET  # the decision made on the snapshot, if one was
        self.seen: object = None  # the person's revision in that snapshot
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

    A decided work (`SqlUnitOfWork.decided_commit`: logging a session) is decided ahead: before the committer takes
    the writers' lock it opens one read-only snapshot for the batch and runs each such work's `decide` in it (reads
    and judgement, most of a log's CPU), noting the person's revision it read. Inside the lock only the writes are
    left: the work's revision is read again in its SAVEPOINT, and if it moved (another process wrote for the person
    since, or an earlier work of this batch did) or `decide` raised on the snapshot, it is decided again there, which
    is then the answer. So one process's committer judges while the other's holds the lock and syncs: the lock is
    held for the writes and the COMMIT alone, where it was held for every log's judgement too (bench/README.md).
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
        self.ahead = 0  # decided works whose snapshot's decision was written (for measuring)
        self.again = 0  # decided works decided again inside the lock

    def run(self, job: _Job) -> Any:
        """`job` committed with the next batch: its result (or its error raised) once that batch is durable."""
        with self._ready:
            self._start()
            self._queue.append(job)
            self._ready.notify()
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.result

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

    def _take(self, room: int) -> list[_Job]:
        with self._ready:
            return [self._queue.popleft() for _ in range(min(room, len(self._queue)))]

    def _batch(self) -> None:
        # Every work taken is answered, whatever fails from here on: a batch that cannot begin (the writers' lock
        # not had in 30 s, BEGIN refused, no connection) answers each of its works with that error.
        batch = self._take(self.MAX_BATCH)
        engine = self._engine()
        try:
            if engine is None:  # pragma: no cover - a caller holds the engine while it waits
                raise RuntimeError("the database engine was let go of while work waited to be committed")
            _decide_ahead(engine, batch)
            with engine.connect() as connection:
                try:
                    connection.begin()  # the writers' lock, then BEGIN IMMEDIATE (engine.py)
                    for job in batch:
                        self._one(connection, job)
                    connection.commit()
                except BaseException:
                    # Whatever the failure left open goes with the connection (closing it rolls back), and with it
                    # the writers' lock (the pool's close event, engine.py)
                    connection.invalidate()
                    raise
                self.batches += 1
        except BaseException as exc:  # answered to every caller of the batch, none of it kept
            for job in batch:
                job.result, job.error = None, _copy(exc)
        finally:
            for job in batch:
                job.done.set()

    def _one(self, connection: Connection, job: _Job) -> None:
        """Run one work in its SAVEPOINT; raises only when the shared transaction cannot go on."""
        # Leaving rolls back to the SAVEPOINT unless the work committed; if that fails, so does the batch.
        with SqlUnitOfWork(connection.engine, _joins=connection) as uow:
            try:
                if job.decided is None:
                    job.result = job.work(uow)  # type: ignore[misc]
                    return
                person_id, decide, write = job.decided
                # (SQLite: the writers' lock holds every other writer of the person off already)
                decision = job.ahead
                if decision is _NOT_YET or _SEEN.scalar(uow.session, {"person_id": person_id}) != job.seen:
                    decision = decide(uow)
                    self.again += 1
                else:
                    self.ahead += 1
                job.result = write(uow, decision)
            except Exception as exc:  # the caller's own error: its SAVEPOINT is rolled back on leaving
                job.error = exc


def _decide_ahead(engine: Engine, batch: list[_Job]) -> None:
    """Each decided work of `batch` decided on one read-only snapshot, outside the writers' lock (SharedCommits).
    Whatever goes wrong here only leaves a work to be decided inside the lock, where its error is answered."""
    ahead = [job for job in batch if job.decided is not None]
    if not ahead:
        return
    try:
        with read_only_engine(engine).connect() as reading:
            reading.begin()  # a deferred BEGIN: one snapshot, no lock (engine.py)
            try:
                _decide_on(reading, engine, ahead)
            finally:
                reading.rollback()
    except Exception:
        for job in ahead:
            job.ahead = _NOT_YET


def _decide_on(reading: Connection, engine: Engine, ahead: list[_Job]) -> None:
    # Deciding only reads. One that wrote (a mistake) would have its write rolled back with the snapshot: it is
    # decided again inside the lock, where its write is part of its work. (PRAGMA query_only would refuse the write
    # at once, but setting it expires every prepared statement of the connection: ~0.25 ms of CPU a log.)
    # The works after it would decide on a snapshot holding that write: they are all decided inside the lock.
    driver: Any = reading.connection.dbapi_connection
    changes = driver.total_changes
    for done, job in enumerate(ahead):
        person_id, decide, _write = job.decided  # type: ignore[misc]
        with SqlUnitOfWork(engine, read_only=True, _joins=reading) as uow:
            try:
                seen = _SEEN.scalar(uow.session, {"person_id": person_id})
                job.ahead, job.seen = decide(uow), seen
            except Exception:
                job.ahead = _NOT_YET
        if driver.total_changes != changes:
            for wrote_or_after in ahead[done:]:
                wrote_or_after.ahead = _NOT_YET
            return


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
