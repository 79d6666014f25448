"""Demonstration figures: every exercise has one, each is physically plausible and shows its own movement, and the
drawing is small, deterministic, accessible and stops for reduced motion."""

from __future__ import annotations

import gzip
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from gluterx.data import LibraryError, check_figures, library_dir, load_figures
from gluterx.data._figures import read_figures
from gluterx.domain.exercise import Library
from gluterx.domain.figures.checks import figure_problems
from gluterx.domain.figures.motion import frame, smoothstep, timeline
from gluterx.domain.figures.skeleton import (
    FOREARM,
    HIP_WIDTH,
    SHANK,
    THIGH,
    TRUNK,
    UPPER_ARM,
    Arm,
    Leg,
    Pose,
    body_points,
)
from gluterx.domain.figures.spec import FigureSpec, Keyframe, Timing, View
from gluterx.services.figures import demonstration, timing_for

MAX_GZIPPED = 15_000


@pytest.fixture(scope="module")
def figures() -> dict[str, FigureSpec]:
    return check_figures()  # raises LibraryError naming every implausible figure


def test_every_exercise_has_a_plausible_figure(figures: dict[str, FigureSpec], library: Library) -> None:
    assert set(figures) == {ex.id for ex in library}


def test_the_packaged_figures_are_the_checked_ones(figures: dict[str, FigureSpec]) -> None:
    assert load_figures() == figures


def test_each_drawing_is_small_deterministic_accessible_and_needs_no_script(
    figures: dict[str, FigureSpec], library: Library
) -> None:
    for exercise_id in figures:
        shown = demonstration(figures, library, exercise_id)
        assert shown is not None
        again = demonstration({**figures}, library, exercise_id)  # a new mapping: drawn afresh
        assert again is not None and again.animated == shown.animated, exercise_id
        for svg in (shown.animated, shown.still):
            root = ET.fromstring(svg)  # noqa: S314 - our own drawing: is it well-formed XML
            assert root.get("role") == "img"
            assert "<script" not in svg and "javascript:" not in svg
            assert len(gzip.compress(svg.encode())) <= MAX_GZIPPED, exercise_id
        title = root.find("{http://www.w3.org/2000/svg}title")
        assert title is not None and library.get(exercise_id).name in (title.text or "")
        assert "prefers-reduced-motion:reduce" in shown.animated  # the still pair instead of movement
        assert "@keyframes" not in shown.still


def test_the_glute_is_highlighted_hardest_where_the_exercise_works_it_hardest(
    figures: dict[str, FigureSpec], library: Library
) -> None:
    shown = demonstration(figures, library, "glute_bridge")
    assert shown is not None
    # frames at the top of the bridge carry the fullest highlight
    assert 'fill-opacity="1.00"' in shown.animated and 'fill-opacity="0.20"' in shown.animated


def test_a_leg_pushed_through_the_floor_is_named(figures: dict[str, FigureSpec], library: Library) -> None:
    spec = figures["glute_bridge"]
    sunk = replace(spec, solves=(), contacts=())  # no chain closing: the shoulders hang below the floor
    problems = figure_problems(sunk, library.get("glute_bridge"))
    assert any("through the floor" in p for p in problems)


def test_a_bridge_drawn_backwards_does_not_show_hip_extension(figures: dict[str, FigureSpec], library: Library) -> None:
    spec = figures["glute_bridge"]
    backwards = replace(spec, keyframes=tuple(reversed(spec.keyframes)))
    problems = figure_problems(backwards, library.get("glute_bridge"))
    assert any("must extend the hip" in p for p in problems)


def test_a_joint_past_its_normal_range_is_named(figures: dict[str, FigureSpec], library: Library) -> None:
    spec = figures["bodyweight_squat"]
    start, end = spec.keyframes
    bent = replace(end, pose=replace(end.pose, near_leg=Leg(end.pose.near_leg.hip, 170.0, 0.0)))
    problems = figure_problems(replace(spec, keyframes=(start, bent)), library.get("bodyweight_squat"))
    assert any("near knee 170° is outside the normal range" in p for p in problems)


def test_a_contact_that_leaves_its_surface_is_named(figures: dict[str, FigureSpec], library: Library) -> None:
    spec = figures["quadruped_hip_extension"]
    start, end = spec.keyframes
    lifted = tuple(replace(k, rise=0.1) for k in (start, end))
    problems = figure_problems(replace(spec, keyframes=lifted), library.get("quadruped_hip_extension"))
    assert any("far_knee leaves the floor" in p for p in problems)


