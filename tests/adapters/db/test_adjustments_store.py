"""Plan adjustments in the real store (SQLite and PostgreSQL): the migration from the previous head, every kind of
change coming back as it was stored, each programme's own log, and the whole loop (Today reads a swap) on SQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from gluterx.adapters.db.engine import make_engine
from gluterx.adapters.db.models import Base
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.data import load_library
from gluterx.domain.planner.adjustments import (
    Author,
    AuthorKind,
    Change,
    MoveSession,
    Scope,
    SkipItem,
    SkipSession,
    Swap,
    Undo,
)
from gluterx.services import plan_changes, today
from tests.adapters.db.seeding import started
from tests.adapters.db.test_migration_doses import migrate_to

PREVIOUS = "7a3c51e0f2b8"  # person settings
REVISION = "7ad1c0a5e214"
NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
DAY = date(2026, 12, 7)


@pytest.fixture
def old_engine(database_url: str) -> Iterator[Engine]:
    """A database at the previous head, with one person."""
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
    yield engine
    engine.dispose()


def test_the_migration_adds_the_table_and_keeps_everything_else(old_engine: Engine) -> None:
    migrate_to(old_engine, REVISION)
    assert "plan_adjustments" in set(sa.inspect(old_engine).get_table_names())
    with old_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT display_name FROM people")).scalar_one() == "Ada"
    migrate_to(old_engine, "head")
    with old_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    migrate_to(old_engine, PREVIOUS, down=True)
    assert "plan_adjustments" not in set(sa.inspect(old_engine).get_table_names())
    with old_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT display_name FROM people")).scalar_one() == "Ada"


def test_every_kind_of_change_comes_back_as_stored(uow: SqlUnitOfWork) -> None:
    person_id, program_id = started(uow, DAY)
    changes: list[Change] = [
        Swap(DAY, "glute_bridge", "hip_thrust", Scope.ONCE),
        SkipItem(DAY, "clamshell"),
        SkipSession(DAY + timedelta(days=2)),
        MoveSession(DAY + timedelta(days=4), DAY + timedelta(days=5)),
    ]
    clinician = Author(AuthorKind.CLINICIAN, 77)
    with uow:
        made = [
            uow.adjustments.add(
                person_id=person_id, program_id=program_id, change=c, author=clinician, reason=f"r{n}",
                at=NOW + timedelta(minutes=n),
            )
            for n, c in enumerate(changes)
        ]  # fmt: skip
        made.append(
            uow.adjustments.add(
                person_id=person_id,
                program_id=program_id,
                change=Undo(made[0].id),
                author=Author(AuthorKind.PERSON, person_id),
                reason="",
                at=NOW + timedelta(hours=1),
            )
        )
        uow.commit()
    with uow:
        back = uow.adjustments.for_program(program_id)
        assert uow.adjustments.for_program(program_id + 1) == []
    assert back == made
    assert [a.change for a in back] == [*changes, Undo(made[0].id)]
    assert back[0].author == clinician and back[0].created_at == NOW and back[0].created_at.tzinfo is not None


def test_a_row_of_an_unknown_kind_is_refused(uow: SqlUnitOfWork) -> None:
    person_id, program_id = started(uow, DAY)
    with pytest.raises(IntegrityError), uow:
        uow.session.execute(
            sa.text(
                "INSERT INTO plan_adjustments (person_id, program_id, kind, author_kind, author_id, reason, created_at)"
                " VALUES (:p, :g, 'rewrite', 'person', :p, '', :now)"
            ),
            {"p": person_id, "g": program_id, "now": NOW},
        )
        uow.session.flush()


def test_a_swap_stored_in_sql_is_what_today_shows(uow: SqlUnitOfWork) -> None:
    library = load_library()
    person_id, _ = started(uow, DAY)
    plan = today.today(uow, library, on=DAY, person_id=person_id)
    old = plan.items[0].exercise_id
    choices = plan_changes.swap_choices(uow, library, person_id=person_id, on=DAY, exercise_id=old)
    new = choices.alternatives[0].exercise_id
    plan_changes.swap(uow, library, person_id=person_id, on=DAY, exercise_id=old, to=new, today=DAY)
    ids = [i.exercise_id for i in today.today(uow, library, on=DAY, person_id=person_id).items]
    assert new in ids and old not in ids
