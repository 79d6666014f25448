"""A clinician adjusts a client's programme from the client's page (issue 16): one page per planned item with its
alternatives (each with why it fits and its figures, as the person's own swap page shows them), a swap, a skip, each
with the reason the client will read (services/clinician_plan.py). Plain form POSTs with their CSRF token; the grant
is checked in the store on every request (without it: the styled 404)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from gluterx.domain.planner.adjustments import Scope
from gluterx.services import clinician_plan
from gluterx.services.ports import ServiceError

from ..deps import ContainerDep, Csrf, CurrentUser, PageUser
from . import router
from ._common import parse_day, render
from ._problems import page_words
from .care import ClientId


def _errors(exc: ServiceError) -> dict[str, str]:
    return {p.field or "form": page_words(p) for p in exc.problems}


def _item_page(
    request: Request, container: ContainerDep, user: CurrentUser, client_id: int, day: date, exercise_id: str,
    *, status_code: int = 200, errors: dict[str, str] | None = None, form: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    choices = clinician_plan.client_swap_choices(
        container.uow(), container.library, person_id=user.person_id, client_id=client_id, on=day,
        exercise_id=exercise_id,
    )  # fmt: skip
    state = clinician_plan.client_item_state(
        container.uow(), person_id=user.person_id, client_id=client_id, on=day, exercise_id=exercise_id
    )
    context = {"client_id": client_id, "choices": choices, "state": state, "errors": errors or {}, "form": form or {}}
    return render(request, "clinician_plan_item.html", context, user=user, active="care", status_code=status_code)


def _back(client_id: int) -> str:
    return f"/clinician/clients/{client_id}#programme"


@router.get("/clinician/clients/{client_id}/plan/item")
def item_page(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser,
    day: Annotated[str, Query(alias="date", max_length=20)] = "",
    exercise_id: Annotated[str, Query(max_length=100)] = "",
) -> Response:  # fmt: skip
    on, _ = parse_day(day, default=date.today())
    return _item_page(request, container, user, client_id, on, exercise_id)


@router.post("/clinician/clients/{client_id}/plan/swap")
def swap_submit(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf,
    day: Annotated[str, Form(alias="date", max_length=20)] = "",
    exercise_id: Annotated[str, Form(max_length=100)] = "",
    to: Annotated[str, Form(max_length=100)] = "",
    scope: Annotated[str, Form(max_length=10)] = "onward",
    reason: Annotated[str, Form(max_length=2000)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:  # fmt: skip
    on, _ = parse_day(day, default=date.today())
    try:
        clinician_plan.client_swap(
            container.uow(), container.library, person_id=user.person_id, client_id=client_id, on=on,
            exercise_id=exercise_id, to=to, scope=Scope.ONCE if scope == "once" else Scope.ONWARD, reason=reason,
            note=note, today=date.today(),
        )  # fmt: skip
    except ServiceError as exc:
        if exc.code != "invalid":
            raise
        form = {"to": to, "reason": reason, "scope": scope, "note": note}
        return _item_page(request, container, user, client_id, on, exercise_id, status_code=422,
                          errors=_errors(exc), form=form)  # fmt: skip
    return RedirectResponse(_back(client_id), status_code=303)


@router.post("/clinician/clients/{client_id}/plan/skip")
def skip_submit(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf,
    day: Annotated[str, Form(alias="date", max_length=20)] = "",
    exercise_id: Annotated[str, Form(max_length=100)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:  # fmt: skip
    on, _ = parse_day(day, default=date.today())
    try:
        clinician_plan.client_skip_item(
            container.uow(), container.library, person_id=user.person_id, client_id=client_id, on=on,
            exercise_id=exercise_id, reason=reason, today=date.today(),
        )  # fmt: skip
    except ServiceError as exc:
        if exc.code != "invalid":
            raise
        errors = {f"skip_{k}": v for k, v in _errors(exc).items()}
        return _item_page(request, container, user, client_id, on, exercise_id, status_code=422, errors=errors,
                          form={"skip_reason": reason})  # fmt: skip
    return RedirectResponse(_back(client_id), status_code=303)


@router.post("/clinician/clients/{client_id}/plan/note")
def note_submit(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf,
    day: Annotated[str, Form(alias="date", max_length=20)] = "",
    exercise_id: Annotated[str, Form(max_length=100)] = "",
    text: Annotated[str, Form(max_length=2000)] = "",
    scope: Annotated[str, Form(max_length=10)] = "onward",
) -> Response:  # fmt: skip
    on, _ = parse_day(day, default=date.today())
    try:
        clinician_plan.client_note(
            container.uow(), container.library, person_id=user.person_id, client_id=client_id, on=on,
            exercise_id=exercise_id, text=text, scope=Scope.ONCE if scope == "once" else Scope.ONWARD,
            today=date.today(),
        )  # fmt: skip
    except ServiceError as exc:
        if exc.code != "invalid":
            raise
        errors = {f"note_{k}": v for k, v in _errors(exc).items()}
        return _item_page(request, container, user, client_id, on, exercise_id, status_code=422, errors=errors,
                          form={"note_text": text})  # fmt: skip
    return RedirectResponse(_back(client_id), status_code=303)


@router.post("/clinician/clients/{client_id}/plan/lock")
def lock_submit(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf,
    day: Annotated[str, Form(alias="date", max_length=20)] = "",
    exercise_id: Annotated[str, Form(max_length=100)] = "",
    locked: Annotated[str, Form(max_length=5)] = "1",
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:  # fmt: skip
    on, _ = parse_day(day, default=date.today())
    try:
        clinician_plan.client_lock(
            container.uow(), container.library, person_id=user.person_id, client_id=client_id, on=on,
            exercise_id=exercise_id, locked=locked != "0", reason=reason, today=date.today(),
        )  # fmt: skip
    except ServiceError as exc:
        if exc.code != "invalid":
            raise
        errors = {f"lock_{k}": v for k, v in _errors(exc).items()}
        return _item_page(request, container, user, client_id, on, exercise_id, status_code=422, errors=errors,
                          form={"lock_reason": reason})  # fmt: skip
    return RedirectResponse(_back(client_id), status_code=303)
