"""The outcome-measures page: pain now, the person's own activities (0-10 each) and, after the start, how they are
compared with then. Reached from Today's card when a check is due, and from Progress."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from gluterx.domain.outcomes import GROC_LABELS, PSFS_ACTIVITIES
from gluterx.services.outcomes import OutcomeHistory, outcome_history, record_outcomes
from gluterx.services.ports import ServiceError

from ..deps import ContainerDep, Csrf, PageUser
from . import router
from ._common import form_int, parse_day, render
from ._problems import page_words

ROWS = PSFS_ACTIVITIES[1]


def _blank_form(history: OutcomeHistory) -> dict[str, Any]:
    names = list(history.activity_names)
    return {
        "date": history.today.isoformat(),
        "pain": "",
        "groc": "",
        "activities": [{"name": names[i] if i < len(names) else "", "score": ""} for i in range(ROWS)],
    }


def _page(
    request: Request,
    user: PageUser,
    history: OutcomeHistory,
    form: dict[str, Any],
    *,
    errors: dict[str, str] | None = None,
    date_error: str | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "history": history,
        "form": form,
        "errors": errors or {},
        "groc_labels": GROC_LABELS,
        "least": PSFS_ACTIVITIES[0],
        "date_error": date_error,
    }
    return render(request, "outcomes.html", context, user=user, active="progress", status_code=status_code)


@router.get("/outcomes")
def outcomes_page(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    day: Annotated[str | None, Query(alias="date")] = None,
) -> Response:
    on, date_error = parse_day(day, default=date.today())
    history = outcome_history(container.uow(), person_id=user.person_id, today=on)
    return _page(request, user, history, _blank_form(history), date_error=date_error)


def _from_form(values: Any) -> tuple[dict[str, Any], dict[str, Any], list[int]]:
    """The form as typed (to show again) and as OUTCOMES.json, with the form row behind each activity sent."""
    rows = [
        {"name": str(values.get(f"activity_{i}", "")), "score": str(values.get(f"score_{i}", ""))} for i in range(ROWS)
    ]
    form: dict[str, Any] = {
        "date": str(values.get("date", "")),
        "pain": str(values.get("pain", "")),
        "groc": str(values.get("groc", "")),
        "activities": rows,
    }
    sent = [i for i, r in enumerate(rows) if r["name"].strip() or r["score"].strip()]
    activities = []
    for i in sent:  # a rating left at "–" is missing, so it is "required"
        score = rows[i]["score"].strip()
        activities.append({"name": rows[i]["name"], **({"score": form_int(score)} if score else {})})
    data: dict[str, Any] = {"activities": activities}
    if form["pain"].strip():  # left out, it is "required"
        data["pain"] = form_int(form["pain"])
    if form["groc"].strip():
        data["groc"] = form_int(form["groc"])
    return form, data, sent


def _errors(exc: ServiceError, sent: list[int]) -> dict[str, str]:
    """Each problem under the form field it belongs to: pain, groc, activities, activity_N or score_N."""
    out: dict[str, str] = {}
    for p in exc.problems:
        head, *rest = p.field.split(".")
        key = head or "form"
        if head == "activities" and len(rest) >= 2 and rest[0].isdigit() and int(rest[0]) < len(sent):
            key = ("activity_" if rest[1] == "name" else "score_") + str(sent[int(rest[0])])
        out.setdefault(key, page_words(p))
    return out


@router.post("/outcomes")
async def outcomes_submit(request: Request, container: ContainerDep, user: PageUser, _csrf: Csrf) -> Response:
    form, data, sent = _from_form(await request.form())
    on, _ = parse_day(form["date"], default=date.today())
    try:
        await run_in_threadpool(record_outcomes, container.uow(), data, on=on, person_id=user.person_id)
    except ServiceError as exc:
        history = await run_in_threadpool(outcome_history, container.uow(), person_id=user.person_id, today=on)
        return _page(request, user, history, form, errors=_errors(exc, sent), status_code=422)
    query = f"?date={on.isoformat()}" if form["date"] and on != date.today() else ""
    return RedirectResponse(f"/progress{query}#outcomes", status_code=303)
