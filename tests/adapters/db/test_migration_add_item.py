"""The add-item migration (issue 16) on a store at the previous head: every earlier change keeps its values; an
added exercise (with a dose, or the planner's) then comes back as stored; down again refuses while one would be lost,
and otherwise narrows the kinds back so an added exercise is refused by the store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from gluterx.adapters.db.engine import make_engine
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.domain.dose import Band, Dose, Load, RepRange
from gluterx.domain.planner.adjustments import AddItem, Author, AuthorKind, Lock, Scope
from tests.adapters.db.seeding import programme_with_change
from tests.adapters.db.test_migration_doses import migrate_to

PREVIOUS = "5e7d05e1a2b3"  # set doses
REVISION = "7a1c3d9e2f40"
NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
DAY = date(2026, 12, 7)
DOC = Author(AuthorKind.CLINICIAN, 77)


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


def _add(engine: Engine, program_id: int, changes: list[AddItem]) -> None:
    uow = SqlUnitOfWork(engine)
    with uow:
        for n, change in enumerate(changes):
            uow.adjustments.add(person_id=1, program_id=program_id, change=change, author=DOC, reason="r",
                                at=NOW + timedelta(minutes=n + 1))  # fmt: skip
        uow.commit()


def test_earlier_changes_keep_their_values_and_added_exercises_come_back(old_engine: Engine) -> None:
    before = _rows(old_engine)
    program_id = int(str(before[0]["program_id"]))
    with pytest.raises(sa.exc.IntegrityError):  # the previous head's check refuses the new kind
        _add(old_engine, program_id, [AddItem(DAY, "bird_dog")])
    migrate_to(old_engine, REVISION)
    assert _rows(old_engine) == before
    added = [
        AddItem(DAY, "bird_dog"),
        AddItem(DAY, "clamshell", Dose(2, RepRange(12, 15), Load.of_band(Band.LIGHT), 45, per_side=True), Scope.ONCE),
    ]
    _add(old_engine, program_id, added)
    uow = SqlUnitOfWork(old_engine)
    with uow:
        back = [a.change for a in uow.adjustments.for_program(program_id)]
    assert back == [Lock(DAY, "clamshell"), *added]
    with pytest.raises(RuntimeError, match="would be lost"):
        migrate_to(old_engine, PREVIOUS, down=True)
    assert len(_rows(old_engine)) == 3


def test_down_again_without_added_exercises(old_engine: Engine) -> None:
    migrate_to(old_engine, REVISION)
    migrate_to(old_engine, PREVIOUS, down=True)
    assert [r["kind"] for r in _rows(old_engine)] == ["lock"]
