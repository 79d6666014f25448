"""The exercise library and the evidence registry (public: no sign-in needed)."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel

from gluterx.domain.anatomy import Muscle
from gluterx.domain.evidence import ActivationBand, Normalisation
from gluterx.domain.exercise import Category, Equipment, ForceVector, Grade, Measure, Pattern
from gluterx.services import library as library_uses
from gluterx.services.ports import ServiceError

from ..deps import ContainerDep
from . import router
from ._openapi import INVALID, MISSING

_OWNED = "|".join(e.value for e in Equipment)
# The values `equipment` takes, said in the schema (the service still words a wrong one itself).
EQUIPMENT_PATTERN = f"^(|none|({_OWNED})(,({_OWNED}))*)$"
EQUIPMENT_HELP = (
    "What you own, comma-separated (e.g. mini_band,dumbbells); 'none' for nothing. "
    "Shows only exercises that need nothing more."
)


class Emg(BaseModel):
    """One published EMG figure (%MVIC unless `normalisation` says otherwise) and its source id."""

    id: str
    value: float
    low: float
    high: float
    sd: float | None
    peak: float | None
    normalisation: Normalisation
    condition: str
    source: str
    verified: bool


class Activation(BaseModel):
    """How hard the exercise works the muscle group: fitted from published figures, or the library's estimate."""

    percent_mvic: float
    band: ActivationBand
    published: bool
    sources: list[str]


class Muscles(BaseModel):
    primary: list[Muscle]
    secondary: list[Muscle]


class Finding(BaseModel):
    statement: str
    source: str
    verified: bool


class Exercise(BaseModel):
    """An exercise with the DESIGN.md fields, its coaching text and the evidence behind it."""

    id: str
    uuid: str
    name: str
    aliases: list[str]
    category: Category
    patterns: list[Pattern]
    force_vector: ForceVector
    hip_dominant: bool
    unilateral: bool
    end_range: bool
    equipment: list[Equipment]
    level: int
    chain: str | None
    dose: Measure
    muscles: Muscles
    emg: dict[str, list[Emg]]
    activation: dict[str, Activation]
    knee_flexion_load: Grade
    spinal_load: Grade
    regressions: list[str]
    progressions: list[str]
    seconds_per_rep: float
    how_to: str
    feel: str
    why: str
    cues: list[str]
    faults: dict[str, str]
    contraindication_notes: str
    findings: list[Finding]


class Source(BaseModel):
    """A published source, whether its figures were checked, and what in GluteRx rests on it."""

    id: str
    authors: str
    year: int | None
    title: str
    journal: str
    verified: bool
    note: str
    exercises: list[str]
    figures: list[str]


@router.get("/exercises", response_model=list[Exercise], tags=["library"], responses=INVALID)
def list_exercises(
    container: ContainerDep,
    pattern: Annotated[Pattern | None, Query(description="Movement pattern.")] = None,
    equipment: Annotated[
        str | None, Query(description=EQUIPMENT_HELP, json_schema_extra={"pattern": EQUIPMENT_PATTERN})
    ] = None,
    max_level: Annotated[int | None, Query(ge=1, le=5, description="Hardest level to show (1-5).")] = None,
    muscle: Annotated[Muscle | None, Query(description="A muscle it works (primary or secondary).")] = None,
    vector: Annotated[ForceVector | None, Query(description="Force vector (Contreras).")] = None,
    category: Annotated[Category | None, Query(description="Category.")] = None,
) -> list[dict[str, Any]]:
    """The exercises that pass every filter given, easiest first within each pattern."""
    try:
        owned = library_uses.owned_equipment(equipment)
    except ServiceError as exc:  # named like the other query parameters: query.equipment
        raise ServiceError([replace(p, field=f"query.{p.field}") for p in exc.problems], code=exc.code) from exc
    return library_uses.exercises(
        container.library,
        pattern=pattern,
        owned=owned,
        max_level=max_level,
        muscle=muscle,
        vector=vector,
        category=category,
    )


@router.get("/exercises/{exercise_id}", response_model=Exercise, tags=["library"], responses={**MISSING, **INVALID})
def get_exercise(exercise_id: str, container: ContainerDep) -> dict[str, Any]:
    """One exercise by id (or name or alias); 404 names the closest ids."""
    return library_uses.exercise(container.library, exercise_id)


@router.get("/evidence", response_model=list[Source], tags=["library"])
def list_evidence(container: ContainerDep) -> list[dict[str, Any]]:
    """Every source in the evidence registry."""
    return library_uses.evidence(container.library)
