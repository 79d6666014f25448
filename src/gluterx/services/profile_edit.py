"""Editing the profile after onboarding: a new profile version, and the programme re-planned from the next session
on. The sessions before it stay as they were planned (history shows what was prescribed then), the programme keeps
its start, its weeks and phases, and the engine's word for every exercise that stays in the plan.

A profile whose screening now asks to see a clinician first (a red flag newly ticked) is stored the way onboarding
stores one (`services.start`): the referral takes the programme's place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from gluterx.domain.exercise import Library
from gluterx.domain.planner import plan_program
from gluterx.domain.schedule import schedule
from gluterx.domain.screening import screen
from gluterx.services import start as starting
from gluterx.services.errors import Problem
from gluterx.services.guards import check_day
from gluterx.services.planning import screening_view
from gluterx.services.ports import ServiceError, UnitOfWork, read_only
from gluterx.services.profiles import parse_profile, profile_to_json

__all__ = ["ProfileEdited", "edit_profile", "next_session_day", "replan"]


@dataclass(frozen=True, slots=True)
class ProfileEdited:
    """What saving a changed profile did: its new version; `replanned_from` the first day planned anew (None when a
    new programme or a referral took the old one's place: `started` then says what `start` made)."""

    status: str  # ok | referral
    profile_version: int
    replanned_from: date | None
    started: starting.StartResult | None

    @property
    def referral(self) -> bool:
        return self.status == "referral"


def next_session_day(uow: UnitOfWork, *, person_id: int, today: date, program_start: date) -> date:
    """The first day a re-plan may change: today, unless a session is already logged today (then tomorrow); never
    before the programme starts."""
    day = today + timedelta(days=1) if uow.sessions.on(person_id, today) else today
    return max(day, program_start)


def replan(
    uow: UnitOfWork, library: Library, *, person_id: int, today: date, weekdays: Sequence[int] | None = None
) -> date | None:
    """Inside an open unit of work (the caller commits): the active programme planned again from the person's
    latest profile and training days, from the next session on. The first day changed, or None without an active
    programme (or with a referral in its place)."""
    program = uow.programs.active(person_id)
    row = uow.profiles.latest(person_id)
    if program is None or row is None or program.status == "referral":
        return None
    if weekdays is None:
        stored = uow.settings.get(person_id)
        weekdays = stored.training_days if stored is not None else ()
    profile = parse_profile(row.data)
    plan = plan_program(profile, library, start=program.start_date, weekdays=weekdays)
    cut = next_session_day(uow, person_id=person_id, today=today, program_start=program.start_date)
    uow.programs.replan_from(
        program.id,
        cut,
        profile_id=row.id,
        weeks=profile.weeks,
        status=plan.status,
        screening=screening_view(plan.screening),
        sessions=schedule(plan),
    )
    return cut


def edit_profile(uow: UnitOfWork, library: Library, data: Any, *, person_id: int, today: date) -> ProfileEdited:
    """Store the changed profile as a new version and re-plan the programme from the next session on; without a
    programme to re-plan (none yet, or a referral), or when the new answers ask for a referral, start as onboarding
    does. ProfileError (one Problem per field) when anything is wrong; nothing is stored then."""
    profile = parse_profile(data)
    check_day(today, field="today")
    with read_only(uow) as reading:
        program = reading.programs.active(person_id)
    if program is None or program.status == "referral" or screen(profile).referral is not None:
        result = starting.start(uow, library, data, start_date=today, person_id=person_id)
        return ProfileEdited(result.status, result.profile_version, None, result)
    with uow:
        if uow.people.get(person_id) is None:
            raise ServiceError([Problem("", "no_person", {"person_id": person_id})], code="missing")
        row = uow.profiles.add_version(person_id, profile_to_json(profile))
        cut = replan(uow, library, person_id=person_id, today=today)
        uow.commit()
    return ProfileEdited("ok", row.version, cut, None)