angles = st.floats(min_value=-170, max_value=170, allow_nan=False)


@given(trunk=angles, hips=st.tuples(angles, angles), knees=st.tuples(angles, angles), arms=st.tuples(angles, angles))
def test_forward_kinematics_keeps_every_segment_its_length(
    trunk: float, hips: tuple[float, float], knees: tuple[float, float], arms: tuple[float, float]
) -> None:
    pose = Pose(trunk, Leg(hips[0], knees[0], 0), Leg(hips[1], knees[1], 0), Arm(arms[0], arms[1]), Arm(0, 0))
    for frontal in (False, True):
        p = body_points(pose, frontal=frontal)
        assert math.dist(p["pelvis"], p["shoulder"]) == pytest.approx(TRUNK)
        assert math.dist(p["near_hip"], p["far_hip"]) == pytest.approx(HIP_WIDTH if frontal else 0.0)
        for side in ("near", "far"):
            assert math.dist(p[f"{side}_hip"], p[f"{side}_knee"]) == pytest.approx(THIGH)
            assert math.dist(p[f"{side}_knee"], p[f"{side}_ankle"]) == pytest.approx(SHANK)
            assert math.dist(p["shoulder"], p[f"{side}_elbow"]) == pytest.approx(UPPER_ARM)
            assert math.dist(p[f"{side}_elbow"], p[f"{side}_hand"]) == pytest.approx(FOREARM)


@given(st.floats(min_value=0.2, max_value=5), st.floats(min_value=0, max_value=3), st.integers(4, 40))
def test_the_timeline_starts_at_the_start_and_reaches_the_end(move: float, hold: float, steps: int) -> None:
    timing = Timing(move, hold, move, 0.5)
    progress = timeline(timing, steps)
    assert progress[0] == 0.0
    assert all(0.0 <= p <= 1.0 for p in progress)
    # Some moment falls within one step before the turn (or on the hold), so the highest point is at least as close
    # to the end as the easing makes one step short of it. (A bound of 0.9 for 8 steps and more was not: 10 steps of
    # a 0.25 s move with no hold peak at 0.896.)
    step = timing.total / steps
    assert max(progress) >= smoothstep(max(0.0, 1.0 - step / move)) - 1e-9


def test_every_exercise_moving_figure_reaches_its_end_position(library: Library) -> None:
    """The frames a drawing shows include the end position itself, for every exercise's own pace."""
    from gluterx.domain.figures.render import STEPS

    for exercise in library.exercises.values():
        assert max(timeline(timing_for(exercise), STEPS)) == 1.0, exercise.id


def test_keyframes_in_between_ease_in_and_out(figures: dict[str, FigureSpec]) -> None:
    spec = figures["glute_bridge"]
    near_start, middle = frame(spec, 0.05), frame(spec, 0.5)
    assert isinstance(spec.start, Keyframe)
    assert near_start.pose.near_leg.hip > middle.pose.near_leg.hip > spec.end.pose.near_leg.hip


def test_holds_show_the_hold_and_reps_move_at_the_exercises_pace(library: Library) -> None:
    bridge, plank, walk = (timing_for(library.get(i)) for i in ("glute_bridge", "side_plank", "walking"))
    assert plank.hold > plank.move
    assert bridge.move + bridge.back > bridge.hold
    assert walk.hold == 0 and walk.rest == 0


def _write(tmp_path: Path, figures: list[dict[str, object]]) -> Path:
    path = tmp_path / "figures.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "figures": figures}))
    return path


def _packaged() -> list[dict[str, object]]:
    return yaml.safe_load((library_dir() / "figures.yaml").read_text())["figures"]


def test_an_unknown_field_and_a_missing_figure_are_each_named(tmp_path: Path, library: Library) -> None:
    entries = [f for f in _packaged() if f["exercise"] != "clamshell"]
    entries[0] = {**entries[0], "colour": "red"}
    with pytest.raises(LibraryError) as raised:
        read_figures(library, _write(tmp_path, entries), check=False)
    text = "\n".join(raised.value.problems)
    assert "colour" in text and "unknown field" in text
    assert "clamshell: no figure for this exercise" in text


