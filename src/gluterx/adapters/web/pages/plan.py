"""Shaping the plan from the pages: swap an exercise (its alternatives with their figures and reasons), skip an
exercise or a session, move a session, take a change back, and the list of changes (services/plan_changes.py).

Every change is a plain form POST with its CSRF token, so it works without JavaScript; after it, the person goes back
to the page they came from (Today or the programme)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from gluterx.domain.planner.adjustments import Scope
from gluterx.services import plan_changes
from gluterx.services.errors import Problem
from gluterx.services.ports import ServiceError

from ..deps import ContainerDep, Csrf, PageUser
from . import router
from ._common import parse_day, render
from ._problems import page_messages

BACKS = {"today", "program"}


def _back(back: str, day: date | None) -> str:
    """Where to go after a change: the programme at that session, or Today on that day (never another site)."""
    if back == "program":
        return f"/program#session-{day.isoformat()}" if day else "/program"
    return f"/today?date={day.isoformat()}" if day and day != date.today() else "/today"


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _choices_page(
    request: Request,
    user: PageUser,
    template: str,
    choices: object,
    back: str,
    day: date,
    error: str | None,
    status_code: int,
) -> Response:
    """A page of choices (what to swap an exercise for, where to move a session), with the way back and any error."""
    context = {"choices": choices, "back": back, "back_url": _back(back, day), "error": error}
    return render(request, template, context, user=user, active="today", status_code=status_code)


def _refused(exc: ServiceError, field: str) -> str:
    """A refused change's problems in words, when each is about the form's one choice `field` (to be shown on the
    page); any other refusal (a missing session, a bad day) is raised again, for the error page."""
    if exc.code == "missing" or any(p.field != field for p in exc.problems):
        raise exc
    return "; ".join(page_messages(exc.problems))


def _swap_page(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    day: date,
    exercise_id: str,
    back: str,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    choices = plan_changes.swap_choices(
        container.uow(), container.library, person_id=user.person_id, on=day, exercise_id=exercise_id
    )
    return _choices_page(request, user, "plan_swap.html", choices, back, day, error, status_code)


@router.get("/plan/swap")
def swap_page(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    day: Annotated[str, Query(alias="date")] = "",
    exercise_id: str = "",
    back: str = "today",
) -> Response:
    on, _ = parse_day(day, default=date.today())
    return _swap_page(request, container, user, on, exercise_id, back if back in BACKS else "today")


@router.post("/plan/swap")
def swap_submit(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    _csrf: Csrf,
    day: Annotated[str, Form(alias="date")] = "",
    exercise_id: Annotated[str, Form()] = "",
    to: Annotated[str, Form()] = "",
    scope: Annotated[str, Form()] = "onward",
    back: Annotated[str, Form()] = "today",
) -> Response:
    back = back if back in BACKS else "today"
    on, _ = parse_day(day, default=date.today())
    try:
        plan_changes.swap(
            container.uow(),
            container.library,
            person_id=user.person_id,
            on=on,
            exercise_id=exercise_id,
            to=to,
            scope=Scope.ONCE if scope == "once" else Scope.ONWARD,
            today=date.today(),
        )
    except ServiceError as exc:
        message = _refused(exc, "to")
        return _swap_page(request, container, user, on, exercise_id, back, message, status_code=422)
    return RedirectResponse(_back(back, on), status_code=303)


@router.post("/plan/skip")
def skip_submit(
    container: ContainerDep,
    user: PageUser,
    _csrf: Csrf,
    day: Annotated[str, Form(alias="date")] = "",
    exercise_id: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "today",
) -> Response:
    on, _ = parse_day(day, default=date.today())
    common: dict[str, Any] = {"person_id": user.person_id, "on": on, "today": date.today()}
    if exercise_id:
        plan_changes.skip_item(container.uow(), container.library, exercise_id=exercise_id, **common)
    else:
        plan_changes.skip_session(container.uow(), container.library, **common)
    return RedirectResponse(_back(back, on), status_code=303)


def _move_page(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    day: date,
    back: str,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    choices = plan_changes.move_choices(
        container.uow(), container.library, person_id=user.person_id, from_date=day, today=date.today()
    )
    return _choices_page(request, user, "plan_move.html", choices, back, day, error, status_code)


@router.get("/plan/move")
def move_page(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    day: Annotated[str, Query(alias="date")] = "",
    back: str = "today",
) -> Response:
    on, _ = parse_day(day, default=date.today())
    return _move_page(request, container, user, on, back if back in BACKS else "today")


@router.post("/plan/move")
def move_submit(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    _csrf: Csrf,
    from_date: Annotated[str, Form()] = "",
    to_date: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "today",
) -> Response:
    back = back if back in BACKS else "today"
    start, _ = parse_day(from_date, default=date.today())
    target = _day(to_date)
    if target is None:
        return _move_page(request, container, user, start, back, "Please choose the day to move it to.", 422)
    try:
        plan_changes.move_session(
            container.uow(),
            container.library,
            person_id=user.person_id,
            from_date=start,
            to_date=target,
            today=date.today(),
        )
    except ServiceError as exc:
        message = _refused(exc, "to_date")
        return _move_page(request, container, user, start, back, message, status_code=422)
    return RedirectResponse(_back(back, target), status_code=303)


@router.post("/plan/undo")
def undo_submit(
    container: ContainerDep,
    user: PageUser,
    _csrf: Csrf,
    adjustment_id: Annotated[str, Form()] = "",
    day: Annotated[str, Form(alias="date")] = "",
    back: Annotated[str, Form()] = "today",
) -> Response:
    if not adjustment_id.strip().isdigit() or len(adjustment_id.strip()) > 9:
        raise ServiceError([Problem("adjustment_id", "no_adjustment", {"adjustment_id": adjustment_id})])
    plan_changes.undo(container.uow(), container.library, person_id=user.person_id, adjustment_id=int(adjustment_id))
    target = "/plan/changes" if back == "changes" else _back(back if back in BACKS else "today", _day(day))
    return RedirectResponse(target, status_code=303)


@router.get("/plan/changes")
def changes_page(request: Request, container: ContainerDep, user: PageUser) -> Response:
    try:
        found = plan_changes.plan_changes(
            container.uow(), container.library, person_id=user.person_id, today=date.today()
        )
    except ServiceError as exc:
        if exc.code != "missing":
            raise
        found = None
    return render(request, "plan_changes.html", {"changes": found}, user=user, active="program")
