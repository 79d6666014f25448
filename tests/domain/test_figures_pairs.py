"""Issue 15, "this, not this" at a thumbnail's size: the parts a fault changes are marked in each drawing of the pair
(the accent where done well, the fault's red where done wrong), and an oblique pair is as large as its figure allows
(the patch of floor runs out under the drawing's edges); the hip airplane's standing knee falling in, from the front."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from gluterx.data import load_figures
from gluterx.domain.exercise import Fault, Library
from gluterx.domain.figures.checks import figure_problems
from gluterx.domain.figures.motion import frame
from gluterx.domain.figures.render import fault_pairs
from gluterx.domain.figures.skeleton import with_angle
from gluterx.domain.figures.spec import FigureSpec, View
from gluterx.services.figures import demonstration

RIGHT, WRONG = "#0b6e4f", "#b3412e"  # the page's accent and the "not this" border (app.css)


@pytest.fixture(scope="module")
def figures() -> dict[str, FigureSpec]:
    return load_figures()


def _marks(svg: str, colour: str) -> list[str]:
    """The points of each line drawn in `colour` (the marks: nothing else in a figure is drawn in these colours)."""
    return re.findall(rf'<polyline [^>]*stroke="{colour}"[^>]* points="([^"]+)"', svg)


def _pair(spec: FigureSpec, fault: str, name: str = "x") -> tuple[str, str]:
    (pair,) = [p for p in fault_pairs(spec, name) if p.fault.value == fault]
    return pair.this.svg, pair.not_this.svg


def test_the_fire_hydrants_kick_back_marks_the_thigh_and_shank_it_turns(figures: dict[str, FigureSpec]) -> None:
    """The kick back changes the lifted leg's hip and knee: its thigh and shank are marked in both drawings, in the
    accent done well and in red done wrong; nothing else is."""
    this, not_this = _pair(figures["fire_hydrant"], "hamstrings")
    assert len(_marks(this, RIGHT)) == 2 and len(_marks(not_this, WRONG)) == 2
    assert not _marks(this, WRONG) and not _marks(not_this, RIGHT)
    assert _marks(this, RIGHT) != _marks(not_this, WRONG)  # each drawn where that drawing has the leg


def test_a_part_moved_only_by_another_is_not_marked(figures: dict[str, FigureSpec]) -> None:
    """The pelvis tipping up and the body rolling (tilt, turn) mark the trunk, the line across the hips and the lifted
    thigh hanging from them; the arms, turned only because the hands stay on the floor while the body rolls over them,
    and the kneeling thigh, planted where it is, are not marked."""
    spec = figures["fire_hydrant"]
    _, not_this = _pair(spec, "lower_back")
    assert len(_marks(not_this, WRONG)) == 3
    # the same fault with the pelvis level and the body not rolling: only the lifted thigh's abduction is left
    (fault,) = [f for f in spec.faults if f.fault is Fault.LOWER_BACK]
    level = replace(fault, keyframe=replace(fault.keyframe, pose=with_angle(fault.keyframe.pose, "turn", 0.0)))
    level = replace(level, keyframe=replace(level.keyframe, pose=with_angle(level.keyframe.pose, "tilt", 0.0)))
    _, unmarked = _pair(replace(spec, faults=(level,)), "lower_back")
    assert not _marks(unmarked, WRONG)  # an abduction 3° higher is too small to mark


def test_a_fault_drawn_in_its_own_view_marks_what_it_changes_there(figures: dict[str, FigureSpec]) -> None:
    """A squat's knees caving in (drawn from the front): both thighs and both shanks."""
    this, not_this = _pair(figures["bodyweight_squat"], "knees")
    assert len(_marks(this, RIGHT)) == 4 and len(_marks(not_this, WRONG)) == 4


def _box(svg: str) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in re.search(r'viewBox="([^"]+)"', svg).group(1).split())  # type: ignore[union-attr]
    return x, y, x + w, y + h


def _floor(svg: str) -> list[tuple[float, float]]:
    (points,) = re.findall(r'<polygon (?:class="fp"|fill="#e3e7ec"[^>]*) points="([^"]+)"', svg)
    return [(float(x), float(y)) for x, y in (p.split(",") for p in points.split())]


@pytest.mark.parametrize("exercise_id", ["fire_hydrant", "banded_fire_hydrant", "hip_90_90"])
def test_an_oblique_drawing_is_as_large_as_its_figure_allows(
    figures: dict[str, FigureSpec], library: Library, exercise_id: str
) -> None:
    """The box is the figure's own extent: the patch of floor, wider than the figure on hands and knees or sitting,
    is cut at the drawing's edges (an SVG placed in a PDF is not clipped to its viewBox) rather than shrinking the
    figure to fit it, in the moving drawing, the still pair, the printed one and each fault pair."""
    shown = demonstration(figures, library, exercise_id)
    assert shown is not None
    pairs = [svg for p in fault_pairs(figures[exercise_id], "x") for svg in (p.this.svg, p.not_this.svg)]
    for svg in (shown.animated, shown.still, shown.printed, *pairs):
        x0, y0, x1, y1 = _box(svg)
        floor = _floor(svg)
        assert all(x0 - 0.15 <= x <= x1 + 0.15 and y0 - 0.15 <= y <= y1 + 0.15 for x, y in floor), exercise_id
        xs = [x for x, _ in floor]
        assert min(xs) <= x0 + 0.15 and max(xs) >= x1 - 0.15, exercise_id  # it runs out under both sides


def test_the_hip_airplanes_standing_knee_falls_in_seen_from_the_front(
    figures: dict[str, FigureSpec], library: Library
) -> None:
    """Drawn from the front, as the single-leg deadlift's is: the standing knee over the toes done well, inside the
    line from hip to foot done wrong (the thigh turning in at the hip, within its range: the checks hold)."""
    spec = figures["hip_airplane"]
    (knees,) = [f for f in spec.faults if f.fault is Fault.KNEES]
    assert knees.figure is not None and knees.figure.view is View.FRONTAL and knees.figure.working_leg == "far"
    assert knees.keyframe.pose.far_leg.knee < -10 <= 0 < knees.figure.end.pose.far_leg.knee
    good = frame(knees.figure, 1.0)
    bad = frame(replace(knees.figure, keyframes=(knees.figure.start, knees.keyframe)), 1.0)

    def inside(f: object) -> float:
        """How far the standing (far) knee sits inside the line from its hip to its ankle (towards the body's
        middle: +x for the far leg seen from the front)."""
        points = f.points  # type: ignore[attr-defined]
        (hx, hy), (kx, ky), (ax, ay) = (points[p] for p in ("far_hip", "far_knee", "far_ankle"))
        return kx - (hx + (ax - hx) * (hy - ky) / (hy - ay))

    assert inside(bad) - inside(good) > 0.03
    assert figure_problems(spec, library.get("hip_airplane")) == []
    _, not_this = _pair(spec, "knees")
    assert len(_marks(not_this, WRONG)) == 2  # the standing thigh and shank
