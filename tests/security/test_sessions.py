"""Sessions and tokens through the app: no forgeable cookie, and what is ended stays ended (issue 13, Security).

Each test here fails on the code before server-side sessions: a cookie signed with the old constant secret opened any
account, a cookie kept after sign-out still worked, tokens could be neither listed nor revoked, and five failures from
one address locked the owner out everywhere.
"""

from __future__ import annotations

import json
from base64 import b64encode
from collections.abc import Iterator
from pathlib import Path

import itsdangerous
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from gluterx.adapters.web.app import create_app
from gluterx.adapters.web.security import CSRF_FIELD
from gluterx.bootstrap import build
from gluterx.config import Settings
from tests.adapters.web.conftest import PASSWORD

from .conftest import csrf_of, page_login

OLD_CONSTANT_SECRET = "development-only-secret"  # noqa: S105 - what the code before signed every cookie with
COOKIE = "gluterx_session"


@pytest.fixture
def dev_app(tmp_path: Path) -> Iterator[FastAPI]:
    """The app as the README's first command runs it: development, no secret configured."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'dev.db'}", environment="development",
                        data_dir=tmp_path / "data")  # fmt: skip
    container = build(settings)
    yield create_app(container)
    container.engine.dispose()


def signed_cookie(secret: str, session: dict[str, object]) -> str:
    """A session cookie as Starlette's SessionMiddleware writes one (base64 JSON, signed with itsdangerous)."""
    data = b64encode(json.dumps(session).encode())
    return itsdangerous.TimestampSigner(secret).sign(data).decode()


def enrol(client: TestClient, email: str) -> dict[str, str]:
    assert client.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD}).status_code == 202
    issued = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert issued.status_code == 200, issued.text
    return {"Authorization": f"Bearer {issued.json()['token']}"}


def test_a_cookie_signed_with_the_old_constant_secret_opens_no_account(dev_app: FastAPI) -> None:
    """Anyone could sign {"account_id": 1} with the published constant and take the account over."""
    with TestClient(dev_app) as api:
        headers = enrol(api, "victim@example.com")
        account_id = api.get("/api/v1/me", headers=headers).json()["account_id"]
    for session in ({"account_id": account_id}, {"sid": "guessed", "account_id": account_id}):
        with TestClient(dev_app, follow_redirects=False) as forger:
            forger.cookies.set(COOKIE, signed_cookie(OLD_CONSTANT_SECRET, session))
            assert forger.get("/api/v1/me").status_code == 401
            assert forger.get("/today").headers["location"].startswith("/login")


def test_a_session_cookie_kept_after_sign_out_no_longer_works(app: FastAPI, api: TestClient) -> None:
    enrol(api, "leaver@example.com")
    browser = page_login(app, "leaver@example.com")
    kept = browser.cookies.get(COOKIE)
    assert browser.get("/today").status_code != 303  # signed in
    assert browser.post("/logout", data={CSRF_FIELD: csrf_of(browser, "/account")}).status_code == 303
    with TestClient(app, follow_redirects=False) as thief:
        thief.cookies.set(COOKIE, kept)
        assert thief.get("/today").headers["location"] == "/login?next=/today"
        assert thief.get("/api/v1/me").status_code == 401


def test_tokens_are_listed_and_a_revoked_one_is_refused(api: TestClient) -> None:
    headers = enrol(api, "scripter@example.com")
    made = api.post("/api/v1/auth/tokens", json={"name": "backup script", "expires_in_days": 30}, headers=headers)
    assert made.status_code == 201, made.text
    second = {"Authorization": f"Bearer {made.json()['token']}"}
    assert api.get("/api/v1/me", headers=second).status_code == 200
    listed = api.get("/api/v1/auth/tokens", headers=headers).json()
    assert {t["name"] for t in listed} == {"api", "backup script"}
    assert all(t["last_used_at"] is not None for t in listed)  # both were used (noted after each answer)
    assert all(set(t) == {"id", "name", "created_at", "last_used_at", "expires_at"} for t in listed)
    assert "token" not in json.dumps(listed).replace('"token', "")  # the list never shows a token itself
    assert api.delete(f"/api/v1/auth/tokens/{made.json()['id']}", headers=headers).status_code == 204
    assert api.get("/api/v1/me", headers=second).status_code == 401
    assert api.get("/api/v1/me", headers=headers).status_code == 200
    assert api.delete(f"/api/v1/auth/tokens/{made.json()['id']}", headers=headers).status_code == 404


def test_a_token_lifetime_is_checked_strictly(api: TestClient) -> None:
    headers = enrol(api, "strict@example.com")
    for days in (0, 366, True, "30"):
        answer = api.post("/api/v1/auth/tokens", json={"expires_in_days": days}, headers=headers)
        assert answer.status_code == 422, (days, answer.text)
        assert answer.json()["detail"][0]["field"] == "expires_in_days"


def test_sign_out_everywhere_ends_every_browser_and_token(app: FastAPI, api: TestClient) -> None:
    headers = enrol(api, "everywhere@example.com")
    phone, laptop = page_login(app, "everywhere@example.com"), page_login(app, "everywhere@example.com")
    sessions = api.get("/api/v1/auth/sessions", headers=headers).json()
    assert len(sessions) == 2 and {s["current"] for s in sessions} == {False}
    answer = laptop.post("/account/signout-everywhere", data={CSRF_FIELD: csrf_of(laptop, "/account")})
    assert (answer.status_code, answer.headers["location"]) == (303, "/login")
    assert phone.get("/today").headers["location"].startswith("/login")
    assert api.get("/api/v1/me", headers=headers).status_code == 401


