"""Seeding for the migration tests: a store made at the previous head the way each test needs it, said once."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine

from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.data import load_library
from gluterx.domain.planner.adjustments import Author, Change
from gluterx.services import start
from tests.adapters.db.test_migration_doses import migrate_to
from tests.adapters.db.test_store import PROFILE


def insert_rows(engine: Engine, **rows: list[dict[str, Any]]) -> None:
    """Insert `rows` table by table, in one transaction, into the schema as it stands (reflected: an old head's)."""
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        for table, values in rows.items():
            conn.execute(meta.tables[table].insert(), values)


def person_row(person_id: int, name: str, created_at: datetime, **more: Any) -> dict[str, Any]:
    """A `people` row as every head has had it (and `more` columns of a later one)."""
    return {"id": person_id, "uuid": f"00000000-0000-0000-0000-{person_id:012d}", "display_name": name,
            "role": "person", "created_at": created_at, **more}  # fmt: skip


def started(uow: SqlUnitOfWork, day: date) -> tuple[int, int]:
    """Sam with a programme (test_store's PROFILE) from `day`: their person id and the programme's."""
    with uow:
        person_id = uow.people.add(display_name="Sam").id
        uow.commit()
    start.start(uow, load_library(), PROFILE, start_date=day, person_id=person_id)
    with uow:
        program = uow.programs.active(person_id)
        assert program is not None
        return person_id, program.id


def programme_with_change(
    engine: Engine, change: Change, *, day: date, author: Author, at: datetime, previous: str
) -> None:
    """Sam's programme (test_store's PROFILE, from `day`) and one `change` by `author`, made at the head, then the
    store taken down to `previous`: the rows a migration of plan_adjustments must keep."""
    migrate_to(engine, "head")
    uow = SqlUnitOfWork(engine)
    person_id, program_id = started(uow, day)
    with uow:
        uow.adjustments.add(person_id=person_id, program_id=program_id, change=change, author=author, reason="why",
                            at=at)  # fmt: skip
        uow.commit()
    migrate_to(engine, previous, down=True)
