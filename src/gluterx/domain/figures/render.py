"""Keyframes to an animated SVG: no JavaScript, a still start/end pair for reduced motion, a text alternative.

The animation flips between pre-drawn frames with one CSS rule (each frame shows for one step, offset by its own
delay), so it is deterministic, small, and stops for anyone who asks their system for reduced motion.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from html import escape

from gluterx.domain.exercise import Fault
from gluterx.domain.figures.motion import Frame, frame, timeline
from gluterx.domain.figures.skeleton import HEAD_RADIUS, Point, Pose, project, seen_as
from gluterx.domain.figures.spec import FigureSpec, PropKind, Surface, SurfaceKind, Timing, View

STEPS = 20  # frames in one repetition
SCALE = 100.0  # SVG units per body height

_FAR = "#a9b4c2"
_NEAR = "#34485e"
_GLUTE = "#e0703a"
_PROP = "#7a5cc2"
_GROUND = "#c3cad3"
_BLOCK = "#e3e7ec"
_ARROW = "#2f8f6b"
_RIGHT = "#0b6e4f"
_WRONG = "#b3412e"
GLUTE_RADIUS = 0.055
TIPPED_TOWARDS = 0.5  # a trunk drawn shorter than this, seen from in front, leans towards the viewer
ARROW_TAIL = 0.16  # body heights from the arrow's tail to the point it pushes
PLATE_RADIUS = 0.09
BAR_BEHIND = 0.07  # a bar on the upper back: this far behind the shoulder point, and this far down the trunk
BAR_BELOW = 0.03
WALL_HEIGHT = 1.1


@dataclass(frozen=True, slots=True)
class Drawing:
    svg: str
    alt: str
    width: int
    height: int


def _pt(p: Point) -> str:
    return f"{p[0] * SCALE:.1f},{-p[1] * SCALE:.1f}"


def _line(points: list[Point], cls: str, pen: Pen) -> str:
    return _polyline(map(_pt, points), cls, pen)


def _polyline(coordinates: Iterable[str], cls: str, pen: Pen) -> str:
    """A line through points already written out (_pt)."""
    return f'<polyline {pen(cls, line=True)} points="{" ".join(coordinates)}"/>'


def _back(f: Frame, cls: str, pen: Pen) -> str:
    """The trunk from pelvis to shoulder: a straight line, or (the back rounding or arching, Pose.spine) a smooth
    curve through the waist, the middle of the back."""
    p = f.points
    if f.pose.spine == 0.0:
        return _line([p["pelvis"], p["shoulder"]], cls, pen)
    control = _control(f)  # a quadratic curve through the waist at its middle
    look = pen(cls, line=True) if pen.inline else f'{pen(cls)} fill="none" stroke-linecap="round"'
    return f'<path {look} d="M{_pt(p["pelvis"])}Q{_pt(control)} {_pt(p["shoulder"])}"/>'


def _control(f: Frame) -> Point:
    """The control point of the back's curve (_back): a quadratic curve from pelvis to shoulder through the waist."""
    (ax, ay), (wx, wy), (bx, by) = f.points["pelvis"], f.points["waist"], f.points["shoulder"]
    return (2 * wx - (ax + bx) / 2, 2 * wy - (ay + by) / 2)


def _trunk_axes(spec: FigureSpec, f: Frame, at: str = "pelvis") -> tuple[Point, Point]:
    """The trunk's direction as drawn at its pelvis or shoulder end (`at`), towards the shoulder (a unit vector), and
    its back's there (the posterior side): the straight line from pelvis to shoulder, or the tangent of the back's
    curve at that end when the back rounds or arches."""
    (px, py), (sx, sy) = f.points["pelvis"], f.points["shoulder"]
    if f.pose.spine != 0.0:  # a quadratic curve leaves each end towards its control point
        cx, cy = _control(f)
        (px, py), (sx, sy) = ((px, py), (cx, cy)) if at == "pelvis" else ((cx, cy), (sx, sy))
    norm = math.hypot(sx - px, sy - py) or 1.0
    ux, uy = (sx - px) / norm, (sy - py) / norm
    return (ux, uy), ((-uy, ux) if spec.facing > 0 else (uy, -ux))


