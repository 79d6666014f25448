"""The HTML pages, driven as a browser without JavaScript would: plain form posts, the CSRF field, redirects."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from gluterx.adapters.web.app import create_app
from gluterx.bootstrap import Container, build
from gluterx.config import Settings
from gluterx.services.programme import programme

PASSWORD = "a long enough password"  # noqa: S105 - a test fixture
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def container(tmp_path: Path) -> Iterator[Container]:
    built = build(Settings(database_url=f"sqlite:///{tmp_path / 'pages.db'}", environment="test", secret_key="x" * 40))
    yield built
    built.engine.dispose()


@pytest.fixture
def app(container: Container) -> FastAPI:
    return create_app(container)


@pytest.fixture
def browser(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


def csrf_of(page: str) -> str:
    found = CSRF.search(page)
    assert found, "the page has no CSRF field"
    return found.group(1)


def sign_up(client: TestClient, email: str = "ann@example.com") -> None:
    token = csrf_of(client.get("/signup").text)
    answer = client.post(
        "/signup",
        data={"csrf_token": token, "email": email, "password": PASSWORD, "display_name": "Ann"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?welcome=1&next=/onboarding"
    token = csrf_of(client.get("/login").text)
    signed_in = client.post(
        "/login",
        data={"csrf_token": token, "email": email, "password": PASSWORD, "next": "/onboarding"},
        follow_redirects=False,
    )
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/onboarding"


def answers(**changes: Any) -> dict[str, Any]:
    """A questionnaire a person might fill in: lower-back pain 4/10, a mini band, three 30-minute sessions."""
    data: dict[str, Any] = {
        "pain_lower_back_intensity": "4",
        "pain_lower_back_side": "both",
        "pain_lower_back_weeks": "10",
        "pain_knee_intensity": "0",
        "goals": ["pain_relief", "posture"],
        "equipment": ["mini_band"],
        "sessions_per_week": "3",
        "minutes_per_session": "30",
        "sitting_hours_per_day": "8",
        "age": "42",
        "experience": "beginner",
    }
    return {**data, **changes}


def onboard(client: TestClient, **changes: Any) -> Any:
    token = csrf_of(client.get("/onboarding").text)
    return client.post("/onboarding", data={"csrf_token": token, **answers(**changes)}, follow_redirects=False)


def first_session_date(container: Container, email: str = "ann@example.com") -> str:
    """The date of the first planned session of this person's programme."""
    with container.uow() as uow:
        person_id = uow.accounts.by_email(email).person_id
    overview = programme(container.uow(), container.library, person_id=person_id, today=date.today())
    return overview.weeks[0].sessions[0].date.isoformat()


def workout_form(page: str, *, reps: str = "12", pain: str = "1", felt: str = "glutes") -> dict[str, Any]:
    """Fill every set of the no-JavaScript player with `reps`, like a person working down the page."""
    data: dict[str, Any] = {"csrf_token": csrf_of(page)}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page):
        data.setdefault(name, value)
    for name in re.findall(r'name="(ex\d+_s\d+_reps)"', page):
        data[name] = reps
    for name in re.findall(r'name="(ex\d+_s\d+_rir)"', page):
        data[name] = "3"
    for index in set(re.findall(r'name="ex(\d+)_pain"', page)):
        data[f"ex{index}_pain"] = pain
        data[f"ex{index}_felt"] = [felt]
    return data


