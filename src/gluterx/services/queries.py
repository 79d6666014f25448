"""Read-only use cases for the web app and its API: a person's profile, programme, sessions and check-ins; screening a
profile without storing it; the library and the evidence behind it.

Every person-scoped query acts for the `person_id` the caller signed in as. Another person's record is reported exactly
like a missing one, so a guessed id never tells whether it exists.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from gluterx.domain.anatomy import Muscle
from gluterx.domain.exercise import Category, Equipment, ForceVector, Library, Pattern
from gluterx.domain.screening import screen
from gluterx.services.library import exercise_view, source_view
from gluterx.services.planning import screening_view
from gluterx.services.ports import Problem, ServiceError, UnitOfWork, read_only
from gluterx.services.profiles import parse_profile
from gluterx.services.training import LB_TO_KG

__all__ = [
    "checkins",
    "evidence",
    "exercise",
    "exercises",
    "owned_equipment",
    "profile",
    "program",
    "screening",
    "session",
    "sessions",
]

PLAN_ITEM_FIELDS = ("exercise_id", "sets", "reps", "load", "rest_s", "reason")


# ------------------------------------------------------------------------------------------------ profile, screening


def profile(uow: UnitOfWork, *, person_id: int) -> dict[str, Any]:
    """The person's latest profile, as PROFILE.json."""
    with read_only(uow) as uow:
        row = uow.profiles.latest(person_id)
        if row is None:
            raise ServiceError([Problem("", "no_profile")], code="missing")
        return dict(row.data)


def screening(profile_data: Any) -> dict[str, Any]:
    """Screen a PROFILE.json without storing anything: referral or cautions, and what to avoid for now."""
    result = screen(parse_profile(profile_data))
    view = screening_view(result)
    view["contraindications"] = [
        {"attribute": c.attribute, "limit": c.limit, "phases": sorted(c.phases), "reason": c.reason}
        for c in result.contraindications
    ]
    return view


# ------------------------------------------------------------------------------------------------ programme


def program(uow: UnitOfWork, *, person_id: int) -> dict[str, Any]:
    """The active programme: its screening outcome and its weeks in the DESIGN.md plan contract's shape."""
    with read_only(uow) as uow:
        row = uow.programs.active(person_id)
        if row is None:
            raise ServiceError([Problem("", "no_programme")], code="missing")
        last = row.start_date + timedelta(weeks=row.weeks)
        weeks: dict[int, dict[str, Any]] = {}
        for planned in uow.programs.planned_between(row.id, row.start_date, last):
            week = weeks.setdefault(planned.week, {"week": planned.week, "phase": planned.phase_name, "sessions": []})
            week["sessions"].append(
                {
                    "day": planned.day,
                    "minutes": planned.minutes,
                    "items": [{k: item[k] for k in PLAN_ITEM_FIELDS} for item in planned.items],
                }
            )
        return {
            "status": row.status,
            "referral": row.screening.get("referral"),
            "cautions": list(row.screening.get("cautions", [])),
            "start": row.start_date.isoformat(),
            "weeks": [weeks[n] for n in sorted(weeks)],
        }


# ------------------------------------------------------------------------------------------------ sessions, check-ins


def _kg(load: float | None, unit: str) -> float | None:
    if load is None:
        return None
    return round(load * LB_TO_KG, 3) if unit == "lb" else load


def _session_view(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "date": row.date.isoformat(),
        "notes": row.notes,
        "source": row.source,
        "exercises": [
            {
                "exercise_id": e.exercise_id,
                "pain_during": e.pain_during,
                "felt_in": list(e.felt_in),
                "sets": [
                    {
                        "reps": s.reps,
                        "load_kg": _kg(s.load, s.unit),
                        "band": s.band,
                        "rir": s.rir,
                        "rpe": s.rpe,
                        "e1rm_kg": s.e1rm_kg,
                    }
                    for s in e.sets
                ],
            }
            for e in row.exercises
        ],
    }


def sessions(uow: UnitOfWork, *, person_id: int) -> list[dict[str, Any]]:
    """The person's performed sessions, oldest first, each with its id."""
    with read_only(uow) as uow:
        return [_session_view(row) for row in uow.sessions.logged(person_id)]


def session(uow: UnitOfWork, *, person_id: int, session_id: int) -> dict[str, Any]:
    """One of the person's performed sessions; someone else's is 'missing', exactly like one that does not exist."""
    with read_only(uow) as uow:
        found = uow.sessions.logged(person_id, session_id=session_id)
        if not found:
            raise ServiceError([Problem("session_id", "no_session", {"session_id": session_id})], code="missing")
        return _session_view(found[0])


def checkins(uow: UnitOfWork, *, person_id: int) -> list[dict[str, Any]]:
    """The person's next-morning pain check-ins, oldest first."""
    with read_only(uow) as uow:
        return [{"date": c.date.isoformat(), "pain": c.pain} for c in uow.checkins.for_person(person_id)]


# ------------------------------------------------------------------------------------------------ library, evidence


def owned_equipment(text: str | None) -> frozenset[Equipment] | None:
    """A comma-separated equipment list ('none' for nothing) as a filter; None when no filter was given."""
    if text is None:
        return None
    owned: set[Equipment] = set()
    bad = []
    for item in filter(None, (v.strip() for v in text.split(","))):
        if item == "none":
            continue
        try:
            owned.add(Equipment(item))
        except ValueError:
            bad.append(item)
    if bad:
        allowed = [e.value for e in Equipment]
        raise ServiceError([Problem("equipment", "unknown_equipment", {"values": bad, "allowed": allowed})])
    return frozenset(owned)


def exercises(
    library: Library,
    *,
    pattern: Pattern | None = None,
    owned: frozenset[Equipment] | None = None,
    max_level: int | None = None,
    muscle: Muscle | None = None,
    vector: ForceVector | None = None,
    category: Category | None = None,
) -> list[dict[str, Any]]:
    """The exercises that pass every filter given, easiest first within each pattern."""
    chosen = library.filter(
        pattern=pattern, owned=owned, max_level=max_level, muscle=muscle, vector=vector, category=category
    )
    chosen.sort(key=lambda e: (e.patterns[0].value, e.level, e.id))
    return [exercise_view(e, library) for e in chosen]


def exercise(library: Library, exercise_id: str) -> dict[str, Any]:
    """One exercise by id, name or alias; 'missing' with the closest ids when there is none."""
    found = library.by_name(exercise_id)
    if found is None:
        close = library.closest_ids(exercise_id)
        problem = Problem("exercise_id", "unknown_exercise", {"value": exercise_id, "close": close})
        raise ServiceError([problem], code="missing")
    return exercise_view(found, library)


def evidence(library: Library) -> list[dict[str, Any]]:
    """Every source in the evidence registry, with the exercises and figures that rest on it."""
    registry = library.registry
    return [source_view(s, registry) for s in sorted(registry.sources.values(), key=lambda s: s.id)]
