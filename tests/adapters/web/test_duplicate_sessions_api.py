"""POST /api/v1/sessions twice: the Idempotency-Key header (replay, conflict, per person) and the same session on the
same day (409 duplicate_session, then ?allow_duplicate=true); session effort and minutes round-trip."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.adapters.web.conftest import START, Person, make_session
from tests.adapters.web.test_api import Start, today


def _post(client: TestClient, person: Person, body: dict[str, Any], key: str | None = None, **params: Any) -> Any:
    headers = {**person.headers, **({"Idempotency-Key": key} if key is not None else {})}
    return client.post("/api/v1/sessions", json=body, headers=headers, params=params)


def _count(client: TestClient, person: Person) -> int:
    return len(client.get("/api/v1/sessions", headers=person.headers).json())


def test_the_same_key_and_body_again_answers_the_first_session_and_stores_one(
    client: TestClient, a: Person, started: Start
) -> None:
    """A retried POST with one key: the same body, id and Location, marked Idempotent-Replayed; one session stored."""
    started(a)
    body = make_session(today(client, a))
    first = _post(client, a, body, key="6c1f3f0e-1111-4a6b-9a55-0a0e1b2c3d4e")
    again = _post(client, a, body, key="6c1f3f0e-1111-4a6b-9a55-0a0e1b2c3d4e")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert _count(client, a) == 1


def test_the_same_key_with_another_body_is_409_naming_the_header(client: TestClient, a: Person, started: Start) -> None:
    started(a)
    body = make_session(today(client, a))
    assert _post(client, a, body, key="k-1").status_code == 201
    response = _post(client, a, make_session(today(client, a), reps=12), key="k-1")
    assert response.status_code == 409
    (problem,) = response.json()["detail"]
    assert (problem["field"], problem["code"]) == ("Idempotency-Key", "idempotency_key_reused")
    assert "new key" in problem["message"]
    assert _count(client, a) == 1


def test_a_malformed_key_is_422_naming_the_header(client: TestClient, a: Person, started: Start) -> None:
    started(a)
    response = _post(client, a, make_session(today(client, a)), key="x" * 201)
    assert response.status_code == 422
    assert [(d["field"], d["code"]) for d in response.json()["detail"]] == [("Idempotency-Key", "bad_idempotency_key")]
    assert _count(client, a) == 0


def test_keys_are_per_person(client: TestClient, a: Person, b: Person, started: Start) -> None:
    """B sending A's key logs B's own session: a key never reaches another person's session."""
    started(a)
    started(b)
    mine = _post(client, a, make_session(today(client, a)), key="shared")
    theirs = _post(client, b, make_session(today(client, b)), key="shared")
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["session_id"] != theirs.json()["session_id"]
    assert "Idempotent-Replayed" not in theirs.headers


def test_the_same_session_again_without_a_key_is_409_until_allowed(
    client: TestClient, a: Person, started: Start
) -> None:
    """The same exercises and sets that day: 409 duplicate_session on field allow_duplicate, saying how to override;
    with ?allow_duplicate=true it is stored as a second session."""
    started(a)
    body = make_session(today(client, a))
    first = _post(client, a, body)
    assert first.status_code == 201
    again = _post(client, a, body)
    assert again.status_code == 409
    (problem,) = again.json()["detail"]
    assert (problem["field"], problem["code"]) == ("allow_duplicate", "duplicate_session")
    assert "allow_duplicate=true" in problem["message"] and START in problem["message"]
    assert _count(client, a) == 1
    allowed = _post(client, a, body, allow_duplicate="true")
    assert allowed.status_code == 201 and allowed.json()["session_id"] != first.json()["session_id"]
    assert _count(client, a) == 2


def test_session_effort_and_minutes_are_stored_and_read_back(client: TestClient, a: Person, started: Start) -> None:
    started(a)
    body = make_session(today(client, a)) | {"session_rpe": 6.5, "duration_min": 35}
    logged = _post(client, a, body)
    assert logged.status_code == 201, logged.text
    one = client.get(logged.headers["Location"], headers=a.headers).json()
    assert (one["session_rpe"], one["duration_min"]) == (6.5, 35)
    bad = _post(client, a, make_session(today(client, a), reps=9) | {"session_rpe": 12, "duration_min": 0})
    assert bad.status_code == 422
    assert {d["field"] for d in bad.json()["detail"]} == {"session_rpe", "duration_min"}


def test_the_openapi_document_says_the_header_the_flag_and_the_409(client: TestClient) -> None:
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/sessions"]["post"]
    names = {(p["in"], p["name"]) for p in operation["parameters"]}
    assert {("header", "Idempotency-Key"), ("query", "allow_duplicate")} <= names
    (header,) = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
    assert header["schema"]["pattern"].endswith("{1,200}$")
    assert "409" in operation["responses"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert {"session_rpe", "duration_min"} <= set(body)