def test_a_new_person_signs_up_onboards_trains_checks_in_and_sees_progress(
    browser: TestClient, container: Container
) -> None:
    """The whole loop with plain form posts: sign up, questionnaire, today, workout, summary, check-in, progress."""
    sign_up(browser)
    onboarding = browser.get("/onboarding").text
    assert "A few safety questions" in onboarding
    assert 'id="flag-bladder_control"' in onboarding

    done = onboard(browser)
    assert done.status_code == 303
    assert done.headers["location"] == "/welcome"

    day = first_session_date(container)
    today = browser.get("/today", params={"date": day})
    assert today.status_code == 200
    assert 'id="start-workout"' in today.text
    assert today.text.count('class="item" data-exercise-id=') >= 3
    assert 'class="reason"' in today.text and "glutes" in today.text

    player = browser.get("/workout", params={"date": day})
    assert player.status_code == 200
    assert 'id="rest-timer"' in player.text and "data-seconds=" in player.text
    posted = browser.post("/workout", data=workout_form(player.text), follow_redirects=False)
    assert posted.status_code == 303
    summary_url = posted.headers["location"]
    assert re.fullmatch(r"/workout/summary/\d+", summary_url)

    assert 'id="session-logged"' in browser.get("/today", params={"date": day}).text

    summary = browser.get(summary_url)
    assert summary.status_code == 200
    assert "What changes next time, and why" in summary.text
    assert "data-change-exercise=" in summary.text
    assert 'class="reason"' in summary.text

    next_morning = (date.fromisoformat(day) + timedelta(days=1)).isoformat()
    token = csrf_of(browser.get("/today").text)
    checked = browser.post("/checkin", data={"csrf_token": token, "pain": "2", "date": next_morning})
    assert checked.status_code == 200
    assert "We saved your pain" in checked.text

    progress = browser.get("/progress", params={"date": next_morning})  # the analysis reads up to its day
    assert progress.status_code == 200
    assert 'id="pain-chart"' in progress.text and 'id="sessions-chart"' in progress.text
    assert 'data-sessions-total="1"' in progress.text
    assert 'id="pain-table"' in progress.text

    program = browser.get("/program")
    assert program.status_code == 200
    assert "Week 1" in program.text and "Phase 1" in program.text


def test_invalid_answers_are_shown_next_to_their_fields_and_the_answers_are_kept(browser: TestClient) -> None:
    """Age in words and five-minute sessions: 422, each message by its field, every answer still filled in."""
    sign_up(browser)
    answer = onboard(browser, age="forty", minutes_per_session="5", sitting_hours_per_day="7.5")
    assert answer.status_code == 422
    page = answer.text
    assert 'id="age-error"' in page and 'aria-describedby="age-error"' in page
    assert 'id="minutes_per_session-error"' in page
    assert 'value="forty"' in page
    assert 'value="7.5"' in page
    assert 'id="goal-posture" name="goals" value="posture" checked' in page
    assert browser.get("/today").text.count("data-exercise-id") == 0


def test_a_red_flag_ends_at_the_referral_page_with_no_exercises(browser: TestClient) -> None:
    """Numbness in the saddle area: the referral page says why and what to do now, and shows no exercise."""
    sign_up(browser)
    answer = onboard(browser, red_flags=["saddle_numbness"])
    assert answer.status_code == 303
    assert answer.headers["location"] == "/referral"
    page = browser.get("/referral").text
    assert "cauda equina" in page
    assert 'data-urgency="emergency"' in page
    assert "ambulance" in page
    assert "data-exercise-id" not in page
    assert browser.get("/today", follow_redirects=False).headers["location"] == "/referral"
    assert browser.get("/workout", follow_redirects=False).headers["location"] == "/referral"


def test_a_caution_answer_still_gives_a_programme(browser: TestClient) -> None:
    """Symptoms below the knee are a caution, not a referral: the person lands on the welcome page."""
    sign_up(browser)
    answer = onboard(browser, red_flags=["symptoms_below_knee"])
    assert answer.headers["location"] == "/welcome"


@pytest.mark.parametrize("path", ["/onboarding", "/workout", "/checkin", "/logout"])
def test_a_form_post_without_the_csrf_token_is_refused(browser: TestClient, path: str) -> None:
    """Every page form needs the session's CSRF token."""
    sign_up(browser)
    answer = browser.post(path, data={"pain": "2", **answers()}, follow_redirects=False)
    assert answer.status_code == 403


