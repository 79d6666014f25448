"""Issue 15: faults that a body lying on its side hides from the front are drawn from above (the oblique view with a
camera of its own looking down), and checked for the same physics there."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from gluterx.data import LibraryError, library_dir, load_figures
from gluterx.data._figures import read_figures
from gluterx.domain.exercise import Fault, Library
from gluterx.domain.figures.motion import frame
from gluterx.domain.figures.skeleton import OBLIQUE, project
from gluterx.domain.figures.spec import FigureSpec, View

_SEEN_FROM_ABOVE = {
    "side_plank": {Fault.LOWER_BACK, Fault.HAMSTRINGS, Fault.QUADS},
    "side_plank_abduction": {Fault.HAMSTRINGS},  # inherited from the side plank
    "side_lying_hip_abduction": {Fault.HAMSTRINGS},
    "banded_side_lying_hip_abduction": {Fault.HAMSTRINGS},
    "clamshell": {Fault.HAMSTRINGS},
    "banded_clamshell": {Fault.HAMSTRINGS},
    "hip_90_90": {Fault.QUADS},
}


def _packaged() -> list[dict[str, Any]]:
    return yaml.safe_load((library_dir() / "figures.yaml").read_text())["figures"]


def _own_view(spec: FigureSpec, fault: Fault) -> FigureSpec:
    (drawn,) = [f for f in spec.faults if f.fault is fault]
    assert drawn.figure is not None, (spec.exercise_id, fault)
    return drawn.figure


def test_faults_hidden_from_the_front_of_a_body_on_its_side_are_drawn_from_above() -> None:
    figures = load_figures()
    for exercise_id, regions in _SEEN_FROM_ABOVE.items():
        spec = figures[exercise_id]
        assert not regions & set(spec.undrawn or {}), exercise_id
        for fault in regions:
            own = _own_view(spec, fault)
            assert own.view is View.OBLIQUE and own.camera != OBLIQUE, (exercise_id, fault)
            assert own.camera[1] >= 60, (exercise_id, fault)  # looking down on the body, not across it
            assert own.end.label.startswith("seen from above"), (exercise_id, fault)


def _drawn(spec: FigureSpec) -> dict[str, tuple[float, float]]:
    """The end position's points as the figure's camera draws them."""
    f = frame(spec, 1.0)
    assert f.points_3d is not None
    return {name: project(p, camera=spec.camera)[:2] for name, p in f.points_3d.items()}


def _off_line(points: dict[str, tuple[float, float]], a: str, b: str, c: str) -> float:
    """How far `b` is drawn from the straight line through `a` and `c`."""
    (ax, ay), (bx, by), (cx, cy) = points[a], points[b], points[c]
    return abs((cx - ax) * (ay - by) - (ax - bx) * (cy - ay)) / math.hypot(cx - ax, cy - ay)


def test_from_above_the_side_planks_hips_drifting_back_bend_the_drawn_body_line() -> None:
    """Seen from the front the hips drifting back move only towards or away from the viewer; from above they bend
    the line from shoulders to feet as drawn, and the straight plank draws a straight line."""
    plank = load_figures()["side_plank"]
    own = _own_view(plank, Fault.HAMSTRINGS)
    (fault,) = [f for f in plank.faults if f.fault is Fault.HAMSTRINGS]
    wrong = replace(own, keyframes=(own.start, fault.keyframe))
    assert _off_line(_drawn(own), "shoulder", "pelvis", "far_ankle") < 0.01
    assert _off_line(_drawn(wrong), "shoulder", "pelvis", "far_ankle") > 0.05


def test_looking_straight_down_the_body_s_depth_runs_up_the_picture() -> None:
    across, up, towards = project((0.0, 0.0, 1.0), camera=(0.0, 90.0))
    assert (across, up, towards) == pytest.approx((0.0, -1.0, 0.0))  # the near side at the bottom of the picture
    assert project((1.0, 0.0, 0.0), camera=(0.0, 90.0))[0] == pytest.approx(1.0)  # along the body: across it
    assert project((0.0, 1.0, 0.0), camera=(0.0, 90.0))[2] == pytest.approx(1.0)  # a height: towards the camera


def test_a_camera_belongs_to_the_oblique_view_and_looks_down_at_most_straight(tmp_path: Path, library: Library) -> None:
    entries = [
        {**f, "camera": {"turn": 0, "down": 70}}
        if f["exercise"] == "glute_bridge"
        else {**f, "camera": {"turn": 0, "down": 120}}
        if f["exercise"] == "fire_hydrant"
        else f
        for f in _packaged()
    ]
    path = tmp_path / "figures.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "figures": entries}))
    with pytest.raises(LibraryError) as raised:
        read_figures(library, path, check=False)
    problems = "\n".join(raised.value.problems)
    assert "glute_bridge: camera: only the oblique view is seen from a camera" in problems
    assert "fire_hydrant" in problems and "camera.down" in problems


def test_seen_from_above_the_checks_still_hold_the_body_on_the_floor(tmp_path: Path, library: Library) -> None:
    """The side plank's forearm must rest on the floor under the shoulder in the view from above too: without the
    lean that puts it there, the checks name it (they read heights in three dimensions, not the drawing)."""
    (plank,) = [f for f in _packaged() if f["exercise"] == "side_plank"]
    faults = {**plank["faults"], "hamstrings": {**plank["faults"]["hamstrings"], "solve": []}}
    path = tmp_path / "figures.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "figures": [{**plank, "faults": faults}]}))
    with pytest.raises(LibraryError) as raised:
        read_figures(library, path)
    assert any(
        p.startswith("figures.yaml: side_plank: faults.hamstrings: far_elbow leaves the floor")
        for p in raised.value.problems
    ), raised.value.problems


def test_the_bridges_knees_falling_in_are_drawn_from_beyond_the_feet_the_feet_still() -> None:
    """Knees in line with the toes shows only from the front of a body lying on its back: the knees drawn closer
    together while the feet stay where they are (the flat-foot check holds them, in three dimensions)."""
    bridge = load_figures()["glute_bridge"]
    own = _own_view(bridge, Fault.KNEES)
    assert own.view is View.OBLIQUE and own.camera[0] >= 45  # turned most of the way to the feet
    (fault,) = [f for f in bridge.faults if f.fault is Fault.KNEES]
    right, wrong = frame(own, 1.0).points_3d, frame(replace(own, keyframes=(own.start, fault.keyframe)), 1.0).points_3d
    assert right is not None and wrong is not None
    apart = abs(right["near_knee"][2] - right["far_knee"][2])
    assert abs(wrong["near_knee"][2] - wrong["far_knee"][2]) < apart / 2  # the knees come in towards each other
    for foot in ("near_heel", "near_toe", "far_heel", "far_toe"):
        assert math.dist(right[foot], wrong[foot]) < 0.02, foot


def test_a_bench_the_back_rests_on_is_drawn_in_the_oblique_view(library: Library) -> None:
    """Seen from beyond the feet, a hip thrust's upper back rests on a bench drawn as a box (its outline and its top),
    not on nothing; a bridge on the floor draws the floor's patch alone."""
    from gluterx.domain.figures.render import fault_pairs

    figures = load_figures()
    names = {exercise.id: exercise.name for exercise in library}

    def polygons(exercise_id: str) -> int:
        (pair,) = [p for p in fault_pairs(figures[exercise_id], names[exercise_id]) if p.fault is Fault.KNEES]
        return pair.this.svg.count("<polygon")

    assert polygons("bodyweight_hip_thrust") == 3  # the floor, the bench's outline, its top
    assert polygons("glute_bridge") == 1  # the floor alone
