"""The person-revision migration on a store made by the previous head: every person keeps every value and starts at
revision 0; the schema then matches the models; down again drops only the column."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from gluterx.adapters.db.engine import make_engine
from gluterx.adapters.db.models import Base
from tests.adapters.db.seeding import insert_rows, person_row
from tests.adapters.db.test_migration_doses import migrate_to

PREVIOUS = "7ad1c0a5e214"  # plan adjustments, the revision before this one
REVISION = "7c0ffee13a21"
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def old_engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    migrate_to(engine, PREVIOUS)
    insert_rows(
        engine,
        people=[person_row(i, f"P{i}", NOW) for i in (1, 2)],
        checkins=[{"id": 1, "person_id": 1, "date": date(2026, 12, 1), "pain": 3, "created_at": NOW}],
    )
    yield engine
    engine.dispose()


def _people(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.text("select * from people order by id"))]


def test_every_person_keeps_their_values_and_starts_at_revision_zero(old_engine: Engine) -> None:
    migrate_to(old_engine, REVISION)
    assert [(p["display_name"], p["revision"]) for p in _people(old_engine)] == [("P1", 0), ("P2", 0)]
    with old_engine.begin() as conn:  # a person made without naming it gets 0 from the database
        conn.execute(sa.text("insert into people (id, uuid, display_name, role, created_at) values (3, 'x', 'P3', "
                             "'person', :at)"), {"at": NOW})  # fmt: skip
    assert _people(old_engine)[-1]["revision"] == 0


def test_the_migrated_schema_matches_the_models(old_engine: Engine) -> None:
    migrate_to(old_engine, "head")
    with old_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_downgrade_drops_only_the_revision(old_engine: Engine) -> None:
    """Down again: the column goes; every person and every row that refers to one (a check-in) stays."""
    migrate_to(old_engine, REVISION)
    migrate_to(old_engine, PREVIOUS, down=True)
    people = _people(old_engine)
    assert "revision" not in people[0] and [p["display_name"] for p in people] == ["P1", "P2"]
    with old_engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from checkins")).scalar_one() == 1
