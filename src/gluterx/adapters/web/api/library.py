"""The exercise library and the evidence registry (public: no sign-in needed), and your own history with each."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BaseModel, Field

from gluterx.domain.anatomy import Muscle
from gluterx.domain.evidence import ActivationBand, Normalisation
from gluterx.domain.exercise import (
    ActivationBasis,
    BalanceDemand,
    Category,
    Equipment,
    FigureUse,
    ForceVector,
    Grade,
    HipPosition,
    Measure,
    Pattern,
    Position,
)
from gluterx.services import exercise_history as history_uses
from gluterx.services import library as library_uses
from gluterx.services.ports import ServiceError

from ..deps import ApiUser, ContainerDep
from . import router
from ._openapi import INVALID, MISSING, NOT_SIGNED_IN

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
    use: FigureUse = Field(
        description="used: counts for the activation; loaded_version (a 10RM-type figure for a body-weight "
        "exercise), unchecked (not yet checked against its source) or other_scale (not %MVIC) do not."
    )


class Activation(BaseModel):
    """How hard the exercise works the muscle group, and what that rests on (`basis`)."""

    percent_mvic: float
    band: ActivationBand
    published: bool
    basis: ActivationBasis = Field(
        description="measured: this muscle's own %MVIC figures; rated: a published band rating; other_muscle: our "
        "estimate from the other glute muscle's figures; estimate: our own band, no figure on file."
    )
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
    aliases: list[str] = Field(description="Other names people use for it.")
    import_aliases: list[str] = Field(
        description="Names other apps' exports use (Strong, Hevy, FitNotes): matched on import and search, not shown."
    )
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
    position: Position
    hip_positions: list[HipPosition]
    balance_demand: BalanceDemand
    supported_option: str | None
    isometric: bool
    regressions: list[str]
    progressions: list[str]
    sideways: list[str] = Field(description="Exercises of the same level another way: swaps when one is felt wrongly.")
    seconds_per_rep: float
    how_to: str
    feel: str
    why: str
    cues: list[str]
    faults: dict[str, str]
    contraindication_notes: str
    findings: list[Finding]


@router.get("/exercises", response_model=list[Exercise], tags=["library"], responses=INVALID)
def list_exercises(
    container: ContainerDep,
    q: Annotated[
        str,
        Query(
            max_length=library_uses.SEARCH_MAX_LENGTH,
            description="A name to search for: the name, another name for it, or close to either; best match first.",
        ),
    ] = "",
    pattern: Annotated[Pattern | None, Query(description="Movement pattern.")] = None,
    equipment: Annotated[
        str | None, Query(description=EQUIPMENT_HELP, json_schema_extra={"pattern": EQUIPMENT_PATTERN})
    ] = None,
    max_level: Annotated[int | None, Query(ge=1, le=5, description="Hardest level to show (1-5).")] = None,
    muscle: Annotated[Muscle | None, Query(description="A muscle it works (primary or secondary).")] = None,
    vector: Annotated[ForceVector | None, Query(description="Force vector (Contreras).")] = None,
    category: Annotated[Category | None, Query(description="Category.")] = None,
) -> list[dict[str, Any]]:
    """The exercises that pass every filter given, by movement and level; with `q`, the ones it names, best first."""
    try:
        owned = library_uses.owned_equipment(equipment)
    except ServiceError as exc:  # named like the other query parameters: query.equipment
        raise ServiceError([replace(p, field=f"query.{p.field}") for p in exc.problems], code=exc.code) from exc
    found = library_uses.browse(
        container.library,
        query=q,
        pattern=pattern,
        owned=owned,
        max_level=max_level,
        muscle=muscle,
        vector=vector,
        category=category,
    )
    return [library_uses.exercise_json(library_uses.exercise_view(e, container.library)) for e in found.exercises]


@router.get("/exercises/{exercise_id}", response_model=Exercise, tags=["library"], responses={**MISSING, **INVALID})
def get_exercise(exercise_id: str, container: ContainerDep) -> dict[str, Any]:
    """One exercise by id (or name or alias); 404 names the closest ids."""
    return library_uses.exercise_json(library_uses.exercise(container.library, exercise_id))


class SetDone(BaseModel):
    """One set: reps with a weight (kg) or a band, or a hold's seconds."""

    reps: int
    load_kg: float | None
    band: str | None
    hold_s: float | None


class BestSet(SetDone):
    date: str | None
    words: str


class E1rmDay(SetDone):
    """The day's best estimated 1RM (Epley, sets of 10 reps or fewer) and the set it came from."""

    date: str
    e1rm_kg: float


class Milestone(BaseModel):
    """A personal record or milestone, at the session that set it, with its one line."""

    kind: Literal["heaviest", "more_reps", "longest_hold", "sessions", "pain_free_week", "first_band", "first_weight"]
    session_id: int
    date: str
    exercise_id: str | None
    best: SetDone | None
    count: int | None = Field(description="Sessions done, for kind 'sessions'.")
    message: str


class ExerciseHistory(BaseModel):
    """Your own history with one exercise: sessions, last done, best set, estimated-1RM trend and new bests."""

    exercise_id: str
    name: str
    sessions: int
    first_done: str | None
    last_done: str | None
    best_set: BestSet | None
    e1rm: list[E1rmDay]
    records: list[Milestone]


@router.get(
    "/exercises/{exercise_id}/history",
    response_model=ExerciseHistory,
    tags=["library"],
    responses={**NOT_SIGNED_IN, **MISSING},
)
def get_exercise_history(exercise_id: str, user: ApiUser, container: ContainerDep) -> dict[str, Any]:
    """Your own history with one exercise (by id, name or alias); 404 names the closest ids."""
    found = history_uses.exercise_history(
        container.uow(), container.library, person_id=user.person_id, exercise_id=exercise_id
    )
    return history_uses.exercise_history_json(found)


@router.get("/milestones", response_model=list[Milestone], tags=["training"], responses=NOT_SIGNED_IN)
def list_milestones(user: ApiUser, container: ContainerDep) -> list[dict[str, Any]]:
    """Your personal records and milestones, newest first."""
    found = history_uses.milestones_for(container.uow(), container.library, person_id=user.person_id)
    return [history_uses.milestone_json(v) for v in found]


@router.get("/evidence", response_model=list[library_uses.SourceEntry], tags=["library"])
def list_evidence(container: ContainerDep) -> list[library_uses.SourceEntry]:
    """Every source in the evidence registry."""
    return [library_uses.source_entry(v) for v in library_uses.evidence(container.library)]
