"""The Profile & settings page, as a browser without JavaScript drives it: change answers (re-planned from the next
session), units, training days, email, download everything, delete the account."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from gluterx.bootstrap import Container
from gluterx.services import settings as settings_service
from tests.adapters.web.test_pages import PASSWORD, answers, app, browser, container, csrf_of, onboard, sign_up

__all__ = ["app", "browser", "container"]  # the fixtures, used by name


def _person_id(container: Container, email: str = "ann@example.com") -> int:
    with container.uow() as uow:
        found = uow.accounts.by_email(email)
        assert found is not None
        return found.person_id


def _started(browser: TestClient) -> None:
    sign_up(browser)
    assert onboard(browser).headers["location"] == "/welcome"


def test_the_page_is_in_the_nav_and_shows_the_answers(browser: TestClient) -> None:
    _started(browser)
    page = browser.get("/profile")
    assert page.status_code == 200
    assert '<a href="/profile" aria-current="page">Profile</a>' in page.text
    assert "Mini band (a small loop band)" in page.text and 'id="answers-minutes">30<' in page.text
    assert "mini_band" not in page.text.replace('value="mini_band"', "")  # no internal id shown as words


def test_changing_answers_replans_and_says_from_when(browser: TestClient, container: Container) -> None:
    _started(browser)
    changed = onboard(browser, minutes_per_session="15")
    assert changed.status_code == 303 and changed.headers["location"].startswith("/profile?saved=answers&replanned=")
    page = browser.get(changed.headers["location"])
    assert "Your plan is made again from" in page.text and 'id="answers-minutes">15<' in page.text
    person_id = _person_id(container)
    with container.uow() as uow:
        assert [p.version for p in uow.profiles.all(person_id)] == [1, 2]
        assert len(uow.programs.all(person_id)) == 1  # the same programme, re-planned


def test_a_red_flag_on_change_routes_to_the_referral(browser: TestClient) -> None:
    _started(browser)
    assert onboard(browser, red_flags=["bladder_control"]).headers["location"] == "/referral"


def test_settings_switch_to_lb_and_days(browser: TestClient, container: Container) -> None:
    _started(browser)
    token = csrf_of(browser.get("/profile").text)
    saved = browser.post(
        "/profile/settings",
        data={"csrf_token": token, "unit": "lb", "body_mass": "165", "training_days": ["2", "4", "6"],
              "training_time": "07:30", "time_zone": "Europe/London"},
    )  # fmt: skip
    assert saved.status_code == 200 and "saved=settings" in str(saved.url), saved.text
    assert "Your settings are saved." in saved.text and "fall on the days you chose" in saved.text
    assert "Your body mass in lb" in saved.text and 'value="165.0"' in saved.text
    mine = settings_service.settings_of(container.uow(), person_id=_person_id(container))
    assert (mine.unit, mine.training_days, mine.time_zone) == ("lb", (2, 4, 6), "Europe/London")
    ics = browser.get("/progress/calendar.ics").text
    assert "TZID=Europe/London" in ics and "T073000" in ics and "BEGIN:VTIMEZONE" in ics


def test_bad_settings_are_shown_beside_their_fields(browser: TestClient, container: Container) -> None:
    _started(browser)
    token = csrf_of(browser.get("/profile").text)
    bad = browser.post(
        "/profile/settings",
        data={"csrf_token": token, "unit": "kg", "training_days": ["1"], "time_zone": "Nowhere/Else"},
    )
    assert bad.status_code == 422
    assert 'id="training_days-error"' in bad.text and "choose 3 days" in bad.text
    assert 'id="time_zone-error"' in bad.text and "Nowhere/Else" in bad.text
    assert settings_service.settings_of(container.uow(), person_id=_person_id(container)).training_days == ()


def test_change_email_needs_the_password(browser: TestClient) -> None:
    _started(browser)
    token = csrf_of(browser.get("/profile").text)
    wrong = browser.post("/profile/email", data={"csrf_token": token, "email": "new@example.com",
                                                 "current_password": "nope"})  # fmt: skip
    assert wrong.status_code == 422 and 'id="email_current_password-error"' in wrong.text
    done = browser.post("/profile/email", data={"csrf_token": token, "email": "New@Example.com",
                                                "current_password": PASSWORD})  # fmt: skip
    assert done.status_code == 200 and "Your email is changed" in done.text and "new@example.com" in done.text


def test_download_everything_is_this_persons_backup(browser: TestClient) -> None:
    _started(browser)
    got = browser.get("/profile/export.json")
    assert got.status_code == 200 and "attachment" in got.headers["content-disposition"]
    data = json.loads(got.content)
    assert data["format"] and len(data["people"]) == 1 and data["people"][0]["profiles"]


def test_delete_account_needs_the_email_typed_and_then_everything_is_gone(
    browser: TestClient, container: Container
) -> None:
    _started(browser)
    sign_up_other = TestClient(browser.app)
    sign_up(sign_up_other, "bob@example.com")
    token = csrf_of(browser.get("/profile").text)
    refused = browser.post(
        "/profile/delete", data={"csrf_token": token, "confirm_email": "someone@example.com", "password": PASSWORD}
    )
    assert refused.status_code == 422 and 'id="delete_confirm_email-error"' in refused.text
    person_id = _person_id(container)
    gone = browser.post(
        "/profile/delete",
        data={"csrf_token": token, "confirm_email": "ann@example.com", "password": PASSWORD},
        follow_redirects=False,
    )
    assert gone.status_code == 303 and gone.headers["location"] == "/goodbye"
    assert "Your account is deleted" in browser.get("/goodbye").text
    assert browser.get("/profile", follow_redirects=False).status_code in (302, 303)
    with container.uow() as uow:
        assert uow.people.get(person_id) is None and uow.accounts.by_email("ann@example.com") is None
        assert uow.accounts.by_email("bob@example.com") is not None
    assert answers  # the questionnaire helper stays importable


def test_the_player_shows_and_takes_weights_in_lb(container: Container) -> None:
    """A weighted item: its dose says lb; a weight typed in lb is stored in kg (the form says its unit)."""
    from starlette.datastructures import FormData

    from gluterx.adapters.web.pages.workout import parse_workout, player_exercises
    from gluterx.domain.dose import Dose, Load, RepRange
    from gluterx.domain.said import Reason
    from gluterx.domain.units import MassUnit
    from gluterx.services.today import SessionItem

    item = SessionItem(
        "dumbbell_hip_thrust", "Dumbbell hip thrust", Dose(3, RepRange(8, 12), Load.of_kg(20)), Reason(), False
    )
    (shown,) = player_exercises([item], container.library, MassUnit.LB)
    assert shown["load"] == "44.1 lb" and shown["weights"]
    form = FormData([("n", "1"), ("unit", "lb"), ("ex0_id", "dumbbell_hip_thrust"), ("ex0_s0_reps", "10"),
                     ("ex0_s0_load", "44.1"), ("ex0_pain", "1")])  # fmt: skip
    session, _, errors = parse_workout(form)
    assert not errors and abs(session["exercises"][0]["sets"][0]["load_kg"] - 20.003) < 0.01
    kg_form = FormData([("n", "1"), ("ex0_id", "dumbbell_hip_thrust"), ("ex0_s0_reps", "10"), ("ex0_s0_load", "20")])
    assert parse_workout(kg_form)[0]["exercises"][0]["sets"][0]["load_kg"] == 20.0  # no unit said: kg, as before


def test_the_questionnaire_asks_body_mass_in_the_persons_unit(browser: TestClient, container: Container) -> None:
    _started(browser)
    token = csrf_of(browser.get("/profile").text)
    browser.post("/profile/settings", data={"csrf_token": token, "unit": "lb", "body_mass": "176.4"})
    form = browser.get("/onboarding").text
    assert "Your weight in lb" in form and 'value="176.4"' in form
    assert onboard(browser, body_mass_kg="200", mass_unit="lb").status_code == 303
    person_id = _person_id(container)
    with container.uow() as uow:
        latest = uow.profiles.latest(person_id)
    assert latest is not None and abs(latest.data["body_mass_kg"] - 90.718) < 0.01
