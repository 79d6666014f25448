"""Correct or delete a logged session, then work the engine's word out again from the corrected history.

The engine's word for each slot (a stored prescription) is derived from the sessions and check-ins before it, so a
changed session changes every word written after it. A correction therefore judges again, in one unit of work, every
session from the earliest day it touched: their prescriptions in the active programme are removed, then each session
is judged in date order exactly as logging judged it (`judge`, the same rules with the same inputs), and each
next-morning check-in above the usual pain revisits its day again as the check-in did (`check_in.rejudge`). One
commit at the end: an error stores nothing, and no half-recomputed programme is ever seen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from typing import Any

from gluterx.domain.exercise import Library
from gluterx.domain.profile import Profile
from gluterx.domain.progression import (
    Prescription,
)
from gluterx.domain.schedule import tracked
from gluterx.services.check_in import rejudge, usual_before
from gluterx.services.guards import check_day, program_profile
from gluterx.services.history import record
from gluterx.services.log_session import WorkoutSummary, exercise_columns, judge_exercises, workout_summary
from gluterx.services.plan_changes import with_adjustments
from gluterx.services.ports import Problem, ServiceError, UnitOfWork
from gluterx.services.records import LoggedSession, ProgramRecord, StoredPrescription
from gluterx.services.session_input import SessionIn, parse_session

__all__ = [
    "DeleteOutcome",
    "EditOutcome",
    "Revision",
    "delete_session",
    "edit_session",
    "judge",
    "recompute",
]

# Only what GluteRx logged can be corrected here; an imported session keeps the other app's own figures (warm-up
# sets, timed sets, pounds) that SESSION.json has no field for, so it is deleted or imported again (gluterx_policy).
EDITABLE_SOURCE = "gluterx"


@dataclass(frozen=True, slots=True)
class Revision:
    """A slot whose next prescription the correction changed: what it said before, and says now (None: nothing)."""

    slot: str  # the exercise the plan put in the slot
    name: str
    before: Prescription | None
    after: Prescription | None


@dataclass(frozen=True, slots=True)
class EditOutcome:
    """The corrected session with what it now says for next time, how many sessions were judged again, and the
    slots whose next prescription changed."""

    summary: WorkoutSummary
    rejudged: int
    revisions: tuple[Revision, ...]


@dataclass(frozen=True, slots=True)
class DeleteOutcome:
    """A deleted session: its id and day, how many later sessions were judged again, what changed for next time."""

    session_id: int
    date: dt.date
    rejudged: int
    revisions: tuple[Revision, ...]


def _missing(session_id: int) -> ServiceError:
    return ServiceError([Problem("session_id", "no_session", {"session_id": session_id})], code="missing")


def _own(uow: UnitOfWork, person_id: int, session_id: int) -> LoggedSession:
    """The person's session; someone else's is missing, exactly like one that does not exist."""
    found = uow.sessions.logged(person_id, session_id=session_id)
    if not found:
        raise _missing(session_id)
    return found[0]


def edit_session(uow: UnitOfWork, library: Library, data: Any, *, person_id: int, session_id: int) -> EditOutcome:
    """Replace one of the person's logged sessions by `data` (SESSION.json, or a SessionIn already checked), keeping
    its id, and judge the history again from the earlier of its old and new days."""
    session = data if isinstance(data, SessionIn) else parse_session(data, library)
    check_day(session.date)
    with uow:
        old = _own(uow, person_id, session_id)
        if old.source != EDITABLE_SOURCE:
            problem = Problem("session_id", "imported_session", {"session_id": session_id})
            raise ServiceError([problem], code="conflict")
        program = uow.programs.active(person_id)
        before = _words(uow, library, program)
        # Left out, the leg answer stays as it was logged (the history's form does not ask it again).
        given = "leg_symptoms_spread" in session.model_fields_set
        spread = session.leg_symptoms_spread if given else old.leg_symptoms_spread
        uow.sessions.update(
            person_id,
            session_id,
            day=session.date,
            notes=session.notes,
            leg_symptoms_spread=spread,
            exercises=[exercise_columns(ex) for ex in session.exercises],
        )
        rejudged = recompute(uow, library, person_id=person_id, since=min(old.date, session.date))
        revisions = _revisions(before, _words(uow, library, program), library)
        uow.commit()
    summary = workout_summary(uow, library, person_id=person_id, session_id=session_id)
    if summary is None:  # pragma: no cover - written above in this request; only a concurrent delete gets here
        raise _missing(session_id)
    return EditOutcome(summary, rejudged, revisions)


def delete_session(uow: UnitOfWork, library: Library, *, person_id: int, session_id: int) -> DeleteOutcome:
    """Delete one of the person's sessions (logged or imported) with what it prescribed, and judge the history again
    from its day."""
    with uow:
        old = _own(uow, person_id, session_id)
        program = uow.programs.active(person_id)
        before = _words(uow, library, program)
        uow.prescriptions.delete_from_sessions([session_id])
        uow.sessions.delete(person_id, session_id)
        rejudged = recompute(uow, library, person_id=person_id, since=old.date)
        revisions = _revisions(before, _words(uow, library, program), library)
        uow.commit()
    return DeleteOutcome(session_id, old.date, rejudged, revisions)


def _words(uow: UnitOfWork, library: Library, program: ProgramRecord | None) -> dict[str, Prescription]:
    """The engine's current word for every tracked slot of the programme (as the person shaped it)."""
    if program is None:
        return {}
    uow = with_adjustments(uow, library, program)
    slots = sorted({slot for s in uow.programs.planned_all(program.id) for slot in tracked(s)})
    return uow.prescriptions.current_for_slots(program.id, slots)


