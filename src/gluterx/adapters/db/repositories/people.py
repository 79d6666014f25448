"""People: the persons GluteRx coaches, and the coaches."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gluterx.adapters.db.models import Person
from gluterx.services.records import PersonRecord

__all__ = ["PeopleRepository", "person_record"]


def person_record(row: Person) -> PersonRecord:
    return PersonRecord(row.id, row.uuid, row.display_name, row.role, row.created_at)


def returning_revision() -> int:
    """Where a person comes back under a uuid the store may have served before (a backup restored, with --replace,
    into a store a running server reads), their revision starts far from any counter that server may have kept a
    result under (adapters/web/results.py keys results by person id, uuid and day, valid for one revision): a counter
    starting again from 0 would meet the old one after as many writes and serve the answer from before the restore.
    A random start in [2^30, 2^30 + 2^29) leaves room below PostgreSQL's integer limit for 2^29 writes."""
    return (1 << 30) + secrets.randbelow(1 << 29)


class PeopleRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def local(self) -> PersonRecord | None:
        row = self.session.scalars(select(Person).order_by(Person.id).limit(1)).first()
        return person_record(row) if row is not None else None

    def get(self, person_id: int) -> PersonRecord | None:
        row = self.session.get(Person, person_id)
        return person_record(row) if row is not None else None

    def add(
        self,
        *,
        display_name: str = "",
        role: str = "person",
        person_uuid: str | None = None,
        created_at: datetime | None = None,
    ) -> PersonRecord:
        row = Person(uuid=person_uuid or str(uuid.uuid4()), display_name=display_name, role=role)
        if person_uuid is not None:
            row.revision = returning_revision()
        if created_at is not None:
            row.created_at = created_at
        self.session.add(row)
        self.session.flush()
        return person_record(row)

    def all(self) -> Sequence[PersonRecord]:
        return [person_record(row) for row in self.session.scalars(select(Person).order_by(Person.id))]

    def delete(self, person_id: int) -> bool:
        """Remove the person; the database's ON DELETE CASCADE removes every row of theirs in every table."""
        row = self.session.get(Person, person_id)
        if row is None:
            return False
        self.session.delete(row)
        self.session.flush()
        return True

    def delete_all(self) -> None:
        """Remove every person and, by cascade, everything of theirs (for a restore with --replace)."""
        for row in self.session.scalars(select(Person)).all():
            self.session.delete(row)
        self.session.flush()
