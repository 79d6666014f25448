"""The person's loop: start a programme, get today's session, log it, check in next morning, see the history.

Each use case runs in one unit of work and commits once at the end, so a failure stores nothing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from gluterx.domain.exercise import Library
from gluterx.domain.planner import PlanItem, Program, plan_program
from gluterx.domain.profile import Profile
from gluterx.domain.progression import (
    BAND_ORDER,
    DAYS_PER_WEEK,
    FELT_IN,
    LONG_GAP_DAYS,
    PROGRESSING,
    RISING_WEEKS,
    Action,
    Alert,
    ExerciseLog,
    Prescription,
    SetLog,
    alerts,
    deload,
    epley_e1rm,
    load_text,
    next_prescription,
    pain_rising_weekly,
    prescription_from_plan,
    reps_text,
    resume_after_gap,
)
from gluterx.domain.screening import screen
from gluterx.services.errors import Problem, problems_from_validation
from gluterx.services.planning import screening_view
from gluterx.services.ports import ServiceError, UnitOfWork, read_only
from gluterx.services.profiles import parse_profile, profile_to_json
from gluterx.services.text import control_character_problem

LB_TO_KG = 0.45359237
# The days a person can act on. Far outside them the date arithmetic of a 12-week plan overflows (Python's dates end
# at 9999-12-31), so such a day is refused as bad input rather than failing inside.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2199, 12, 31)
Day = date  # for annotations inside SessionIn, whose `date` field hides the type
REGRESSING = frozenset({Action.REGRESS_LOAD, Action.REGRESS_SETS, Action.REGRESS_EXERCISE, Action.HOLD})


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


def check_day(day: date, *, field: str = "date") -> None:
    """ServiceError naming `field` when `day` is outside the days GluteRx can plan and log."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ServiceError([Problem(field, "day_out_of_range", {"value": day, "low": FIRST_DAY, "high": LAST_DAY})])


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


def _person(uow: UnitOfWork, person_id: int | None) -> Any:
    """The person acted for: `person_id` (web, API), or the single local person (CLI) when None."""
    person = uow.people.local() if person_id is None else uow.people.get(person_id)
    if person is None:
        raise ServiceError([Problem("", "no_programme")], code="missing")
    return person


def _active(uow: UnitOfWork, person_id: int) -> Any:
    program = uow.programs.active(person_id)
    if program is None:
        raise ServiceError([Problem("", "no_programme")], code="missing")
    return program


def _active_for(uow: UnitOfWork, person_id: int | None) -> Any:
    """The active programme (a read-only row) of `person_id`, or of the local person (CLI); one query by id."""
    program = uow.programs.active_row(_person(uow, None).id if person_id is None else person_id)
    if program is None:
        raise ServiceError([Problem("", "no_programme")], code="missing")
    return program


def _planned_and_next(uow: UnitOfWork, program_id: int, day: date) -> tuple[Any, Any]:
    """(the session planned on `day` or None, the next one after it or None), in one query."""
    rows = list(uow.programs.planned_from(program_id, day, limit=2))
    planned = rows.pop(0) if rows and rows[0].date == day else None
    return planned, (rows[0] if rows else None)


def _profile(uow: UnitOfWork, program: Any) -> Profile:
    return parse_profile(uow.profiles.latest_data(program.person_id))


def _plan_item(data: dict[str, Any]) -> PlanItem:
    return PlanItem(
        data["exercise_id"],
        data["sets"],
        data["reps"],
        data["load"],
        data["rest_s"],
        data.get("tempo", ""),
        data["reason"],
        tuple(data.get("sources", ())),
        data.get("slot", ""),
        float(data.get("seconds", 0)),
    )


def _stored_items(item: PlanItem) -> dict[str, Any]:
    return {
        "exercise_id": item.exercise_id,
        "sets": item.sets,
        "reps": item.reps,
        "load": item.load,
        "rest_s": item.rest_s,
        "tempo": item.tempo,
        "reason": item.reason,
        "sources": list(item.sources),
        "slot": item.slot,
        "seconds": item.seconds,
    }


