"""The library's precaution attributes read as a physiotherapist would set them (docs/library-format.md)."""

from __future__ import annotations

import pytest

from gluterx.data import load_library
from gluterx.domain.exercise import BalanceDemand, HipPosition, Library, Measure, Pattern, Position

F90 = HipPosition.FLEXION_OVER_90
ADD = HipPosition.ADDUCTION_PAST_MIDLINE
IR = HipPosition.INTERNAL_ROTATION
CROSS = HipPosition.CROSSED_LEGS


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def test_the_90_90_stretch_is_the_posterior_dislocation_position(library: Library) -> None:
    assert library.get("hip_90_90").hip_positions == {F90, ADD, IR}


@pytest.mark.parametrize("exercise_id", ["figure_four_stretch", "seated_figure_four_stretch"])
def test_figure_four_stretches_cross_the_legs_in_deep_flexion(library: Library, exercise_id: str) -> None:
    assert {CROSS, F90} <= library.get(exercise_id).hip_positions


@pytest.mark.parametrize("exercise_id", ["deadlift", "kettlebell_deadlift", "bodyweight_squat", "back_squat"])
def test_deep_squats_and_lifts_from_the_floor_flex_the_hip_past_90(library: Library, exercise_id: str) -> None:
    assert F90 in library.get(exercise_id).hip_positions


@pytest.mark.parametrize("exercise_id", ["clamshell", "side_lying_hip_abduction", "glute_bridge", "sit_to_stand"])
def test_everyday_rehab_exercises_stay_clear_of_restricted_hip_positions(library: Library, exercise_id: str) -> None:
    assert library.get(exercise_id).hip_positions == frozenset()


def test_split_stances_and_single_leg_work_challenge_balance(library: Library) -> None:
    for ex in library:
        moves_on_one_leg = ex.unilateral and ex.position is Position.STANDING and not ex.isometric
        if Pattern.LUNGE in ex.patterns or moves_on_one_leg:
            assert ex.balance_demand.rank >= BalanceDemand.MODERATE.rank, ex.id


def test_every_unloaded_standing_exercise_that_challenges_balance_has_a_supported_way(library: Library) -> None:
    """Fall risk: single-leg and split-stance work done with body weight can always be done holding something."""
    for ex in library:
        if (
            ex.position is Position.STANDING
            and ex.balance_demand.rank >= BalanceDemand.MODERATE.rank
            and not ex.equipment
            and ex.category.value != "power"
        ):
            assert ex.supported_option, ex.id


def test_positions_people_are_asked_about(library: Library) -> None:
    assert library.get("prone_hip_extension").position is Position.PRONE
    assert library.get("glute_bridge").position is Position.SUPINE
    assert library.get("clamshell").position is Position.SIDE_LYING
    assert library.get("bird_dog").position is Position.QUADRUPED
    assert library.get("kneeling_hip_flexor_stretch").position is Position.HALF_KNEELING
    assert library.get("sit_to_stand").position is Position.SEATED


def test_isometric_exercises_are_timed_holds(library: Library) -> None:
    isometric = [ex for ex in library if ex.isometric]
    assert {"standing_glute_squeeze", "side_plank"} <= {ex.id for ex in isometric}
    assert all(ex.dose is Measure.SECONDS for ex in isometric)
