"""A new person's whole journey in a real browser, the red-flag path, and two people who cannot see each other."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e


def sign_up(page, name: str) -> str:  # type: ignore[no-untyped-def]
    email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com"
    page.goto("/signup")
    page.fill("#display_name", name)
    page.fill("#email", email)
    page.fill("#password", "a long enough password")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/login\?welcome=1.*"))  # the same answer for a new email and a known one
    page.fill("#email", email)
    page.fill("#password", "a long enough password")
    page.click("main button[type=submit]")
    page.wait_for_url("**/onboarding")
    return email


def onboard(  # type: ignore[no-untyped-def]
    page, *, red_flag: str | None = None, health_flag: str | None = None, screenshots: bool = False
) -> None:
    """Walk the questionnaire step by step, as a person with mild back pain, a mini band and 30 minutes; `red_flag`
    is ticked on the safety step, `health_flag` on the health step."""
    if screenshots:
        shot(page, "02-onboarding-pain")
    if page.locator("#pain-lower_back").count():
        page.check("#pain-lower_back")
    slider = page.locator("#pain-lower_back-intensity")
    slider.fill("4")
    page.click("#step-pain [data-action=step-next]")
    if red_flag:
        page.check(f"#flag-{red_flag}")
    if screenshots:
        shot(page, "03-onboarding-safety")
    page.click("#step-safety [data-action=step-next]")
    if health_flag:
        page.check(f"#flag-{health_flag}")
    page.click("#step-health [data-action=step-next]")
    page.click("#step-conditions [data-action=step-next]")
    page.check("#goal-pain_relief")
    page.click("#step-goals [data-action=step-next]")
    page.check("#equipment-mini_band")
    page.click("#step-equipment [data-action=step-next]")
    page.fill("#sessions_per_week", "3")
    page.fill("#minutes_per_session", "30")
    page.fill("#sitting_hours_per_day", "8")
    page.click("#step-schedule [data-action=step-next]")
    page.fill("#age", "41")
    page.check("#experience-beginner")
    page.click("#onboarding-submit")
    if not red_flag:  # a new programme is welcomed first (its summary), then Today
        page.wait_for_url("**/welcome")
        if screenshots:
            shot(page, "03c-welcome")
        page.click("#welcome-continue")


def complete_workout(page, *, watch_timer: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Log every set of every exercise in the player; with watch_timer, wait for the first rest to run out."""
    sections = page.locator("section[id^=exercise-]")
    total = sections.count()
    assert total >= 2
    for i in range(total):
        section = page.locator(f"#exercise-{i}")
        sets = section.locator("[data-action=set-done]")
        for j in range(sets.count()):
            page.click(f"#ex{i}-set{j}-done")
            if watch_timer and i == 0 and j == 0:
                timer = page.locator("#rest-timer")
                assert timer.get_attribute("data-done") == "false"
                shot(page, "07-rest-timer-running")
                page.wait_for_selector("#rest-timer[data-done=true]", timeout=20_000)
                assert "Rest over" in timer.inner_text()
                shot(page, "08-rest-timer-done")
            elif page.locator("#rest-skip").is_visible():
                page.click("#rest-skip")
        page.fill(f"#ex{i}-pain", "2")
        page.check(f"#ex{i}-felt-glutes")
        nxt = section.locator("[data-action=next-exercise]")
        if nxt.count():
            nxt.click()


def test_sign_up_to_a_logged_workout_with_the_rest_timer_and_progress(page) -> None:  # type: ignore[no-untyped-def]
    """Sign up → onboarding → plan → a workout with the rest timer → summary → progress shows it."""
    page.goto("/")
    shot(page, "00-home")
    sign_up(page, "Ana")
    shot(page, "01-after-signup")
    onboard(page, screenshots=True)
    page.wait_for_url(re.compile(r".*/today.*"))
    shot(page, "04-today")
    items = page.locator("li.item[data-exercise-id]")
    assert items.count() >= 2
    assert page.locator("li.item").first.inner_text().strip()
    page.goto("/program")
    shot(page, "05-program")
    assert "Week 1" in page.inner_text("main")
    page.goto("/today?fast=1")
    page.click("#start-workout")
    page.wait_for_url(re.compile(r".*/workout.*"))
    shot(page, "06-workout-player")
    complete_workout(page, watch_timer=True)
    page.fill("#notes", "First session, felt good")
    shot(page, "09-workout-finish")
    page.click("#workout-submit")
    page.wait_for_url(re.compile(r".*/workout/summary/\d+"))
    shot(page, "10-summary")
    summary = page.locator("#workout-summary")
    assert summary.count() == 1
    assert page.locator("li[data-change-exercise]").count() >= 1
    page.goto("/today")
    page.fill("#checkin-pain", "3")
    page.click("#checkin-submit")
    page.wait_for_selector("#checkin-result")
    page.goto("/progress")
    shot(page, "11-progress")
    assert page.get_attribute("#sessions-summary", "data-sessions-total") == "1"
    page.goto("/exercises")
    shot(page, "12-exercises")
    page.goto("/exercises/hip_thrust")
    shot(page, "13-exercise-detail")
    assert "Contreras" in page.inner_text("main")


def test_a_red_flag_ends_at_the_referral_page_without_exercises(page) -> None:  # type: ignore[no-untyped-def]
    """Answering yes to new bladder trouble sends the person to a clinician first, with no plan."""
    sign_up(page, "Ben")
    onboard(page, red_flag="bladder_control")
    page.wait_for_url("**/referral")
    shot(page, "14-referral")
    assert page.get_attribute("#referral", "data-urgency") == "emergency"
    assert page.locator("#referral-reasons li").count() >= 1
    page.goto("/today")
    page.wait_for_url("**/referral")
    assert page.locator("li.item[data-exercise-id]").count() == 0


def test_a_second_account_cannot_see_the_first_ones_data(browser, server) -> None:  # type: ignore[no-untyped-def]
    """Person B, signed in separately, gets 404 for A's workout summary and sees none of A's history."""
    first = browser.new_context(viewport={"width": 390, "height": 844}, base_url=server)
    a = first.new_page()
    sign_up(a, "Cara")
    onboard(a)
    a.wait_for_url(re.compile(r".*/today.*"))
    a.goto("/today?fast=1")
    a.click("#start-workout")
    a.wait_for_url(re.compile(r".*/workout.*"))
    complete_workout(a)
    a.click("#workout-submit")
    a.wait_for_url(re.compile(r".*/workout/summary/\d+"))
    summary_url = a.url
    first.close()
    second = browser.new_context(viewport={"width": 390, "height": 844}, base_url=server)
    b = second.new_page()
    sign_up(b, "Dev")
    response = b.goto(summary_url)
    assert response is not None
    assert response.status == 404
    shot(b, "15-other-persons-summary-404")
    b.goto("/progress")
    summary = b.locator("#sessions-summary")
    assert summary.count() == 0 or summary.get_attribute("data-sessions-total") == "0"
    assert "First session" not in b.inner_text("main")
    second.close()