def test_like_must_name_another_figure(tmp_path: Path, library: Library) -> None:
    entries = [({**f, "like": "no_such_figure"} if f["exercise"] == "banded_squat" else f) for f in _packaged()]
    with pytest.raises(LibraryError) as raised:
        read_figures(library, _write(tmp_path, entries), check=False)
    assert any("banded_squat: like: 'no_such_figure'" in p for p in raised.value.problems)


def test_every_range_and_proportion_cites_a_source_in_the_registry(library: Library) -> None:
    from gluterx.domain.figures import skeleton

    cited = {r.source for r in skeleton.SAGITTAL.values()}
    cited |= {skeleton.FRONTAL_HIP.source, skeleton.ROTATION_HIP.source, skeleton.FRONTAL_ANKLE.source}
    cited |= {
        skeleton.FRONTAL_SHOULDER.source,
        skeleton.FRONTAL_KNEE.source,
        skeleton.FRONTAL_KNEE_FAULT.source,
        skeleton.LATERAL_BEND.source,
        skeleton.SPINE.source,
        skeleton.SEGMENT_SOURCE,
        skeleton.HIP_WIDTH_SOURCE,
    }
    assert cited <= set(library.registry.sources)


def test_a_drawn_fault_is_one_the_library_describes_and_is_drawn_differently(
    figures: dict[str, FigureSpec], library: Library
) -> None:
    from gluterx.domain.figures.render import fault_pairs

    drawn = [(i, f.fault) for i, spec in figures.items() for f in spec.faults]
    assert drawn, "some exercise shows 'this, not this'"
    for exercise_id, fault in drawn:
        assert fault in library.get(exercise_id).faults
    pair = next(p for p in fault_pairs(figures["glute_bridge"], "Glute bridge") if p.fault.value == "lower_back")
    assert pair.this.svg != pair.not_this.svg and pair.this.height == pair.not_this.height


# ---- issue 15: foreshortening that changes, one side's own, and faults drawn in a view of their own -------------


def _lengths(f: Any) -> dict[str, float]:
    p = f.points
    return {
        "near_thigh": math.dist(p["near_hip"], p["near_knee"]),
        "far_thigh": math.dist(p["far_hip"], p["far_knee"]),
        "near_shank": math.dist(p["near_knee"], p["near_ankle"]),
        "head": math.dist(p["shoulder"], p["head"]),
    }


def test_one_sides_own_depth_and_the_necks_shorten_only_those() -> None:
    pose = Pose(0.0, Leg(), Leg(), Arm(), Arm())
    pts = body_points(pose, depth={"thigh": 0.8, "near_thigh": 0.3, "neck": 0.5}, frontal=True)
    assert math.dist(pts["near_hip"], pts["near_knee"]) == pytest.approx(0.3 * THIGH)
    assert math.dist(pts["far_hip"], pts["far_knee"]) == pytest.approx(0.8 * THIGH)
    assert math.dist(pts["near_knee"], pts["near_ankle"]) == pytest.approx(SHANK)
    plain = body_points(pose)
    assert math.dist(pts["shoulder"], pts["head"]) == pytest.approx(0.5 * math.dist(plain["shoulder"], plain["head"]))


def test_a_keyframes_own_depth_is_blended_and_checked_frame_by_frame(
    figures: dict[str, FigureSpec], library: Library
) -> None:
    """The clamshell's top thigh turns out of the viewer's line as the knee opens: drawn longer frame by frame, and
    the length check reads each frame's own foreshortening (the figure's alone would call it a change of length)."""
    spec = figures["clamshell"]
    first, middle, last = frame(spec, 0.0), frame(spec, 0.5), frame(spec, 1.0)
    assert _lengths(first)["near_thigh"] == pytest.approx(0.709 * THIGH)
    assert _lengths(middle)["near_thigh"] == pytest.approx(0.757 * THIGH)
    assert _lengths(last)["near_thigh"] == pytest.approx(0.867 * THIGH)
    assert _lengths(last)["far_thigh"] == pytest.approx(0.707 * THIGH)  # the bottom leg stays as it lies
    assert figure_problems(spec, library.get("clamshell")) == []
    from gluterx.domain.figures.checks import _physics_problems

    claimed = replace(last, depth=spec.depth)  # drawn with its own foreshortening, claiming the figure's
    assert any(
        "near-thigh" in p or "near_hip-near_knee changes length" in p for p in _physics_problems(spec, [claimed])
    )


