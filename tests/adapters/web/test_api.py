"""The JSON API under /api/v1: every endpoint's success, bad input, sign-in, and that people see only their own data."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gluterx.adapters.web.security import CSRF_FIELD, CSRF_HEADER
from gluterx.domain.exercise import Library

from .conftest import PASSWORD, START, Person, make_profile, make_session

Start = Callable[..., dict[str, Any]]
TODAY_FIELDS = {"date", "week", "day", "rest_day", "next_session_date", "items", "alerts", "precautions"}
ITEM_FIELDS = {"exercise_id", "sets", "reps", "load", "rest_s", "reason", "caution", "supported_option"}
PROTECTED = [
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/profile"),
    ("PUT", "/api/v1/profile"),
    ("POST", "/api/v1/screening"),
    ("GET", "/api/v1/program"),
    ("GET", "/api/v1/today"),
    ("POST", "/api/v1/sessions"),
    ("GET", "/api/v1/sessions"),
    ("GET", "/api/v1/sessions/1"),
    ("POST", "/api/v1/checkins"),
    ("GET", "/api/v1/checkins"),
    ("GET", "/api/v1/auth/tokens"),
    ("POST", "/api/v1/auth/tokens"),
    ("DELETE", "/api/v1/auth/tokens/1"),
    ("GET", "/api/v1/auth/sessions"),
    ("DELETE", "/api/v1/auth/sessions/1"),
    ("POST", "/api/v1/auth/signout-everywhere"),
    ("POST", "/api/v1/auth/password"),
]


def fields(response: Any) -> set[str]:
    """The field names of a JSON error response's details."""
    return {d["field"] for d in response.json()["detail"]}


def today(client: TestClient, person: Person, day: str = START) -> dict[str, Any]:
    response = client.get("/api/v1/today", params={"date": day}, headers=person.headers)
    assert response.status_code == 200, response.text
    view: dict[str, Any] = response.json()
    return view


def log(client: TestClient, person: Person, day: str = START, **session: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v1/sessions", json=make_session(today(client, person, day), **session), headers=person.headers
    )
    assert response.status_code == 201, response.text
    logged: dict[str, Any] = response.json()
    return logged


# ------------------------------------------------------------------------------------------------ the whole loop


def test_a_new_person_goes_from_sign_up_to_a_logged_session_through_the_api(client: TestClient) -> None:
    """signup -> token -> PUT /profile -> GET /today -> POST /sessions -> POST /checkins -> GET /sessions."""
    assert (
        client.post("/api/v1/auth/signup", json={"email": "new@example.com", "password": PASSWORD}).status_code == 202
    )
    token = client.post("/api/v1/auth/token", json={"email": "new@example.com", "password": PASSWORD}).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    saved = client.put("/api/v1/profile", params={"start_date": START}, json=make_profile(), headers=auth)
    assert saved.status_code == 200
    assert saved.json()["status"] == "ok"
    view = client.get("/api/v1/today", params={"date": START}, headers=auth).json()
    assert not view["rest_day"] and view["items"]
    logged = client.post("/api/v1/sessions", json=make_session(view, notes="felt good"), headers=auth)
    assert logged.status_code == 201
    assert logged.json()["changes"]
    checked = client.post("/api/v1/checkins", json={"pain": 2, "date": "2026-11-24"}, headers=auth)
    assert checked.status_code == 200
    history = client.get("/api/v1/sessions", headers=auth).json()
    assert [(s["id"], s["date"], s["notes"]) for s in history] == [(logged.json()["session_id"], START, "felt good")]
    assert client.get("/api/v1/checkins", headers=auth).json() == [{"date": "2026-11-24", "pain": 2}]


# ------------------------------------------------------------------------------------------------ signing in


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_every_personal_endpoint_refuses_a_caller_who_is_not_signed_in(
    client: TestClient, method: str, path: str
) -> None:
    """No token and no session: 401 as JSON, asking for a bearer token."""
    response = client.request(method, path, json={})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert "sign in" in response.json()["detail"][0]["message"]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_a_made_up_token_is_refused(client: TestClient, method: str, path: str) -> None:
    """A bearer token that was never issued is the same as none."""
    response = client.request(method, path, json={}, headers={"Authorization": "Bearer glx_not-a-real-token"})
    assert response.status_code == 401