def _revisions(
    before: dict[str, Prescription], after: dict[str, Prescription], library: Library
) -> tuple[Revision, ...]:
    return tuple(
        Revision(slot, library.display_name(slot), before.get(slot), after.get(slot))
        for slot in sorted(before.keys() | after.keys())
        if before.get(slot) != after.get(slot)
    )


def recompute(uow: UnitOfWork, library: Library, *, person_id: int, since: date) -> int:
    """Inside an open unit of work: the active programme's word judged again from the person's sessions on or after
    `since`, in the order they were done, with the check-ins between them; how many sessions were judged."""
    program = uow.programs.active(person_id)
    if program is None:
        return 0
    uow = with_adjustments(uow, library, program)  # what was due: the plan as the person shaped it
    later = [s for s in uow.sessions.logged(person_id) if s.date >= since]
    uow.prescriptions.delete_from_sessions([s.id for s in later], program_id=program.id)
    if not later:
        return 0
    profile = program_profile(uow, program)
    mornings = {c.date: c.pain for c in uow.checkins.for_person(person_id)}
    for day, same_day in groupby(later, key=lambda s: s.date):
        for performed in same_day:
            uow.prescriptions.add_many(judge(uow, library, program, profile, performed), person_id=person_id)
        pain = mornings.get(day + timedelta(days=1))
        if pain is not None:
            usual = usual_before(uow, person_id, day, intake=profile.worst_pain)
            rejudge(uow, library, program.id, profile, person_id=person_id, pain=pain, usual=usual, session_day=day)
    return len(later)


def judge(
    uow: UnitOfWork, library: Library, program: ProgramRecord, profile: Profile, performed: LoggedSession
) -> Sequence[StoredPrescription]:
    """What logging this session said for next time, worked out again from the store as it stands (the sessions and
    check-ins before it): the same reads and the same rules as log_session.log_session, in the same order."""
    person_id, day = program.person_id, performed.date
    done = record(performed)
    spread = performed.leg_symptoms_spread is True
    judged = judge_exercises(
        uow, library, program.id, profile, person_id=person_id, day=day, exercises=done.exercises, spread=spread
    )
    return [
        StoredPrescription(program.id, judging.planned_id, judging.next, performed.id, ex.exercise_id)
        for ex, judging in zip(done.exercises, judged, strict=True)
        if judging is not None
    ]