def test_the_clamshell_opens_the_top_knee_with_the_feet_together(figures: dict[str, FigureSpec]) -> None:
    spec = figures["clamshell"]
    frames = [frame(spec, i / 10) for i in range(11)]
    knee_rise = frames[-1].points["near_knee"][1] - frames[0].points["near_knee"][1]
    assert knee_rise > 0.08  # the top knee opens upward, seen from the front
    top_ankle = [f.points["near_ankle"] for f in frames]
    assert max(math.dist(top_ankle[0], a) for a in top_ankle) < 0.02  # the feet stay together throughout
    assert all(abs(f.points["pelvis"][1] - frames[0].points["pelvis"][1]) < 1e-9 for f in frames)  # hips still


def test_the_fire_hydrant_lifts_the_bent_knee_sideways_on_hands_and_knees(figures: dict[str, FigureSpec]) -> None:
    spec = figures["fire_hydrant"]
    assert spec.view is View.OBLIQUE and spec.from_behind and spec.seen_from.startswith("from above and behind")
    start, end = frame(spec, 0.0), frame(spec, 1.0)
    assert start.points_3d is not None and end.points_3d is not None
    for f in (start, end):  # the other knee and both hands stay on the floor
        assert all(f.points[p][1] < 0.05 for p in ("far_knee", "near_hand", "far_hand"))
    (x0, y0, z0), (x1, y1, z1) = start.points_3d["near_knee"], end.points_3d["near_knee"]
    assert z1 - z0 > 0.12 and y1 - y0 > 0.06 and abs(x1 - x0) < 0.02  # out to the side and up, not forward
    assert start.points_3d["pelvis"] == pytest.approx(end.points_3d["pelvis"])  # the hips stay where they are
    # a table: knees under the hips, the hips level, hands on the floor under the shoulders, the shoulders above
    # the hips
    p = start.points_3d
    for side in ("near", "far"):
        knee, hip = p[f"{side}_knee"], p[f"{side}_hip"]
        assert abs(knee[0] - hip[0]) < 0.03 and abs(knee[2] - hip[2]) < 0.01, side
    for f in (start, end):
        assert f.points["near_hip"][1] == pytest.approx(f.points["far_hip"][1])
    assert 0 <= p["near_hand"][0] - p["shoulder"][0] < 0.25 and p["near_hand"][0] > p["near_knee"][0] + 0.2
    assert p["shoulder"][1] > p["pelvis"][1] + 0.02


def test_the_hip_airplane_banks_the_pelvis_and_arms_on_a_still_standing_leg(figures: dict[str, FigureSpec]) -> None:
    spec = figures["hip_airplane"]
    assert spec.view is View.OBLIQUE
    start, end = frame(spec, 0.0), frame(spec, 1.0)
    assert start.points_3d is not None and end.points_3d is not None

    def wings(p: dict[str, tuple[float, float, float]]) -> float:
        (ax, ay, az), (bx, by, bz) = p["far_hand"], p["near_hand"]
        return math.degrees(math.atan2(by - ay, math.hypot(bx - ax, bz - az)))

    def hips(p: dict[str, tuple[float, float, float]]) -> float:
        return p["near_hip"][1] - p["far_hip"][1]

    assert abs(wings(start.points_3d)) < 5 and wings(end.points_3d) > 25  # level wings, then banked: free side up
    assert abs(hips(start.points_3d)) < 0.005 and hips(end.points_3d) > 0.05  # the free hip rises
    assert start.points_3d["far_heel"] == pytest.approx(end.points_3d["far_heel"], abs=1e-6)  # on one still foot,
    assert all(f.points["far_toe"][1] < 0.01 for f in (start, end))  # flat on the floor
    for f in (start, end):  # the standing leg upright: its hip over its ankle
        hip, ankle = f.points_3d["far_hip"], f.points_3d["far_ankle"]
        assert math.hypot(hip[0] - ankle[0], hip[2] - ankle[2]) < 0.03


# a knee twisting while it should keep "facing forward" (the hip airplane's standing knee) is one falling in too
KNEES_CAVING = re.compile(r"fall(s|ing)? in|inward|cave|caving|facing forward", re.IGNORECASE)


