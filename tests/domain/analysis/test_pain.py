"""Pain over time: daily and rolling means, and when a fall is a meaningful improvement."""

from __future__ import annotations

import pytest

from gluterx.domain.analysis import pain_trend
from tests.domain.analysis.helpers import day, readings


def test_pain_trend_gives_the_daily_mean_and_the_seven_day_rolling_mean() -> None:
    """Two readings on a day average; the rolling mean covers the days with readings in the last 7 days."""
    trend = pain_trend(readings((0, 6), (1, 4), (1, 6), (3, 4), (8, 2)))
    assert [(d.day, d.pain) for d in trend.days] == [(day(0), 6), (day(1), 5), (day(3), 4), (day(8), 2)]
    assert [d.rolling_mean for d in trend.days] == [6, 5.5, 5, 3]
    assert (trend.baseline, trend.current, trend.change, trend.change_percent) == (6, 3, -3, -50)
    assert trend.meaningful
    assert "meaningful improvement" in trend.verdict
    assert trend.sources == ("farrar2001",)


def test_a_fall_of_exactly_two_points_is_a_meaningful_improvement() -> None:
    """8 -> 6 is only 25% but 2 points, which is enough."""
    trend = pain_trend(readings((0, 8), (10, 6)))
    assert (trend.change, trend.meaningful) == (-2, True)


def test_a_fall_under_two_points_and_under_thirty_percent_is_not_meaningful() -> None:
    """8 -> 6.5 is 1.5 points and 19%: eased, but not a meaningful change."""
    trend = pain_trend(readings((0, 8), (10, 6.5)))
    assert not trend.meaningful
    assert "eased a little" in trend.verdict


def test_a_fall_of_exactly_thirty_percent_is_meaningful_though_under_two_points() -> None:
    """5 -> 3.5 is 1.5 points but 30%."""
    trend = pain_trend(readings((0, 5), (10, 3.5)))
    assert trend.meaningful
    assert trend.change_percent == pytest.approx(-30)


def test_a_fall_just_under_thirty_percent_and_two_points_is_not_meaningful() -> None:
    """5 -> 3.6 is 1.4 points and 28%."""
    assert not pain_trend(readings((0, 5), (10, 3.6))).meaningful


def test_a_given_baseline_replaces_the_first_reading() -> None:
    """Baseline 7 from the profile: 4 now is a 3-point fall even though the first check-in was 4."""
    trend = pain_trend(readings((0, 4), (1, 4)), baseline=7)
    assert (trend.baseline, trend.change, trend.meaningful) == (7, -3, True)


def test_rising_pain_is_no_improvement_and_says_so() -> None:
    """3 -> 5 is higher than at the start."""
    trend = pain_trend(readings((0, 3), (10, 5)))
    assert (trend.change, trend.meaningful) == (2, False)
    assert "higher than at the start" in trend.verdict


def test_no_pain_readings_give_an_empty_trend_with_a_message() -> None:
    """Nothing logged: no numbers, a plain message."""
    trend = pain_trend([])
    assert (trend.days, trend.current, trend.meaningful) == ((), None, False)
    assert "No pain check-ins" in trend.verdict
