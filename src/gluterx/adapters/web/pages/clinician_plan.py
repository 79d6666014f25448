"""A clinician adjusts a client's programme from the client's page (issue 16): one page per planned item with its
alternatives (each with why it fits and its figures, as the person's own swap page shows them), a swap, a skip, a
note, a lock, a dose; a page per session to add an exercise (the suitable ones grouped by what they are for); a page
to take back a clinician's change; each with the reason the client will read (services/clinician_plan.py). Plain form POSTs with their CSRF token; the grant
is checked in the store on every request (without it: the styled 404)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from gluterx.domain.planner.adjustments import Scope
from gluterx.services import clinician_plan
from gluterx.services.plan_changes import set_dose_words
from gluterx.services.ports import ServiceError

from ..deps import ContainerDep, Csrf, CurrentUser, PageUser
from ..templating import templates
from . import router
from ._adding import TypedDose, add_context, typed_again
from ._adding import dose_form as _dose_form
from ._adding import dose_parts as _dose_parts
from ._common import parse_day, render
from ._problems import page_errors
from .care import ClientId

templates.env.filters["set_dose_words"] = set_dose_words


def _item_page(
    request: Request, container: ContainerDep, user: CurrentUser, client_id: int, day: date, exercise_id: str,
    *, status_code: int = 200, errors: dict[str, str] | None = None, form: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    choices = clinician_plan.client_swap_choices(
        container.uow(), container.library, person_id=user.person_id, client_id=client_id, on=day,
        exercise_id=exercise_id,
    )  # fmt: skip
    state = clinician_plan.client_item_state(
        container.uow(),
        person_id=user.person_id,
        client_id=client_id,
        on=day,
        exercise_id=exercise_id,
        library=container.library,
    )
    form = form or {}
    if "dose_given" not in form and state.dose is not None:
        form = _dose_form(state.dose) | form
    context = {"client_id": client_id, "choices": choices, "state": state, "errors": errors or {}, "form": form}
    return render(request, "clinician_plan_item.html", context, user=user, active="care", status_code=status_code)


def _back(client_id: int) -> str:
    return f"/clinician/clients/{client_id}#programme"


def _changed(
    container: ContainerDep, user: CurrentUser, client_id: int, use_case: Callable[..., object],
    again: Callable[[dict[str, str]], Response], *, dose: dict[str, str] | None = None, **given: Any,
) -> Response:  # fmt: skip
    """Make a clinician's change (`use_case` of services/clinician_plan.py, as this clinician, for this client, at
    the `dose` typed if one is) and go back to the client's page; a refused one (a bad dose too) shows its page
    again (`again`, given the errors by field)."""
    try:
        if dose is not None:
            given["parts"] = _dose_parts(dose)
        use_case(container.uow(), container.library, person_id=user.person_id, client_id=client_id, **given)
    except ServiceError as exc:
        if exc.code not in ("invalid", "conflict"):
            raise
        return again(page_errors(exc.problems))
    return RedirectResponse(_back(client_id), status_code=303)


def _item_changed(
    request: Request, container: ContainerDep, user: CurrentUser, client_id: int, on: date, exercise_id: str,
    use_case: Callable[..., object], *, prefix: str, form: dict[str, str], **given: Any,
) -> Response:  # fmt: skip
    """A change to the item `exercise_id` of the session on `on`, made today; a refused one shows the item's page
    again, its errors named `prefix` + field, beside what was typed (`form`)."""
    return _changed(
        container, user, client_id, use_case,
        lambda errors: _item_page(request, container, user, client_id, on, exercise_id, status_code=422,
                                  errors={f"{prefix}{k}": v for k, v in errors.items()}, form=form),
        on=on, exercise_id=exercise_id, today=date.today(), **given,
    )  # fmt: skip


def _scope(scope: str) -> Scope:
    return Scope.ONCE if scope == "once" else Scope.ONWARD


_Day = Annotated[str, Form(alias="date", max_length=20)]
_ExerciseId = Annotated[str, Form(max_length=100)]
_Choice = Annotated[str, Form(max_length=10)]
_Text = Annotated[str, Form(max_length=2000)]


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
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf, day: _Day = "",
    exercise_id: _ExerciseId = "", to: _ExerciseId = "", scope: _Choice = "onward", reason: _Text = "",
    note: _Text = "",
) -> Response:  # fmt: skip
    on, _ = parse_day(day, default=date.today())
    return _item_changed(
        request, container, user, client_id, on, exercise_id, clinician_plan.client_swap, prefix="",
        form={"to": to, "reason": reason, "scope": scope, "note": note}, to=to, scope=_scope(scope), reason=reason,
        note=note,
    )  # fmt: skip


@router.post("/clinician/clients/{client_id}/plan/skip")
def skip_submit(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf, day: _Day = "",
    exercise_id: _ExerciseId = "", reason: _Text = "",
) -> Response:  # fmt: skip
    on, _ = parse_day(day, default=date.today())
    return _item_changed(
        request, container, user, client_id, on, exercise_id, clinician_plan.client_skip_item, prefix="skip_",
        form={"skip_reason": reason}, reason=reason,
    )  # fmt: skip


@router.post("/clinician/clients/{client_id}/plan/note")
def note_submit(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf, day: _Day = "",
    exercise_id: _ExerciseId = "", text: _Text = "", scope: _Choice = "onward",
) -> Response:  # fmt: skip
    on, _ = parse_day(day, default=date.today())
    return _item_changed(
        request, container, user, client_id, on, exercise_id, clinician_plan.client_note, prefix="note_",
        form={"note_text": text}, text=text, scope=_scope(scope),
    )  # fmt: skip


@router.post("/clinician/clients/{client_id}/plan/lock")
def lock_submit(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf, day: _Day = "",
    exercise_id: _ExerciseId = "", locked: Annotated[str, Form(max_length=5)] = "1", reason: _Text = "",
) -> Response:  # fmt: skip
    on, _ = parse_day(day, default=date.today())
    return _item_changed(
        request, container, user, client_id, on, exercise_id, clinician_plan.client_lock, prefix="lock_",
        form={"lock_reason": reason}, locked=locked != "0", reason=reason,
    )  # fmt: skip


@router.post("/clinician/clients/{client_id}/plan/dose")
def dose_submit(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf, dose: TypedDose,
    day: _Day = "", exercise_id: _ExerciseId = "", scope: _Choice = "onward", reason: _Text = "",
) -> Response:  # fmt: skip
    on, _ = parse_day(day, default=date.today())
    form = dose | {"scope": scope, "reason": reason}
    return _item_changed(
        request, container, user, client_id, on, exercise_id, clinician_plan.client_set_dose, prefix="dose_",
        form=typed_again(form), dose=form, scope=_scope(scope), reason=reason,
    )  # fmt: skip


# ------------------------------------------------------------------------------------------------ add an exercise


def _add_page(
    request: Request, container: ContainerDep, user: CurrentUser, client_id: int, day: date, *, part: str = "",
    status_code: int = 200, errors: dict[str, str] | None = None, form: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    found = clinician_plan.client_add_choices(
        container.uow(), container.library, person_id=user.person_id, client_id=client_id, on=day
    )
    context = {"client_id": client_id, **add_context(found, part, form or {}), "errors": errors or {}}
    return render(request, "clinician_plan_add.html", context, user=user, active="care", status_code=status_code)


@router.get("/clinician/clients/{client_id}/plan/add")
def add_page(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser,
    day: Annotated[str, Query(alias="date", max_length=20)] = "",
    part: Annotated[str, Query(max_length=20, description="The part of the session to show choices for.")] = "",
) -> Response:  # fmt: skip
    on, _ = parse_day(day, default=date.today())
    return _add_page(request, container, user, client_id, on, part=part)


@router.post("/clinician/clients/{client_id}/plan/add")
def add_submit(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf, dose: TypedDose,
    day: _Day = "", exercise_id: _ExerciseId = "", dose_mode: _Choice = "planned", scope: _Choice = "onward",
    reason: _Text = "",
) -> Response:  # fmt: skip
    on, _ = parse_day(day, default=date.today())
    form = typed_again(dose) | {"exercise_id": exercise_id, "dose_mode": dose_mode, "scope": scope, "reason": reason}

    def again(errors: dict[str, str]) -> Response:
        named = {(f"dose_{k}" if k in dose else k): v for k, v in errors.items()}  # the dose's fields under dose_
        return _add_page(request, container, user, client_id, on, status_code=422, errors=named, form=form)

    return _changed(
        container, user, client_id, clinician_plan.client_add, again, on=on, exercise_id=exercise_id,
        today=date.today(), dose=dose if dose_mode == "set" else None, scope=_scope(scope), reason=reason,
    )  # fmt: skip


# ------------------------------------------------------------------------------------------------ take a change back


def _undo_page(
    request: Request, container: ContainerDep, user: CurrentUser, client_id: int, change_id: int, *,
    status_code: int = 200, errors: dict[str, str] | None = None, form: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    change = clinician_plan.client_change(
        container.uow(),
        container.library,
        person_id=user.person_id,
        client_id=client_id,
        change_id=change_id,
        today=date.today(),
    )
    context = {"client_id": client_id, "change": change, "errors": errors or {}, "form": form or {}}
    return render(request, "clinician_plan_undo.html", context, user=user, active="care", status_code=status_code)


@router.get("/clinician/clients/{client_id}/plan/undo")
def undo_page(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser,
    change_id: Annotated[int, Query(ge=1, le=2**31 - 1)] = 1,
) -> Response:  # fmt: skip
    return _undo_page(request, container, user, client_id, change_id)


@router.post("/clinician/clients/{client_id}/plan/undo")
def undo_submit(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf,
    change_id: Annotated[int, Form(ge=1, le=2**31 - 1)] = 1,
    reason: _Text = "",
) -> Response:  # fmt: skip
    return _changed(
        container, user, client_id, clinician_plan.client_undo,
        lambda errors: _undo_page(request, container, user, client_id, change_id, status_code=422, errors=errors,
                                  form={"reason": reason}),
        adjustment_id=change_id, reason=reason,
    )  # fmt: skip
