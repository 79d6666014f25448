"""Request dependencies: the container, the signed-in person (cookie session or bearer token), CSRF checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Form, HTTPException, Request, status

from gluterx.bootstrap import Container
from gluterx.services import accounts

from .security import CSRF_FIELD, CSRF_HEADER, csrf_ok


def get_container(request: Request) -> Container:
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


def _from_bearer(request: Request, container: Container) -> CurrentUser | None:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    found = accounts.account_for_token(container.uow(), header[7:].strip())
    if found is None:
        return None
    info = accounts.account_info(container.uow(), found["account_id"])
    if info is None:
        return None
    return CurrentUser(via_token=True, **info)


def _from_session(request: Request, container: Container) -> CurrentUser | None:
    account_id = request.session.get("account_id")
    if not isinstance(account_id, int):
        return None
    info = accounts.account_info(container.uow(), account_id)
    if info is None:
        request.session.clear()
        return None
    return CurrentUser(via_token=False, **info)


def api_user(request: Request, container: ContainerDep) -> CurrentUser:
    """The API caller: a bearer token, or the browser session (then state-changing calls need the CSRF header)."""
    user = _from_bearer(request, container) or _from_session(request, container)
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
