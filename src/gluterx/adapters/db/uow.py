"""The unit of work: one session, its repositories, and an explicit commit (services call it; nothing else does)."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from gluterx.adapters.db.repositories import (
    AccountsRepository,
    CheckinsRepository,
    PeopleRepository,
    PrescriptionsRepository,
    ProfilesRepository,
    ProgramsRepository,
    SessionsRepository,
)


class SqlUnitOfWork:
    """`with uow:` opens a transaction; leaving without `uow.commit()` rolls everything back."""

    def __init__(self, engine: Engine) -> None:
        self._factory = sessionmaker(bind=engine, expire_on_commit=False)
        self.session: Session

    def __enter__(self) -> SqlUnitOfWork:
        self.session = self._factory()
        self.people = PeopleRepository(self.session)
        self.profiles = ProfilesRepository(self.session)
        self.programs = ProgramsRepository(self.session)
        self.sessions = SessionsRepository(self.session)
        self.checkins = CheckinsRepository(self.session)
        self.prescriptions = PrescriptionsRepository(self.session)
        self.accounts = AccountsRepository(self.session)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
