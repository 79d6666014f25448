"""Issue 15: the back can round and arch (Pose.spine), one smooth curve of the trunk's length; a straight back is
drawn exactly as before, and the lower-back advice that names a rounding or arching back is drawn with it."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from gluterx.data import LibraryError, check_figures
from gluterx.data._figures import read_figures
from gluterx.domain.exercise import Fault, Library
from gluterx.domain.figures.checks import figure_problems
from gluterx.domain.figures.motion import Frame, frame
from gluterx.domain.figures.render import BAR_BEHIND, Pen, _back, _glute_centre, _plate_centre, fault_pairs, render
from gluterx.domain.figures.skeleton import (
    HEAD_RADIUS,
    NECK,
    SPINE,
    TRUNK,
    Arm,
    Leg,
    Pose,
    back_curve,
    body_points,
    body_points_3d,
)
from gluterx.domain.figures.spec import FigureSpec, View
from gluterx.services.figures import timing_for
from tests.domain.test_figures import _packaged, _write


@pytest.fixture(scope="module")
def figures() -> dict[str, FigureSpec]:
    return check_figures()


def _pose(trunk: float, spine: float, neck: float = 0.0) -> Pose:
    return Pose(trunk, Leg(20.0, 10.0), Leg(-5.0, 0.0), Arm(30.0, 10.0), Arm(0.0, 0.0), neck, spine=spine)


def _on_circle(p: dict[str, tuple[float, float]], spine: float) -> None:
    """Pelvis, waist and shoulder lie on a circle of radius TRUNK / spine (radians): an arc of the trunk's length."""
    radius = TRUNK / math.radians(abs(spine))
    (ax, ay), (bx, by), (cx, cy) = p["pelvis"], p["waist"], p["shoulder"]
    a, b, c = math.dist((bx, by), (cx, cy)), math.dist((ax, ay), (cx, cy)), math.dist((ax, ay), (bx, by))
    area = abs((bx - ax) * (cy - ay) - (cx - ax) * (by - ay)) / 2
    assert a * b * c / (4 * area) == pytest.approx(radius)  # the circle through the three points
    assert a == pytest.approx(c)  # the waist is the arc's middle
    assert 2 * radius * math.asin(b / (2 * radius)) == pytest.approx(TRUNK)  # the arc is the trunk's length


@pytest.mark.parametrize("spine", [-25.0, -8.0, 12.0, 45.0, 80.0])
@pytest.mark.parametrize("trunk", [-90.0, 0.0, 35.0, 76.0])
def test_the_back_bends_as_one_arc_of_the_trunks_length(trunk: float, spine: float) -> None:
    flat = body_points(_pose(trunk, spine))
    _on_circle(flat, spine)
    # the trunk's line (pelvis to shoulder) keeps its lean: `trunk` is still that line's angle from vertical
    (px, py), (sx, sy) = flat["pelvis"], flat["shoulder"]
    assert math.degrees(math.atan2(sx - px, sy - py)) == pytest.approx(trunk)
    # rounding moves the middle of the back behind that line, arching in front of it
    behind = (-math.cos(math.radians(trunk)), math.sin(math.radians(trunk)))
    off = (flat["waist"][0] - (px + sx) / 2) * behind[0] + (flat["waist"][1] - (py + sy) / 2) * behind[1]
    assert off > 0 if spine > 0 else off < 0
    # the head goes on from the upper back's own line: rounding drops it forward, as a neck bend would
    straight_neck = body_points(_pose(trunk, 0.0, neck=spine / 2))
    head = (flat["head"][0] - sx, flat["head"][1] - sy)
    assert math.dist((0, 0), head) == pytest.approx(NECK + HEAD_RADIUS)
    assert head == pytest.approx(
        (
            straight_neck["head"][0] - straight_neck["shoulder"][0],
            straight_neck["head"][1] - straight_neck["shoulder"][1],
        )
    )
    # the oblique view's skeleton bends the same way in the body's own plane
    deep = body_points_3d(_pose(trunk, spine))
    for name in ("shoulder", "waist", "head"):
        assert deep[name][:2] == pytest.approx(flat[name]) and deep[name][2] == pytest.approx(0.0), name


