"""Progress: read a person's history from the store and run the pure analysis over it.

One read of everything the person logged, then `domain.analysis.analyse`; `jsonable` turns the result into plain
JSON for the API, the CLI and the report.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from enum import Enum
from typing import Any

from gluterx.domain.analysis import (
    Activity,
    Analysis,
    CustomExercise,
    LoggedSet,
    PainReading,
    PlannedDay,
    SessionSummary,
    analyse,
)
from gluterx.domain.exercise import Library, Pattern
from gluterx.services.importing import guess_pattern
from gluterx.services.ports import ServiceError, UnitOfWork, read_only
from gluterx.services.profiles import parse_profile

LB_TO_KG = 0.45359237
CUSTOM_PREFIX = "custom:"
MINUTES_PER_SET = 2.0  # a rough estimate when neither a duration nor a plan says how long a session took
_GUESS = {
    "hip_dominant": (Pattern.HINGE, True),
    "knee_dominant": (Pattern.SQUAT, False),
    "abduction": (Pattern.HIP_ABDUCTION, True),
}
_ACTIVITY = {"walking": Activity.WALKING, "swimming": Activity.SWIMMING}


@dataclasses.dataclass(frozen=True)
class ProgressData:
    """Everything a progress report shows: the analysis and the context around it."""

    analysis: Analysis
    person: dict[str, Any]
    profile: dict[str, Any] | None
    screening: dict[str, Any] | None
    program: dict[str, Any] | None
    alerts: list[dict[str, Any]]
    total_sets: int
    first_day: date | None
    last_day: date | None


def _custom(exercise_id: str) -> CustomExercise:
    name = exercise_id.removeprefix(CUSTOM_PREFIX).replace("_", " ")
    pattern, hip = _GUESS.get(guess_pattern(name), (None, None))
    return CustomExercise(exercise_id, name=name, pattern=pattern, hip_dominant=hip)


def load_progress(uow: UnitOfWork, library: Library, *, today: date, person_id: int | None = None) -> ProgressData:
    """The person's whole history, analysed up to `today`."""
    from gluterx.domain.progression import alerts

    with read_only(uow) as uow:
        person = uow.people.local() if person_id is None else uow.people.get(person_id)
        if person is None:
            raise ServiceError(["nothing to show yet: start a programme or import your history first"], code="missing")
        profile_row = uow.profiles.latest(person.id)
        profile = parse_profile(profile_row.data) if profile_row else None
        program = uow.programs.active(person.id)
        planned = (
            uow.programs.planned_between(program.id, program.start_date, program.start_date + timedelta(weeks=53))
            if program
            else []
        )
        planned_minutes = {p.date: p.minutes for p in planned if p.kind == "strength"}
        sets: list[LoggedSet] = []
        customs: dict[str, CustomExercise] = {}
        summaries: list[SessionSummary] = []
        for session in uow.sessions.for_person(person.id):
            count = 0
            activity = Activity.STRENGTH
            rpes: list[float] = []
            for ex in session.exercises:
                if ex.exercise_id not in library and ex.exercise_id not in customs:
                    customs[ex.exercise_id] = _custom(ex.exercise_id)
                activity = _ACTIVITY.get(ex.exercise_id, activity)
                for s in ex.sets:
                    load = s.load * LB_TO_KG if (s.load is not None and s.unit == "lb") else s.load
                    sets.append(
                        LoggedSet(session.date, ex.exercise_id, s.reps, load, s.rir, s.rpe, ex.pain_during, s.warmup)
                    )
                    count += 1
                    if s.rpe is not None:
                        rpes.append(s.rpe)
                    elif s.rir is not None:
                        rpes.append(max(1.0, 10.0 - s.rir))
            minutes = (
                session.duration_s / 60
                if session.duration_s
                else planned_minutes.get(session.date, count * MINUTES_PER_SET)
            )
            rpe = session.session_rpe or (round(sum(rpes) / len(rpes), 1) if rpes else None)
            summaries.append(SessionSummary(session.date, round(minutes, 1), rpe, activity))
        readings = [PainReading(c.date, c.pain) for c in uow.checkins.for_person(person.id)]
        last = max((s.day for s in summaries), default=None)
        found = alerts([(r.day, int(r.pain)) for r in readings], today=today, last_session=last)
        analysis = analyse(
            sets=sets,
            library=library,
            today=today,
            customs=customs,
            pain=readings,
            pain_baseline=float(profile.worst_pain) if profile and profile.pain else None,
            planned=[PlannedDay(p.date) for p in planned if p.kind == "strength" and p.date <= today],
            sessions=summaries,
            body_mass_kg=profile.body_mass_kg if profile else None,
        )
        return ProgressData(
            analysis=analysis,
            person={"display_name": person.display_name, "created_at": person.created_at.date().isoformat()},
            profile=profile_row.data if profile_row else None,
            screening=program.screening if program else None,
            program=None
            if program is None
            else {"start": program.start_date.isoformat(), "weeks": program.weeks, "status": program.status},
            alerts=[{"level": a.level.value, "message": a.message} for a in found],
            total_sets=len(sets),
            first_day=min((s.day for s in summaries), default=None),
            last_day=last,
        )


def jsonable(value: Any) -> Any:
    """Dataclasses, enums, dates, tuples and mappings as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(jsonable(k)): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, float):
        return round(value, 3)
    return value


def progress_view(data: ProgressData) -> dict[str, Any]:
    return {
        "person": data.person,
        "program": data.program,
        "alerts": data.alerts,
        "total_sets": data.total_sets,
        "first_day": data.first_day.isoformat() if data.first_day else None,
        "last_day": data.last_day.isoformat() if data.last_day else None,
        **jsonable(data.analysis),
    }