def test_every_exercise_whose_advice_says_knees_cave_in_shows_it_from_the_front(
    figures: dict[str, FigureSpec], library: Library
) -> None:
    from gluterx.domain.exercise import Fault
    from gluterx.domain.figures.render import fault_pairs

    caving = [ex.id for ex in library if KNEES_CAVING.search(ex.faults.get(Fault.KNEES, ""))]
    assert {"bodyweight_squat", "forward_lunge", "stair_step_up", "lateral_band_walk"} <= set(caving)
    for exercise_id in caving:
        spec = figures[exercise_id]
        (drawn,) = [f for f in spec.faults if f.fault is Fault.KNEES]
        shown = drawn.figure or spec
        assert shown.view is View.FRONTAL, exercise_id
        good = frame(shown, 1.0)
        bad = frame(replace(shown, keyframes=(shown.start, drawn.keyframe)), 1.0)

        def inside(f: Any, side: str) -> float:
            """How far the knee sits inside the line from hip to ankle (towards the other leg: -x for the near leg)."""
            (px, py), (kx, ky), (ax, ay) = (f.points[p] for p in ("pelvis", f"{side}_knee", f"{side}_ankle"))
            line = px + (ax - px) * (py - ky) / (py - ay)
            return (kx - line) * (-1 if side == "near" else 1)

        sides = [s for s in ("near", "far") if inside(bad, s) - inside(good, s) > 0.03]
        assert sides, f"{exercise_id}: the knee done wrong must sit further in over its foot"
        (pair,) = [p for p in fault_pairs(spec, exercise_id) if p.fault is Fault.KNEES]
        assert pair.this.svg != pair.not_this.svg and pair.this.height == pair.not_this.height


def test_a_fault_drawn_in_its_own_view_is_checked_in_it(figures: dict[str, FigureSpec], library: Library) -> None:
    spec = figures["bodyweight_squat"]
    (knees,) = [f for f in spec.faults if f.fault.value == "knees"]
    assert knees.figure is not None
    lifted = replace(knees.figure, anchor=replace(knees.figure.anchor, y=0.2))  # both heels off the floor
    broken = replace(spec, faults=(replace(knees, figure=lifted),))
    problems = figure_problems(broken, library.get("bodyweight_squat"))
    assert any(p.startswith("faults.knees:") and "leaves the floor" in p for p in problems)


def test_a_fault_view_entry_is_validated_and_named(tmp_path: Path, library: Library) -> None:
    def broken(f: dict[str, Any]) -> dict[str, Any]:
        if f["exercise"] != "bodyweight_squat":
            return f
        knees = dict(f["faults"]["knees"])
        knees["this"] = {**knees["this"], "elbow": 400}  # past any angle
        del knees["anchor"]
        return {**f, "faults": {"knees": knees}}

    with pytest.raises(LibraryError) as raised:
        read_figures(library, _write(tmp_path, [broken(f) for f in _packaged()]), check=False)
    found = [p for p in raised.value.problems if "bodyweight_squat: faults.knees" in p]
    assert any("anchor" in p for p in found), found


def test_the_far_working_hip_must_open_not_close(figures: dict[str, FigureSpec], library: Library) -> None:
    spec = figures["hip_airplane"]
    assert spec.working_leg == "far"
    closed = replace(spec, keyframes=tuple(reversed(spec.keyframes)))
    assert any("must open the hip" in p for p in figure_problems(closed, library.get("hip_airplane")))


def test_a_knee_caving_in_is_drawn_only_as_a_fault_and_no_further_than_the_hip_turns_in(
    figures: dict[str, FigureSpec], library: Library
) -> None:
    """Seen from the front a knee done well sits over the toes (a hinge bends one way: soucie2011); only a fault
    frame may draw it caving in, and only as far as the hip turns in (internal rotation about 45°: aaos1965)."""
    from gluterx.domain.exercise import Fault
    from gluterx.domain.figures import skeleton

    assert (skeleton.FRONTAL_KNEE.low, skeleton.FRONTAL_KNEE.source) == (0.0, "soucie2011")
    assert (skeleton.FRONTAL_KNEE_FAULT.low, skeleton.FRONTAL_KNEE_FAULT.source) == (-45.0, "aaos1965")
    spec, exercise = figures["bodyweight_squat"], library.get("bodyweight_squat")
    (knees,) = [f for f in spec.faults if f.fault is Fault.KNEES]
    assert knees.figure is not None and knees.keyframe.pose.near_leg.knee < -10  # drawn caving in, as a fault
    assert figure_problems(spec, exercise) == []
    # the same caving-in position claimed as the one done well is named, citing the knee's range
    claimed_good = replace(knees.figure, keyframes=(replace(knees.keyframe, name="start"),))
    problems = figure_problems(replace(spec, faults=(replace(knees, figure=claimed_good),)), exercise)
    assert any("faults.knees: near knee" in p and "(soucie2011)" in p for p in problems), problems
    # a fault caving in further than a hip can turn in is named too
    pose = knees.keyframe.pose
    too_far = replace(pose, near_leg=replace(pose.near_leg, knee=-60.0), far_leg=replace(pose.far_leg, knee=-60.0))
    problems = figure_problems(
        replace(spec, faults=(replace(knees, keyframe=replace(knees.keyframe, pose=too_far)),)), exercise
    )
    assert any("near knee -60° is outside the normal range" in p and "(aaos1965)" in p for p in problems), problems


