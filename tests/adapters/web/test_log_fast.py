"""A plain POST /api/v1/sessions logged in front of FastAPI (adapters/web/fast_log.py): the same bytes and headers as
the routed answer on an identical store, durable and seen by GET /today at once, and every request it does not fully
understand (or that the use case refuses) answered by the route, with the body it read replayed.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from starlette.middleware.errors import ServerErrorMiddleware
from starlette.middleware.sessions import SessionMiddleware

from gluterx.adapters.web import fast_log
from gluterx.adapters.web.api import training
from gluterx.adapters.web.app import create_app
from gluterx.adapters.web.security import SecurityHeaders
from gluterx.bootstrap import build
from gluterx.config import Settings
from tests.adapters.web.conftest import PASSWORD, SECRET, START, Person, make_profile, make_session

Start = Callable[..., dict[str, Any]]
URL = "/api/v1/sessions"


@pytest.fixture
def logged(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bytes]]:
    """The bodies the fast path sent (the route sends through its own reference to logged_response, not this one)."""
    sent: list[bytes] = []
    plain = fast_log.logged_response

    def recording(outcome: Any) -> Any:
        response = plain(outcome)
        sent.append(bytes(response.body))
        return response

    monkeypatch.setattr(fast_log, "logged_response", recording)
    yield sent


def first_day(client: TestClient, person: Person) -> dict[str, Any]:
    answer = client.get("/api/v1/today", params={"date": START}, headers=person.headers)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def raw(answer: Any) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """Status, headers in their order (the date aside: it is the server's clock) and body."""
    return answer.status_code, [(k, v) for k, v in answer.headers.raw if k != b"date"], answer.content


def _sessions_on_disk(client: TestClient) -> int:
    """Sessions in the database file, read by a connection of its own (what a restarted server would find)."""
    path = client.app.state.container.engine.url.database  # type: ignore[attr-defined]
    with sqlite3.connect(path) as conn:
        (count,) = conn.execute("SELECT count(*) FROM performed_sessions").fetchone()
    return int(count)


# ------------------------------------------------------------------------------------------- the same answer as routed


def _started(client: TestClient, email: str) -> Person:
    """Someone signed up on an app of the test's own, with a token whose "last used" is written and a programme."""
    assert client.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD}).status_code == 202
    token = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD}).json()["token"]
    person = Person(email, 0, {"Authorization": f"Bearer {token}"})
    assert client.get("/api/v1/me", headers=person.headers).status_code == 200  # "last used" noted
    put = client.put("/api/v1/profile", params={"start_date": START}, json=make_profile(), headers=person.headers)
    assert put.status_code == 200
    return person


def _posts_on_a_fresh_store(tmp: Path, *, hsts: bool) -> list[tuple[int, list[tuple[bytes, bytes]], bytes]]:
    """The same requests on a fresh store: four logs (with and without allow_duplicate), the day's GET /today and the
    history, as answered."""
    settings = Settings(database_url=f"sqlite:///{tmp / 'store.db'}", environment="test", secret_key=SECRET,
                        cookie_secure=hsts)  # fmt: skip
    container = build(settings)
    answers = []
    try:
        with TestClient(create_app(container)) as client:
            person = _started(client, "same@example.com")
            today = first_day(client, person)
            for reps, query in ((15, ""), (30, "?allow_duplicate=false"), (30, "?allow_duplicate=true"), (8, "")):
                body = make_session(today, reps=reps, notes="felt good — ünïcode ✓")
                answers.append(raw(client.post(URL + query, json=body, headers=person.headers)))
            answers.append(raw(client.get("/api/v1/today", params={"date": START}, headers=person.headers)))
            answers.append(raw(client.get(URL, headers=person.headers)))
    finally:
        container.engine.dispose()
    return answers


