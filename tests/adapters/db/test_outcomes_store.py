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
    migrate_to(old_engine, "head")  # the code of today writes the schema of today (people.revision too)
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


# ------------------------------------------------------------------------------------------------ backup


def _backed_up(uow: SqlUnitOfWork) -> dict[str, object]:
    from gluterx.services import backup

    person_id = _person(uow)
    later = Answers(date(2026, 12, 29), 3, START.activities, 4)
    with uow:
        uow.outcomes.upsert(person_id, START)
        uow.outcomes.upsert(person_id, later)
        uow.commit()
    return backup.export_all(uow)


def test_a_backup_carries_the_outcome_answers_and_restores_them_losslessly(uow: SqlUnitOfWork) -> None:
    """Export, restore with --replace, export again: identical, with both sets of answers and their activities."""
    from gluterx.services import backup

    first = _backed_up(uow)
    person = first["people"][0]  # type: ignore[index]
    assert [o["pain"] for o in person["outcomes"]] == [6, 3]
    assert person["outcomes"][0]["activities"][2] == {"name": "Picking up my child", "score": 2}
    counts = backup.import_all(uow, first, replace=True)
    assert counts["outcome answers"] == 2
    assert backup.export_all(uow) == first


def test_a_version_2_backup_without_outcomes_still_restores(uow: SqlUnitOfWork) -> None:
    """A backup made before outcome measures (no "outcomes" key) restores, with none."""
    from gluterx.services import backup

    data = _backed_up(uow)
    del data["people"][0]["outcomes"]  # type: ignore[index]
    assert backup.import_all(uow, data, replace=True)["outcome answers"] == 0
    assert backup.export_all(uow)["people"][0]["outcomes"] == []


def test_a_backup_with_a_bad_outcome_names_it_and_stores_nothing(uow: SqlUnitOfWork) -> None:
    """Pain 12 in a backup's answers: refused at people[0].outcomes[1].pain; the store keeps what it had."""
    from gluterx.services import backup
    from gluterx.services.ports import ServiceError

    data = _backed_up(uow)
    data["people"][0]["outcomes"][1]["pain"] = 12  # type: ignore[index]
    with pytest.raises(ServiceError) as refused:
        backup.import_all(uow, data, replace=True)
    assert "people[0].outcomes[1].pain" in [p.field for p in refused.value.problems]
    with uow:
        person = uow.people.local()
        assert person is not None and len(uow.outcomes.for_person(person.id)) == 2