def _glute_centre(f: Frame, spec: FigureSpec) -> Point:
    px, py = f.points["pelvis"]
    (ux, uy), back = _trunk_axes(spec, f)
    if spec.view is not View.SAGITTAL:  # the side glutes of the working hip, or the middle when both work
        if spec.working_leg in ("near", "far"):
            return f.points[f"{spec.working_leg}_hip"]
        return (px + ux * 0.02, py + uy * 0.02)
    return (px + back[0] * 0.04 - ux * 0.01, py + back[1] * 0.04 - uy * 0.01)


def _drawn(spec: FigureSpec, f: Frame) -> Frame:
    """The frame as drawn: in the oblique view each point as the camera sees it (skeleton.project); else as it is."""
    if f.points_3d is None:
        return f
    seen = {name: project(p, from_behind=spec.from_behind, camera=spec.camera) for name, p in f.points_3d.items()}
    return replace(f, points={name: (x, y) for name, (x, y, _) in seen.items()})


FLOOR_MARGIN = 0.12  # body heights of floor drawn round the figure's feet, hands and knees (the oblique view)
NEAR_FLOOR = 0.12  # the points the floor patch is drawn round: those this close to the floor in some frame


def _floor(spec: FigureSpec, frames: list[Frame]) -> list[list[Point]] | None:
    """The oblique view's ground, as the camera sees it: first a patch of floor round what rests on or near it, over
    all frames; then each bench or step the figure rests on, a box as wide as the body's reach across (its outline
    and its top), so a back on a bench does not float."""
    points = [p for f in frames if f.points_3d is not None for p in f.points_3d.values() if p[1] < NEAR_FLOOR]
    if not points:
        return None
    x0, x1 = min(p[0] for p in points) - FLOOR_MARGIN, max(p[0] for p in points) + FLOOR_MARGIN
    z0, z1 = min(p[2] for p in points) - FLOOR_MARGIN, max(p[2] for p in points) + FLOOR_MARGIN
    corners = ((x0, 0.0, z0), (x1, 0.0, z0), (x1, 0.0, z1), (x0, 0.0, z1))
    ground = [[project(c, from_behind=spec.from_behind, camera=spec.camera)[:2] for c in corners]]
    across = [p[2] for f in frames if f.points_3d is not None for p in f.points_3d.values()]
    w0, w1 = min(across) - FLOOR_MARGIN, max(across) + FLOOR_MARGIN
    for s in spec.surfaces:
        if s.kind not in (SurfaceKind.BENCH, SurfaceKind.STEP):
            continue
        box = [(x, y, z) for x in (s.x0, s.x1) for y in (0.0, s.height) for z in (w0, w1)]
        seen = [project(c, from_behind=spec.from_behind, camera=spec.camera)[:2] for c in box]
        top = [seen[i] for i in (2, 3, 7, 6)]  # y = height: (x0, w0), (x0, w1), (x1, w1), (x1, w0)
        ground += [_hull(seen), top]
    return ground


