"""The next-morning check-in: record the pain (and, apart from it, muscle soreness); when the pain is above the
person's usual pain before yesterday's session (usual_pain over their recent check-ins, not the figure given at
setup), the rules judge that session again and store a revised prescription. Soreness is recorded and never steps
the programme back. One unit of work, one commit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from datetime import date, timedelta

from gluterx.domain.exercise import Library
from gluterx.domain.profile import Profile
from gluterx.domain.progression import Alert, alerts, next_prescription, usual_pain
from gluterx.domain.schedule import carry_forward, load_ceiling
from gluterx.domain.screening import screen
from gluterx.services.errors import Problem
from gluterx.services.guards import active_program, check_day, program_profile
from gluterx.services.history import record
from gluterx.services.log_session import Change, change, exercise_log, faults_in_a_row
from gluterx.services.plan_changes import with_adjustments
from gluterx.services.ports import ServiceError, UnitOfWork
from gluterx.services.today import PAIN_WINDOW_DAYS, earned_session, pain_history, severe

__all__ = ["CheckinOutcome", "checkin", "rejudge", "usual_before"]


@dataclass(frozen=True, slots=True)
class CheckinOutcome:
    """A stored check-in: the revised prescriptions (none when the pain settled) and the pain alerts."""

    date: dt.date
    pain: int
    changes: tuple[Change, ...]
    alerts: tuple[Alert, ...]
    usual: int  # the usual pain before yesterday's session, that this morning's pain was judged against
    soreness: int | None = None


def _is_score(value: object) -> bool:
    """A whole number from 0 to 10 (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10


def checkin(
    uow: UnitOfWork, library: Library, *, pain: int, on: date, person_id: int, soreness: int | None = None
) -> CheckinOutcome:
    """Record next-morning pain (and soreness, asked apart); when the pain is above the person's usual before
    yesterday's session, that session's prescriptions are revisited."""
    problems = [
        Problem(field, "pain_out_of_range", {"value": value, "low": 0, "high": 10})
        for field, value in (("pain", pain), ("soreness", soreness))
        if not _is_score(value) and (field == "pain" or value is not None)
    ]
    if problems:
        raise ServiceError(problems)
    check_day(on)
    with uow:
        program = active_program(uow, person_id)
        uow = with_adjustments(uow, library, program)  # the session as it was due: the plan as the person shaped it
        profile = program_profile(uow, program)
        session_day = on - timedelta(days=1)
        usual = usual_before(uow, person_id, session_day, intake=profile.worst_pain)
        uow.checkins.upsert(person_id, on, pain, soreness=soreness)
        changes = rejudge(
            uow, library, program.id, profile, person_id=person_id, pain=pain, usual=usual, session_day=session_day
        )
        uow.commit()
        last = uow.sessions.last_date(person_id)
        found = alerts(pain_history(uow, person_id, on), today=on, last_session=last)
        return CheckinOutcome(on, pain, tuple(changes), tuple(found), usual, soreness)


def usual_before(uow: UnitOfWork, person_id: int, session_day: date, *, intake: int) -> int:
    """The person's usual pain before `session_day`'s session (usual_pain over the check-ins up to that day), that
    the next morning's pain is judged against."""
    since = session_day - timedelta(days=PAIN_WINDOW_DAYS)
    readings = uow.checkins.pain_between(person_id, since=since, until=session_day)
    return usual_pain(readings, before=session_day, intake=intake)


def rejudge(
    uow: UnitOfWork,
    library: Library,
    program_id: int,
    profile: Profile,
    *,
    person_id: int,
    pain: int,
    usual: int,
    session_day: date,
) -> list[Change]:
    """Inside an open unit of work: the sessions of `session_day` judged again with next-morning `pain` (when it is
    above `usual`), each revised prescription stored; what changed. The check-in and a corrected history share it."""
    changes: list[Change] = []
    screening = screen(profile)
    # Settled by the next morning (not above usual): what the engine said after the session stands.
    yesterday = uow.sessions.on(person_id, session_day) if pain > usual else []
    for performed in yesterday:
        calendar = uow.programs.planned_on(program_id, performed.date)
        # The session the log was judged on: the calendar's, or the previous phase's while the next is unearned.
        candidates = [] if calendar is None else [calendar]
        if calendar is not None:
            intake = profile.worst_pain
            kept = earned_session(uow, program_id, calendar, person_id=person_id, intake=intake, on=performed.date)
            candidates.insert(0, kept)
        logged_by_id = {e.exercise_id: e for e in record(performed).exercises}
        latest = {r.planned_exercise_id: r for r in uow.prescriptions.from_session(performed.id)}
        for earlier in latest.values():
            logged = logged_by_id.get(earlier.logged_exercise_id or "")
            found_in = [(s, i) for s in candidates for i in s.items if i.exercise_id == earlier.planned_exercise_id]
            if not found_in:
                continue
            planned, item = found_in[0]
            # What was due that day: the engine's word before the session, carried forward as Today did.
            stood = uow.prescriptions.before_session(
                program_id, earlier.planned_exercise_id, earlier.performed_session_id
            )
            previous = uow.sessions.last_date(person_id, before=performed.date)
            gap = (performed.date - previous).days if previous is not None else None
            before = carry_forward(
                item, stood, deload_week=planned.deload, gap_days=gap, library=library, hold_volume=severe(usual)
            )
            if logged is None or before.exercise_id != logged.exercise_id:
                continue
            log = exercise_log(logged)
            nxt = next_prescription(
                before,
                log,
                library=library,
                owned=profile.equipment,
                screening=screening,
                phase=planned.phase,
                next_morning_pain=pain,
                baseline_pain=usual,
                symptoms_spread=performed.leg_symptoms_spread is True,
                max_load=load_ceiling(planned, library),
                previous_faults=faults_in_a_row(uow, person_id, [logged.exercise_id], performed.date)[
                    logged.exercise_id
                ],
            )
            if nxt != earlier.prescription:
                uow.prescriptions.create(replace(earlier, prescription=nxt), person_id=person_id)
                changes.append(change(log.exercise_id, nxt, library))
    return changes
