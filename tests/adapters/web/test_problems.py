"""The web's words for a service's Problems: the API body {field, code, message}, and each page's form field."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from gluterx.adapters.web.api._problems import api_detail, api_problem
from gluterx.adapters.web.pages._problems import page_words
from gluterx.adapters.web.pages.onboarding import field_errors
from gluterx.adapters.web.pages.workout import form_errors
from gluterx.services.errors import Problem

from .conftest import START, Person, make_profile

PAIN = Problem("pain", "pain_out_of_range", {"value": 11, "low": 0, "high": 10})
NO_PROGRAMME = Problem("", "no_programme")
REPS = Problem("exercises.1.sets.0.reps", "too_small", {"minimum": 0, "inclusive": True})


# ------------------------------------------------------------------------------------------------ API


def test_the_api_words_a_problem_as_field_code_and_message() -> None:
    """The same Problem as a `detail` item: the dotted field, the stable code, the catalogue's message."""
    assert api_problem(PAIN) == {
        "field": "pain",
        "code": "pain_out_of_range",
        "message": "11 is not allowed; give a whole number from 0 (none) to 10 (worst)",
    }


def test_the_api_says_what_to_send_when_there_is_no_programme() -> None:
    """No programme: the API names PUT /api/v1/profile, never the CLI's `gluterx start`."""
    (item,) = api_detail([NO_PROGRAMME])
    assert item["code"] == "no_programme" and item["field"] == ""
    assert "PUT /api/v1/profile" in item["message"]
    assert "gluterx start" not in item["message"]


def test_an_api_request_without_a_programme_gets_404_with_the_code(client: TestClient, a: Person) -> None:
    """GET /today before any programme: 404, detail [{field "", code no_programme, what to send}]."""
    response = client.get("/api/v1/today", params={"date": START}, headers=a.headers)
    assert response.status_code == 404
    (item,) = response.json()["detail"]
    assert (item["field"], item["code"]) == ("", "no_programme")
    assert "PUT /api/v1/profile" in item["message"]


def test_a_bad_session_body_names_each_field_with_its_code(client: TestClient, a: Person, started: object) -> None:
    """POST /sessions with negative reps and an unknown exercise: 422, one item each, with code and message."""
    started(a)  # type: ignore[operator]
    body = {
        "date": START,
        "exercises": [
            {"exercise_id": "glute_bridge", "sets": [{"reps": -1}]},
            {"exercise_id": "glute_brige", "sets": [{"reps": 5}]},
        ],
    }
    first = client.post("/api/v1/sessions", json=body, headers=a.headers)
    assert first.status_code == 422
    assert first.json()["detail"] == [
        {"field": "exercises.0.sets.0.reps", "code": "too_small", "message": "must be at least 0"}
    ]
    body["exercises"][0]["sets"] = [{"reps": 5}]  # type: ignore[index]
    second = client.post("/api/v1/sessions", json=body, headers=a.headers)
    (item,) = second.json()["detail"]
    assert (item["field"], item["code"]) == ("exercises.1.exercise_id", "unknown_exercise")
    assert "did you mean glute_bridge" in item["message"]


def test_a_request_validation_error_gets_a_code_too(client: TestClient, a: Person) -> None:
    """FastAPI's own checks (POST /checkins pain 11) answer in the same shape, with a code."""
    response = client.post("/api/v1/checkins", json={"pain": 11}, headers=a.headers)
    assert response.status_code == 422
    (item,) = response.json()["detail"]
    assert (item["field"], item["code"], item["message"]) == ("pain", "too_large", "must be at most 10")


def test_a_bad_profile_names_the_field_and_the_allowed_fields(client: TestClient, a: Person) -> None:
    """PUT /profile with an unknown field: code unknown_field and the fields that are allowed."""
    response = client.put(
        "/api/v1/profile", params={"start_date": START}, json=make_profile(mood="ok"), headers=a.headers
    )
    assert response.status_code == 422
    (item,) = response.json()["detail"]
    assert (item["field"], item["code"]) == ("mood", "unknown_field")
    assert "sessions_per_week" in item["message"]


# ------------------------------------------------------------------------------------------------ pages


def test_the_workout_page_puts_a_problem_on_its_own_set_field() -> None:
    """`exercises.1.sets.0.reps` is the second logged exercise's first kept set, in the form's own numbering."""
    origin = [(0, [0, 1]), (2, [1, 3])]  # form exercise 2 logged sets 1 and 3
    errors, general = form_errors([REPS, Problem("date", "required"), PAIN], origin)
    assert errors == {"ex2_s1_reps": "must be at least 0"}
    assert general == ["required; please give it", page_words(PAIN)]


def test_the_questionnaire_puts_a_pain_problem_on_its_region() -> None:
    """`pain.0.intensity` is the intensity of the first region with pain; a number field gets its friendly words."""
    problems = [
        Problem("pain.0.intensity", "too_large", {"maximum": 10, "inclusive": True}),
        Problem("age", "too_small", {"minimum": 16, "inclusive": True}),
        Problem("", "not_an_object", {"fields": ["age"]}),
    ]
    errors, general = field_errors(problems, ["knee"])
    assert errors == {
        "pain_knee_intensity": "must be at most 10",
        "age": "please give your age in whole years, from 16 to 110",
    }
    assert general == ["must be a JSON object with fields such as age"]


def test_the_pages_say_to_answer_the_questionnaire_when_there_is_no_programme() -> None:
    """No programme on a page: the questionnaire, not a command or an endpoint."""
    message = page_words(NO_PROGRAMME)
    assert "questionnaire" in message
    assert "gluterx" not in message and "/api/" not in message


def test_the_sign_up_page_shows_each_problem_beside_its_field(client: TestClient) -> None:
    """A short password and a bad email: each message under its own input, by the Problem's field."""
    page = client.get("/signup").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    response = client.post("/signup", data={"csrf_token": token.group(1), "email": "not-an-email", "password": "short"})
    assert response.status_code == 422
    assert '<p class="error" id="password-error">use at least 10 characters</p>' in response.text
    assert 'id="email-error">please give a valid email address, like name@example.com</p>' in response.text
