"""Weights and bands: the steps to go up or down by, and rounding."""

from __future__ import annotations

import math

from gluterx.domain.dose import Band
from gluterx.domain.exercise import BANDS, WEIGHTS, Equipment, Exercise
from gluterx.domain.thresholds import (
    NOVICE_SETS,
    PROGRESSION_EXTRA_REPS,
    PROGRESSION_LOAD_PERCENT,
)

__all__ = [
    "BAND_ORDER",
    "LOAD_STEP_KG",
    "MAX_SETS",
    "PRACTICAL_MAX_KG",
    "REGRESS_LOAD_PERCENT",
    "RIR_TO_PROGRESS",
    "implement",
    "less_kg",
    "round_to",
    "step_of",
]

BAND_ORDER: tuple[str, ...] = tuple(Band)
# The smallest usual jump for each kind of weight: plates of 1.25 kg a side, the next pair of dumbbells, the next
# kettlebell, the next pin on a cable stack (gluterx_policy). With ACSM's +2-10% (acsm2009) for most loads.
LOAD_STEP_KG: dict[Equipment, float] = {
    Equipment.BARBELL: 2.5,
    Equipment.DUMBBELLS: 2.0,
    Equipment.KETTLEBELL: 4.0,
    Equipment.CABLE_MACHINE: 2.5,
}
# The heaviest load most people can get hold of (gluterx_policy): a typical dumbbell rack, the heaviest common
# kettlebell, a typical cable stack; a barbell takes more plates. Beyond it, move up the chain.
PRACTICAL_MAX_KG: dict[Equipment, float] = {
    Equipment.DUMBBELLS: 50.0,
    Equipment.KETTLEBELL: 48.0,
    Equipment.CABLE_MACHINE: 100.0,
}
# Step back by about as much as a step forward: ACSM's largest progression step (acsm2009, gluterx_policy).
REGRESS_LOAD_PERCENT = PROGRESSION_LOAD_PERCENT.top
# Reps in reserve needed to earn more load: the 1-2 extra reps ACSM asks for (acsm2009).
RIR_TO_PROGRESS = int(PROGRESSION_EXTRA_REPS.top)
MAX_SETS = int(NOVICE_SETS.top)  # sets added only up to the novice 1-3 (acsm2009)


def less_kg(kg: float, step: float, percent: float) -> float:
    """About `percent` less than `kg`, at least one `step`, rounded to the step (may be 0 or below)."""
    return round(kg - max(step, round_to(kg * percent / 100, step)), 2)


def implement(ex: Exercise) -> Equipment | None:
    """The weight or band that loads `ex` (None for bodyweight)."""
    loads = sorted(ex.equipment & (WEIGHTS | BANDS))
    return loads[0] if loads else None


def step_of(ex: Exercise) -> float:
    """The weight step of `ex`'s equipment (a barbell's 2.5 kg when it has none of its own)."""
    tool = implement(ex)
    return LOAD_STEP_KG.get(tool, LOAD_STEP_KG[Equipment.BARBELL]) if tool else LOAD_STEP_KG[Equipment.BARBELL]


def round_to(value: float, step: float) -> float:
    """`value` to the nearest multiple of `step`, halves up (same input, same output on every platform)."""
    return math.floor(value / step + 0.5) * step