def test_sign_up_creates_an_account_and_its_person(client: TestClient) -> None:
    """202; signing in then gives the account, its person and the default role."""
    response = client.post(
        "/api/v1/auth/signup", json={"email": "Sam@Example.com", "password": PASSWORD, "display_name": "Sam"}
    )
    assert response.status_code == 202
    token = client.post("/api/v1/auth/token", json={"email": "sam@example.com", "password": PASSWORD}).json()["token"]
    body = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert (body["email"], body["display_name"], body["role"]) == ("sam@example.com", "Sam", "person")


def test_sign_up_with_a_bad_email_and_short_password_names_both_fields(client: TestClient) -> None:
    """A password under 10 characters fails the body check; a bad email fails the service's; both say the field."""
    short = client.post("/api/v1/auth/signup", json={"email": "x@example.com", "password": "short"})
    assert short.status_code == 422
    assert fields(short) == {"password"}
    bad_email = client.post("/api/v1/auth/signup", json={"email": "not-an-email", "password": PASSWORD})
    assert bad_email.status_code == 422
    assert fields(bad_email) == {"email"}


def test_signing_up_twice_with_one_email_answers_as_the_first_time(client: TestClient, a: Person) -> None:
    """The same 202 and body as a new email (whether an email is registered is not told), and nothing is made."""
    again = client.post("/api/v1/auth/signup", json={"email": a.email, "password": "a different passphrase 7"})
    new = client.post("/api/v1/auth/signup", json={"email": "new@example.com", "password": PASSWORD})
    assert (again.status_code, again.json()) == (new.status_code, new.json()) == (202, new.json())
    refused = client.post("/api/v1/auth/token", json={"email": a.email, "password": "a different passphrase 7"})
    assert refused.status_code == 401  # the existing account kept its password


def test_a_token_needs_the_right_password(client: TestClient, a: Person) -> None:
    """Wrong password: 401; a missing field: 422; the right one: a glx_ token."""
    wrong = client.post("/api/v1/auth/token", json={"email": a.email, "password": "wrong password!"})
    assert wrong.status_code == 401
    assert client.post("/api/v1/auth/token", json={"email": a.email}).status_code == 422
    right = client.post("/api/v1/auth/token", json={"email": a.email, "password": PASSWORD})
    assert right.json()["token"].startswith("glx_")


def test_me_says_whose_token_it_is(client: TestClient, a: Person, b: Person) -> None:
    """Each token answers for its own person."""
    assert client.get("/api/v1/me", headers=a.headers).json()["person_id"] == a.person_id
    assert client.get("/api/v1/me", headers=b.headers).json()["person_id"] == b.person_id


def _signed_in_browser(client: TestClient, person: Person) -> str:
    """Sign in through the page form as a browser does; returns the new session's CSRF token."""
    pattern = rf'name="{CSRF_FIELD}" value="([^"]+)"'
    form = re.search(pattern, client.get("/login").text)
    assert form is not None
    fields = {CSRF_FIELD: form.group(1), "email": person.email, "password": PASSWORD, "next": "/"}
    assert client.post("/login", data=fields, follow_redirects=False).status_code == 303
    fresh = re.search(pattern, client.get("/login").text)  # signing in starts a fresh session and token
    assert fresh is not None
    return fresh.group(1)


def test_a_browser_session_cannot_change_anything_without_the_csrf_header(client: TestClient, a: Person) -> None:
    """The session cookie alone reads (200) but cannot POST or PUT (403); with the X-CSRF-Token header it can."""
    token = _signed_in_browser(client, a)
    assert client.get("/api/v1/me").json()["person_id"] == a.person_id
    assert client.put("/api/v1/profile", json=make_profile()).status_code == 403
    assert client.put("/api/v1/profile", json=make_profile(), headers={CSRF_HEADER: "forged"}).status_code == 403
    assert client.post("/api/v1/checkins", json={"pain": 1}).status_code == 403
    assert client.get("/api/v1/profile").status_code == 404  # nothing was stored
    assert client.put("/api/v1/profile", json=make_profile(), headers={CSRF_HEADER: token}).status_code == 200
    assert client.post("/api/v1/checkins", json={"pain": 1}, headers={CSRF_HEADER: token}).status_code == 200


# ------------------------------------------------------------------------------------------------ profile


