"""The 4-week rule: no better after 4 weeks of doing the programme, read from the person's own record."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from gluterx.domain.profile import PainRegion, PainReport, Profile, Side
from gluterx.domain.progression import AlertLevel
from gluterx.domain.review import NoBetter, no_better, review, review_alert
from gluterx.domain.screening import Urgency

START = date(2026, 1, 5)  # a Monday
PLANNED = [START + timedelta(days=7 * w + d) for w in range(12) for d in (0, 2, 4)]  # Mon, Wed, Fri


def days(n: int) -> date:
    return START + timedelta(days=n)


def flat(pain: int, *, until: int = 28) -> list[tuple[date, int]]:
    """A check-in the morning after each planned session, always `pain`."""
    return [(d + timedelta(days=1), pain) for d in PLANNED if d + timedelta(days=1) <= days(until)]


def judge(
    pain: list[tuple[date, int]], *, on: int = 28, done: list[date] | None = None, intake: int = 5
) -> NoBetter | None:
    done_days = [d for d in PLANNED if d < days(on)] if done is None else done
    return no_better(start=START, today=days(on), planned=PLANNED, done=done_days, pain=pain, intake_pain=intake)


def test_pain_unchanged_after_four_weeks_of_every_session_is_no_better() -> None:
    """Every session done, pain 5/10 from the first week to the fourth: no better, with the figures."""
    found = judge(flat(5))
    assert found is not None
    assert (found.done, found.planned, found.before, found.now, found.weeks) == (12, 12, 5.0, 5.0, 4)
    assert "12 of your 12 sessions" in found.message and "5/10" in found.message
    assert "farrar2001" in found.sources


def test_it_is_too_early_before_four_weeks() -> None:
    """Day 27 is too early to judge; day 28 is not."""
    assert judge(flat(5, until=27), on=27) is None
    assert judge(flat(5)) is not None


def test_a_fall_of_two_points_is_better() -> None:
    """From 5/10 to 3/10 is the minimal important change (farrar2001): not 'no better'."""
    pain = [(d, 5) for d, _ in flat(5) if d < days(7)] + [(d, 3) for d, _ in flat(3) if d > days(21)]
    assert judge(pain) is None


def test_a_fall_of_thirty_percent_is_better_even_under_two_points() -> None:
    """From 3/10 to 2/10 is a 33% fall: better. From 8/10 to 7/10 (12%) is not."""
    low = [(d, 3) for d, _ in flat(3) if d < days(7)] + [(d, 2) for d, _ in flat(2) if d > days(21)]
    assert judge(low) is None
    high = [(d, 8) for d, _ in flat(8) if d < days(7)] + [(d, 7) for d, _ in flat(7) if d > days(21)]
    assert judge(high) is not None


def test_worse_pain_is_no_better() -> None:
    """Pain rising from 4/10 to 6/10 is no better either."""
    pain = [(d, 4) for d, _ in flat(4) if d < days(7)] + [(d, 6) for d, _ in flat(6) if d > days(21)]
    found = judge(pain)
    assert found is not None and found.now == 6.0


def test_not_doing_the_programme_is_not_judged() -> None:
    """With only half the sessions done the programme has not been tried, so nothing is said; 9 of 12 is enough."""
    due = [d for d in PLANNED if d < days(28)]
    assert judge(flat(5), done=due[::2]) is None
    assert judge(flat(5), done=due[:9]) is not None


def test_too_few_recent_readings_are_not_judged() -> None:
    """One reading in the last seven days is not enough to say the pain is no better."""
    pain = [(d, p) for d, p in flat(5) if d <= days(21)] + [(days(27), 5)]
    assert judge(pain) is None


def test_without_first_week_readings_the_pain_given_at_setup_is_the_start() -> None:
    """No check-ins in week 1: the intake pain (6/10) is the starting point; 5/10 now is no better than 6/10."""
    pain = [(d, 5) for d, p in flat(5) if d > days(21)]
    found = judge(pain, intake=6)
    assert found is not None and found.before == 6.0
    assert judge(pain, intake=8) is None  # 8 -> 5 is better


def test_little_starting_pain_leaves_nothing_to_judge() -> None:
    """A start of 1/10 cannot show a meaningful change, so the rule stays quiet."""
    assert judge(flat(1)) is None


def test_review_alone_advises_a_gp_or_physio_within_two_weeks_as_a_high_alert() -> None:
    """A 40-year-old no better after 4 weeks: keep going gently, book a GP or physio; a high alert, no referral."""
    found = review(Profile(age=40), judge(flat(5)))
    assert found is not None
    assert found.referral is None and found.urgency is Urgency.SOON
    assert "GP or physiotherapist" in found.message and "1–2 weeks" in found.message
    assert review_alert(found).level is AlertLevel.HIGH


def test_review_over_50_with_new_back_pain_becomes_a_referral() -> None:
    """55 with back pain of 3 weeks at setup, no better after 4 weeks: the older-and-not-improving cluster refers."""
    older = Profile(age=55, pain=(PainReport(PainRegion.LOWER_BACK, Side.BOTH, 5, 3),))
    found = review(older, judge(flat(5)))
    assert found is not None and found.referral is not None
    assert found.referral.clusters == ("older_and_not_improving",)
    assert found.urgency is Urgency.SOON and not found.stops_training
    assert "GP within the next 1–2 weeks" in found.message and "keep going gently" in found.message
    assert found.message.count("back pain after 50") == 1


def test_review_with_past_cancer_is_urgent_and_critical() -> None:
    """Past cancer (answered when a doctor had cleared it) with no improvement: urgent, a critical alert."""
    found = review(Profile(age=45, red_flags=frozenset({"cancer_history"})), judge(flat(5)))
    assert found is not None and found.urgency is Urgency.URGENT and found.stops_training
    assert review_alert(found).level is AlertLevel.CRITICAL
    assert "do not exercise until a doctor has checked you" in found.advice


def test_no_finding_no_review() -> None:
    """Without a finding there is nothing to review."""
    assert review(Profile(age=40), None) is None


@settings(max_examples=200)
@given(
    st.integers(min_value=0, max_value=10),
    st.integers(min_value=0, max_value=10),
    st.integers(min_value=28, max_value=80),
)
def test_no_better_exactly_when_the_fall_is_under_the_minimal_important_change(before: int, now: int, on: int) -> None:
    """Over starting and recent pain: 'no better' iff the start was at least 2 and the fall under 2 points and 30%."""
    pain = [(d, before) for d, _ in flat(before, until=on) if d < days(7)]
    pain += [(d, now) for d, _ in flat(now, until=on) if d > days(on - 7)]
    found = judge(pain, on=on)
    fall = before - now
    expected = before >= 2 and fall < 2 and fall * 100 < 30 * before
    assert (found is not None) == expected
