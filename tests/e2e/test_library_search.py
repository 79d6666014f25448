"""The library in a real browser, on a phone and a desktop: search as you type, filter chips that say what is on."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SHOTS, shot
from tests.e2e.test_journeys import complete_workout, onboard, sign_up

pytestmark = pytest.mark.e2e

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def _params(page) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return parse_qs(urlparse(page.url).query)


def _first_result(page) -> str:  # type: ignore[no-untyped-def]
    return str(page.locator("#exercise-results li[data-exercise-id]").first.get_attribute("data-exercise-id"))


@pytest.mark.parametrize("size", list(SIZES))
def test_search_as_you_type_and_chips(browser, server, size: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=SIZES[size], device_scale_factor=1, base_url=server)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_up(page, f"Sam{size}")
        onboard(page)
        page.goto("/exercises")
        # the person's own plan comes first, and says so
        assert page.locator("#plan-first").is_visible()
        first = page.locator("#exercise-results li[data-exercise-id]").first
        assert "In your plan" in first.inner_text()
        shot(page, f"20-library-{size}")

        # typing searches as you go: no button press, the page is not reloaded, the address follows
        page.evaluate("window.__stay = 1")
        page.fill("#exercise-search", "glut brige")
        expect(page.locator("#results-title")).to_contain_text("brige")
        assert _first_result(page) == "glute_bridge"
        assert page.evaluate("window.__stay") == 1  # swapped in by htmx, not a new page
        assert _params(page)["q"] == ["glut brige"]
        shot(page, f"21-library-search-{size}")

        # a chip: a real link, marked when on, and shown in the "In use" row with its own remove link
        page.fill("#exercise-search", "")
        expect(page.locator("#results-title")).not_to_contain_text("match")
        page.get_by_role("link", name="Hip abduction", exact=True).click()
        page.wait_for_selector("#active-chips")
        on = page.locator('#exercise-results a.chip[aria-current="true"]', has_text="Hip abduction")
        assert on.count() == 1
        assert _params(page)["pattern"] == ["hip_abduction"]
        # searching keeps the chip
        page.fill("#exercise-search", "side plank")
        expect(page.locator("#results-title")).to_contain_text("side plank")
        ids = page.locator("#exercise-results li[data-exercise-id]").evaluate_all(
            "els => els.map(e => e.dataset.exerciseId)"
        )
        assert ids and ids[0] == "side_plank" and "clamshell" not in ids
        assert _params(page)["pattern"] == ["hip_abduction"] and _params(page)["q"] == ["side plank"]
        shot(page, f"22-library-chips-{size}")

        # each active chip removes only itself
        page.get_by_role("link", name="Remove filter: Hip abduction").click()
        expect(page).not_to_have_url(re.compile("pattern="))
        assert _params(page)["q"] == ["side plank"]
        assert page.locator("#active-chips").inner_text().count("side plank") == 1
        page.get_by_role("link", name="Remove filter: Name: \u201cside plank\u201d").click()
        expect(page).not_to_have_url(re.compile("q="))
        expect(page.locator("#exercise-search")).to_have_value("")  # the box empties with its chip (after the swap)
        assert page.locator("#active-chips").count() == 0

        # nothing horizontal to scroll on a phone
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()


def test_search_works_without_javascript(browser, server) -> None:  # type: ignore[no-untyped-def]
    """With JavaScript off, the Search button does a plain GET and the chips are plain links."""
    context = browser.new_context(viewport=SIZES["phone"], base_url=server, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_up(page, "Nojs")
        page.goto("/exercises")
        page.fill("#exercise-search", "donkey kick")
        page.click("#filter-submit")
        page.wait_for_url("**/exercises?*q=donkey*")
        assert _first_result(page) == "quadruped_hip_extension"
        page.get_by_role("link", name="Hinge", exact=True).click()
        page.wait_for_url("**pattern=hinge**")
        assert page.locator("#no-results").is_visible()  # no hinge called "donkey kick": said plainly
        SHOTS.mkdir(parents=True, exist_ok=True)
    finally:
        context.close()


def test_the_first_workout_is_noticed_quietly_on_its_summary_and_progress(page) -> None:  # type: ignore[no-untyped-def]
    sign_up(page, "Mo")
    onboard(page)
    page.wait_for_url(re.compile(r".*/today.*"))
    page.goto("/today?fast=1")
    page.click("#start-workout")
    page.wait_for_url(re.compile(r".*/workout.*"))
    complete_workout(page)
    page.click("#workout-submit")
    page.wait_for_url(re.compile(r".*/workout/summary/\d+"))
    said = page.locator("#session-milestones li")
    assert said.all_inner_texts() == ["Your first session is done."]
    shot(page, "23-summary-milestone")
    page.goto("/progress")
    assert "Your first session is done." in page.inner_text("#milestones")
    page.locator("#milestones").screenshot(path=str(SHOTS / "24-progress-milestones.png"))