@pytest.mark.parametrize("exercise_id", ["bodyweight_squat", "goblet_squat", "banded_squat", "squat_jump"])
def test_a_squat_seen_from_the_front_is_symmetric_with_the_knees_over_the_feet(
    figures: dict[str, FigureSpec], exercise_id: str
) -> None:
    from gluterx.domain.exercise import Fault

    (knees,) = [f for f in figures[exercise_id].faults if f.fault is Fault.KNEES]
    assert knees.figure is not None
    good = frame(knees.figure, 1.0).points
    mid = good["pelvis"][0]
    for joint in ("hip", "knee", "ankle", "heel", "toe", "elbow", "hand"):  # mirror images about the pelvis
        (nx, ny), (fx, fy) = good[f"near_{joint}"], good[f"far_{joint}"]
        assert nx - mid == pytest.approx(mid - fx, abs=1e-6) and ny == pytest.approx(fy, abs=1e-6), joint
    for side in ("near", "far"):  # each knee straight over its ankle, outside its hip
        knee, ankle, hip = good[f"{side}_knee"], good[f"{side}_ankle"], good[f"{side}_hip"]
        assert abs(knee[0] - ankle[0]) < 0.02 and abs(knee[0] - mid) > abs(hip[0] - mid), side


def test_seen_from_the_front_or_obliquely_the_working_parts_are_drawn_solid(figures: dict[str, FigureSpec]) -> None:
    from gluterx.domain.exercise import Fault
    from gluterx.domain.figures.render import Pen, _drawn, _figure

    hydrant = figures["fire_hydrant"]  # obliquely from behind: the working near leg solid, the far one pale
    drawn = _figure(hydrant, _drawn(hydrant, frame(hydrant, 1.0)), Pen())
    assert drawn.count('class="nl"') == 1 and drawn.count('class="fl"') == 1 and 'class="tr"' in drawn
    airplane = figures["hip_airplane"]  # the standing (far) leg works: solid, the free leg pale
    drawn = _figure(airplane, _drawn(airplane, frame(airplane, 1.0)), Pen())
    assert drawn.index('class="fl"') < drawn.index('class="nl"')  # the pale free leg first, under the solid one
    flat = replace(hydrant, view=View.FRONTAL)  # flat from behind: both legs nearest, the back, arms and head beyond
    drawn = _figure(flat, frame(flat, 1.0), Pen())
    assert drawn.count('class="nl"') == 2 and drawn.count('class="fa"') == 2 and 'class="fh"' in drawn
    assert 'class="tb"' in drawn
    (knees,) = [f for f in figures["bodyweight_squat"].faults if f.fault is Fault.KNEES]
    assert knees.figure is not None


