"""Scoring and choosing: which exercises may fill a slot in a block, how each is scored, and the best one."""

from __future__ import annotations

from dataclasses import dataclass

from gluterx.domain.anatomy import Muscle
from gluterx.domain.exercise import Category, Exercise, ForceVector, Grade, Library, LoadType
from gluterx.domain.planner.program import PhaseSpec
from gluterx.domain.planner.slots import HIP_EXTENSION, POSTERIOR, Slot
from gluterx.domain.profile import Goal, PainRegion, Profile
from gluterx.domain.screening import Screening

__all__ = [
    "DAILY_LIFE_CHAIN",
    "PHASE_CATEGORY_FIT",
    "Block",
    "choose",
]

DAILY_LIFE_CHAIN = "activity"  # walking, swimming, carries, the glute squeeze: daily life, not training slots
# How well each category suits each phase: activation work leads phase 1, strength work phases 2 and 3.
PHASE_CATEGORY_FIT: dict[str, dict[Category, float]] = {
    "activation": {Category.ACTIVATION: 1.3, Category.STRENGTH: 0.9},
    "strength": {Category.ACTIVATION: 0.7, Category.STRENGTH: 1.3},
    "power": {Category.ACTIVATION: 0.6, Category.STRENGTH: 1.3, Category.POWER: 1.3},
}


@dataclass(frozen=True, slots=True)
class Block:
    """Weeks that share one set of exercises: a phase, or half of phase 1 (bodyweight first, then bands)."""

    phase: PhaseSpec
    weeks: tuple[int, ...]
    max_load: LoadType
    target_level: int
    max_level: int


def _score(ex: Exercise, slot: Slot, block: Block, profile: Profile, library: Library) -> float:
    act = library.activation(ex.id, slot.muscle_group)
    evidence = max(0.05, act.percent / 100) * (1.0 if act.published else 0.85)
    goal = 1.0
    if profile.wants(Goal.PERFORMANCE):
        goal *= (1.15 if ex.unilateral else 1.0) * (1.1 if ex.level >= 3 else 1.0)
    if profile.wants(Goal.PAIN_RELIEF):
        goal *= 1.1 if ex.spinal_load.rank <= Grade.LOW.rank and ex.knee_flexion_load.rank <= Grade.LOW.rank else 1.0
    if profile.wants(Goal.POSTURE):
        goal *= 1.1 if ex.end_range else 1.0
    if profile.wants(Goal.INJURY_PREVENTION):
        goal *= 1.1 if ex.unilateral else 1.0
    if profile.wants(Goal.AESTHETICS):
        goal *= 1.1 if ex.hip_dominant and Muscle.GMAX_LOWER in ex.primary_muscles else 1.0
    if profile.wants(Goal.BONE_HEALTH):
        goal *= 1.15 if ex.force_vector is ForceVector.AXIAL else 1.0
    back_weight = 1 + profile.pain_in(PainRegion.LOWER_BACK) / 5
    knee_weight = 1 + max(profile.pain_in(PainRegion.KNEE), profile.pain_in(PainRegion.HIP)) / 5
    safety = 1 / (1 + 0.12 * (ex.spinal_load.rank * back_weight + ex.knee_flexion_load.rank * knee_weight))
    level_fit = max(0.2, 1 - 0.15 * abs(ex.level - block.target_level))
    stage = PHASE_CATEGORY_FIT[block.phase.key].get(ex.category, 1.0)
    if block.phase.key != "activation":
        stage *= 1 + 0.15 * ex.load_type.rank  # equipment is earned: once allowed, bands and weights lead
    shape = 1.0
    if slot is HIP_EXTENSION and ex.hip_dominant and ex.end_range:
        shape = 1.15  # prefer hip-only exercises that load the end of hip extension (evidence.md §8)
    if slot is HIP_EXTENSION and ex.force_vector is ForceVector.ANTEROPOSTERIOR:
        shape *= 1.25  # bridges and thrusts keep tension at full hip extension (fitzpatrick2019, contreras2013)
    if slot is POSTERIOR and ex.force_vector is not ForceVector.ANTEROPOSTERIOR:
        shape *= 1.2  # the second hip-extension exercise comes from another direction (contreras2013)
    return evidence * goal * safety * level_fit * stage * shape


def _eligible(ex: Exercise, block: Block, profile: Profile, screening: Screening) -> bool:
    return (
        ex.chain != DAILY_LIFE_CHAIN
        and ex.fits_equipment(profile.equipment)
        and ex.level <= block.max_level
        and ex.load_type.rank <= block.max_load.rank
        and screening.allows(ex, block.phase.number)
    )


def choose(
    slot: Slot,
    block: Block,
    profile: Profile,
    screening: Screening,
    library: Library,
    taken: set[str],
    avoid: set[str],
) -> tuple[Exercise, int, int] | None:
    scored = []
    for ex in library:
        if ex.id in taken or not slot.accepts(ex) or not _eligible(ex, block, profile, screening):
            continue
        score = _score(ex, slot, block, profile, library) * (0.6 if ex.id in avoid else 1.0)
        scored.append((-score, ex.id, ex))
    if not scored:
        return None
    scored.sort(key=lambda t: (t[0], t[1]))
    ex = scored[0][2]
    # "highest-activating" in the reason must mean measured activation alone: not the blended score, and never an
    # estimate or a band rating (those sort after every measured figure)
    acts = {t[1]: library.activation(t[1], slot.muscle_group) for t in scored}
    by_activation = sorted(scored, key=lambda t: (not acts[t[1]].measured, -acts[t[1]].percent, t[1]))
    rank = next(i for i, t in enumerate(by_activation) if t[1] == ex.id)
    return ex, rank, len(scored)