def test_a_password_change_signs_the_other_browsers_out(app: FastAPI, api: TestClient) -> None:
    enrol(api, "changer@example.com")
    here, there = page_login(app, "changer@example.com"), page_login(app, "changer@example.com")
    form = {CSRF_FIELD: csrf_of(here, "/account"), "current_password": PASSWORD, "new_password": "password12"}
    refused = here.post("/account/password", data=form)
    assert refused.status_code == 422 and "commonly used" in refused.text
    changed = here.post("/account/password", data={**form, "new_password": "a brand new passphrase"})
    assert changed.status_code == 200 and "1 other browser was signed out" in changed.text
    assert here.get("/today").status_code == 200
    assert there.get("/today").headers["location"].startswith("/login")


def test_failed_sign_ins_from_one_address_answer_429_with_retry_after_in_the_openapi(api: TestClient) -> None:
    """The throttle's answer, and its place in the API's description."""
    enrol(api, "throttled@example.com")
    for _ in range(5):
        assert api.post("/api/v1/auth/token", json={"email": "throttled@example.com", "password": "wrong password"}
                        ).status_code == 401  # fmt: skip
    answer = api.post("/api/v1/auth/token", json={"email": "throttled@example.com", "password": PASSWORD})
    assert answer.status_code == 429
    assert 0 < int(answer.headers["Retry-After"]) <= 30
    assert answer.json()["detail"][0]["code"] == "locked" and "second" in answer.json()["detail"][0]["message"]
    spec = api.get("/api/v1/openapi.json").json()
    responses = spec["paths"]["/api/v1/auth/token"]["post"]["responses"]
    assert "Retry-After" in responses["429"]["headers"]
    for path, method in [
        ("/api/v1/auth/tokens", "get"),
        ("/api/v1/auth/tokens", "post"),
        ("/api/v1/auth/tokens/{token_id}", "delete"),
        ("/api/v1/auth/signout-everywhere", "post"),
    ]:
        assert "401" in spec["paths"][path][method]["responses"], (path, method)  # fmt: skip


def test_the_sign_up_page_answers_alike_for_a_new_and_a_known_email(app: FastAPI, api: TestClient) -> None:
    """Same status, same place to go; the owner of the known email sees a notice when they next sign in."""
    enrol(api, "known@example.com")
    answers = []
    for email in ("known@example.com", "unknown@example.com"):
        with TestClient(app, follow_redirects=False) as browser:
            form = {CSRF_FIELD: csrf_of(browser, "/signup"), "email": email, "password": "some other passphrase"}
            answer = browser.post("/signup", data=form)
            answers.append((answer.status_code, answer.headers["location"], answer.text))
    assert answers[0] == answers[1]
    owner = TestClient(app, follow_redirects=False)
    form = {CSRF_FIELD: csrf_of(owner), "email": "known@example.com", "password": PASSWORD, "next": "/today"}
    assert owner.post("/login", data=form).headers["location"] == "/account"
    assert "someone tried to sign up again with your email" in owner.get("/account").text
    assert "someone tried" not in owner.get("/account").text  # shown once


def test_the_sign_in_page_says_how_long_to_wait_after_too_many_failures(app: FastAPI, api: TestClient) -> None:
    enrol(api, "page-throttled@example.com")
    browser = TestClient(app, follow_redirects=False)
    form = {CSRF_FIELD: csrf_of(browser), "email": "page-throttled@example.com", "next": "/today"}
    for _ in range(5):
        assert browser.post("/login", data={**form, "password": "a wrong guess"}).status_code == 401
    answer = browser.post("/login", data={**form, "password": PASSWORD})
    assert answer.status_code == 429 and 0 < int(answer.headers["Retry-After"]) <= 30
    assert "please wait" in answer.text and "seconds" in answer.text


def test_one_browser_signs_another_out_through_the_page_or_the_api(app: FastAPI, api: TestClient) -> None:
    headers = enrol(api, "two-browsers@example.com")
    here, lost, stolen = (page_login(app, "two-browsers@example.com") for _ in range(3))
    listed = here.get("/api/v1/auth/sessions").json()
    assert [s["current"] for s in listed].count(True) == 1
    lost_id, stolen_id = sorted(s["id"] for s in listed if not s["current"])
    page = here.get("/account")
    assert page.text.count("Sign this browser out") == 2  # not offered for this browser itself
    ended = here.post(f"/account/sessions/{lost_id}/end", data={CSRF_FIELD: csrf_of(here, "/account")})
    assert (ended.status_code, ended.headers["location"]) == (303, "/account")
    assert lost.get("/today").headers["location"].startswith("/login")
    assert api.delete(f"/api/v1/auth/sessions/{stolen_id}", headers=headers).status_code == 204
    assert stolen.get("/api/v1/me").status_code == 401
    assert here.get("/today").status_code == 200
    assert api.delete(f"/api/v1/auth/sessions/{stolen_id}", headers=headers).status_code == 404
