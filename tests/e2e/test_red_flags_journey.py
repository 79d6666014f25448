"""Red flags in a real browser: the new questions are asked, and a cluster of signs is referred as urgent."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_journeys import sign_up

pytestmark = pytest.mark.e2e


def answer(page, *, flags: tuple[str, ...], age: str) -> None:  # type: ignore[no-untyped-def]
    """Walk the questionnaire with new back pain of 5/10 for 6 weeks, answering yes to `flags`."""
    if page.locator("#pain-lower_back").count():
        page.check("#pain-lower_back")
    page.locator("#pain-lower_back-intensity").fill("5")
    page.locator("#pain-lower_back-weeks").fill("6")
    page.click("#step-pain [data-action=step-next]")
    for flag_id in flags:
        page.check(f"#flag-{flag_id}")
    page.click("#step-safety [data-action=step-next]")
    page.click("#step-health [data-action=step-next]")
    page.click("#step-conditions [data-action=step-next]")  # no health conditions
    page.check("#goal-pain_relief")
    page.click("#step-goals [data-action=step-next]")
    page.click("#step-equipment [data-action=step-next]")
    page.fill("#sessions_per_week", "3")
    page.fill("#minutes_per_session", "30")
    page.fill("#sitting_hours_per_day", "6")
    page.click("#step-schedule [data-action=step-next]")
    page.fill("#age", age)
    page.check("#experience-none")
    page.click("#onboarding-submit")


def test_the_new_questions_are_asked_in_onboarding(page) -> None:  # type: ignore[no-untyped-def]
    """Inflammatory back pain and 'not improving after 4 weeks' are on the questionnaire, in plain words."""
    sign_up(page, "Fay")
    assert "30 minutes" in page.locator("label[for=flag-inflammatory_back_pain]").inner_text()
    assert "4 weeks" in page.locator("label[for=flag-not_improving]").inner_text()


def test_past_cancer_with_weight_loss_and_night_pain_at_61_is_referred_as_urgent(page) -> None:  # type: ignore[no-untyped-def]
    """The case from the review: the referral page says urgent (today), names the findings once and says why."""
    sign_up(page, "Gil")
    answer(page, flags=("cancer_history", "weight_loss", "night_pain"), age="61")
    page.wait_for_url("**/referral")
    shot(page, "21-referral-cluster")
    assert page.get_attribute("#referral", "data-urgency") == "urgent"
    assert "today" in page.locator("#referral-action").inner_text()
    reasons = page.locator("#referral-reasons li").all_inner_texts()
    assert len(reasons) == 2
    assert "new back pain after the age of 50" in reasons[0]
    assert "Cancer in the past" in reasons[1]
