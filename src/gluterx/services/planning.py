"""Screening and planning as use cases, with the JSON views the DESIGN.md contract fixes."""

from __future__ import annotations

from datetime import date
from typing import Any

from gluterx.domain.exercise import Library
from gluterx.domain.planner import PlanItem, Program, plan_program
from gluterx.domain.profile import Profile
from gluterx.domain.screening import FLAGS, Screening


def make_plan(profile: Profile, library: Library, *, start: date | None = None) -> Program:
    return plan_program(profile, library, start=start)


def item_view(item: PlanItem) -> dict[str, Any]:
    return {
        "exercise_id": item.exercise_id,
        "sets": item.sets,
        "reps": item.reps,
        "load": item.load,
        "rest_s": item.rest_s,
        "reason": item.reason,
    }


def screening_view(screening: Screening) -> dict[str, Any]:
    referral = screening.referral
    return {
        "status": screening.status,
        "referral": None
        if referral is None
        else {"reasons": list(referral.reasons), "urgency": referral.urgency.value, "action": referral.action},
        "cautions": [c.message for c in screening.cautions],
    }


def program_view(program: Program) -> dict[str, Any]:
    """The `gluterx plan --format json` contract: status, referral, cautions, weeks."""
    view = screening_view(program.screening)
    if view["referral"] is not None:
        view["referral"] = {"reasons": view["referral"]["reasons"]}
    view["weeks"] = [
        {
            "week": week.week,
            "phase": week.phase.name,
            "sessions": [
                {"day": s.day, "minutes": s.minutes, "items": [item_view(i) for i in s.items]} for s in week.sessions
            ],
        }
        for week in program.weeks
    ]
    return view


def flags_view() -> list[dict[str, Any]]:
    return [
        {
            "id": f.id,
            "question": f.question,
            "kind": f.kind.value,
            "urgency": f.urgency.value if f.urgency else None,
            "group": f.group,
            "sources": list(f.sources),
        }
        for f in FLAGS
    ]
