"""The welcome after the questionnaire: the new programme in short (phases, sessions a week, the first session and
what it holds, cautions, how to log and check in); goals cannot be skipped."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from gluterx.bootstrap import Container
from gluterx.services.welcome import welcome

from .test_pages import app, browser, container, csrf_of, onboard, sign_up  # noqa: F401  (fixtures)


def test_onboarding_leads_to_a_welcome_that_summarises_the_programme(
    browser: TestClient,  # noqa: F811
    container: Container,  # noqa: F811
) -> None:
    sign_up(browser)
    done = onboard(browser, red_flags=["symptoms_below_knee"])
    assert done.status_code == 303 and done.headers["location"] == "/welcome"
    page = browser.get("/welcome")
    assert page.status_code == 200
    text = page.text
    summary = welcome(container.uow(), container.library, person_id=1, today=date.today())
    assert f"Your programme runs for {summary.weeks_total} weeks" in text
    assert f"Each week has {summary.glute_sessions_per_week} glute" in text
    for phase in summary.phases:
        assert phase.name.replace("&", "&amp;") in text
    assert summary.first_session is not None
    assert 'id="welcome-first"' in text
    for item in summary.first_session.items:
        assert f'href="/exercises/{item.exercise_id}">{item.name}</a>' in text
    assert summary.cautions, "symptoms below the knee is a caution"
    assert 'id="welcome-cautions"' in text
    assert "Start workout" in text and "next morning" in text
    assert 'id="welcome-continue" href="/today"' in text


def test_welcome_without_a_programme_goes_to_the_questionnaire(browser: TestClient) -> None:  # noqa: F811
    sign_up(browser)
    answer = browser.get("/welcome", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/onboarding"


def test_a_red_flag_goes_to_the_referral_not_the_welcome(browser: TestClient) -> None:  # noqa: F811
    sign_up(browser)
    assert onboard(browser, red_flags=["bladder_control"]).headers["location"] == "/referral"
    assert browser.get("/welcome", follow_redirects=False).headers["location"] == "/referral"


def test_goals_cannot_be_skipped_with_nothing_ticked(browser: TestClient) -> None:  # noqa: F811
    sign_up(browser)
    answer = onboard(browser, goals=[])
    assert answer.status_code == 422
    assert "please choose at least one goal" in answer.text.lower()
    assert 'href="#step-goals"' in answer.text  # the error summary links to the goals step
    assert browser.get("/welcome", follow_redirects=False).headers["location"] == "/onboarding"  # nothing stored


def test_the_welcome_says_what_a_health_condition_changes(browser: TestClient) -> None:  # noqa: F811
    sign_up(browser)
    assert onboard(browser, conditions=["osteoporosis"]).headers["location"] == "/welcome"
    text = browser.get("/welcome").text
    assert 'id="precautions"' in text and "Because of your health" in text
