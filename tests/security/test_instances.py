"""Two `gluterx serve` processes on one PostgreSQL database, as two machines behind a proxy would run: whatever says
who is signed in lives in the database, so what one ends the other refuses on its very next request (issue 13,
"Several servers, one database"). Before, tokens were remembered per process for 30 s and could not be revoked at all,
cookies were stateless, and a sign-out through one server left the cookie working on every server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from gluterx.adapters.web.security import CSRF_FIELD
from tests.adapters.db.conftest import _postgres_database
from tests.adapters.web.conftest import PASSWORD
from tests.faults.conftest import Server, _migrated

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
EMAIL = "two-servers@example.com"


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    for url in _postgres_database():
        _migrated(url)  # migrations run once, before the servers start (docs/deploy.md)
        one = Server(url="", database_url=url, log=tmp_path / "one.log")
        two = Server(url="", database_url=url, log=tmp_path / "two.log")
        try:
            one.start()
            two.start()
            yield one, two
        finally:
            one.stop()
            two.stop()


def _csrf(browser: httpx.Client, path: str) -> str:
    found = re.search(rf'name="{CSRF_FIELD}" value="([^"]+)"', browser.get(path).text)
    assert found, path
    return found.group(1)


def test_what_one_server_ends_the_other_refuses_at_once(servers: tuple[Server, Server]) -> None:
    one, two = servers
    a, b = httpx.Client(base_url=one.url), httpx.Client(base_url=two.url)
    assert a.post("/api/v1/auth/signup", json={"email": EMAIL, "password": PASSWORD}).status_code == 202

    # an API token made through one works through the other, until it is revoked through the first
    issued = b.post("/api/v1/auth/token", json={"email": EMAIL, "password": PASSWORD, "name": "kept"}).json()
    spare = a.post("/api/v1/auth/token", json={"email": EMAIL, "password": PASSWORD, "name": "spare"}).json()
    kept, spare_auth = ({"Authorization": f"Bearer {t['token']}"} for t in (issued, spare))
    assert b.get("/api/v1/me", headers=spare_auth).status_code == 200
    assert a.delete(f"/api/v1/auth/tokens/{spare['id']}", headers=kept).status_code == 204
    assert b.get("/api/v1/me", headers=spare_auth).status_code == 401
    assert [t["name"] for t in b.get("/api/v1/auth/tokens", headers=kept).json()] == ["kept"]

    # a browser signed in through one is signed in on the other; signed out through the other, it is out on both
    browser = httpx.Client(base_url=one.url)
    form = {CSRF_FIELD: _csrf(browser, "/login"), "email": EMAIL, "password": PASSWORD, "next": "/today"}
    assert browser.post("/login", data=form).status_code == 303
    cookie = browser.cookies["gluterx_session"]
    on_two = httpx.Client(base_url=two.url, cookies={"gluterx_session": cookie})
    assert on_two.get("/api/v1/me").status_code == 200
    assert on_two.post("/logout", data={CSRF_FIELD: _csrf(on_two, "/account")}).status_code == 303
    for url in (one.url, two.url):
        stale = httpx.Client(base_url=url, cookies={"gluterx_session": cookie})
        assert stale.get("/api/v1/me").status_code == 401, url

    # failed sign-ins counted by one server slow the same client down on the other
    for _ in range(5):
        assert a.post("/api/v1/auth/token", json={"email": EMAIL, "password": "a wrong guess"}).status_code == 401
    throttled = b.post("/api/v1/auth/token", json={"email": EMAIL, "password": PASSWORD})
    assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) > 0

    # sign out everywhere through one: the other refuses the last token too
    assert b.post("/api/v1/auth/signout-everywhere", headers=kept).status_code == 200
    assert a.get("/api/v1/me", headers=kept).status_code == 401