def test_a_straight_back_is_the_trunk_as_it_always_was() -> None:
    pose = _pose(30.0, 0.0)
    p = body_points(pose)
    up = (math.sin(math.radians(30.0)), math.cos(math.radians(30.0)))
    assert p["shoulder"] == pytest.approx((up[0] * TRUNK, up[1] * TRUNK))
    assert p["waist"] == pytest.approx((up[0] * TRUNK / 2, up[1] * TRUNK / 2))
    assert back_curve(0.0) == (1.0, 0.0)
    assert SPINE.low == -25.0 and SPINE.high == 80.0 and SPINE.source == "aaos1965"


def _trunk_drawing(svg: str) -> list[str]:
    return re.findall(r'<(?:polyline|path) class="tr"[^>]*>', svg)


def test_a_straight_back_is_drawn_as_a_line_and_a_bent_one_as_a_curve_through_the_waist(
    figures: dict[str, FigureSpec], library: Library
) -> None:
    bridge = figures["glute_bridge"]
    assert all(k.pose.spine == 0.0 for k in bridge.keyframes)
    straight = render(bridge, "Glute bridge", timing_for(library.get("glute_bridge"))).animated.svg
    assert "<path" not in straight and _trunk_drawing(straight)
    cat = figures["cat_camel"]
    drawn = render(cat, "Cat-camel", timing_for(library.get("cat_camel"))).animated.svg
    curves = [t for t in _trunk_drawing(drawn) if t.startswith("<path")]
    assert curves and all('fill="none"' in c and _CURVE.search(c) for c in curves)
    # the end position's curve passes through the waist at its middle (a quadratic curve's middle is a quarter of
    # each end and half of its control point)
    end = frame(cat, 1.0)
    found = _CURVE.search(_back(end, "tr", Pen()))
    assert found is not None
    (ax, ay), (cx, cy), (bx, by) = (tuple(float(v) for v in pair.split(",")) for pair in found.groups())
    wx, wy = end.points["waist"]
    assert (ax + 2 * cx + bx) / 4 == pytest.approx(wx * 100, abs=0.1)
    assert (ay + 2 * cy + by) / 4 == pytest.approx(-wy * 100, abs=0.1)


_CURVE = re.compile(r'd="M([-\d.]+,[-\d.]+)Q([-\d.]+,[-\d.]+) ([-\d.]+,[-\d.]+)"')


def test_cat_camel_moves_the_back_from_a_hollow_to_rounded_up(figures: dict[str, FigureSpec]) -> None:
    cat = figures["cat_camel"]
    assert cat.start.pose.spine < 0 < cat.end.pose.spine
    start, end = frame(cat, 0.0), frame(cat, 1.0)
    # on hands and knees the back's middle sinks towards the floor in the hollow and rises in the rounding
    middle = (start.points["pelvis"][1] + start.points["shoulder"][1]) / 2
    assert start.points["waist"][1] < middle
    assert end.points["waist"][1] > (end.points["pelvis"][1] + end.points["shoulder"][1]) / 2 + 0.02


# the lower-back advice that says the back rounds (or curls, or arches) where the figure used to say it could not
# draw a bent back: each now a pair, its "not this" bending the back the way the advice says
BENT = {
    "cat_camel": -1,
    "pelvic_floor_contraction": -1,
    "lateral_lunge": 1,
    "sit_to_stand": 1,
    "single_leg_box_squat": 1,
    "single_leg_deadlift": 1,
    "figure_four_stretch": 1,
    "seated_figure_four_stretch": 1,
    "hip_90_90": 1,
    "bodyweight_squat": 1,
    "back_squat": 1,
    "romanian_deadlift": 1,
    "deadlift": 1,
    "hip_hinge_drill": -1,  # leaning back at the top: the back arching, as its label says
    "band_pull_through": -1,
    # the lower back arching as its advice says, where the figure used only to tip the whole trunk: lifted or thrust
    # too high, leaning back at the top or in a stance, a leg taken too far back, arching in the air, the back
    # sagging on hands and knees or in a plank, leaning back past straight
    "glute_bridge": -1,
    "single_leg_glute_bridge": -1,
    "bodyweight_hip_thrust": -1,
    "single_leg_hip_thrust": -1,
    "b_stance_hip_thrust": -1,
    "tandem_stance": -1,
    "standing_hip_extension": -1,
    "standing_glute_squeeze": -1,
    "split_squat": -1,
    "supported_split_squat": -1,
    "dumbbell_bulgarian_split_squat": -1,
    "step_up": -1,
    "cable_kickback": -1,
    "squat_jump": -1,
    "kneeling_hip_flexor_stretch": -1,
    "quadruped_hip_extension": -1,
    "front_plank_hip_extension": -1,
    "back_extension_45": -1,
    "kettlebell_swing": -1,
}