@pytest.mark.parametrize("hsts", [False, True])
def test_a_logged_session_is_answered_byte_for_byte_as_the_route_answers_it(
    tmp_path: Path, logged: list[bytes], monkeypatch: pytest.MonkeyPatch, hsts: bool
) -> None:
    (tmp_path / "fast").mkdir()
    (tmp_path / "routed").mkdir()
    quick = _posts_on_a_fresh_store(tmp_path / "fast", hsts=hsts)
    assert len(logged) == 4  # every log answered in front of the router
    with monkeypatch.context() as off:
        off.setattr(fast_log, "plain_post", lambda _scope: None)  # every request goes through FastAPI
        routed = _posts_on_a_fresh_store(tmp_path / "routed", hsts=hsts)
    assert len(logged) == 4
    assert [status for status, _, _ in quick[:4]] == [201] * 4
    assert quick == routed  # status, every header in its order, body; and what the store kept reads back the same
    headers = dict(quick[0][1])
    assert headers[b"location"] == b"/api/v1/sessions/1"
    assert (b"strict-transport-security" in headers) is hsts


# ---------------------------------------------------------------------------------------- durable, and seen at once


def test_a_fast_log_is_on_disk_when_answered_and_todays_kept_answer_is_computed_afresh(
    client: TestClient, a: Person, started: Start, logged: list[bytes]
) -> None:
    started(a)
    today = first_day(client, a)
    assert first_day(client, a) == today  # kept now (adapters/web/fast.py serves it)
    assert _sessions_on_disk(client) == 0
    answer = client.post(URL, json=make_session(today, reps=30), headers=a.headers)
    assert answer.status_code == 201 and logged == [answer.content]
    assert _sessions_on_disk(client) == 1  # committed before the answer
    after = first_day(client, a)
    assert after != today  # the person's revision moved: not the kept answer
    routed = client.get("/api/v1/today", params={"date": START}, headers={**a.headers, "Cookie": "x=1"}).json()
    assert after == routed  # what the route computes from the store now
    history = client.get(URL, headers=a.headers).json()
    assert [s["id"] for s in history] == [answer.json()["session_id"]]


def test_a_fast_log_passes_no_middleware_and_uses_the_thread_pool_only_for_the_use_case(
    client: TestClient, a: Person, started: Start, logged: list[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    started(a)
    body = make_session(first_day(client, a))
    passed: list[str] = []
    for layer in (SessionMiddleware, SecurityHeaders, ServerErrorMiddleware):
        plain = layer.__call__

        async def counting(self: Any, scope: Any, receive: Any, send: Any, _plain: Any = plain) -> None:
            passed.append(type(self).__name__)
            await _plain(self, scope, receive, send)

        monkeypatch.setattr(layer, "__call__", counting)
    hops: list[str] = []
    pool = training.run_in_threadpool

    async def counted(fn: Any, *args: Any, **kwargs: Any) -> Any:
        hops.append(fn.__name__)
        return await pool(fn, *args, **kwargs)

    monkeypatch.setattr(training, "run_in_threadpool", counted)
    assert client.post(URL, json=body, headers=a.headers).status_code == 201
    assert len(logged) == 1 and passed == [] and hops == ["log_session"]  # signed in on the loop's thread (SQLite)


# --------------------------------------------------------------------------------------------- left to the route


def _body(client: TestClient, a: Person) -> dict[str, Any]:
    return make_session(first_day(client, a))


BadBody = Callable[[dict[str, Any]], Any]


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        (lambda b: {**b, "exercises": [{**b["exercises"][0], "sets": [{"reps": -1}]}]}, 422, "exercises.0.sets.0.reps"),
        (
            lambda b: {**b, "exercises": [{**b["exercises"][0], "exercise_id": "no_such_thing"}]},
            422,
            "exercises.0.exercise_id",
        ),
        (lambda b: {**b, "date": "1999-12-31"}, 422, "date"),
        (lambda b: {**b, "surprise": 1}, 422, "surprise"),
        (lambda b: {**b, "idempotency_key": "k"}, 422, "idempotency_key"),  # the body's field, not the header's
        (lambda b: {**b, "exercises": []}, 422, "exercises"),
        (lambda b: [b], 422, None),  # not an object
    ],
)
def test_a_body_the_use_case_refuses_is_answered_by_the_route_in_its_own_words(
    client: TestClient,
    a: Person,
    started: Start,
    logged: list[bytes],
    monkeypatch: pytest.MonkeyPatch,
    change: BadBody,
    status: int,
    field: str | None,
) -> None:
    started(a)
    body = change(_body(client, a))
    answer = client.post(URL, json=body, headers=a.headers)
    assert answer.status_code == status and not logged
    detail = answer.json()["detail"]
    assert all(set(problem) >= {"field", "message"} for problem in detail)  # the documented [{field, message}]
    if field is not None:
        assert field in [problem["field"] for problem in detail]
    monkeypatch.setattr(fast_log, "plain_post", lambda _scope: None)
    assert raw(client.post(URL, json=body, headers=a.headers)) == raw(answer)  # the route's answer, byte for byte
    assert _sessions_on_disk(client) == 0


