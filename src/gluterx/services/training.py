"""The person's loop: start a programme, get today's session, log it, check in next morning, see the history.

Each use case runs in one unit of work and commits once at the end, so a failure stores nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from gluterx.domain.dose import DoseWords, describe
from gluterx.domain.exercise import Library
from gluterx.domain.planner import plan_program
from gluterx.domain.profile import Profile
from gluterx.domain.progression import (
    BAND_ORDER,
    FELT_IN,
    PROGRESSING,
    Alert,
    ExerciseLog,
    Prescription,
    SetLog,
    alerts,
    epley_e1rm,
    next_prescription,
    pain_rising_weekly,
)
from gluterx.domain.schedule import carry_forward, counts_of_faults, schedule
from gluterx.domain.screening import screen
from gluterx.services.guards import FIRST_DAY, LAST_DAY, active_program, check_day

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "Change",
    "CheckinOutcome",
    "LogOutcome",
    "SessionIn",
    "StartResult",
    "WorkoutSummary",
    "check_day",
    "checkin",
    "local_person_id",
    "log_session",
    "parse_session",
    "start",
    "workout_summary",
]
from gluterx.services.errors import Problem, problems_from_validation
from gluterx.services.history import SessionRecord, record
from gluterx.services.planning import screening_view
from gluterx.services.ports import ServiceError, UnitOfWork, read_only
from gluterx.services.profiles import parse_profile, profile_to_json
from gluterx.services.records import StoredPrescription
from gluterx.services.text import control_character_problem
from gluterx.services.today import due_on, pain_history, planned_and_next

Day = date  # for annotations inside SessionIn, whose `date` field hides the type


# ------------------------------------------------------------------------------------------------ input models


class SetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reps: Annotated[int, Field(ge=0, le=1000, strict=True)]
    load_kg: Annotated[float, Field(ge=0, le=1000)] | None = None
    band: str | None = None
    rir: Annotated[int, Field(ge=0, le=10, strict=True)] | None = None
    rpe: Annotated[float, Field(ge=1, le=10)] | None = None

    @field_validator("band")
    @classmethod
    def _known_band(cls, value: str | None) -> str | None:
        if value is not None and value not in BAND_ORDER:
            raise ValueError(f"unknown band {value!r}; use one of {', '.join(BAND_ORDER)}")
        return value


class ExerciseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    exercise_id: Annotated[str, Field(min_length=1, max_length=80)]
    sets: Annotated[list[SetIn], Field(min_length=1, max_length=50)]
    pain_during: Annotated[int, Field(ge=0, le=10, strict=True)] = 0
    felt_in: list[str] = Field(default_factory=list, max_length=7)

    @field_validator("felt_in")
    @classmethod
    def _known_places(cls, value: list[str]) -> list[str]:
        if bad := sorted(set(value) - FELT_IN):
            raise ValueError(f"unknown place(s) {', '.join(bad)}; use any of {', '.join(sorted(FELT_IN))}")
        return list(dict.fromkeys(value))


class SessionIn(BaseModel):
    """SESSION.json, as DESIGN.md defines it."""

    model_config = ConfigDict(extra="forbid")

    date: date
    exercises: Annotated[list[ExerciseIn], Field(min_length=1, max_length=40)]
    notes: Annotated[str, Field(max_length=5000)] = ""

    @field_validator("date")
    @classmethod
    def _in_range(cls, value: Day) -> Day:
        if not FIRST_DAY <= value <= LAST_DAY:
            raise ValueError(f"must be between {FIRST_DAY} and {LAST_DAY}")
        return value

    @field_validator("notes")
    @classmethod
    def _plain_text(cls, value: str) -> str:
        if problem := control_character_problem(value):
            raise ValueError(problem)
        return value


def parse_session(data: Any, library: Library) -> SessionIn:
    """A validated SESSION.json, or ServiceError with one line per bad field."""
    if not isinstance(data, dict):
        raise ServiceError([Problem("", "not_an_object", {"fields": list(SessionIn.model_fields)})])
    try:
        session = SessionIn.model_validate(data)
    except ValidationError as exc:
        raise ServiceError(problems_from_validation(exc, model=SessionIn)) from exc
    problems = []
    for i, ex in enumerate(session.exercises):
        if ex.exercise_id not in library:
            close = library.closest_ids(ex.exercise_id)
            problems.append(
                Problem(f"exercises.{i}.exercise_id", "unknown_exercise", {"value": ex.exercise_id, "close": close})
            )
    if problems:
        raise ServiceError(problems)
    return session


# ------------------------------------------------------------------------------------------------ helpers


def local_person_id(uow: UnitOfWork, *, create: bool = False) -> int:
    """The single local person of the CLI (created on the first `gluterx start` when `create`)."""
    with uow:
        person = uow.people.local()
        if person is None and create:
            person = uow.people.add()
            uow.commit()
        if person is None:
            raise ServiceError([Problem("", "no_programme")], code="missing")
        return int(person.id)


def _profile(uow: UnitOfWork, program: Any) -> Profile:
    return parse_profile(uow.profiles.latest_data(program.person_id))


def alert_view(alert: Alert) -> dict[str, Any]:
    return {"level": alert.level.value, "message": alert.message}


# ------------------------------------------------------------------------------------------------ start


@dataclass(frozen=True, slots=True)
class StartResult:
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
        program = plan_program(profile, library, start=start_date)
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


# ------------------------------------------------------------------------------------------------ log


def _set_fields(s: SetIn) -> dict[str, Any]:
    e1rm = epley_e1rm(s.load_kg, s.reps)
    return {
        "reps": s.reps,
        "load": s.load_kg,
        "unit": "kg",
        "band": s.band,
        "rir": s.rir,
        "rpe": s.rpe,
        "e1rm_kg": round(e1rm, 2) if e1rm is not None else None,
    }


# How far back a run of "felt it in the wrong place" is looked for: the person's newest sessions. The rules ask only
# whether the exercise's last log was one (progression.next_prescription: a cue the first time, a swap the next);
# a log further back than this is too old to count as "in a row".
FAULT_LOOKBACK_SESSIONS = 30


def _faults(uow: UnitOfWork, person_id: int, exercise_ids: list[str], before: date) -> dict[str, int]:
    """For each exercise, how many of its latest logs in a row were felt in the wrong place (domain rule)."""
    history_of = uow.sessions.felt_in_history(person_id, exercise_ids, before=before, sessions=FAULT_LOOKBACK_SESSIONS)
    return counts_of_faults(history_of)


def _exercise_log(ex: ExerciseIn) -> ExerciseLog:
    sets = tuple(SetLog(s.reps, s.load_kg, s.band, s.rir, s.rpe) for s in ex.sets)
    return ExerciseLog(ex.exercise_id, sets, ex.pain_during, frozenset(ex.felt_in))


@dataclass(frozen=True, slots=True)
class Change:
    """What changes next time for one logged exercise, and why (`next` is None when nothing tracks it)."""

    exercise_id: str
    name: str
    action: str
    next: Prescription | None
    next_name: str | None
    reason: str
    cue: str | None

    @property
    def progressing(self) -> bool:
        return self.next is not None and self.next.action in PROGRESSING

    @property
    def next_words(self) -> DoseWords | None:
        return describe(self.next.dose) if self.next is not None else None


@dataclass(frozen=True, slots=True)
class LogOutcome:
    session_id: int
    date: dt.date
    sets_logged: int
    changes: tuple[Change, ...]
    alerts: tuple[Alert, ...]


RECORDED_ONLY = "Recorded. It is not one of today's tracked exercises, so nothing changes next time."


def recorded(exercise_id: str, library: Library) -> Change:
    """The change for an exercise the engine does not track that day: recorded, nothing changes."""
    return Change(exercise_id, library.display_name(exercise_id), "recorded", None, None, RECORDED_ONLY, None)


def change(logged: str, p: Prescription, library: Library) -> Change:
    name = library.display_name(p.exercise_id)
    return Change(logged, library.display_name(logged), p.action.value, p, name, p.reason, p.cue)


def log_session(uow: UnitOfWork, library: Library, data: Any, *, person_id: int) -> LogOutcome:
    """Store a performed session in one transaction and say what changes next time, and why.

    `data` is SESSION.json as parsed JSON, or a SessionIn that parse_session() has already checked.
    """
    session = data if isinstance(data, SessionIn) else parse_session(data, library)
    with uow:
        program = active_program(uow, person_id)
        profile = _profile(uow, program)
        screening = screen(profile)
        pain = pain_history(uow, person_id, session.date)
        rising = pain_rising_weekly(pain, today=session.date)
        planned, upcoming = planned_and_next(uow, program.id, session.date)
        phase = planned.phase if planned else (upcoming.phase if upcoming else 3)
        last = uow.sessions.last_date(person_id, before=session.date)
        due = due_on(uow, library, program.id, planned, last, session.date) if planned else ()
        slots = {d.prescription.exercise_id: d for d in due if d.tracked}
        faults = _faults(uow, person_id, [ex.exercise_id for ex in session.exercises], session.date)
        session_id = uow.sessions.add(
            person_id=person_id,
            day=session.date,
            notes=session.notes,
            exercises=[
                {
                    "exercise_id": ex.exercise_id,
                    "pain_during": ex.pain_during,
                    "felt_in": ex.felt_in,
                    "sets": [_set_fields(s) for s in ex.sets],
                }
                for ex in session.exercises
            ],
        )
        changes = []
        stored = []
        for ex in session.exercises:
            if ex.exercise_id not in slots:
                changes.append(recorded(ex.exercise_id, library))
                continue
            slot = slots[ex.exercise_id]
            nxt = next_prescription(
                slot.prescription,
                _exercise_log(ex),
                library=library,
                owned=profile.equipment,
                screening=screening,
                phase=phase,
                next_morning_pain=None,
                baseline_pain=profile.worst_pain,
                previous_faults=faults[ex.exercise_id],
                pain_rising=rising,
            )
            stored.append(StoredPrescription(program.id, slot.planned.exercise_id, nxt, session_id, ex.exercise_id))
            changes.append(change(ex.exercise_id, nxt, library))
        uow.prescriptions.add_many(stored, person_id=person_id)
        uow.commit()
        # Logging a session changes no check-in, so the pain history read above is still the one to alert on.
        found = alerts(pain, today=session.date, last_session=session.date)
        return LogOutcome(
            session_id=session_id,
            date=session.date,
            sets_logged=sum(len(ex.sets) for ex in session.exercises),
            changes=tuple(changes),
            alerts=tuple(found),
        )


@dataclass(frozen=True, slots=True)
class WorkoutSummary:
    """A logged session and what changes next time (the newest word per exercise, after any check-in)."""

    session: SessionRecord
    names: dict[str, str]
    changes: tuple[Change, ...]
    alerts: tuple[Alert, ...]


def workout_summary(uow: UnitOfWork, library: Library, *, person_id: int, session_id: int) -> WorkoutSummary | None:
    """One of the person's logged sessions with what changes next time, and why (None: not theirs or not there)."""
    with read_only(uow) as reading:
        found = reading.sessions.logged(person_id, session_id=session_id)
        if not found:
            return None
        performed = record(found[0])
        # The newest prescription per slot: a next-morning check-in may have revised what the session said.
        latest = {r.logged_exercise_id: r.prescription for r in reading.prescriptions.from_session(performed.id)}
        changes = tuple(
            recorded(e.exercise_id, library)
            if (p := latest.get(e.exercise_id)) is None
            else change(e.exercise_id, p, library)
            for e in performed.exercises
        )
        pain = [(c.date, c.pain) for c in reading.checkins.for_person(person_id)]
        found_alerts = tuple(alerts(pain, today=performed.date, last_session=performed.date))
        names = {e.exercise_id: library.display_name(e.exercise_id) for e in performed.exercises}
        return WorkoutSummary(performed, names, changes, found_alerts)


