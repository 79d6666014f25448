"""The fast path in front of FastAPI for a kept GET /api/v1/today (adapters/web/fast.py): the same bytes and headers
as the routed answer, and every request it does not fully understand is left to the router, which answers as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import text
from starlette.middleware.errors import ServerErrorMiddleware
from starlette.middleware.sessions import SessionMiddleware

from gluterx.adapters.db.inline import Unanswered
from gluterx.adapters.db.models import CheckinRow
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.adapters.web import fast
from gluterx.adapters.web.app import create_app
from gluterx.adapters.web.security import SecurityHeaders
from gluterx.bootstrap import build
from gluterx.config import Settings
from tests.adapters.web.conftest import PASSWORD, SECRET, START, Person, make_profile, make_session

Start = Callable[..., dict[str, Any]]
NEXT = "2026-11-25"


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bytes]]:
    """The bodies the fast path sent (the route sends through its own reference to today_response, not this one)."""
    sent: list[bytes] = []
    plain = fast.today_response

    def recording(body: bytes) -> Any:
        sent.append(body)
        return plain(body)

    monkeypatch.setattr(fast, "today_response", recording)
    yield sent


def ask(client: TestClient, person: Person, query: str = f"?date={NEXT}", **headers: str) -> Any:
    return client.get(f"/api/v1/today{query}", headers={**person.headers, **headers})


def warm(client: TestClient, person: Person, query: str = f"?date={NEXT}") -> None:
    """Keep the answer and let the token's first "last used" be written (the route does that, after answering)."""
    assert ask(client, person, query).status_code == 200
    assert ask(client, person, query).status_code == 200


