"""Writing with less held: judge from a snapshot, then write in a short transaction that commits with others.

Two things a store may offer, each asked for by name as `ports.read_only` does, so a store without them (the
test fakes) still runs every use case the plain way:

- `uow.revision(person_id, lock=...)`: the person's revision, which every write that changes what they are shown
  bumps in its own transaction (adapters/db/revision.py). A use case reads it in a read-only snapshot together with
  what it decides from, and again in its writing unit of work: the same number says nothing it relied on changed.
- `uow.shared_commit(work)`: runs `work(uow)` in a writing unit of work and returns once what it committed is
  durable; the SQL store lets concurrent writers share one COMMIT (adapters/db/uow.py SharedCommits).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from gluterx.services.ports import UnitOfWork

__all__ = ["person_revision", "shared_commit"]

T = TypeVar("T")


def person_revision(uow: UnitOfWork, person_id: int, *, lock: bool = False) -> int | None:
    """The person's revision inside `uow` (already entered), or None when the store keeps none or there is no such
    person: then nothing read elsewhere can be trusted to be current. `lock`, in a writing unit of work: other
    writers of this person wait until it ends."""
    found = getattr(uow, "revision", None)
    return found(person_id, lock=lock) if callable(found) else None


def shared_commit(uow: UnitOfWork, work: Callable[[UnitOfWork], T]) -> T:
    """`work(uow)` inside `with uow:`; it calls `uow.commit()` to keep its writes. Returns (or raises) only once
    what it committed is durable, sharing the COMMIT with concurrent writers where the store can."""
    shared = getattr(uow, "shared_commit", None)
    if callable(shared):
        return shared(work)  # type: ignore[no-any-return]
    with uow:
        return work(uow)
