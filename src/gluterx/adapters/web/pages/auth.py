"""Sign up, sign in, sign out."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response

from gluterx.services import accounts
from gluterx.services.ports import ServiceError

from ..deps import ContainerDep, Csrf
from ..templating import templates
from . import router
from ._problems import page_words


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so a crafted link cannot send someone elsewhere after signing in."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/today"


@router.get("/")
def home(request: Request) -> Response:
    if request.session.get("account_id"):
        return RedirectResponse("/today", status_code=303)
    return templates.TemplateResponse(request, "home.html", {})


@router.get("/signup")
def signup_form(request: Request) -> Response:
    return templates.TemplateResponse(request, "signup.html", {"errors": {}, "values": {}})


@router.post("/signup")
def signup(
    request: Request,
    container: ContainerDep,
    _csrf: Csrf,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    display_name: Annotated[str, Form()] = "",
) -> Response:
    try:
        created = accounts.sign_up(container.uow(), email=email, password=password, display_name=display_name)
    except ServiceError as exc:
        errors = {p.field: page_words(p) for p in exc.problems}
        values = {"email": email, "display_name": display_name}
        return templates.TemplateResponse(request, "signup.html", {"errors": errors, "values": values}, status_code=422)
    request.session.clear()
    request.session["account_id"] = created.account_id
    return RedirectResponse("/onboarding", status_code=303)


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    return templates.TemplateResponse(request, "login.html", {"error": None, "next": _safe_next(next), "email": ""})


@router.post("/login")
def login(
    request: Request,
    container: ContainerDep,
    _csrf: Csrf,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/today",
) -> Response:
    client = request.client.host if request.client else "unknown"
    try:
        found = accounts.sign_in(container.uow(), email=email, password=password, client=client, now=datetime.now(UTC))
    except ServiceError as exc:
        code = 429 if exc.code == "locked" else 401
        context = {"error": page_words(exc.problems[0]), "next": _safe_next(next), "email": email}
        return templates.TemplateResponse(request, "login.html", context, status_code=code)
    request.session.clear()  # a fresh session (and CSRF token) at sign-in
    request.session["account_id"] = found.account_id
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, _csrf: Csrf) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
