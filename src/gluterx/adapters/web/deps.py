"""Request dependencies: the container, the signed-in person (cookie session or bearer token), CSRF checks.

Who is signed in is read from the database on every request (one indexed read): a browser's cookie carries only a
random session id, a client sends a random token, and both are looked up by their hash. Nothing about it is kept in
one process's memory, so a session or token ended through one server is refused by every other at once. The same read
gives the person's revision (adapters/db/revision.py), the key of the results a server keeps for them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import BackgroundTasks, Depends, Form, HTTPException, Request, status
from starlette.concurrency import run_in_threadpool

from gluterx.bootstrap import Container
from gluterx.services import accounts

from .security import CSRF_FIELD, CSRF_HEADER, SESSION_KEY, csrf_ok


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
    # The person's revision and uuid, read in the same query (adapters/db/revision.py): a result kept for them is
    # served only while the revision has not moved (adapters/web/results.py)
    revision: int = 0
    person_uuid: str = ""


class NotSignedIn(Exception):
    """Raised by page routes; the app turns it into a redirect to the sign-in page."""


def client_address(request: Request) -> str:
    """The caller's address, for the sign-in throttle and the list of sessions."""
    return request.client.host if request.client else "unknown"


def session_id(request: Request) -> str | None:
    """The random id in the browser's session cookie, if any."""
    found = request.session.get(SESSION_KEY)
    return found if isinstance(found, str) and found else None


def _bearer_token(request: Request) -> str | None:
    return bearer_of(request.headers.get("authorization", ""))


def bearer_of(header: str) -> str | None:
    """The token in an Authorization header's value ("Bearer <token>"), or None when it is not a bearer one."""
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def _from_bearer(container: Container, token: str, background: BackgroundTasks) -> CurrentUser | None:
    found = accounts.user_for_token(container.uow(), token, now=datetime.now(UTC))
    if found is None:
        return None
    if found.note_due:  # after the answer, so a busy database does not hold the request up
        background.add_task(accounts.note_seen, container.uow(), token, now=datetime.now(UTC), token=True)
    return CurrentUser(via_token=True, revision=found.revision, person_uuid=found.person_uuid, **asdict(found.user))


def _from_session(request: Request, container: Container, background: BackgroundTasks) -> CurrentUser | None:
    sid = session_id(request)
    if sid is None:
        return None
    found = accounts.user_for_session(container.uow(), sid, now=datetime.now(UTC))
    if found is None:  # ended, expired, or from before sessions lived in the database: start afresh
        request.session.clear()
        return None
    if found.note_due:
        background.add_task(accounts.note_seen, container.uow(), sid, now=datetime.now(UTC), token=False)
    return CurrentUser(via_token=False, revision=found.revision, person_uuid=found.person_uuid, **asdict(found.user))


async def api_user(request: Request, container: ContainerDep, background: BackgroundTasks) -> CurrentUser:
    """The API caller: a bearer token, or the browser session (then state-changing calls need the CSRF header).

    The database is read in the thread pool, never on the event loop.
    """
    user = None
    token = _bearer_token(request)
    if token is not None:
        user = await run_in_threadpool(_from_bearer, container, token, background)
    if user is None and session_id(request) is not None:
        user = await run_in_threadpool(_from_session, request, container, background)
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


def page_user(request: Request, container: ContainerDep, background: BackgroundTasks) -> CurrentUser:
    user = _from_session(request, container, background)
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