def test_profile_is_404_until_one_is_sent(client: TestClient, a: Person) -> None:
    """GET /profile before PUT: 404 saying what to send."""
    response = client.get("/api/v1/profile", headers=a.headers)
    assert response.status_code == 404
    assert "PUT /api/v1/profile" in response.json()["detail"][0]["message"]


def test_putting_a_profile_stores_it_and_makes_the_programme(client: TestClient, a: Person) -> None:
    """PUT returns the stored profile, its version and the programme's start; GET gives the profile back."""
    response = client.put("/api/v1/profile", params={"start_date": START}, json=make_profile(), headers=a.headers)
    assert response.status_code == 200
    saved = response.json()
    assert (saved["status"], saved["profile_version"], saved["start"], saved["weeks"]) == ("ok", 1, START, 12)
    assert saved["first_session_date"] == START
    stored = client.get("/api/v1/profile", headers=a.headers).json()
    assert stored == saved["profile"]
    assert (stored["age"], stored["equipment"], stored["pain"][0]["region"]) == (45, ["mini_band"], "knee")
    program = client.get("/api/v1/program", headers=a.headers).json()
    assert program["start"] == START and len(program["weeks"]) == 12


def test_putting_a_changed_profile_adds_a_version_and_replaces_the_programme(
    client: TestClient, a: Person, started: Start
) -> None:
    """The second PUT is version 2; the programme now follows it (two sessions a week, 8 weeks)."""
    started(a)
    again = started(a, sessions_per_week=2, weeks=8)
    assert again["profile_version"] == 2
    program = client.get("/api/v1/program", headers=a.headers).json()
    assert len(program["weeks"]) == 8
    assert client.get("/api/v1/profile", headers=a.headers).json()["sessions_per_week"] == 2


def test_a_bad_profile_gets_one_detail_per_field_and_stores_nothing(client: TestClient, a: Person) -> None:
    """Age 12, pain 11 and an unknown field: 422 naming each field; no profile, no programme."""
    bad = make_profile(age=12, pain=[{"region": "knee", "intensity": 11}], colour="blue")
    response = client.put("/api/v1/profile", json=bad, headers=a.headers)
    assert response.status_code == 422
    assert fields(response) == {"age", "pain.0.intensity", "colour"}
    assert all(d["message"] for d in response.json()["detail"])
    assert client.get("/api/v1/profile", headers=a.headers).status_code == 404
    assert client.get("/api/v1/program", headers=a.headers).status_code == 404


def test_a_profile_that_is_not_an_object_or_has_a_bad_start_date_is_refused(client: TestClient, a: Person) -> None:
    """A JSON list body and start_date=tomorrow are both 422 as JSON, never a traceback."""
    listed = client.put("/api/v1/profile", json=[make_profile()], headers=a.headers)
    assert listed.status_code == 422
    dated = client.put("/api/v1/profile", params={"start_date": "tomorrow"}, json=make_profile(), headers=a.headers)
    assert dated.status_code == 422
    assert fields(dated) == {"query.start_date"}
    broken = client.put(
        "/api/v1/profile", content=b"{not json", headers={**a.headers, "Content-Type": "application/json"}
    )
    assert broken.status_code == 422
    assert "Traceback" not in broken.text


def test_a_red_flag_profile_gets_a_referral_not_a_programme(client: TestClient, a: Person, started: Start) -> None:
    """Bladder-control change: status referral with urgency and action; no weeks; today says see a clinician."""
    saved = started(a, red_flags=["bladder_control"])
    assert saved["status"] == "referral"
    assert saved["referral"]["urgency"] == "emergency" and saved["referral"]["action"]
    program = client.get("/api/v1/program", headers=a.headers).json()
    assert (program["status"], program["weeks"]) == ("referral", [])
    assert program["referral"]["reasons"]
    view = today(client, a)
    assert view["items"] == []
    assert view["alerts"][0]["level"] == "critical"


def test_one_persons_profile_is_not_anothers(client: TestClient, a: Person, b: Person, started: Start) -> None:
    """B cannot read A's profile, and B's PUT changes only B's."""
    started(a, age=45)
    assert client.get("/api/v1/profile", headers=b.headers).status_code == 404
    started(b, age=70)
    assert client.get("/api/v1/profile", headers=a.headers).json()["age"] == 45
    assert client.get("/api/v1/profile", headers=b.headers).json()["age"] == 70


