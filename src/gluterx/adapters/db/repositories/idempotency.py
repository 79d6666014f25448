"""Idempotency keys of logged sessions: one indexed read to find a key, one INSERT that never races a second."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from gluterx.adapters.db.models import IdempotencyKeyRow
from gluterx.services.records import StoredKey

__all__ = ["IdempotencyRepository"]

_FIND = select(
    IdempotencyKeyRow.key, IdempotencyKeyRow.request_hash, IdempotencyKeyRow.session_id, IdempotencyKeyRow.created_at
)


class IdempotencyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def find(self, person_id: int, key: str) -> StoredKey | None:
        stmt = _FIND.where(IdempotencyKeyRow.person_id == person_id, IdempotencyKeyRow.key == key)
        row = self.session.execute(stmt).first()
        if row is None:
            return None
        at = row.created_at if row.created_at.tzinfo is not None else row.created_at.replace(tzinfo=UTC)
        return StoredKey(row.key, row.request_hash, row.session_id, at)

    def claim(self, person_id: int, key: str, request_hash: str, session_id: int, *, now: datetime) -> bool:
        """INSERT ... ON CONFLICT DO NOTHING: a second request with the key (on another server) that got this far
        waits for the first's transaction, then keeps nothing, and its caller rolls its own session back."""
        values = {
            "person_id": person_id,
            "key": key,
            "request_hash": request_hash,
            "session_id": session_id,
            "created_at": now,
        }
        dialect = self.session.get_bind().dialect.name
        insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = (
            insert(IdempotencyKeyRow)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["person_id", "key"])
            .returning(IdempotencyKeyRow.id)
        )
        return self.session.execute(stmt).first() is not None

    def forget_before(self, person_id: int, cutoff: datetime) -> None:
        self.session.execute(
            delete(IdempotencyKeyRow).where(
                IdempotencyKeyRow.person_id == person_id, IdempotencyKeyRow.created_at < cutoff
            )
        )
