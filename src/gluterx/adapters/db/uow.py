"""The unit of work: one session, its repositories, and an explicit commit (services call it; nothing else does)."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from gluterx.adapters.db.engine import READ_ONLY, WriterLock, read_only_engine, writer_lock
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


class SqlUnitOfWork:
    """`with uow:` opens a transaction; leaving without `uow.commit()` rolls everything back.

    `uow.read_only()` is the same store for a use case that only reads: on SQLite its transaction takes a snapshot
    instead of the write lock, so reads run side by side with each other and with the one writer.
    """

    def __init__(self, engine: Engine, *, read_only: bool = False) -> None:
        self._engine = engine
        self._read_only = read_only
        # SQLite: a writing unit of work queues behind the other writers before it takes a connection (engine.py).
        # Found when it is entered: a use case that only reads never enters this one, only its read_only() twin.
        self._writers: WriterLock | None = None
        self.session: Session

    def read_only(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._engine, read_only=True)

    def __enter__(self) -> SqlUnitOfWork:
        if not self._read_only:
            self._writers = writer_lock(self._engine)
        if self._writers is not None:
            self._writers.acquire()
        bind = read_only_engine(self._engine) if self._read_only else self._engine
        self.session = _Session(bind=bind)
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
        # close() rolls back whatever was not committed and hands the connection back; unlike rollback() it does not
        # expire every loaded object first, which nothing reads after the unit of work anyway.
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


def _is_a_unit_of_work(engine: Engine) -> UnitOfWork:
    """Never called: mypy checks here that the SQL store fits the services' port, every repository method of it."""
    return SqlUnitOfWork(engine)
