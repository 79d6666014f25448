"""A lossless JSON backup of everything stored, and its restore (one transaction: all or nothing)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from gluterx.domain.dose import Band, Dose, Duration, Guidance, Hold, Load, LoadKind, RepRange, Tempo, Work
from gluterx.domain.exercise import Library
from gluterx.domain.outcomes import Activity, Answers
from gluterx.domain.planner import PlanItem
from gluterx.domain.progression import Action, Prescription
from gluterx.domain.schedule import ScheduledSession
from gluterx.services.backup_models import (
    BackupB,
    ItemB,
    OutcomeB,
    PerformedB,
    PlannedB,
    PrescriptionB,
    json_path,
    refused,
    validate_backup,
)
from gluterx.services.errors import Problem
from gluterx.services.legacy_dose import legacy_item_dose, legacy_prescription_dose
from gluterx.services.ports import ServiceError, UnitOfWork, read_only
from gluterx.services.records import StoredOutcome, StoredPrescription

FORMAT = "gluterx-backup"
# 2: doses as structured values ("dose"), and (optional, so a version-2 backup without them still restores) each
# person's outcome-measure answers; 1: doses in words, still restored (services/legacy_dose.py)
VERSION = 2
READABLE_VERSIONS = (1, 2)
RESTORE_CHUNK = 500  # performed sessions written per bulk INSERT


# ------------------------------------------------------------------------------------------------ doses


def dose_to_json(dose: Dose) -> dict[str, Any]:
    """A dose as backup JSON: {"sets", "work": {"reps": [low, high]} | {"hold_s", "holds"} | {"minutes"},
    "per_side", "load": {"kind", and "kg" | "band" | "guidance" | "reserve" where set}, "rest_s", "tempo"}."""
    work: dict[str, Any]
    match dose.work:
        case RepRange(low=low, high=high):
            work = {"reps": [low, high]}
        case Hold(seconds=seconds, reps=reps):
            work = {"hold_s": seconds, "holds": reps}
        case Duration(minutes=minutes):
            work = {"minutes": minutes}
    load: dict[str, Any] = {"kind": dose.load.kind.value}
    if dose.load.kg is not None:
        load["kg"] = dose.load.kg
    if dose.load.band is not None:
        load["band"] = dose.load.band.value
    if dose.load.guidance is not None:
        load["guidance"] = dose.load.guidance.value
    if dose.load.reserve is not None:
        load["reserve"] = list(dose.load.reserve)
    tempo = dose.tempo
    return {
        "sets": dose.sets,
        "work": work,
        "per_side": dose.per_side,
        "load": load,
        "rest_s": dose.rest_s,
        "tempo": None
        if tempo is None
        else {"up": tempo.up, "squeeze": tempo.squeeze, "down": tempo.down, "explosive": tempo.explosive},
    }


def dose_from_json(data: dict[str, Any]) -> Dose:
    """The Dose of `dose_to_json`'s JSON; raises KeyError, TypeError or ValueError on anything else."""
    w = data["work"]
    work: Work
    if "reps" in w:
        work = RepRange(int(w["reps"][0]), int(w["reps"][1]))
    elif "hold_s" in w:
        work = Hold(int(w["hold_s"]), int(w.get("holds", 1)))
    else:
        work = Duration(int(w["minutes"]))
    ld = data["load"]
    reserve = ld.get("reserve")
    load = Load(
        LoadKind(ld["kind"]),
        kg=float(ld["kg"]) if ld.get("kg") is not None else None,
        band=Band(ld["band"]) if ld.get("band") is not None else None,
        guidance=Guidance(ld["guidance"]) if ld.get("guidance") is not None else None,
        reserve=(int(reserve[0]), int(reserve[1])) if reserve is not None else None,
    )
    t = data.get("tempo")
    tempo = Tempo(int(t["up"]), int(t["squeeze"]), int(t["down"]), bool(t["explosive"])) if t is not None else None
    return Dose(int(data["sets"]), work, load, int(data["rest_s"]), tempo, bool(data["per_side"]))


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_all(uow: UnitOfWork, *, person_id: int | None = None) -> dict[str, Any]:
    """Every person (or only `person_id`: one person's own download) with their profiles, programmes, sessions, sets,
    check-ins and prescriptions; no database ids."""
    with read_only(uow) as uow:
        people = []
        for person in uow.people.all():
            if person_id is not None and person.id != person_id:
                continue
            performed = uow.sessions.logged(person.id)
            ref = {s.id: i for i, s in enumerate(performed)}
            profiles = list(uow.profiles.all(person.id))
            profile_version = {p.id: p.version for p in profiles}
            prescriptions = uow.prescriptions.dated_for_person(person.id)
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
                        "sessions": [_planned_json(s) for s in uow.programs.planned_all(program.id)],
                        "prescriptions": [
                            _prescription_json(record, created_at, ref)
                            for record, created_at in prescriptions
                            if record.program_id == program.id
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
                        {"date": _iso(c.date), "pain": c.pain, "soreness": c.soreness, "created_at": _iso(c.created_at)}
                        for c in uow.checkins.for_person(person.id)
                    ],
                    "outcomes": [_outcome_json(o) for o in uow.outcomes.for_person(person.id)],
                }
            )
        return {"format": FORMAT, "version": VERSION, "people": people}


