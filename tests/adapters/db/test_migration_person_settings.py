"""The person-settings migration on a store made by the previous head: nothing stored changes, people without a row
have the defaults, the schema then matches the models, and down again drops only the new table."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from gluterx.adapters.db.engine import make_engine
from gluterx.adapters.db.models import Base
from gluterx.adapters.db.uow import SqlUnitOfWork
from tests.adapters.db.seeding import insert_rows, person_row
from tests.adapters.db.test_migration_doses import migrate_to

PREVIOUS = "c1a9e7d4b216"
REVISION = "7a3c51e0f2b8"
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def old_engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    migrate_to(engine, PREVIOUS)
    insert_rows(engine, people=[person_row(1, "Sam", NOW)])
    yield engine
    engine.dispose()


def test_upgrade_keeps_people_and_gives_them_the_defaults(old_engine: Engine) -> None:
    migrate_to(old_engine, REVISION)
    with old_engine.connect() as conn:
        assert conn.execute(sa.text("select display_name from people")).scalar_one() == "Sam"
        assert conn.execute(sa.text("select count(*) from person_settings")).scalar_one() == 0
    with SqlUnitOfWork(old_engine) as uow:
        assert uow.settings.get(1) is None


def test_the_migrated_schema_matches_the_models(old_engine: Engine) -> None:
    migrate_to(old_engine, "head")
    with old_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_a_unit_other_than_kg_or_lb_is_refused(old_engine: Engine) -> None:
    migrate_to(old_engine, REVISION)
    with pytest.raises(sa.exc.IntegrityError), old_engine.begin() as conn:
        conn.execute(
            sa.text(
                "insert into person_settings (person_id, unit, training_days, updated_at) values (1, 'st', '[]', :at)"
            ),
            {"at": NOW},
        )


def test_downgrade_drops_the_table_only(old_engine: Engine) -> None:
    migrate_to(old_engine, REVISION)
    migrate_to(old_engine, PREVIOUS, down=True)
    assert "person_settings" not in sa.inspect(old_engine).get_table_names()
    with old_engine.connect() as conn:
        assert conn.execute(sa.text("select display_name from people")).scalar_one() == "Sam"
