"""Weekly series follow the data, not the span of dates: a break longer than BREAK_WEEKS shows its first few empty
weeks, shorter breaks are shown in full, and the load ratio still reads the four weeks before."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from gluterx.domain.analysis import CHRONIC_WEEKS, LoggedSet, SessionSummary, training_load, volume, week_start
from gluterx.domain.analysis._common import BREAK_WEEKS, series_weeks
from gluterx.domain.limits import FIRST_DAY, LAST_DAY

MONDAY = date(2025, 3, 3)
mondays = st.integers(0, (LAST_DAY - FIRST_DAY).days // 7 - 1).map(lambda w: week_start(FIRST_DAY) + timedelta(weeks=w))


@given(st.lists(mondays, min_size=1, max_size=40))
def test_a_series_holds_every_week_with_data_and_grows_with_them_not_with_the_span(weeks: list[date]) -> None:
    series = series_weeks(weeks)
    assert set(weeks) <= set(series)
    assert series == sorted(set(series))
    assert len(series) <= (BREAK_WEEKS + 1) * len(set(weeks))
    for a, b in itertools.pairwise(series):
        gap = (b - a).days // 7 - 1
        assert gap == 0 or a not in weeks  # consecutive, or a long break cut short after its first empty weeks


@given(st.lists(st.integers(0, 30), min_size=1, max_size=20))
def test_breaks_of_a_month_or_less_are_shown_in_full(offsets: list[int]) -> None:
    """Data within runs of <= BREAK_WEEKS empty weeks: the series is every week from the first to the last."""
    weeks = sorted({MONDAY + timedelta(weeks=w * (BREAK_WEEKS + 1) // 5) for w in offsets})
    series = series_weeks(weeks)
    assert series[0] == weeks[0] and series[-1] == weeks[-1]
    if all((b - a).days // 7 - 1 <= BREAK_WEEKS for a, b in itertools.pairwise(weeks)):
        assert len(series) == (weeks[-1] - weeks[0]).days // 7 + 1


def test_two_sessions_two_hundred_years_apart_make_a_short_series() -> None:
    """The first and last days GluteRx accepts: a handful of weeks in the load and volume reports, not 10,400."""
    first, last = date(2000, 1, 3), date(2199, 12, 30)
    load = training_load([SessionSummary(first, 60, 5), SessionSummary(last, 60, 5)])
    assert len(load.weeks) == CHRONIC_WEEKS + 2
    assert load.weeks[-1].acute_chronic is None  # nothing in the four weeks before
    sets = [LoggedSet(first, "hip_thrust", 10, 60.0, 1), LoggedSet(last, "hip_thrust", 10, 60.0, 1)]
    from gluterx.data import load_library

    report = volume(sets, load_library())
    assert len(report.weeks) == BREAK_WEEKS + 2


def test_the_load_ratio_reads_the_four_weeks_before_even_after_a_long_break() -> None:
    """Four weeks of 600, a year off, four weeks of 600 and then 900: the last ratio is 1.5, as without the break."""
    weeks = [0, 1, 2, 3, 56, 57, 58, 59]
    sessions = [SessionSummary(MONDAY + timedelta(weeks=w), 120, 5) for w in weeks]
    sessions.append(SessionSummary(MONDAY + timedelta(weeks=60), 180, 5))
    report = training_load(sessions)
    assert report.weeks[-1].acute_chronic == 1.5
    assert len(report.weeks) == 4 + CHRONIC_WEEKS + 5
