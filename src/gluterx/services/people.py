"""The people a use case acts for: the single local person of the command line."""

from __future__ import annotations

from gluterx.services.errors import Problem
from gluterx.services.ports import ServiceError, UnitOfWork, read_only

__all__ = ["account_person_id", "local_person_id"]


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


def account_person_id(uow: UnitOfWork, *, email: str) -> int:
    """The person behind the account with this email in this store (the CLI's `--as EMAIL`, for a store that holds
    accounts, such as the web server's: a clinician, or one of several people); "missing" when none has it."""
    from gluterx.services.accounts import normalise_email  # the same spelling sign-up stores

    wanted = normalise_email(email)
    with read_only(uow) as reading:
        found = reading.accounts.by_email(wanted) if 0 < len(wanted) <= 254 else None
    if found is None:
        raise ServiceError([Problem("email", "no_account")], code="missing")
    return int(found.person_id)
