"""Training load: weekly session-RPE load and its spikes."""

from __future__ import annotations

import pytest

from gluterx.domain.analysis import SessionSummary, training_load
from tests.domain.analysis.helpers import day


def steady_weeks(last_week: list[SessionSummary]) -> list[SessionSummary]:
    """Four weeks of 2 x 60 min at RPE 5 (600 a week), then `last_week`."""
    return [SessionSummary(day(7 * w + d), 60, 5) for w in range(4) for d in (0, 3)] + last_week


def test_session_rpe_load_is_rpe_times_minutes_per_week() -> None:
    """Two sessions of 60 min at RPE 5 make 600; an unrated one adds nothing but is counted."""
    report = training_load([SessionSummary(day(0), 60, 5), SessionSummary(day(2), 60, 5), SessionSummary(day(4), 30)])
    (week,) = report.weeks
    assert (week.load, week.sessions, week.unrated, week.acute_chronic) == (600, 3, 1, None)
    assert "no effort rating" in report.message


def test_a_load_of_one_and_a_half_times_the_previous_four_weeks_is_a_soft_warning() -> None:
    """900 after four weeks of 600: ratio 1.5, flagged gently, citing the criticism."""
    report = training_load(steady_weeks([SessionSummary(day(28 + d), 50, 6) for d in (0, 2, 4)]))
    assert [w.load for w in report.weeks] == [600] * 4 + [900]
    assert [w.acute_chronic for w in report.weeks] == [None] * 4 + [1.5]
    assert report.spikes == (day(28),)
    assert report.warning is not None
    assert "debated" in report.warning
    assert "impellizzeri2021" in report.sources


def test_a_smaller_rise_is_not_a_spike() -> None:
    """840 after 600s: ratio 1.4, no warning."""
    report = training_load(steady_weeks([SessionSummary(day(28 + d), 70, 6) for d in (0, 2)]))
    assert report.weeks[-1].acute_chronic == pytest.approx(1.4)
    assert (report.spikes, report.warning) == ((), None)


def test_a_week_off_counts_as_zero_load() -> None:
    """The missing week is in the series with 0, so the chronic mean falls."""
    report = training_load([SessionSummary(day(0), 60, 5), SessionSummary(day(14), 60, 5)])
    assert [(w.week_start, w.load) for w in report.weeks] == [(day(0), 300), (day(7), 0), (day(14), 300)]


def test_no_ratio_is_said_until_four_whole_weeks_of_training_came_before() -> None:
    """Training began on a Thursday: that part-week is no chronic base, so week 5's climb is no spike yet."""
    first = [SessionSummary(day(3), 20, 3)]  # a short Thursday start
    report = training_load(first + steady_weeks([SessionSummary(day(28 + d), 60, 6) for d in (0, 2, 4)])[2:])
    assert report.weeks[4].acute_chronic is None
    assert report.spikes == ()


def test_weeks_with_no_rated_session_say_no_load() -> None:
    """No effort rating anywhere: no weeks of 0 load, and the message says why there is none."""
    report = training_load([SessionSummary(day(0), 60), SessionSummary(day(9), 40)])
    assert report.weeks == ()
    assert "None of your 2 sessions had an effort rating" in report.message
