"""Response models more than one API module uses."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from gluterx.domain.screening import Urgency
from gluterx.services.accounts import MAX_EMAIL, MAX_PASSWORD

# The days a person can act on live with the services (one source of truth); re-exported for the API modules.
from gluterx.services.guards import FIRST_DAY as FIRST_DAY
from gluterx.services.guards import LAST_DAY as LAST_DAY

# What a person types to confirm who they are (an email, a password), held to the lengths services/accounts allows.
TypedEmail = Annotated[str, Field(min_length=1, max_length=MAX_EMAIL)]
Password = Annotated[str, Field(min_length=1, max_length=MAX_PASSWORD)]


class Referral(BaseModel):
    """Stop: see a clinician first. Why, how soon, and what to do now."""

    reasons: list[str]
    urgency: Urgency
    action: str


class Review(BaseModel):
    """No better after 4 weeks of the programme: what the record shows, how soon to be seen, why and what to do."""

    urgency: Urgency
    message: str
    reasons: list[str]
    action: str
    sessions_done: int
    sessions_planned: int
    pain_before: float
    pain_now: float


class PlanItem(BaseModel):
    """One exercise of a session, with its dose and the reason it is there."""

    exercise_id: str
    sets: int
    reps: str
    load: str
    rest_s: int
    reason: str
    caution: str | None = None
    supported_option: str | None = None


class Precaution(BaseModel):
    """What one of the person's health conditions rules out, why, what to do in daily life, and the sources."""

    id: str
    reason: str
    advice: list[str]
    sources: list[str]


class Alert(BaseModel):
    """Something the person should know now (pain rising, a long gap, see a clinician)."""

    level: Literal["low", "high", "critical"]
    message: str
