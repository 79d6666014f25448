"""The item-notes-and-locks migration (issue 16) on a store at the previous head: every earlier change keeps its
values; item notes and locks then come back as stored; the schema matches the models; down again refuses while a
note or lock would be lost, and otherwise narrows the kinds back."""

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
from gluterx.domain.planner.adjustments import Author, AuthorKind, ItemNote, Lock, Scope, Swap
from tests.adapters.db.seeding import programme_with_change
from tests.adapters.db.test_migration_doses import migrate_to

PREVIOUS = "7c0ffee13a21"  # the person revision
REVISION = "c11a2b0e7d35"
NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
DAY = date(2026, 12, 7)
DOC = Author(AuthorKind.CLINICIAN, 77)


@pytest.fixture
def old_engine(database_url: str) -> Iterator[Engine]:
    """A store with a programme and one swap, taken down to the previous head."""
    engine = make_engine(database_url)
    programme_with_change(engine, Swap(DAY, "a", "b", Scope.ONCE), day=DAY, author=DOC, at=NOW, previous=PREVIOUS)
    yield engine
    engine.dispose()


def _rows(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.text("select * from plan_adjustments order by id"))]


def test_earlier_changes_keep_their_values_and_notes_and_locks_come_back(old_engine: Engine) -> None:
    before = _rows(old_engine)
    assert [r["kind"] for r in before] == ["swap"] and "note" not in before[0]
    migrate_to(old_engine, REVISION)
    after = _rows(old_engine)
    assert [{k: v for k, v in r.items() if k not in ("note", "locked")} for r in after] == before
    assert after[0]["note"] is None and after[0]["locked"] is None
    migrate_to(old_engine, "head")  # the models (read below) are the head's: later migrations add to this table
    uow = SqlUnitOfWork(old_engine)
    with uow:
        (swap,) = uow.adjustments.for_program(int(str(before[0]["program_id"])))
        assert swap.change == Swap(DAY, "a", "b", Scope.ONCE) and swap.reason == "why"
        for n, change in enumerate([ItemNote(DAY, "glute_bridge", "Slow on the way down"), Lock(DAY, "clamshell"),
                                    Lock(DAY, "clamshell", locked=False)]):  # fmt: skip
            uow.adjustments.add(person_id=1, program_id=swap_program(before), change=change, author=DOC, reason="r",
                                at=NOW + timedelta(minutes=n + 1))  # fmt: skip
        uow.commit()
    with uow:
        back = [a.change for a in uow.adjustments.for_program(swap_program(before))]
    assert back[1:] == [ItemNote(DAY, "glute_bridge", "Slow on the way down", Scope.ONWARD), Lock(DAY, "clamshell"),
                        Lock(DAY, "clamshell", locked=False)]  # fmt: skip
    with old_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    with pytest.raises(RuntimeError, match="would be lost"):
        migrate_to(old_engine, PREVIOUS, down=True)
    assert len(_rows(old_engine)) == 4


def swap_program(rows: list[dict[str, object]]) -> int:
    return int(str(rows[0]["program_id"]))


def test_down_again_without_notes_or_locks(old_engine: Engine) -> None:
    migrate_to(old_engine, REVISION)
    migrate_to(old_engine, PREVIOUS, down=True)
    rows = _rows(old_engine)
    assert [r["kind"] for r in rows] == ["swap"] and "note" not in rows[0] and "locked" not in rows[0]
