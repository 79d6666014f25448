"""Shaping the plan from the pages: swap an exercise (its alternatives with their figures and reasons), skip an
exercise or a session, move a session, add an exercise (the form a clinician's page shares: pages/_adding.py), take
a change back, and the list of changes (services/plan_changes.py).

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
from ._adding import TypedDose, add_context, dose_parts, typed_again
from ._common import parse_day, render
from ._problems import page_messages, page_words

BACKS = {"today", "program"}


def _known(back: str) -> str:
    """The page to go back to as the form or link says it, if it is one of BACKS; else Today."""
    return back if back in BACKS else "today"


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
    return _swap_page(request, container, user, on, exercise_id, _known(back))


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
    back = _known(back)
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
    return _move_page(request, container, user, on, _known(back))


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
    back = _known(back)
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


def _add_page(
    request: Request, container: ContainerDep, user: PageUser, day: date, back: str, *, part: str = "",
    status_code: int = 200, errors: dict[str, str] | None = None, form: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    found = plan_changes.add_choices(container.uow(), container.library, person_id=user.person_id, on=day)
    context = {**add_context(found, part, form or {}), "errors": errors or {}, "back": back}
    context["back_url"] = _back(back, day)
    return render(request, "plan_add.html", context, user=user, active="today", status_code=status_code)


@router.get("/plan/add")
def add_page(
    request: Request, container: ContainerDep, user: PageUser,
    day: Annotated[str, Query(alias="date", max_length=20)] = "",
    part: Annotated[str, Query(max_length=20, description="The part of the session to show choices for.")] = "",
    back: Annotated[str, Query(max_length=20)] = "today",
) -> Response:  # fmt: skip
    on, _ = parse_day(day, default=date.today())
    return _add_page(request, container, user, on, _known(back), part=part)


@router.post("/plan/add")
def add_submit(
    request: Request, container: ContainerDep, user: PageUser, _csrf: Csrf, dose: TypedDose,
    day: Annotated[str, Form(alias="date", max_length=20)] = "",
    exercise_id: Annotated[str, Form(max_length=100)] = "",
    dose_mode: Annotated[str, Form(max_length=10)] = "planned",
    scope: Annotated[str, Form(max_length=10)] = "onward",
    reason: Annotated[str, Form(max_length=2000)] = "",
    back: Annotated[str, Form(max_length=20)] = "today",
) -> Response:  # fmt: skip
    back = _known(back)
    on, _ = parse_day(day, default=date.today())
    form = typed_again(dose) | {"exercise_id": exercise_id, "dose_mode": dose_mode, "scope": scope, "reason": reason}
    try:
        plan_changes.add_item(
            container.uow(), container.library, person_id=user.person_id, on=on, exercise_id=exercise_id,
            parts=dose_parts(dose) if dose_mode == "set" else None,
            scope=Scope.ONCE if scope == "once" else Scope.ONWARD, reason=reason, today=date.today(),
        )  # fmt: skip
    except ServiceError as exc:
        if exc.code not in ("invalid", "conflict"):
            raise
        shown = {"exercise_id", "reason"}  # the form's own fields; the dose's under dose_, anything else on top
        errors: dict[str, str] = {}
        for p in exc.problems:
            key = f"dose_{p.field}" if p.field in dose else p.field if p.field in shown else "form"
            errors[key] = "; ".join(filter(None, [errors.get(key), page_words(p)]))
        return _add_page(request, container, user, on, back, status_code=422, errors=errors, form=form)
    return RedirectResponse(_back(back, on), status_code=303)


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
    target = "/plan/changes" if back == "changes" else _back(_known(back), _day(day))
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
