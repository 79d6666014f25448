"""The revision-epoch migration on a store made by the previous head: one epoch row at 0, so every person's kept
results stay valid (revision + 0) and every person keeps every value; the schema then matches the models; a write
that names no person moves the epoch, not the people; down again drops only the table."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from gluterx.adapters.db.engine import make_engine
from gluterx.adapters.db.models import Base, CheckinRow, Person
from gluterx.adapters.db.revision import SEEN_REVISION
from gluterx.adapters.db.uow import SqlUnitOfWork
from tests.adapters.db.seeding import insert_rows, person_row
from tests.adapters.db.test_migration_doses import migrate_to

PREVIOUS = "9a4e2c71b8d0"  # reasons as parts, the revision before this one
REVISION = "b3e1d5f0a7c4"
NOW = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


@pytest.fixture
def old_engine(database_url: str) -> Iterator[Engine]:
    """Two people at the previous head, with revisions 4 and 7 and a check-in of the first's."""
    engine = make_engine(database_url)
    migrate_to(engine, PREVIOUS)
    insert_rows(
        engine,
        people=[person_row(i, f"P{i}", NOW, revision=r) for i, r in ((1, 4), (2, 7))],
        checkins=[{"id": 1, "person_id": 1, "date": date(2026, 12, 1), "pain": 3, "created_at": NOW}],
    )
    yield engine
    engine.dispose()


def _rows(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql))]


def _seen(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(SEEN_REVISION).order_by(Person.id)).scalars())


def test_one_epoch_row_at_zero_and_every_person_keeps_their_revision(old_engine: Engine) -> None:
    migrate_to(old_engine, REVISION)
    assert _rows(old_engine, "select id, number from revision_epoch") == [(1, 0)]
    assert _rows(old_engine, "select id, display_name, revision from people order by id") == [
        (1, "P1", 4),
        (2, "P2", 7),
    ]
    assert _seen(old_engine) == [4, 7]  # what a server kept before the upgrade is still what it is valid for
    with pytest.raises(sa.exc.IntegrityError), old_engine.begin() as conn:  # one row only
        conn.execute(sa.text("insert into revision_epoch (id, number) values (2, 0)"))


def test_the_migrated_schema_matches_the_models_and_moves_the_epoch_for_a_write_that_names_no_one(
    old_engine: Engine,
) -> None:
    migrate_to(old_engine, "head")
    with old_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    uow = SqlUnitOfWork(old_engine)
    with uow:
        uow.session.execute(sa.delete(CheckinRow).where(CheckinRow.id == 1))
        uow.commit()
    assert _rows(old_engine, "select number from revision_epoch") == [(1,)]
    assert _rows(old_engine, "select revision from people order by id") == [(4,), (7,)]
    assert _seen(old_engine) == [5, 8]


def test_downgrade_drops_only_the_epoch(old_engine: Engine) -> None:
    migrate_to(old_engine, REVISION)
    migrate_to(old_engine, PREVIOUS, down=True)
    assert "revision_epoch" not in sa.inspect(old_engine).get_table_names()
    assert _rows(old_engine, "select id, revision from people order by id") == [(1, 4), (2, 7)]
    assert _rows(old_engine, "select count(*) from checkins") == [(1,)]
