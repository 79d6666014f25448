"""/api/v1/plan: alternatives, swap, skip, move, undo and the change log; errors per field; each person's own;
documented in OpenAPI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from .conftest import Person, make_profile

TODAY = dt.date.today()


def _start_today(client: TestClient, person: Person) -> None:
    response = client.put(
        "/api/v1/profile",
        params={"start_date": TODAY.isoformat()},
        json=make_profile(equipment=["mini_band", "dumbbells", "bench"]),
        headers=person.headers,
    )
    assert response.status_code == 200, response.text


def _today(client: TestClient, person: Person, day: dt.date = TODAY) -> dict[str, Any]:
    body: dict[str, Any] = client.get("/api/v1/today", params={"date": day.isoformat()}, headers=person.headers).json()
    return body


def _swappable(client: TestClient, person: Person) -> tuple[str, dict[str, Any]]:
    for item in _today(client, person)["items"]:
        found = client.get(
            "/api/v1/plan/alternatives",
            params={"date": TODAY.isoformat(), "exercise_id": item["exercise_id"]},
            headers=person.headers,
        )
        if found.status_code == 200 and found.json()["alternatives"]:
            return item["exercise_id"], found.json()["alternatives"][0]
    raise AssertionError("nothing to swap today")


def test_swap_shows_on_today_and_the_program_and_in_the_log(client: TestClient, a: Person) -> None:
    _start_today(client, a)
    old, alt = _swappable(client, a)
    assert alt["reasons"] and alt["name"] and 0 < alt["activation_percent"] <= 200
    made = client.post(
        "/api/v1/plan/swaps",
        json={"date": TODAY.isoformat(), "exercise_id": old, "to": alt["exercise_id"], "reason": "knees"},
        headers=a.headers,
    )
    assert made.status_code == 201, made.text
    change = made.json()
    assert change["kind"] == "swap" and change["by"] == "person" and change["reason"] == "knees"
    assert change["exercise_id"] == alt["exercise_id"] and change["undoable"]
    ids = [i["exercise_id"] for i in _today(client, a)["items"]]
    assert alt["exercise_id"] in ids and old not in ids
    program = client.get("/api/v1/program", headers=a.headers).json()
    first = program["weeks"][0]["sessions"][0]
    assert alt["exercise_id"] in [i["exercise_id"] for i in first["items"]]
    undone = client.post(f"/api/v1/plan/changes/{change['id']}/undo", headers=a.headers)
    assert undone.status_code == 201 and undone.json()["kind"] == "undo"
    assert old in [i["exercise_id"] for i in _today(client, a)["items"]]
    log = client.get("/api/v1/plan/changes", headers=a.headers).json()
    assert [c["kind"] for c in log] == ["undo", "swap"] and log[1]["undone"] and not log[1]["undoable"]
    again = client.post(f"/api/v1/plan/changes/{change['id']}/undo", headers=a.headers)
    assert again.status_code == 409 and again.json()["detail"][0]["code"] == "already_undone"


def test_skip_and_move(client: TestClient, a: Person) -> None:
    _start_today(client, a)
    first = _today(client, a)["items"][0]["exercise_id"]
    skipped = client.post(
        "/api/v1/plan/skips", json={"date": TODAY.isoformat(), "exercise_id": first}, headers=a.headers
    )
    assert skipped.status_code == 201, skipped.text
    assert first not in [i["exercise_id"] for i in _today(client, a)["items"]]
    free = next(
        TODAY + dt.timedelta(days=n) for n in range(1, 7) if _today(client, a, TODAY + dt.timedelta(days=n))["rest_day"]
    )
    moved = client.post(
        "/api/v1/plan/moves", json={"from_date": TODAY.isoformat(), "to_date": free.isoformat()}, headers=a.headers
    )
    assert moved.status_code == 201, moved.text
    assert moved.json()["date"] == free.isoformat() and moved.json()["from_date"] == TODAY.isoformat()
    assert _today(client, a)["rest_day"] and not _today(client, a, free)["rest_day"]
    whole = client.post("/api/v1/plan/skips", json={"date": free.isoformat()}, headers=a.headers)
    assert whole.status_code == 201 and whole.json()["kind"] == "skip_session"
    assert _today(client, a, free)["rest_day"]


def test_bad_requests_name_the_field(client: TestClient, a: Person) -> None:
    _start_today(client, a)
    old, _ = _swappable(client, a)
    cases: list[tuple[str, dict[str, Any], int, str, str]] = [
        ("/api/v1/plan/swaps", {"date": TODAY.isoformat(), "exercise_id": old, "to": "walking"}, 422, "to",
         "not_an_alternative"),
        ("/api/v1/plan/swaps", {"date": TODAY.isoformat(), "exercise_id": old, "to": "hip_thrus"}, 422, "to",
         "unknown_exercise"),
        ("/api/v1/plan/skips", {"date": (TODAY - dt.timedelta(days=1)).isoformat()}, 422, "date",
         "day_in_the_past"),
        ("/api/v1/plan/skips", {"date": TODAY.isoformat(), "exercise_id": "walking"}, 422, "exercise_id",
         "not_in_session"),
        ("/api/v1/plan/moves", {"from_date": TODAY.isoformat(), "to_date": TODAY.isoformat()}, 422, "to_date",
         "same_day"),
        ("/api/v1/plan/skips", {"date": TODAY.isoformat(), "surprise": 1}, 422, "surprise", "unknown_field"),
    ]  # fmt: skip
    for path, body, status, field, code in cases:
        response = client.post(path, json=body, headers=a.headers)
        assert response.status_code == status, (body, response.text)
        detail = response.json()["detail"]
        assert (detail[0]["field"], detail[0]["code"]) == (field, code), detail
        assert detail[0]["message"] and "_" not in detail[0]["message"].split(";")[0].split(" ")[0]
    assert client.get("/api/v1/plan/changes", headers=a.headers).json() == []


def test_a_person_never_reaches_another_persons_changes(
    client: TestClient, a: Person, b: Person, started: Callable[..., dict[str, Any]]
) -> None:
    _start_today(client, a)
    _start_today(client, b)
    mine = client.post("/api/v1/plan/skips", json={"date": TODAY.isoformat()}, headers=a.headers).json()
    assert client.get("/api/v1/plan/changes", headers=b.headers).json() == []
    theirs = client.post(f"/api/v1/plan/changes/{mine['id']}/undo", headers=b.headers)
    assert theirs.status_code == 404
    assert not _today(client, b)["rest_day"] and _today(client, a)["rest_day"]


def test_no_programme_is_404_and_signed_out_is_401(client: TestClient, a: Person) -> None:
    assert client.get("/api/v1/plan/changes", headers=a.headers).status_code == 404
    assert client.get("/api/v1/plan/changes").status_code == 401


def test_openapi_documents_the_plan_routes(client: TestClient) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    for path, method, codes in [
        ("/api/v1/plan/swaps", "post", {"201", "401", "404", "422"}),
        ("/api/v1/plan/moves", "post", {"201", "401", "404", "409", "422"}),
        ("/api/v1/plan/changes/{change_id}/undo", "post", {"201", "401", "404", "409", "422"}),
        ("/api/v1/plan/alternatives", "get", {"200", "401", "404", "422"}),
        ("/api/v1/plan/changes", "get", {"200", "401", "404"}),
    ]:
        assert codes <= set(doc["paths"][path][method]["responses"]), path
