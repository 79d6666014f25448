"""An app per test on its own SQLite file, driven through TestClient; two people, A and B, with bearer tokens."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gluterx.adapters.web.app import create_app
from gluterx.bootstrap import build
from gluterx.config import Settings

SECRET = "test-only-secret-key-that-is-long-enough-0123456789"  # noqa: S105 - a test fixture, not a real secret
PASSWORD = "correct horse battery staple"  # noqa: S105
START = "2026-11-23"  # a Monday: day 1 of week 1


@dataclass(frozen=True)
class Person:
    email: str
    person_id: int
    headers: dict[str, str]


def make_profile(**changes: Any) -> dict[str, Any]:
    """A valid PROFILE.json; pass only the fields a test cares about."""
    profile: dict[str, Any] = {
        "age": 45,
        "goals": ["pain_relief"],
        "pain": [{"region": "knee", "side": "left", "intensity": 3, "weeks": 10}],
        "sitting_hours_per_day": 4,
        "experience": "beginner",
        "equipment": ["mini_band"],
        "sessions_per_week": 3,
        "minutes_per_session": 30,
    }
    return {**profile, **changes}


def make_session(today: dict[str, Any], *, reps: int = 15, pain: int = 1, notes: str = "") -> dict[str, Any]:
    """SESSION.json performing every item of a `today` view, all sets at `reps`."""
    return {
        "date": today["date"],
        "exercises": [
            {
                "exercise_id": item["exercise_id"],
                "sets": [{"reps": reps, "load_kg": None, "band": None, "rir": 3, "rpe": None}] * item["sets"],
                "pain_during": pain,
                "felt_in": ["glutes"],
            }
            for item in today["items"]
        ],
        "notes": notes,
    }


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'web.db'}", environment="test", secret_key=SECRET)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    container = build(settings)
    with TestClient(create_app(container)) as test_client:
        yield test_client
    container.engine.dispose()


@pytest.fixture
def sign_up(client: TestClient) -> Callable[[str], Person]:
    """Sign someone up through the API and get a bearer token for them."""

    def make(email: str) -> Person:
        created = client.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD})
        assert created.status_code == 202, created.text
        issued = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
        assert issued.status_code == 200, issued.text
        headers = {"Authorization": f"Bearer {issued.json()['token']}"}
        return Person(email, client.get("/api/v1/me", headers=headers).json()["person_id"], headers)

    return make


@pytest.fixture
def a(sign_up: Callable[[str], Person]) -> Person:
    return sign_up("a@example.com")


@pytest.fixture
def b(sign_up: Callable[[str], Person]) -> Person:
    return sign_up("b@example.com")


@pytest.fixture
def started(client: TestClient) -> Callable[..., dict[str, Any]]:
    """Give a person a profile and programme starting on START."""

    def start(person: Person, **changes: Any) -> dict[str, Any]:
        response = client.put(
            "/api/v1/profile", params={"start_date": START}, json=make_profile(**changes), headers=person.headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    return start
