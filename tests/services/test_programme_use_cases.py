"""services.programme on the in-memory store: the programme and Today cannot disagree."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gluterx.domain.exercise import Library
from gluterx.services import programme, today
from tests.fakes import FakeUnitOfWork
from tests.services.loop import START, started

PROFILES = st.fixed_dictionaries(
    {
        "age": st.integers(18, 85),
        "goals": st.lists(
            st.sampled_from(["pain_relief", "posture", "performance", "fat_loss", "bone_health"]),
            min_size=1,
            max_size=3,
            unique=True,
        ),
        "pain": st.lists(
            st.fixed_dictionaries(
                {
                    "region": st.sampled_from(["lower_back", "hip", "knee"]),
                    "side": st.just("both"),
                    "intensity": st.integers(0, 6),
                    "weeks": st.integers(0, 52),
                }
            ),
            max_size=2,
            unique_by=lambda p: p["region"],
        ),
        "experience": st.sampled_from(["none", "beginner", "intermediate", "advanced"]),
        "equipment": st.lists(st.sampled_from(["mini_band", "long_band", "dumbbells", "bench", "step"]), unique=True),
        "sessions_per_week": st.integers(1, 6),
        "minutes_per_session": st.integers(15, 60),
        "weeks": st.integers(4, 8),
    }
)


@settings(max_examples=20, deadline=None)
@given(profile=PROFILES)
def test_without_history_the_programme_shows_what_today_shows_on_every_planned_day(
    library: Library, profile: dict[str, Any]
) -> None:
    """For every planned date of a new programme, today's items are the programme's items for that date, dose for
    dose."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library, profile=profile)
    whole = programme.programme(uow, library, person_id=person_id, today=START)
    days = {s.date: s for week in whole.weeks for s in week.sessions}
    assert days
    for day, session in days.items():
        plan = today.today(uow, library, on=day, person_id=person_id)
        assert not plan.rest_day
        assert [(i.exercise_id, i.dose, i.reason) for i in plan.items] == [
            (i.exercise_id, i.dose, i.reason) for i in session.items
        ]
