"""What the exports read from the store: the planned sessions (for a calendar) and every logged set (for a CSV).

Plain dicts with ISO dates, so the CLI, the web download and the interop writers all get the same rows.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from gluterx.domain.dose import describe
from gluterx.domain.exercise import CUSTOM_PREFIX, Library, readable_name
from gluterx.domain.progression import epley_e1rm
from gluterx.domain.units import LB_TO_KG
from gluterx.services.ports import UnitOfWork, read_only

__all__ = ["CUSTOM_PREFIX", "SET_FIELDS", "all_sets", "calendar_sessions", "exercise_name"]

PLAN_HORIZON = timedelta(weeks=53)  # a programme runs at most 52 weeks
SET_FIELDS = (
    "date",
    "session_id",
    "source",
    "exercise_id",
    "exercise",
    "set",
    "reps",
    "load",
    "unit",
    "load_kg",
    "band",
    "rir",
    "rpe",
    "duration_s",
    "warmup",
    "e1rm_kg",
    "pain_during",
)


def exercise_name(exercise_id: str, library: Library | None) -> str:
    """The library's name, a custom (imported) exercise's own name, or the id made readable."""
    return library.display_name(exercise_id) if library is not None else readable_name(exercise_id)


def _person(uow: UnitOfWork, person_id: int | None) -> Any:
    return uow.people.local() if person_id is None else uow.people.get(person_id)


def calendar_sessions(
    uow: UnitOfWork, *, person_id: int | None = None, library: Library | None = None
) -> list[dict[str, Any]]:
    """The active programme's planned sessions in date order; [] when there is no person or programme yet.

    Each: date (ISO), week, day (1-7), phase (number), phase_name, deload, kind (strength | activity), minutes and
    items [{exercise_id, name, sets, reps, load, rest_s}]. Without `library`, names come from the ids.
    """
    with read_only(uow) as uow:
        person = _person(uow, person_id)
        if person is None:
            return []
        program = uow.programs.active(person.id)
        if program is None:
            return []
        rows = uow.programs.planned_between(program.id, program.start_date, program.start_date + PLAN_HORIZON)
        return [
            {
                "date": row.date.isoformat(),
                "week": row.week,
                "day": row.day,
                "phase": row.phase,
                "phase_name": row.phase_name,
                "deload": row.deload,
                "kind": row.kind,
                "minutes": row.minutes,
                "items": [
                    {
                        "exercise_id": item.exercise_id,
                        "name": exercise_name(item.exercise_id, library),
                        "sets": item.dose.sets,
                        "reps": words.work,
                        "load": words.load,
                        "rest_s": item.dose.rest_s,
                    }
                    for item in row.items
                    for words in (describe(item.dose),)
                ],
            }
            for row in rows
        ]


def all_sets(uow: UnitOfWork, *, person_id: int | None = None, library: Library | None = None) -> list[dict[str, Any]]:
    """Every logged set, oldest first, with the fields of SET_FIELDS; [] when there is no person or history.

    `load` and `unit` are as logged (kg or lb); `load_kg` is the same load in kg. `e1rm_kg` is the stored
    estimate, or Epley's where none was stored (working sets of 1-10 reps with a load only).
    """
    with read_only(uow) as uow:
        person = _person(uow, person_id)
        if person is None:
            return []
        out: list[dict[str, Any]] = []
        for session in uow.sessions.logged(person.id):
            for ex in session.exercises:
                name = exercise_name(ex.exercise_id, library)
                for number, s in enumerate(ex.sets, start=1):
                    load_kg = _kg(s.load, s.unit)
                    e1rm = s.e1rm_kg
                    if e1rm is None and not s.warmup and (estimate := epley_e1rm(load_kg, s.reps)) is not None:
                        e1rm = round(estimate, 2)
                    out.append(
                        {
                            "date": session.date.isoformat(),
                            "session_id": session.id,
                            "source": session.source,
                            "exercise_id": ex.exercise_id,
                            "exercise": name,
                            "set": number,
                            "reps": s.reps,
                            "load": s.load,
                            "unit": s.unit,
                            "load_kg": load_kg,
                            "band": s.band,
                            "rir": s.rir,
                            "rpe": s.rpe,
                            "duration_s": s.duration_s,
                            "warmup": s.warmup,
                            "e1rm_kg": e1rm,
                            "pain_during": ex.pain_during,
                        }
                    )
        return out


def _kg(load: float | None, unit: str) -> float | None:
    if load is None:
        return None
    return round(load * LB_TO_KG, 3) if unit == "lb" else load
