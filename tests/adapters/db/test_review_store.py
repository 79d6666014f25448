"""The store's read for the 4-week review, on SQLite and PostgreSQL, against the in-memory fake."""

from __future__ import annotations

from datetime import date, timedelta

from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.services.ports import UnitOfWork, read_only
from tests.fakes import FakeUnitOfWork

DAY = date(2026, 11, 23)


def _exercise(exercise_id: str, pain: int) -> dict[str, object]:
    return {"exercise_id": exercise_id, "pain_during": pain, "felt_in": ["glutes"], "sets": [{"reps": 10}]}


def _seed(uow: UnitOfWork) -> int:
    """Two sessions on day 0 (pain 3 and 6), one on day 2 with none (a walk, no exercises), one on day 9 (pain 2)."""
    with uow:
        person_id = uow.people.add(display_name="Rae").id
        add = uow.sessions.create
        add(person_id=person_id, day=DAY, notes="", exercises=[_exercise("glute_bridge", 3)])
        add(person_id=person_id, day=DAY, notes="", exercises=[_exercise("clamshell", 6), _exercise("glute_bridge", 1)])
        add(person_id=person_id, day=DAY + timedelta(days=2), notes="", exercises=[])
        add(person_id=person_id, day=DAY + timedelta(days=9), notes="", exercises=[_exercise("glute_bridge", 2)])
        uow.commit()
    return person_id


def test_pain_by_day_gives_each_day_with_a_session_and_its_highest_pain(uow: SqlUnitOfWork) -> None:
    """One row a day in the window, the highest pain during it, 0 for a session without exercises; the fake agrees."""
    expected = [(DAY, 6), (DAY + timedelta(days=2), 0)]
    for store in (uow, FakeUnitOfWork()):
        person_id = _seed(store)
        with read_only(store) as reading:
            found = reading.sessions.pain_by_day(person_id, since=DAY, until=DAY + timedelta(days=8))
        assert found == expected, type(store).__name__
