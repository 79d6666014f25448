"""The evidence registry: sources, EMG figures, qualitative findings and the figures rules rest on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from gluterx.domain.anatomy import EmgMuscle
from gluterx.domain.ranked import Ranked


class ActivationBand(Ranked):
    """Reiman 2012's bands of gluteal activation (%MVIC)."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    VERY_HIGH = "very_high"


class Normalisation(StrEnum):
    MVIC = "mvic"
    PEAK_DYNAMIC = "peak_dynamic"


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    authors: str
    year: int | None
    title: str
    journal: str
    verified: bool
    note: str = ""

    @property
    def citation(self) -> str:
        year = f" {self.year}" if self.year else ""
        return f"{self.authors}{year}. {self.title}. {self.journal}".strip()


@dataclass(frozen=True, slots=True)
class EmgRecord:
    """One published EMG figure, recorded once."""

    id: str
    exercise: str
    muscle: EmgMuscle
    low: float
    high: float
    condition: str
    source: str
    verified: bool
    normalisation: Normalisation = Normalisation.MVIC
    sd: float | None = None
    peak: float | None = None
    note: str = ""

    @property
    def midpoint(self) -> float:
        return (self.low + self.high) / 2

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    @property
    def display(self) -> str:
        unit = "% MVIC" if self.normalisation is Normalisation.MVIC else "% of peak dynamic"
        value = f"{self.low:g}–{self.high:g}" if self.is_range else f"{self.low:g}"
        sd = f" ± {self.sd:g}" if self.sd is not None else ""
        return f"{value}{sd}{unit}"


@dataclass(frozen=True, slots=True)
class Finding:
    """A qualitative result: a comparison or a band, with no %MVIC figure."""

    id: str
    exercises: tuple[str, ...]
    statement: str
    source: str
    verified: bool
    band: ActivationBand | None = None
    muscle_group: str | None = None  # "gmax" | "gmed": whose activation `band` rates (required with a band)
    condition: str | None = None  # "bodyweight" | "loaded": the version the band rates (required with a band)


@dataclass(frozen=True, slots=True)
class Figure:
    """A threshold or constant a rule uses, with its source."""

    id: str
    low: float
    high: float
    unit: str
    statement: str
    source: str
    verified: bool

    @property
    def value(self) -> float:
        return self.low


@dataclass(frozen=True)
class Registry:
    """Every source and figure, looked up by id."""

    sources: Mapping[str, Source]
    emg: tuple[EmgRecord, ...] = ()
    findings: tuple[Finding, ...] = ()
    figures: Mapping[str, Figure] = field(default_factory=dict)

    def source(self, source_id: str) -> Source:
        return self.sources[source_id]

    def figure(self, figure_id: str) -> Figure:
        return self.figures[figure_id]

    def emg_for(self, exercise_id: str) -> tuple[EmgRecord, ...]:
        return tuple(r for r in self.emg if r.exercise == exercise_id)

    def findings_for(self, exercise_id: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if exercise_id in f.exercises)

    def exercises_citing(self, source_id: str) -> tuple[str, ...]:
        """Exercise ids whose EMG figures or findings come from this source, in first-seen order."""
        seen: dict[str, None] = {}
        for r in self.emg:
            if r.source == source_id:
                seen.setdefault(r.exercise)
        for f in self.findings:
            if f.source == source_id:
                for e in f.exercises:
                    seen.setdefault(e)
        return tuple(seen)
