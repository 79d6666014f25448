"""The programme at a glance: phases, weeks and every planned session with what is due in it.

Each session's items come from `domain.schedule.due_items`, like Today's: from today on, the plan carried forward by
what the engine has said so far (today's session exactly as the Today page shows it); before today, the plan as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from gluterx.domain.exercise import Library
from gluterx.domain.notes import SharedNote, said_once, sentences_of
from gluterx.domain.planner import DayKind
from gluterx.domain.precautions import Precaution
from gluterx.domain.review import Review
from gluterx.domain.said import Reason, said
from gluterx.domain.schedule import due_items, tracked
from gluterx.domain.weeks import last_day
from gluterx.services.guards import program_profile
from gluterx.services.plan_changes import ChangeNote, changes_on, clinician_doses, skipped_sessions, with_adjustments
from gluterx.services.ports import Problem, ServiceError, UnitOfWork, read_only
from gluterx.services.review import progress_review
from gluterx.services.today import SessionItem, earned_session, notes_for, session_item

__all__ = [
    "Phase",
    "Programme",
    "ProgrammeSession",
    "ProgrammeWeek",
    "ReferralView",
    "programme",
    "programme_status",
    "referral",
]


@dataclass(frozen=True, slots=True)
class ProgrammeSession(DayKind):
    date: dt.date
    day: int
    kind: str
    minutes: float
    items: tuple[SessionItem, ...]
    changes: tuple[ChangeNote, ...] = ()  # what the person (or their clinician) changed in this session
    skipped: bool = False  # left out by the person: shown, with its items, so it can be taken back


@dataclass(frozen=True, slots=True)
class ProgrammeWeek:
    week: int
    phase: int
    phase_name: str
    deload: bool
    first_date: dt.date
    sessions: tuple[ProgrammeSession, ...]
    skipped: tuple[ProgrammeSession, ...] = ()  # sessions the person left out (not in the plan; can be taken back)


@dataclass(frozen=True, slots=True)
class Phase:
    number: int
    name: str
    weeks: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Programme:
    status: str
    referral: dict[str, Any] | None
    cautions: tuple[str, ...]
    start: dt.date
    end: dt.date
    weeks_total: int
    current_week: int | None
    phases: tuple[Phase, ...]
    weeks: tuple[ProgrammeWeek, ...]
    review: Review | None = None  # no better after 4 weeks of the programme: what to do
    precautions: tuple[Precaution, ...] = ()  # what the person's conditions rule out, why, and the daily-life advice
    # What several exercises' notes share ("Hold a support if your balance is unsteady."), said once, and each
    # exercise's notes without it, by exercise id: (how to hold on, its caution), None when nothing is left.
    shared_notes: tuple[SharedNote, ...] = ()
    own_notes: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)


def _sentences(text: str | None) -> Reason:
    """A note as written (the library's and the precautions' words), a sentence a part."""
    return Reason(tuple(said("text", words=s) for s in sentences_of(text or "")))


def notes_once(items: Iterable[SessionItem]) -> tuple[tuple[SharedNote, ...], dict[str, tuple[str | None, str | None]]]:
    """Each exercise's notes once (its first appearance), with the sentences several share lifted out."""
    first = {i.exercise_id: i for i in items if i.caution or i.supported_option}
    entries = [(i.name, _sentences(text)) for i in first.values() for text in (i.supported_option, i.caution)]
    said = said_once(entries)
    own = {
        exercise_id: (said.own[2 * n].words() or None, said.own[2 * n + 1].words() or None)
        for n, exercise_id in enumerate(first)
    }
    return said.shared, own


