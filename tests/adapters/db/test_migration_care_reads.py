"""The practice-invitations and read-marks migration (issue 16) on a store at the previous head: the care data there
keeps its values, the new tables work and match the models, and down again drops only them."""

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
from gluterx.domain.care import ClinicianKind
from tests.adapters.db.test_migration_doses import migrate_to

PREVIOUS = "7a1c3d9e2f40"  # an added exercise
REVISION = "8c4f1a7d2e90"
NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
NEW_TABLES = {"practice_invitations", "care_reads"}


@pytest.fixture
def old_engine(database_url: str) -> Iterator[Engine]:
    """A store with a practice, a client and a message, taken down to the previous head."""
    engine = make_engine(database_url)
    migrate_to(engine, "head")
    uow = SqlUnitOfWork(engine)
    with uow:
        doc = uow.people.add(display_name="Dr Rowe").id
        client = uow.people.add(display_name="Sam").id
        uow.care.add_clinician(doc, kind=ClinicianKind.PHYSIO, practice_name="North", at=NOW)
        uow.care.add_message(client, author_person_id=doc, body="hello", at=NOW)
        uow.commit()
    migrate_to(engine, PREVIOUS, down=True)
    yield engine
    engine.dispose()


def _care(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text("select id, client_person_id, body from care_messages"))] + [
            tuple(r) for r in conn.execute(sa.text("select id, name from practices"))
        ]


def test_up_keeps_the_care_data_and_the_new_tables_work_then_down_drops_only_them(old_engine: Engine) -> None:
    before = _care(old_engine)
    assert not NEW_TABLES & set(sa.inspect(old_engine).get_table_names())
    migrate_to(old_engine, REVISION)
    assert _care(old_engine) == before
    migrate_to(old_engine, "head")  # the models are the head's: a later migration changes other tables
    with old_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    uow = SqlUnitOfWork(old_engine)
    with uow:
        doc, client = 1, 2
        practice = uow.care.clinician(doc).practice_id  # type: ignore[union-attr]
        uow.care.invite_to_practice(practice, "col@example.com", by_person_id=doc, at=NOW)  # type: ignore[arg-type]
        uow.care.mark_read(client, client, 1, at=NOW)
        uow.commit()
    with uow:
        assert uow.care.unread(client, [client]) == {}
        assert [i.email for i in uow.care.pending_practice_invitations(practice)] == ["col@example.com"]  # type: ignore[arg-type]
    migrate_to(old_engine, PREVIOUS, down=True)
    assert not NEW_TABLES & set(sa.inspect(old_engine).get_table_names())
    assert _care(old_engine) == before
