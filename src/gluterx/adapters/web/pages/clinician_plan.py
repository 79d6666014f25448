"""A clinician adjusts a client's programme from the client's page (issue 16): one page per planned item with its
alternatives (each with why it fits and its figures, as the person's own swap page shows them), a swap, a skip, a
note, a lock, a dose; a page per session to add an exercise (the suitable ones grouped by what they are for); a page
to take back a clinician's change; each with the reason the client will read (services/clinician_plan.py). Plain form POSTs with their CSRF token; the grant
is checked in the store on every request (without it: the styled 404)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

from fastapi import Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from gluterx.domain.planner.adjustments import Scope
from gluterx.services import clinician_plan
from gluterx.services.plan_changes import dose_words
from gluterx.services.ports import ServiceError

from ..deps import ContainerDep, Csrf, CurrentUser, PageUser
from ..templating import templates
from . import router
from ._adding import add_context
from ._adding import dose_fields as _dose_fields
from ._adding import dose_form as _dose_form
from ._adding import dose_parts as _dose_parts
from ._common import parse_day, render
from ._problems import page_words
from .care import ClientId

templates.env.filters["set_dose_words"] = dose_words


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
    request: Request,
    container: ContainerDep,
    user: CurrentUser,
    client_id: int,
    on: date,
    exercise_id: str,
    change: Callable[[], object],
    *,
    prefix: str,
    form: dict[str, str],
    again: Callable[[dict[str, str]], Response] | None = None,
) -> Response:
    """Make `change` and go back to the client's page; a refused one shows its page again (the item's, or `again`
    given the errors), its errors named `prefix` + field, beside what was typed (`form`)."""
    try:
        change()
    except ServiceError as exc:
        if exc.code not in ("invalid", "conflict"):
            raise
        errors = {f"{prefix}{k}": v for k, v in _errors(exc).items()}
        if again is not None:
            return again(errors)
        return _item_page(request, container, user, client_id, on, exercise_id, status_code=422, errors=errors,
                          form=form)  # fmt: skip
    return RedirectResponse(_back(client_id), status_code=303)


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
    return _changed(
        request, container, user, client_id, on, exercise_id,
        lambda: clinician_plan.client_swap(
            container.uow(), container.library, person_id=user.person_id, client_id=client_id, on=on,
            exercise_id=exercise_id, to=to, scope=Scope.ONCE if scope == "once" else Scope.ONWARD, reason=reason,
            note=note, today=date.today(),
        ),
        prefix="", form={"to": to, "reason": reason, "scope": scope, "note": note},
    )  # fmt: skip


@router.post("/clinician/clients/{client_id}/plan/skip")
def skip_submit(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf,
    day: Annotated[str, Form(alias="date", max_length=20)] = "",
    exercise_id: Annotated[str, Form(max_length=100)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:  # fmt: skip
    on, _ = parse_day(day, default=date.today())
    return _changed(
        request, container, user, client_id, on, exercise_id,
        lambda: clinician_plan.client_skip_item(
            container.uow(), container.library, person_id=user.person_id, client_id=client_id, on=on,
            exercise_id=exercise_id, reason=reason, today=date.today(),
        ),
        prefix="skip_", form={"skip_reason": reason},
    )  # fmt: skip


@router.post("/clinician/clients/{client_id}/plan/note")
def note_submit(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf,
    day: Annotated[str, Form(alias="date", max_length=20)] = "",
    exercise_id: Annotated[str, Form(max_length=100)] = "",
    text: Annotated[str, Form(max_length=2000)] = "",
    scope: Annotated[str, Form(max_length=10)] = "onward",
) -> Response:  # fmt: skip
    on, _ = parse_day(day, default=date.today())
    return _changed(
        request, container, user, client_id, on, exercise_id,
        lambda: clinician_plan.client_note(
            container.uow(), container.library, person_id=user.person_id, client_id=client_id, on=on,
            exercise_id=exercise_id, text=text, scope=Scope.ONCE if scope == "once" else Scope.ONWARD,
            today=date.today(),
        ),
        prefix="note_", form={"note_text": text},
    )  # fmt: skip


@router.post("/clinician/clients/{client_id}/plan/lock")
def lock_submit(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf,
    day: Annotated[str, Form(alias="date", max_length=20)] = "",
    exercise_id: Annotated[str, Form(max_length=100)] = "",
    locked: Annotated[str, Form(max_length=5)] = "1",
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:  # fmt: skip
    on, _ = parse_day(day, default=date.today())
    return _changed(
        request, container, user, client_id, on, exercise_id,
        lambda: clinician_plan.client_lock(
            container.uow(), container.library, person_id=user.person_id, client_id=client_id, on=on,
            exercise_id=exercise_id, locked=locked != "0", reason=reason, today=date.today(),
        ),
        prefix="lock_", form={"lock_reason": reason},
    )  # fmt: skip


_Field = Annotated[str, Form(max_length=20)]


@router.post("/clinician/clients/{client_id}/plan/dose")
def dose_submit(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf,
    day: Annotated[str, Form(alias="date", max_length=20)] = "",
    exercise_id: Annotated[str, Form(max_length=100)] = "",
    sets: _Field = "", work: _Field = "reps", reps_low: _Field = "", reps_high: _Field = "", hold_s: _Field = "",
    load_kind: _Field = "bodyweight", kg: _Field = "", band: _Field = "", rest_s: _Field = "", tempo_up: _Field = "",
    tempo_squeeze: _Field = "", tempo_down: _Field = "",
    scope: Annotated[str, Form(max_length=10)] = "onward",
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:  # fmt: skip
    on, _ = parse_day(day, default=date.today())
    form = _dose_fields(sets, work, reps_low, reps_high, hold_s, load_kind, kg, band, rest_s, tempo_up, tempo_squeeze,
                        tempo_down) | {"scope": scope, "reason": reason}  # fmt: skip
    return _changed(
        request, container, user, client_id, on, exercise_id,
        lambda: clinician_plan.client_set_dose(
            container.uow(), container.library, person_id=user.person_id, client_id=client_id, on=on,
            exercise_id=exercise_id, parts=_dose_parts(form), scope=Scope.ONCE if scope == "once" else Scope.ONWARD,
            reason=reason, today=date.today(),
        ),
        prefix="dose_", form={f"dose_{k}": v for k, v in form.items()} | {"dose_given": "1"},
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
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf,
    day: Annotated[str, Form(alias="date", max_length=20)] = "",
    exercise_id: Annotated[str, Form(max_length=100)] = "",
    dose_mode: Annotated[str, Form(max_length=10)] = "planned",
    sets: _Field = "", work: _Field = "reps", reps_low: _Field = "", reps_high: _Field = "", hold_s: _Field = "",
    load_kind: _Field = "bodyweight", kg: _Field = "", band: _Field = "", rest_s: _Field = "", tempo_up: _Field = "",
    tempo_squeeze: _Field = "", tempo_down: _Field = "",
    scope: Annotated[str, Form(max_length=10)] = "onward",
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:  # fmt: skip
    on, _ = parse_day(day, default=date.today())
    dose = _dose_fields(sets, work, reps_low, reps_high, hold_s, load_kind, kg, band, rest_s, tempo_up, tempo_squeeze,
                        tempo_down)  # fmt: skip
    form = {f"dose_{k}": v for k, v in dose.items()} | {"dose_given": "1"}
    form |= {"exercise_id": exercise_id, "dose_mode": dose_mode, "scope": scope, "reason": reason}
    own = dose_mode == "set"

    def again(errors: dict[str, str]) -> Response:
        named = {(f"dose_{k}" if k in dose else k): v for k, v in errors.items()}  # the dose's fields under dose_
        return _add_page(request, container, user, client_id, on, status_code=422, errors=named, form=form)

    return _changed(
        request, container, user, client_id, on, exercise_id,
        lambda: clinician_plan.client_add(
            container.uow(), container.library, person_id=user.person_id, client_id=client_id, on=on,
            exercise_id=exercise_id, parts=_dose_parts(dose) if own else None,
            scope=Scope.ONCE if scope == "once" else Scope.ONWARD, reason=reason, today=date.today(),
        ),
        prefix="", form=form, again=again,
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
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:  # fmt: skip
    return _changed(
        request, container, user, client_id, date.today(), "",
        lambda: clinician_plan.client_undo(
            container.uow(), container.library, person_id=user.person_id, client_id=client_id,
            adjustment_id=change_id, reason=reason,
        ),
        prefix="", form={"reason": reason},
        again=lambda errors: _undo_page(request, container, user, client_id, change_id, status_code=422,
                                        errors=errors, form={"reason": reason}),
    )  # fmt: skip
