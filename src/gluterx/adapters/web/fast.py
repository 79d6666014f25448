"""A kept GET /api/v1/today answered in front of FastAPI's routing (issue 13, performance).

`GET /api/v1/today` keeps its answer per person and day until the person's next write (api/training.py,
adapters/web/results.py). Serving a kept answer needs only the signed-in lookup (the token's one indexed query, which
also reads the revision the person's kept results are valid for: theirs plus the store's epoch, adapters/db/revision.py
`SEEN_REVISION`), yet through FastAPI it also paid for routing through every route, the dependency
tree and a response built afresh: most of a kept answer's CPU. This layer is the app's outermost (`GluteRx.__call__`,
adapters/web/app.py), in front of FastAPI's own entry, its error and session middleware, the security headers and the
router. For a plain request it runs the token's lookup (the repository's own query: on SQLite on the event loop's own
thread, adapters/db/inline.py; on PostgreSQL on a pooled connection in the thread pool, without a unit of work) and
reads it as `accounts.user_for_token` does (`accounts.caller`); when an answer is kept for that person, day and
revision it sends it through the route's own `today_response` and the security-header layer's own `sending`, so the
bytes and headers, in their order, are the routed answer's. The session layer adds nothing to a request without a
cookie, and this one takes none.

Anything else goes on to FastAPI untouched, which answers it as before: another path or method, a query other than
`date=YYYY-MM-DD` within the accepted days, a root path, no bearer token or more than one Authorization header, a
cookie (the browser's session is the route's business), a conditional or range request, a request body, an unknown
or revoked token, a token whose "last used" is due to be written (the route writes it after answering), and every
answer not kept yet (the route computes and keeps it); and any error on the way (the app meets it again and answers
or reports it as it always does). Nothing is cached about who is signed in: the lookup runs on
every request, so a token revoked or a write made through any server is seen here at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from gluterx.adapters.db.inline import Unanswered, inline_supported
from gluterx.adapters.db.repositories.accounts import user_by_token_alone, user_by_token_inline
from gluterx.services import accounts
from gluterx.services.accounts import hash_token
from gluterx.services.records import SignedInRecord

from .api._models import FIRST_DAY, LAST_DAY
from .api.training import day_asked, kept_results, today_key, today_response
from .deps import bearer_of
from .security import SecurityHeaders

__all__ = ["PATH", "KeptToday", "SignedIn"]

PATH = "/api/v1/today"
Lookup = Callable[[str, datetime], SignedInRecord | None]
_DATE_QUERY = re.compile(rb"date=(\d{4})-(\d{2})-(\d{2})")
# Headers that could make the routed answer differ from the kept bytes, or that this layer does not handle itself
_LEAVE_TO_ROUTER = (b"cookie", b"range", b"content-length", b"transfer-encoding", b"expect", b"upgrade")


class SignedIn:
    """The signed-in lookup of a bearer token for the layers in front of the router (this one and fast_log.py's): the
    repository's own query (on SQLite on the event loop's own thread, adapters/db/inline.py; elsewhere, or when that
    read cannot be made, on a pooled connection in the thread pool), read as `accounts.user_for_token` reads it."""

    def __init__(self, state: Any) -> None:
        self.state = state  # the FastAPI app's state: its container
        self._inline: tuple[Engine, Lookup] | None = None  # (the engine, its lookup on the calling thread)

    async def caller(self, token: str) -> accounts.Caller | None:
        """Who `token` signs in; None when the route must answer: an unknown, expired or revoked token (its 401), or
        one whose "last used" is due to be written (the route writes it after answering)."""
        now, engine, token_hash = datetime.now(UTC), self.state.container.engine, hash_token(token)
        try:  # SQLite: microseconds, on the loop's thread, waiting for no lock
            looked_up = self._inline_lookup(engine)(token_hash, now)
        except Unanswered:  # PostgreSQL (a round trip), or SQLite busy: in the thread pool, which may wait
            looked_up = await run_in_threadpool(user_by_token_alone, engine, token_hash, now=now)
        found = accounts.caller(looked_up, now=now)  # as accounts.user_for_token says it
        return None if found is None or found.note_due else found

    def _inline_lookup(self, engine: Engine) -> Lookup:
        """The signed-in lookup on the calling thread for an SQLite file (adapters/db/inline.py); for any other store
        one that is always `Unanswered`."""
        if self._inline is None or self._inline[0] is not engine:
            self._inline = (engine, user_by_token_inline(engine) if inline_supported(engine) else _not_inline)
        return self._inline[1]


class KeptToday:
    """Pure ASGI, the app's outermost layer: answers a plain, signed-in `GET /api/v1/today` whose answer is kept, with
    the security headers the app's own layer adds; passes everything else on to the app."""

    def __init__(self, app: ASGIApp, *, state: Any, hsts: bool, signed_in: SignedIn | None = None) -> None:
        self.app = app
        self.state = state  # the FastAPI app's state: its container and its kept results
        self.security = SecurityHeaders(app, hsts=hsts)  # the app's layer, for its headers (`sending`)
        self.signed_in = signed_in or SignedIn(state)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == PATH and scope["method"] == "GET":
            asked = plain_request(scope)
            if asked is not None:
                try:
                    body = await self._kept(asked)
                except Exception:  # the app meets it again, and answers or reports it as it always does
                    body = None
                if body is not None:
                    await today_response(body)(scope, receive, self.security.sending(send))
                    return
        await self.app(scope, receive, send)

    async def _kept(self, asked: tuple[str, dt.date | None]) -> bytes | None:
        """The kept answer for this signed-in request, or None (the app answers it)."""
        token, date = asked
        found = await self.signed_in.caller(token)
        if found is None:  # refused (401) or "last used" to write: the route does both
            return None
        key = today_key(found.user.person_id, found.person_uuid, day_asked(date))
        return kept_results(self.state).get(key, found.revision)


