"""The "Profile & settings" page: your answers (changed through the questionnaire, which re-plans from the next
session on), units and body mass, training days and time, email, everything as a download, and deleting the account."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from gluterx.domain.conditions import QUESTIONS
from gluterx.services import accounts, backup, settings
from gluterx.services.ports import ServiceError
from gluterx.services.profiles import stored_profile

from ..deps import ContainerDep, Csrf, CurrentUser, PageUser
from . import router
from ._common import form_float, nice_date, render
from ._problems import page_words

__all__ = ["COMMON_ZONES"]

# Offered first in the time-zone list (any IANA name is accepted).
COMMON_ZONES = (
    "UTC", "Europe/London", "Europe/Dublin", "Europe/Paris", "Europe/Berlin", "Europe/Madrid", "Europe/Rome",
    "Europe/Amsterdam", "Europe/Stockholm", "Europe/Athens", "America/New_York", "America/Chicago", "America/Denver",
    "America/Los_Angeles", "America/Toronto", "America/Sao_Paulo", "Asia/Tokyo", "Asia/Singapore", "Asia/Kolkata",
    "Asia/Dubai", "Australia/Sydney", "Pacific/Auckland", "Africa/Johannesburg",
)  # fmt: skip
CONDITION_NAMES = {q.id.value: q.name for q in QUESTIONS}


def _context(container: ContainerDep, user: CurrentUser) -> dict[str, Any]:
    mine = settings.settings_of(container.uow(), person_id=user.person_id)
    profile = stored_profile(container.uow(), person_id=user.person_id)
    return {
        "settings": mine,
        "profile": profile,
        "unit": mine.unit,
        "weekdays": list(enumerate(settings.WEEKDAY_NAMES, start=1)),
        "zones": COMMON_ZONES,
        "condition_names": CONDITION_NAMES,
        "errors": {},
        "message": None,
        "values": {},
    }


def _page(request: Request, container: ContainerDep, user: CurrentUser, *, status: int = 200, **extra: Any) -> Response:
    context = {**_context(container, user), **extra}
    return render(request, "profile.html", context, user=user, active="profile", status_code=status)


SAVED = {
    "answers": "Your answers are saved.",
    "settings": "Your settings are saved.",
    "email": "Your email is changed. Sign in with it from now on.",
}


def _saved_message(saved: str | None, replanned: str | None) -> str | None:
    """What the page says after a change (each form redirects here, so a reload does not send it again)."""
    message = SAVED.get(saved or "")
    try:
        day = date.fromisoformat(replanned) if replanned else None
    except ValueError:
        day = None
    if day is not None:
        if saved == "settings":
            message = f"{message} Your sessions from {nice_date(day)} fall on the days you chose."
        else:
            message = f"{SAVED['answers']} Your plan is made again from {nice_date(day)}."
    return message


@router.get("/profile")
def profile_page(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    saved: str | None = None,
    replanned: str | None = None,
) -> Response:
    return _page(request, container, user, message=_saved_message(saved, replanned))


def _settings_form(form: Any) -> dict[str, Any]:
    """The form as the settings use case takes it: every field given (an empty one clears the choice)."""
    body_mass = str(form.get("body_mass", "")).strip()
    time_text = str(form.get("training_time", "")).strip()
    zone = str(form.get("time_zone", "")).strip()
    data: dict[str, Any] = {
        "unit": str(form.get("unit", "kg")),
        "training_days": [int(d) for d in form.getlist("training_days") if str(d).isdigit()],
        "training_time": time_text or None,
        "time_zone": zone or None,
    }
    if body_mass or form.get("had_body_mass"):
        data["body_mass"] = form_float(body_mass) if body_mass else None
    return data


@router.post("/profile/settings")
async def save_settings(request: Request, container: ContainerDep, user: PageUser, _csrf: Csrf) -> Response:
    form = await request.form()
    data = _settings_form(form)

    def save() -> settings.SettingsSaved:
        return settings.update_settings(
            container.uow(), container.library, data, person_id=user.person_id, today=date.today()
        )

    try:
        saved = await run_in_threadpool(save)
    except ServiceError as exc:
        errors = {p.field.split(".")[0]: page_words(p) for p in exc.problems}
        values: dict[str, Any] = {k: str(v) for k, v in form.multi_items() if k != "training_days"}
        values["training_days"] = [str(d) for d in form.getlist("training_days")]
        return _page(request, container, user, status=422, errors=errors, values=values)
    target = "/profile?saved=settings"
    if saved.replanned_from is not None:
        target += f"&replanned={saved.replanned_from.isoformat()}"
    return RedirectResponse(target, status_code=303)


@router.post("/profile/email")
def change_email(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    _csrf: Csrf,
    email: Annotated[str, Form()] = "",
    current_password: Annotated[str, Form()] = "",
) -> Response:
    try:
        accounts.change_email(container.uow(), account_id=user.account_id, new_email=email, password=current_password)
    except ServiceError as exc:
        errors = {f"email_{p.field}": page_words(p) for p in exc.problems}
        return _page(request, container, user, status=422, errors=errors, values={"email": email})
    return RedirectResponse("/profile?saved=email", status_code=303)


@router.get("/profile/export.json")
def export_everything(container: ContainerDep, user: PageUser) -> Response:
    """Everything GluteRx keeps about you, as the JSON backup (restorable with `gluterx backup import`)."""
    data = backup.export_all(container.uow(), person_id=user.person_id)
    name = f"gluterx-everything-{date.today().isoformat()}.json"
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2).encode(),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


@router.post("/profile/delete")
def delete_account(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    _csrf: Csrf,
    confirm_email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    try:
        accounts.delete_account(
            container.uow(), account_id=user.account_id, confirm_email=confirm_email, password=password
        )
    except ServiceError as exc:
        errors = {f"delete_{p.field}": page_words(p) for p in exc.problems}
        return _page(request, container, user, status=422, errors=errors, values={"confirm_email": confirm_email})
    request.session.clear()
    return RedirectResponse("/goodbye", status_code=303)


@router.get("/goodbye")
def goodbye(request: Request) -> Response:
    return render(request, "goodbye.html", {"at": datetime.now(UTC)}, user=None)