# ------------------------------------------------------------------------------------------------ screening


def test_screening_a_profile_says_what_to_take_care_with_and_stores_nothing(client: TestClient, a: Person) -> None:
    """Knee pain 6/10: ok, with a knee-flexion contraindication; no profile is stored."""
    response = client.post(
        "/api/v1/screening", json=make_profile(pain=[{"region": "knee", "intensity": 6}]), headers=a.headers
    )
    assert response.status_code == 200
    view = response.json()
    assert (view["status"], view["referral"]) == ("ok", None)
    assert "knee_flexion_load" in {c["attribute"] for c in view["contraindications"]}
    assert client.get("/api/v1/profile", headers=a.headers).status_code == 404


def test_screening_a_red_flag_gives_the_referral_with_urgency_and_action(client: TestClient, a: Person) -> None:
    """Saddle numbness: referral, emergency, with a reason and what to do now."""
    response = client.post("/api/v1/screening", json=make_profile(red_flags=["saddle_numbness"]), headers=a.headers)
    referral = response.json()["referral"]
    assert response.json()["status"] == "referral"
    assert referral["urgency"] == "emergency" and referral["reasons"] and referral["action"]


def test_screening_an_unknown_flag_names_the_field(client: TestClient, a: Person) -> None:
    """An unknown red-flag id: 422 on red_flags."""
    response = client.post("/api/v1/screening", json=make_profile(red_flags=["dragon_bite"]), headers=a.headers)
    assert response.status_code == 422
    assert fields(response) == {"red_flags"}


def test_the_screening_questions_are_public(client: TestClient) -> None:
    """GET /screening/flags without signing in lists every flag id with its question."""
    response = client.get("/api/v1/screening/flags")
    assert response.status_code == 200
    flags = {f["id"]: f for f in response.json()}
    assert flags["bladder_control"]["kind"] == "referral" and flags["bladder_control"]["question"]
    assert flags["pregnancy"]["kind"] == "caution" and flags["pregnancy"]["urgency"] is None


# ------------------------------------------------------------------------------------------------ programme


def test_the_programme_has_the_plan_contract_shape(client: TestClient, a: Person, started: Start) -> None:
    """Weeks 1..12, each with its phase and sessions whose items carry exactly the contract fields."""
    started(a)
    response = client.get("/api/v1/program", headers=a.headers)
    assert response.status_code == 200
    program = response.json()
    assert set(program) == {"status", "referral", "cautions", "precautions", "start", "weeks", "review"}
    assert program["review"] is None  # no better after 4 weeks: not yet
    assert [w["week"] for w in program["weeks"]] == list(range(1, 13))
    for week in program["weeks"]:
        assert set(week) == {"week", "phase", "sessions"}
        for session in week["sessions"]:
            assert set(session) == {"day", "minutes", "items"} and 1 <= session["day"] <= 7
            assert all(set(item) == ITEM_FIELDS for item in session["items"])


def test_the_programme_and_today_agree_on_the_first_session(client: TestClient, a: Person, started: Start) -> None:
    """Before anything is logged, today's items are week 1 day 1's planned items."""
    started(a)
    first = client.get("/api/v1/program", headers=a.headers).json()["weeks"][0]["sessions"][0]
    assert first["day"] == 1
    assert [i["exercise_id"] for i in today(client, a)["items"]] == [i["exercise_id"] for i in first["items"]]


def test_the_programme_is_404_before_a_profile(client: TestClient, a: Person) -> None:
    """No profile yet: 404 as JSON."""
    assert client.get("/api/v1/program", headers=a.headers).status_code == 404


def test_each_person_sees_only_their_own_programme(client: TestClient, a: Person, b: Person, started: Start) -> None:
    """A's programme is not B's: B has none (404) until B starts, then B's own."""
    started(a)
    assert client.get("/api/v1/program", headers=b.headers).status_code == 404
    started(b, weeks=4)
    assert len(client.get("/api/v1/program", headers=b.headers).json()["weeks"]) == 4
    assert len(client.get("/api/v1/program", headers=a.headers).json()["weeks"]) == 12


# ------------------------------------------------------------------------------------------------ today


