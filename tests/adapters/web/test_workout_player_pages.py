"""The workout player as a browser without JavaScript drives it: last time's numbers beside each set, hints that do
not look like values, the session's effort and minutes, a double submit stored once, and the same session again
asked about ("log it again?") before it is stored."""

from __future__ import annotations

import re
from datetime import date, timedelta

from fastapi.testclient import TestClient

from gluterx.bootstrap import Container
from tests.adapters.web.test_pages import app, browser, container, first_session_date, onboard, sign_up, workout_form

__all__ = ["app", "browser", "container"]  # the fixtures, shared with test_pages


def _ready(browser: TestClient, container: Container) -> str:
    sign_up(browser)
    assert onboard(browser).status_code == 303
    return first_session_date(container)


def _sessions(browser: TestClient, container: Container) -> int:
    with container.uow() as uow:
        person_id = uow.accounts.by_email("ann@example.com").person_id
        return len(uow.sessions.logged(person_id))


def test_the_player_shows_hints_not_values_and_asks_effort_and_minutes(
    browser: TestClient, container: Container
) -> None:
    day = _ready(browser, container)
    page = browser.get("/workout", params={"date": day}).text
    assert re.search(r'placeholder="e\.g\. \d+"', page)
    assert not re.search(r'placeholder="\d+"', page)  # a bare number would read as a value already entered
    assert 'name="idempotency_key" value="' in page
    assert 'id="session-rpe"' in page and ">10: Maximal<" in page and 'id="duration-min"' in page
    assert "No numbers from before yet." in page
    assert 'data-draft-key="gluterx.workout.' in page and f".{day}.1-1" in page


def test_last_times_sets_are_shown_beside_each_set(browser: TestClient, container: Container) -> None:
    """After a session with 11 reps a set, the next time each exercise is due its sets say "Last time: 11 reps"."""
    day = _ready(browser, container)
    first = browser.get("/workout", params={"date": day}).text
    assert browser.post("/workout", data=workout_form(first, reps="11"), follow_redirects=False).status_code == 303
    later = (date.fromisoformat(day) + timedelta(days=7)).isoformat()  # the same weekday a week on
    page = browser.get("/workout", params={"date": later}).text
    assert "Last time, on " in page
    assert re.search(r'<p class="last-time" id="ex0-set0-last">Last time: 11 (reps|seconds)</p>', page)
    assert 'aria-describedby="ex0-set0-last"' in page


def test_a_double_submit_stores_one_session_and_both_land_on_its_summary(
    browser: TestClient, container: Container
) -> None:
    day = _ready(browser, container)
    form = workout_form(browser.get("/workout", params={"date": day}).text)
    one = browser.post("/workout", data=form, follow_redirects=False)
    two = browser.post("/workout", data=form, follow_redirects=False)
    assert one.status_code == two.status_code == 303
    assert one.headers["location"] == two.headers["location"]
    assert _sessions(browser, container) == 1


def test_the_same_session_again_is_asked_about_and_stored_only_when_confirmed(
    browser: TestClient, container: Container
) -> None:
    """A fresh player (a new key) with the same sets: 409, the question, the entries kept, a link to the saved one;
    the confirm button stores a second session."""
    day = _ready(browser, container)
    first = browser.post("/workout", data=workout_form(browser.get("/workout", params={"date": day}).text))
    saved = re.search(r'data-session-id="(\d+)"', first.text)
    assert saved
    form = workout_form(browser.get("/workout", params={"date": day}).text)
    asked = browser.post("/workout", data=form)
    assert asked.status_code == 409
    when = "today" if day == date.today().isoformat() else "on "
    assert f"You already logged this session {when}" in asked.text and "log it again?" in asked.text
    assert f'href="/workout/summary/{saved.group(1)}"' in asked.text
    assert 'name="allow_duplicate" value="1"' in asked.text
    assert 'name="ex0_s0_reps" min="0"' in asked.text and 'value="12"' in asked.text  # the entries are still there
    assert 'data-returned="1"' in asked.text and 'data-open-finish="1"' in asked.text
    # Enter in a box submits with the first submit button: "Save workout" comes before the confirm.
    assert asked.text.index('id="workout-submit"') < asked.text.index('id="confirm-duplicate"')
    assert _sessions(browser, container) == 1
    confirmed = browser.post("/workout", data={**form, "allow_duplicate": "1"}, follow_redirects=False)
    assert confirmed.status_code == 303 and confirmed.headers["location"] != f"/workout/summary/{saved.group(1)}"
    assert _sessions(browser, container) == 2


def test_effort_and_minutes_are_saved_and_shown_on_the_summary(browser: TestClient, container: Container) -> None:
    day = _ready(browser, container)
    form = workout_form(browser.get("/workout", params={"date": day}).text) | {"session_rpe": "6", "duration_min": "35"}
    summary = browser.post("/workout", data=form)
    assert summary.status_code == 200
    assert "How hard it was: <strong>6 out of 10</strong>" in summary.text
    assert "It took <strong>35 minutes</strong>" in summary.text
    assert 'data-clear-drafts="gluterx.workout.' in summary.text and f".{day}." in summary.text


def test_bad_minutes_are_named_beside_their_box_and_nothing_is_stored(
    browser: TestClient, container: Container
) -> None:
    day = _ready(browser, container)
    form = workout_form(browser.get("/workout", params={"date": day}).text) | {"duration_min": "0", "session_rpe": "6"}
    page = browser.post("/workout", data=form)
    assert page.status_code == 422
    assert re.search(r'id="duration-min"[^>]*aria-invalid="true"', page.text, re.S)
    assert '<option value="6" selected>' in page.text  # the effort chosen is kept
    assert _sessions(browser, container) == 0


def test_the_player_says_the_pain_help_once_and_names_the_exercise_in_each_felt_question(
    browser: TestClient, container: Container
) -> None:
    """One help paragraph for every pain slider (each points to it), and each "where did you feel it" is its own."""
    day = _ready(browser, container)
    page = browser.get("/workout", params={"date": day}).text
    sliders = re.findall(r'type="range" id="ex\d+-pain"[^>]*aria-describedby="([^"]+)"', page, re.S)
    assert len(sliders) > 1 and set(sliders) == {"pain-help"}
    assert page.count("Up to 5 that settles by") == 1
    legends = re.findall(r"<legend>(Where did you feel [^<]+)</legend>", page)
    assert len(legends) == len(sliders) == len(set(legends))
