"""A plain POST /api/v1/sessions logged in front of FastAPI's routing (issue 13, performance).

Logging a session is the use case's work (judging it, writing it, one shared COMMIT), yet through FastAPI a POST also
paid for its entry, the error, session and security-header middleware, routing through every route, solving the
dependency tree (the signed-in lookup in the thread pool, through a unit of work) and building the answer: ~1.4 ms of
the ~7 ms of server CPU a POST cost (bench/README.md, "POST CPU"). This layer sits in front of all of them, behind
the kept GET's (adapters/web/fast.py `KeptToday`, the app's outermost), and does for a plain request exactly what the
route does, through the route's own functions:

- it signs in the same way, with the same lookup (fast.py `SignedIn`: on SQLite on the loop's thread);
- it reads the body as FastAPI does (`json.loads` of the bytes), checks it with the route's `session_checked`
  (`parse_session`, `check_day`) and logs it with the route's `logged_from`: the very same use case
  (`log_session`) with the same arguments in the thread pool, so SQLite's writers' lock, the shared COMMIT and its
  fsync, the revision bump (which makes every kept GET /today of the person computed afresh) are the route's;
- it sends `api.training.logged_response`, the route's own answer (201, the `Logged` model's JSON, Location),
  through the security-header layer's own `sending`, so the bytes and headers, in their order, are the routed ones.

A plain request is: POST, exactly that path, no root path, no query or exactly `allow_duplicate=true` or `=false`,
one `Authorization: Bearer` header, no cookie, no Idempotency-Key, one `Content-Type: application/json`, one
Content-Length of 1 byte to the route's JSON limit (adapters/web/limits.py), no Transfer-Encoding, Expect or Upgrade.

Anything else goes on to FastAPI, with whatever of the body this layer read replayed message by message, and is
answered by the route as before: another path, method or query, a request not plain as above (413 for too large, the
session's CSRF check for a cookie, the idempotency key's replay and 409), a body that is not JSON or not an object, an
unknown or revoked token and one whose "last used" is due (the route writes it), and every refusal of the use case
(ServiceError: a bad field, an unknown exercise, a day out of range, no programme, a duplicate session), which
stores nothing, so the route meets it again and answers it in its own words (`[{field, message}]`). Any other error
once the use case was called is not tried again (it may come after the COMMIT): it is answered as the app answers
an error, by the app's own handler through Starlette's ServerErrorMiddleware, which then reports it.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Mapping
from typing import Any

from starlette.middleware.errors import ServerErrorMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gluterx.services.ports import ServiceError

from .api.training import logged_from, logged_response, session_checked
from .fast import SignedIn, bearer_in, single_headers
from .limits import JSON_LIMIT
from .security import SecurityHeaders

__all__ = ["PATH", "PlainLog", "plain_post"]

PATH = "/api/v1/sessions"
_QUERIES = {b"": False, b"allow_duplicate=true": True, b"allow_duplicate=false": False}  # as FastAPI reads them
# Headers that make the route's answer something else (the session's CSRF, a key's replay) or that this layer does not
# handle itself
_LEAVE_TO_ROUTER = (b"cookie", b"idempotency-key", b"transfer-encoding", b"expect", b"upgrade")


class PlainLog:
    """Pure ASGI, in front of FastAPI: logs a plain, signed-in `POST /api/v1/sessions` as the route does and sends the
    route's answer with the security headers the app's own layer adds; passes everything else on to the app."""

    def __init__(
        self, app: ASGIApp, *, state: Any, signed_in: SignedIn, hsts: bool, handlers: Mapping[Any, Any]
    ) -> None:
        self.app = app
        self.state = state  # the FastAPI app's state: its container
        self.signed_in = signed_in
        self.security = SecurityHeaders(app, hsts=hsts)  # the app's layer, for its headers (`sending`)
        self.handlers = handlers  # the app's exception handlers (registered after this layer is made)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == PATH and scope["method"] == "POST":
            asked = plain_post(scope)
            if asked is not None:
                await self._log(scope, receive, send, asked)
                return
        await self.app(scope, receive, send)

    async def _log(self, scope: Scope, receive: Receive, send: Send, asked: tuple[str, int, bool]) -> None:
        token, length, allow_duplicate = asked
        read, body = await _body(receive, length)
        replayed = _replaying(read, receive)
        session, person_id = None, None
        try:  # nothing written yet: on any error or refusal the route meets it again, and answers it in its own words
            data = json.loads(body) if body is not None else None  # as FastAPI reads a JSON body
            if isinstance(data, dict):
                found = await self.signed_in.caller(token)
                if found is not None:
                    session, person_id = session_checked(data, self.state.container), found.user.person_id
        except Exception:
            session = None
        if session is None or person_id is None:
            await self.app(scope, replayed, send)
            return
        try:
            logged = await logged_from(
                self.state.container,
                session,
                person_id=person_id,
                idempotency_key=None,
                allow_duplicate=allow_duplicate,
            )
            response = logged_response(logged)
        except ServiceError:  # refused by the use case, nothing stored: the route meets it again
            await self.app(scope, replayed, send)
            return
        except Exception as exc:  # perhaps after the COMMIT, so never again: answered and reported as the app does
            await ServerErrorMiddleware(_raising(exc), handler=self.handlers.get(Exception))(scope, replayed, send)
            return
        await response(scope, replayed, self.security.sending(send))


def plain_post(scope: Scope) -> tuple[str, int, bool] | None:
    """(bearer token, the body's length, allow_duplicate) for a request this layer may log, else None (the router
    answers)."""
    if scope.get("root_path"):
        return None
    allow_duplicate = _QUERIES.get(scope.get("query_string", b""))
    if allow_duplicate is None:
        return None
    headers = single_headers(
        scope, (b"authorization", b"content-type", b"content-length"), _LEAVE_TO_ROUTER.__contains__
    )
    token = bearer_in(headers)
    if headers is None or token is None:
        return None
    content_type, content_length = headers.get(b"content-type"), headers.get(b"content-length")
    if content_type is None or content_type.strip().lower() != b"application/json":
        return None
    if content_length is None or not content_length.isdigit() or not 0 < int(content_length) <= JSON_LIMIT:
        return None
    return token, int(content_length), allow_duplicate


async def _body(receive: Receive, length: int) -> tuple[list[Message], bytes | None]:
    """The messages read, and the body when it came whole in `length` bytes (else None: the app reads on)."""
    read: list[Message] = []
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        read.append(message)
        if message["type"] != "http.request":  # e.g. the client went away
            return read, None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > length:
            return read, None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return read, b"".join(chunks) if size == length else None


def _replaying(read: list[Message], receive: Receive) -> Receive:
    """`receive`, giving the messages already read first, in their order."""
    pending = deque(read)

    async def replayed() -> Message:
        return pending.popleft() if pending else await receive()

    return replayed


def _raising(exc: Exception) -> ASGIApp:
    """An app that raises `exc`, for the app's own error layer to answer and report."""

    async def app(_scope: Scope, _receive: Receive, _send: Send) -> None:
        raise exc

    return app
