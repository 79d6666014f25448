"""Start: create or replace a person's profile (a new version) and their programme, in one unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from gluterx.domain.exercise import Library
from gluterx.domain.planner import plan_program
from gluterx.domain.schedule import schedule
from gluterx.services.errors import Problem
from gluterx.services.guards import check_day
from gluterx.services.planning import screening_view
from gluterx.services.ports import ServiceError, UnitOfWork
from gluterx.services.profiles import parse_profile, profile_to_json

__all__ = ["StartResult", "start"]


@dataclass(frozen=True, slots=True)
class StartResult:
    """What `start` made: the programme (or a referral in its place), the profile's version and the first day."""

    status: str
    program_id: int
    profile_version: int
    start: date
    weeks: int
    first_session_date: date | None
    referral: dict[str, Any] | None
    cautions: tuple[str, ...]


def start(uow: UnitOfWork, library: Library, profile_data: Any, *, start_date: date, person_id: int) -> StartResult:
    """Create or replace the person's profile (a new version) and programme."""
    profile = parse_profile(profile_data)
    check_day(start_date, field="start")
    with uow:
        if uow.people.get(person_id) is None:
            raise ServiceError([Problem("", "no_person", {"person_id": person_id})], code="missing")
        profile_row = uow.profiles.add_version(person_id, profile_to_json(profile))
        chosen = uow.settings.get(person_id)  # the training days the person chose, if any
        program = plan_program(profile, library, start=start_date, weekdays=chosen.training_days if chosen else ())
        sessions = schedule(program)
        row = uow.programs.create_active(
            person_id=person_id,
            profile_id=profile_row.id,
            start_date=start_date,
            weeks=profile.weeks,
            status=program.status,
            screening=screening_view(program.screening),
            sessions=sessions,
        )
        uow.commit()
        return StartResult(
            status=program.status,
            program_id=row.id,
            profile_version=profile_row.version,
            start=start_date,
            weeks=profile.weeks,
            first_session_date=sessions[0].date if sessions else None,
            referral=screening_view(program.screening)["referral"],
            cautions=tuple(c.message for c in program.screening.cautions),
        )