def prescription_from_row(row: Any) -> Prescription:
    """A stored prescription row as the domain Prescription."""
    return Prescription(
        row.exercise_id,
        row.sets,
        row.rep_low,
        row.rep_high,
        row.load_kg,
        row.band,
        Action(row.action),
        row.reason,
        tuple(row.sources),
        row.cue,
    )


def _prescription_fields(p: Prescription) -> dict[str, Any]:
    return {
        "exercise_id": p.exercise_id,
        "sets": p.sets,
        "rep_low": p.rep_low,
        "rep_high": p.rep_high,
        "load_kg": p.load_kg,
        "band": p.band,
        "action": p.action.value,
        "reason": p.reason,
        "sources": list(p.sources),
        "cue": p.cue,
    }


def alert_view(alert: Alert) -> dict[str, Any]:
    return {"level": alert.level.value, "message": alert.message}


# What the pain alerts look at: the latest two readings up to the day, and the weekly means of the weeks before it
# (progression.alerts and pain_rising_weekly); one week more, to be safe.
PAIN_WINDOW_DAYS = DAYS_PER_WEEK * (RISING_WEEKS + 2)


def _pain_history(uow: UnitOfWork, person_id: int, today: date) -> list[tuple[date, int]]:
    """The check-ins the alerts for `today` read, not every check-in of the person's history."""
    readings: list[tuple[date, int]] = uow.checkins.pain_between(
        person_id, since=today - timedelta(days=PAIN_WINDOW_DAYS), until=today
    )
    return readings


# ------------------------------------------------------------------------------------------------ start


def start(
    uow: UnitOfWork, library: Library, profile_data: Any, *, start_date: date, person_id: int | None = None
) -> dict[str, Any]:
    """Create or replace the person's profile (a new version) and programme; returns a summary."""
    profile = parse_profile(profile_data)
    check_day(start_date, field="start")
    with uow:
        if person_id is None:
            person = uow.people.local() or uow.people.add()
        else:
            person = uow.people.get(person_id)
            if person is None:
                raise ServiceError([Problem("", "no_person", {"person_id": person_id})], code="missing")
        profile_row = uow.profiles.add_version(person.id, profile_to_json(profile))
        program = plan_program(profile, library, start=start_date)
        row = uow.programs.create_active(
            person_id=person.id,
            profile_id=profile_row.id,
            start_date=start_date,
            weeks=profile.weeks,
            status=program.status,
            screening=screening_view(program.screening),
            sessions=_planned_rows(program),
        )
        first = uow.programs.next_planned(row.id, start_date - timedelta(days=1))
        uow.commit()
        return {
            "status": program.status,
            "program_id": row.id,
            "profile_version": profile_row.version,
            "start": start_date.isoformat(),
            "weeks": profile.weeks,
            "first_session_date": first.date.isoformat() if first else None,
            "referral": screening_view(program.screening)["referral"],
            "cautions": [c.message for c in program.screening.cautions],
        }


def _planned_rows(program: Program) -> list[dict[str, Any]]:
    rows = []
    for week in program.weeks:
        for session in week.sessions:
            day = program.date_of(week.week, session.day)
            rows.append(
                {
                    "week": week.week,
                    "day": session.day,
                    "date": day,
                    "phase": week.phase.number,
                    "phase_name": week.phase.name,
                    "deload": week.deload,
                    "kind": session.kind,
                    "minutes": session.minutes,
                    "items": [_stored_items(i) for i in session.items],
                }
            )
    return rows


# ------------------------------------------------------------------------------------------------ today


def _apply(
    planned: PlanItem, current: Prescription | None, library: Library, *, deload_week: bool, gap_days: int | None
) -> tuple[Prescription, str]:
    """Today's prescription for a planned item: the plan, carried forward by what the engine last said."""
    plan = prescription_from_plan(planned, library)
    if current is None:
        p, reason = plan, planned.reason
    else:
        sets = min(plan.sets, current.sets) if current.action in REGRESSING else plan.sets
        same_range = current.exercise_id != planned.exercise_id or current.action in REGRESSING
        low, high = (current.rep_low, current.rep_high) if same_range else (plan.rep_low, plan.rep_high)
        p = replace(current, sets=sets, rep_low=low, rep_high=high)
        reason = current.reason
    if gap_days is not None and gap_days >= LONG_GAP_DAYS:
        p = resume_after_gap(p, days_since_last=gap_days, library=library)
        reason = p.reason
    if deload_week and current is not None:
        p = deload(p)
        reason = p.reason
    return p, reason