def test_today_has_exactly_the_contract_fields(client: TestClient, a: Person, started: Start) -> None:
    """GET /today?date=START: week 1 day 1, a session with items; the next day says when the next one is."""
    started(a)
    view = today(client, a)
    assert set(view) == TODAY_FIELDS
    assert (view["date"], view["week"], view["day"], view["rest_day"]) == (START, 1, 1, False)
    assert all(set(i) == ITEM_FIELDS and i["reason"] for i in view["items"])
    rest = today(client, a, "2026-11-24")
    if rest["rest_day"]:
        assert rest["items"] == [] and rest["next_session_date"] > "2026-11-24"


def test_today_refuses_a_date_that_is_not_a_date(client: TestClient, a: Person, started: Start) -> None:
    """date=2026-13-45: 422 on the date parameter."""
    started(a)
    response = client.get("/api/v1/today", params={"date": "2026-13-45"}, headers=a.headers)
    assert response.status_code == 422
    assert fields(response) == {"query.date"}


def test_today_is_404_before_a_programme(client: TestClient, a: Person) -> None:
    """No programme: 404 naming what to do."""
    response = client.get("/api/v1/today", headers=a.headers)
    assert response.status_code == 404
    assert "PUT /api/v1/profile" in response.text
    assert "gluterx start" not in response.text


def test_today_is_each_persons_own(client: TestClient, a: Person, b: Person, started: Start) -> None:
    """B starts a week later: on A's first day, A has a session and B a rest day pointing to B's start."""
    started(a)
    assert client.get("/api/v1/today", params={"date": START}, headers=b.headers).status_code == 404
    saved = client.put("/api/v1/profile", params={"start_date": "2026-11-30"}, json=make_profile(), headers=b.headers)
    assert saved.status_code == 200
    assert today(client, a)["items"]
    theirs = today(client, b)
    assert (theirs["rest_day"], theirs["next_session_date"], theirs["items"]) == (True, "2026-11-30", [])


# ------------------------------------------------------------------------------------------------ sessions


def test_logging_a_session_says_what_changes_and_where_to_find_it(
    client: TestClient, a: Person, started: Start
) -> None:
    """201 with the session id, the sets counted, a change per exercise, and a Location for GET /sessions/{id}."""
    started(a)
    view = today(client, a)
    response = client.post("/api/v1/sessions", json=make_session(view, notes="easy"), headers=a.headers)
    assert response.status_code == 201
    logged = response.json()
    assert logged["sets_logged"] == sum(i["sets"] for i in view["items"])
    assert {c["exercise_id"] for c in logged["changes"]} == {i["exercise_id"] for i in view["items"]}
    assert all(c["reason"] for c in logged["changes"])
    assert response.headers["Location"] == f"/api/v1/sessions/{logged['session_id']}"
    one = client.get(response.headers["Location"], headers=a.headers)
    assert one.status_code == 200
    assert (one.json()["id"], one.json()["date"], one.json()["notes"]) == (logged["session_id"], START, "easy")
    assert len(one.json()["exercises"]) == len(view["items"])


def test_a_bad_session_names_each_field_and_stores_nothing(client: TestClient, a: Person, started: Start) -> None:
    """Pain 12, 'elbow' and an unknown exercise: 422 naming each field's path; the history stays empty."""
    started(a)
    bad = {
        "date": START,
        "exercises": [{"exercise_id": "glute_bridge", "sets": [{"reps": 10}], "pain_during": 12, "felt_in": ["elbow"]}],
    }
    response = client.post("/api/v1/sessions", json=bad, headers=a.headers)
    assert response.status_code == 422
    assert fields(response) == {"exercises.0.pain_during", "exercises.0.felt_in"}
    unknown = {"date": START, "exercises": [{"exercise_id": "glute_brige", "sets": [{"reps": 10}]}]}
    response = client.post("/api/v1/sessions", json=unknown, headers=a.headers)
    assert response.status_code == 422
    assert "glute_bridge" in response.json()["detail"][0]["message"]
    assert client.post("/api/v1/sessions", json={"exercises": []}, headers=a.headers).status_code == 422
    assert client.get("/api/v1/sessions", headers=a.headers).json() == []


def test_logging_before_a_programme_is_404(client: TestClient, a: Person) -> None:
    """A valid session with no programme to log against: 404, nothing stored."""
    session = {"date": START, "exercises": [{"exercise_id": "glute_bridge", "sets": [{"reps": 10}]}]}
    assert client.post("/api/v1/sessions", json=session, headers=a.headers).status_code == 404
    assert client.get("/api/v1/sessions", headers=a.headers).json() == []


