"""The person's profile (PROFILE.json), and screening: the red-flag questions and what a profile's answers mean."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import Body, Query
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from gluterx.domain.screening import FLAGS, Urgency
from gluterx.services import planning, start
from gluterx.services.contract import flags_json, screening_report_json, start_json
from gluterx.services.ports import Problem, ServiceError
from gluterx.services.profiles import ProfileIn, condition_questions_json, stored_profile

from ..deps import ApiUser, ContainerDep
from . import router
from ._models import FIRST_DAY, LAST_DAY, Precaution, Referral
from ._openapi import INVALID, MISSING, NOT_SIGNED_IN, json_body

START_HELP = "First day of the programme, YYYY-MM-DD (default: today)."
PROFILE_BODY = json_body(ProfileIn, "PROFILE.json, as DESIGN.md defines it. Every bad field is reported at once.")


class Profile(ProfileIn):
    """PROFILE.json, as DESIGN.md defines it."""


class ProfileSaved(BaseModel):
    """The stored profile (a new version) and the programme made from it, or the referral in its place."""

    profile: Profile
    profile_version: int
    status: Literal["ok", "referral"]
    referral: Referral | None
    cautions: list[str]
    start: dt.date
    weeks: int
    first_session_date: dt.date | None


class Contraindication(BaseModel):
    """An exercise attribute to avoid in some phases of the programme, and why."""

    attribute: str
    limit: str
    phases: list[int]
    reason: str


class Screening(BaseModel):
    """What the profile's answers mean: a referral (no programme), or cautions and what to avoid for now."""

    status: Literal["ok", "referral"]
    referral: Referral | None
    cautions: list[str]
    contraindications: list[Contraindication]
    precautions: list[Precaution] = []


class Flag(BaseModel):
    """A screening question; put its id in PROFILE.json `red_flags` when the answer is yes."""

    id: str
    question: str
    kind: Literal["referral", "caution"]
    urgency: Urgency | None
    group: str
    sources: list[str]


class Choice(BaseModel):
    """One allowed answer of a follow-up and its plain words."""

    value: str | int
    words: str


class FollowUp(BaseModel):
    """A question asked only for its condition; `name` is the condition's field it fills: one of `values`
    (`type` "choice") or a whole number from `min` to `max` (`type` "integer")."""

    name: str
    question: str
    type: Literal["choice", "integer"]
    values: list[str | int] | None = None
    choices: list[Choice] | None = None
    min: int | None = None
    max: int | None = None
    unit: str | None = None


class ConditionQuestion(BaseModel):
    """A health condition: its id for PROFILE.json `conditions`, its question, and its follow-ups."""

    id: str
    name: str
    question: str
    fields: list[FollowUp]


@router.get("/profile", response_model=Profile, tags=["profile"], responses={**NOT_SIGNED_IN, **MISSING})
async def get_profile(user: ApiUser, container: ContainerDep) -> dict[str, Any]:
    """Your latest profile; 404 until you have sent one."""
    found = await run_in_threadpool(stored_profile, container.uow(), person_id=user.person_id)
    if found is None:
        raise ServiceError([Problem("", "no_profile")], code="missing")
    return found


@router.put(
    "/profile",
    response_model=ProfileSaved,
    tags=["profile"],
    responses={**NOT_SIGNED_IN, **INVALID},
    openapi_extra=PROFILE_BODY,
)
async def put_profile(
    body: Annotated[dict[str, Any], Body()],
    user: ApiUser,
    container: ContainerDep,
    start_date: Annotated[dt.date | None, Query(ge=FIRST_DAY, le=LAST_DAY, description=START_HELP)] = None,
) -> dict[str, Any]:
    """Store your profile as a new version and make your programme from it (replacing the one you had)."""

    def save() -> dict[str, Any]:
        on = start_date or dt.date.today()
        summary = start.start(container.uow(), container.library, body, start_date=on, person_id=user.person_id)
        return {**start_json(summary), "profile": stored_profile(container.uow(), person_id=user.person_id)}

    return await run_in_threadpool(save)


@router.post(
    "/screening",
    response_model=Screening,
    tags=["screening"],
    responses={**NOT_SIGNED_IN, **INVALID},
    openapi_extra=PROFILE_BODY,
)
async def post_screening(body: Annotated[dict[str, Any], Body()], user: ApiUser) -> dict[str, Any]:
    """Screen a profile without storing anything: is exercise the right step now, and what to take care with."""
    return screening_report_json(planning.screen_profile(body))


@router.get("/screening/flags", response_model=list[Flag], tags=["screening"])
async def get_flags() -> list[dict[str, Any]]:
    """Every screening question with its id, in plain words (public)."""
    return flags_json(FLAGS)


@router.get(
    "/screening/conditions",
    response_model=list[ConditionQuestion],
    response_model_exclude_none=True,
    tags=["screening"],
)
async def get_conditions() -> list[dict[str, Any]]:
    """Every health condition with its question and follow-ups, in plain words (public)."""
    return condition_questions_json()
