"""What a demonstration figure is made of: the view, the keyframes, the contacts, the equipment and the timing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from gluterx.domain.exercise import Fault
from gluterx.domain.figures.skeleton import OBLIQUE, Camera, Pose


class View(StrEnum):
    """The plane the figure is drawn in: from the side (sagittal) or from the front or above (frontal); or, oblique,
    the body in three dimensions seen from a fixed camera turned towards its front (or back) and looking down."""

    SAGITTAL = "sagittal"
    FRONTAL = "frontal"
    OBLIQUE = "oblique"


class SurfaceKind(StrEnum):
    FLOOR = "floor"
    BENCH = "bench"
    STEP = "step"
    WALL = "wall"


@dataclass(frozen=True, slots=True)
class Surface:
    """Something the body rests on: a horizontal top at `height` from `x0` to `x1`, or a wall at x = `x0`."""

    kind: SurfaceKind
    height: float = 0.0
    x0: float = -10.0
    x1: float = 10.0

    def gap(self, point: tuple[float, float]) -> float:
        """How far `point` is from this surface (0 when on it)."""
        x, y = point
        if self.kind is SurfaceKind.WALL:
            return abs(x - self.x0)
        outside = max(self.x0 - x, x - self.x1, 0.0)
        return abs(y - self.height) + outside

    def is_solid_at(self, point: tuple[float, float], tolerance: float) -> bool:
        """True when `point` is inside the surface's block (below its top, within its length)."""
        x, y = point
        if self.kind is SurfaceKind.WALL:
            return False
        if self.kind is SurfaceKind.FLOOR:
            return y < -tolerance
        return self.x0 + tolerance < x < self.x1 - tolerance and y < self.height - tolerance


@dataclass(frozen=True, slots=True)
class Contact:
    """A body point (skeleton.POINTS) that stays on a surface in every frame."""

    point: str
    surface: Surface


class PropKind(StrEnum):
    MINI_BAND = "mini_band"  # a loop between two body points (knees or ankles)
    LONG_BAND = "long_band"  # a band from a body point to a fixed anchor
    CABLE = "cable"  # a cable from a body point to the machine's pulley
    BARBELL = "barbell"  # a bar (seen end-on) at a body point
    DUMBBELL = "dumbbell"
    KETTLEBELL = "kettlebell"


@dataclass(frozen=True, slots=True)
class Prop:
    kind: PropKind
    at: str  # a body point
    to: str | tuple[float, float] | None = None  # the other end: a body point or a fixed anchor


@dataclass(frozen=True, slots=True)
class Keyframe:
    name: str  # "start", "end", or a middle position that matters
    label: str  # in plain words, for the text alternative: "hips lifted"
    pose: Pose
    rise: float = 0.0  # the whole body lifted off its anchor (a jump), in body heights
    travel: float = 0.0  # the whole body moved forward (a jump or a step), in body heights
    # segments foreshortened in this position only (the figure's `depth` elsewhere), blended between keyframes: a
    # thigh turning out towards the viewer is drawn longer as it turns (the clamshell's top knee opening)
    depth: Mapping[str, float] | None = None


@dataclass(frozen=True, slots=True)
class Anchor:
    """The body point that stays put: placed at x = `x` on `surface` (or exactly at `y` when given)."""

    point: str
    x: float
    surface: Surface
    y: float | None = None


@dataclass(frozen=True, slots=True)
class Solve:
    """Close a chain: adjust `angle` (a Pose.angles() name) in every frame so that `point` lies on `surface`."""

    angle: str
    point: str
    surface: Surface


@dataclass(frozen=True, slots=True)
class Arrow:
    """The direction of load: an arrow at a body point, pointing at `degrees` (0 = +x, 90 = up)."""

    at: str
    degrees: float


@dataclass(frozen=True, slots=True)
class Timing:
    """Seconds for each phase of one repetition (from the exercise's tempo)."""

    move: float  # start to end
    hold: float  # at the end
    back: float  # end to start
    rest: float  # at the start

    @property
    def total(self) -> float:
        return self.move + self.hold + self.back + self.rest


@dataclass(frozen=True, slots=True)
class FaultPose:
    """A fault the library describes (exercise.faults), drawn: the end position as it looks when done wrong.

    With `figure`, the fault is drawn in a view of its own (a squat's knees caving in shows only from the front): that
    figure's end position is the one done well, and `keyframe` is it done wrong.
    """

    fault: Fault
    keyframe: Keyframe  # its label says what is wrong, in plain words
    figure: FigureSpec | None = None


@dataclass(frozen=True)
class FigureSpec:
    exercise_id: str
    view: View
    facing: int
    keyframes: tuple[Keyframe, ...]
    anchor: Anchor
    contacts: tuple[Contact, ...]
    surfaces: tuple[Surface, ...]
    props: tuple[Prop, ...]
    # when the glutes work hardest, 0 (the start) to 1 (the end): a keyframe's place in the movement (a bridge's
    # top at the end, a hinge drill's standing tall at the start, a squat jump's dip between)
    peak: float
    arrow: Arrow | None
    solves: tuple[Solve, ...]
    working_leg: str  # "near", "far" or "both"
    extra: Mapping[str, str] | None = None
    depth: Mapping[str, float] | None = None  # foreshortened segments (skeleton.body_points)
    seen_from: str = ""  # overrides "from the side" / "from the front" in the text alternative
    # drawn from behind (on hands and knees): the legs are nearest the viewer, the arms and head beyond the body
    from_behind: bool = False
    # a sloping pad (a 45-degree back-extension bench) from one point to the other, on a post to the floor: drawn
    # as equipment the body leans on, not a surface the checks hold it to
    pad: tuple[tuple[float, float], tuple[float, float]] | None = None
    faults: tuple[FaultPose, ...] = ()  # "this, not this": the end position done wrong, where the library says how
    # the oblique view: the legs ("near", "far") that stay where they are at the start while the body turns, leans or
    # tips over them (skeleton.planted): a standing leg, its foot planted; their hip angles are worked out every frame
    planted: tuple[str, ...] = ()
    # the faults the library describes that are not drawn, each with why not ("advice on tempo, no posture")
    undrawn: Mapping[Fault, str] | None = None
    # the oblique view's camera (turned from the side towards the front, looking down; skeleton.project): a body
    # lying on its side seen from above, its own sagittal plane nearly the picture's
    camera: Camera = OBLIQUE

    @property
    def start(self) -> Keyframe:
        return self.keyframes[0]

    @property
    def end(self) -> Keyframe:
        return self.keyframes[-1]