def _hull(points: list[Point]) -> list[Point]:
    """The convex outline of `points` (Andrew's monotone chain), anticlockwise."""
    ps = sorted(set(points))

    def turn(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point] = []
    upper: list[Point] = []
    for p in ps:
        while len(lower) >= 2 and turn(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(ps):
        while len(upper) >= 2 and turn(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _clip(polygon: list[Point], box: tuple[float, float, float, float]) -> list[Point]:
    """The part of a convex `polygon` inside `box` (x0, y0, x1, y1): cut by each edge in turn (Sutherland-Hodgman)."""
    x0, y0, x1, y1 = box
    edges = ((0, x0, 1.0), (0, x1, -1.0), (1, y0, 1.0), (1, y1, -1.0))  # axis, limit, the side kept (+: above it)
    out = polygon
    for axis, limit, keep in edges:
        points, out = out, []
        for i, here in enumerate(points):
            before = points[i - 1]
            inside, was_inside = (here[axis] - limit) * keep >= 0, (before[axis] - limit) * keep >= 0
            if inside != was_inside:  # crossing the edge: where the side between them meets it
                t = (limit - before[axis]) / (here[axis] - before[axis])
                out.append((before[0] + (here[0] - before[0]) * t, before[1] + (here[1] - before[1]) * t))
            if inside:
                out.append(here)
    return out


def _intensity(spec: FigureSpec, progress: float) -> float:
    """How hard the glutes work `progress` of the way through: fullest at the peak, rising to it and falling after."""
    if progress <= spec.peak:
        return progress / spec.peak if spec.peak > 0 else 1.0
    return (1.0 - progress) / (1.0 - spec.peak)


def _arrow(spec: FigureSpec, f: Frame, pen: Pen) -> str:
    if spec.arrow is None:
        return ""
    x, y = f.points[spec.arrow.at]
    a = math.radians(spec.arrow.degrees)
    dx, dy = math.cos(a), math.sin(a)
    start = (x - dx * ARROW_TAIL, y - dy * ARROW_TAIL)
    tip = (x - dx * 0.05, y - dy * 0.05)
    left = (tip[0] - dx * 0.04 - dy * 0.025, tip[1] - dy * 0.04 + dx * 0.025)
    right = (tip[0] - dx * 0.04 + dy * 0.025, tip[1] - dy * 0.04 - dx * 0.025)
    return f'{_line([start, tip], "ar", pen)}<polygon {pen("ah")} points="{_pt(left)} {_pt(tip)} {_pt(right)}"/>'


def _plate_centre(spec: FigureSpec, f: Frame, at: str) -> Point:
    """Where a bar's plate is drawn: at its point, but a bar across the shoulders rests on the upper back, behind
    and a little below the base of the neck (so the head shows in front of the plate, not under it)."""
    x, y = f.points[at]
    if at != "shoulder":
        return (x, y)
    (ux, uy), back = _trunk_axes(spec, f, "shoulder")
    return (x + back[0] * BAR_BEHIND - ux * BAR_BELOW, y + back[1] * BAR_BEHIND - uy * BAR_BELOW)


BAR_UNDER_BODY = ("shoulder", "pelvis")  # a bar resting on the upper back, or across the hips (a hip thrust)


def _props(spec: FigureSpec, f: Frame, pen: Pen, *, behind: bool = False) -> str:
    """The equipment in front of the body, or (`behind`) a bar resting on the body, drawn before it: on the upper
    back, or across the hips, where its plate would otherwise hide the glute highlight it works."""
    out: list[str] = []
    for prop in spec.props:
        if (prop.kind is PropKind.BARBELL and prop.at in BAR_UNDER_BODY) != behind:
            continue
        x, y = f.points[prop.at]
        if prop.kind is PropKind.MINI_BAND and isinstance(prop.to, str):
            other = f.points[prop.to]
            if math.dist((x, y), other) < 0.04:
                out.append(f'<circle {pen("band")} cx="{x * SCALE:.1f}" cy="{-y * SCALE:.1f}" r="3.5"/>')
            else:
                out.append(_line([(x, y), other], "band", pen))
        elif prop.kind in (PropKind.LONG_BAND, PropKind.CABLE) and prop.to is not None:
            end = f.points[prop.to] if isinstance(prop.to, str) else prop.to
            out.append(_line([(x, y), end], "band" if prop.kind is PropKind.LONG_BAND else "cable", pen))
        elif prop.kind is PropKind.BARBELL:
            cx, cy = _plate_centre(spec, f, prop.at)
            out.append(
                f'<circle {pen("plate")} cx="{cx * SCALE:.1f}" cy="{-cy * SCALE:.1f}" r="{PLATE_RADIUS * SCALE:.0f}"/>'
            )
        elif prop.kind is PropKind.DUMBBELL:
            out.append(f'<rect {pen("wt")} x="{x * SCALE - 5:.1f}" y="{-y * SCALE - 2.5:.1f}" width="10" height="5"/>')
        elif prop.kind is PropKind.KETTLEBELL:
            out.append(f'<circle {pen("wt")} cx="{x * SCALE:.1f}" cy="{-y * SCALE + 5:.1f}" r="4.5"/>')
    return "".join(out)


def _figure(spec: FigureSpec, f: Frame, pen: Pen) -> str:
    p = f.points
    at = {name: _pt(point) for name, point in p.items()}  # each joint written out once, however many lines meet there
    far_leg = [at["far_hip"], at["far_knee"], at["far_ankle"], at["far_heel"], at["far_toe"], at["far_ankle"]]
    near_leg = [at["near_hip"], at["near_knee"], at["near_ankle"], at["near_heel"], at["near_toe"], at["near_ankle"]]
    far_arm = [at["shoulder"], at["far_elbow"], at["far_hand"]]
    near_arm = [at["shoulder"], at["near_elbow"], at["near_hand"]]
    # From the side the far limbs are drawn pale behind the body. From the front neither side is nearer: the working
    # leg is drawn solid and the other pale (both solid when both work, as a squat's), both arms solid in front.
    # From behind (on hands and knees) both legs and the hips are nearest and solid, the back, arms and head pale
    # beyond them.
    legs = [(far_leg, "fl"), (near_leg, "nl")]
    arms_back, arms_front = [(far_arm, "fa")], [(near_arm, "na")]
    head_look = "hd"
    if spec.view is View.OBLIQUE and spec.working_leg == "far":  # the far leg works: drawn solid, the near pale
        legs = [(near_leg, "fl"), (far_leg, "nl")]
    if spec.view is View.FRONTAL:
        if spec.working_leg == "both" or spec.from_behind:
            legs = [(far_leg, "nl"), (near_leg, "nl")]
        elif spec.working_leg == "far":
            legs = [(near_leg, "fl"), (far_leg, "nl")]
        if spec.from_behind:
            arms_back, arms_front, head_look = [(far_arm, "fa"), (near_arm, "fa")], [], "fh"
        else:
            arms_back, arms_front = [], [(far_arm, "na"), (near_arm, "na")]
    gx, gy = _glute_centre(f, spec)
    heat = _intensity(spec, f.progress)
    glute = (
        f'<ellipse {pen("gl")} cx="{gx * SCALE:.1f}" cy="{-gy * SCALE:.1f}" rx="{GLUTE_RADIUS * SCALE:.1f}" ry="{GLUTE_RADIUS * SCALE:.1f}" '
        f'fill-opacity="{0.2 + 0.8 * heat:.2f}"/>'
    )
    hx, hy = p["head"]
    head = f'<circle {pen(head_look)} cx="{hx * SCALE:.1f}" cy="{-hy * SCALE:.1f}" r="{HEAD_RADIUS * SCALE:.1f}"/>'
    hips = _polyline([at["far_hip"], at["near_hip"]], "tr", pen) if p["far_hip"] != p["near_hip"] else ""
    # tipped forward towards the viewer (the trunk drawn short, seen from in front) the head is the nearest part:
    # drawn over the arms held out beside it, not under them
    head_first = spec.view is not View.FRONTAL or seen_as(f.depth, "near", "trunk") >= TIPPED_TOWARDS
    return "".join(
        (
            _props(spec, f, pen, behind=True),
            *(_polyline(points, cls, pen) for points, cls in arms_back),
            head if spec.from_behind else "",
            _polyline(legs[0][0], legs[0][1], pen),
            _back(f, "tb" if spec.from_behind and spec.view is View.FRONTAL else "tr", pen),
            hips,
            head if head_first and not spec.from_behind else "",
            glute,
            _polyline(legs[1][0], legs[1][1], pen),
            *(_polyline(points, cls, pen) for points, cls in arms_front),
            "" if head_first or spec.from_behind else head,
            _props(spec, f, pen),
            _arrow(spec, f, pen),
        )
    )


def _surface(s: Surface, box: tuple[float, float, float, float], pen: Pen) -> str:
    x0, _y0, x1, _y1 = box
    if s.kind is SurfaceKind.FLOOR:
        return _line([(x0, 0.0), (x1, 0.0)], "gd", pen)
    if s.kind is SurfaceKind.WALL:
        return _line([(s.x0, 0.0), (s.x0, WALL_HEIGHT)], "gd", pen)
    w, h = (s.x1 - s.x0) * SCALE, s.height * SCALE
    return f'<rect {pen("bk")} x="{s.x0 * SCALE:.1f}" y="{-s.height * SCALE:.1f}" width="{w:.1f}" height="{h:.1f}"/>'


MARGIN = 0.06  # body heights of room around the figure's own extent
GROUND = -0.05  # the bottom of every drawing: the floor line and a little below it always show


def _bounds(frames: list[Frame], spec: FigureSpec) -> tuple[float, float, float, float]:
    """The drawing's box (x0, y0, x1, y1 in body heights): the figure's own extent over all its frames, everything
    drawn with it (the head's circle, surfaces, a pad, a band's anchor, a bar's plate, the arrow) and a margin round
    it, the floor kept at the bottom. Each figure fills its own box, so a small one is not lost in a wide frame; the
    oblique view's patch of floor runs out under the box's edges (on hands and knees, seen from behind, it is wider
    than the figure)."""
    xs: list[float] = []
    ys: list[float] = []
    frames = list({id(f): f for f in frames}.values())  # a pose held or repeated reaches no further the second time

    def reach(x: float, y: float, r: float = 0.0) -> None:
        xs.extend((x - r, x + r))
        ys.extend((y - r, y + r))

    for f in frames:
        for name, (x, y) in f.points.items():
            reach(x, y, HEAD_RADIUS if name == "head" else 0.0)
        for prop in spec.props:
            if prop.kind is PropKind.BARBELL:
                reach(*_plate_centre(spec, f, prop.at), PLATE_RADIUS)
        reach(*_glute_centre(f, spec), GLUTE_RADIUS)
        if spec.arrow is not None:
            x, y = f.points[spec.arrow.at]
            a = math.radians(spec.arrow.degrees)
            reach(x - math.cos(a) * ARROW_TAIL, y - math.sin(a) * ARROW_TAIL)
    for s in spec.surfaces:
        if spec.view is View.OBLIQUE:
            break  # the oblique view draws a patch of floor under the figure, no other surface
        if s.kind in (SurfaceKind.BENCH, SurfaceKind.STEP):
            reach(s.x0, s.height)
            reach(s.x1, 0.0)
        elif s.kind is SurfaceKind.WALL:
            reach(s.x0, WALL_HEIGHT)
    if spec.pad is not None:
        reach(*spec.pad[0])
        reach(*spec.pad[1])
    for prop in spec.props:
        if isinstance(prop.to, tuple):
            reach(*prop.to)
    return (min(xs) - MARGIN, min(min(ys) - MARGIN, GROUND), max(xs) + MARGIN, max(ys) + MARGIN)


def fit(box: tuple[float, float, float, float], width: int, height: int) -> tuple[int, int]:
    """The drawing's size in pixels: as large as fits in width x height, keeping the box's proportions."""
    x0, y0, x1, y1 = box
    ratio = (y1 - y0) / (x1 - x0)
    if width * ratio <= height:
        return width, max(round(width * ratio), 1)
    return max(round(height / ratio), 1), height


# How each part is painted, said once: as CSS classes on the page, as attributes in print (a PDF reads no CSS).
LOOK: dict[str, dict[str, str]] = {
    "fl": {"stroke": _FAR, "stroke-width": "4.5"},
    "fa": {"stroke": _FAR, "stroke-width": "3.2"},
    "nl": {"stroke": _NEAR, "stroke-width": "4.5"},
    "na": {"stroke": _NEAR, "stroke-width": "3.2"},
    "tr": {"stroke": _NEAR, "stroke-width": "7"},
    "tb": {"stroke": _FAR, "stroke-width": "7"},  # the back running away from the viewer (seen from behind)
    "hd": {"fill": _NEAR},
    "fh": {"fill": _FAR},
    "gl": {"fill": _GLUTE},
    "band": {"stroke": _PROP, "stroke-width": "2", "fill": "none"},
    "cable": {"stroke": "#555555", "stroke-width": "1"},
    "plate": {"fill": "#80868d"},  # lighter than the body, so a head or hip in front of it shows
    "wt": {"fill": "#4a4a4a"},
    "gd": {"stroke": _GROUND, "stroke-width": "2"},
    "bk": {"fill": _BLOCK},
    "fp": {"fill": _BLOCK, "stroke": _GROUND, "stroke-width": "1"},  # the oblique view's floor
    "pd": {"stroke": _GROUND, "stroke-width": "11"},
    "pp": {"stroke": _GROUND, "stroke-width": "5"},
    "ar": {"stroke": _ARROW, "stroke-width": "2"},
    "ah": {"fill": _ARROW},
    # "this, not this": the parts that differ between the two, drawn over the body in the page's own colours for
    # each (the pair's borders: the accent and the fault's red), so the difference reads at a thumbnail's size
    "ok": {"stroke": _RIGHT, "stroke-width": "5"},
    "bad": {"stroke": _WRONG, "stroke-width": "5"},
}
_LINE = {"fill": "none", "stroke-linecap": "round", "stroke-linejoin": "round"}
STYLE = "polyline{fill:none;stroke-linecap:round;stroke-linejoin:round}" + "".join(
    f".{name}{{{';'.join(f'{k}:{v}' for k, v in look.items())}}}" for name, look in LOOK.items()
)


@dataclass(frozen=True, slots=True)
class Pen:
    """Writes a part's look: its class (`inline` False) or its own attributes (`inline` True, for print)."""

    inline: bool = False

    def __call__(self, name: str, *, line: bool = False) -> str:
        if not self.inline:
            return f'class="{name}"'
        look = {**(_LINE if line else {}), **LOOK[name]}
        return " ".join(f'{k}="{v}"' for k, v in look.items())


def alt_text(spec: FigureSpec, name: str) -> str:
    side = (
        spec.seen_from
        or {
            View.SAGITTAL: "from the side",
            View.FRONTAL: "from the front",
            View.OBLIQUE: "from above and behind" if spec.from_behind else "from above and in front",
        }[spec.view]
    )
    steps = ", then ".join(k.label for k in spec.keyframes)
    return f"{name}, shown {side}: {steps}."


@dataclass(frozen=True, slots=True)
class Rendered:
    animated: Drawing  # the movement, with the still pair for reduced motion
    still: Drawing  # the still pair alone (thumbnails)
    printed: Drawing  # the still pair with its look written on each part, no CSS (a PDF)


def render(spec: FigureSpec, name: str, timing: Timing, *, width: int = 240, height: int | None = None) -> Rendered:
    """The figure as SVG, moving and still, from one set of worked-out frames, as large as fits in width x height
    (a square when no height is given)."""
    progress = timeline(timing, STEPS)
    made: dict[float, Frame] = {}  # a hold or a pause repeats a pose: work each one out once
    for t in (0.0, 1.0, *progress):
        if t not in made:
            made[t] = frame(spec, t)
    floor = _floor(spec, list(made.values()))
    made = {t: _drawn(spec, f) for t, f in made.items()}
    frames = [made[t] for t in progress]
    start, end = made[0.0], made[1.0]
    box = _bounds([*frames, start, end], spec)
    alt = alt_text(spec, name)
    size = fit(box, width, width if height is None else height)
    # CSS inside inline SVG applies to the whole page: every drawing gets its own class and ids
    uid = _uid(spec.exercise_id)
    memo: dict[tuple[int, Pen], str] = {}  # the start and end, drawn alike in the moving and the still drawing
    moving = _svg(
        spec,
        box,
        size,
        alt,
        animated=(progress, frames, timing),
        start=start,
        end=end,
        uid=uid,
        floor=floor,
        memo=memo,
    )
    still = _svg(spec, box, size, alt, animated=None, start=start, end=end, uid=f"{uid}-still", floor=floor, memo=memo)
    printed = _svg(
        spec,
        box,
        size,
        alt,
        animated=None,
        start=start,
        end=end,
        uid=f"{uid}-print",
        pen=Pen(True),
        titled=False,
        floor=floor,
    )
    return Rendered(*(Drawing(svg, alt, *size) for svg in (moving, still, printed)))


def _svg(
    spec: FigureSpec,
    box: tuple[float, float, float, float],
    size: tuple[int, int],
    alt: str,
    *,
    animated: tuple[list[float], list[Frame], Timing] | None,
    start: Frame,
    end: Frame,
    uid: str,
    pen: Pen = Pen(),
    titled: bool = True,
    floor: list[list[Point]] | None = None,
    memo: dict[tuple[int, Pen], str] | None = None,
    marks: str = "",
) -> str:
    """`memo`: the figures already drawn, by frame (its id, the frames alive meanwhile) and pen, to draw each once;
    `marks`: drawn over everything (the parts a fault pair differs in)."""
    figures = {} if memo is None else memo

    def figure(f: Frame) -> str:
        if (id(f), pen) not in figures:
            figures[id(f), pen] = _figure(spec, f, pen)
        return figures[id(f), pen]

    x0, y0, x1, y1 = box
    vb = f"{x0 * SCALE:.1f} {-y1 * SCALE:.1f} {(x1 - x0) * SCALE:.1f} {(y1 - y0) * SCALE:.1f}"
    width, height = size
    style = STYLE
    if floor is not None:  # the oblique view: a patch of floor seen from above at an angle, cut at the box's edges
        # (an SVG placed in a PDF is not clipped to its viewBox)
        body: list[str] = [
            f'<polygon {pen("fp")} points="{" ".join(_pt(p) for p in _clip(polygon, box))}"/>' for polygon in floor
        ]
    else:
        body = [_surface(s, box, pen) for s in spec.surfaces]
    if spec.pad is not None:  # a sloping pad on a post from its middle to the floor
        (ax, ay), (bx, by) = spec.pad
        middle = ((ax + bx) / 2, (ay + by) / 2)
        body.append(_line([middle, (middle[0], 0.0)], "pp", pen) + _line([(ax, ay), (bx, by)], "pd", pen))
    if animated is not None:
        progress, frames, timing = animated
        total = timing.total
        step = total / STEPS
        shown = 100.0 / STEPS
        style += (
            f".{uid} .f{{opacity:0;animation:gx{STEPS} {total:.2f}s linear infinite}}"
            f"@keyframes gx{STEPS}{{0%,{shown:.2f}%{{opacity:1}}{shown + 0.01:.2f}%,100%{{opacity:0}}}}"
            f".{uid} .s{{display:none}}"
            f"@media (prefers-reduced-motion:reduce){{.{uid} .f{{display:none}}.{uid} .s{{display:inline}}}}"
        )
        drawn: dict[float, str] = {}
        for i, (t, f) in enumerate(zip(progress, frames, strict=True)):
            delay = -(STEPS - i) * step
            key = round(t, 4)
            opening = f'<g class="f" style="animation-delay:{delay:.2f}s">'
            if key in drawn:  # the same pose again (a hold or a pause): point at the first drawing of it
                body.append(f'{opening}<use href="#{drawn[key]}"/></g>')
                continue
            fid = f"{uid}-{i}"
            drawn[key] = fid
            body.append(f'{opening}<g id="{fid}">{figure(f)}</g></g>')
    body.append(f'<g class="s"><g opacity="0.35">{figure(start)}</g>{figure(end)}{marks}</g>')
    # a drawing with its look on each part (print, or inline in a page) carries no <style>
    style_sheet = "" if pen.inline else f"<style>{style}</style>"
    head = (f'<title id="{uid}-t">{escape(alt)}</title>' if titled else "") + style_sheet  # a PDF reads no title
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gx-figure {uid}" viewBox="{vb}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{uid}-t">'
        f"{head}{''.join(body)}</svg>"
    )


@dataclass(frozen=True, slots=True)
class FaultPair:
    """'This, not this': the end position done well and done wrong, drawn alike for comparing side by side."""

    fault: Fault
    this: Drawing
    not_this: Drawing


def fault_pairs(spec: FigureSpec, name: str, *, width: int = 160) -> tuple[FaultPair, ...]:
    """One pair per fault the figure draws; each drawing is a single still position at the same scale."""
    out = []
    for fault in spec.faults:
        own = fault.figure or spec  # a fault drawn in a view of its own (knees caving in: from the front)
        wrong = replace(own, keyframes=(own.start, fault.keyframe))
        good3, bad3 = frame(own, 1.0), frame(wrong, 1.0)
        floor = _floor(own, [good3, bad3])
        good, bad = _drawn(own, good3), _drawn(own, bad3)
        box = _bounds([good, bad], own)
        changed = [
            (a, b)
            for a, b in _changed(own.end.pose, fault.keyframe.pose, own.planted)
            if good.points[a] != good.points[b]
        ]
        height = round(width * (box[3] - box[1]) / (box[2] - box[0]))
        drawings = []
        # The good side names the fault it stands against: an exercise with two faults shows its good end position
        # twice on one page, and a screen reader should not hear the same sentence twice.
        this_alt = f"{name}, this: {own.end.label}; not: {fault.keyframe.label}."
        not_this_alt = f"{name}, not this: {fault.keyframe.label}."
        for which, shown, alt, look in (("this", good, this_alt, "ok"), ("not-this", bad, not_this_alt, "bad")):
            uid = _uid(spec.exercise_id, fault.fault.value, which)
            # drawn inline in a page, whose content security policy allows no inline <style>: attributes instead
            svg = _svg(
                own,
                box,
                (width, height),
                alt,
                animated=None,
                start=shown,
                end=shown,
                uid=uid,
                pen=Pen(True),
                floor=floor,
                marks="".join(
                    _back(shown, look, Pen(True))
                    if (a, b) == ("pelvis", "shoulder")
                    else _line([shown.points[a], shown.points[b]], look, Pen(True))
                    for a, b in changed
                ),
            )
            drawings.append(Drawing(svg, alt, width, height))
        out.append(FaultPair(fault.fault, drawings[0], drawings[1]))
    return tuple(out)


# "This, not this" marks the parts the position done wrong changes: each angle its keyframe gives differently (by
# MARKED degrees or more) marks the segments it turns. A segment that moves only because another did (an arm whose
# hand stays on the floor while the body rolls over it) is not marked: it is not what is done wrong.
MARKED = 5.0
_TURNS: dict[str, tuple[tuple[str, str], ...]] = {
    "trunk": (("pelvis", "shoulder"),),
    "spine": (("pelvis", "shoulder"),),  # the whole back, along its curve
    "turn": (("pelvis", "shoulder"), ("far_hip", "near_hip")),
    # the pelvis tipped sideways tips the thighs that hang from it (a planted one stays where it is in the world)
    "tilt": (("far_hip", "near_hip"), ("near_hip", "near_knee"), ("far_hip", "far_knee")),
    **{
        f"{side}_{angle}": segments
        for side in ("near", "far")
        for angle, segments in (
            ("hip", ((f"{side}_hip", f"{side}_knee"),)),
            ("hip_abduction", ((f"{side}_hip", f"{side}_knee"),)),
            ("hip_rotation", ((f"{side}_hip", f"{side}_knee"),)),
            ("knee", ((f"{side}_knee", f"{side}_ankle"),)),
            ("knee_swing", ((f"{side}_hip", f"{side}_knee"), (f"{side}_knee", f"{side}_ankle"))),
            ("shoulder", (("shoulder", f"{side}_elbow"),)),
            ("shoulder_abduction", (("shoulder", f"{side}_elbow"),)),
            ("elbow", ((f"{side}_elbow", f"{side}_hand"),)),
        )
    },
}


def _changed(right: Pose, wrong: Pose, planted: tuple[str, ...] = ()) -> tuple[tuple[str, str], ...]:
    """The segments the position done wrong (`wrong`) turns from the one done well (`right`); a `planted` leg's thigh
    stays where it is in the world whatever its hip angles become as the body moves over it (skeleton.planted)."""
    out: dict[tuple[str, str], None] = {}
    given = wrong.angles()
    for name, value in right.angles().items():
        if abs(given[name] - value) >= MARKED:
            out |= dict.fromkeys(_TURNS.get(name, ()))
    held = {(f"{side}_hip", f"{side}_knee") for side in planted}
    return tuple(segment for segment in out if segment not in held)


def _uid(*parts: str) -> str:
    """A class and id prefix for one drawing, unique on a page: gx-glute-bridge-lower-back-this."""
    return "gx-" + "-".join(p.replace("_", "-") for p in parts)
