"""The people a use case acts for: the single local person of the command line."""

from __future__ import annotations

from gluterx.services.errors import Problem
from gluterx.services.ports import ServiceError, UnitOfWork

__all__ = ["local_person_id"]


def local_person_id(uow: UnitOfWork, *, create: bool = False) -> int:
    """The single local person of the CLI (created on the first `gluterx start` when `create`)."""
    with uow:
        person = uow.people.local()
        if person is None and create:
            person = uow.people.add()
            uow.commit()
        if person is None:
            raise ServiceError([Problem("", "no_programme")], code="missing")
        return int(person.id)
