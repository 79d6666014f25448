"""Read-only use cases for the web app and its API: a person's profile, programme, sessions and check-ins; screening a
profile without storing it; the library and the evidence behind it.

Every person-scoped query acts for the `person_id` the caller signed in as. Another person's record is reported exactly
like a missing one, so a guessed id never tells whether it exists.
"""

from __future__ import annotations

from typing import Any

from gluterx.domain.anatomy import Muscle
from gluterx.domain.exercise import Category, Equipment, ForceVector, Library, Pattern
from gluterx.domain.screening import screen
from gluterx.services.library import exercise_view, source_view
from gluterx.services.planning import screening_view
from gluterx.services.ports import ServiceError, UnitOfWork, read_only
from gluterx.services.profiles import parse_profile

__all__ = [
    "evidence",
    "exercise",
    "exercises",
    "owned_equipment",
    "profile",
    "screening",
]

NO_PROFILE = "no profile yet: send your PROFILE.json with PUT /api/v1/profile (or answer the questionnaire)"


# ------------------------------------------------------------------------------------------------ profile, screening


def profile(uow: UnitOfWork, *, person_id: int) -> dict[str, Any]:
    """The person's latest profile, as PROFILE.json."""
    with read_only(uow) as uow:
        row = uow.profiles.latest(person_id)
        if row is None:
            raise ServiceError([NO_PROFILE], code="missing")
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
        allowed = ", ".join(e.value for e in Equipment)
        raise ServiceError([f"equipment: {', '.join(map(repr, bad))} not an equipment id; use any of: none, {allowed}"])
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
        hint = f"did you mean {', '.join(close)}?" if close else "GET /exercises lists every id"
        raise ServiceError([f"exercise_id: there is no exercise {exercise_id!r}; {hint}"], code="missing")
    return exercise_view(found, library)


def evidence(library: Library) -> list[dict[str, Any]]:
    """Every source in the evidence registry, with the exercises and figures that rest on it."""
    registry = library.registry
    return [source_view(s, registry) for s in sorted(registry.sources.values(), key=lambda s: s.id)]