@pytest.mark.parametrize("exercise_id", sorted(BENT))
def test_the_rounding_or_arching_back_is_drawn_where_the_advice_names_it(
    exercise_id: str, figures: dict[str, FigureSpec]
) -> None:
    spec = figures[exercise_id]
    assert Fault.LOWER_BACK not in (spec.undrawn or {})
    (fault,) = [f for f in spec.faults if f.fault is Fault.LOWER_BACK]
    own = fault.figure or spec
    right, wrong = own.end.pose.spine, fault.keyframe.pose.spine
    assert (wrong - right) * BENT[exercise_id] >= 10, (right, wrong)
    (pair,) = [p for p in fault_pairs(spec, exercise_id) if p.fault is Fault.LOWER_BACK]
    assert 'stroke="#b3412e"' in pair.not_this.svg and "<path" in pair.not_this.svg  # the bent back, marked


_ARCHING = re.compile(r"\b(arch|hollow|sag)")
_ROUNDING = re.compile(r"\b(round|curl)")


# a body lying on its side sags sideways: the pelvis tipping (`tilt`), not the back arching
SIDEWAYS = {"side_plank_abduction"}


def test_every_lower_back_fault_that_names_the_back_bending_draws_it(figures: dict[str, FigureSpec]) -> None:
    """Every lower-back pair whose words say the back arches, hollows or sags (or rounds, or curls), its own or
    brought through `like`, bends the back that way by 10° or more, in a view that can show it (not from the front)."""
    bent, front = {}, []
    for exercise_id, spec in figures.items():
        for fault in spec.faults:
            words = fault.keyframe.label
            way = -1 if _ARCHING.search(words) else 1 if _ROUNDING.search(words) else 0
            if fault.fault is not Fault.LOWER_BACK or not way or exercise_id in SIDEWAYS:
                continue
            own = fault.figure or spec
            if own.view is View.FRONTAL:
                front.append(exercise_id)
            bent[exercise_id] = (fault.keyframe.pose.spine - own.end.pose.spine) * way
    assert not front
    assert not [(i, by) for i, by in bent.items() if by < 10], bent
    assert set(BENT) <= set(bent)  # the named ones above among them
    assert {"banded_glute_bridge", "hip_thrust", "reverse_lunge", "broad_jump", "bird_dog"} <= set(bent)  # by `like`


def test_a_jumps_fault_is_drawn_in_the_air_as_its_end_is(figures: dict[str, FigureSpec]) -> None:
    for exercise_id in ("squat_jump", "broad_jump"):
        spec = figures[exercise_id]
        (fault,) = [f for f in spec.faults if f.fault is Fault.LOWER_BACK]
        assert (fault.keyframe.rise, fault.keyframe.travel) == (spec.end.rise, spec.end.travel) != (0.0, 0.0)
        assert frame(replace(spec, keyframes=(spec.start, fault.keyframe)), 1.0).points["near_toe"][1] > 0.05


def _drawn_back(f: Frame) -> list[tuple[float, float]]:
    """The back as drawn (_back's quadratic curve), in body heights, sampled along its length from the pelvis."""
    found = _CURVE.search(_back(f, "tr", Pen()))
    assert found is not None
    (ax, ay), (cx, cy), (bx, by) = (
        (float(x) / 100, -float(y) / 100) for x, y in (g.split(",") for g in found.groups())
    )
    return [
        ((1 - t) ** 2 * ax + 2 * (1 - t) * t * cx + t * t * bx, (1 - t) ** 2 * ay + 2 * (1 - t) * t * cy + t * t * by)
        for t in (i / 400 for i in range(401))
    ]


