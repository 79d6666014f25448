"""Today: the session due (with its reasons), the way into the workout player, and the next-morning check-in."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Form, Query, Request
from fastapi.responses import Response

from gluterx.services import check_in, clinicians, history
from gluterx.services.outcomes import outcome_history
from gluterx.services.ports import ServiceError

from ..deps import ContainerDep, Csrf, CurrentUser, PageUser
from . import router
from ._common import due_page, form_int, is_htmx, parse_day, render
from ._problems import page_messages


@router.get("/today")
def today_page(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    day: Annotated[str | None, Query(alias="date")] = None,
    fast: str | None = None,
) -> Response:
    due = due_page(container, user, day)
    if isinstance(due, Response):
        return due
    on, date_error, view = due.on, due.date_error, due.view
    if view is None:
        return render(request, "today.html", {"view": None, "date_error": date_error}, user=user, active="today")
    query = {"date": view.date.isoformat()} if day else {}
    if fast == "1":
        query["fast"] = "1"
    context = {
        "view": view,
        "items": view.items,
        "date_error": date_error,
        "logged": None if view.rest_day else history.logged_on(container.uow(), person_id=user.person_id, day=on),
        "workout_query": "&".join(f"{k}={v}" for k, v in query.items()),
        "checkin": {"pain": "", "soreness": "", "date": view.date.isoformat(), "error": None},
        "outcomes_due": _outcomes_due(container, user, view.date),
        **_care(container, user),
        "can_shape": view.date >= date.today(),  # swap, skip and move act on today's session or a later one
    }
    return render(request, "today.html", context, user=user, active="today")


def _care(container: ContainerDep, user: PageUser) -> dict[str, Any]:
    """The latest message from the person's clinicians (marked new until they read the thread on /care)."""
    found = clinicians.thread(container.uow(), person_id=user.person_id)
    return {"care_message": found.latest_from_clinician, "care_unread": found.unread}


def _outcomes_due(container: ContainerDep, user: PageUser, on: date) -> Any:
    """The outcome check due on `on` (the start, or a later one: every 4 weeks unless the person's clinician chose
    otherwise), with the outcome history that names the interval; None when none is due."""
    history = outcome_history(container.uow(), person_id=user.person_id, today=on)
    found = history.due
    return (found, history) if found is not None and found.due else None


def _checkin_fragment(request: Request, user: CurrentUser, context: dict[str, Any], status_code: int = 200) -> Response:
    name = "_checkin.html" if is_htmx(request) else "checkin.html"
    return render(request, name, context, user=user, active="today", status_code=status_code)


@router.post("/checkin")
def checkin_submit(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    _csrf: Csrf,
    pain: Annotated[str, Form()] = "",
    soreness: Annotated[str, Form()] = "",
    day: Annotated[str, Form(alias="date")] = "",
) -> Response:
    on, _ = parse_day(day, default=date.today())
    value = form_int(pain)
    sore = form_int(soreness) if soreness.strip() else None
    form = {"pain": pain, "soreness": soreness, "date": on.isoformat(), "error": None}
    if not isinstance(value, int) or not 0 <= value <= 10:
        form["error"] = "Please choose a number from 0 (no pain) to 10 (worst pain)."
        return _checkin_fragment(request, user, {"checkin": form, "result": None}, status_code=422)
    if sore is not None and (not isinstance(sore, int) or not 0 <= sore <= 10):
        form["error"] = "Please choose a soreness from 0 (none) to 10 (worst)."
        return _checkin_fragment(request, user, {"checkin": form, "result": None}, status_code=422)
    try:
        result = check_in.checkin(
            container.uow(), container.library, pain=value, soreness=sore, on=on, person_id=user.person_id
        )
    except ServiceError as exc:
        if exc.code == "missing":
            form["error"] = "There is no programme to check in against yet. Please answer the questionnaire first."
        else:
            form["error"] = "; ".join(page_messages(exc.problems))
        return _checkin_fragment(request, user, {"checkin": form, "result": None}, status_code=422)
    return _checkin_fragment(request, user, {"checkin": form, "result": result})
