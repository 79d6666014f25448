"""Request dependencies: the container, the signed-in person (cookie session or bearer token), CSRF checks."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Annotated

from fastapi import Depends, Form, HTTPException, Request, status
from starlette.concurrency import run_in_threadpool

from gluterx.bootstrap import Container
from gluterx.services import accounts

from .security import CSRF_FIELD, CSRF_HEADER, csrf_ok


async def get_container(request: Request) -> Container:
    # async: a plain function here would cost every request a hop to the thread pool and back
    container: Container = request.app.state.container
    return container


ContainerDep = Annotated[Container, Depends(get_container)]


@dataclass(frozen=True)
class CurrentUser:
    account_id: int
    person_id: int
    email: str
    display_name: str
    role: str
    via_token: bool


class NotSignedIn(Exception):
    """Raised by page routes; the app turns it into a redirect to the sign-in page."""


# Who a bearer token belongs to, remembered for a short while per app: an API client sends the same token with every
# request, and looking it up cost a database read and a trip to the thread pool each time. Nothing revokes a token
# or changes an account's role through the app today; whatever does so elsewhere (a restore) shows within this time.
TOKEN_CACHE_SECONDS = 30.0
TOKEN_CACHE_SIZE = 10_000


class TokenCache:
    """Token hash -> CurrentUser, each kept TOKEN_CACHE_SECONDS; used from the event loop only (no locking)."""

    def __init__(self, *, seconds: float = TOKEN_CACHE_SECONDS, size: int = TOKEN_CACHE_SIZE) -> None:
        self.seconds, self.size = seconds, size
        self._found: dict[str, tuple[float, CurrentUser]] = {}

    def get(self, key: str) -> CurrentUser | None:
        found = self._found.get(key)
        if found is None:
            return None
        if found[0] < time.monotonic():
            del self._found[key]
            return None
        return found[1]

    def put(self, key: str, user: CurrentUser) -> None:
        if len(self._found) >= self.size:
            self._found.clear()  # simplest bound; the next requests look their tokens up again
        self._found[key] = (time.monotonic() + self.seconds, user)

    def clear(self) -> None:
        self._found.clear()


def token_cache(request: Request) -> TokenCache:
    cache: TokenCache | None = getattr(request.app.state, "token_cache", None)
    if cache is None:
        cache = request.app.state.token_cache = TokenCache()
    return cache


def _bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def _from_bearer(container: Container, token: str) -> CurrentUser | None:
    info = accounts.user_for_token(container.uow(), token)
    if info is None:
        return None
    return CurrentUser(via_token=True, **asdict(info))


def _from_session(request: Request, container: Container) -> CurrentUser | None:
    account_id = request.session.get("account_id")
    if not isinstance(account_id, int):
        return None
    info = accounts.account_info(container.uow(), account_id)
    if info is None:
        request.session.clear()
        return None
    return CurrentUser(via_token=False, **asdict(info))


async def api_user(request: Request, container: ContainerDep) -> CurrentUser:
    """The API caller: a bearer token, or the browser session (then state-changing calls need the CSRF header).

    The database is read in the thread pool, never on the event loop; a remembered token needs no read at all.
    """
    user = None
    token = _bearer_token(request)
    if token is not None:
        cache, key = token_cache(request), accounts.hash_token(token)
        user = cache.get(key)
        if user is None:
            user = await run_in_threadpool(_from_bearer, container, token)
            if user is not None:
                cache.put(key, user)
    if user is None and isinstance(request.session.get("account_id"), int):
        user = await run_in_threadpool(_from_session, request, container)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="sign in first: send 'Authorization: Bearer <token>' (POST /api/v1/auth/token) or a session cookie",
            headers={"WWW-Authenticate": "Bearer"},
        )
    unsafe = request.method not in ("GET", "HEAD", "OPTIONS")
    if not user.via_token and unsafe and not csrf_ok(request, request.headers.get(CSRF_HEADER)):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=f"missing or wrong {CSRF_HEADER} header")
    return user


def page_user(request: Request, container: ContainerDep) -> CurrentUser:
    user = _from_session(request, container)
    if user is None:
        raise NotSignedIn
    return user


def check_csrf(request: Request, csrf_token: Annotated[str | None, Form(alias=CSRF_FIELD)] = None) -> None:
    """Every page form posts the session's token (htmx sends it as a header)."""
    if not csrf_ok(request, csrf_token or request.headers.get(CSRF_HEADER)):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="This form has expired. Please go back and try again.")


ApiUser = Annotated[CurrentUser, Depends(api_user)]
PageUser = Annotated[CurrentUser, Depends(page_user)]
Csrf = Annotated[None, Depends(check_csrf)]
