"""The history in a real browser, on a phone and on a laptop: a logged workout listed, a set corrected, the session
deleted after a confirmation, and the next session on Today worked out again after each."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_journeys import complete_workout, onboard, sign_up

pytestmark = pytest.mark.e2e

LEAD_SHOTS = Path("/work/shots/hist")  # a few for the lead, beside the artifacts
SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    path = shot(page, name)
    if LEAD_SHOTS.parent.is_dir():
        LEAD_SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, LEAD_SHOTS / path.name)


def _week_ahead(page) -> list[list[dict[str, Any]]]:  # type: ignore[no-untyped-def]
    """What Today says for each of the next seven days (through the signed-in browser's own API)."""
    first = date.fromisoformat(page.request.get("/api/v1/today").json()["date"])
    days = [first + timedelta(days=n) for n in range(1, 8)]
    return [page.request.get(f"/api/v1/today?date={d.isoformat()}").json()["items"] for d in days]


@pytest.mark.parametrize("size", list(SIZES))
def test_a_set_corrected_and_a_session_deleted_change_the_history_and_today(browser, server, size: str) -> None:  # type: ignore[no-untyped-def]
    """Log today's workout; History lists it by name; correct the first set (Today's next session changes, as the
    engine judges the corrected figures); delete it after saying yes (Today's next session is the plan's again)."""
    context = browser.new_context(viewport=SIZES[size], device_scale_factor=1, base_url=server)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_up(page, "Hana")
        onboard(page)
        page.wait_for_url(re.compile(r".*/today.*"))
        planned = _week_ahead(page)
        page.goto("/today?fast=1")
        page.click("#start-workout")
        page.wait_for_url(re.compile(r".*/workout.*"))
        complete_workout(page)
        page.click("#workout-submit")
        page.wait_for_url(re.compile(r".*/workout/summary/\d+"))
        logged = _week_ahead(page)
        assert logged != planned  # the session's word carried to the next ones

        page.click("nav[aria-label=Main] >> text=History")
        page.wait_for_url("**/history")
        card = page.locator("li.history-session").first
        assert card.is_visible()
        text = card.inner_text()
        assert "Pain during: 2/10" in text and "_" not in text  # readable names, no ids
        _shot(page, f"hist-{size}-01-list")

        card.locator("a[id^=edit-]").click()
        page.wait_for_url(re.compile(r".*/history/\d+/edit"))
        page.fill("#ex0-set0-reps", "3")
        page.select_option("#ex0-set0-rir", "0")
        page.select_option("#ex0-pain", "6")
        _shot(page, f"hist-{size}-02-edit")
        page.click("#save-edit")
        page.wait_for_url(re.compile(r".*/history/\d+\?saved=1"))
        assert page.locator("#history-saved").is_visible()
        _shot(page, f"hist-{size}-03-saved")
        corrected = _week_ahead(page)
        assert corrected != logged  # Today's next sessions follow the corrected figures

        changed = next(n for n, (was, now) in enumerate(zip(logged, corrected, strict=True)) if was != now)
        first = date.fromisoformat(page.request.get("/api/v1/today").json()["date"])
        page.goto(f"/today?date={(first + timedelta(days=changed + 1)).isoformat()}")  # a day the correction changed
        _shot(page, f"hist-{size}-04-today-after-edit")

        page.goto("/history")
        page.locator("li.history-session a[id^=delete-]").first.click()
        page.wait_for_url(re.compile(r".*/history/\d+/delete"))
        _shot(page, f"hist-{size}-05-confirm-delete")
        page.click("#confirm-delete")
        page.wait_for_url(re.compile(r".*/history\?deleted=.*"))
        assert page.locator("#history-deleted").is_visible() and page.locator("#history-empty").is_visible()
        _shot(page, f"hist-{size}-06-deleted")
        assert _week_ahead(page) == planned  # as if it had never been logged
    finally:
        context.close()
