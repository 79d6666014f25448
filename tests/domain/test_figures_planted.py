"""Issue 15, the last review: a standing leg that stays planted while the body turns on it, a pelvis that tips
sideways under an upright trunk (the 90/90 drawn in three dimensions), and "this, not this" drawn obliquely."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gluterx.data import LibraryError, check_figures
from gluterx.data._figures import read_figures
from gluterx.domain.exercise import Library
from gluterx.domain.figures.checks import figure_problems
from gluterx.domain.figures.motion import frame
from gluterx.domain.figures.render import fault_pairs
from gluterx.domain.figures.skeleton import (
    FOREARM,
    HIP_WIDTH,
    LATERAL_BEND,
    SHANK,
    THIGH,
    TRUNK,
    Arm,
    Leg,
    Pose,
    body_points_3d,
    planted,
)
from gluterx.domain.figures.spec import FigureSpec, View
from tests.domain.test_figures import _packaged, _write


@pytest.fixture(scope="module")
def figures() -> dict[str, FigureSpec]:
    return check_figures()


# ---- a planted leg -----------------------------------------------------------------------------------------------


def test_the_hip_airplanes_standing_foot_stays_planted_in_every_frame(figures: dict[str, FigureSpec]) -> None:
    """Heel and toe (the declared contacts) stay exactly where they start while the pelvis turns open over them."""
    spec = figures["hip_airplane"]
    assert spec.planted == ("far",)
    first = frame(spec, 0.0).points_3d
    assert first is not None
    for i in range(25):
        now = frame(spec, i / 24).points_3d
        assert now is not None
        for point in ("far_heel", "far_toe", "far_ankle", "far_knee"):
            assert math.dist(first[point], now[point]) < 1e-6, (point, i)
    end = frame(spec, 1.0).pose.far_leg
    assert end.rotation > 5  # the standing hip turns out (external rotation) under the opening pelvis


def test_a_flat_foot_that_slides_is_named(figures: dict[str, FigureSpec], library: Library) -> None:
    """The hip airplane as it was drawn before, its standing hip's abduction and rotation set by hand (38°, -12°) and
    not planted: the foot pivots on the floor as the body turns. Heel and toe on the floor (a flat foot) must stay
    put, not only on the floor."""
    spec = figures["hip_airplane"]
    start, end = spec.keyframes
    by_hand = replace(end.pose.far_leg, hip=75.0, abduction=38.0, rotation=-12.0)
    loose = replace(spec, planted=(), keyframes=(start, replace(end, pose=replace(end.pose, far_leg=by_hand))))
    problems = figure_problems(loose, library.get("hip_airplane"))
    assert any("far_toe slides on the floor" in p for p in problems), problems
    assert not figure_problems(spec, library.get("hip_airplane"))


angles = st.floats(min_value=-80, max_value=80, allow_nan=False)


@given(st.tuples(*[angles] * 8), st.tuples(*[angles] * 8), st.sampled_from(["near", "far"]))
def test_a_planted_leg_keeps_its_thigh_where_it_was_whatever_the_body_does(
    a: tuple[float, ...], b: tuple[float, ...], side: str
) -> None:
    def pose(v: tuple[float, ...]) -> Pose:
        leg = Leg(v[0], 30.0, 0.0, v[1] / 2, v[2] / 2)
        return Pose(v[3], leg, replace(leg, hip=v[4]), Arm(), Arm(), 0.0, v[5], v[6] / 3)

    held, moving = pose(a), pose(b)
    now = planted(moving, side, held)
    was, got = body_points_3d(held), body_points_3d(now)
    for point in ("knee", "ankle", "toe"):
        offset = [p - h for p, h in zip(was[f"{side}_{point}"], was[f"{side}_hip"], strict=True)]
        moved = [p - h for p, h in zip(got[f"{side}_{point}"], got[f"{side}_hip"], strict=True)]
        assert moved == pytest.approx(offset, abs=1e-9)
    other = "far" if side == "near" else "near"
    assert getattr(now, f"{other}_leg") == getattr(moving, f"{other}_leg")  # the other leg as it was


def test_planted_and_tilt_are_for_the_oblique_view_only(tmp_path: Path, library: Library) -> None:
    def changed(f: dict[str, Any]) -> dict[str, Any]:
        if f["exercise"] == "glute_bridge":
            return {**f, "planted": "near", "keyframes": [{**f["keyframes"][0], "tilt": 10}, *f["keyframes"][1:]]}
        return f

    with pytest.raises(LibraryError) as raised:
        read_figures(library, _write(tmp_path, [changed(f) for f in _packaged()]), check=False)
    problems = raised.value.problems
    assert any("glute_bridge: planted: only the oblique view" in p for p in problems), problems
    assert any("glute_bridge: keyframes.start: tilt only apply to view: oblique" in p for p in problems), problems


# ---- the pelvis tipped sideways: the 90/90 ------------------------------------------------------------------------


@given(angles, angles, angles)
def test_a_tilted_pelvis_tips_the_hips_and_legs_and_leaves_the_trunk(trunk: float, turn: float, tilt: float) -> None:
    leg = Leg(40.0, 60.0, 0.0, 10.0, 5.0)
    level = Pose(trunk, leg, leg, Arm(30.0, 20.0), Arm(), 0.0, turn)
    tipped = body_points_3d(replace(level, tilt=tilt))
    flat = body_points_3d(level)
    for point in ("shoulder", "head", "near_hand", "far_hand"):
        assert tipped[point] == pytest.approx(flat[point])
    assert math.dist(tipped["near_hip"], tipped["far_hip"]) == pytest.approx(HIP_WIDTH)
    assert math.dist(tipped["pelvis"], tipped["shoulder"]) == pytest.approx(TRUNK)
    assert math.dist(tipped["near_hip"], tipped["near_knee"]) == pytest.approx(THIGH)
    assert math.dist(tipped["near_knee"], tipped["near_ankle"]) == pytest.approx(SHANK)
    assert math.dist(tipped["near_elbow"], tipped["near_hand"]) == pytest.approx(FOREARM)
    if trunk == 0 and turn == 0 and abs(tilt) > 1:  # upright: the near hip goes down as the pelvis tips near-side down
        assert (tipped["near_hip"][1] < tipped["far_hip"][1]) == (tilt > 0)


def test_a_pelvis_tipped_past_the_lower_backs_sideways_bend_is_named(
    figures: dict[str, FigureSpec], library: Library
) -> None:
    spec = figures["hip_90_90"]
    assert LATERAL_BEND.source in set(library.registry.sources)
    over = tuple(replace(k, pose=replace(k.pose, tilt=-50.0)) for k in spec.keyframes)
    problems = figure_problems(replace(spec, keyframes=over), library.get("hip_90_90"))
    assert any("the pelvis tipped -50°" in p and LATERAL_BEND.source in p for p in problems), problems


def test_the_90_90_reads_as_itself_front_shin_across_back_shin_behind_both_on_the_floor(
    figures: dict[str, FigureSpec], library: Library
) -> None:
    """Sitting tall: the front thigh forward and its shin across in front of the body; the back thigh out to the side
    and its shin back behind it; both knees at about a right angle and both legs on the floor, the trunk upright;
    every joint inside its normal range (nothing excused) and the legs still as the trunk leans forward."""
    spec = figures["hip_90_90"]
    assert spec.view is View.OBLIQUE and spec.planted == ("near", "far")
    assert not figure_problems(spec, library.get("hip_90_90"))
    start = frame(spec, 0.0)
    p = start.points_3d
    assert p is not None
    front, back = "far", "near"  # the front leg is the far one (its glute stretched: the working leg)
    assert spec.working_leg == front
    fk, fa, bk, ba, bh = (
        p[f"{front}_knee"],
        p[f"{front}_ankle"],
        p[f"{back}_knee"],
        p[f"{back}_ankle"],
        p[f"{back}_hip"],
    )
    pelvis = p["pelvis"]
    assert fk[0] - pelvis[0] > 0.2 and fa[0] - pelvis[0] > 0.2  # the front knee and foot in front of the body
    assert abs(fa[2] - fk[2]) > 2 * abs(fa[0] - fk[0])  # the front shin across
    assert abs(bk[2] - bh[2]) > 2 * abs(bk[0] - bh[0]) and bk[2] > bh[2]  # the back thigh out to its own side
    assert ba[0] - bk[0] < -0.2 and abs(ba[0] - bk[0]) > 2 * abs(ba[2] - bk[2])  # the back shin back behind
    for point in (fk, fa, bk, ba):
        assert point[1] < 0.04  # on the floor (a knee's or ankle's own padding above it)
    for leg in (start.pose.near_leg, start.pose.far_leg):
        assert 75 <= leg.knee <= 100
    assert start.pose.trunk == 0 and math.dist(p["shoulder"][::2], pelvis[::2]) < 1e-9  # upright
    end = frame(spec, 1.0)
    assert end.pose.trunk > 15 and end.points_3d is not None  # leaning forward over the front shin...
    for point in ("near_knee", "near_ankle", "far_knee", "far_ankle"):  # ...the legs where they lay (both thighs
        assert math.dist(end.points_3d[point], p[point]) < 0.01  # held; the hips a width apart roll a little)


# ---- "this, not this" drawn obliquely ----------------------------------------------------------------------------


OBLIQUE_FAULTS = {
    "fire_hydrant": {"hamstrings", "lower_back"},
    "banded_fire_hydrant": {"hamstrings", "lower_back"},
    "hip_airplane": {"hamstrings", "quads"},
    "hip_90_90": {"hamstrings", "lower_back"},
    # lying on one side, seen from in front and a little above: the bent bottom knee comes towards the viewer
    "side_lying_hip_abduction": {"lower_back", "quads"},
    "banded_side_lying_hip_abduction": {"lower_back", "quads"},
}
# faults of an oblique figure drawn in a view of their own: the hip airplane's standing knee falling in shows only
# from the front (towards the oblique camera, in front on the free leg's side, it reads as a straighter leg); the
# 90-90's back foot set too far out shows best from above (oblique, its own camera looking down)
OWN_VIEW_FAULTS = {
    "hip_airplane": {"knees": View.FRONTAL},
    "hip_90_90": {"quads": View.OBLIQUE},
    # the top leg drifting behind the body: from above (its own camera looking down)
    "side_lying_hip_abduction": {"hamstrings": View.OBLIQUE},
    "banded_side_lying_hip_abduction": {"hamstrings": View.OBLIQUE},
}


def test_every_oblique_exercise_draws_a_fault_its_advice_describes_in_the_oblique_view(
    figures: dict[str, FigureSpec], library: Library
) -> None:
    oblique = {i for i, spec in figures.items() if spec.view is View.OBLIQUE}
    assert oblique == set(OBLIQUE_FAULTS)
    for exercise_id, faults in OBLIQUE_FAULTS.items():
        spec = figures[exercise_id]
        own_view = OWN_VIEW_FAULTS.get(exercise_id, {})
        assert {f.fault.value for f in spec.faults} == faults | set(own_view), exercise_id
        for f in spec.faults:  # in the figure's own (oblique) view, unless named as drawn in another
            assert (f.figure.view if f.figure else None) == own_view.get(f.fault.value), (exercise_id, f.fault)
        for pair in fault_pairs(spec, library.get(exercise_id).name):
            assert pair.this.svg != pair.not_this.svg
            if pair.fault.value in own_view:
                continue
            for drawing in (pair.this, pair.not_this):
                assert 'fill="#e3e7ec" stroke=' in drawing.svg  # the oblique view's patch of floor


def test_the_fire_hydrants_kick_back_fault_takes_the_knee_back_not_out(figures: dict[str, FigureSpec]) -> None:
    spec = figures["fire_hydrant"]
    (kick,) = [f for f in spec.faults if f.fault.value == "hamstrings"]
    wrong = replace(spec, keyframes=(spec.start, kick.keyframe))
    right, bad = frame(spec, 1.0).points_3d, frame(wrong, 1.0).points_3d
    assert right is not None and bad is not None
    assert bad["near_ankle"][0] < right["near_ankle"][0] - 0.15  # the foot further back
    assert bad["near_knee"][2] < right["near_knee"][2]  # the knee less far out to the side
