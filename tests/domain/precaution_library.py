"""The library with the precaution attributes filled in, and a four-week domain loop, for the precaution tests.

Until the library itself carries its position, hip positions, balance demand, supported option and isometric flag
for every exercise, `annotated()` fills them in as a physiotherapist reads each exercise, and adds the exercises the
precautions ask for (isometric abduction in neutral, pelvic-floor contractions, supported balance work, standing
hip extension). The tests then prove the rules over whole programmes and after progression.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date

from gluterx.domain.anatomy import Muscle
from gluterx.domain.dose import target
from gluterx.domain.exercise import (
    BalanceDemand,
    Exercise,
    HipPosition,
    Library,
    Pattern,
    Position,
)
from gluterx.domain.planner import plan_program
from gluterx.domain.planner.slots import PELVIC_FLOOR_CHAIN
from gluterx.domain.profile import Profile
from gluterx.domain.progression import ExerciseLog, Prescription, SetLog, next_prescription
from gluterx.domain.schedule import ScheduledSession, due_items, schedule
from gluterx.domain.screening import Screening, screen
from tests.factories import make_exercise

P = Position
H = HipPosition
B = BalanceDemand

_POSITION: dict[Position, tuple[str, ...]] = {
    P.SIDE_LYING: (
        "side_lying_hip_abduction",
        "banded_side_lying_hip_abduction",
        "side_plank",
        "side_plank_abduction",
        "clamshell",
        "banded_clamshell",
    ),
    P.QUADRUPED: (
        "fire_hydrant",
        "banded_fire_hydrant",
        "quadruped_hip_extension",
        "bird_dog",
        "banded_quadruped_kickback",
        "cat_camel",
    ),
    P.SUPINE: (
        "glute_bridge",
        "frog_pump",
        "banded_glute_bridge",
        "single_leg_glute_bridge",
        "figure_four_stretch",
        "bodyweight_hip_thrust",
        "banded_hip_thrust",
        "dumbbell_hip_thrust",
        "single_leg_hip_thrust",
        "b_stance_hip_thrust",
        "hip_thrust",
    ),
    P.PRONE: ("prone_hip_extension", "front_plank_hip_extension", "reverse_hyperextension", "back_extension_45"),
    P.HALF_KNEELING: ("kneeling_hip_flexor_stretch",),
    P.SEATED: ("seated_figure_four_stretch", "hip_90_90"),
}
_HIP: dict[str, frozenset[HipPosition]] = {
    "figure_four_stretch": frozenset({H.CROSSED_LEGS, H.FLEXION_OVER_90}),
    "seated_figure_four_stretch": frozenset({H.CROSSED_LEGS, H.FLEXION_OVER_90}),
    "hip_90_90": frozenset({H.INTERNAL_ROTATION, H.ADDUCTION_PAST_MIDLINE}),
    "side_lying_hip_abduction": frozenset({H.ADDUCTION_PAST_MIDLINE}),
    "goblet_squat": frozenset({H.FLEXION_OVER_90}),
    "back_squat": frozenset({H.FLEXION_OVER_90}),
    "single_leg_squat": frozenset({H.FLEXION_OVER_90}),
    "deadlift": frozenset({H.FLEXION_OVER_90}),
}
_HOLD = "Hold a kitchen counter or the back of a sturdy chair with one hand."
_BALANCE: dict[str, tuple[BalanceDemand, str | None]] = {
    "single_leg_balance": (B.MODERATE, _HOLD),
    "hip_airplane": (B.HIGH, None),
    "single_leg_deadlift": (B.HIGH, _HOLD),
    "dumbbell_single_leg_deadlift": (B.HIGH, None),
    "supported_split_squat": (B.LOW, _HOLD),
    "split_squat": (B.MODERATE, _HOLD),
    "reverse_lunge": (B.MODERATE, _HOLD),
    "forward_lunge": (B.HIGH, None),
    "walking_lunge": (B.HIGH, None),
    "lateral_lunge": (B.MODERATE, None),
    "bulgarian_split_squat": (B.HIGH, None),
    "dumbbell_bulgarian_split_squat": (B.HIGH, None),
    "dumbbell_reverse_lunge": (B.HIGH, None),
    "stair_step_up": (B.LOW, "Hold the banister."),
    "step_up": (B.MODERATE, _HOLD),
    "lateral_step_up": (B.MODERATE, _HOLD),
    "dumbbell_step_up": (B.HIGH, None),
    "single_leg_squat": (B.HIGH, None),
    "single_leg_box_squat": (B.HIGH, None),
    "skater_hop": (B.HIGH, None),
    "cable_hip_abduction": (B.LOW, "Hold the machine with your free hand."),
    "cable_kickback": (B.LOW, "Hold the machine with both hands."),
}


def _added() -> tuple[Exercise, ...]:
    gmed = (Muscle.GMED, Muscle.GMIN)
    base = {"chain": None, "level": 1}
    return (
        replace(
            make_exercise(
                id="standing_isometric_hip_abduction", patterns=(Pattern.HIP_ABDUCTION,), primary=gmed, **base
            ),
            isometric=True,
            balance_demand=B.LOW,
            supported_option="Stand beside a wall and hold a chair with the other hand.",
            unilateral=True,
        ),
        replace(
            make_exercise(id="supine_isometric_hip_abduction", patterns=(Pattern.HIP_ABDUCTION,), primary=gmed, **base),
            isometric=True,
            position=P.SUPINE,
        ),
        replace(
            make_exercise(
                id="pelvic_floor_contractions", patterns=(), primary=(Muscle.CORE,), chain=PELVIC_FLOOR_CHAIN
            ),
            position=P.SEATED,
            isometric=True,
        ),
        replace(
            make_exercise(id="supported_single_leg_stance", patterns=(), primary=gmed, chain="balance"),
            balance_demand=B.MODERATE,
            supported_option=_HOLD,
            isometric=True,
            unilateral=True,
        ),
        replace(
            make_exercise(id="tandem_stance", patterns=(), primary=gmed, chain="balance"),
            balance_demand=B.MODERATE,
            supported_option="Stand in a corner or beside a counter so you can touch it.",
            isometric=True,
        ),
        replace(
            make_exercise(id="bridge_30_abduction", patterns=(Pattern.HIP_EXTENSION,), chain="bridge_thrust"),
            position=P.SUPINE,
        ),
        replace(
            make_exercise(id="standing_hip_extension", patterns=(Pattern.HIP_EXTENSION,), **base),
            balance_demand=B.LOW,
            supported_option=_HOLD,
            unilateral=True,
        ),
    )


def annotated(library: Library) -> Library:
    """The real library with the precaution attributes read in, plus the exercises precautions ask for."""
    position = {ex_id: pos for pos, ids in _POSITION.items() for ex_id in ids}
    out: dict[str, Exercise] = {}
    for ex in library:
        demand, supported = _BALANCE.get(ex.id, (ex.balance_demand, ex.supported_option))
        out[ex.id] = replace(
            ex,
            position=position.get(ex.id, ex.position),
            hip_positions=_HIP.get(ex.id, ex.hip_positions),
            balance_demand=demand,
            supported_option=supported,
        )
    for ex in _added():
        out.setdefault(ex.id, ex)
    return Library(exercises=out, registry=library.registry)


# --- a four-week loop in the domain: plan, carry forward, log, next prescription -------------------------------


@dataclass(frozen=True, slots=True)
class Step:
    """One exercise done in a session and what the engine said next."""

    session: ScheduledSession
    done: Prescription
    next: Prescription


Performance = Callable[[ScheduledSession, Prescription], tuple[int, frozenset[str]]]


def steady(_: ScheduledSession, __: Prescription) -> tuple[int, frozenset[str]]:
    """Top of the range, 1/10 pain, felt in the glutes."""
    return 1, frozenset({"glutes"})


def flaring(session: ScheduledSession, _: Prescription) -> tuple[int, frozenset[str]]:
    """Pain 7/10 in the second week (regressions and swaps), lower back in the third, steady otherwise."""
    if session.week == 2:
        return 7, frozenset({"glutes"})
    if session.week == 3:
        return 1, frozenset({"lower_back"})
    return 1, frozenset({"glutes"})


def run(
    profile: Profile,
    library: Library,
    *,
    weeks: int = 4,
    how: Performance = steady,
    start_week: int = 1,
) -> Iterator[Step]:
    """Weeks `start_week`.. of the profile's plan, every strength session logged as `how` says."""
    program = plan_program(profile, library, start=date(2026, 1, 5))
    screening = screen(profile)
    carried: dict[str, Prescription] = {}
    faults: dict[str, int] = {}
    for session in schedule(program):
        if not start_week <= session.week < start_week + weeks:
            continue
        for due in due_items(session, carried, gap_days=None, library=library):
            if not due.tracked:
                continue
            p = due.prescription
            pain, felt = how(session, p)
            reps = target(p.dose.work).high
            log = ExerciseLog(p.exercise_id, tuple(SetLog(reps, rir=3) for _ in range(p.dose.sets)), pain, felt)
            nxt = next_prescription(
                p,
                log,
                library=library,
                owned=profile.equipment,
                screening=screening,
                phase=session.phase,
                next_morning_pain=pain if pain >= 5 else profile.worst_pain,
                baseline_pain=profile.worst_pain,
                previous_faults=faults.get(p.exercise_id, 0),
            )
            faults[p.exercise_id] = faults.get(p.exercise_id, 0) + 1 if "glutes" not in felt else 0
            carried[due.planned.exercise_id] = nxt
            yield Step(session, p, nxt)


def breaches(screening: Screening, library: Library, exercise_id: str, phase: int) -> list[str]:
    """The precautions (ids) that `exercise_id` breaks in `phase`."""
    ex = library.get(exercise_id)
    return [p.id.value for p in screening.precautions_against(ex, phase)]
