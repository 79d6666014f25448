"""Weekly volume: hard sets per glute region and per force vector."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gluterx.domain.analysis import CustomExercise, LoggedSet, Region, is_hard, region_weights, volume
from gluterx.domain.anatomy import Muscle
from gluterx.domain.exercise import Library, Pattern
from tests.domain.analysis.helpers import MONDAY, day, sets_of


def test_only_hard_sets_count_rir_four_or_less_rpe_six_or_more_or_effort_unknown() -> None:
    """Warm-ups and easy sets (RIR 5, RPE 5) are not hard; RIR 4, RPE 6 and no rating are."""
    hard = [LoggedSet(MONDAY, "x", 10, rir=4), LoggedSet(MONDAY, "x", 10, rpe=6), LoggedSet(MONDAY, "x", 10)]
    easy = [
        LoggedSet(MONDAY, "x", 10, rir=5),
        LoggedSet(MONDAY, "x", 10, rpe=5),
        LoggedSet(MONDAY, "x", 10, warmup=True),
    ]
    assert [is_hard(s) for s in hard + easy] == [True, True, True, False, False, False]


def test_weekly_volume_counts_primary_muscles_as_one_set_and_secondary_as_half(library: Library) -> None:
    """3 hard hip-thrust sets + 2 hard side-lying abduction sets: upper 4, lower 3, medius/minimus 3.5."""
    logged = [
        LoggedSet(day(0), "hip_thrust", 8, 100, rir=2),
        LoggedSet(day(0), "hip_thrust", 8, 100, rpe=6),
        LoggedSet(day(0), "hip_thrust", 8, 100),
        LoggedSet(day(0), "hip_thrust", 8, 100, rir=5),
        LoggedSet(day(0), "hip_thrust", 8, 60, warmup=True),
        LoggedSet(day(2), "side_lying_hip_abduction", 15, rir=4),
        LoggedSet(day(2), "side_lying_hip_abduction", 15, rpe=5),
        LoggedSet(day(2), "side_lying_hip_abduction", 15),
    ]
    (week,) = volume(logged, library).weeks
    assert week.week_start == MONDAY
    assert week.hard_sets == 5
    assert dict(week.regions) == {Region.GMAX_UPPER: 4.0, Region.GMAX_LOWER: 3.0, Region.GMED_GMIN: 3.5}
    assert dict(week.vectors) == {"anteroposterior": 3, "lateromedial": 2}


def test_gmed_and_gmin_together_count_once_per_set() -> None:
    """An exercise with both as primary gives gmed_gmin one set, not two."""
    assert region_weights((Muscle.GMED, Muscle.GMIN), (Muscle.GMAX_UPPER, Muscle.TFL)) == {
        Region.GMED_GMIN: 1.0,
        Region.GMAX_UPPER: 0.5,
    }


def test_weeks_without_training_show_as_zero_volume(library: Library) -> None:
    """Week 1 and week 3 trained: week 2 is listed with nothing."""
    report = volume([*sets_of("glute_bridge", 2), *sets_of("glute_bridge", 1, on=15)], library)
    assert [(w.week_start, w.hard_sets) for w in report.weeks] == [(day(0), 2), (day(7), 0), (day(14), 1)]
    assert report.weeks[1].regions[Region.GMAX_UPPER] == 0


def test_unknown_exercises_count_as_hard_sets_in_no_region(library: Library) -> None:
    """An imported id with no guess: counted, under vector 'unknown', and listed."""
    (week,) = volume(sets_of("zercher_carry_thing", 2), library).weeks
    assert week.hard_sets == 2
    assert set(week.regions.values()) == {0.0}
    assert dict(week.vectors) == {"unknown": 2}
    assert volume(sets_of("zercher_carry_thing", 2), library).unknown_exercises == ("zercher_carry_thing",)


def test_a_custom_exercise_with_a_guessed_pattern_counts_like_that_pattern(library: Library) -> None:
    """'Glute kickback machine' guessed as hip extension: both gluteus maximus regions, anteroposterior."""
    customs = {"kickback_machine": CustomExercise("kickback_machine", pattern=Pattern.HIP_EXTENSION)}
    (week,) = volume(sets_of("kickback_machine", 2), library, customs=customs).weeks
    assert dict(week.regions) == {Region.GMAX_UPPER: 2.0, Region.GMAX_LOWER: 2.0, Region.GMED_GMIN: 0.0}
    assert dict(week.vectors) == {"anteroposterior": 2}


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_volume_totals_equal_the_hard_sets_weighted_by_their_muscles(library: Library, data: st.DataObject) -> None:
    """Over any log, the region totals are the sum over hard sets of each exercise's region weights."""
    ids = sorted(library.exercises)
    logged = data.draw(
        st.lists(
            st.builds(
                LoggedSet,
                day=st.integers(0, 60).map(day),
                exercise_id=st.sampled_from([*ids, "unknown_machine"]),
                reps=st.integers(0, 20),
                load_kg=st.none() | st.floats(0, 200),
                rir=st.none() | st.integers(0, 8).map(float),
                rpe=st.none() | st.floats(1, 10),
                warmup=st.booleans(),
            ),
            max_size=60,
        )
    )
    report = volume(logged, library)
    hard = [s for s in logged if is_hard(s)]
    expected = sum(
        sum(
            region_weights(
                library.get(s.exercise_id).primary_muscles, library.get(s.exercise_id).secondary_muscles
            ).values()
        )
        for s in hard
        if s.exercise_id in library
    )
    assert sum(sum(w.regions.values()) for w in report.weeks) == pytest.approx(expected)
    assert sum(w.hard_sets for w in report.weeks) == len(hard)
    assert sum(sum(w.vectors.values()) for w in report.weeks) == len(hard)
