"""Slots: what a session needs, and how a candidate is judged for it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gluterx.domain.anatomy import Muscle
from gluterx.domain.exercise import BalanceDemand, Category, Exercise, Measure, Pattern
from gluterx.domain.planner.program import PhaseSpec
from gluterx.domain.precautions import Addition, needs
from gluterx.domain.profile import Goal, PainRegion, Profile
from gluterx.domain.screening import Screening

__all__ = [
    "ABDUCTION_ROTATION",
    "BALANCE",
    "GLUTE_MOBILITY",
    "HINGE",
    "HIP_EXTENSION",
    "HIP_FLEXOR_MOBILITY",
    "KNEE_DOMINANT",
    "POSTERIOR",
    "POWER",
    "SECOND_SIDE",
    "SITTING_HOURS_FOR_MOBILITY",
    "Slot",
    "session_slots",
]

SITTING_HOURS_FOR_MOBILITY = 6  # DESIGN.md: people who sit >= 6 h a day get hip-flexor mobility and sitting breaks


@dataclass(frozen=True, slots=True)
class Slot:
    key: str
    muscle_group: str  # "gmax" | "gmed": whose activation counts
    accepts: Callable[[Exercise], bool]
    purpose: str
    required: bool = False
    sources: tuple[str, ...] = ()  # a slot a precaution adds cites the precaution's sources, not glute activation


def _is(*patterns: Pattern) -> Callable[[Exercise], bool]:
    wanted = frozenset(patterns)

    def accepts(ex: Exercise) -> bool:
        return bool(wanted & set(ex.patterns)) and ex.category in (Category.ACTIVATION, Category.STRENGTH)

    return accepts


HIP_EXTENSION = Slot(
    "hip_extension",
    "gmax",
    _is(Pattern.HIP_EXTENSION),
    "works the glutes through hip extension, the movement that powers standing up, climbing and walking, "
    "so your lower back and knees do not have to carry that load",
    required=True,
)
ABDUCTION_ROTATION = Slot(
    "abduction_rotation",
    "gmed",
    _is(Pattern.HIP_ABDUCTION, Pattern.HIP_EXTERNAL_ROTATION),
    "your side glutes (gluteus medius) steady the pelvis when you walk and stand on one leg, and keep the knee from "
    "caving in",
    required=True,
)
SECOND_SIDE = Slot(
    "abduction_rotation_2",
    "gmed",
    _is(Pattern.HIP_ABDUCTION, Pattern.HIP_EXTERNAL_ROTATION),
    "a second side-glute exercise in another direction, so the hip is strong in every direction it has to hold",
)
KNEE_DOMINANT = Slot(
    "legs",
    "gmax",
    _is(Pattern.SQUAT, Pattern.LUNGE, Pattern.STEP),
    "a standing leg exercise that carries your glute strength into everyday moves: stairs, getting up, carrying",
)
HINGE = Slot(
    "hinge",
    "gmax",
    _is(Pattern.HINGE),
    "teaches your hips, not your lower back, to do the bending and lifting",
)
POSTERIOR = Slot(
    "hip_extension_2",
    "gmax",
    _is(Pattern.HIP_EXTENSION),
    "a second hip-extension exercise from another angle, so both the upper and the lower glutes get work",
)
POWER = Slot(
    "power",
    "gmax",
    lambda ex: ex.category is Category.POWER,
    "trains the glutes to produce force fast, for running, jumping and catching yourself if you trip",
)


def _is_hip_flexor_mobility(ex: Exercise) -> bool:
    return ex.category is Category.MOBILITY and Muscle.HIP_FLEXORS in ex.primary_muscles


def _is_glute_mobility(ex: Exercise) -> bool:
    return ex.category is Category.MOBILITY and bool(
        set(ex.primary_muscles) & {Muscle.DEEP_ROTATORS, Muscle.GMAX_UPPER, Muscle.GMAX_LOWER, Muscle.GMED}
    )


HIP_FLEXOR_MOBILITY = Slot(
    "mobility",
    "gmax",
    _is_hip_flexor_mobility,
    "long hours of sitting keep the hip flexors short; easing them lets the glutes finish each hip extension",
)
GLUTE_MOBILITY = Slot(
    "mobility_2",
    "gmax",
    _is_glute_mobility,
    "a gentle stretch for the buttock and deep hip muscles, which often feel tight and sore when they are weak",
)


def _is_balance(ex: Exercise) -> bool:
    """Balance practice itself (a held stance: heel-to-toe, on one leg), not a strength exercise that also tests it."""
    return (
        ex.balance_demand.rank >= BalanceDemand.MODERATE.rank
        and ex.dose is Measure.SECONDS
        and ex.category is Category.ACTIVATION
    )


BALANCE = Slot(
    "balance",
    "gmed",
    _is_balance,
    "practising your balance, holding on as much as you need, lowers the chance of a fall",
    required=True,
    sources=("bull2020", "giangregorio2014"),
)


def session_slots(phase: PhaseSpec, template: int, profile: Profile, screening: Screening) -> list[Slot]:
    """Slots in priority order; the first two are the hip extension and the abduction/rotation every session has."""
    first = [HIP_EXTENSION, ABDUCTION_ROTATION] if template % 2 == 0 else [ABDUCTION_ROTATION, HIP_EXTENSION]
    extra: list[Slot]
    if phase.key == "activation":
        extra = [SECOND_SIDE, POSTERIOR, KNEE_DOMINANT]
    elif phase.key == "strength":
        extra = (
            [KNEE_DOMINANT, HINGE, SECOND_SIDE, POSTERIOR]
            if template % 2 == 0
            else [KNEE_DOMINANT, SECOND_SIDE, HINGE, POSTERIOR]
        )
    else:
        extra = [KNEE_DOMINANT, HINGE, SECOND_SIDE, POSTERIOR]
        if _wants_power(profile, screening):
            extra.insert(0, POWER)
    added = []  # what a precaution asks every session to include (domain/precautions.py); pelvic floor: builder
    if needs(screening.precautions, Addition.BALANCE):
        added.append(BALANCE)
    mobility = []
    if profile.sitting_hours_per_day >= SITTING_HOURS_FOR_MOBILITY:
        mobility.append(HIP_FLEXOR_MOBILITY)
    if profile.pain_in(PainRegion.BUTTOCK) or profile.pain_in(PainRegion.HIP):
        mobility.append(GLUTE_MOBILITY)
    # Mobility is short and matters to people who sit: it comes before the optional strength extras.
    return [*first, *added, *mobility, *extra]


def _wants_power(profile: Profile, screening: Screening) -> bool:
    return profile.wants(Goal.PERFORMANCE) or (
        profile.experience.rank >= 2 and not screening.conservative and profile.worst_pain < 5
    )
