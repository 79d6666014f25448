"""Screening and planning as use cases, with the JSON views the DESIGN.md contract fixes."""

from __future__ import annotations

from datetime import date
from typing import Any

from gluterx.domain.exercise import Library
from gluterx.domain.planner import Program, plan_program
from gluterx.domain.precautions import Precaution
from gluterx.domain.profile import Profile
from gluterx.domain.screening import Screening, screen
from gluterx.services.profiles import parse_profile


def make_plan(profile: Profile, library: Library, *, start: date | None = None) -> Program:
    return plan_program(profile, library, start=start)


def screening_view(screening: Screening) -> dict[str, Any]:
    referral = screening.referral
    return {
        "status": screening.status,
        "referral": None
        if referral is None
        else {"reasons": list(referral.reasons), "urgency": referral.urgency.value, "action": referral.action},
        "cautions": [c.message for c in screening.cautions],
    }


def precaution_json(p: Precaution) -> dict[str, Any]:
    """One precaution as the contract writes it: {id, reason, advice, sources}."""
    return {"id": p.id.value, "reason": p.reason, "advice": list(p.advice), "sources": list(p.sources)}


def screen_profile(profile_data: Any) -> Screening:
    """Screen a PROFILE.json without storing anything: referral or cautions, what to avoid for now, and the
    precautions the person's health conditions bring (domain/precautions.py); ProfileError for a bad profile."""
    return screen(parse_profile(profile_data))
