"""The one formatter of weights takes the person's unit; the planner puts sessions on the chosen weekdays."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from gluterx.data import load_library
from gluterx.domain.dose import Dose, Load, RepRange, describe, load_words, weight_words
from gluterx.domain.planner import plan_program
from gluterx.domain.planner.builder import TRAINING_DAYS, programme_days
from gluterx.domain.profile import Profile
from gluterx.domain.schedule import schedule
from gluterx.domain.units import LB_TO_KG, MassUnit, from_kg, to_kg

LIBRARY = load_library()


def test_weights_in_kg_and_lb() -> None:
    assert weight_words(22.5) == "22.5 kg"
    assert weight_words(22.5, MassUnit.LB) == "49.6 lb"
    assert weight_words(1.25) == "1.25 kg"  # a dose as prescribed, not rounded away
    assert weight_words(81.666, places=1) == "81.7 kg"
    assert load_words(Load.of_kg(20), unit=MassUnit.LB) == "44.1 lb"
    words = describe(Dose(3, RepRange(8, 12), Load.of_kg(40)), unit=MassUnit.LB)
    assert (words.summary, words.load) == ("3 x 8-12", "88.2 lb")
    assert describe(Dose(3, RepRange(8, 12), Load())).load == "bodyweight"


@given(st.floats(min_value=0.5, max_value=500, allow_nan=False))
def test_lb_round_trips_to_the_gram(kg: float) -> None:
    assert abs(to_kg(from_kg(kg, MassUnit.LB), MassUnit.LB) - kg) < 0.001
    assert to_kg(100, MassUnit.LB) == round(100 * LB_TO_KG, 3)


def test_programme_days_fall_on_the_chosen_weekdays() -> None:
    wednesday = date(2026, 1, 7)
    assert programme_days([1, 3, 5], wednesday, 3) == (1, 3, 6)  # Wed, Fri, Mon
    assert programme_days([1, 3], wednesday, 3) == TRAINING_DAYS[3]  # not as many as asked: the planner spaces
    assert programme_days([], wednesday, 2) == TRAINING_DAYS[2]


@settings(deadline=None, max_examples=30)
@given(
    st.sets(st.integers(1, 7), min_size=1, max_size=6),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)),
)
def test_every_strength_session_is_on_a_chosen_day_and_one_a_day(days: set[int], start: date) -> None:
    profile = Profile(age=40, sessions_per_week=len(days), weeks=4, goals=())
    plan = plan_program(profile, LIBRARY, start=start, weekdays=sorted(days))
    sessions = schedule(plan)
    assert {s.date.isoweekday() for s in sessions if s.kind == "strength"} <= days
    assert len({s.date for s in sessions}) == len(sessions)
    assert all(s.date >= start for s in sessions)
