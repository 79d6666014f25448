"""Outcome measures: PSFS scoring, change against the first answer with its minimal important change, and when the
4-weekly check is due."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gluterx.domain.exercise import Library
from gluterx.domain.outcomes import (
    CITED,
    GROC_LABELS,
    GROC_RANGE,
    SOURCES,
    Activity,
    Answers,
    Measure,
    Verdict,
    due,
    groc_verdict,
    pain_change,
    psfs_change,
)
from gluterx.domain.thresholds import Cited

START = date(2026, 3, 2)
scores = st.integers(0, 10)


@pytest.mark.parametrize("cited", CITED, ids=lambda c: c.figure)
def test_each_outcome_threshold_equals_its_registry_figure(library: Library, cited: Cited) -> None:
    """The PSFS and GROC thresholds and the 4-week interval are the registry's figures, with a known source."""
    figure = library.registry.figure(cited.figure)
    assert (figure.low, figure.high) == (cited.low, cited.top)
    assert figure.source in library.registry.sources


def test_every_measure_cites_sources_the_registry_holds(library: Library) -> None:
    """Each measure's change is cited with ids of the registry."""
    for measure in Measure:
        assert SOURCES[measure]
        assert all(s in library.registry.sources for s in SOURCES[measure])


def test_the_licence_decisions_are_recorded_in_the_registry(library: Library) -> None:
    """Oswestry, STarT Back, KOOS/HOOS and LEFS each have a licence entry saying why they are not embedded."""
    for key in ("licence_oswestry", "licence_start_back", "licence_koos_hoos", "licence_lefs"):
        source = library.registry.sources[key]
        assert "NOT embedded" in source.title and source.note


def test_groc_labels_cover_the_fifteen_points() -> None:
    """Every point from -7 to +7 has plain words."""
    assert sorted(GROC_LABELS) == list(range(GROC_RANGE[0], GROC_RANGE[1] + 1))


@given(st.lists(scores, min_size=3, max_size=5))
def test_the_psfs_score_is_the_mean_of_the_activities(ratings: list[int]) -> None:
    """The PSFS score is the mean of the 3-5 ratings, within 0-10."""
    answers = Answers(START, 4, tuple(Activity(f"a{i}", r) for i, r in enumerate(ratings)))
    assert answers.psfs == pytest.approx(sum(ratings) / len(ratings))
    assert 0 <= answers.psfs <= 10


def test_a_two_point_fall_in_pain_is_a_meaningful_improvement() -> None:
    """6 to 4 is better (Farrar 2001's 2 points); 6 to 5 is not yet."""
    assert pain_change(6, 4).verdict is Verdict.BETTER
    assert pain_change(6, 5).verdict is Verdict.NO_CLEAR_CHANGE
    assert pain_change(6, 4).sources == ("farrar2001",)


def test_a_thirty_percent_fall_from_low_pain_counts_too() -> None:
    """3 to 2 is a 33% fall: meaningful by the percentage though only one point."""
    assert pain_change(3, 2).verdict is Verdict.BETTER


def test_a_rise_in_pain_is_worse_only_from_two_points() -> None:
    """1 to 2 is not called worse on the percentage alone; 3 to 5 is."""
    assert pain_change(1, 2).verdict is Verdict.NO_CLEAR_CHANGE
    assert pain_change(3, 5).verdict is Verdict.WORSE


@given(scores, scores)
def test_pain_verdict_follows_the_direction_and_size_of_change(first: int, latest: int) -> None:
    """Better needs a fall, worse a rise of 2 or more, and no change is never meaningful."""
    change = pain_change(first, latest)
    assert change.difference == latest - first
    if change.verdict is Verdict.BETTER:
        assert latest < first
    if change.verdict is Verdict.WORSE:
        assert latest - first >= 2
    if first == latest:
        assert not change.meaningful
    if first - latest >= 2:
        assert change.verdict is Verdict.BETTER


@given(st.floats(0, 10), st.floats(0, 10))
def test_psfs_verdict_is_meaningful_exactly_from_two_points(first: float, latest: float) -> None:
    """A PSFS rise of 2 or more is better, a fall of 2 or more worse, anything smaller no clear change."""
    change = psfs_change(first, latest)
    if latest - first >= 2 + 1e-6:
        assert change.verdict is Verdict.BETTER
    elif first - latest >= 2 + 1e-6:
        assert change.verdict is Verdict.WORSE
    elif abs(latest - first) < 2 - 1e-6:
        assert change.verdict is Verdict.NO_CLEAR_CHANGE


def test_groc_of_somewhat_better_is_an_important_improvement() -> None:
    """+3 and above better, -3 and below worse, between them no clear change."""
    assert [groc_verdict(g) for g in (-7, -3, -2, 0, 2, 3, 7)] == [
        Verdict.WORSE, Verdict.WORSE, Verdict.NO_CLEAR_CHANGE, Verdict.NO_CLEAR_CHANGE,
        Verdict.NO_CLEAR_CHANGE, Verdict.BETTER, Verdict.BETTER]  # fmt: skip


def test_the_start_check_is_due_until_the_first_answer() -> None:
    """Nothing answered: the start check is due, even before the programme starts."""
    assert due(START, [], START - timedelta(days=2)).due
    found = due(START, [], START)
    assert (found.due, found.number, found.next_date) == (True, 0, START + timedelta(days=28))
    assert not due(START, [START], START + timedelta(days=10)).due


def test_the_four_weekly_check_is_due_from_day_28_until_answered() -> None:
    """Day 27 nothing due; day 28 check 1 due; answered on day 30 it is done until day 56."""
    assert not due(START, [START], START + timedelta(days=27)).due
    found = due(START, [START], START + timedelta(days=28))
    assert (found.due, found.number, found.since) == (True, 1, START + timedelta(days=28))
    assert due(START, [START], START + timedelta(days=40)).due
    answered = [START, START + timedelta(days=30)]
    assert not due(START, answered, START + timedelta(days=55)).due
    assert due(START, answered, START + timedelta(days=56)).number == 2


def test_a_clinician_can_choose_another_interval() -> None:
    """every_days sets the interval (issue 16: measures assigned at chosen intervals); below 1 is refused."""
    assert due(START, [START], START + timedelta(days=14), every_days=14).due
    with pytest.raises(ValueError):
        due(START, [START], START, every_days=0)


@given(
    st.integers(0, 400),
    st.lists(st.integers(-10, 400), max_size=8),
    st.integers(1, 60),
)
def test_due_is_due_exactly_when_no_answer_since_the_check_began(today_n: int, days: list[int], every: int) -> None:
    """Due iff nothing answered at all, or nothing answered on or after the current check's first day (the start
    check counts as answered by any answer); answering today makes it not due; the next check is after today."""
    today = START + timedelta(days=today_n)
    answered = [START + timedelta(days=d) for d in days if d <= today_n]
    found = due(START, answered, today, every_days=every)
    assert found.next_date > today
    assert found.since <= today
    if not answered:
        assert found.due
    elif found.number > 0:
        assert found.due == (not any(d >= found.since for d in answered))
    else:
        assert not found.due
    assert not due(START, [*answered, today], today, every_days=every).due
