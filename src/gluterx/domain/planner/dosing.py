"""Dosing and time: an exercise's dose for a phase (work, load, rest, tempo, sets) and how long it takes."""

from __future__ import annotations

from gluterx.domain.dose import Band, Dose, Duration, Guidance, Hold, Load, RepRange, Work
from gluterx.domain.exercise import Category, Exercise, LoadType, Measure
from gluterx.domain.planner.program import PhaseSpec
from gluterx.domain.planner.slots import Slot
from gluterx.domain.thresholds import REST_LIGHT_SECONDS

__all__ = [
    "MOBILITY_HOLD_SECONDS",
    "PHASE_BAND",
    "POWER_REPS",
    "SETUP_SECONDS",
    "dose_for",
    "dose_seconds",
    "item_seconds",
    "sets_for",
]

SETUP_SECONDS = 20  # moving to the next exercise and getting set
# Bands earned phase by phase: light to learn the movement, then medium, then heavy (gluterx_policy).
PHASE_BAND: dict[str, Band] = {
    "activation": Band.LIGHT,
    "strength": Band.MEDIUM,
    "power": Band.HEAVY,
}

POWER_REPS = RepRange(5, 6)  # jumps and throws: few, fast, fresh reps (gluterx_policy)
MOBILITY_HOLD_SECONDS = 30


def _work(ex: Exercise, phase: PhaseSpec, minutes: int) -> Work:
    """What one set is: minutes of activity, a hold, or a rep range (the phase's, or few fast reps for power)."""
    if ex.dose is Measure.MINUTES:
        return Duration(minutes)
    if ex.dose is Measure.SECONDS:
        return Hold(MOBILITY_HOLD_SECONDS if ex.category is Category.MOBILITY else phase.hold_seconds)
    return POWER_REPS if ex.category is Category.POWER else phase.reps


def _work_seconds(ex: Exercise, work: Work) -> float:
    """One set's working time: the top of the rep range at the exercise's pace, the holds, or the minutes."""
    sides = 2 if ex.unilateral else 1
    match work:
        case Duration(minutes=minutes):
            return minutes * 60
        case Hold(seconds=seconds, reps=reps):
            return seconds * reps * sides
        case RepRange(high=high):
            return high * ex.seconds_per_rep * sides
    raise TypeError(work)  # pragma: no cover - the union is closed


def _rest(ex: Exercise, phase: PhaseSpec) -> int:
    """Longer rests for heavier lifts (acsm2009): 1-2 min for light work, 2-3 min for the heaviest."""
    if ex.category is Category.MOBILITY:
        return 15
    if ex.dose is Measure.MINUTES:
        return 0
    if ex.category is Category.ACTIVATION or ex.load_type is not LoadType.WEIGHTS:
        return min(phase.rest_s, int(REST_LIGHT_SECONDS.low))
    return phase.rest_s


def dose_seconds(ex: Exercise, dose: Dose) -> float:
    """Estimated time for a dose: sets x (work + rest) + set-up."""
    if isinstance(dose.work, Duration):
        return dose.work.minutes * 60 + SETUP_SECONDS
    return dose.sets * (_work_seconds(ex, dose.work) + dose.rest_s) + SETUP_SECONDS


def item_seconds(ex: Exercise, phase: PhaseSpec, sets: int, minutes: int = 0) -> float:
    """Estimated time of `sets` sets of `ex` dosed for `phase`."""
    return dose_seconds(ex, dose_for(ex, phase, sets, minutes))


def _load(ex: Exercise, phase: PhaseSpec) -> Load:
    """Bodyweight first, then bands, then weights (chosen by reps in reserve until a weight is logged)."""
    if ex.dose is Measure.MINUTES:
        return Load.bodyweight(Guidance.EASY_PACE)
    if ex.category is Category.MOBILITY:
        return Load.bodyweight(Guidance.GENTLE_STRETCH)
    if ex.category is Category.POWER:
        if ex.load_type is LoadType.BODYWEIGHT:
            return Load.bodyweight(Guidance.EXPLOSIVE)
        return Load.guided(Guidance.FAST_HIPS)
    if ex.load_type is LoadType.BAND:
        return Load.of_band(PHASE_BAND[phase.key])
    if ex.load_type is LoadType.WEIGHTS:
        return Load.in_reserve(2, 3) if phase.key == "strength" else Load.in_reserve(1, 2)
    return Load.bodyweight() if phase.key == "activation" else Load.bodyweight(Guidance.SLOW_CONTROLLED)


def dose_for(ex: Exercise, phase: PhaseSpec, sets: int, minutes: int = 0) -> Dose:
    counted = ex.dose is Measure.REPS and ex.category is not Category.MOBILITY
    return Dose(
        sets=sets,
        work=_work(ex, phase, minutes),
        load=_load(ex, phase),
        rest_s=_rest(ex, phase),
        tempo=phase.tempo if counted else None,
        per_side=ex.unilateral and ex.dose is not Measure.MINUTES,
    )


def sets_for(slot: Slot, ex: Exercise, phase: PhaseSpec) -> int:
    if ex.category is Category.MOBILITY or ex.dose is Measure.MINUTES:
        return 2 if ex.category is Category.MOBILITY else 1
    return phase.sets if slot.required or phase.key != "activation" else max(1, phase.sets - 1)
