"""What a person logged for one exercise: its sets (reps, load or band, RIR or RPE), pain and where it was felt."""

from __future__ import annotations

from dataclasses import dataclass

from gluterx.domain.limits import check_pain, check_set
from gluterx.domain.thresholds import (
    E1RM_MAX_REPS,
    EPLEY_DIVISOR,
    RPE_RIR_OFFSET,
)

__all__ = ["FELT_IN", "ExerciseLog", "SetLog", "best_e1rm", "epley_e1rm", "reps_in_reserve"]

FELT_IN: frozenset[str] = frozenset({"glutes", "hamstrings", "lower_back", "quads", "knees", "hips", "other"})


@dataclass(frozen=True, slots=True)
class SetLog:
    """One performed set: reps (or seconds held), the load or band, and how hard it was (RIR or RPE)."""

    reps: int
    load_kg: float | None = None
    band: str | None = None
    rir: int | None = None
    rpe: float | None = None

    def __post_init__(self) -> None:
        check_set(self.reps, self.load_kg)
        if self.rir is not None and self.rir < 0:
            raise ValueError(f"rir: {self.rir} is negative; give the reps you had left (0 or more), or null")
        if self.rpe is not None and not 0 <= self.rpe <= RPE_RIR_OFFSET.value:
            raise ValueError(f"rpe: {self.rpe} is outside 0-10; give an RPE from 0 to 10, or null")


@dataclass(frozen=True, slots=True)
class ExerciseLog:
    """One exercise as performed: its sets, pain during it (0-10) and where the person felt it."""

    exercise_id: str
    sets: tuple[SetLog, ...]
    pain_during: int
    felt_in: frozenset[str]

    def __post_init__(self) -> None:
        check_pain("pain_during", self.pain_during)
        unknown = sorted(self.felt_in - FELT_IN)
        if unknown:
            raise ValueError(f"felt_in: unknown {unknown}; use any of {sorted(FELT_IN)}")


def reps_in_reserve(s: SetLog) -> float | None:
    """Reps left in the tank: RIR as logged, else from RPE (RPE 10 = 0 RIR; zourdos2016), else unknown."""
    if s.rir is not None:
        return float(s.rir)
    if s.rpe is not None:
        return RPE_RIR_OFFSET.value - s.rpe
    return None


def epley_e1rm(load_kg: float | None, reps: int) -> float | None:
    """Epley's estimated 1RM, w x (1 + r/30) (epley1985); only for 1-10 reps (reynolds2006) with a load."""
    if load_kg is None or load_kg <= 0 or reps < 1 or reps > E1RM_MAX_REPS.value:
        return None
    return load_kg * (1 + reps / EPLEY_DIVISOR.value)


def best_e1rm(log: ExerciseLog) -> float | None:
    """The highest Epley estimate over the sets that allow one (None when none does)."""
    estimates = [e for s in log.sets if (e := epley_e1rm(s.load_kg, s.reps)) is not None]
    return max(estimates, default=None)
