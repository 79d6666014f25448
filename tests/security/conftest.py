"""An app on its own SQLite file, and people who already have a profile, a programme, a logged session and a
check-in (so there is something of theirs to read, fuzz and try to steal)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from gluterx.adapters.web.app import create_app
from gluterx.adapters.web.security import CSRF_FIELD
from gluterx.bootstrap import Container, build
from gluterx.config import Settings
from tests.adapters.web.conftest import PASSWORD, SECRET, START, make_profile, make_session


@dataclass(frozen=True)
class Member:
    """A signed-up person with a bearer token, and the ids of their first session."""

    email: str
    display_name: str
    person_id: int
    headers: dict[str, str]
    session_id: int
    notes: str


def make_container(path: Path) -> Container:
    return build(Settings(database_url=f"sqlite:///{path}", environment="test", secret_key=SECRET))


def offline_app() -> FastAPI:
    """The app as it is wired, for its route table and OpenAPI document; its database is never connected."""
    settings = Settings(database_url="sqlite:///:memory:", environment="test", secret_key=SECRET)
    return create_app(build(settings, run_migrations=False))


def enrol(client: TestClient, email: str, *, display_name: str = "") -> Member:
    """Sign up through the API, get a token, send a profile (programme from START), log a session, check in."""
    signup = {"email": email, "password": PASSWORD, "display_name": display_name}
    created = client.post("/api/v1/auth/signup", json=signup)
    assert created.status_code == 202, created.text
    issued = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert issued.status_code == 200, issued.text
    headers = {"Authorization": f"Bearer {issued.json()['token']}"}
    profile = client.put("/api/v1/profile", params={"start_date": START}, json=make_profile(), headers=headers)
    assert profile.status_code == 200, profile.text
    today = client.get("/api/v1/today", params={"date": START}, headers=headers)
    assert today.status_code == 200, today.text
    notes = f"private notes of {email}"
    logged = client.post("/api/v1/sessions", json=make_session(today.json(), notes=notes), headers=headers)
    assert logged.status_code == 201, logged.text
    checked = client.post("/api/v1/checkins", json={"pain": 2, "date": START}, headers=headers)
    assert checked.status_code == 200, checked.text
    person_id = client.get("/api/v1/me", headers=headers).json()["person_id"]
    return Member(email, display_name, person_id, headers, logged.json()["session_id"], notes)


def csrf_of(browser: TestClient, path: str = "/login") -> str:
    """The session's CSRF token, read from the hidden field of a page with a form."""
    found = re.search(rf'name="{CSRF_FIELD}" value="([^"]+)"', browser.get(path).text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def page_login(app: FastAPI, email: str) -> TestClient:
    """A browser-like client signed in through the login form (a cookie session); it does not follow redirects."""
    browser = TestClient(app, follow_redirects=False)
    form = {"email": email, "password": PASSWORD, "next": "/today", CSRF_FIELD: csrf_of(browser)}
    response = browser.post("/login", data=form)
    assert response.status_code == 303, response.text
    return browser


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    container = make_container(tmp_path_factory.mktemp("security") / "security.db")
    yield create_app(container)
    container.engine.dispose()


@pytest.fixture(scope="module")
def api(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give each schemathesis test its operation in its node id (`test_x[GET /api/v1/today]`).

    pytest 9 builds a node id from the function's original name and its callspec only, so every operation
    schemathesis generates would otherwise share one id, and a report would not say which operation failed.
    """
    for item in items:
        label = getattr(item, "operation_label", None)
        node_id = getattr(item, "_id", None)
        if label and node_id is not None and getattr(node_id, "params", "") is None:
            item._id = node_id.with_params(label)
