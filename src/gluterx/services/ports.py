"""What the services need from the store, as a Protocol: the services never import an adapter."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Protocol

from gluterx.services.errors import Problem, ServiceError

__all__ = ["Problem", "ServiceError", "UnitOfWork", "read_only"]


class UnitOfWork(Protocol):
    people: Any
    profiles: Any
    programs: Any
    sessions: Any
    checkins: Any
    prescriptions: Any
    accounts: Any

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...


def read_only(uow: UnitOfWork) -> UnitOfWork:
    """The same store for a use case that only reads, where the store offers that (SQLite then takes no lock).

    A store without `read_only()` gives back `uow` itself. The read-only one raises on commit().
    """
    reading = getattr(uow, "read_only", None)
    return reading() if callable(reading) else uow
