"""Five weeks of a person's own sessions and check-ins, and what the 4-week review says on Today and the programme.

flat       does every session, pain 5/10 during and next morning throughout: "no better after 4 weeks" advice.
improving  does every session, pain falls from 5/10 to 2/10 by week 4: no such advice.
older      as flat, but 56 with back pain that began 3 weeks before: the cluster makes it a referral (soon).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from gluterx.domain.exercise import Library
from gluterx.domain.progression import AlertLevel
from gluterx.domain.screening import Urgency
from gluterx.services import check_in, programme, today
from gluterx.services.contract import programme_json, today_json
from tests.fakes import FakeUnitOfWork
from tests.services.loop import PROFILE, START, log_due, started

FIVE_WEEKS = 35


def _pain(persona: str, offset: int) -> int:
    """The day's pain: flat stays at 5; improving falls a point a week from 5 to 2."""
    if persona == "improving":
        return max(2, 5 - offset // 7)
    return 5


def simulate(persona: str, library: Library, profile: dict[str, Any]) -> tuple[FakeUnitOfWork, int, list[date]]:
    """Log every session as due, with the persona's pain, and check in the next morning; the days the review spoke."""
    uow = FakeUnitOfWork()
    me = started(uow, library, profile=profile)
    spoke: list[date] = []
    for offset in range(FIVE_WEEKS):
        day = START + timedelta(days=offset)
        view = today.today(uow, library, on=day, person_id=me)
        if view.review is not None:
            spoke.append(day)
        if offset > 0:
            check_in.checkin(uow, library, pain=_pain(persona, offset), on=day, person_id=me)
        if not view.rest_day and view.items:
            log_due(uow, library, me, day, pain=_pain(persona, offset))
    return uow, me, spoke


def test_pain_no_better_after_four_weeks_of_sessions_gets_the_review_on_today_and_the_programme(
    library: Library,
) -> None:
    """Flat 5/10 over every session: from day 28 Today carries the review as a high alert, and so does the programme."""
    uow, me, spoke = simulate("flat", library, PROFILE)
    assert spoke and min(spoke) == START + timedelta(days=28)
    on = START + timedelta(days=30)
    view = today.today(uow, library, on=on, person_id=me)
    assert view.review is not None and view.review.referral is None
    assert view.review.urgency is Urgency.SOON
    (alert,) = [a for a in view.alerts if a.message == view.review.message]
    assert alert.level is AlertLevel.HIGH
    assert "no better than the 5/10 you started at" in alert.message
    assert "GP or physiotherapist" in alert.message
    found = programme.programme(uow, library, person_id=me, today=on)
    assert found.review == view.review
    assert {"level": "high", "message": view.review.message} in today_json(view)["alerts"]
    program = programme_json(found)
    assert program["review"]["pain_now"] == 5.0
    assert program["review"]["sessions_done"] == program["review"]["sessions_planned"]


def test_pain_that_improves_over_four_weeks_gets_no_review(library: Library) -> None:
    """Pain falling from 5/10 to 2/10 with every session done: the review never speaks."""
    uow, me, spoke = simulate("improving", library, PROFILE)
    assert spoke == []
    on = START + timedelta(days=30)
    assert today.today(uow, library, on=on, person_id=me).review is None
    assert programme.programme(uow, library, person_id=me, today=on).review is None


def test_over_fifty_with_new_back_pain_and_no_better_is_referred_by_the_cluster(library: Library) -> None:
    """56, back pain for 3 weeks at setup, flat 5/10: the review is a referral within 1–2 weeks, with why."""
    older = {**PROFILE, "age": 56, "pain": [{"region": "lower_back", "side": "both", "intensity": 5, "weeks": 3}]}
    uow, me, spoke = simulate("flat", library, older)
    assert spoke
    view = today.today(uow, library, on=START + timedelta(days=30), person_id=me)
    assert view.review is not None and view.review.referral is not None
    assert view.review.referral.clusters == ("older_and_not_improving",)
    assert "New back pain after 50 that is not getting better" in view.review.message
    assert "GP within the next 1–2 weeks" in view.review.message and "keep going gently" in view.review.message
    assert any("new back pain after the age of 50" in r for r in view.review.reasons)
    assert not view.rest_day and view.items  # gentle training goes on until the appointment
    assert programme_json(programme.programme(uow, library, person_id=me, today=view.date))["review"][
        "reasons"
    ] == list(view.review.referral.reasons)


def test_walks_logged_on_activity_days_do_not_stand_in_for_skipped_glute_sessions(library: Library) -> None:
    """Skipping every other glute session but logging every walk is not 'doing the programme': no review."""
    uow = FakeUnitOfWork()
    me = started(uow, library, profile=PROFILE)
    glute_sessions = 0
    for offset in range(FIVE_WEEKS):
        day = START + timedelta(days=offset)
        view = today.today(uow, library, on=day, person_id=me)
        if offset > 0:
            check_in.checkin(uow, library, pain=5, on=day, person_id=me)
        if view.rest_day or not view.items:
            continue
        walk = all(library.get(i.exercise_id).category.value == "conditioning" for i in view.items)
        if not walk:
            glute_sessions += 1
        if walk or glute_sessions % 2:
            log_due(uow, library, me, day, pain=5)
    assert today.today(uow, library, on=START + timedelta(days=30), person_id=me).review is None
