"""Sign up, sign in, sign out."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response

from gluterx.services import accounts
from gluterx.services.ports import ServiceError

from ..deps import ContainerDep, Csrf, client_address, session_id
from ..security import SESSION_KEY
from ..templating import templates
from . import router
from ._problems import page_words

MAX_NEXT = 500  # a path to come back to after signing in (an invitation's is about 30 characters)


def _safe_next(target: str | None, default: str = "/today") -> str:
    """Only a path of this site, so a crafted link cannot send someone elsewhere after signing in: one leading "/",
    no second "/" or "\\" after it (browsers read "//x" and "/\\x" as another host), no scheme, no spaces or
    control characters."""
    if (
        target
        and len(target) <= MAX_NEXT
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
        and not any(c.isspace() for c in target)
    ):
        return target
    return default


def _login_link(target: str, **extra: str) -> str:
    return "/login?" + urlencode({**extra, "next": target}, safe="/")


@router.get("/")
def home(request: Request) -> Response:
    if session_id(request):
        return RedirectResponse("/today", status_code=303)
    return templates.TemplateResponse(request, "home.html", {})


@router.get("/signup")
def signup_form(request: Request, next: str | None = None) -> Response:
    """`next`: where to go after signing in (an invitation link opened while signed out), checked as a local path."""
    context = {"errors": {}, "values": {}, "next": _safe_next(next, default="")}
    return templates.TemplateResponse(request, "signup.html", context)


@router.post("/signup")
def signup(
    request: Request,
    container: ContainerDep,
    _csrf: Csrf,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    display_name: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    """The same answer whether or not the email has an account (see services.accounts.register): sign in next, then
    on to `next` (an invitation to accept) or the questions."""
    target = _safe_next(next, default="")
    try:
        accounts.register(
            container.uow(), email=email, password=password, display_name=display_name, now=datetime.now(UTC)
        )
    except ServiceError as exc:
        errors = {p.field: page_words(p) for p in exc.problems}
        values = {"email": email, "display_name": display_name}
        context = {"errors": errors, "values": values, "next": target}
        return templates.TemplateResponse(request, "signup.html", context, status_code=422)
    return RedirectResponse(_login_link(target or "/onboarding", welcome="1"), status_code=303)


@router.get("/login")
def login_form(request: Request, next: str | None = None, welcome: bool = False) -> Response:
    """`next`: where to go after signing in; the "create an account" link carries it on."""
    context = {"error": None, "next": _safe_next(next), "email": "", "welcome": welcome}
    return templates.TemplateResponse(request, "login.html", context)


@router.post("/login")
def login(
    request: Request,
    container: ContainerDep,
    _csrf: Csrf,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/today",
) -> Response:
    now, client = datetime.now(UTC), client_address(request)
    try:
        found = accounts.sign_in(container.uow(), email=email, password=password, client=client, now=now)
    except ServiceError as exc:
        headers = None
        if exc.code == "locked":
            headers = {"Retry-After": str(exc.problems[0].params["seconds"])}
        context = {"error": page_words(exc.problems[0]), "next": _safe_next(next), "email": email, "welcome": False}
        code = 429 if exc.code == "locked" else 401
        return templates.TemplateResponse(request, "login.html", context, status_code=code, headers=headers)
    agent = request.headers.get("user-agent", "")
    started = accounts.start_session(container.uow(), account_id=found.account_id, now=now, user_agent=agent,
                                     client=client)  # fmt: skip
    request.session.clear()  # a fresh cookie (and CSRF token) at sign-in
    request.session[SESSION_KEY] = started
    if found.notices:  # something the owner should hear: the account page shows it (once)
        return RedirectResponse("/account", status_code=303)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, container: ContainerDep, _csrf: Csrf) -> Response:
    """Ends this browser's session in the database (every server refuses the cookie from now on)."""
    if (found := session_id(request)) is not None:
        accounts.end_session(container.uow(), found, now=datetime.now(UTC))
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
