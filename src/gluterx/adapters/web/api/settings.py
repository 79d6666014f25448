"""Profile changes and settings: change the profile (re-planned from the next session on), the unit, body mass,
training days, time and time zone; the email; everything as JSON; deleting the account."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import Body, Request, status
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from gluterx.services import accounts, backup, profile_edit, settings
from gluterx.services.ports import Problem, ServiceError
from gluterx.services.profiles import ProfileIn, stored_profile

from ..deps import ApiUser, ContainerDep
from . import router
from ._models import Password, Referral, TypedEmail
from ._openapi import INVALID, MISSING, NOT_SIGNED_IN, Problems, json_body
from .profile import Profile

__all__ = ["ProfileChanged", "SettingsOut"]

CONFLICT: dict[int | str, dict[str, Any]] = {409: {"model": Problems, "description": "Another account has it."}}
PATCH_BODY = json_body(
    ProfileIn,
    "Only the PROFILE.json fields to change (the others keep their stored answers); the whole profile is then "
    "checked, every bad field reported at once. `age` is required only before the first profile.",
)
PATCH_BODY["requestBody"]["content"]["application/json"]["schema"].pop("required", None)


class ProfileChanged(BaseModel):
    """The new profile version; the programme re-planned from `replanned_from` (the sessions before it stay as they
    were), or with `status` "referral" the referral in its place; `new_programme` when a programme was started."""

    profile: Profile
    profile_version: int
    status: Literal["ok", "referral"]
    replanned_from: dt.date | None
    new_programme: bool
    referral: Referral | None = None


class SettingsOut(BaseModel):
    """Your settings: weights shown and entered in `unit` (stored in kg), body mass in that unit, training days
    (ISO weekdays, 1 Monday .. 7 Sunday; [] lets GluteRx space them), the time sessions start and its time zone
    (null: not chosen; the calendar then uses 18:00 UTC). `replanned_from`: the first day re-planned by this change."""

    unit: Literal["kg", "lb"]
    body_mass: float | None
    body_mass_kg: float | None
    training_days: list[int]
    training_time: str | None = Field(description="HH:MM")
    time_zone: str | None
    sessions_per_week: int | None
    replanned_from: dt.date | None = None


class EmailIn(BaseModel):
    email: TypedEmail
    current_password: Password


class EmailChanged(BaseModel):
    email: str


class DeleteIn(BaseModel):
    """Type the account's email and its password to confirm: everything is deleted for good."""

    confirm_email: TypedEmail
    password: Password


def _settings_out(found: settings.Settings, replanned: dt.date | None = None) -> SettingsOut:
    return SettingsOut(
        unit="lb" if found.unit.value == "lb" else "kg",
        body_mass=found.body_mass,
        body_mass_kg=found.body_mass_kg,
        training_days=list(found.training_days),
        training_time=found.training_time.strftime("%H:%M") if found.training_time else None,
        time_zone=found.time_zone,
        sessions_per_week=found.sessions_per_week,
        replanned_from=replanned,
    )


@router.patch(
    "/profile",
    response_model=ProfileChanged,
    tags=["profile"],
    responses={**NOT_SIGNED_IN, **INVALID},
    openapi_extra=PATCH_BODY,
)
async def patch_profile(body: Annotated[dict[str, Any], Body()], user: ApiUser, container: ContainerDep) -> Any:
    """Change some answers: a new profile version, and your programme planned again from your next session on
    (what you have done and what was planned before stays). A red flag newly answered yes gives the referral."""

    def save() -> dict[str, Any]:
        stored = stored_profile(container.uow(), person_id=user.person_id) or {}
        if not isinstance(body, dict):
            raise ServiceError([Problem("", "not_an_object", {"fields": ["age", "goals", "pain", "equipment"]})])
        edited = profile_edit.edit_profile(
            container.uow(), container.library, {**stored, **body}, person_id=user.person_id, today=dt.date.today()
        )
        return {
            "profile": stored_profile(container.uow(), person_id=user.person_id),
            "profile_version": edited.profile_version,
            "status": edited.status,
            "replanned_from": edited.replanned_from,
            "new_programme": edited.started is not None and edited.status == "ok",
            "referral": edited.started.referral if edited.started else None,
        }

    return await run_in_threadpool(save)


@router.get("/settings", response_model=SettingsOut, tags=["profile"], responses=NOT_SIGNED_IN)
def get_settings(user: ApiUser, container: ContainerDep) -> SettingsOut:
    """Your settings (the defaults where you have chosen nothing)."""
    return _settings_out(settings.settings_of(container.uow(), person_id=user.person_id))


@router.patch(
    "/settings",
    response_model=SettingsOut,
    tags=["profile"],
    responses={**NOT_SIGNED_IN, **INVALID},
    openapi_extra=json_body(settings.SettingsIn, "Only the settings to change; null clears a choice."),
)
def patch_settings(body: Annotated[Any, Body()], user: ApiUser, container: ContainerDep) -> SettingsOut:
    """Change your settings. New training days re-plan your programme from the next session on; a body mass is a
    new profile version (given in your unit, kept in kg)."""
    saved = settings.update_settings(
        container.uow(), container.library, body, person_id=user.person_id, today=dt.date.today()
    )
    return _settings_out(saved.settings, saved.replanned_from)


@router.post(
    "/account/email",
    response_model=EmailChanged,
    tags=["auth"],
    responses={**NOT_SIGNED_IN, **INVALID, **CONFLICT},
)
def post_email(body: EmailIn, user: ApiUser, container: ContainerDep) -> EmailChanged:
    """Sign in with a new email from now on; your current password confirms it is you."""
    email = accounts.change_email(
        container.uow(), account_id=user.account_id, new_email=body.email, password=body.current_password
    )
    return EmailChanged(email=email)


@router.post(
    "/account/delete",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["auth"],
    responses={**NOT_SIGNED_IN, **INVALID, **MISSING},
)
def post_delete_account(body: DeleteIn, request: Request, user: ApiUser, container: ContainerDep) -> Response:
    """Delete your account and everything in it, for good: profiles, programmes, sessions, check-ins, outcomes,
    settings, API tokens and browser sessions. Download everything first (GET /export) to keep a copy."""
    accounts.delete_account(
        container.uow(), account_id=user.account_id, confirm_email=body.confirm_email, password=body.password
    )
    request.session.clear()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/export", tags=["profile"], responses=NOT_SIGNED_IN)
def get_export(user: ApiUser, container: ContainerDep) -> dict[str, Any]:
    """Everything GluteRx keeps about you, as the JSON backup (`gluterx backup import` reads it): your training,
    settings, plan changes and, as a client, your grants and thread with the names of the clinicians it mentions;
    not your password hash, invitation codes or your clinicians' private notes."""
    return backup.export_all(container.uow(), person_id=user.person_id)
