"""Estimated strength: Epley e1RM per day and week, and the level reached in each chain."""

from __future__ import annotations

import pytest

from gluterx.domain.analysis import LoggedSet, strength
from gluterx.domain.exercise import Library
from tests.domain.analysis.helpers import CUSTOMS, day


def test_e1rm_is_the_best_epley_estimate_per_day_and_per_week(library: Library) -> None:
    """60x3 -> 66, 90x6 -> 108 on day one; 100x3 -> 110 the next week; warm-ups do not count."""
    logged = [
        LoggedSet(day(0), "hip_thrust", 3, 60),
        LoggedSet(day(0), "hip_thrust", 6, 90),
        LoggedSet(day(0), "hip_thrust", 9, 120, warmup=True),
        LoggedSet(day(2), "hip_thrust", 3, 90),
        LoggedSet(day(7), "hip_thrust", 3, 100),
    ]
    (ex,) = strength(logged, library).exercises
    assert [(p.day, p.load_kg, p.reps) for p in ex.points] == [(day(0), 90, 6), (day(2), 90, 3), (day(7), 100, 3)]
    assert [p.e1rm_kg for p in ex.points] == pytest.approx([108, 99, 110])
    assert [w.week_start for w in ex.weekly_best] == [day(0), day(7)]
    assert [w.e1rm_kg for w in ex.weekly_best] == pytest.approx([108, 110])
    assert (ex.best_kg, ex.first_kg, ex.latest_kg) == pytest.approx((110, 108, 110))
    assert ex.change_percent == pytest.approx(2 / 108 * 100)
    assert ex.name == "Barbell hip thrust"
    assert "rose from 108 kg to 110 kg" in ex.message


def test_e1rm_ignores_sets_over_ten_reps(library: Library) -> None:
    """Sets of 11+ reps give no estimate; a set of exactly 10 does (100 x 10 -> 133.3)."""
    logged = [LoggedSet(day(0), "hip_thrust", 15, 150), LoggedSet(day(0), "hip_thrust", 11, 140)]
    assert strength(logged, library).exercises == ()
    (ex,) = strength([*logged, LoggedSet(day(0), "hip_thrust", 10, 100)], library).exercises
    assert ex.best_kg == pytest.approx(100 * (1 + 10 / 30))


def test_strength_is_labelled_as_an_estimate_and_cites_its_sources(library: Library) -> None:
    """The note says estimate and gives Hutchins' error; Epley and Reynolds are cited."""
    report = strength([LoggedSet(day(0), "hip_thrust", 5, 100)], library)
    assert "estimate" in report.note
    assert "11-14%" in report.note
    assert report.sources == ("epley1985", "reynolds2006", "hutchins2010")


def test_imported_exercises_outside_the_library_get_an_e1rm_under_their_own_name(library: Library) -> None:
    """A custom 'Leg Extension (Machine)' 60 kg x 5 -> 70 kg; an unknown id is named from the id."""
    logged = [LoggedSet(day(0), "leg_extension", 5, 60), LoggedSet(day(0), "sissy_squat", 3, 30)]
    report = strength(logged, library, customs=CUSTOMS)
    by_id = {e.exercise_id: e for e in report.exercises}
    assert (by_id["leg_extension"].name, by_id["leg_extension"].best_kg) == ("Leg Extension (Machine)", 70)
    assert (by_id["sissy_squat"].name, by_id["sissy_squat"].best_kg) == ("Sissy squat", 33)


def test_bodyweight_work_shows_the_highest_level_reached_in_each_chain(library: Library) -> None:
    """Glute bridge (1), then single-leg glute bridge (3): level 3 of the bridge chain, on the day first done."""
    logged = [
        LoggedSet(day(0), "glute_bridge", 12),
        LoggedSet(day(4), "single_leg_glute_bridge", 8),
        LoggedSet(day(9), "single_leg_glute_bridge", 10),
        LoggedSet(day(9), "glute_bridge", 15),
        LoggedSet(day(9), "clamshell", 15),
        LoggedSet(day(9), "hip_90_90", 30),
        LoggedSet(day(9), "walking", 20),
        LoggedSet(day(9), "fire_hydrant", 0),
    ]
    chains = {c.chain: c for c in strength(logged, library).chains}
    assert set(chains) == {"bridge_thrust", "external_rotation"}
    bridge = chains["bridge_thrust"]
    top = max(e.level for e in library.chain_members("bridge_thrust"))
    assert (bridge.level, bridge.top_level, bridge.exercise_id, bridge.reached_on) == (
        3,
        top,
        "single_leg_glute_bridge",
        day(4),
    )
    assert chains["external_rotation"].level == 1
    assert f"level 3 of {top}" in bridge.message