def _outcome_json(stored: StoredOutcome) -> dict[str, Any]:
    a = stored.answers
    return {
        "date": _iso(a.date),
        "pain": a.pain,
        "groc": a.groc,
        "activities": [{"name": x.name, "score": x.score} for x in a.activities],
        "created_at": _iso(stored.created_at),
    }


def _planned_json(s: ScheduledSession) -> dict[str, Any]:
    return {
        "week": s.week,
        "day": s.day,
        "date": _iso(s.date),
        "phase": s.phase,
        "phase_name": s.phase_name,
        "deload": s.deload,
        "kind": s.kind,
        "minutes": s.minutes,
        "items": [
            {
                "exercise_id": i.exercise_id,
                "slot": i.slot,
                "reason": i.reason,
                "sources": list(i.sources),
                "seconds": i.seconds,
                "dose": dose_to_json(i.dose),
            }
            for i in s.items
        ],
    }


def _prescription_json(record: StoredPrescription, created_at: datetime, ref: dict[int, int]) -> dict[str, Any]:
    p = record.prescription
    performed = record.performed_session_id
    return {
        "planned_exercise_id": record.planned_exercise_id,
        "logged_exercise_id": record.logged_exercise_id,
        "exercise_id": p.exercise_id,
        "performed_session": ref.get(performed) if performed else None,
        "dose": dose_to_json(p.dose),
        "action": p.action.value,
        "reason": p.reason,
        "sources": list(p.sources),
        "cue": p.cue,
        "created_at": _iso(created_at),
    }