def _todays_prescriptions(
    uow: UnitOfWork, library: Library, program: Any, planned: Any, last: date | None, on: date
) -> list[tuple[PlanItem, Prescription, str, bool]]:
    """Each planned item with what to do today: the plan carried forward by the engine's last word.

    Activity days (walking, swimming and their two short drills) follow the plan as written; the engine tracks
    the strength sessions. The last element says whether a stored prescription shaped the item.
    """
    gap = (on - last).days if last is not None else None
    items = [_plan_item(stored) for stored in planned.items]
    tracked = [] if planned.kind == "activity" else [item.exercise_id for item in items]
    rows = uow.prescriptions.current_for_slots(program.id, tracked)
    out = []
    for item in items:
        if planned.kind == "activity":
            out.append((item, prescription_from_plan(item, library), item.reason, False))
            continue
        current_row = rows.get(item.exercise_id)
        current = prescription_from_row(current_row) if current_row else None
        p, reason = _apply(item, current, library, deload_week=planned.deload, gap_days=gap)
        out.append((item, p, reason, current is not None))
    return out


def today(uow: UnitOfWork, library: Library, *, on: date, person_id: int | None = None) -> dict[str, Any]:
    """The session due `on`, with progression applied, or a rest day and the next session's date."""
    check_day(on)
    uow = read_only(uow)
    with uow:
        program = _active_for(uow, person_id)
        person_id = program.person_id
        offset = (on - program.start_date).days
        week, day = (offset // 7 + 1, offset % 7 + 1) if offset >= 0 else (0, 0)
        last = uow.sessions.last_date(person_id, before=on)
        found = [alert_view(a) for a in alerts(_pain_history(uow, person_id, on), today=on, last_session=last)]
        view: dict[str, Any] = {
            "date": on.isoformat(),
            "week": week,
            "day": day,
            "rest_day": True,
            "next_session_date": None,
            "items": [],
            "alerts": found,
        }
        if program.status == "referral":
            reasons = " ".join(program.screening["referral"]["reasons"])
            view["alerts"] = [{"level": "critical", "message": f"Please see a clinician before you start. {reasons}"}]
            return view
        planned, upcoming = _planned_and_next(uow, program.id, on)
        if planned is None:
            view["next_session_date"] = upcoming.date.isoformat() if upcoming else None
            return view
        items = []
        for item, p, reason, tracked in _todays_prescriptions(uow, library, program, planned, last, on):
            ex = library.get(p.exercise_id)
            items.append(
                {
                    "exercise_id": p.exercise_id,
                    "sets": p.sets,
                    "reps": reps_text(p, ex),
                    "load": load_text(p, ex) if tracked else item.load,
                    "rest_s": item.rest_s,
                    "reason": reason,
                }
            )
        view.update(rest_day=False, items=items, next_session_date=upcoming.date.isoformat() if upcoming else None)
        return view


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


def _faults_in_a_row(uow: UnitOfWork, person_id: int, exercise_id: str, before: date) -> int:
    return _faults(uow, person_id, [exercise_id], before)[exercise_id]


# How far back a run of "felt it in the wrong place" is looked for: the person's newest sessions. The rules ask only
# whether the exercise's last log was one (progression.next_prescription: a cue the first time, a swap the next);
# a log further back than this is too old to count as "in a row".
FAULT_LOOKBACK_SESSIONS = 30


def _faults(uow: UnitOfWork, person_id: int, exercise_ids: list[str], before: date) -> dict[str, int]:
    """For each exercise, how many of its latest logs in a row were felt in the lower back or hamstrings, not the
    glutes (among the person's FAULT_LOOKBACK_SESSIONS newest sessions)."""
    counts = {}
    history_of = uow.sessions.felt_in_history(person_id, exercise_ids, before=before, sessions=FAULT_LOOKBACK_SESSIONS)
    for exercise_id, history in history_of.items():
        count = 0
        for felt_in in history:  # newest first
            felt = set(felt_in)
            if felt & {"lower_back", "hamstrings"} and "glutes" not in felt:
                count += 1
            else:
                break
        counts[exercise_id] = count
    return counts


def _exercise_log(ex: ExerciseIn) -> ExerciseLog:
    sets = tuple(SetLog(s.reps, s.load_kg, s.band, s.rir, s.rpe) for s in ex.sets)
    return ExerciseLog(ex.exercise_id, sets, ex.pain_during, frozenset(ex.felt_in))


def log_session(uow: UnitOfWork, library: Library, data: Any, *, person_id: int | None = None) -> dict[str, Any]:
    """Store a performed session in one transaction and say what changes next time, and why.

    `data` is SESSION.json as parsed JSON, or a SessionIn that parse_session() has already checked.
    """
    session = data if isinstance(data, SessionIn) else parse_session(data, library)
    with uow:
        program = _active_for(uow, person_id)
        person_id = program.person_id
        profile = _profile(uow, program)
        screening = screen(profile)
        baseline = profile.worst_pain
        pain = _pain_history(uow, person_id, session.date)
        rising = pain_rising_weekly(pain, today=session.date)
        planned, upcoming = _planned_and_next(uow, program.id, session.date)
        phase = planned.phase if planned else (int(upcoming.phase) if upcoming else 3)
        last = uow.sessions.last_date(person_id, before=session.date)
        todays = _todays_prescriptions(uow, library, program, planned, last, session.date) if planned else []
        tracked = {p.exercise_id: (item.exercise_id, p) for item, p, _, _ in todays if planned.kind != "activity"}
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
        prescriptions = []
        for ex in session.exercises:
            if ex.exercise_id not in tracked:
                changes.append(
                    {
                        "exercise_id": ex.exercise_id,
                        "action": "recorded",
                        "next": None,
                        "progressing": False,
                        "reason": "Recorded. It is not one of today's tracked exercises, so nothing changes next time.",
                        "cue": None,
                    }
                )
                continue
            slot, current = tracked[ex.exercise_id]
            nxt = next_prescription(
                current,
                _exercise_log(ex),
                library=library,
                owned=profile.equipment,
                screening=screening,
                phase=phase,
                next_morning_pain=None,
                baseline_pain=baseline,
                previous_faults=faults[ex.exercise_id],
                pain_rising=rising,
            )
            prescriptions.append(
                {
                    "person_id": person_id,
                    "program_id": program.id,
                    "planned_exercise_id": slot,
                    "performed_session_id": session_id,
                    "logged_exercise_id": ex.exercise_id,
                    **_prescription_fields(nxt),
                }
            )
            changes.append(_change_view(ex.exercise_id, nxt, library))
        uow.prescriptions.add_many(prescriptions)
        uow.commit()
        # Logging a session changes no check-in, so the pain history read above is still the one to alert on.
        found = alerts(pain, today=session.date, last_session=session.date)
        return {
            "session_id": session_id,
            "date": session.date.isoformat(),
            "sets_logged": sum(len(ex.sets) for ex in session.exercises),
            "changes": changes,
            "alerts": [alert_view(a) for a in found],
        }


def _phase_on(uow: UnitOfWork, program: Any, day: date) -> int:
    upcoming = uow.programs.next_planned(program.id, day)
    return int(upcoming.phase) if upcoming else 3


def _change_view(logged: str, p: Prescription, library: Library) -> dict[str, Any]:
    ex = library.get(p.exercise_id)
    return {
        "exercise_id": logged,
        "action": p.action.value,
        "next": {"exercise_id": p.exercise_id, "sets": p.sets, "reps": reps_text(p, ex), "load": load_text(p, ex)},
        "progressing": p.action in PROGRESSING,
        "reason": p.reason,
        "cue": p.cue,
    }


# ------------------------------------------------------------------------------------------------ check-in


def checkin(uow: UnitOfWork, library: Library, *, pain: int, on: date, person_id: int | None = None) -> dict[str, Any]:
    """Record next-morning pain; when it is above the person's usual, yesterday's prescriptions are revisited."""
    if not isinstance(pain, int) or isinstance(pain, bool) or not 0 <= pain <= 10:
        raise ServiceError([Problem("pain", "pain_out_of_range", {"value": pain, "low": 0, "high": 10})])
    check_day(on)
    with uow:
        person = _person(uow, person_id)
        program = _active(uow, person.id)
        profile = _profile(uow, program)
        uow.checkins.upsert(person.id, on, pain)
        changes = []
        screening = screen(profile)
        # Settled by the next morning (not above usual): what the engine said after the session stands.
        yesterday = uow.sessions.on(person.id, on - timedelta(days=1)) if pain > profile.worst_pain else []
        for performed in yesterday:
            planned = uow.programs.planned_on(program.id, performed.date)
            planned_items = {i["exercise_id"]: _plan_item(i) for i in (planned.items if planned else [])}
            logged_by_id = {e.exercise_id: e for e in performed.exercises}
            latest = {r.planned_exercise_id: r for r in uow.prescriptions.from_session(performed.id)}
            for row in latest.values():
                logged = logged_by_id.get(row.logged_exercise_id)
                before = _before(uow, program.id, row) or (
                    prescription_from_plan(planned_items[row.planned_exercise_id], library)
                    if row.planned_exercise_id in planned_items
                    else None
                )
                if logged is None or before is None or before.exercise_id != logged.exercise_id:
                    continue
                log = ExerciseLog(
                    logged.exercise_id,
                    tuple(SetLog(s.reps, _kg(s.load, s.unit), s.band, s.rir, s.rpe) for s in logged.sets),
                    logged.pain_during,
                    frozenset(logged.felt_in),
                )
                nxt = next_prescription(
                    before,
                    log,
                    library=library,
                    owned=profile.equipment,
                    screening=screening,
                    phase=planned.phase if planned else _phase_on(uow, program, on),
                    next_morning_pain=pain,
                    baseline_pain=profile.worst_pain,
                    previous_faults=_faults_in_a_row(uow, person.id, logged.exercise_id, performed.date),
                )
                if nxt != prescription_from_row(row):
                    uow.prescriptions.create(
                        person_id=person.id,
                        program_id=program.id,
                        planned_exercise_id=row.planned_exercise_id,
                        performed_session_id=performed.id,
                        logged_exercise_id=logged.exercise_id,
                        **_prescription_fields(nxt),
                    )
                    changes.append(_change_view(log.exercise_id, nxt, library))
        uow.commit()
        last = uow.sessions.last_date(person.id)
        found = alerts(_pain_history(uow, person.id, on), today=on, last_session=last)
        return {"date": on.isoformat(), "pain": pain, "changes": changes, "alerts": [alert_view(a) for a in found]}


def _before(uow: UnitOfWork, program_id: int, row: Any) -> Prescription | None:
    """The prescription that was current when the session producing `row` was logged (None: the plan's own)."""
    earlier = uow.prescriptions.before_session(program_id, row.planned_exercise_id, row.performed_session_id)
    return prescription_from_row(earlier) if earlier is not None else None


# ------------------------------------------------------------------------------------------------ history


def history(uow: UnitOfWork, *, person_id: int | None = None) -> dict[str, Any]:
    with read_only(uow) as uow:
        person = uow.people.local() if person_id is None else uow.people.get(person_id)
        if person is None:
            return {"sessions": [], "checkins": []}
        sessions = [
            {
                "date": s.date.isoformat(),
                "notes": s.notes,
                "exercises": [
                    {
                        "exercise_id": e.exercise_id,
                        "pain_during": e.pain_during,
                        "felt_in": list(e.felt_in),
                        "sets": [
                            {
                                "reps": st.reps,
                                "load_kg": _kg(st.load, st.unit),
                                "band": st.band,
                                "rir": st.rir,
                                "rpe": st.rpe,
                                "e1rm_kg": st.e1rm_kg,
                            }
                            for st in e.sets
                        ],
                    }
                    for e in s.exercises
                ],
            }
            for s in uow.sessions.logged(person.id)
        ]
        checkins = [{"date": c.date.isoformat(), "pain": c.pain} for c in uow.checkins.for_person(person.id)]
        return {"sessions": sessions, "checkins": checkins}


def _kg(load: float | None, unit: str) -> float | None:
    if load is None:
        return None
    return round(load * LB_TO_KG, 3) if unit == "lb" else load
