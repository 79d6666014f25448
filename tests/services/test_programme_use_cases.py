"""services.programme on the in-memory store: the programme and Today cannot disagree."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings

from gluterx.domain.exercise import Library
from gluterx.services import programme, today
from tests.fakes import FakeUnitOfWork
from tests.services.loop import START, started
from tests.strategies import profiles

PROFILES = profiles(max_weeks=8)


@settings(max_examples=20, deadline=None)
@given(profile=PROFILES)
def test_without_history_the_programme_shows_what_today_shows_on_every_planned_day(
    library: Library, profile: dict[str, Any]
) -> None:
    """For every planned date of a new programme, today's items are the items the programme shows for that date on
    that day, dose for dose (a phase not yet earned keeps the previous phase's session on both)."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library, profile=profile)
    whole = programme.programme(uow, library, person_id=person_id, today=START)
    days = [s.date for week in whole.weeks for s in week.sessions]
    assert days
    for day in days:
        seen = programme.programme(uow, library, person_id=person_id, today=day)
        session = next(s for week in seen.weeks for s in week.sessions if s.date == day)
        plan = today.today(uow, library, on=day, person_id=person_id)
        assert not plan.rest_day
        assert [(i.exercise_id, i.dose, i.reason) for i in plan.items] == [
            (i.exercise_id, i.dose, i.reason) for i in session.items
        ]
