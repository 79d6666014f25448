"""The set-dose migration (issue 16) on a store at the previous head: every earlier change keeps its values; a set
dose then comes back as stored; the schema matches the models; down again refuses while a set dose would be lost,
and otherwise narrows the kinds back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from gluterx.adapters.db.engine import make_engine
from gluterx.adapters.db.models import Base
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.domain.dose import Band, Dose, Hold, Load, RepRange, Tempo
from gluterx.domain.planner.adjustments import Author, AuthorKind, Lock, Scope, SetDose
from tests.adapters.db.seeding import programme_with_change
from tests.adapters.db.test_migration_doses import migrate_to

PREVIOUS = "c11a2b0e7d35"  # item notes and locks
REVISION = "5e7d05e1a2b3"
NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
DAY = date(2026, 12, 7)
DOC = Author(AuthorKind.CLINICIAN, 77)
NEW_COLUMNS = ("sets", "work_kind", "load_kind", "load_kg", "band", "rest_s", "tempo_up")


@pytest.fixture
def old_engine(database_url: str) -> Iterator[Engine]:
    """A store with a programme and one lock, taken down to the previous head."""
    engine = make_engine(database_url)
    programme_with_change(engine, Lock(DAY, "clamshell"), day=DAY, author=DOC, at=NOW, previous=PREVIOUS)
    yield engine
    engine.dispose()


def _rows(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.text("select * from plan_adjustments order by id"))]


def test_earlier_changes_keep_their_values_and_set_doses_come_back(old_engine: Engine) -> None:
    before = _rows(old_engine)
    assert [r["kind"] for r in before] == ["lock"] and "sets" not in before[0]
    migrate_to(old_engine, REVISION)
    after = _rows(old_engine)
    assert [{k: v for k, v in r.items() if k in before[0]} for r in after] == before
    assert all(after[0][c] is None for c in NEW_COLUMNS)
    program_id = int(str(before[0]["program_id"]))
    doses = [
        SetDose(DAY, "hip_thrust", Dose(3, RepRange(8, 10), Load.of_kg(20), 90, Tempo(2, 1, 2))),
        SetDose(DAY, "clamshell", Dose(2, RepRange(12, 15), Load.of_band(Band.MEDIUM), 45, per_side=True), Scope.ONCE),
        SetDose(DAY, "side_plank", Dose(3, Hold(20), Load(), 60)),
    ]
    uow = SqlUnitOfWork(old_engine)
    with uow:
        for n, change in enumerate(doses):
            uow.adjustments.add(person_id=1, program_id=program_id, change=change, author=DOC, reason="r",
                                at=NOW + timedelta(minutes=n + 1))  # fmt: skip
        uow.commit()
    with uow:
        back = [a.change for a in uow.adjustments.for_program(program_id)]
    assert back == [Lock(DAY, "clamshell"), *doses]
    migrate_to(old_engine, "head")  # the schema is the models' once every later migration ran too
    with old_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    with pytest.raises(RuntimeError, match="would be lost"):
        migrate_to(old_engine, PREVIOUS, down=True)
    assert len(_rows(old_engine)) == 4


def test_down_again_without_set_doses(old_engine: Engine) -> None:
    migrate_to(old_engine, REVISION)
    migrate_to(old_engine, PREVIOUS, down=True)
    rows = _rows(old_engine)
    assert [r["kind"] for r in rows] == ["lock"] and "sets" not in rows[0]
