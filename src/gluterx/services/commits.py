"""Writing with less held: a short transaction that commits with others, and one person's writers taking turns.

Two things a store may offer, each asked for by name as `ports.read_only` does, so a store without them (the
test fakes, which run one writer at a time) still runs every use case the plain way:

- `uow.lock_person(person_id)`: inside a writing unit of work, other writers of that person wait until it ends
  (the SQL store: PostgreSQL locks the person's row; SQLite's writers take turns anyway), so a use case that decides
  from what the person has stored (logging a session) decides after the other's write, never beside it.
- `uow.shared_commit(work)`: runs `work(uow)` in a writing unit of work and returns once what it committed is
  durable; the SQL store lets concurrent writers share one COMMIT (adapters/db/uow.py SharedCommits).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from gluterx.services.ports import UnitOfWork

__all__ = ["lock_person", "shared_commit"]

T = TypeVar("T")


def lock_person(uow: UnitOfWork, person_id: int) -> None:
    """Inside a writing `uow` (already entered): the person's other writers wait until it ends, where the store
    needs telling."""
    found = getattr(uow, "lock_person", None)
    if callable(found):
        found(person_id)


def shared_commit(uow: UnitOfWork, work: Callable[[UnitOfWork], T]) -> T:
    """`work(uow)` inside `with uow:`; it calls `uow.commit()` to keep its writes. Returns (or raises) only once
    what it committed is durable, sharing the COMMIT with concurrent writers where the store can."""
    shared = getattr(uow, "shared_commit", None)
    if callable(shared):
        return shared(work)  # type: ignore[no-any-return]
    with uow:
        return work(uow)