def test_each_drawing_fits_its_own_figure_over_every_frame_with_a_margin_and_the_floor(
    figures: dict[str, FigureSpec], library: Library
) -> None:
    """The viewBox is the figure's own extent (not one wide frame for all): every point of every frame is inside it,
    at least a margin from its edges; the figure comes within a margin of both sides and the top, so it fills its
    box; the floor line shows at the bottom; and the drawing's size keeps the box's proportions within its box."""
    from gluterx.domain.figures.render import ARROW_TAIL, MARGIN, SCALE, STEPS, _drawn
    from gluterx.domain.figures.skeleton import HEAD_RADIUS

    for exercise_id, spec in figures.items():
        shown = demonstration(figures, library, exercise_id)
        assert shown is not None
        vx, vy, vw, vh = (float(v) for v in ET.fromstring(shown.animated).get("viewBox", "").split())  # noqa: S314
        left, right, top, bottom = vx / SCALE, (vx + vw) / SCALE, -vy / SCALE, -(vy + vh) / SCALE
        assert bottom < 0, f"{exercise_id}: the floor line must show"
        xs, ys = [], []
        drawn = {0.0, 1.0, *timeline(timing_for(library.get(exercise_id)), STEPS)}  # the frames the drawing shows
        for t in drawn:
            for name, (x, y) in _drawn(spec, frame(spec, t)).points.items():  # as seen (the oblique view projects)
                r = HEAD_RADIUS if name == "head" else 0.0
                xs += [x - r, x + r]
                ys.append(y + r)
        inner = MARGIN - 0.001  # the viewBox is written to a tenth of a unit (0.001 body heights)
        assert left <= min(xs) - inner and max(xs) + inner <= right, exercise_id
        assert max(ys) + inner <= top, exercise_id
        # filled: beyond the body only the arrow (its tail's length) or a bar's plate may reach, unless a bench, a
        # step, a wall, a pad or a band's anchor is drawn beside it
        # (the oblique view's patch of floor round the figure runs out under the edges: it does not widen the box)
        beside = spec.pad or any(s.kind.value != "floor" for s in spec.surfaces) or any(p.to for p in spec.props)
        if not beside:
            slack = MARGIN + ARROW_TAIL + 0.01
            assert min(xs) - left <= slack and right - max(xs) <= slack and top - max(ys) <= slack, exercise_id
        assert max(shown.width, shown.height) == 240, exercise_id  # as large as fits in its 240 x 240 box
        assert (shown.width >= shown.height) == (vw >= vh), exercise_id
        assert abs(min(shown.width, shown.height) - 240 * min(vw, vh) / max(vw, vh)) <= 1, exercise_id


def test_a_knees_pair_is_drawn_exactly_where_the_advice_says_the_knees_cave_in(
    figures: dict[str, FigureSpec], library: Library
) -> None:
    """A knees pair seen from the front (the knees falling in) is drawn where the advice says the knees cave in, and
    otherwise only where it keeps them in line with the toes (the back squat, the step-up). The walking lunge's advice
    keeps each front knee over the middle toes and names no caving in, like the split squat's and the reverse
    lunge's: its pair, from the side, shows the knee pushed far past the toes, while the forward lunge, whose advice
    names caving, has one from the front."""
    from gluterx.domain.exercise import Fault

    advice = {ex.id: ex.faults.get(Fault.KNEES, "") for ex in library}
    caving = {i for i, text in advice.items() if KNEES_CAVING.search(text)}
    drawn = {
        i
        for i, spec in figures.items()
        if any(f.fault is Fault.KNEES and (f.figure or spec).view is View.FRONTAL for f in spec.faults)
    }
    assert caving <= drawn
    assert all("toes" in advice[i] for i in drawn - caving), {i: advice[i] for i in drawn - caving}
    assert "forward_lunge" in drawn and "walking_lunge" not in drawn


def test_a_knee_past_its_range_is_named_however_short_its_thigh_is_drawn(
    figures: dict[str, FigureSpec], library: Library
) -> None:
    """No thigh drawn short (end-on) hides its knee from the range check: the single-leg deadlift's knees view draws
    the free thigh at 0.15 of its length, and a free knee bent past its range there is named."""
    (knees,) = [f for f in figures["single_leg_deadlift"].faults if f.fault.value == "knees"]
    assert knees.figure is not None and (knees.figure.depth or {})["far_thigh"] <= 0.25
    (this,) = knees.figure.keyframes
    bent = replace(this, pose=replace(this.pose, far_leg=replace(this.pose.far_leg, knee=170.0)))
    broken = replace(knees, figure=replace(knees.figure, keyframes=(bent,)))
    problems = figure_problems(
        replace(figures["single_leg_deadlift"], faults=(broken,)), library.get("single_leg_deadlift")
    )
    assert any(p.startswith("faults.knees:") and "far knee 170°" in p for p in problems), problems


angles3 = st.floats(min_value=-90, max_value=90, allow_nan=False)


