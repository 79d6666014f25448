"""End-to-end in Debian's chromium: a new person answers the start outcome measures from Today's card, sees them on
Progress, and four weeks later answers the 4-weekly check and sees the change judged against its MIC."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.e2e.conftest import SHOTS, shot
from tests.e2e.test_journeys import onboard, sign_up

ACTIVITIES = [("Climbing the stairs", "3"), ("Sitting through a film", "4"), ("Lifting my toddler", "2")]


def test_start_measures_from_today_then_the_four_weekly_check_on_progress(page) -> None:  # type: ignore[no-untyped-def]
    """Today's calm card leads to the form; the answers are charted on Progress; at day 28 the same activities
    come back with the change question, and Progress says pain and activities are better, with sources."""
    sign_up(page, "Olu")
    onboard(page)
    page.wait_for_url("**/today**")
    card = page.locator("#outcomes-due")
    assert "Where you are now" in card.inner_text()
    shot(page, "outcomes-01-today-card")
    page.click("#outcomes-due-link")
    page.wait_for_url("**/outcomes**")
    assert page.locator("input[name=groc]").count() == 0
    page.locator("#pain").fill("6")
    for i, (name, score) in enumerate(ACTIVITIES):
        page.fill(f"#activity_{i}", name)
        page.select_option(f"#score_{i}", score)
    shot(page, "outcomes-02-start-form")
    page.click("#outcomes-submit")
    page.wait_for_url(re.compile(r".*/progress.*"))
    section = page.locator("#outcomes")
    assert "Your starting point is saved" in section.inner_text()
    assert page.locator("#outcomes-chart").count() == 1
    shot(page, "outcomes-03-progress-start")

    page.goto("/outcomes")
    first_day = date.fromisoformat(page.locator("input[name=date]").get_attribute("value") or "")
    later = first_day + timedelta(days=40)
    page.goto(f"/today?date={later.isoformat()}")
    assert "It's time for your 4-weekly check" in page.locator("#outcomes-due").inner_text()
    page.click("#outcomes-due-link")
    for i, (name, _score) in enumerate(ACTIVITIES):
        assert page.input_value(f"#activity_{i}") == name
    page.locator("#pain").fill("3")
    for i, score in enumerate(("6", "7", "5")):
        page.select_option(f"#score_{i}", score)
    page.check("input[name=groc][value='4']")
    shot(page, "outcomes-04-four-weekly-form")
    page.click("#outcomes-submit")
    page.wait_for_url(re.compile(r".*/progress.*"))
    assert page.locator("#outcomes-pain").get_attribute("data-verdict") == "better"
    assert page.locator("#outcomes-psfs").get_attribute("data-verdict") == "better"
    assert "Farrar JT et al. 2001" in page.locator("#outcomes-verdicts").inner_text()
    page.locator("#outcomes").scroll_into_view_if_needed()
    shot(page, "outcomes-05-progress-change")
    page.set_viewport_size({"width": 1280, "height": 900})
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#outcomes").screenshot(path=str(SHOTS / "outcomes-06-progress-desktop.png"))
