"""A lossless JSON backup of everything stored, and its restore (one transaction: all or nothing)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from gluterx.services.errors import Problem, problems_from_validation
from gluterx.services.ports import ServiceError, UnitOfWork, read_only

FORMAT = "gluterx-backup"
VERSION = 1


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_all(uow: UnitOfWork) -> dict[str, Any]:
    """Every person with their profiles, programmes, sessions, sets, check-ins and prescriptions; no database ids."""
    with read_only(uow) as uow:
        people = []
        for person in uow.people.all():
            performed = uow.sessions.logged(person.id)
            ref = {s.id: i for i, s in enumerate(performed)}
            profiles = list(uow.profiles.all(person.id))
            profile_version = {p.id: p.version for p in profiles}
            prescriptions = list(uow.prescriptions.for_person(person.id))
            programs = []
            for program in uow.programs.all(person.id):
                programs.append(
                    {
                        "profile_version": profile_version[program.profile_id],
                        "start_date": _iso(program.start_date),
                        "weeks": program.weeks,
                        "status": program.status,
                        "screening": program.screening,
                        "active": program.active,
                        "created_at": _iso(program.created_at),
                        "sessions": [
                            {
                                "week": s.week,
                                "day": s.day,
                                "date": _iso(s.date),
                                "phase": s.phase,
                                "phase_name": s.phase_name,
                                "deload": s.deload,
                                "kind": s.kind,
                                "minutes": s.minutes,
                                "items": s.items,
                            }
                            for s in program.sessions
                        ],
                        "prescriptions": [
                            {
                                "planned_exercise_id": p.planned_exercise_id,
                                "logged_exercise_id": p.logged_exercise_id,
                                "exercise_id": p.exercise_id,
                                "performed_session": ref.get(p.performed_session_id)
                                if p.performed_session_id
                                else None,
                                "sets": p.sets,
                                "rep_low": p.rep_low,
                                "rep_high": p.rep_high,
                                "load_kg": p.load_kg,
                                "band": p.band,
                                "action": p.action,
                                "reason": p.reason,
                                "sources": p.sources,
                                "cue": p.cue,
                                "created_at": _iso(p.created_at),
                            }
                            for p in prescriptions
                            if p.program_id == program.id
                        ],
                    }
                )
            people.append(
                {
                    "uuid": person.uuid,
                    "display_name": person.display_name,
                    "role": person.role,
                    "created_at": _iso(person.created_at),
                    "profiles": [
                        {"version": p.version, "data": p.data, "created_at": _iso(p.created_at)} for p in profiles
                    ],
                    "programs": programs,
                    "performed_sessions": [_session_json(s) for s in performed],
                    "checkins": [
                        {"date": _iso(c.date), "pain": c.pain, "created_at": _iso(c.created_at)}
                        for c in uow.checkins.for_person(person.id)
                    ],
                }
            )
        return {"format": FORMAT, "version": VERSION, "people": people}


def _session_json(s: Any) -> dict[str, Any]:
    return {
        "date": _iso(s.date),
        "notes": s.notes,
        "duration_s": s.duration_s,
        "session_rpe": s.session_rpe,
        "source": s.source,
        "source_key": s.source_key,
        "created_at": _iso(s.created_at),
        "exercises": [
            {
                "exercise_id": e.exercise_id,
                "pain_during": e.pain_during,
                "felt_in": list(e.felt_in),
                "sets": [
                    {
                        "reps": x.reps,
                        "load": x.load,
                        "unit": x.unit,
                        "band": x.band,
                        "rir": x.rir,
                        "rpe": x.rpe,
                        "duration_s": x.duration_s,
                        "e1rm_kg": x.e1rm_kg,
                        "warmup": x.warmup,
                    }
                    for x in e.sets
                ],
            }
            for e in s.exercises
        ],
    }


# ------------------------------------------------------------------------------------------------ restore


class _Loose(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SetB(_Loose):
    reps: int
    load: float | None
    unit: str
    band: str | None
    rir: int | None
    rpe: float | None
    duration_s: float | None
    e1rm_kg: float | None
    warmup: bool = False


class ExerciseB(_Loose):
    exercise_id: str
    pain_during: int
    felt_in: list[str]
    sets: list[SetB]


class PerformedB(_Loose):
    date: date
    notes: str
    duration_s: int | None
    session_rpe: float | None
    source: str
    source_key: str | None
    created_at: datetime
    exercises: list[ExerciseB]


class PlannedB(_Loose):
    week: int
    day: int
    date: date
    phase: int
    phase_name: str
    deload: bool
    kind: str
    minutes: float
    items: list[dict[str, Any]]


class PrescriptionB(_Loose):
    planned_exercise_id: str
    logged_exercise_id: str | None
    exercise_id: str
    performed_session: int | None
    sets: int
    rep_low: int
    rep_high: int
    load_kg: float | None
    band: str | None
    action: str
    reason: str
    sources: list[str]
    cue: str | None
    created_at: datetime


class ProgramB(_Loose):
    profile_version: int
    start_date: date
    weeks: int
    status: str
    screening: dict[str, Any]
    active: bool
    created_at: datetime
    sessions: list[PlannedB]
    prescriptions: list[PrescriptionB]


class ProfileB(_Loose):
    version: int
    data: dict[str, Any]
    created_at: datetime


class CheckinB(_Loose):
    date: date
    pain: int
    created_at: datetime


class PersonB(_Loose):
    uuid: str
    display_name: str
    role: str
    created_at: datetime
    profiles: list[ProfileB]
    programs: list[ProgramB]
    performed_sessions: list[PerformedB]
    checkins: list[CheckinB]


class BackupB(_Loose):
    format: str
    version: int
    people: list[PersonB]


def import_all(uow: UnitOfWork, data: Any, *, replace: bool = False) -> dict[str, int]:
    """Restore a backup in one transaction; refuses to mix it into a store that already holds data."""
    try:
        backup = BackupB.model_validate(data)
    except ValidationError as exc:
        problems = problems_from_validation(exc)[:20]
        raise ServiceError([Problem("", "not_a_backup"), *problems]) from exc
    if backup.format != FORMAT or backup.version != VERSION:
        found = {"format": backup.format, "version": backup.version}
        wanted = {"expected_format": FORMAT, "expected_version": VERSION}
        raise ServiceError([Problem("version", "wrong_backup_version", {**wanted, **found})])
    counts = {"people": 0, "sessions": 0, "sets": 0, "check-ins": 0}
    with uow:
        if uow.people.all():
            if not replace:
                raise ServiceError([Problem("", "store_not_empty")])
            uow.people.delete_all()
        for p in backup.people:
            person = uow.people.add(
                display_name=p.display_name, role=p.role, person_uuid=p.uuid, created_at=p.created_at
            )
            profile_ids = {
                prof.version: uow.profiles.restore(
                    person.id, version=prof.version, data=prof.data, created_at=prof.created_at
                ).id
                for prof in p.profiles
            }
            performed_ids = []
            for s in p.performed_sessions:
                row = uow.sessions.create(
                    person_id=person.id,
                    day=s.date,
                    notes=s.notes,
                    duration_s=s.duration_s,
                    session_rpe=s.session_rpe,
                    source=s.source,
                    source_key=s.source_key,
                    created_at=s.created_at,
                    exercises=[
                        {
                            "exercise_id": e.exercise_id,
                            "pain_during": e.pain_during,
                            "felt_in": e.felt_in,
                            "sets": [x.model_dump() for x in e.sets],
                        }
                        for e in s.exercises
                    ],
                )
                performed_ids.append(row.id)
                counts["sessions"] += 1
                counts["sets"] += sum(len(e.sets) for e in s.exercises)
            for prog in p.programs:
                program = uow.programs.create_active(
                    person_id=person.id,
                    profile_id=profile_ids[prog.profile_version],
                    start_date=prog.start_date,
                    weeks=prog.weeks,
                    status=prog.status,
                    screening=prog.screening,
                    active=prog.active,
                    created_at=prog.created_at,
                    sessions=[s.model_dump() for s in prog.sessions],
                )
                for rx in prog.prescriptions:
                    fields = rx.model_dump(exclude={"performed_session"})
                    ref = rx.performed_session
                    uow.prescriptions.create(
                        person_id=person.id,
                        program_id=program.id,
                        performed_session_id=performed_ids[ref] if ref is not None else None,
                        **fields,
                    )
            for c in p.checkins:
                uow.checkins.restore(person.id, day=c.date, pain=c.pain, created_at=c.created_at)
                counts["check-ins"] += 1
            counts["people"] += 1
        uow.commit()
    return counts