@pytest.mark.parametrize(
    "path",
    ["/today", "/onboarding", "/referral", "/workout", "/workout/summary/1", "/program", "/progress", "/exercises"],
)
def test_signed_out_pages_redirect_to_sign_in(browser: TestClient, path: str) -> None:
    """A signed-out visitor is sent to the sign-in page, which brings them back afterwards."""
    answer = browser.get(path, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/login?next={path}"


def test_person_b_cannot_see_person_a_workout_summary(app: FastAPI, container: Container) -> None:
    """A summary belongs to the person who logged it; to anyone else it does not exist."""
    with TestClient(app) as ann, TestClient(app) as bob:
        sign_up(ann, "ann@example.com")
        onboard(ann)
        day = first_session_date(container)
        player = ann.get("/workout", params={"date": day}).text
        url = ann.post("/workout", data=workout_form(player), follow_redirects=False).headers["location"]
        assert ann.get(url).status_code == 200

        sign_up(bob, "bob@example.com")
        onboard(bob)
        answer = bob.get(url)
        assert answer.status_code == 404
        assert "data-change-exercise" not in answer.text
        assert bob.get("/workout/summary/not-a-number").status_code == 404


def test_a_workout_with_a_bad_number_keeps_what_was_typed(browser: TestClient, container: Container) -> None:
    """Reps typed as words: 422, the message by that set, the other sets still filled in, nothing stored."""
    sign_up(browser)
    onboard(browser)
    day = first_session_date(container)
    player = browser.get("/workout", params={"date": day}).text
    data = workout_form(player)
    data["ex0_s0_reps"] = "lots"
    answer = browser.post("/workout", data=data)
    assert answer.status_code == 422
    assert 'id="ex0_s0_reps-error"' in answer.text
    assert 'value="lots"' in answer.text
    assert "0 sessions" in browser.get("/progress").text or "No sessions logged yet" in browser.get("/progress").text


def test_an_empty_workout_asks_for_at_least_one_set(browser: TestClient, container: Container) -> None:
    """Saving with no set filled in stores nothing and says what to do."""
    sign_up(browser)
    onboard(browser)
    day = first_session_date(container)
    player = browser.get("/workout", params={"date": day}).text
    answer = browser.post("/workout", data=workout_form(player, reps=""))
    assert answer.status_code == 422
    assert "Nothing to save yet" in answer.text


def test_the_player_carries_the_rest_timer_hooks_and_the_fast_switch(browser: TestClient, container: Container) -> None:
    """The countdown has id rest-timer with its seconds; ?fast=1 marks it for the 20x test speed."""
    sign_up(browser)
    onboard(browser)
    day = first_session_date(container)
    page = browser.get("/workout", params={"date": day, "fast": "1"}).text
    assert re.search(r'id="rest-timer" role="timer" data-seconds="\d+" data-done="false"\s+data-test-fast="1"', page)
    assert 'aria-live="assertive"' in page
    assert 'data-action="set-done"' in page
    assert 'id="workout-submit"' in page
    assert "data-test-fast" not in browser.get("/workout", params={"date": day}).text


def test_today_without_a_programme_points_to_the_questionnaire(browser: TestClient) -> None:
    """Signed up but not onboarded: today links to the questions, and progress and programme say so kindly."""
    sign_up(browser)
    assert 'id="start-onboarding"' in browser.get("/today").text
    assert 'href="/onboarding"' in browser.get("/program").text
    assert 'href="/onboarding"' in browser.get("/progress").text


def test_the_check_in_answers_htmx_with_just_the_card(browser: TestClient) -> None:
    """With HX-Request the check-in returns the card alone (htmx swaps it in); a bad value is refused kindly."""
    sign_up(browser)
    onboard(browser)
    token = csrf_of(browser.get("/today").text)
    answer = browser.post("/checkin", data={"csrf_token": token, "pain": "3"}, headers={"HX-Request": "true"})
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith('<section class="card" id="checkin"')
    bad = browser.post("/checkin", data={"csrf_token": token, "pain": "11"})
    assert bad.status_code == 422
    assert "from 0 (no pain) to 10" in bad.text


def test_the_library_filters_and_answers_htmx_with_only_the_results(browser: TestClient) -> None:
    """Side-glute exercises that need nothing: the whole page without htmx, the results list alone with it."""
    sign_up(browser)
    params = {"pattern": "hip_abduction", "only_owned": "1", "max_level": "2"}
    full = browser.get("/exercises", params=params)
    assert full.status_code == 200 and "<html" in full.text
    assert 'data-exercise-id="side_lying_hip_abduction"' in full.text
    assert 'data-exercise-id="hip_thrust"' not in full.text
    partial = browser.get("/exercises", params=params, headers={"HX-Request": "true"})
    assert "<html" not in partial.text
    assert partial.text.lstrip().startswith('<section id="exercise-results"')
    everything = browser.get("/exercises").text
    assert 'data-exercise-id="hip_thrust"' in everything


def test_an_exercise_page_shows_how_to_cues_and_each_emg_figure_with_its_source(browser: TestClient) -> None:
    """Hip thrust: how to, cues, fault fixes, muscles, EMG rows and the cited sources; an unknown id is 404."""
    sign_up(browser)
    page = browser.get("/exercises/hip_thrust")
    assert page.status_code == 200
    for heading in ("How to do it", "Cues", "Not feeling it in your glutes?", "Muscles", "Sources"):
        assert heading in page.text
    assert "data-emg-id=" in page.text and "% MVIC" in page.text
    assert 'id="source-' in page.text
    assert browser.get("/exercises/no_such_thing").status_code == 404


def test_every_page_form_carries_the_csrf_field(browser: TestClient, container: Container) -> None:
    """Each <form method="post"> on the signed-in pages has the hidden CSRF field."""
    sign_up(browser)
    onboard(browser)
    day = first_session_date(container)
    for path in ("/onboarding", f"/today?date={day}", f"/workout?date={day}", "/program", "/progress", "/exercises"):
        page = browser.get(path).text
        forms = re.findall(r'<form method="post".*?</form>', page, flags=re.S)
        assert forms, path
        assert all('name="csrf_token"' in form for form in forms), path


def test_progress_sums_up_the_pain_trend_in_words(browser: TestClient) -> None:
    """Two check-ins two weeks apart: one sentence from the start's pain to the latest week's mean (3/10), with the
    chart and its table; no second summary that counts from the first check-in instead."""
    sign_up(browser)
    onboard(browser)
    token = csrf_of(browser.get("/today").text)
    start = date.today()
    for offset, pain in ((0, 5), (14, 3)):
        day = (start + timedelta(days=offset)).isoformat()
        assert browser.post("/checkin", data={"csrf_token": token, "pain": str(pain), "date": day}).status_code == 200
    page = browser.get("/progress", params={"date": (start + timedelta(days=14)).isoformat()}).text
    assert "to 3/10 in your latest week of check-ins" in page
    assert "→ 3 over 2 weeks" not in page
    assert page.count('class="dot"') == 2 * 2  # a dot on each of the two mornings, in the narrow and the wide drawing
    assert "<td>5</td>" in page and "<td>3</td>" in page


def test_the_player_asks_people_with_leg_symptoms_whether_they_spread_and_the_summary_warns(
    browser: TestClient, container: Container
) -> None:
    """Symptoms below the knee at onboarding: the player asks whether the leg symptoms spread; 'yes' is stored and
    the summary says to ease off and when to get help. A person without leg symptoms is never asked."""
    sign_up(browser)
    assert onboard(browser, red_flags=["symptoms_below_knee"]).status_code == 303
    day = first_session_date(container)
    player = browser.get("/workout", params={"date": day})
    assert 'id="leg-symptoms"' in player.text
    posted = browser.post(
        "/workout", data={**workout_form(player.text), "leg_symptoms_spread": "yes"}, follow_redirects=False
    )
    assert posted.status_code == 303
    summary = browser.get(posted.headers["location"])
    assert "spread further down your leg" in summary.text

    browser.cookies.clear()
    sign_up(browser, "bea@example.com")
    assert onboard(browser).status_code == 303
    other = browser.get("/workout", params={"date": first_session_date(container, "bea@example.com")})
    assert 'id="leg-symptoms"' not in other.text


def test_the_morning_check_in_takes_soreness_apart_from_pain(browser: TestClient, container: Container) -> None:
    """The check-in form has a soreness scale; pain 0 and soreness 5 are both saved and shown, nothing eased."""
    sign_up(browser)
    onboard(browser)
    page = browser.get("/today").text
    assert 'name="soreness"' in page
    checked = browser.post("/checkin", data={"csrf_token": csrf_of(page), "pain": "0", "soreness": "5"})
    assert checked.status_code == 200
    assert "0/10, soreness 5/10" in checked.text and 'id="checkin-nochange"' in checked.text
    bad = browser.post("/checkin", data={"csrf_token": csrf_of(page), "pain": "0", "soreness": "12"})
    assert bad.status_code == 422 and "soreness" in bad.text