def _session_json(s: Any) -> dict[str, Any]:
    return {
        "date": _iso(s.date),
        "notes": s.notes,
        "duration_s": s.duration_s,
        "session_rpe": s.session_rpe,
        "source": s.source,
        "source_key": s.source_key,
        "created_at": _iso(s.created_at),
        "leg_symptoms_spread": s.leg_symptoms_spread,
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


def import_all(uow: UnitOfWork, data: Any, *, replace: bool = False, library: Library | None = None) -> dict[str, int]:
    """Restore a backup in one transaction; refuses to mix it into a store that already holds data.

    A version-1 backup (doses in words) is read with services/legacy_dose.py; its prescriptions take their kind of
    work from the exercise in `library` when given, else from the planned item of their slot. With `library`, every
    exercise id must be the library's or a custom one. A bad backup is refused whole, each problem at its JSON path
    (services/backup_models.py), and the store is left exactly as it was.
    """
    backup = validate_backup(data, library)  # every field and reference checked before anything is written
    if backup.format != FORMAT or backup.version not in READABLE_VERSIONS:
        found = {"format": backup.format, "version": backup.version}
        wanted = {"expected_format": FORMAT, "expected_version": VERSION}
        raise ServiceError([Problem("version", "wrong_backup_version", {**wanted, **found})])
    planned = _planned_sessions(backup)
    counts = {"people": 0, "sessions": 0, "sets": 0, "check-ins": 0, "outcome answers": 0}
    with uow:
        if uow.people.all():
            if not replace:
                raise ServiceError([Problem("", "store_not_empty")])
            uow.people.delete_all()
        for i, p in enumerate(backup.people):
            person = uow.people.add(
                display_name=p.display_name, role=p.role, person_uuid=p.uuid, created_at=p.created_at
            )
            profile_ids = {
                prof.version: uow.profiles.restore(
                    person.id, version=prof.version, data=prof.data, created_at=prof.created_at
                ).id
                for prof in p.profiles
            }
            # the person's sessions in bulk INSERTs, RESTORE_CHUNK at a time (203k sets: an ORM object each took
            # minutes, and every set's row at once held hundreds of MB)
            performed_ids: list[int] = []
            for start in range(0, len(p.performed_sessions), RESTORE_CHUNK):
                chunk = p.performed_sessions[start : start + RESTORE_CHUNK]
                performed_ids += uow.sessions.restore_many(person.id, [_session_row(s) for s in chunk])
            counts["sessions"] += len(performed_ids)
            counts["sets"] += sum(len(e.sets) for s in p.performed_sessions for e in s.exercises)
            for j, prog in enumerate(p.programs):
                sessions = planned[(i, j)]
                program = uow.programs.create_active(
                    person_id=person.id,
                    profile_id=profile_ids[prog.profile_version],
                    start_date=prog.start_date,
                    weeks=prog.weeks,
                    status=prog.status,
                    screening=prog.screening,
                    active=prog.active,
                    created_at=prog.created_at,
                    sessions=sessions,
                )
                for k, rx in enumerate(prog.prescriptions):
                    ref = rx.performed_session
                    day = p.performed_sessions[ref].date if ref is not None else None
                    where = json_path(["people", i, "programs", j, "prescriptions", k])
                    record = StoredPrescription(
                        program_id=program.id,
                        planned_exercise_id=rx.planned_exercise_id,
                        prescription=_prescription(rx, sessions, day, library, where),
                        performed_session_id=performed_ids[ref] if ref is not None else None,
                        logged_exercise_id=rx.logged_exercise_id,
                    )
                    uow.prescriptions.create(record, person_id=person.id, created_at=rx.created_at)
            for c in p.checkins:
                uow.checkins.restore(person.id, day=c.date, pain=c.pain, created_at=c.created_at, soreness=c.soreness)
                counts["check-ins"] += 1
            for o in p.outcomes:
                uow.outcomes.restore(person.id, _answers(o), created_at=o.created_at)
                counts["outcome answers"] += 1
            counts["people"] += 1
        uow.commit()
    return counts


def _answers(o: OutcomeB) -> Answers:
    return Answers(o.date, o.pain, tuple(Activity(a.name, a.score) for a in o.activities), o.groc)


def _session_row(s: PerformedB) -> dict[str, Any]:
    """A backup's performed session as SessionsRepository.restore_many takes it."""
    return {
        "date": s.date,
        "notes": s.notes,
        "duration_s": s.duration_s,
        "session_rpe": s.session_rpe,
        "source": s.source,
        "source_key": s.source_key,
        "created_at": s.created_at,
        "leg_symptoms_spread": s.leg_symptoms_spread,
        "exercises": [
            {
                "exercise_id": e.exercise_id,
                "pain_during": e.pain_during,
                "felt_in": e.felt_in,
                "sets": [x.model_dump() for x in e.sets],
            }
            for e in s.exercises
        ],
    }


def _planned_sessions(backup: BackupB) -> dict[tuple[int, int], list[ScheduledSession]]:
    """Every programme's planned sessions as domain values, read before anything is written (a bad dose names its
    place and stores nothing)."""
    out: dict[tuple[int, int], list[ScheduledSession]] = {}
    problems = []
    for i, person in enumerate(backup.people):
        for j, prog in enumerate(person.programs):
            sessions = []
            for k, s in enumerate(prog.sessions):
                try:
                    sessions.append(_scheduled(s))
                except (KeyError, TypeError, ValueError, IndexError) as exc:
                    problems.append(
                        Problem(
                            json_path(["people", i, "programs", j, "sessions", k, "items"]),
                            "invalid",
                            {"reason": str(exc)},
                        )
                    )
            out[(i, j)] = sessions
    if problems:
        raise refused(problems)
    return out


def _plan_item(item: ItemB) -> PlanItem:
    if item.dose is not None:
        dose = dose_from_json(item.dose)
    else:
        dose = legacy_item_dose(item.model_dump(include={"sets", "reps", "load", "rest_s", "tempo"}))
    return PlanItem(item.exercise_id, dose, item.reason, tuple(item.sources), item.slot, item.seconds)


def _scheduled(s: PlannedB) -> ScheduledSession:
    fields = s.model_dump(exclude={"items"})
    return ScheduledSession(**fields, items=tuple(_plan_item(i) for i in s.items))


def _prescription(
    rx: PrescriptionB, sessions: list[ScheduledSession], day: date | None, library: Library | None, where: str
) -> Prescription:
    """The prescription of a backup entry: its dose as written, or read from the version-1 columns."""
    try:
        if rx.dose is not None:
            dose = dose_from_json(rx.dose)
        elif rx.sets is None or rx.rep_low is None or rx.rep_high is None:
            raise ValueError("needs a dose, or (version 1) sets, rep_low and rep_high")
        else:
            exercise = library.get(rx.exercise_id) if library is not None and rx.exercise_id in library else None
            dose = legacy_prescription_dose(
                sets=rx.sets,
                rep_low=rx.rep_low,
                rep_high=rx.rep_high,
                load_kg=rx.load_kg,
                band=rx.band,
                exercise=exercise,
                planned=_planned_dose(sessions, rx.planned_exercise_id, day),
            )
        return Prescription(rx.exercise_id, dose, Action(rx.action), rx.reason, tuple(rx.sources), rx.cue)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise refused([Problem(where, "invalid", {"reason": str(exc)})]) from exc


def _planned_dose(sessions: list[ScheduledSession], slot: str, day: date | None) -> Dose | None:
    """The slot's planned dose on `day`: that day's item, else the latest before it, else the first."""
    found = [(s.date, i.dose) for s in sessions for i in s.items if i.exercise_id == slot]
    if not found:
        return None
    before = [dose for d, dose in found if day is not None and d <= day]
    return before[-1] if before else found[0][1]