@given(angles3, angles3, angles3, angles3, angles3, angles3, angles3)
def test_the_oblique_skeleton_keeps_every_segment_at_full_length_in_three_dimensions(
    trunk: float, turn: float, hip: float, abduction: float, rotation: float, knee: float, shoulder: float
) -> None:
    from gluterx.domain.figures.skeleton import body_points_3d

    leg = Leg(hip, knee, 0.0, abduction, rotation)
    pose = Pose(
        trunk, leg, Leg(-hip, knee, 0.0, -abduction, rotation), Arm(shoulder, 20.0, abduction), Arm(), 0.0, turn
    )
    for facing in (1, -1):
        p = body_points_3d(pose, facing=facing)
        for side in ("near", "far"):
            assert math.dist(p[f"{side}_hip"], p[f"{side}_knee"]) == pytest.approx(THIGH)
            assert math.dist(p[f"{side}_knee"], p[f"{side}_ankle"]) == pytest.approx(SHANK)
            assert math.dist(p["shoulder"], p[f"{side}_elbow"]) == pytest.approx(UPPER_ARM)
            assert math.dist(p[f"{side}_elbow"], p[f"{side}_hand"]) == pytest.approx(FOREARM)
            assert math.dist(p["pelvis"], p[f"{side}_hip"]) == pytest.approx(HIP_WIDTH / 2)
        assert math.dist(p["pelvis"], p["shoulder"]) == pytest.approx(TRUNK)


def test_the_oblique_skeleton_agrees_with_the_side_view_when_nothing_turns_out_of_the_plane() -> None:
    """With no abduction, rotation or turn the three-dimensional skeleton is the side view's, hips a width apart."""
    from gluterx.domain.figures.skeleton import body_points_3d

    pose = Pose(30.0, Leg(70.0, 60.0, 10.0), Leg(-10.0, 20.0, -5.0), Arm(40.0, 30.0), Arm(-20.0, 10.0), 10.0)
    flat, deep = body_points(pose), body_points_3d(pose)
    for name in ("shoulder", "head", "near_elbow", "far_hand"):
        assert deep[name][:2] == pytest.approx(flat[name]) and deep[name][2] == pytest.approx(0.0), name
    for name in ("near_knee", "far_toe"):  # the legs hang from their own hips, half a hip width either side
        assert deep[name][:2] == pytest.approx(flat[name])
    assert deep["near_knee"][2] == pytest.approx(HIP_WIDTH / 2) and deep["far_knee"][2] == pytest.approx(-HIP_WIDTH / 2)


def test_the_oblique_camera_is_fixed_and_looks_down_from_the_front_or_behind(figures: dict[str, FigureSpec]) -> None:
    from gluterx.domain.figures.render import alt_text
    from gluterx.domain.figures.skeleton import OBLIQUE_DOWN, project

    hydrant = replace(figures["fire_hydrant"], seen_from="")
    assert "shown from above and behind:" in alt_text(hydrant, "Fire hydrant")
    assert "shown from above and in front:" in alt_text(replace(hydrant, from_behind=False), "Fire hydrant")

    assert project((0.0, 1.0, 0.0))[1] == pytest.approx(math.cos(math.radians(OBLIQUE_DOWN)))  # upright, shortened
    front, back = project((1.0, 0.0, 0.0)), project((1.0, 0.0, 0.0), from_behind=True)
    assert front[2] > 0 > back[2]  # the figure's front is towards the camera, or away from it seen from behind
    assert front[1] < 0  # looking down: nearer floor is lower in the picture


def test_the_third_dimension_belongs_to_the_oblique_view_only(tmp_path: Path, library: Library) -> None:
    """A flat view given a hip's abduction, rotation or a turn, or an oblique view given a depth, is named."""

    def changed(f: dict[str, Any]) -> dict[str, Any]:
        if f["exercise"] == "glute_bridge":  # a side view
            keys = [{**f["keyframes"][0], "near_hip_rotation": 20, "turn": 10}, *f["keyframes"][1:]]
            return {**f, "keyframes": keys}
        if f["exercise"] == "fire_hydrant":  # the oblique view
            return {**f, "depth": {"trunk": 0.5}}
        return f

    with pytest.raises(LibraryError) as raised:
        read_figures(library, _write(tmp_path, [changed(f) for f in _packaged()]), check=False)
    problems = raised.value.problems
    assert any(
        "glute_bridge: keyframes.start: near_hip_rotation, turn only apply to view: oblique" in p for p in problems
    )
    assert any("fire_hydrant: depth: the oblique view" in p for p in problems), problems
