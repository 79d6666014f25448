"""The health-conditions step in a real browser: follow-ups appear only for what is ticked, a missing answer is
caught on the step, and the answers reach the stored profile and come back when the person returns."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_journeys import sign_up

pytestmark = pytest.mark.e2e


def to_conditions_step(page) -> None:  # type: ignore[no-untyped-def]
    page.locator("#pain-hip-intensity").fill("4")
    page.click("#step-pain [data-action=step-next]")
    page.click("#step-safety [data-action=step-next]")
    page.click("#step-health [data-action=step-next]")


def rest_of_questionnaire(page) -> None:  # type: ignore[no-untyped-def]
    page.click("#step-conditions [data-action=step-next]")
    page.check("#goal-pain_relief")
    page.click("#step-goals [data-action=step-next]")
    page.click("#step-equipment [data-action=step-next]")
    page.click("#step-schedule [data-action=step-next]")
    page.fill("#age", "67")
    page.check("#experience-none")
    page.click("#onboarding-submit")


def test_a_person_after_a_hip_replacement_answers_only_its_follow_ups(page) -> None:  # type: ignore[no-untyped-def]
    """Follow-ups are hidden until their condition is ticked; the hip's side, approach and months, and a fall,
    are stored, and shown again on return."""
    sign_up(page, "Hana")
    to_conditions_step(page)
    assert page.locator("#step-conditions").is_visible()
    assert not page.locator("#condition-hip_replacement-approach").is_visible()
    assert not page.locator("#condition-pregnancy-trimester").is_visible()
    page.check("#condition-hip_replacement")
    assert page.locator("#condition-hip_replacement-approach").is_visible()
    assert not page.locator("#condition-knee_replacement-side").is_visible()
    page.select_option("#condition-hip_replacement-side", "right")
    page.select_option("#condition-hip_replacement-approach", "unknown")
    page.fill("#condition-hip_replacement-months_since", "4")
    page.check("#condition-falls_last_year")
    page.fill("#condition-falls_last_year-count", "1")
    shot(page, "03b-onboarding-conditions")
    page.evaluate("window.scrollTo(0, 0)")  # after a full-page shot of a long step, chromium misplaces clicks
    rest_of_questionnaire(page)
    page.wait_for_url("**/welcome")

    page.goto("/onboarding")
    assert page.locator("#condition-hip_replacement").is_checked()
    assert page.locator("#condition-hip_replacement-approach").input_value() == "unknown"
    assert page.locator("#condition-falls_last_year-count").input_value() == "1"
    assert not page.locator("#condition-pregnancy").is_checked()


def test_a_ticked_condition_without_its_answer_is_sent_back_to_its_step(page) -> None:  # type: ignore[no-untyped-def]
    """Pregnancy ticked with no trimester chosen: the page comes back on the conditions step, the message beside the
    trimester, and nothing else lost."""
    sign_up(page, "Pia")
    to_conditions_step(page)
    page.check("#condition-pregnancy")
    rest_of_questionnaire(page)
    page.wait_for_selector("#onboarding-errors")
    assert page.locator("#step-conditions").is_visible()
    assert page.locator("#condition_pregnancy_trimester-error").is_visible()
    assert (
        "Pregnancy (how far along are you): Please choose one of the answers"
        in page.locator("#onboarding-errors").inner_text()
    )
    shot(page, "03c-onboarding-conditions-error")
    page.evaluate("window.scrollTo(0, 0)")
    page.select_option("#condition-pregnancy-trimester", "2")
    page.click("#step-conditions [data-action=step-next]")
    for step in ("goals", "equipment", "schedule"):
        page.click(f"#step-{step} [data-action=step-next]")
    assert page.locator("#age").input_value() == "67"
    page.click("#onboarding-submit")
    page.wait_for_url("**/welcome")
