"""Checks every use case of the person's loop shares: a day GluteRx can act on, an active programme and its profile."""

from __future__ import annotations

from datetime import date

from gluterx.domain.limits import FIRST_DAY, LAST_DAY
from gluterx.domain.profile import Profile
from gluterx.services.ports import Problem, ServiceError, UnitOfWork
from gluterx.services.profiles import parse_profile
from gluterx.services.records import ProgramRecord

__all__ = ["FIRST_DAY", "LAST_DAY", "active_program", "check_day", "program_profile"]

# The days a person can act on, one policy for every way in: domain/limits.py says why.


def check_day(day: date, *, field: str = "date") -> None:
    """ServiceError naming `field` when `day` is outside the days GluteRx can plan and log."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ServiceError([Problem(field, "day_out_of_range", {"value": day, "low": FIRST_DAY, "high": LAST_DAY})])


def active_program(uow: UnitOfWork, person_id: int) -> ProgramRecord:
    """The person's active programme (one query by id), or ServiceError 'missing'."""
    program = uow.programs.active(person_id)
    if program is None:
        raise ServiceError([Problem("", "no_programme")], code="missing")
    return program


def program_profile(uow: UnitOfWork, program: ProgramRecord) -> Profile:
    """The profile the person's programme was planned from (their latest version)."""
    return parse_profile(uow.profiles.latest_data(program.person_id))