# ------------------------------------------------------------------------------------------------ check-in


@dataclass(frozen=True, slots=True)
class CheckinOutcome:
    date: dt.date
    pain: int
    changes: tuple[Change, ...]
    alerts: tuple[Alert, ...]


def checkin(uow: UnitOfWork, library: Library, *, pain: int, on: date, person_id: int) -> CheckinOutcome:
    """Record next-morning pain; when it is above the person's usual, yesterday's prescriptions are revisited."""
    if not isinstance(pain, int) or isinstance(pain, bool) or not 0 <= pain <= 10:
        raise ServiceError([Problem("pain", "pain_out_of_range", {"value": pain, "low": 0, "high": 10})])
    check_day(on)
    with uow:
        program = active_program(uow, person_id)
        profile = _profile(uow, program)
        uow.checkins.upsert(person_id, on, pain)
        changes = []
        screening = screen(profile)
        # Settled by the next morning (not above usual): what the engine said after the session stands.
        yesterday = uow.sessions.on(person_id, on - timedelta(days=1)) if pain > profile.worst_pain else []
        for performed in yesterday:
            planned = uow.programs.planned_on(program.id, performed.date)
            planned_items = {i.exercise_id: i for i in (planned.items if planned else ())}
            logged_by_id = {e.exercise_id: e for e in record(performed).exercises}
            latest = {r.planned_exercise_id: r for r in uow.prescriptions.from_session(performed.id)}
            for earlier in latest.values():
                logged = logged_by_id.get(earlier.logged_exercise_id or "")
                item = planned_items.get(earlier.planned_exercise_id)
                if item is None or planned is None:
                    continue
                # What was due that day: the engine's word before the session, carried forward as Today did.
                stood = uow.prescriptions.before_session(
                    program.id, earlier.planned_exercise_id, earlier.performed_session_id
                )
                previous = uow.sessions.last_date(person_id, before=performed.date)
                gap = (performed.date - previous).days if previous is not None else None
                before = carry_forward(item, stood, deload_week=planned.deload, gap_days=gap, library=library)
                if logged is None or before.exercise_id != logged.exercise_id:
                    continue
                log = ExerciseLog(
                    logged.exercise_id,
                    tuple(SetLog(s.reps, s.load_kg, s.band, s.rir, s.rpe) for s in logged.sets),
                    logged.pain_during,
                    frozenset(logged.felt_in),
                )
                nxt = next_prescription(
                    before,
                    log,
                    library=library,
                    owned=profile.equipment,
                    screening=screening,
                    phase=planned.phase,
                    next_morning_pain=pain,
                    baseline_pain=profile.worst_pain,
                    previous_faults=_faults(uow, person_id, [logged.exercise_id], performed.date)[logged.exercise_id],
                )
                if nxt != earlier.prescription:
                    uow.prescriptions.create(replace(earlier, prescription=nxt), person_id=person_id)
                    changes.append(change(log.exercise_id, nxt, library))
        uow.commit()
        last = uow.sessions.last_date(person_id)
        found = alerts(pain_history(uow, person_id, on), today=on, last_session=last)
        return CheckinOutcome(on, pain, tuple(changes), tuple(found))
