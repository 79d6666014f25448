"""The workout player in a real browser, at phone and desktop size: entries survive a reload (kept in the browser
until saved), last time's numbers beside each set, session effort and minutes (prefilled from when the player was
opened) saved, a double submit stored once, and the same session again asked about before a second copy."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_journeys import complete_workout, onboard, sign_up

pytestmark = pytest.mark.e2e

SHOTS = Path("/work/shots/player")
DESKTOP = {"width": 1280, "height": 800}
DRAFTS = "Object.keys(localStorage).filter(k => k.startsWith('gluterx.workout.'))"
# Two saves of the same form at once (a double tap on a slow connection), both reaching the server.
DOUBLE_SUBMIT = """async () => {
  const form = document.getElementById('workout-form');
  const send = () => fetch('/workout', {method: 'POST', body: new FormData(form), redirect: 'manual'});
  await Promise.all([send(), send()]);
}"""


def keep(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """A screenshot among the e2e artifacts and, for the lead, in /work/shots/player."""
    path = shot(page, name)
    if SHOTS.parent.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SHOTS / path.name)


def sessions(page) -> int:  # type: ignore[no-untyped-def]
    response = page.request.get("/api/v1/sessions")
    assert response.ok
    return len(response.json())


def open_player(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/today?fast=1")
    page.click("#start-workout")
    page.wait_for_url(re.compile(r".*/workout.*"))


def test_the_player_survives_a_reload_saves_effort_and_minutes_and_stores_a_double_submit_once(page) -> None:  # type: ignore[no-untyped-def]
    sign_up(page, "Rae")
    onboard(page)
    page.wait_for_url(re.compile(r".*/today.*"))
    open_player(page)
    reps = page.locator("#ex0-set0-reps")
    assert re.fullmatch(r"e\.g\. \d+", reps.get_attribute("placeholder") or "")
    assert reps.input_value() == ""  # a hint, not a value
    keep(page, "player-01-hints-phone")
    key = page.input_value("input[name=idempotency_key]")
    reps.fill("9")
    page.click("#ex0-set0-done")
    if page.locator("#rest-skip").is_visible():
        page.click("#rest-skip")
    page.check("#ex0-felt-glutes")
    page.fill("#ex0-pain", "3")

    page.reload()
    assert page.input_value("#ex0-set0-reps") == "9"
    assert page.locator("#ex0-felt-glutes").is_checked()
    assert page.get_attribute("fieldset.set[data-set='0']", "data-done") == "true"
    assert page.input_value("#ex0-pain") == "3" and page.inner_text("#ex0-pain-out") == "3"
    assert page.input_value("input[name=idempotency_key]") == key  # a resend after a reload is the same save
    keep(page, "player-02-after-reload-phone")

    complete_workout(page)
    duration = page.locator("#duration-min")
    assert duration.is_visible() and int(duration.input_value()) >= 1  # prefilled from when the player opened
    page.select_option("#session-rpe", "6")
    duration.fill("35")
    keep(page, "player-03-finish-effort-minutes-phone")

    page.evaluate(DOUBLE_SUBMIT)
    assert sessions(page) == 1
    page.click("#workout-submit")  # and a third time, as the page itself sends it
    page.wait_for_url(re.compile(r".*/workout/summary/\d+"))
    assert sessions(page) == 1
    main = page.inner_text("main")
    assert "How hard it was: 6 out of 10" in main and "It took 35 minutes" in main
    assert page.evaluate(DRAFTS) == []  # saved: the browser keeps nothing of it any more
    keep(page, "player-04-summary-phone")
    stored = page.request.get("/api/v1/sessions").json()[0]
    assert (stored["session_rpe"], stored["duration_min"]) == (6, 35)

    # The same session again from a fresh player: asked about, stored only when confirmed.
    page.goto("/workout?fast=1")
    assert page.input_value("#ex0-set0-reps") == ""  # no draft left over
    page.fill("#ex0-set0-reps", "9")
    complete_workout(page)
    page.click("#workout-submit")
    question = page.locator("#duplicate")
    question.wait_for()
    assert "You already logged this session today — log it again?" in page.inner_text("#duplicate-alert")
    assert page.input_value("#ex0-set0-reps") == "9"
    keep(page, "player-05-duplicate-question-phone")
    assert sessions(page) == 1
    page.click("#confirm-duplicate")
    page.wait_for_url(re.compile(r".*/workout/summary/\d+"))
    assert sessions(page) == 2

    # Next week's player shows last time's numbers beside each set, at phone and desktop size.
    week_on = (date.today() + timedelta(days=7)).isoformat()
    page.goto(f"/workout?date={week_on}")
    first = page.locator("#ex0-set0-last")
    assert first.is_visible() and re.fullmatch(r"Last time: 9 (reps|seconds)", first.inner_text())
    assert "Last time, on " in page.inner_text("#exercise-0")
    keep(page, "player-06-last-time-phone")
    page.set_viewport_size(DESKTOP)
    page.reload()
    assert page.locator("#ex0-set0-last").is_visible()
    keep(page, "player-07-last-time-desktop")
    page.goto("/workout?fast=1")
    complete_workout(page)
    keep(page, "player-08-finish-desktop")
    assert page.evaluate(DRAFTS) != []  # an unsaved workout is kept in the browser...
    page.click("form.logout button")
    page.wait_for_load_state()
    assert page.evaluate(DRAFTS) == []  # ...until the person signs out
