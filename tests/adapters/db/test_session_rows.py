"""A session's sets are written in Core (adapters/db/repositories/sessions.py), which drops a key that is no column
without a word; the ORM refused one. A set with an unknown field is refused, naming it, and nothing is stored."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from gluterx.adapters.db.models import PerformedSessionRow, SetRow
from gluterx.adapters.db.uow import SqlUnitOfWork

DAY = date(2026, 11, 24)


def _exercise(**set_fields: object) -> dict[str, object]:
    return {"exercise_id": "glute_bridge", "pain_during": 0, "felt_in": [], "sets": [{"reps": 10, **set_fields}]}


def test_a_set_with_a_field_it_does_not_have_is_refused_by_name_and_nothing_is_stored(
    engine: Engine, uow: SqlUnitOfWork
) -> None:
    with uow:
        person = uow.people.add(display_name="A").id
        uow.commit()
    for write in (
        lambda: uow.sessions.create(person_id=person, day=DAY, notes="", exercises=[_exercise(weight_kg=40)]),
        lambda: uow.sessions.restore_many(
            person,
            [
                {
                    "date": DAY,
                    "notes": "",
                    "duration_s": None,
                    "session_rpe": None,
                    "source": "gluterx",
                    "source_key": None,
                    "exercises": [_exercise(position=3)],
                }
            ],
        ),
    ):
        with uow, pytest.raises(TypeError, match=r"not a field of a set: (weight_kg|position); a set has .*reps"):
            write()
            uow.commit()
    with uow:
        session = uow.sessions.create(person_id=person, day=DAY, notes="", exercises=[_exercise(load=40, unit="kg")])
        uow.commit()
    with engine.connect() as conn:
        assert conn.execute(sa.select(PerformedSessionRow.id)).scalars().all() == [session]
        assert conn.execute(sa.select(SetRow.reps, SetRow.load)).all() == [(10, 40)]
