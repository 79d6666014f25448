"""Figures read as their exercise's how-to says (the visual review, issue 15): weights hang at the sides, a seat the
label touches is touched, a bar across the hips leaves the glute highlight in view."""

from __future__ import annotations

import pytest

from gluterx.data import load_figures
from gluterx.domain.exercise import Library
from gluterx.domain.figures.motion import frame, pad
from gluterx.domain.figures.spec import FigureSpec, PropKind, SurfaceKind, View
from gluterx.services.figures import demonstration

HANGING = 0.03  # body heights: a hand hanging under its shoulder (a straight arm, gravity pulling it down)
RESTING = 0.02  # body heights: the contacts' own tolerance (docs/library-format.md, "Checks")


@pytest.fixture(scope="module")
def figures() -> dict[str, FigureSpec]:
    return load_figures()


def _hanging_weights(figures: dict[str, FigureSpec]) -> list[tuple[str, int]]:
    """(exercise, keyframe index) for every side-view position whose label says the weights hang at the sides."""
    out = []
    for exercise_id, spec in figures.items():
        held = {p.at for p in spec.props if p.kind in (PropKind.DUMBBELL, PropKind.KETTLEBELL)}
        if spec.view is not View.SAGITTAL or "near_hand" not in held:
            continue
        for i, k in enumerate(spec.keyframes):
            if "at your sides" in k.label or "hanging" in k.label:
                out.append((exercise_id, i))
    return out


def test_weights_at_the_sides_hang_straight_down_under_the_shoulders(figures: dict[str, FigureSpec]) -> None:
    # `shoulder` is the arm's angle to the trunk line: hanging straight down it equals the trunk's lean, not its
    # opposite (a weight held out behind the hips)
    held = _hanging_weights(figures)
    assert {e for e, _ in held} >= {"dumbbell_step_up", "dumbbell_bulgarian_split_squat", "dumbbell_reverse_lunge"}
    for exercise_id, i in held:
        spec = figures[exercise_id]
        at = frame(spec, i / (len(spec.keyframes) - 1))
        hand, shoulder = at.points["near_hand"], at.points["shoulder"]
        assert abs(hand[0] - shoulder[0]) <= HANGING, (exercise_id, spec.keyframes[i].name, hand, shoulder)
        assert hand[1] < shoulder[1]


@pytest.mark.parametrize("exercise_id", ["sit_to_stand", "single_leg_box_squat"])
def test_the_seat_the_label_touches_is_touched_at_the_bottom(figures: dict[str, FigureSpec], exercise_id: str) -> None:
    spec = figures[exercise_id]
    assert "touch" in spec.end.label
    seat = next(s for s in spec.surfaces if s.kind is SurfaceKind.BENCH)
    x, y = frame(spec, 1.0).points["pelvis"]
    assert seat.x0 <= x <= seat.x1, (exercise_id, x, seat)
    assert abs(y - pad("pelvis") - seat.height) <= RESTING, (exercise_id, y, seat.height)


def test_a_bar_across_the_hips_leaves_the_glute_highlight_in_view(
    figures: dict[str, FigureSpec], library: Library
) -> None:
    shown = demonstration(figures, library, "hip_thrust")
    assert shown is not None
    end = shown.still.split('<g class="s">', 1)[1].split("</g>", 1)[1]  # the solid end position, after the faint start
    plate, glute = end.index('class="plate"'), end.index('class="gl"')
    assert plate < glute  # drawn first, behind the body and its highlight