def _bent(spec: FigureSpec) -> Frame:
    (fault,) = [f for f in spec.faults if f.fault is Fault.LOWER_BACK]
    return frame(replace(spec, keyframes=(spec.start, fault.keyframe)), 1.0)


def _turned(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The angle from direction a to direction b, in degrees."""
    return math.degrees(math.atan2(a[0] * b[1] - a[1] * b[0], a[0] * b[0] + a[1] * b[1]))


@pytest.mark.parametrize("exercise_id", ["glute_bridge", "back_squat", "kettlebell_swing"])
def test_the_glute_sits_behind_the_backs_curve_where_it_leaves_the_pelvis(
    exercise_id: str, figures: dict[str, FigureSpec]
) -> None:
    """Where the back bends, the glute highlight stands off the curve as it stands off a straight back: placed from
    the curve's own direction at the pelvis, not from the straight line to the shoulder (off by half the bend)."""
    spec = figures[exercise_id]
    for f in (_bent(spec), frame(spec, 1.0)):
        back = _drawn_back(f) if f.pose.spine else [f.points["pelvis"], f.points["shoulder"]]
        leaves = (back[1][0] - back[0][0], back[1][1] - back[0][1])
        (px, py), (gx, gy) = f.points["pelvis"], _glute_centre(f, spec)
        assert _turned(leaves, (gx - px, gy - py)) == pytest.approx(
            _turned((0, 1), (-0.04, -0.01)) * spec.facing, abs=1.0
        )  # a straight line to the shoulder would be off by half the bend: 10-20°


def test_a_bar_on_a_rounding_back_rests_on_its_curve(figures: dict[str, FigureSpec]) -> None:
    """The back squat's bar sits as far off the rounded back's curve (the stroke drawn) as off a straight back."""
    spec = figures["back_squat"]
    bent, straight = _bent(spec), frame(spec, 1.0)
    assert bent.pose.spine >= 30
    (sx, sy), (px, py) = straight.points["shoulder"], straight.points["pelvis"]
    (bx, by) = _plate_centre(spec, straight, "shoulder")
    # off a straight back: its distance from the line from pelvis to shoulder
    off_straight = abs((sx - px) * (by - py) - (sy - py) * (bx - px)) / math.dist((px, py), (sx, sy))
    plate = _plate_centre(spec, bent, "shoulder")
    off_curve = min(math.dist(plate, p) for p in _drawn_back(bent))
    assert off_straight == pytest.approx(BAR_BEHIND, abs=0.002)
    assert off_curve == pytest.approx(off_straight, abs=0.004)


def test_no_figure_says_its_back_cannot_bend_any_more(figures: dict[str, FigureSpec]) -> None:
    reasons = [(i, r) for i, spec in figures.items() for r in (spec.undrawn or {}).values()]
    assert not [(i, r) for i, r in reasons if "straight line" in r or "trunk is one" in r]


def test_a_back_bent_past_its_normal_range_is_named(figures: dict[str, FigureSpec], library: Library) -> None:
    cat = figures["cat_camel"]
    end = replace(cat.end, pose=replace(cat.end.pose, spine=95.0))
    problems = figure_problems(replace(cat, keyframes=(cat.start, end), faults=()), library.get("cat_camel"))
    assert any("the back bent 95° is outside its normal range" in p and "aaos1965" in p for p in problems), problems


def test_a_bent_back_in_a_front_view_is_named(tmp_path: Path, library: Library) -> None:
    def changed(f: dict[str, Any]) -> dict[str, Any]:
        if f["exercise"] == "lateral_lunge":  # seen from the front
            return {**f, "keyframes": [{**f["keyframes"][0], "spine": 20}, *f["keyframes"][1:]]}
        return f

    with pytest.raises(LibraryError) as raised:
        read_figures(library, _write(tmp_path, [changed(f) for f in _packaged()]), check=False)
    assert any(
        "lateral_lunge: start: spine bends the back forward or back, which a front view cannot show" in p
        for p in raised.value.problems
    ), raised.value.problems