def test_the_history_lists_sessions_oldest_first_with_their_sets(client: TestClient, a: Person, started: Start) -> None:
    """Two logged sessions come back in date order, each with its id and sets."""
    started(a)
    first = log(client, a, START)
    second_day = client.get("/api/v1/today", params={"date": START}, headers=a.headers).json()["next_session_date"]
    second = log(client, a, second_day)
    history = client.get("/api/v1/sessions", headers=a.headers).json()
    assert [(s["id"], s["date"]) for s in history] == [(first["session_id"], START), (second["session_id"], second_day)]
    assert history[0]["exercises"][0]["sets"][0]["reps"] == 15


def test_a_missing_session_is_404_and_a_non_number_is_422(client: TestClient, a: Person) -> None:
    """GET /sessions/999 says there is no such session of yours; /sessions/abc is bad input."""
    missing = client.get("/api/v1/sessions/999", headers=a.headers)
    assert missing.status_code == 404
    assert fields(missing) == {"session_id"}
    assert client.get("/api/v1/sessions/abc", headers=a.headers).status_code == 422


def test_another_persons_session_looks_exactly_like_a_missing_one(
    client: TestClient, a: Person, b: Person, started: Start
) -> None:
    """B asking for A's session id gets the same 404 as for an id that does not exist, and none of A's data."""
    started(a)
    session_id = log(client, a, notes="A's private note")["session_id"]
    theirs = client.get(f"/api/v1/sessions/{session_id}", headers=b.headers)
    nobody = client.get(f"/api/v1/sessions/{session_id + 1000}", headers=b.headers)
    assert theirs.status_code == nobody.status_code == 404
    assert theirs.json()["detail"][0]["field"] == nobody.json()["detail"][0]["field"]
    assert "private" not in theirs.text
    assert client.get("/api/v1/sessions", headers=b.headers).json() == []
    assert client.get(f"/api/v1/sessions/{session_id}", headers=a.headers).status_code == 200


def test_each_persons_log_goes_to_their_own_history(client: TestClient, a: Person, b: Person, started: Start) -> None:
    """A and B both log; each history holds only their own session."""
    started(a)
    started(b)
    a_id = log(client, a, notes="A")["session_id"]
    b_id = log(client, b, notes="B")["session_id"]
    assert [(s["id"], s["notes"]) for s in client.get("/api/v1/sessions", headers=a.headers).json()] == [(a_id, "A")]
    assert [(s["id"], s["notes"]) for s in client.get("/api/v1/sessions", headers=b.headers).json()] == [(b_id, "B")]


# ------------------------------------------------------------------------------------------------ check-ins


def test_a_checkin_is_recorded_and_a_second_one_that_day_replaces_it(
    client: TestClient, a: Person, started: Start
) -> None:
    """POST /checkins twice for one day leaves one check-in with the last pain."""
    started(a)
    response = client.post("/api/v1/checkins", json={"pain": 4, "date": "2026-11-24"}, headers=a.headers)
    assert response.status_code == 200
    assert (response.json()["date"], response.json()["pain"]) == ("2026-11-24", 4)
    client.post("/api/v1/checkins", json={"pain": 2, "date": "2026-11-24"}, headers=a.headers)
    assert client.get("/api/v1/checkins", headers=a.headers).json() == [{"date": "2026-11-24", "pain": 2}]


def test_soreness_is_recorded_apart_from_pain_and_a_bad_one_names_the_field(
    client: TestClient, a: Person, started: Start
) -> None:
    """POST /checkins with soreness 6 and pain 0 after a session: stored, echoed with the usual pain it was judged
    against, and nothing revisited; soreness 11 is a 422 naming `soreness`."""
    started(a)
    log(client, a)
    body = {"pain": 0, "soreness": 6, "date": "2026-11-24"}
    checked = client.post("/api/v1/checkins", json=body, headers=a.headers).json()
    assert (checked["pain"], checked["soreness"], checked["changes"]) == (0, 6, [])
    assert isinstance(checked["usual_pain"], int)
    bad = client.post("/api/v1/checkins", json={**body, "soreness": 11}, headers=a.headers)
    assert bad.status_code == 422
    assert [d["field"] for d in bad.json()["detail"]] == ["soreness"]


