"""/api/v1: PATCH /profile (re-planned from the next session on), GET/PATCH /settings, the email, the export and
deleting the account; each person reaches only their own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.adapters.web.conftest import PASSWORD, Person


def test_patch_profile_makes_a_new_version_and_replans(
    client: TestClient, a: Person, started: Callable[..., dict[str, Any]]
) -> None:
    started(a)
    changed = client.patch("/api/v1/profile", json={"minutes_per_session": 15}, headers=a.headers)
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert body["profile_version"] == 2 and body["status"] == "ok" and body["new_programme"] is False
    assert body["replanned_from"] is not None and body["profile"]["minutes_per_session"] == 15
    assert body["profile"]["age"] == 45  # the answers not sent are kept


def test_patch_profile_names_every_bad_field_and_keeps_the_old_one(
    client: TestClient, a: Person, started: Callable[..., dict[str, Any]]
) -> None:
    started(a)
    bad = client.patch("/api/v1/profile", json={"minutes_per_session": 5, "age": 3}, headers=a.headers)
    assert bad.status_code == 422
    assert {p["field"] for p in bad.json()["detail"]} == {"minutes_per_session", "age"}
    assert client.get("/api/v1/profile", headers=a.headers).json()["minutes_per_session"] == 30


def test_patch_profile_with_a_red_flag_gives_the_referral(
    client: TestClient, a: Person, started: Callable[..., dict[str, Any]]
) -> None:
    started(a)
    body = client.patch("/api/v1/profile", json={"red_flags": ["bladder_control"]}, headers=a.headers).json()
    assert body["status"] == "referral" and body["referral"]["reasons"]


def test_settings_round_trip_and_isolation(
    client: TestClient, a: Person, b: Person, started: Callable[..., dict[str, Any]]
) -> None:
    started(a)
    assert client.get("/api/v1/settings", headers=a.headers).json()["unit"] == "kg"
    saved = client.patch(
        "/api/v1/settings",
        json={"unit": "lb", "body_mass": 150.0, "training_days": [1, 3, 6], "training_time": "06:45",
              "time_zone": "Australia/Sydney"},
        headers=a.headers,
    )  # fmt: skip
    assert saved.status_code == 200, saved.text
    got = saved.json()
    assert (got["unit"], got["body_mass"], got["training_days"], got["training_time"]) == ("lb", 150.0, [1, 3, 6],
                                                                                          "06:45")  # fmt: skip
    assert got["replanned_from"] is not None and abs(got["body_mass_kg"] - 68.039) < 0.01
    assert client.get("/api/v1/settings", headers=b.headers).json()["unit"] == "kg"  # b's own, untouched
    today = client.get("/api/v1/today", headers=a.headers)
    assert today.status_code == 200


def test_bad_settings_are_422_naming_the_field(client: TestClient, a: Person) -> None:
    bad = client.patch("/api/v1/settings", json={"unit": "st", "time_zone": "Atlantis"}, headers=a.headers)
    assert bad.status_code == 422
    assert {p["field"] for p in bad.json()["detail"]} == {"unit", "time_zone"}


def test_email_change_and_conflict(client: TestClient, a: Person, b: Person) -> None:
    taken = client.post(
        "/api/v1/account/email", json={"email": b.email, "current_password": PASSWORD}, headers=a.headers
    )
    assert taken.status_code == 409
    wrong = client.post(
        "/api/v1/account/email", json={"email": "z@example.com", "current_password": "nope"}, headers=a.headers
    )
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["field"] == "current_password"
    done = client.post(
        "/api/v1/account/email", json={"email": "z@example.com", "current_password": PASSWORD}, headers=a.headers
    )
    assert done.status_code == 200 and done.json() == {"email": "z@example.com"}
    assert client.get("/api/v1/me", headers=a.headers).json()["email"] == "z@example.com"


def test_export_is_only_mine(client: TestClient, a: Person, b: Person, started: Callable[..., dict[str, Any]]) -> None:
    started(a)
    started(b)
    data = client.get("/api/v1/export", headers=a.headers).json()
    assert len(data["people"]) == 1 and data["people"][0]["programs"]


def test_delete_account_confirms_then_the_token_stops_working(
    client: TestClient, a: Person, b: Person, started: Callable[..., dict[str, Any]]
) -> None:
    started(a)
    refused = client.post(
        "/api/v1/account/delete", json={"confirm_email": b.email, "password": PASSWORD}, headers=a.headers
    )
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "confirm_email"
    gone = client.post(
        "/api/v1/account/delete", json={"confirm_email": a.email, "password": PASSWORD}, headers=a.headers
    )
    assert gone.status_code == 204
    assert client.get("/api/v1/me", headers=a.headers).status_code == 401
    assert client.get("/api/v1/me", headers=b.headers).status_code == 200