def _not_inline(_token_hash: str, _now: datetime) -> SignedInRecord | None:
    raise Unanswered("not an SQLite file: the lookup is a round trip, for the thread pool")


def plain_request(scope: Scope) -> tuple[str, dt.date | None] | None:
    """(bearer token, the day asked or None) for a request this layer may answer, else None (the router answers)."""
    if scope.get("root_path"):
        return None
    understood, date = _date(scope.get("query_string", b""))
    if not understood:
        return None
    headers = single_headers(
        scope, (b"authorization",), lambda name: name in _LEAVE_TO_ROUTER or name.startswith(b"if-")
    )
    token = bearer_in(headers)
    return None if token is None else (token, date)


def single_headers(
    scope: Scope, wanted: tuple[bytes, ...], leave: Callable[[bytes], bool]
) -> dict[bytes, bytes] | None:
    """The `wanted` headers a request sends, each at most once; None (the router answers) when one comes twice or a
    header `leave` names comes at all. The layers in front of FastAPI (this one, fast_log.py) read requests so."""
    found: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        if name in wanted:
            if name in found:
                return None
            found[name] = value
        elif leave(name):
            return None
    return found


def bearer_in(headers: dict[bytes, bytes] | None) -> str | None:
    """The bearer token of the one Authorization header in `headers` (single_headers'), else None."""
    authorization = None if headers is None else headers.get(b"authorization")
    return (bearer_of(authorization.decode("latin-1")) or None) if authorization is not None else None


def _date(query: bytes) -> tuple[bool, dt.date | None]:
    """(True, None) for no query, (True, the day) for exactly `date=YYYY-MM-DD` within the accepted days, and
    (False, None) for anything else."""
    if not query:
        return True, None
    found = _DATE_QUERY.fullmatch(query)
    if found is None:
        return False, None
    try:
        day = dt.date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return False, None
    return (True, day) if FIRST_DAY <= day <= LAST_DAY else (False, None)
