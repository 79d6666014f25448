"""The figures' shortcuts (issue 15, fast and light) give exactly what the long way gives: a chain closed again and
again works out only the points it looks at, and one angle is set or read without the others."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from gluterx.data import load_figures, load_library
from gluterx.domain.figures.checks import figure_problems
from gluterx.domain.figures.skeleton import (
    POINTS,
    Arm,
    Leg,
    Pose,
    angle_of,
    angle_setter,
    angle_values,
    blend,
    body_points,
    body_points_3d,
    with_angle,
)
from gluterx.services.figures import demonstration

angles = st.floats(min_value=-170, max_value=170, allow_nan=False)
legs = st.builds(Leg, angles, angles, angles, angles, angles)
arms = st.builds(Arm, angles, angles, angles)
poses = st.builds(Pose, angles, legs, legs, arms, arms, angles, angles, angles)
wanted = st.frozensets(st.sampled_from(POINTS), min_size=1, max_size=4)
depths = st.none() | st.dictionaries(
    st.sampled_from(["trunk", "thigh", "near_thigh", "far_shank", "foot", "near_forearm", "neck"]),
    st.floats(min_value=0.1, max_value=1.0),
)


@given(poses, wanted, depths, st.sampled_from([1, -1]), st.booleans())
def test_only_the_points_asked_for_are_given_each_exactly_as_in_the_whole_body(
    pose: Pose, only: frozenset[str], depth: dict[str, float] | None, facing: int, frontal: bool
) -> None:
    whole = body_points(pose, facing=facing, depth=depth, frontal=frontal)
    some = body_points(pose, facing=facing, depth=depth, frontal=frontal, only=only)
    assert some == {name: whole[name] for name in only}  # == on floats: bit for bit, the sign of a zero aside
    assert all(str(some[name]) == str(whole[name]) for name in only)  # and that too (-0.0 prints apart from 0.0)


@given(poses, wanted, st.sampled_from([1, -1]))
def test_only_the_points_asked_for_in_three_dimensions_are_as_in_the_whole_body(
    pose: Pose, only: frozenset[str], facing: int
) -> None:
    whole = body_points_3d(pose, facing=facing)
    some = body_points_3d(pose, facing=facing, only=only)
    assert {name: str(p) for name, p in some.items()} == {name: str(whole[name]) for name in only}


@given(poses, angles, st.sampled_from(sorted(Pose(0, Leg(), Leg(), Arm(), Arm()).angles())))
def test_one_angle_is_set_and_read_alone(pose: Pose, value: float, name: str) -> None:
    named = pose.angles()
    assert angle_of(pose, name) == named[name]
    assert angle_values(pose) == tuple(named.values())
    changed = with_angle(pose, name, value)
    assert changed.angles() == {**named, name: value}
    setter = angle_setter(pose, name)
    first, again = setter(value), setter(value + 1.0)
    assert first == changed  # a setter used again leaves the poses it gave as they were
    assert again.angles() == {**named, name: value + 1.0}
    assert pose.angles() == named  # and the pose it started from


@given(poses, poses, st.floats(min_value=0, max_value=1))
def test_a_blend_mixes_every_angle_of_the_pose_and_its_limbs(a: Pose, b: Pose, t: float) -> None:
    mixed = blend(a, b, t)
    x, y = a.angles(), b.angles()
    assert mixed.angles() == {name: x[name] + (y[name] - x[name]) * t for name in x}


def test_a_figure_drawn_afresh_is_byte_for_byte_the_same_its_still_pair_alike_in_both_drawings() -> None:
    """Drawing shares work between frames and drawings (the still pair is drawn once for the moving and the still
    SVG): drawn afresh, a figure comes out the same, and its still pair is the same in both drawings."""
    library, figures = load_library(), load_figures()
    spec = figures["glute_bridge"]
    first = demonstration(figures, library, "glute_bridge")
    again = demonstration({"glute_bridge": replace(spec)}, library, "glute_bridge")  # a new mapping: drawn afresh
    assert first is not None and again is not None and first is not again
    assert (first.animated, first.still, first.printed) == (again.animated, again.still, again.printed)
    pair = first.still[first.still.index('<g class="s">') :]
    assert first.animated.endswith(pair) and pair.count("<polyline") >= 10
    assert figure_problems(spec, library.get("glute_bridge")) == []
