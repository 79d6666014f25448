"""A pregnant person in the real browser: the programme and Today say what is left out and why, show the warning
signs to stop and seek care, and end every session with pelvic-floor squeezes; each item carries its own notes."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SHOTS, shot
from tests.e2e.test_journeys import sign_up

pytestmark = pytest.mark.e2e


def onboard_pregnant(page) -> None:  # type: ignore[no-untyped-def]
    if page.locator("#pain-lower_back").count():
        page.check("#pain-lower_back")
    page.locator("#pain-lower_back-intensity").fill("4")
    page.click("#step-pain [data-action=step-next]")
    page.click("#step-safety [data-action=step-next]")
    page.click("#step-health [data-action=step-next]")
    page.check("#condition-pregnancy")  # asked as a health condition, with its trimester
    page.select_option("#condition-pregnancy-trimester", "2")
    page.click("#step-conditions [data-action=step-next]")
    page.check("#goal-pain_relief")
    page.click("#step-goals [data-action=step-next]")
    page.click("#step-equipment [data-action=step-next]")
    page.fill("#sessions_per_week", "3")
    page.fill("#minutes_per_session", "30")
    page.fill("#sitting_hours_per_day", "4")
    page.click("#step-schedule [data-action=step-next]")
    page.fill("#age", "31")
    page.check("#experience-beginner")
    page.click("#onboarding-submit")


def test_a_pregnant_persons_plan_shows_why_the_warning_signs_and_pelvic_floor_work(page) -> None:  # type: ignore[no-untyped-def]
    sign_up(page, "Priya")
    onboard_pregnant(page)
    page.wait_for_url("**/welcome")  # the new programme is welcomed first
    page.goto("/program")
    card = page.locator("#precautions")
    assert "pregnant" in card.inner_text()
    assert "bleeding from the vagina" in page.locator("#daily-life").inner_text()
    week = page.locator("#week-1")
    assert "Pelvic floor squeeze" in week.inner_text()
    assert week.locator(".caution").count() >= 1  # each exercise's own caution note, for a person it speaks to
    shot(page, "precautions-programme-pregnancy")
    SHOTS.mkdir(parents=True, exist_ok=True)
    card.screenshot(path=str(SHOTS / "precautions-card.png"))
    week.locator(".planned-session").first.screenshot(path=str(SHOTS / "precautions-session.png"))
    page.goto("/today")
    assert page.locator("#precautions").count() == 1
    assert page.locator("#session .caution").count() >= 1
    shot(page, "precautions-today-pregnancy")
    page.goto("/workout")
    assert page.locator("section.exercise .caution").count() >= 1  # the player shows each exercise's note too
