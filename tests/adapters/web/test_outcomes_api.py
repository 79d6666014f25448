"""/api/v1/outcomes: record the start and 4-weekly answers, read them back with their change, errors per field,
each person's own, and documented in OpenAPI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import START, Person

Start = Callable[..., dict[str, Any]]
DAY_28 = "2026-12-21"
ACTIVITIES = [{"name": "Climbing stairs", "score": 3}, {"name": "Sitting an hour", "score": 4},
              {"name": "Gardening", "score": 2}]  # fmt: skip


def test_start_and_four_week_answers_show_their_change(client: TestClient, a: Person, started: Start) -> None:
    """The start check is due, answered (201), then day 28 is due again; its answers give the verdicts."""
    started(a)
    first = client.get("/api/v1/outcomes", params={"date": START}, headers=a.headers).json()
    assert first["due"] == {"due": True, "check": 0, "since": START, "next_date": DAY_28}
    response = client.post(
        "/api/v1/outcomes", params={"date": START}, json={"pain": 6, "activities": ACTIVITIES}, headers=a.headers
    )
    assert response.status_code == 201, response.text
    assert response.json()["due"]["due"] is False
    assert client.get("/api/v1/outcomes", params={"date": DAY_28}, headers=a.headers).json()["due"]["check"] == 1
    better = [{**x, "score": x["score"] + 3} for x in ACTIVITIES]
    body = client.post(
        "/api/v1/outcomes",
        params={"date": DAY_28},
        json={"pain": 3, "activities": better, "groc": 5},
        headers=a.headers,
    ).json()
    assert [x["date"] for x in body["answers"]] == [START, DAY_28]
    assert body["change"]["pain"]["verdict"] == "better" and body["change"]["pain"]["sources"] == ["farrar2001"]
    assert body["change"]["psfs"] == {"first": 3.0, "latest": 6.0, "difference": 3.0, "verdict": "better",
                                      "mic": 2.0, "sources": ["abbott2014", "stratford1995"]}  # fmt: skip
    assert body["change"]["groc"]["verdict"] == "better"
    assert body["activity_names"] == [x["name"] for x in ACTIVITIES]


def test_bad_answers_are_422_per_field_and_store_nothing(client: TestClient, a: Person, started: Start) -> None:
    """Pain 12, two activities and a GROC at the start: each field named, in the API's error shape."""
    started(a)
    response = client.post(
        "/api/v1/outcomes", json={"pain": 12, "activities": ACTIVITIES[:2], "groc": 3}, headers=a.headers
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert {d["field"] for d in detail} == {"pain", "activities"}
    assert all(d["message"] and d["code"] for d in detail)
    response = client.post("/api/v1/outcomes", json={"pain": 5, "activities": ACTIVITIES, "groc": 3}, headers=a.headers)
    assert response.status_code == 422
    assert [d["code"] for d in response.json()["detail"]] == ["groc_at_start"]
    assert client.get("/api/v1/outcomes", headers=a.headers).json()["answers"] == []


def test_each_person_sees_only_their_own_outcomes(client: TestClient, a: Person, b: Person, started: Start) -> None:
    """A's answers are not in B's history."""
    started(a)
    client.post("/api/v1/outcomes", json={"pain": 6, "activities": ACTIVITIES}, headers=a.headers)
    assert client.get("/api/v1/outcomes", headers=b.headers).json()["answers"] == []
    assert client.get("/api/v1/outcomes").status_code == 401


def test_the_outcomes_routes_are_documented(client: TestClient) -> None:
    """OpenAPI names both operations, the request body's fields and the response model."""
    spec = client.get("/api/v1/openapi.json").json()
    post = spec["paths"]["/api/v1/outcomes"]["post"]
    schema = post["requestBody"]["content"]["application/json"]["schema"]
    assert {"pain", "activities", "groc"} <= set(schema["properties"])
    assert "201" in post["responses"] and "422" in post["responses"]
    assert "get" in spec["paths"]["/api/v1/outcomes"]


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=90),
    lambda inner: (
        st.lists(inner, max_size=6) | st.dictionaries(st.sampled_from(["name", "score", "x"]), inner, max_size=3)
    ),
    max_leaves=12,
)
_bodies = st.fixed_dictionaries({}, optional={"pain": _json, "activities": _json, "groc": _json, "mood": _json}) | _json


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_bodies)
def test_any_json_body_is_stored_whole_or_refused_with_422(
    client: TestClient, a: Person, started: Start, body: Any
) -> None:
    """Whatever JSON is sent, the answer is 201 or a 422 naming fields, never a server error; a refused one
    leaves the history as it was."""
    if not client.get("/api/v1/program", headers=a.headers).is_success:
        started(a)
    before = client.get("/api/v1/outcomes", headers=a.headers).json()["answers"]
    response = client.post("/api/v1/outcomes", json=body, headers=a.headers)
    assert response.status_code in (201, 422), response.text
    if response.status_code == 422:
        assert all("field" in d and d["message"] for d in response.json()["detail"])
        assert client.get("/api/v1/outcomes", headers=a.headers).json()["answers"] == before
