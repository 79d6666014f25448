"""Hip/knee balance: the verdict on hip- vs knee-dominant and abduction work, and the fix."""

from __future__ import annotations

import pytest

from gluterx.domain.analysis import BalanceVerdict, balance
from gluterx.domain.exercise import Library
from tests.domain.analysis.helpers import CUSTOMS, quad_dominant_history, sets_of


def test_a_quad_dominant_history_gets_the_quad_dominant_verdict_and_the_fix(library: Library) -> None:
    """11 knee-dominant sets to 1 bridge a week, no abduction: quad-dominant, with library exercises to add."""
    report = balance(quad_dominant_history(), library, customs=CUSTOMS)
    assert report.verdict is BalanceVerdict.QUAD_DOMINANT
    assert (report.hip_sets, report.knee_sets, report.abduction_rotation_sets, report.other_sets) == (4, 44, 0, 0)
    assert report.knee_share == pytest.approx(44 / 48)
    assert report.abduction_share == 0
    assert report.add == ("hip_thrust", "glute_bridge", "side_lying_hip_abduction", "lateral_band_walk")
    assert report.message.startswith("Your training is quad-dominant:")
    for words in (
        "Barbell hip thrust",
        "Side-lying hip abduction",
        "Lateral band walk",
        "at least as many hip-dominant",
    ):
        assert words in report.message
    assert [w.verdict for w in report.weeks] == [BalanceVerdict.QUAD_DOMINANT] * 4
    assert report.sources == ("contreras2013", "gluterx_policy")


def test_a_hip_dominant_history_is_not_called_quad_dominant(library: Library) -> None:
    """Thrusts, RDLs and band walks with some squats: hip-dominant."""
    logged = [
        *sets_of("hip_thrust", 4, load_kg=100),
        *sets_of("romanian_deadlift", 3, load_kg=80),
        *sets_of("lateral_band_walk", 3),
        *sets_of("back_squat", 3, load_kg=80),
    ]
    report = balance(logged, library)
    assert report.verdict is BalanceVerdict.HIP_DOMINANT
    assert (report.hip_sets, report.knee_sets, report.abduction_rotation_sets) == (10, 3, 3)
    assert "quad-dominant" not in report.message
    assert report.message.startswith("Your training is hip-dominant")


def test_a_balanced_history_is_balanced_and_asks_for_side_of_hip_work_when_it_is_missing(library: Library) -> None:
    """Half squats, half thrusts, no abduction: balanced, not quad-dominant, with abduction suggested."""
    report = balance([*sets_of("back_squat", 5), *sets_of("hip_thrust", 5)], library)
    assert report.verdict is BalanceVerdict.BALANCED
    assert "quad-dominant" not in report.message
    assert report.add == ("side_lying_hip_abduction", "lateral_band_walk")


def test_exactly_sixty_percent_knee_work_without_abduction_is_quad_dominant(library: Library) -> None:
    """6 squats to 4 thrusts is the edge of the rule."""
    report = balance([*sets_of("back_squat", 6), *sets_of("hip_thrust", 4)], library)
    assert (report.knee_share, report.verdict) == (0.6, BalanceVerdict.QUAD_DOMINANT)


def test_knee_leaning_work_with_enough_abduction_leans_knee_but_is_not_quad_dominant(library: Library) -> None:
    """6 squats, 3 thrusts, 1 band walk: 60% knee but 10% abduction."""
    logged = [*sets_of("back_squat", 6), *sets_of("hip_thrust", 3), *sets_of("lateral_band_walk", 1)]
    report = balance(logged, library)
    assert report.verdict is BalanceVerdict.KNEE_LEANING
    assert "quad-dominant" not in report.message
    assert report.add == ("hip_thrust", "glute_bridge")


def test_walking_mobility_and_unknown_exercises_do_not_count_towards_the_shares(library: Library) -> None:
    """Only hip- and knee-dominant strength work makes up the shares."""
    logged = [*sets_of("walking", 3), *sets_of("hip_90_90", 2), *sets_of("mystery", 1), *sets_of("back_squat", 1)]
    report = balance(logged, library)
    assert (report.hip_sets, report.knee_sets, report.other_sets, report.knee_share) == (0, 1, 6, 1.0)


def test_no_strength_sets_give_no_verdict(library: Library) -> None:
    """Nothing to judge: says so."""
    report = balance(sets_of("walking", 2), library)
    assert report.verdict is BalanceVerdict.NOT_ENOUGH_DATA
    assert report.knee_share is None
    assert "Not enough" in report.message
