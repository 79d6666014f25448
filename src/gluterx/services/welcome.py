"""The welcome after onboarding (and after `gluterx start`): the programme in a few lines, one result for the page
and the CLI. What the programme is (its phases and weeks), how often and how long, the first session's day and what it
holds, and the cautions and precautions; built on the programme at a glance (services/programme.py), so it says what
the programme page and Today will say."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date

from gluterx.domain.exercise import Library
from gluterx.domain.precautions import Precaution
from gluterx.services.ports import UnitOfWork
from gluterx.services.programme import Phase, ProgrammeSession, programme

__all__ = ["Welcome", "welcome"]


@dataclass(frozen=True, slots=True)
class Welcome:
    """The programme in short. `status` is 'ok' or 'referral' (a referral has no sessions: a clinician first)."""

    status: str
    start: dt.date
    end: dt.date
    weeks_total: int
    phases: tuple[Phase, ...]
    glute_sessions_per_week: int  # in a full week of the programme
    activity_days_per_week: int  # optional activity days offered beside them
    minutes_per_session: float  # the first glute session's length, about
    first_session: ProgrammeSession | None  # the first session on or after the day asked about
    cautions: tuple[str, ...]
    precautions: tuple[Precaution, ...] = ()  # what the person's health conditions rule out, why, daily-life advice


def welcome(uow: UnitOfWork, library: Library, *, person_id: int, today: date) -> Welcome:
    """The person's active programme in short, from `today`; ServiceError 'missing' without one."""
    found = programme(uow, library, person_id=person_id, today=today)
    sessions = [s for week in found.weeks for s in week.sessions]
    upcoming = [s for s in sessions if s.date >= today]
    first_glute = next((s for s in upcoming if not s.optional), None)
    full_week = max(found.weeks, key=lambda w: len(w.sessions), default=None)
    week_sessions = full_week.sessions if full_week is not None else ()
    return Welcome(
        status=found.status,
        start=found.start,
        end=found.end,
        weeks_total=found.weeks_total,
        phases=found.phases,
        glute_sessions_per_week=sum(1 for s in week_sessions if not s.optional),
        activity_days_per_week=sum(1 for s in week_sessions if s.optional),
        minutes_per_session=first_glute.minutes if first_glute is not None else 0.0,
        first_session=upcoming[0] if upcoming else None,
        cautions=found.cautions,
        precautions=found.precautions,
    )
