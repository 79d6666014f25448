"""The soreness / leg-symptoms migration on a store made by the previous head: old check-ins and sessions keep
every value and get NULL for the new answers; the schema then matches the models; down again drops only them."""

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

PREVIOUS = "5e55c0de7a11"  # the server-side sessions, the revision before this one
REVISION = "5b1e7c2a9d40"
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def old_engine(database_url: str) -> Iterator[Engine]:
    """A database at the previous head, with one person, a check-in and a logged session."""
    engine = make_engine(database_url)
    migrate_to(engine, PREVIOUS)
    insert_rows(
        engine,
        people=[person_row(1, "Sam", NOW)],
        checkins=[{"id": 1, "person_id": 1, "date": date(2026, 12, 1), "pain": 3, "created_at": NOW}],
        performed_sessions=[
            {
                "id": 1,
                "person_id": 1,
                "date": date(2026, 11, 30),
                "notes": "fine",
                "source": "gluterx",
                "created_at": NOW,
            }
        ],
    )
    yield engine
    engine.dispose()


def _rows(engine: Engine) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    with engine.connect() as conn:
        checkins = [dict(r._mapping) for r in conn.execute(sa.text("select * from checkins"))]
        sessions = [dict(r._mapping) for r in conn.execute(sa.text("select * from performed_sessions"))]
    return checkins, sessions


def test_old_rows_keep_their_values_and_get_no_answer(old_engine: Engine) -> None:
    """After the upgrade the old check-in and session are unchanged, with soreness and leg_symptoms_spread NULL."""
    migrate_to(old_engine, REVISION)
    (checkin,), (session,) = _rows(old_engine)
    assert (checkin["pain"], checkin["soreness"]) == (3, None)
    assert (session["notes"], session["leg_symptoms_spread"]) == ("fine", None)


def test_the_migrated_schema_matches_the_models(old_engine: Engine) -> None:
    """Upgraded to the head, the schema is exactly what the models declare."""
    migrate_to(old_engine, "head")
    with old_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_soreness_outside_zero_to_ten_is_refused_by_the_database(old_engine: Engine) -> None:
    """The check constraint holds on the upgraded store: soreness 11 is refused."""
    migrate_to(old_engine, REVISION)
    with pytest.raises(sa.exc.IntegrityError), old_engine.begin() as conn:
        conn.execute(sa.text("update checkins set soreness = 11 where id = 1"))


def test_downgrade_drops_only_the_new_answers(old_engine: Engine) -> None:
    """Down again: the columns are gone and the old values are still there."""
    migrate_to(old_engine, REVISION)
    with old_engine.begin() as conn:
        conn.execute(sa.text("update checkins set soreness = 2"))
        conn.execute(sa.text("update performed_sessions set leg_symptoms_spread = true"))
    migrate_to(old_engine, PREVIOUS, down=True)
    (checkin,), (session,) = _rows(old_engine)
    assert "soreness" not in checkin and "leg_symptoms_spread" not in session
    assert (checkin["pain"], session["notes"]) == (3, "fine")
