"""From keyframes to placed frames: timing, easing, closing chains, and putting the body on its surfaces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from gluterx.domain.figures.skeleton import (
    Point,
    Point3,
    Pose,
    angle_of,
    angle_setter,
    angle_values,
    blend,
    body_points,
    body_points_3d,
    planted,
    with_angle,
)
from gluterx.domain.figures.spec import FigureSpec, Keyframe, Solve, Surface, SurfaceKind, Timing, View

# How far each body point's own surface sits from its joint centre (body height units): a heel or toe is on the
# floor when its point is; a knee, hand, pelvis or shoulder rests on the skin and tissue around the joint.
PAD: dict[str, float] = {
    "pelvis": 0.055,
    "near_hip": 0.03,  # lying on one side: the hip bone on the floor
    "far_hip": 0.03,
    "shoulder": 0.05,
    "waist": 0.05,  # the middle of the back: lying on it, the back's own surface
    "head": 0.065,
    "near_knee": 0.03,
    "far_knee": 0.03,
    "near_hand": 0.012,
    "far_hand": 0.012,
    "near_elbow": 0.025,
    "far_elbow": 0.025,
    "near_ankle": 0.035,
    "far_ankle": 0.035,
}


def pad(point: str) -> float:
    return PAD.get(point, 0.0)


def surface_target(surface: Surface, point: str) -> float:
    """The coordinate `point` must have to rest on `surface` (its y, or its x for a wall)."""
    if surface.kind is SurfaceKind.WALL:
        return surface.x0
    return surface.height + pad(point)


def smoothstep(t: float) -> float:
    """Ease in and out: slow at both ends, as a controlled movement is."""
    return t * t * (3.0 - 2.0 * t)


@dataclass(frozen=True, slots=True)
class Frame:
    pose: Pose
    points: dict[str, Point]
    progress: float  # 0 at the start position, 1 at the end position
    depth: Mapping[str, float] | None = None  # the segments foreshortened in this frame (skeleton.body_points)
    # the oblique view: every point in three dimensions (z towards the near side); `points` are their x and y
    points_3d: dict[str, Point3] | None = None


def pose_at(spec: FigureSpec, progress: float) -> tuple[Pose, float, float]:
    """The pose, rise and travel `progress` (0..1) of the way through the keyframes (equal shares); a `planted` leg
    held where it is at the start."""
    a, b, t = _between(spec, progress)
    pose = blend(a.pose, b.pose, t)
    for side in spec.planted:
        pose = planted(pose, side, spec.start.pose)
    return pose, a.rise + (b.rise - a.rise) * t, a.travel + (b.travel - a.travel) * t


def _between(spec: FigureSpec, progress: float) -> tuple[Keyframe, Keyframe, float]:
    """The keyframes `progress` lies between, and how far from the first to the second."""
    keys = spec.keyframes
    if len(keys) == 1 or progress <= 0:
        return keys[0], keys[0], 0.0
    if progress >= 1:
        return keys[-1], keys[-1], 0.0
    segments = len(keys) - 1
    scaled = progress * segments
    i = min(int(scaled), segments - 1)
    return keys[i], keys[i + 1], scaled - i


def depth_at(spec: FigureSpec, progress: float) -> Mapping[str, float] | None:
    """The foreshortening `progress` of the way through: each keyframe's own `depth` over the figure's, blended."""
    a, b, t = _between(spec, progress)
    if a.depth is None and b.depth is None:
        return spec.depth
    base = dict(spec.depth or {})
    out = dict(base)
    for name in {*(a.depth or {}), *(b.depth or {})}:
        start = (a.depth or {}).get(name, _figures_depth(base, name))
        end = (b.depth or {}).get(name, _figures_depth(base, name))
        out[name] = start + (end - start) * t
    return out


def _figures_depth(base: Mapping[str, float], name: str) -> float:
    """The figure's own foreshortening of `name`: a side's segment (`near_thigh`) takes the segment's (`thigh`)."""
    if name in base:
        return base[name]
    side, _, segment = name.partition("_")
    return base.get(segment, 1.0) if side in ("near", "far") else 1.0


SOLVE_PASSES = 2  # solves can move each other's points (an ankle, then the trunk): settle them twice
SOLVED = 2e-4  # close enough to its surface: a fifth of a thousandth of body height


def _solved(spec: FigureSpec, pose: Pose, depth: Mapping[str, float] | None) -> Pose:
    """The pose with each `solves` angle adjusted in turn so its point rests on its surface (the anchor fixed)."""
    for _ in range(SOLVE_PASSES if len(spec.solves) > 1 else 1):
        before = pose
        for solve in spec.solves:
            pose = _solve_one(spec, pose, solve, depth)
        if pose is before or all(
            abs(a - b) < 0.05 for a, b in zip(angle_values(pose), angle_values(before), strict=True)
        ):
            break  # nothing moved: already settled
    return pose


