"""/api/v1/plan/additions: what a person can add to their own session (one part at a time) and adding it, once or
onward, at the planner's dose or their own; errors per field; taken back with the plan's undo; each person's own;
documented in OpenAPI."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient

from .conftest import Person
from .test_plan_api import TODAY, _start_today, _today


def _additions(client: TestClient, person: Person, **params: str) -> dict[str, Any]:
    found = client.get("/api/v1/plan/additions", params={"date": TODAY.isoformat(), **params}, headers=person.headers)
    assert found.status_code == 200, found.text
    body: dict[str, Any] = found.json()
    return body


def test_the_choices_by_part_and_an_addition_on_today_then_undone(client: TestClient, a: Person) -> None:
    _start_today(client, a)
    every = _additions(client, a)
    assert every["date"] == TODAY.isoformat() and every["in_session"] and every["additions"]
    first = every["additions"][0]
    assert first["reasons"] and first["dose"] and first["part"] and first["purpose"]
    some = _additions(client, a, part=first["part"])
    assert some["additions"] and {x["part"] for x in some["additions"]} == {first["part"]}
    assert len(some["additions"]) <= len(every["additions"])
    made = client.post(
        "/api/v1/plan/additions",
        json={"date": TODAY.isoformat(), "exercise_id": first["exercise_id"], "scope": "once"},
        headers=a.headers,
    )
    assert made.status_code == 201, made.text
    assert made.headers["Location"] == "/api/v1/plan/changes"
    change = made.json()
    assert change["kind"] == "add_item" and change["by"] == "person" and change["undoable"] and change["reason"] == ""
    assert first["exercise_id"] in [i["exercise_id"] for i in _today(client, a)["items"]]
    assert first["exercise_id"] not in [x["exercise_id"] for x in _additions(client, a)["additions"]]
    undone = client.post(f"/api/v1/plan/changes/{change['id']}/undo", headers=a.headers)
    assert undone.status_code == 201, undone.text
    assert first["exercise_id"] not in [i["exercise_id"] for i in _today(client, a)["items"]]


def test_an_own_dose_and_the_errors_name_the_field(client: TestClient, a: Person) -> None:
    _start_today(client, a)
    pick = _additions(client, a)["additions"][0]["exercise_id"]
    day = TODAY.isoformat()
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"date": day, "exercise_id": pick, "dose": {"sets": 0, "reps_low": 8}}, "sets", "too_small"),
        ({"date": day, "exercise_id": "hip_thrus"}, "exercise_id", "unknown_exercise"),
        ({"date": (TODAY - dt.timedelta(days=1)).isoformat(), "exercise_id": pick}, "date", "day_in_the_past"),
        ({"date": day, "exercise_id": pick, "scope": "forever"}, "scope", "not_a_choice"),
        ({"date": day, "exercise_id": pick, "surprise": 1}, "surprise", "unknown_field"),
    ]
    for body, field, code in cases:
        response = client.post("/api/v1/plan/additions", json=body, headers=a.headers)
        assert response.status_code == 422, (body, response.text)
        detail = response.json()["detail"]
        assert (detail[0]["field"], detail[0]["code"]) == (field, code), detail
        assert detail[0]["message"]
    assert client.get("/api/v1/plan/changes", headers=a.headers).json() == []
    bad_part = client.get("/api/v1/plan/additions", params={"date": day, "part": "arms"}, headers=a.headers)
    assert bad_part.status_code == 422
    assert (bad_part.json()["detail"][0]["field"], bad_part.json()["detail"][0]["code"]) == ("part", "not_a_choice")
    own = {"sets": 2, "reps_low": 12, "reps_high": 15, "load_kind": "bodyweight", "rest_s": 45}
    made = client.post(
        "/api/v1/plan/additions", json={"date": day, "exercise_id": pick, "dose": own, "reason": "x"}, headers=a.headers
    )
    if made.status_code == 422:  # a hold exercise: its own dose is a hold
        assert made.json()["detail"][0]["code"] == "work_unfit"
        own = {"sets": 2, "hold_s": 30, "load_kind": "bodyweight", "rest_s": 45}
        made = client.post(
            "/api/v1/plan/additions", json={"date": day, "exercise_id": pick, "dose": own, "reason": "x"},
            headers=a.headers,
        )  # fmt: skip
    assert made.status_code == 201, made.text
    item = next(i for i in _today(client, a)["items"] if i["exercise_id"] == pick)
    assert item["sets"] == 2 and item["rest_s"] == 45
    again = client.post("/api/v1/plan/additions", json={"date": day, "exercise_id": pick}, headers=a.headers)
    assert again.status_code == 409 and again.json()["detail"][0]["code"] == "already_in_session"


def test_each_persons_own_and_without_a_programme_404_signed_out_401(client: TestClient, a: Person, b: Person) -> None:
    day = TODAY.isoformat()
    assert client.get("/api/v1/plan/additions", params={"date": day}, headers=a.headers).status_code == 404
    assert client.get("/api/v1/plan/additions", params={"date": day}).status_code == 401
    _start_today(client, a)
    _start_today(client, b)
    pick = _additions(client, a)["additions"][0]["exercise_id"]
    mine = client.post("/api/v1/plan/additions", json={"date": day, "exercise_id": pick}, headers=a.headers).json()
    assert client.get("/api/v1/plan/changes", headers=b.headers).json() == []
    assert pick not in [i["exercise_id"] for i in _today(client, b)["items"]]
    assert client.post(f"/api/v1/plan/changes/{mine['id']}/undo", headers=b.headers).status_code == 404


def test_openapi_documents_the_additions(client: TestClient) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    path = doc["paths"]["/api/v1/plan/additions"]
    assert {"200", "401", "404", "422"} <= set(path["get"]["responses"])
    assert {"201", "401", "404", "409", "422"} <= set(path["post"]["responses"])
    assert {p["name"] for p in path["get"]["parameters"]} == {"date", "part"}
    assert "hip_extension" in next(p for p in path["get"]["parameters"] if p["name"] == "part")["description"]
