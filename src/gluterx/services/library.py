"""Use cases over the exercise library and evidence registry, with JSON-ready views of them."""

from __future__ import annotations

from typing import Any

from gluterx.domain.anatomy import Muscle
from gluterx.domain.evidence import EmgRecord, Registry, Source
from gluterx.domain.exercise import Category, Equipment, Exercise, ForceVector, Library, Pattern
from gluterx.services.ports import Problem, ServiceError


def emg_view(record: EmgRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "value": round(record.midpoint, 2),
        "low": record.low,
        "high": record.high,
        "sd": record.sd,
        "peak": record.peak,
        "normalisation": record.normalisation.value,
        "condition": record.condition,
        "source": record.source,
        "verified": record.verified,
    }


def exercise_view(ex: Exercise, library: Library) -> dict[str, Any]:
    """The exercise as the DESIGN.md contract names its fields, plus the coaching text and activation estimate."""
    emg: dict[str, list[dict[str, Any]]] = {}
    for record in ex.emg:
        emg.setdefault(record.muscle.value, []).append(emg_view(record))
    activation = {}
    for group in ("gmax", "gmed"):
        act = library.activation(ex.id, group)
        activation[group] = {
            "percent_mvic": round(act.percent, 1),
            "band": act.band.value,
            "published": act.published,
            "sources": list(act.sources),
        }
    return {
        "id": ex.id,
        "uuid": ex.uuid,
        "name": ex.name,
        "aliases": list(ex.aliases),
        "category": ex.category.value,
        "patterns": [p.value for p in ex.patterns],
        "force_vector": ex.force_vector.value,
        "hip_dominant": ex.hip_dominant,
        "unilateral": ex.unilateral,
        "end_range": ex.end_range,
        "equipment": sorted(e.value for e in ex.equipment),
        "level": ex.level,
        "chain": ex.chain,
        "dose": ex.dose.value,
        "muscles": {
            "primary": [m.value for m in ex.primary_muscles],
            "secondary": [m.value for m in ex.secondary_muscles],
        },
        "emg": emg,
        "activation": activation,
        "knee_flexion_load": ex.knee_flexion_load.value,
        "spinal_load": ex.spinal_load.value,
        "regressions": list(ex.regressions),
        "progressions": list(ex.progressions),
        "seconds_per_rep": ex.seconds_per_rep,
        "how_to": ex.how_to,
        "feel": ex.feel,
        "why": ex.why,
        "cues": list(ex.cues),
        "faults": {k.value: v for k, v in ex.faults.items()},
        "contraindication_notes": ex.contraindication_notes,
        "findings": [
            {"statement": f.statement, "source": f.source, "verified": f.verified}
            for f in library.registry.findings_for(ex.id)
        ],
    }


def source_view(source: Source, registry: Registry) -> dict[str, Any]:
    return {
        "id": source.id,
        "authors": source.authors,
        "year": source.year,
        "title": source.title,
        "journal": source.journal,
        "verified": source.verified,
        "note": source.note,
        "exercises": list(registry.exercises_citing(source.id)),
        "figures": sorted(f.id for f in registry.figures.values() if f.source == source.id),
    }


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