def _solve_one(spec: FigureSpec, pose: Pose, solve: Solve, depth: Mapping[str, float] | None) -> Pose:
    """Secant steps on one angle (the error is smooth in it), kept within 60° of the keyframe's value."""
    start = angle_of(pose, solve.angle)
    looked_at = frozenset((solve.point, spec.anchor.point))
    target = surface_target(solve.surface, solve.point)
    wall = solve.surface.kind is SurfaceKind.WALL
    set_angle = angle_setter(pose, solve.angle)

    def error(value: float) -> float:
        x, y = _placed(spec, set_angle(value), depth, only=looked_at)[solve.point]
        return (x if wall else y) - target

    x0, e0 = start, error(start)
    if abs(e0) < SOLVED:  # already resting on it (a settled chain, a second pass): one look is enough
        return pose
    x1 = start + 2.0
    e1 = error(x1)
    best, best_error = (x0, abs(e0)) if abs(e0) <= abs(e1) else (x1, abs(e1))
    for _ in range(8):
        if abs(e1 - e0) < 1e-12 or best_error < SOLVED:
            break
        x2 = min(max(x1 - e1 * (x1 - x0) / (e1 - e0), start - 60.0), start + 60.0)
        x0, e0, x1, e1 = x1, e1, x2, error(x2)
        if abs(e1) < best_error:
            best, best_error = x1, abs(e1)
    return with_angle(pose, solve.angle, best)


def _placed(
    spec: FigureSpec, pose: Pose, depth: Mapping[str, float] | None, *, only: frozenset[str] | None = None
) -> dict[str, Point]:
    """Every point (or `only` those, the anchor among them) placed on the anchor, as drawn in a flat view (the
    oblique view's x and y)."""
    if spec.view is View.OBLIQUE:
        return {name: (x, y) for name, (x, y, _z) in _placed_3d(spec, pose, depth, only=only).items()}
    flat = body_points(pose, facing=spec.facing, depth=depth, frontal=spec.view is View.FRONTAL, only=only)
    dx, dy = _to_anchor(spec, flat[spec.anchor.point])
    return {name: (x + dx, y + dy) for name, (x, y) in flat.items()}


def _placed_3d(
    spec: FigureSpec, pose: Pose, depth: Mapping[str, float] | None, *, only: frozenset[str] | None = None
) -> dict[str, Point3]:
    """Every point (or `only` those) placed on the anchor; in three dimensions for the oblique view (the anchor at
    z = 0), else z 0."""
    if spec.view is not View.OBLIQUE:
        return {name: (x, y, 0.0) for name, (x, y) in _placed(spec, pose, depth, only=only).items()}
    pts3 = body_points_3d(pose, facing=spec.facing, only=only)
    ax, ay, az = pts3[spec.anchor.point]
    dx, dy = _to_anchor(spec, (ax, ay))
    return {name: (x + dx, y + dy, z - az) for name, (x, y, z) in pts3.items()}


def _to_anchor(spec: FigureSpec, at: Point) -> Point:
    """How far to move the body so that its anchor point, now `at`, is where the figure puts it."""
    anchor = spec.anchor
    target_y = anchor.y if anchor.y is not None else surface_target(anchor.surface, anchor.point)
    return anchor.x - at[0], target_y - at[1]


def frame(spec: FigureSpec, progress: float) -> Frame:
    at, rise, travel = pose_at(spec, progress)
    depth = depth_at(spec, progress)
    pose = _solved(spec, at, depth)
    if spec.view is not View.OBLIQUE:
        points = {name: (x + travel, y + rise) for name, (x, y) in _placed(spec, pose, depth).items()}
        return Frame(pose, points, progress, depth, None)
    placed = {name: (x + travel, y + rise, z) for name, (x, y, z) in _placed_3d(spec, pose, depth).items()}
    points = {name: (x, y) for name, (x, y, _z) in placed.items()}
    return Frame(pose, points, progress, depth, placed)


def timeline(timing: Timing, steps: int) -> list[float]:
    """The movement's progress (0 start .. 1 end) at `steps` equal moments of one repetition, eased."""
    out: list[float] = []
    total = timing.total
    for i in range(steps):
        t = total * i / steps
        if t < timing.move:
            out.append(smoothstep(t / timing.move))
        elif t < timing.move + timing.hold:
            out.append(1.0)
        elif t < timing.move + timing.hold + timing.back:
            out.append(1.0 - smoothstep((t - timing.move - timing.hold) / timing.back))
        else:
            out.append(0.0)
    return out