def programme(uow: UnitOfWork, library: Library, *, person_id: int, today: date) -> Programme:
    """The person's active programme, each session with what is due in it; ServiceError 'missing' without one."""
    with read_only(uow) as reading:
        row = reading.programs.active(person_id)
        if row is None:
            raise ServiceError([Problem("", "no_programme")], code="missing")
        reading = with_adjustments(reading, library, row)  # the plan as the person shaped it
        start: date = row.start_date
        end = last_day(start, row.weeks)
        calendar = list(reading.programs.planned_between(row.id, start, end))
        intake = program_profile(reading, row).worst_pain if calendar else 0
        # Today's session as Today shows it (a phase not yet earned keeps the previous phase's session); the days
        # after it as planned, since whether their phase is earned is not known yet.
        planned = [
            s if s.date != today else earned_session(reading, row.id, s, person_id=person_id, intake=intake, on=today)
            for s in calendar
        ]
        slots = sorted({slot for s in planned if s.date >= today for slot in tracked(s)})
        carried = reading.prescriptions.current_for_slots(row.id, slots) if slots else {}
        last = reading.sessions.last_date(person_id, before=today) if carried else None
        by_week: dict[int, list[ProgrammeSession]] = {}
        left_by_week: dict[int, list[ProgrammeSession]] = {}  # the sessions the person skipped, apart
        weeks_meta: dict[int, tuple[int, str, bool]] = {}
        phases: dict[int, tuple[str, list[int]]] = {}
        kept, notes = notes_for(program_profile(reading, row))
        left_out = skipped_sessions(reading)
        skipped = {s.date for s in left_out}
        planned = sorted([*planned, *left_out], key=lambda s: s.date)
        for session in planned:
            upcoming = session.date >= today
            gap = (today - last).days if last is not None and session.date == today else None
            shown = clinician_doses(reading, carried, session.date) if upcoming else {}  # a set dose holds
            due = due_items(session, shown, gap_days=gap, library=library)
            items = tuple(session_item(d, library, notes) for d in due)
            (left_by_week if session.date in skipped else by_week).setdefault(session.week, []).append(
                ProgrammeSession(
                    session.date,
                    session.day,
                    session.kind,
                    session.minutes,
                    items,
                    changes_on(reading, library, session.date),
                    session.date in skipped,
                )
            )
            weeks_meta.setdefault(session.week, (session.phase, session.phase_name, session.deload))
            phase_weeks = phases.setdefault(session.phase, (session.phase_name, []))[1]
            if session.week not in phase_weeks:
                phase_weeks.append(session.week)
        offset = (today - start).days
        checked = progress_review(reading, row, on=today)
        shared, own = notes_once(i for n in sorted(by_week) for s in by_week[n] for i in s.items)
        return Programme(
            status=row.status,
            referral=row.screening.get("referral"),
            cautions=tuple(row.screening.get("cautions", [])),
            start=start,
            end=end,
            weeks_total=row.weeks,
            current_week=offset // 7 + 1 if 0 <= offset < 7 * row.weeks else None,
            phases=tuple(Phase(n, name, tuple(w)) for n, (name, w) in sorted(phases.items())),
            weeks=tuple(
                ProgrammeWeek(
                    week=n,
                    phase=weeks_meta[n][0],
                    phase_name=weeks_meta[n][1],
                    deload=weeks_meta[n][2],
                    first_date=start + timedelta(days=7 * (n - 1)),
                    sessions=tuple(by_week.get(n, ())),
                    skipped=tuple(left_by_week.get(n, ())),
                )
                for n in sorted(weeks_meta)
            ),
            review=checked,
            precautions=kept,
            shared_notes=shared,
            own_notes=own,
        )


def programme_status(uow: UnitOfWork, *, person_id: int) -> str | None:
    """'ok' or 'referral' for the active programme; None when there is none yet."""
    with read_only(uow) as reading:
        row = reading.programs.active(person_id)
        return str(row.status) if row is not None else None


@dataclass(frozen=True, slots=True)
class ReferralView:
    """Why a clinician should see the person first, how soon, what to do now, and the cautions."""

    reasons: tuple[str, ...]
    urgency: str
    action: str
    cautions: tuple[str, ...]


def referral(uow: UnitOfWork, *, person_id: int) -> ReferralView | None:
    """The active programme's referral, or None when the programme is not a referral (or there is none)."""
    with read_only(uow) as reading:
        row = reading.programs.active(person_id)
        if row is None or row.status != "referral":
            return None
        found = dict(row.screening.get("referral") or {})
        return ReferralView(
            reasons=tuple(found.get("reasons", [])),
            urgency=found.get("urgency", "soon"),
            action=found.get("action", ""),
            cautions=tuple(row.screening.get("cautions", [])),
        )
