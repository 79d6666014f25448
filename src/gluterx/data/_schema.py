"""Pydantic models for the YAML files: the shape each entry must have (docs/library-format.md)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gluterx.domain.anatomy import EmgMuscle, Muscle
from gluterx.domain.evidence import ActivationBand, Normalisation
from gluterx.domain.exercise import (
    BalanceDemand,
    Category,
    Equipment,
    ForceVector,
    Grade,
    HipPosition,
    Measure,
    Pattern,
    Position,
)

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", min_length=2, max_length=60)]
Text = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceEntry(_Strict):
    id: Id
    authors: Text
    year: int | None = Field(default=None, ge=1900, le=2100)
    title: Text
    journal: str = ""
    verified: bool
    note: str = ""


class EmgEntry(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9_.%-]+$")]
    exercise: Id
    muscle: EmgMuscle
    value: float | None = Field(default=None, ge=0, le=300)
    range: tuple[float, float] | None = None
    sd: float | None = Field(default=None, ge=0)
    peak: float | None = Field(default=None, ge=0)
    normalisation: Normalisation = Normalisation.MVIC
    condition: Text
    source: Id
    verified: bool
    note: str = ""

    @model_validator(mode="after")
    def _one_of_value_or_range(self) -> EmgEntry:
        if (self.value is None) == (self.range is None):
            raise ValueError("give exactly one of `value` (one figure) or `range` ([low, high])")
        if self.range is not None and not 0 <= self.range[0] <= self.range[1] <= 300:
            raise ValueError("`range` must be [low, high] with 0 <= low <= high <= 300")
        return self


class FindingEntry(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9_.%-]+$")]
    exercises: list[Id] = Field(default_factory=list)
    statement: Text
    band: ActivationBand | None = None
    muscle: Literal["gmax", "gmed"] | None = None
    condition: Literal["bodyweight", "loaded"] | None = None
    source: Id
    verified: bool

    @model_validator(mode="after")
    def _band_names_its_muscle_and_load(self) -> FindingEntry:
        if not (self.band is None) == (self.muscle is None) == (self.condition is None):
            raise ValueError(
                "a `band` rates one muscle in one condition: give `band`, `muscle` (gmax | gmed) and `condition` "
                "(bodyweight | loaded) together, or none of them"
            )
        return self


class FigureEntry(_Strict):
    id: Id
    value: float | None = None
    range: tuple[float, float] | None = None
    unit: Text
    statement: Text
    source: Id
    verified: bool

    @model_validator(mode="after")
    def _one_of_value_or_range(self) -> FigureEntry:
        if (self.value is None) == (self.range is None):
            raise ValueError("give exactly one of `value` or `range` ([low, high])")
        if self.range is not None and self.range[0] > self.range[1]:
            raise ValueError("`range` must be [low, high] with low <= high")
        return self


class EvidenceFile(_Strict):
    version: Literal[1]
    sources: list[SourceEntry]
    emg: list[EmgEntry] = Field(default_factory=list)
    findings: list[FindingEntry] = Field(default_factory=list)
    figures: list[FigureEntry] = Field(default_factory=list)


class MusclesEntry(_Strict):
    primary: list[Muscle] = Field(min_length=1)
    secondary: list[Muscle] = Field(default_factory=list)


class FaultsEntry(_Strict):
    lower_back: Text
    hamstrings: Text
    quads: Text
    knees: Text


class ExerciseEntry(_Strict):
    id: Id
    uuid: Annotated[str, Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    name: Text
    aliases: list[Text] = Field(default_factory=list)  # names a person uses: shown as "Also called"
    # names that exist only so another app's export matches (Strong, Hevy, FitNotes: "Hip Thrust (Barbell)"), and
    # the name again in another case: matched on import and in search, never shown as a name of the exercise
    import_aliases: list[Text] = Field(default_factory=list)
    category: Category
    patterns: list[Pattern] = Field(min_length=1)
    force_vector: ForceVector
    hip_dominant: bool
    unilateral: bool
    end_range: bool
    equipment: list[Equipment]
    level: int = Field(ge=1, le=5)
    chain: Id | None
    dose: Measure
    muscles: MusclesEntry
    activation: ActivationBand | None = None
    knee_flexion_load: Grade
    spinal_load: Grade
    progressions: list[Id] = Field(default_factory=list)
    seconds_per_rep: float = Field(gt=0, le=600)
    how_to: Text
    feel: Text
    why: Text
    cues: list[Text] = Field(min_length=1)
    faults: FaultsEntry
    contraindication_notes: Text
    # Precaution attributes (issue 12): what the condition precautions read. All required; `supported_option` is
    # written as null where no supported way exists (docs/library-format.md).
    position: Position
    hip_positions: list[HipPosition]
    balance_demand: BalanceDemand
    supported_option: Text | None
    isometric: bool

    @model_validator(mode="after")
    def _hip_positions_once(self) -> ExerciseEntry:
        if len(set(self.hip_positions)) != len(self.hip_positions):
            raise ValueError("hip_positions: lists a hip position twice")
        return self