@pytest.mark.parametrize(
    ("content", "headers", "query", "status"),
    [
        (b'{"date": "2026-11-23", "exercises": [', {}, "", 422),  # not JSON
        (b"\xff\xfe", {}, "", 422),  # not UTF-8
        (b'{"date": "\xff"}', {}, "", 400),
        (None, {"Content-Type": "text/plain"}, "", 422),
        (None, {"Content-Type": "application/json; charset=utf-8"}, "", 201),  # fine, but not the plain case
        (None, {"Cookie": "gluterx_session=whatever"}, "", 201),  # the browser's session is the route's business
        (None, {"Authorization": "Bearer not-a-token"}, "", 401),
        (None, {"Authorization": "Basic dXNlcjpwYXNz"}, "", 401),
        (None, {"Idempotency-Key": "a-key-1"}, "", 201),  # the route keeps the key
        (None, {"Idempotency-Key": "no spaces allowed"}, "", 422),
        (None, {}, "?allow_duplicate=1", 201),  # a query it does not read itself
        (None, {}, "?allow_duplicate=maybe", 422),
        (None, {}, "?x=1", 201),
    ],
)
def test_anything_unusual_is_left_to_the_route(
    client: TestClient,
    a: Person,
    started: Start,
    logged: list[bytes],
    content: bytes | None,
    headers: dict[str, str],
    query: str,
    status: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started(a)
    sent = content if content is not None else json.dumps(_body(client, a)).encode()

    def post() -> Any:
        return client.post(
            URL + query, content=sent, headers={**a.headers, "Content-Type": "application/json", **headers}
        )

    answer = post()
    assert answer.status_code == status, answer.text
    assert not logged
    assert _sessions_on_disk(client) == (1 if status == 201 else 0)
    if status != 201:  # nothing stored: the same request routed on the same store answers the same bytes
        monkeypatch.setattr(fast_log, "plain_post", lambda _scope: None)
        assert raw(post()) == raw(answer)


def test_too_large_a_body_is_the_routes_413(client: TestClient, a: Person, started: Start, logged: list[bytes]) -> None:
    started(a)
    body = {**_body(client, a), "notes": "x" * (3 * 1024 * 1024)}
    answer = client.post(URL, json=body, headers=a.headers)
    assert answer.status_code == 413 and answer.json()["detail"][0]["code"] == "body_too_large" and not logged


def test_a_revoked_token_a_duplicate_and_someone_without_a_programme_are_the_routes(
    client: TestClient, a: Person, b: Person, started: Start, logged: list[bytes]
) -> None:
    started(a)
    body = _body(client, a)
    assert client.post(URL, json=body, headers=a.headers).status_code == 201 and len(logged) == 1
    again = client.post(URL, json=body, headers=a.headers)  # refused by the use case: nothing stored, the route's 409
    assert again.status_code == 409 and again.json()["detail"][0]["field"] == "allow_duplicate" and len(logged) == 1
    assert client.post(URL, json=body, headers=b.headers).status_code == 404 and len(logged) == 1  # no programme
    (token,) = client.get("/api/v1/auth/tokens", headers=a.headers).json()
    assert client.delete(f"/api/v1/auth/tokens/{token['id']}", headers=a.headers).status_code == 204
    refused = client.post(URL + "?allow_duplicate=true", json=body, headers=a.headers)
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer" and len(logged) == 1
    assert _sessions_on_disk(client) == 1


def test_a_token_whose_last_use_is_due_goes_through_the_route_which_notes_it(
    client: TestClient, a: Person, started: Start, logged: list[bytes]
) -> None:
    started(a)
    body = _body(client, a)
    with client.app.state.container.uow() as uow:  # type: ignore[attr-defined]
        uow.session.execute(text("UPDATE api_tokens SET last_used_at = '2026-01-01 00:00:00'"))
        uow.commit()
    assert client.post(URL, json=body, headers=a.headers).status_code == 201 and not logged  # the route wrote it
    assert client.get("/api/v1/auth/tokens", headers=a.headers).json()[0]["last_used_at"] > "2026-01-02"
    assert client.post(URL + "?allow_duplicate=true", json=body, headers=a.headers).status_code == 201
    assert len(logged) == 1


# ------------------------------------------------------------------------------------------------------ the ASGI side


def _scope(a: Person, length: int) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": URL,
        "raw_path": URL.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver"),
            (b"authorization", a.headers["Authorization"].encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(length).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }


def _in_pieces(client: TestClient, a: Person, body: bytes) -> tuple[int, bytes]:
    """POST `body` in three pieces straight to the app, as a server hands a body over in several messages."""
    cut = len(body) // 3
    pieces = [body[:cut], body[cut : 2 * cut], body[2 * cut :]]
    messages = [{"type": "http.request", "body": p, "more_body": i < 2} for i, p in enumerate(pieces)]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop(0)
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def call() -> None:
        await client.app(_scope(a, len(body)), receive, send)  # type: ignore[operator]

    client.portal.call(call)  # type: ignore[union-attr]
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def test_a_body_in_pieces_is_read_whole_and_replayed_whole_to_the_route(
    client: TestClient, a: Person, started: Start, logged: list[bytes]
) -> None:
    started(a)
    body = _body(client, a)
    status, answer = _in_pieces(client, a, json.dumps(body).encode())
    assert status == 201 and logged == [answer]
    bad = {**body, "exercises": [{**body["exercises"][0], "sets": [{"reps": -1}]}]}
    status, answer = _in_pieces(client, a, json.dumps(bad).encode())  # left to the route, which reads it all again
    assert status == 422 and json.loads(answer)["detail"][0]["field"] == "exercises.0.sets.0.reps"
    assert len(logged) == 1


def test_an_error_once_the_use_case_was_called_is_the_apps_500_and_is_not_logged_twice(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, logged: list[bytes]
) -> None:
    """An error that may come after the COMMIT is not tried again through the route: one session, and the answer
    (and the report) the app gives any error."""
    container = build(settings)
    try:
        with TestClient(create_app(container), raise_server_exceptions=False) as client:
            person = _started(client, "crash@example.com")
            body = make_session(first_day(client, person))
            real = training.log_session

            def then_fails(*args: Any, **kwargs: Any) -> Any:
                real(*args, **kwargs)
                raise RuntimeError("a fault after the COMMIT")

            monkeypatch.setattr(training, "log_session", then_fails)
            quick = client.post(URL, json=body, headers=person.headers)
            assert _sessions_on_disk(client) == 1  # stored once, not again by the route
            monkeypatch.setattr(fast_log, "plain_post", lambda _scope: None)
            routed = client.post(URL + "?allow_duplicate=true", json=body, headers=person.headers)
            assert _sessions_on_disk(client) == 2
    finally:
        container.engine.dispose()
    assert quick.status_code == 500 and quick.json()["detail"][0]["code"] == "internal_error" and not logged
    assert raw(quick) == raw(routed)
