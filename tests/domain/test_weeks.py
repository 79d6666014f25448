"""Weeks start on Monday, for the analysis, the alerts and the plan alike."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from gluterx.domain.weeks import last_day, week_start


def test_a_week_starts_on_its_monday() -> None:
    assert week_start(date(2026, 12, 6)) == date(2026, 11, 30)  # a Sunday: the Monday before
    assert week_start(date(2026, 11, 30)) == date(2026, 11, 30)  # a Monday is its own week's start


@given(st.dates(min_value=date(1, 1, 8)))
def test_every_day_falls_in_the_week_of_its_monday(day: date) -> None:
    start = week_start(day)
    assert start.weekday() == 0 and timedelta(0) <= day - start < timedelta(days=7)


def test_a_programme_of_n_weeks_ends_the_day_before_its_n_th_week_would_start() -> None:
    assert last_day(date(2026, 11, 30), 1) == date(2026, 12, 6)
    assert last_day(date(2026, 11, 30), 12) == date(2026, 11, 30) + timedelta(weeks=12) - timedelta(days=1)
