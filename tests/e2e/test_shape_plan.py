"""Shaping the plan in a real browser, on a phone and on a laptop: swap an exercise (alternatives with still figures
and reasons) and see it on Today, the programme and the player; skip an exercise; move the session and take it
back; add an exercise (the suitable ones one part of the session at a time) and see it in the player."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.e2e.conftest import PHONE, shot
from tests.e2e.test_journeys import onboard, sign_up

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1280, "height": 800}
OUT = Path("/work/shots/shape")  # a copy for the lead, when that folder can be written


def _keep(path: Path, out: Path = OUT) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, out / path.name)
    except OSError:
        pass


@pytest.mark.parametrize(("size", "viewport"), [("phone", PHONE), ("laptop", LAPTOP)])
def test_swap_skip_and_move_a_session(browser, server, size: str, viewport: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=viewport, device_scale_factor=1, base_url=server)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_up(page, "Sam")
        onboard(page)
        page.wait_for_url(re.compile(r".*/today.*"))
        items = page.locator("li.item")
        assert items.count() >= 2
        old_id = items.first.get_attribute("data-exercise-id")
        old_name = items.first.locator("h3").inner_text()
        _keep(shot(page, f"shape-{size}-01-today"))

        items.first.locator("a.button", has_text="Swap").click()
        page.wait_for_url(re.compile(r".*/plan/swap\?.*"))
        first = page.locator("li.alternative").first
        assert first.locator("img.figure.still").count() == 1
        assert first.locator("ul.reasons li").count() >= 3
        new_name = first.locator("h2 a").inner_text()
        new_id = first.get_attribute("data-exercise-id")
        _keep(shot(page, f"shape-{size}-02-swap-choices"))
        first.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/today$"))
        main = page.inner_text("main")
        assert new_name in main and "Changed by you on" in main and f"in place of {old_name}" in main
        assert page.locator(f'li.item[data-exercise-id="{old_id}"]').count() == 0
        _keep(shot(page, f"shape-{size}-03-today-swapped"))

        page.goto("/program")
        today_session = page.locator(".planned-today")
        assert new_name in today_session.inner_text()
        _keep(shot(page, f"shape-{size}-04-programme-swapped"))

        page.goto("/workout")
        assert new_name in page.inner_text("main") and old_name not in page.inner_text("main")
        _keep(shot(page, f"shape-{size}-05-player-swapped"))

        page.goto("/today")
        second = page.locator("li.item").nth(1)
        skipped_name = second.locator("h3").inner_text()
        second.locator("button", has_text="Skip").click()
        page.wait_for_url(re.compile(r".*/today$"))
        assert f"{skipped_name} skipped on" in page.inner_text("main")
        assert page.locator("li.item", has_text=skipped_name).count() == 0

        page.locator("a", has_text="Move to another day").click()
        page.wait_for_url(re.compile(r".*/plan/move\?.*"))
        _keep(shot(page, f"shape-{size}-06-move"))
        page.locator("input[name=to_date]").first.check()
        page.click("#move-submit")
        page.wait_for_url(re.compile(r".*/today\?date=.*"))
        assert page.locator(f'li.item[data-exercise-id="{new_id}"]').count() == 1  # the session, on its new day
        assert "Session moved from" in page.inner_text("main")
        _keep(shot(page, f"shape-{size}-07-moved"))

        page.goto("/today")
        assert page.locator("#rest-day").count() == 1 and "Session moved from" in page.inner_text("#rest-day")
        page.locator("#rest-day button", has_text="Undo").click()
        page.wait_for_url(re.compile(r".*/today.*"))
        page.goto("/today")
        assert page.locator("li.item").count() >= 1 and page.locator("#rest-day").count() == 0

        page.goto("/plan/changes")
        assert page.locator("#change-log li").count() == 4  # swap, skip, move, and the undo of the move
        _keep(shot(page, f"shape-{size}-08-changes"))
    finally:
        context.close()


@pytest.mark.parametrize(("size", "viewport"), [("phone", PHONE), ("laptop", LAPTOP)])
def test_add_an_exercise_and_do_it_in_the_player(browser, server, size: str, viewport: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    out = Path("/work/shots/ownadd")
    context = browser.new_context(viewport=viewport, device_scale_factor=1, base_url=server)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_up(page, "Ada")
        onboard(page)
        page.wait_for_url(re.compile(r".*/today.*"))
        before = page.locator("li.item").count()
        page.locator("a.button", has_text="Add an exercise").click()
        page.wait_for_url(re.compile(r".*/plan/add\?.*"))
        _keep(shot(page, f"ownadd-{size}-01-choices"), out)
        first = page.locator("li.addition").first
        assert first.locator("img.figure.still").count() == 1
        assert first.locator("ul.reasons li", has_text="GluteRx's dose").count() == 1
        parts = page.locator('nav[aria-label="Parts of the session"] a')
        assert parts.count() >= 2
        parts.nth(1).click()  # another part of the session: other choices
        page.wait_for_url(re.compile(r".*part=.*"))
        pick = page.locator("li.addition").first
        name = pick.locator("label").inner_text()
        pick_id = pick.get_attribute("data-exercise-id")
        pick.locator("input[type=radio]").check()
        page.select_option("#add-scope", "once")
        page.fill("#add-reason", "My physio suggested it")
        _keep(shot(page, f"ownadd-{size}-02-picked"), out)
        page.click("#add-exercise")
        page.wait_for_url(re.compile(r".*/today$"))
        main = page.inner_text("main")
        assert f"{name} added" in main and "to that session only" in main and "Changed by you on" in main
        assert page.locator("li.item").count() == before + 1
        assert page.locator(f'li.item[data-exercise-id="{pick_id}"]').count() == 1
        _keep(shot(page, f"ownadd-{size}-03-today-added"), out)

        page.goto("/workout")
        assert f"Exercise 1 of {before + 1}" in page.inner_text("main")
        added = page.locator(f'section.exercise[data-exercise-id="{pick_id}"]')
        assert added.count() == 1
        for _ in range(before):  # it comes last: Next exercise until it shows
            if added.is_visible():
                break
            page.locator("section.exercise:visible button", has_text="Next exercise").click()
        assert added.is_visible() and name in added.inner_text()
        _keep(shot(page, f"ownadd-{size}-04-player"), out)

        page.goto("/today")
        page.locator('.plan-note[data-kind="add_item"] button', has_text="Undo").click()
        page.wait_for_url(re.compile(r".*/today.*"))
        assert page.locator(f'li.item[data-exercise-id="{pick_id}"]').count() == 0
    finally:
        context.close()


def test_a_free_session_from_the_library(page) -> None:  # type: ignore[no-untyped-def]
    """From Today: pick two exercises from the library, log their sets, and land on the workout summary."""
    sign_up(page, "Fay")
    onboard(page)
    page.wait_for_url(re.compile(r".*/today.*"))
    page.click("#free-session-link a")
    page.wait_for_url(re.compile(r".*/free-session.*"))
    boxes = page.locator("#free-pick input[name=pick]")
    assert boxes.count() >= 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    _keep(shot(page, "shape-phone-09-free-pick"))
    page.click("#free-next")
    page.wait_for_selector("#free-log")
    page.fill("#ex0-s0-reps", "12")
    page.fill("#ex0-s1-reps", "10")
    page.fill("#ex1-s0-reps", "8")
    _keep(shot(page, "shape-phone-10-free-sets"))
    page.click("#free-submit")
    page.wait_for_url(re.compile(r".*/workout/summary/\d+"))
    _keep(shot(page, "shape-phone-11-free-summary"))
    assert "3" in page.inner_text("main")