def test_pain_above_usual_next_morning_revisits_yesterdays_session(
    client: TestClient, a: Person, started: Start
) -> None:
    """Pain 8 the morning after a session (usual 3): the check-in revisits it, and nothing progresses."""
    started(a)
    log(client, a)
    checked = client.post("/api/v1/checkins", json={"pain": 8, "date": "2026-11-24"}, headers=a.headers).json()
    assert checked["changes"]
    assert all(not c["progressing"] for c in checked["changes"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"pain": 11}, "pain"),
        ({"pain": -1}, "pain"),
        ({"pain": "2"}, "pain"),
        ({"pain": 2.5}, "pain"),
        ({}, "pain"),
        ({"pain": 2, "date": "yesterday"}, "date"),
        ({"pain": 2, "mood": "ok"}, "mood"),
    ],
)
def test_a_bad_checkin_names_the_field(
    client: TestClient, a: Person, started: Start, body: dict[str, Any], field: str
) -> None:
    """Pain outside 0-10, not a whole number, missing; a bad date; an unknown field: 422 on that field."""
    started(a)
    response = client.post("/api/v1/checkins", json=body, headers=a.headers)
    assert response.status_code == 422
    assert fields(response) == {field}
    assert client.get("/api/v1/checkins", headers=a.headers).json() == []


def test_a_checkin_before_a_programme_is_404(client: TestClient, a: Person) -> None:
    """No programme to check in against: 404."""
    assert client.post("/api/v1/checkins", json={"pain": 2}, headers=a.headers).status_code == 404


def test_each_person_sees_only_their_own_checkins(client: TestClient, a: Person, b: Person, started: Start) -> None:
    """A's check-in is not in B's list, and B's is not in A's."""
    started(a)
    started(b)
    client.post("/api/v1/checkins", json={"pain": 5, "date": "2026-11-24"}, headers=a.headers)
    client.post("/api/v1/checkins", json={"pain": 1, "date": "2026-11-25"}, headers=b.headers)
    assert client.get("/api/v1/checkins", headers=a.headers).json() == [{"date": "2026-11-24", "pain": 5}]
    assert client.get("/api/v1/checkins", headers=b.headers).json() == [{"date": "2026-11-25", "pain": 1}]


# ------------------------------------------------------------------------------------------------ out-of-range input


@pytest.mark.parametrize(
    ("method", "path", "params", "body", "field"),
    [
        ("PUT", "/api/v1/profile", {"start_date": "9999-12-01"}, make_profile(), "query.start_date"),
        ("PUT", "/api/v1/profile", {"start_date": "0001-01-01"}, make_profile(), "query.start_date"),
        ("GET", "/api/v1/today", {"date": "0001-01-01"}, None, "query.date"),
        ("GET", "/api/v1/today", {"date": "9999-12-31"}, None, "query.date"),
        ("POST", "/api/v1/checkins", {}, {"pain": 3, "date": "0001-01-02"}, "date"),
        (
            "POST",
            "/api/v1/sessions",
            {},
            {"date": "1999-12-31", "exercises": [{"exercise_id": "glute_bridge", "sets": [{"reps": 5}]}]},
            "date",
        ),
        ("GET", "/api/v1/sessions/99999999999999999999", {}, None, "path.session_id"),
    ],
)
def test_days_and_ids_far_out_of_range_are_bad_input_not_a_crash(
    client: TestClient, a: Person, started: Start, method: str, path: str, params: Any, body: Any, field: str
) -> None:
    """Dates near the ends of the calendar and ids beyond the database's integers: 422 naming the field, not 500."""
    started(a)
    response = client.request(method, path, params=params, json=body, headers=a.headers)
    assert response.status_code == 422
    assert fields(response) == {field}


# ------------------------------------------------------------------------------------------------ library, evidence


