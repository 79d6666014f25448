"""Writing with less held: a short transaction that commits with others, and one person's writers taking turns.

Two things a store may offer, each asked for by name as `ports.read_only` does, so a store without them (the
test fakes, which run one writer at a time) still runs every use case the plain way:

- `uow.lock_person(person_id)`: inside a writing unit of work, other writers of that person wait until it ends
  (the SQL store: PostgreSQL locks the person's row; SQLite's writers take turns anyway), so a use case that decides
  from what the person has stored (logging a session) decides after the other's write, never beside it.
- `uow.shared_commit(work)`: runs `work(uow)` in a writing unit of work and returns once what it committed is
  durable; the SQL store lets concurrent writers share one COMMIT (adapters/db/uow.py SharedCommits).
- `uow.decided_commit(person_id, decide, write)`: the same for a write decided from what one person has stored
  (`decide(reading)`, then `write(writing, decided)`); the SQL store on SQLite decides on a snapshot before it takes
  the writers' lock, so one process decides while another writes, and decides again inside the lock only when the
  person's revision moved in between (adapters/db/uow.py SharedCommits).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from gluterx.services.ports import UnitOfWork

__all__ = ["decide_then_write", "decided_commit", "lock_person", "shared_commit"]

T = TypeVar("T")
D = TypeVar("D")


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


def decided_commit(
    uow: UnitOfWork,
    person_id: int,
    decide: Callable[[UnitOfWork], D],
    write: Callable[[UnitOfWork, D], T],
) -> T:
    """`write(writing, decide(writing))` as one writing unit of work with the person's other writers held off, returned
    once durable (`write` calls `uow.commit()` to keep its writes).

    `decide` only reads, and only what the person's revision covers (adapters/db/revision.py: every row that leads
    to them), and returns a decision or raises; `write` stores what was decided. A store may run `decide` earlier, on
    a read-only snapshot outside the writers' lock, and hand `write` that decision when the person's revision has not
    moved since; otherwise (and whenever `decide` raised there) it decides again inside the write. Either way what is
    written was decided from what the person has stored at the moment it is written."""
    found = getattr(uow, "decided_commit", None)
    if callable(found):
        return found(person_id, decide, write)  # type: ignore[no-any-return]
    return shared_commit(uow, lambda writing: decide_then_write(writing, person_id, decide, write))


def decide_then_write(
    writing: UnitOfWork, person_id: int, decide: Callable[[UnitOfWork], D], write: Callable[[UnitOfWork, D], T]
) -> T:
    """Inside a writing `uow`: hold the person's other writers off, decide, write (`decided_commit` without a
    snapshot)."""
    lock_person(writing, person_id)
    return write(writing, decide(writing))
