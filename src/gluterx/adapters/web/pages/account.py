"""The account page: notices for the owner, signed-in browsers, API tokens, password change, sign out everywhere."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Form, HTTPException, Path, Request
from fastapi.responses import RedirectResponse, Response

from gluterx.services import accounts
from gluterx.services.ports import Problem, ServiceError

from ..deps import ContainerDep, Csrf, PageUser, session_id
from ..templating import templates
from . import router
from ._problems import page_words


def _page(request: Request, container: ContainerDep, user: PageUser, status: int = 200, **extra: Any) -> Response:
    now = datetime.now(UTC)
    mine = session_id(request)
    context = {
        "user": user,
        "active": "profile",  # sign-in and security: a part of Profile & settings
        "notices": [
            (n, page_words(Problem("", n.kind)))
            for n in accounts.take_notices(container.uow(), account_id=user.account_id, now=now)
        ],
        "sessions": accounts.sessions(container.uow(), account_id=user.account_id, now=now),
        "current": accounts.hash_token(mine) if mine else None,
        "tokens": accounts.tokens(container.uow(), account_id=user.account_id, now=now),
        "errors": {},
        "message": None,
        "new_token": None,
        "token_days": accounts.TOKEN_DAYS,
        **extra,
    }
    return templates.TemplateResponse(request, "account.html", context, status_code=status)


@router.get("/account")
def account(request: Request, container: ContainerDep, user: PageUser) -> Response:
    return _page(request, container, user)


@router.post("/account/password")
def change_password(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    _csrf: Csrf,
    current_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
) -> Response:
    try:
        ended = accounts.change_password(
            container.uow(), account_id=user.account_id, current=current_password, new=new_password,
            now=datetime.now(UTC), keep_session=session_id(request),
        )  # fmt: skip
    except ServiceError as exc:
        errors = {p.field: page_words(p) for p in exc.problems}
        return _page(request, container, user, status=422, errors=errors)
    others = f"{ended} other browser{'s were' if ended != 1 else ' was'} signed out." if ended else ""
    return _page(request, container, user, message=f"Your password is changed. {others}".strip())


@router.post("/account/signout-everywhere")
def sign_out_everywhere(request: Request, container: ContainerDep, user: PageUser, _csrf: Csrf) -> Response:
    accounts.sign_out_everywhere(container.uow(), account_id=user.account_id, now=datetime.now(UTC))
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.post("/account/sessions/{session_id}/end")
def end_session(
    session_id: Annotated[int, Path(ge=1, le=2**31 - 1)], container: ContainerDep, user: PageUser, _csrf: Csrf
) -> Response:
    try:
        accounts.end_other_session(
            container.uow(), account_id=user.account_id, session_id=session_id, now=datetime.now(UTC)
        )
    except ServiceError as exc:  # not theirs, or already ended
        raise HTTPException(
            404, detail="That browser is not signed in any more; the account page lists yours."
        ) from exc
    return RedirectResponse("/account", status_code=303)


@router.post("/account/tokens")
def new_token(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    _csrf: Csrf,
    name: Annotated[str, Form()] = "api",
    days: Annotated[int, Form()] = accounts.TOKEN_DAYS,
) -> Response:
    try:
        made = accounts.create_token(
            container.uow(), account_id=user.account_id, name=name or "api", days=days, now=datetime.now(UTC)
        )
    except ServiceError as exc:
        errors = {p.field: page_words(p) for p in exc.problems}
        return _page(request, container, user, status=422, errors=errors)
    return _page(request, container, user, new_token=made)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(
    token_id: Annotated[int, Path(ge=1, le=2**31 - 1)], container: ContainerDep, user: PageUser, _csrf: Csrf
) -> Response:
    try:
        accounts.revoke_token(container.uow(), account_id=user.account_id, token_id=token_id, now=datetime.now(UTC))
    except ServiceError as exc:  # not theirs, or already ended (in another tab, or expired)
        raise HTTPException(404, detail="There is no such token any more; the account page lists yours.") from exc
    return RedirectResponse("/account", status_code=303)