def test_a_kept_answer_is_byte_for_byte_the_routed_one(
    client: TestClient, a: Person, started: Start, served: list[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    started(a)
    for query in (f"?date={NEXT}", f"?date={START}", ""):
        warm(client, a, query)
        before = len(served)
        quick = ask(client, a, query)
        assert len(served) == before + 1  # answered in front of the router
        with monkeypatch.context() as off:
            off.setattr(fast, "plain_request", lambda _scope: None)  # every request goes through FastAPI
            routed = ask(client, a, query)
        assert len(served) == before + 1
        assert quick.status_code == routed.status_code == 200
        assert quick.content == routed.content
        assert quick.headers.raw == routed.headers.raw  # the same headers, in the same order


def test_a_write_is_seen_at_once_and_the_new_answer_is_kept_again(
    client: TestClient, a: Person, started: Start, served: list[bytes]
) -> None:
    started(a)
    warm(client, a, f"?date={START}")
    first_day = ask(client, a, f"?date={START}").json()
    assert served
    assert client.post("/api/v1/sessions", json=make_session(first_day, reps=30), headers=a.headers).status_code == 201
    served.clear()
    after = ask(client, a, f"?date={START}")
    assert not served  # the revision moved: the route computed it afresh
    assert ask(client, a, f"?date={START}").content == after.content and served == [after.content]


def _write(client: TestClient, statement: Any) -> None:
    """A write through the store itself, as another server or the CLI makes it."""
    with SqlUnitOfWork(client.app.state.container.engine) as uow:  # type: ignore[attr-defined]
        uow.session.execute(statement)
        uow.commit()


def test_a_write_that_names_no_one_is_seen_at_once_and_one_by_id_of_someone_elses_row_is_not(
    client: TestClient, a: Person, b: Person, started: Start, served: list[bytes]
) -> None:
    """A DELETE by a row's id cannot name its person: the epoch moves, and A's kept answer is computed afresh. An
    UPDATE of B's check-in by its id names B: A's kept answer is still served (issue 13)."""
    started(a)
    started(b)
    assert client.post("/api/v1/checkins", json={"pain": 2, "date": START}, headers=b.headers).status_code == 200
    warm(client, a)
    _write(client, sa.delete(CheckinRow).where(CheckinRow.id == 12345))
    served.clear()
    assert ask(client, a).status_code == 200 and not served  # the epoch moved: the route computed it afresh
    assert ask(client, a).status_code == 200 and len(served) == 1  # and kept it again
    with SqlUnitOfWork(client.app.state.container.engine) as uow:  # type: ignore[attr-defined]
        theirs = uow.session.execute(sa.select(CheckinRow.id).where(CheckinRow.person_id == b.person_id)).scalar_one()
    _write(client, sa.update(CheckinRow).where(CheckinRow.id == theirs).values(pain=3))
    assert ask(client, a).status_code == 200 and len(served) == 2  # B's revision moved, not A's: still kept


def test_a_revoked_token_is_refused_by_the_router(
    client: TestClient, a: Person, started: Start, served: list[bytes]
) -> None:
    started(a)
    warm(client, a)
    (token,) = client.get("/api/v1/auth/tokens", headers=a.headers).json()
    assert client.delete(f"/api/v1/auth/tokens/{token['id']}", headers=a.headers).status_code == 204
    served.clear()
    refused = ask(client, a)
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer" and not served


@pytest.mark.parametrize(
    ("query", "headers", "status"),
    [
        (f"?date={NEXT}&date={NEXT}", {}, 200),  # a query it does not parse itself
        (f"?date={NEXT}&x=1", {}, 200),
        ("?date=2026-2-3", {}, 422),
        ("?date=2026-02-30", {}, 422),
        ("?date=1999-12-31", {}, 422),  # outside the accepted days: the router's problem list
        ("?date=2200-01-01", {}, 422),
        (f"?date={NEXT}", {"If-None-Match": '"x"'}, 200),  # conditional requests
        (f"?date={NEXT}", {"If-Modified-Since": "Sat, 05 Dec 2026 00:00:00 GMT"}, 200),
        (f"?date={NEXT}", {"Range": "bytes=0-10"}, 200),
        (f"?date={NEXT}", {"Cookie": "gluterx_session=whatever"}, 200),  # the browser's session: the route's
        (f"?date={NEXT}", {"Authorization": "Bearer not-a-token"}, 401),
        (f"?date={NEXT}", {"Authorization": "Basic dXNlcjpwYXNz"}, 401),
        (f"?date={NEXT}", {"Authorization": "Bearer "}, 401),
    ],
)
def test_anything_unusual_is_left_to_the_router(
    client: TestClient,
    a: Person,
    started: Start,
    served: list[bytes],
    query: str,
    headers: dict[str, str],
    status: int,
) -> None:
    started(a)
    warm(client, a)
    served.clear()
    answer = ask(client, a, query, **headers)
    assert answer.status_code == status, answer.text
    assert not served


def test_other_methods_and_paths_are_left_to_the_router(
    client: TestClient, a: Person, started: Start, served: list[bytes]
) -> None:
    started(a)
    warm(client, a)
    served.clear()
    assert client.head(f"/api/v1/today?date={NEXT}", headers=a.headers).status_code == 405
    assert client.post(f"/api/v1/today?date={NEXT}", headers=a.headers).status_code == 405
    slash = client.get(f"/api/v1/today/?date={NEXT}", headers=a.headers, follow_redirects=False)
    assert slash.status_code in (307, 404)
    assert not served


def test_two_authorization_headers_are_left_to_the_router(
    client: TestClient, a: Person, b: Person, started: Start
) -> None:
    started(a)
    warm(client, a)
    scope = {
        "type": "http",
        "method": "GET",
        "path": fast.PATH,
        "query_string": f"date={NEXT}".encode(),
        "headers": [(b"authorization", a.headers["Authorization"].encode())] * 2,
    }
    assert fast.plain_request(scope) is None
    scope["headers"] = scope["headers"][:1]
    assert fast.plain_request(scope) == (a.headers["Authorization"][7:], dt.date(2026, 11, 25))


def test_a_token_whose_last_use_is_due_goes_through_the_route_which_notes_it(
    client: TestClient, a: Person, started: Start, served: list[bytes]
) -> None:
    started(a)
    warm(client, a)
    before = client.get("/api/v1/auth/tokens", headers=a.headers).json()[0]["last_used_at"]
    assert before is not None
    with client.app.state.container.uow() as uow:  # type: ignore[attr-defined]
        uow.session.execute(text("UPDATE api_tokens SET last_used_at = '2026-01-01 00:00:00'"))
        uow.commit()
    served.clear()
    assert ask(client, a).status_code == 200
    assert not served  # due: the route answered and wrote "last used"
    assert ask(client, a).status_code == 200
    assert len(served) == 1


def test_on_sqlite_a_kept_answer_signs_in_on_the_loops_thread_without_the_thread_pool(
    client: TestClient, a: Person, started: Start, served: list[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The token's lookup runs on the event loop's thread (adapters/db/inline.py): no hop to the thread pool."""
    started(a)
    warm(client, a)

    async def no_thread(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the kept answer's lookup went to the thread pool")

    monkeypatch.setattr(fast, "run_in_threadpool", no_thread)
    served.clear()
    assert ask(client, a).status_code == 200 and len(served) == 1


@pytest.mark.parametrize(
    ("error", "by_the_fast_path"),
    [
        # A busy database (or any error of the driver) on the loop's thread: the same lookup in the thread pool,
        # which waits as the repository always did, and the same kept answer
        (Unanswered("database is locked"), True),
        (RuntimeError("a fault in front of the app"), False),  # anything else: the app answers, as before
    ],
)
def test_an_inline_read_that_fails_goes_to_the_thread_pool_and_any_other_error_to_the_app(
    client: TestClient,
    a: Person,
    started: Start,
    served: list[bytes],
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
    by_the_fast_path: bool,
) -> None:
    started(a)
    warm(client, a)
    kept = ask(client, a).content

    def failing(_token_hash: str, _now: dt.datetime) -> Any:
        raise error

    monkeypatch.setattr(client.app.front.signed_in, "_inline", (client.app.state.container.engine, failing))  # type: ignore[attr-defined]
    served.clear()
    again = ask(client, a)
    assert again.status_code == 200 and again.content == kept
    assert served == ([kept] if by_the_fast_path else [])


def test_a_kept_answer_is_sent_in_front_of_every_middleware(
    client: TestClient, a: Person, started: Start, served: list[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The outermost layer answers: the error, session and security-header middleware (and FastAPI's entry) never run
    (the headers are the same all the same: test_a_kept_answer_is_byte_for_byte_the_routed_one)."""
    started(a)
    warm(client, a)
    passed: list[str] = []
    for layer in (SessionMiddleware, SecurityHeaders, ServerErrorMiddleware):
        plain = layer.__call__

        async def counting(self: Any, scope: Any, receive: Any, send: Any, _plain: Any = plain) -> None:
            passed.append(type(self).__name__)
            await _plain(self, scope, receive, send)

        monkeypatch.setattr(layer, "__call__", counting)
    served.clear()
    assert ask(client, a).status_code == 200 and len(served) == 1
    assert passed == []
    assert client.get("/api/v1/me", headers=a.headers).status_code == 200  # everything else goes through them all
    assert set(passed) == {"SessionMiddleware", "SecurityHeaders", "ServerErrorMiddleware"}


def test_with_hsts_a_kept_answer_has_the_routed_ones_headers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'hsts.db'}", environment="test", secret_key=SECRET,
                        cookie_secure=True)  # fmt: skip
    container = build(settings)
    try:
        with TestClient(create_app(container)) as secure:
            email = "hsts@example.com"
            assert secure.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD}).status_code == 202
            token = secure.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD}).json()["token"]
            person = Person(email, 0, {"Authorization": f"Bearer {token}"})
            put = secure.put("/api/v1/profile", params={"start_date": START}, json=make_profile(),
                             headers=person.headers)  # fmt: skip
            assert put.status_code == 200
            warm(secure, person)
            quick = ask(secure, person)
            monkeypatch.setattr(fast, "plain_request", lambda _scope: None)
            routed = ask(secure, person)
    finally:
        container.engine.dispose()
    assert quick.headers["strict-transport-security"]
    assert quick.content == routed.content and quick.headers.raw == routed.headers.raw
