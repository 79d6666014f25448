"""Outcome answers in the real store (SQLite and PostgreSQL): the migration from the previous head, and the
repository's upsert, order and restore."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from gluterx.adapters.db.engine import make_engine
from gluterx.adapters.db.models import Base
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.domain.outcomes import Activity, Answers
from tests.adapters.db.test_migration_doses import migrate_to

PREVIOUS = "d67e160af6d6"
OUTCOMES = "5e0c7a1f2b93"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
START = Answers(date(2026, 12, 1), 6, (Activity("Climbing stairs", 3), Activity("Sitting 1 hour", 4),
                                       Activity("Picking up my child", 2)))  # fmt: skip


@pytest.fixture
def old_engine(database_url: str) -> Iterator[Engine]:
    """A database at the head before outcome measures, with a person and a check-in."""
    engine = make_engine(database_url)
    migrate_to(engine, PREVIOUS)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO people (id, uuid, display_name, role, created_at) "
                "VALUES (1, '00000000-0000-0000-0000-000000000001', 'Ada', 'person', :now)"
            ),
            {"now": NOW},
        )
        conn.execute(
            sa.text("INSERT INTO checkins (person_id, date, pain, created_at) VALUES (1, :d, 5, :now)"),
            {"d": date(2026, 12, 2), "now": NOW},
        )
    yield engine
    engine.dispose()


def test_the_migration_adds_the_outcome_tables_and_keeps_everything_else(old_engine: Engine) -> None:
    """Up from the previous head: the two tables exist, the schema is the models', the check-in is untouched."""
    migrate_to(old_engine, OUTCOMES)
    tables = set(sa.inspect(old_engine).get_table_names())
    assert {"outcome_answers", "outcome_activities"} <= tables
    with old_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT pain FROM checkins")).scalar_one() == 5
    migrate_to(old_engine, "head")
    with old_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_the_downgrade_drops_only_the_outcome_tables(old_engine: Engine) -> None:
    """Down again: answers go with their tables, people and check-ins stay; and up again works."""
    migrate_to(old_engine, OUTCOMES)
    uow = SqlUnitOfWork(old_engine)
    with uow:
        uow.outcomes.upsert(1, START)
        uow.commit()
    migrate_to(old_engine, PREVIOUS, down=True)
    tables = set(sa.inspect(old_engine).get_table_names())
    assert not {"outcome_answers", "outcome_activities"} & tables
    with old_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM checkins")).scalar_one() == 1
    migrate_to(old_engine, OUTCOMES)


def _person(uow: SqlUnitOfWork) -> int:
    with uow:
        person = uow.people.add(display_name="Ada")
        uow.commit()
    return person.id


def test_answers_come_back_as_stored_oldest_first(uow: SqlUnitOfWork) -> None:
    """Activities keep their names and order; the GROC is None at the start and kept at a follow-up."""
    person_id = _person(uow)
    later = Answers(date(2026, 12, 29), 3, tuple(Activity(a.name, a.score + 3) for a in START.activities), 4)
    with uow:
        uow.outcomes.upsert(person_id, later)
        uow.outcomes.upsert(person_id, START)
        uow.commit()
    with uow:
        found = [o.answers for o in uow.outcomes.for_person(person_id)]
    assert found == [START, later]


def test_a_second_answer_the_same_day_replaces_the_first(uow: SqlUnitOfWork) -> None:
    """Upsert on the same date: one set, the new pain, the new (fewer) activities."""
    person_id = _person(uow)
    again = Answers(START.date, 5, START.activities[:3][::-1])
    with uow:
        uow.outcomes.upsert(person_id, START)
        uow.commit()
    with uow:
        uow.outcomes.upsert(person_id, again)
        uow.commit()
    with uow:
        assert [o.answers for o in uow.outcomes.for_person(person_id)] == [again]


def test_restore_keeps_when_it_was_written(uow: SqlUnitOfWork) -> None:
    """A restored set keeps its created_at."""
    person_id = _person(uow)
    with uow:
        uow.outcomes.restore(person_id, START, created_at=NOW)
        uow.commit()
    with uow:
        (stored,) = uow.outcomes.for_person(person_id)
    assert stored.created_at == NOW and stored.answers == START


def test_the_store_refuses_a_score_out_of_range(uow: SqlUnitOfWork) -> None:
    """The check constraints hold even if a service were bypassed: a PSFS rating of 11 is not stored."""
    person_id = _person(uow)
    with uow, pytest.raises(IntegrityError):
        uow.outcomes.upsert(person_id, Answers(START.date, 5, (Activity("Walking", 11),)))


def test_answers_go_with_the_person(uow: SqlUnitOfWork) -> None:
    """Deleting every person (a restore with --replace) deletes their answers and activities."""
    person_id = _person(uow)
    with uow:
        uow.outcomes.upsert(person_id, START)
        uow.commit()
    with uow:
        uow.people.delete_all()
        uow.commit()
    with uow:
        assert uow.outcomes.for_person(person_id) == []
        assert uow.session.execute(sa.text("SELECT count(*) FROM outcome_activities")).scalar_one() == 0
