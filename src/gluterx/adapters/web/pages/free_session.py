"""A free session from the library: pick exercises (a plain GET form), then log their sets (a POST with CSRF) through
the one logging use case; the workout summary follows, as after any session."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import RedirectResponse, Response

from gluterx.domain.units import to_kg
from gluterx.services.free_session import FreeExercise, free_choices, log_free_session
from gluterx.services.ports import ServiceError

from ..deps import ContainerDep, Csrf, PageUser
from . import router
from ._common import form_float, form_int, parse_day, referral_redirect, render
from ._problems import page_words
from .workout import form_unit

SETS_SHOWN = 3  # set rows per exercise on the form; empty rows are left out
MAX_PICKS = 12
_WHERE = re.compile(r"^exercises\.(\d+)(?:\.sets\.(\d+))?")


def _page(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    on: date,
    picked: list[str],
    *,
    errors: list[str] | None = None,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
    duplicate: bool = False,
) -> Response:
    choices = free_choices(container.uow(), container.library, person_id=user.person_id, on=on)
    chosen = [p for p in dict.fromkeys(picked) if p in choices.ids][:MAX_PICKS]
    context = {
        "choices": choices,
        "chosen": [(i, container.library.display_name(i)) for i in chosen],
        "sets_shown": SETS_SHOWN,
        "errors": errors or [],
        "form": form or {},
        "duplicate": duplicate,  # the same session is logged already that day: ask before logging it again
    }
    return render(request, "free_session.html", context, user=user, active="today", status_code=status_code)


@router.get("/free-session")
def free_session_page(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    day: Annotated[str | None, Query(alias="date")] = None,
    pick: Annotated[list[str] | None, Query()] = None,
) -> Response:
    if away := referral_redirect(container, user):
        return away
    on, _ = parse_day(day, default=date.today())
    return _page(request, container, user, on, pick or [])


def _words(problem: Any, names: list[str]) -> str:
    found = _WHERE.match(problem.field)
    where = ""
    if found and int(found.group(1)) < len(names):
        where = names[int(found.group(1))]
        if found.group(2) is not None:
            where += f", set {int(found.group(2)) + 1}"
        where += ": "
    return where + page_words(problem)


@router.post("/free-session")
async def free_session_submit(request: Request, container: ContainerDep, user: PageUser, _csrf: Csrf) -> Response:
    form = await request.form()
    values = {k: str(v) for k, v in form.items()}
    on, _ = parse_day(values.get("date", ""), default=date.today())
    picked = [str(v) for v in form.getlist("pick")][:MAX_PICKS]
    exercises = []
    names = []
    unit = form_unit(form)
    for i, exercise_id in enumerate(picked):
        sets = []
        for j in range(SETS_SHOWN):
            reps = values.get(f"ex{i}_s{j}_reps", "").strip()
            load = values.get(f"ex{i}_s{j}_load", "").strip()
            if reps or load:
                weight = form_float(load) if load else None
                sets.append(
                    (form_int(reps) if reps else "", to_kg(weight, unit) if isinstance(weight, float) else weight)
                )
        if sets:
            exercises.append(FreeExercise(exercise_id, tuple(sets), form_int(values.get(f"ex{i}_pain", "0") or "0")))
            names.append(container.library.display_name(exercise_id) if exercise_id in container.library else "")
    if not exercises:
        message = "Fill in the reps of at least one set."
        return _page(request, container, user, on, picked, errors=[message], form=values, status_code=422)
    try:
        outcome = log_free_session(
            container.uow(),
            container.library,
            person_id=user.person_id,
            on=on,
            exercises=exercises,
            allow_duplicate=bool(form.get("allow_duplicate")),
        )
    except ServiceError as exc:
        if exc.code == "missing":
            raise
        errors = [_words(p, names) for p in exc.problems]
        duplicate = any(p.code == "duplicate_session" for p in exc.problems)
        return _page(
            request, container, user, on, picked, errors=errors, form=values, status_code=422, duplicate=duplicate
        )
    return RedirectResponse(f"/workout/summary/{outcome.session_id}", status_code=303)