def test_the_exercise_library_is_public_and_whole_without_filters(client: TestClient, library: Library) -> None:
    """GET /exercises with no sign-in and no filters lists every exercise, with its evidence and coaching text."""
    response = client.get("/api/v1/exercises")
    assert response.status_code == 200
    listed = response.json()
    assert len(listed) == len(library)
    bridge = next(e for e in listed if e["id"] == "glute_bridge")
    assert bridge["cues"] and bridge["how_to"] and set(bridge["activation"]) == {"gmax", "gmed"}


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"equipment": "none"}, lambda e: e["equipment"] == []),
        ({"equipment": "mini_band,bench"}, lambda e: set(e["equipment"]) <= {"mini_band", "bench"}),
        ({"pattern": "hip_abduction"}, lambda e: "hip_abduction" in e["patterns"]),
        ({"max_level": 1}, lambda e: e["level"] == 1),
        ({"muscle": "gmed"}, lambda e: "gmed" in e["muscles"]["primary"] + e["muscles"]["secondary"]),
        ({"vector": "lateromedial"}, lambda e: e["force_vector"] == "lateromedial"),
        ({"category": "mobility"}, lambda e: e["category"] == "mobility"),
    ],
)
def test_each_exercise_filter_keeps_only_what_matches(
    client: TestClient, library: Library, params: dict[str, Any], check: Callable[[dict[str, Any]], bool]
) -> None:
    """Every filter narrows the list to exercises that match it, and to some of them."""
    chosen = client.get("/api/v1/exercises", params=params).json()
    assert 0 < len(chosen) < len(library)
    assert all(check(e) for e in chosen)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"pattern": "flying"}, "query.pattern"),
        ({"equipment": "mini_band,hovercraft"}, "query.equipment"),
        ({"max_level": 9}, "query.max_level"),
        ({"muscle": "biceps"}, "query.muscle"),
        ({"vector": "sideways"}, "query.vector"),
    ],
)
def test_a_bad_exercise_filter_names_the_parameter(client: TestClient, params: dict[str, Any], field: str) -> None:
    """An unknown pattern, equipment id, muscle or vector, or a level above 5: 422 on that parameter."""
    response = client.get("/api/v1/exercises", params=params)
    assert response.status_code == 422
    assert fields(response) == {field}


def test_one_exercise_by_id(client: TestClient) -> None:
    """GET /exercises/glute_bridge: the exercise, with its progressions and findings."""
    response = client.get("/api/v1/exercises/glute_bridge")
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["level"]) == ("glute_bridge", 1)
    assert response.json()["progressions"]


def test_an_unknown_exercise_is_404_with_the_closest_ids(client: TestClient) -> None:
    """A misspelt id: 404 suggesting the id that was meant."""
    response = client.get("/api/v1/exercises/glute_brige")
    assert response.status_code == 404
    assert "glute_bridge" in response.json()["detail"][0]["message"]


def test_the_evidence_registry_is_public(client: TestClient) -> None:
    """GET /evidence lists the sources with what rests on each."""
    response = client.get("/api/v1/evidence")
    assert response.status_code == 200
    sources = {s["id"]: s for s in response.json()}
    assert "reiman2012" in sources
    assert any(s["exercises"] for s in sources.values())


# ------------------------------------------------------------------------------------------------ the document


def test_the_openapi_document_describes_every_endpoint_and_its_responses(client: TestClient) -> None:
    """Each route has a typed 2xx schema; personal ones document 401, input-taking ones our 422 shape."""
    spec = client.get("/api/v1/openapi.json").json()
    expected = {(m.lower(), p) for m, p in PROTECTED} | {
        ("post", "/api/v1/auth/signup"),
        ("post", "/api/v1/auth/token"),
        ("get", "/api/v1/screening/flags"),
        ("get", "/api/v1/exercises"),
        ("get", "/api/v1/exercises/{exercise_id}"),
        ("get", "/api/v1/evidence"),
    }
    personal = {(m.lower(), p) for m, p in PROTECTED}
    routes = {
        (m, p.replace("{session_id}", "1").replace("{token_id}", "1")) for p, ops in spec["paths"].items() for m in ops
    }
    assert expected <= routes
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            status, ok = next((k, v) for k, v in op["responses"].items() if k.startswith("2"))
            assert status == "204" or any(c.get("schema") for c in ok["content"].values()), (method, path)
            if (method, path.replace("{session_id}", "1").replace("{token_id}", "1")) in personal - {
                ("get", "/api/v1/me")
            }:
                assert "401" in op["responses"], (method, path)
    session_body = spec["paths"]["/api/v1/sessions"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"date", "exercises", "notes"} <= set(session_body["properties"])
    assert "$ref" not in str(session_body)
    put_422 = spec["paths"]["/api/v1/profile"]["put"]["responses"]["422"]["content"]["application/json"]["schema"]
    assert put_422 == {"$ref": "#/components/schemas/Problems"}
