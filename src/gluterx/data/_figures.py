"""The demonstration figures (data/figures.yaml): read, validated, and checked for plausibility on load.

docs/library-format.md ("Figures") documents the format.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from gluterx.data._loader import LibraryError, _read_yaml, _validate, library_dir
from gluterx.domain.exercise import Exercise, Fault, Library
from gluterx.domain.figures.checks import figure_problems
from gluterx.domain.figures.skeleton import OBLIQUE, POINTS, Arm, Leg, Pose, planted
from gluterx.domain.figures.spec import (
    Anchor,
    Arrow,
    Contact,
    FaultPose,
    FigureSpec,
    Keyframe,
    Prop,
    PropKind,
    Solve,
    Surface,
    SurfaceKind,
    View,
)

# Standard heights (body heights): a weight bench about 43 cm and a stair step about 18 cm for a 1.75 m person.
BENCH_HEIGHT = 0.245
STEP_HEIGHT = 0.105

BodyPoint = Literal[
    "pelvis", "near_hip", "far_hip", "shoulder", "waist", "head", "near_knee", "near_ankle", "near_heel", "near_toe",
    "far_knee", "far_ankle", "far_heel", "far_toe", "near_elbow", "near_hand", "far_elbow", "far_hand",
]  # fmt: skip
assert set(BodyPoint.__args__) == set(POINTS)  # type: ignore[attr-defined]  # noqa: S101 - kept in step
SurfaceName = Literal["floor", "bench", "step", "wall"]
Angle = Annotated[float, Field(ge=-180, le=180)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# Segments drawn shorter (skeleton.body_points): for both sides, or one side's own (`near_thigh`)
DepthKey = Literal[
    "trunk", "neck", "thigh", "shank", "foot", "upper_arm", "forearm",
    "near_thigh", "near_shank", "near_foot", "near_upper_arm", "near_forearm",
    "far_thigh", "far_shank", "far_foot", "far_upper_arm", "far_forearm",
]  # fmt: skip
Depth = dict[DepthKey, Annotated[float, Field(ge=0.1, le=1)]]


class KeyframeEntry(_Strict):
    name: Annotated[str, Field(pattern=r"^[a-z_]+$")]
    label: Annotated[str, Field(min_length=3, max_length=120)]
    rise: Annotated[float, Field(ge=0, le=0.5)] = 0.0
    travel: Annotated[float, Field(ge=-1, le=1)] = 0.0
    depth: Depth | None = None  # this position's own foreshortening, blended from and to the next
    trunk: Angle = 0.0
    neck: Angle = 0.0
    hip: Angle = 0.0
    knee: Angle = 0.0
    ankle: Angle = 0.0
    shoulder: Angle = 0.0
    elbow: Angle = 0.0
    near_hip: Angle | None = None
    near_knee: Angle | None = None
    near_ankle: Angle | None = None
    far_hip: Angle | None = None
    far_knee: Angle | None = None
    far_ankle: Angle | None = None
    near_shoulder: Angle | None = None
    near_elbow: Angle | None = None
    far_shoulder: Angle | None = None
    far_elbow: Angle | None = None
    # the oblique view only (three dimensions): the body turned about the vertical, each thigh out from the midline
    # and turned about its length, each arm out to the side
    turn: Angle = 0.0
    tilt: Annotated[float, Field(ge=-90, le=90)] = 0.0  # the pelvis tipped sideways, the near hip down (+)
    # the back's curve: rounding (flexion) +, arching (extension) -; a side or oblique view only
    spine: Annotated[float, Field(ge=-90, le=90)] = 0.0
    hip_abduction: Angle = 0.0
    hip_rotation: Angle = 0.0
    shoulder_abduction: Angle = 0.0
    near_hip_abduction: Angle | None = None
    far_hip_abduction: Angle | None = None
    near_hip_rotation: Angle | None = None
    far_hip_rotation: Angle | None = None
    near_shoulder_abduction: Angle | None = None
    far_shoulder_abduction: Angle | None = None

    def pose(self) -> Pose:
        def pick(side: str, joint: str) -> float:
            own = getattr(self, f"{side}_{joint}")
            return float(own if own is not None else getattr(self, joint))

        def leg(side: str) -> Leg:
            return Leg(
                pick(side, "hip"),
                pick(side, "knee"),
                pick(side, "ankle"),
                pick(side, "hip_abduction"),
                pick(side, "hip_rotation"),
            )

        def arm(side: str) -> Arm:
            return Arm(pick(side, "shoulder"), pick(side, "elbow"), pick(side, "shoulder_abduction"))

        return Pose(
            self.trunk, leg("near"), leg("far"), arm("near"), arm("far"), self.neck, self.turn, self.tilt, self.spine
        )

    def three_d(self) -> list[str]:
        """The oblique view's own fields given here (a flat view has no third dimension to put them in)."""
        return sorted(k for k in self.model_fields_set if k in _THREE_D)


_THREE_D = frozenset(
    name
    for name in KeyframeEntry.model_fields
    if name in ("turn", "tilt") or name.endswith(("_abduction", "_rotation"))
)


class AnchorEntry(_Strict):
    point: BodyPoint
    x: float = 0.0
    surface: SurfaceName = "floor"
    y: float | None = None


class SolveEntry(_Strict):
    angle: Annotated[
        str,
        Field(
            pattern=r"^(trunk|neck|turn|tilt|(near|far)_(hip|knee|ankle|shoulder|elbow"
            r"|hip_abduction|hip_rotation|shoulder_abduction))$"
        ),
    ]
    point: BodyPoint
    surface: SurfaceName = "floor"


class PropEntry(_Strict):
    kind: PropKind
    at: BodyPoint
    to: BodyPoint | tuple[float, float] | None = None


class ArrowEntry(_Strict):
    at: BodyPoint
    degrees: Annotated[float, Field(ge=-360, le=360)]


class CameraEntry(_Strict):
    """The oblique view's camera (skeleton.project): turned from the side towards the figure's front, and looking
    down (90: straight down). A body lying on its side is seen from above (`{turn: 0, down: 65}`)."""

    turn: Annotated[float, Field(ge=-90, le=90)]
    down: Annotated[float, Field(ge=0, le=90)]


class FigureEntry(_Strict):
    exercise: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    like: str | None = None  # another figure's id: take everything from it, then apply the fields given here
    view: View | None = None
    facing: Literal[1, -1] | None = None
    bench: tuple[float, float] | tuple[float, float, float] | None = None  # x from, x to (, height)
    step: tuple[float, float] | None = None
    wall: float | None = None
    anchor: AnchorEntry | None = None
    solve: list[SolveEntry] | None = None
    contacts: dict[BodyPoint, SurfaceName] | None = None
    props: list[PropEntry] | None = None
    peak: Annotated[str, Field(pattern=r"^[a-z_]+$")] | None = None  # the keyframe where the glutes work hardest
    arrow: ArrowEntry | None = None
    working_leg: Literal["near", "far", "both"] | None = None
    hip_plane: Literal["abduction", "rotation"] | None = None
    depth: Depth | None = None
    seen_from: Annotated[str, Field(min_length=3, max_length=60)] | None = None
    from_behind: bool | None = None  # a frontal view from behind: the legs nearest, the arms and head beyond the body
    pad: tuple[tuple[float, float], tuple[float, float]] | None = None  # a sloping pad: [[x, y], [x, y]]
    # the oblique view: the legs that stay where they are while the body turns on them (their hip angles worked out)
    planted: Literal["near", "far", "both"] | None = None
    camera: CameraEntry | None = None  # the oblique view's own camera (a body lying on its side, seen from above)
    keyframes: list[KeyframeEntry] | None = Field(default=None, min_length=1, max_length=4)
    # "this, not this": per fault the library describes, the end keyframe's fields that change when done wrong
    # (a `label` saying what is wrong, and the angles that differ)
    faults: dict[Fault, dict[str, Any]] | None = None
    # the library's faults this figure does not draw, each with why not in plain words ("advice on tempo, no
    # posture"): every fault of the exercise is either drawn (`faults`) or named here
    undrawn: dict[Fault, Annotated[str, Field(min_length=3, max_length=120)]] | None = None


class FaultViewEntry(_Strict):
    """A fault drawn in a view of its own (a squat's knees caving in shows only from the front): the position done
    well (`this`) and done wrong (`not_this`), each a keyframe's fields without a name, and how that view is set up
    (as a figure's fields)."""

    view: View
    facing: Literal[1, -1] | None = None
    bench: tuple[float, float] | tuple[float, float, float] | None = None  # x from, x to (, height)
    step: tuple[float, float] | None = None
    pad: tuple[tuple[float, float], tuple[float, float]] | None = None  # a sloping pad, as the figure's
    anchor: AnchorEntry
    solve: list[SolveEntry] | None = None
    contacts: dict[BodyPoint, SurfaceName] | None = None
    props: list[PropEntry] | None = None
    depth: Depth | None = None
    working_leg: Literal["near", "far", "both"] | None = None  # drawn solid (the other pale); both by default
    camera: CameraEntry | None = None  # the oblique view's own camera (a body lying on its side, seen from above)
    this: dict[str, Any]
    not_this: dict[str, Any]


class FiguresFile(_Strict):
    version: Literal[1]
    figures: list[dict[str, Any]]  # each checked on its own, so every bad entry is named at once


_FIELDS = tuple(name for name in FigureEntry.model_fields if name not in ("exercise", "like"))
_REQUIRED = ("view", "anchor", "keyframes")


def _resolve(entry: FigureEntry, by_id: dict[str, FigureEntry], seen: tuple[str, ...] = ()) -> dict[str, Any]:
    if entry.like is None:
        base: dict[str, Any] = {}
    elif entry.like in seen or entry.like not in by_id:
        raise KeyError(entry.like)
    else:
        base = _resolve(by_id[entry.like], by_id, (*seen, entry.exercise))
    # a field given as null takes away what `like` brought (`bench: null`: the same figure without the box)
    given = {name: getattr(entry, name) for name in _FIELDS if name in entry.model_fields_set}
    # faults, drawn or not, are inherited region by region: a region this figure gives (in either) replaces the
    # inherited one, and an inherited fault is drawn on this figure's own end position
    own = {*(entry.faults or {}), *(entry.undrawn or {})}
    for name in ("faults", "undrawn"):
        if name in given and given[name] is not None:
            inherited = {k: v for k, v in (base.get(name) or {}).items() if k not in own}
            given[name] = {**inherited, **given[name]}
        elif base.get(name):
            given[name] = {k: v for k, v in base[name].items() if k not in own}
    return {k: v for k, v in {**base, **given}.items() if v is not None}


def _surfaces(fields: dict[str, Any]) -> dict[str, Surface]:
    out = {"floor": Surface(SurfaceKind.FLOOR)}
    if fields.get("bench"):
        x0, x1, *height = fields["bench"]
        out["bench"] = Surface(SurfaceKind.BENCH, height[0] if height else BENCH_HEIGHT, x0, x1)
    if fields.get("step"):
        out["step"] = Surface(SurfaceKind.STEP, STEP_HEIGHT, *fields["step"])
    if fields.get("wall") is not None:
        out["wall"] = Surface(SurfaceKind.WALL, 0.0, fields["wall"], fields["wall"])
    return out


FRONTAL_FOOT = 0.3  # seen from the front, a foot points at the viewer: drawn short unless the figure says otherwise


def _keyframe(k: KeyframeEntry) -> Keyframe:
    return Keyframe(k.name, k.label, k.pose(), k.rise, k.travel, _own_depth(k))


def _own_depth(k: KeyframeEntry) -> dict[str, float] | None:
    return {str(name): value for name, value in k.depth.items()} if k.depth else None


def _depth(fields: dict[str, Any]) -> dict[str, float] | None:
    given = dict(fields.get("depth") or {})
    if fields["view"] is View.FRONTAL:
        given.setdefault("foot", FRONTAL_FOOT)
    return given or None


def _fault_poses(fields: dict[str, Any], exercise: Exercise, where: str, problems: list[str]) -> tuple[FaultPose, ...]:
    """Each drawn fault: the end keyframe with the fields the fault changes (it must be one the library describes)."""
    out = []
    end: KeyframeEntry = fields["keyframes"][-1]
    for fault, changes in (fields.get("faults") or {}).items():
        if fault not in exercise.faults:
            problems.append(f"{where}: faults.{fault.value}: the exercise has no advice for this fault to illustrate")
            continue
        if "view" in changes:
            drawn = _fault_view(fault, changes, exercise, f"{where}: faults.{fault.value}", problems)
            if drawn is not None:
                out.append(drawn)
            continue
        if "label" not in changes:
            problems.append(f"{where}: faults.{fault.value}: give a `label` saying what is wrong, in plain words")
            continue
        # the end keyframe done wrong: all of it (a jump's fault in the air as its end is) but what the fault changes
        wrong = {**end.model_dump(), **changes, "name": f"not_{fault.value}"}
        entry = _validate(KeyframeEntry, wrong, f"{where}: faults.{fault.value}", problems)
        if entry is not None:
            out.append(FaultPose(fault, _keyframe(entry)))
    return tuple(out)


def _coverage_problems(entry: FigureEntry, fields: dict[str, Any], exercise: Exercise, where: str) -> list[str]:
    """Every fault the library describes for the exercise is drawn or declared not drawable, never both."""
    out = [
        f"{where}: faults.{fault.value} and undrawn.{fault.value}: a fault is either drawn or said not to be "
        "drawable; remove one"
        for fault in Fault
        if fault in (entry.faults or {}) and fault in (entry.undrawn or {})
    ]
    drawn, undrawn = fields.get("faults") or {}, fields.get("undrawn") or {}
    out.extend(
        f"{where}: undrawn.{fault.value}: the exercise has no advice for this fault; remove it"
        for fault in undrawn
        if fault not in exercise.faults
    )
    out.extend(
        f"{where}: faults.{fault.value}: the exercise gives advice for it but the figure neither draws it "
        f"(faults.{fault.value}) nor says why not (undrawn.{fault.value}: a short reason)"
        for fault in exercise.faults
        if fault not in drawn and fault not in undrawn
    )
    return out


def _fault_view(
    fault: Fault, raw: dict[str, Any], exercise: Exercise, where: str, problems: list[str]
) -> FaultPose | None:
    """A fault with a view of its own: a one-position figure done well, and the keyframe done wrong."""
    entry = _validate(FaultViewEntry, raw, where, problems)
    if entry is None:
        return None
    this = _validate(KeyframeEntry, {"name": "start", **entry.this}, f"{where}: this", problems)
    wrong = _validate(KeyframeEntry, {"name": f"not_{fault.value}", **entry.not_this}, f"{where}: not_this", problems)
    if this is None or wrong is None:
        return None
    fields = {k: v for k, v in entry.model_dump(exclude={"this", "not_this"}).items() if v is not None}
    fields |= {
        "view": entry.view,
        "anchor": entry.anchor,
        "solve": entry.solve,
        "props": entry.props,
        "camera": entry.camera,
        "keyframes": [this],
    }
    figure = _spec(exercise.id, fields, exercise, problems, where=where)
    return None if figure is None else FaultPose(fault, _keyframe(wrong), figure)


def _peak(name: str | None, keys: tuple[Keyframe, ...], where: str, problems: list[str]) -> float:
    """The moment the glutes work hardest (0 the start .. 1 the end): the named keyframe's place (the end unless
    named); a name that is none of the figure's keyframes is a problem."""
    names = [k.name for k in keys]
    if name is None or len(keys) == 1:
        return 1.0
    if name not in names:
        problems.append(
            f"{where}: peak: {name!r} is not one of this figure's keyframes ({', '.join(names)}); name the one where "
            "the glutes work hardest"
        )
        return 1.0
    return names.index(name) / (len(keys) - 1)


_PLANTED: dict[str | None, tuple[str, ...]] = {None: (), "near": ("near",), "far": ("far",), "both": ("near", "far")}


def _spec(
    exercise_id: str, fields: dict[str, Any], exercise: Exercise, problems: list[str], *, where: str = ""
) -> FigureSpec | None:
    where = where or f"figures.yaml: {exercise_id}"
    missing = [f for f in _REQUIRED if f not in fields]
    if missing:
        problems.append(f"{where}: missing {', '.join(missing)} (give them, or `like:` a figure that has them)")
        return None
    surfaces = _surfaces(fields)

    def surface(name_: str, field: str) -> Surface | None:
        if name_ not in surfaces:
            problems.append(f"{where}: {field}: no {name_} in this figure; add `{name_}:` with its position")
            return None
        return surfaces[name_]

    a: AnchorEntry = fields["anchor"]
    anchor_surface = surface(a.surface, "anchor")
    contacts = []
    for point, on in (fields.get("contacts") or {}).items():
        s = surface(on, f"contacts.{point}")
        if s is not None:
            contacts.append(Contact(point, s))
    solves = []
    for s_entry in fields.get("solve") or ():
        s_surface = surface(s_entry.surface, "solve")
        if s_surface is not None:
            solves.append(Solve(s_entry.angle, s_entry.point, s_surface))
    if anchor_surface is None:
        return None
    if fields.get("planted") and fields["view"] is not View.OBLIQUE:
        problems.append(f"{where}: planted: only the oblique view holds a leg in three dimensions; remove planted")
    if fields.get("camera") and fields["view"] is not View.OBLIQUE:
        problems.append(f"{where}: camera: only the oblique view is seen from a camera; use view: oblique or remove it")
    if fields["view"] is View.OBLIQUE:
        if fields.get("depth") or any(k.depth for k in fields["keyframes"]):
            problems.append(f"{where}: depth: the oblique view draws every segment in three dimensions; remove depth")
    else:
        for k in fields["keyframes"]:
            if k.three_d():
                problems.append(
                    f"{where}: keyframes.{k.name}: {', '.join(k.three_d())} only apply to view: oblique "
                    "(a flat view has no third dimension); use view: oblique or remove them"
                )
    keys = tuple(_keyframe(k) for k in fields["keyframes"])
    if keys[0].name != "start" or (len(keys) > 1 and keys[-1].name != "end"):
        problems.append(f"{where}: keyframes: the first must be named start and the last end")
    faults = _fault_poses(fields, exercise, where, problems)
    flat = [
        k.name
        for view, k in (
            *((fields["view"], k) for k in keys),
            *(((f.figure.view if f.figure else fields["view"]), f.keyframe) for f in faults),
        )
        if view is View.FRONTAL and k.pose.spine
    ]
    if flat:
        problems.append(
            f"{where}: {', '.join(flat)}: spine bends the back forward or back, which a front view cannot show; "
            "draw it from the side (view: sagittal) or remove spine"
        )
    held = _PLANTED[fields.get("planted")]
    start = keys[0].pose

    def hold(k: Keyframe) -> Keyframe:
        """The position with each planted leg where the start has it (the angles written for it are not used)."""
        pose = k.pose
        for side in held:
            pose = planted(pose, side, start)
        return replace(k, pose=pose)

    keys = tuple(hold(k) for k in keys)
    faults = tuple(f if f.figure else replace(f, keyframe=hold(f.keyframe)) for f in faults)
    arrow = fields.get("arrow")
    hip_plane = fields.get("hip_plane")
    return FigureSpec(
        exercise_id=exercise_id,
        view=fields["view"],
        facing=fields.get("facing", 1),
        keyframes=keys,
        anchor=Anchor(a.point, a.x, anchor_surface, a.y),
        contacts=tuple(contacts),
        surfaces=tuple(surfaces.values()),
        props=tuple(Prop(p.kind, p.at, p.to) for p in fields.get("props") or ()),
        peak=_peak(fields.get("peak"), keys, where, problems),
        arrow=Arrow(arrow.at, arrow.degrees) if arrow else None,
        solves=tuple(solves),
        working_leg=fields.get("working_leg", "both"),
        extra={"hip": hip_plane} if hip_plane else None,
        depth=_depth(fields),
        seen_from=fields.get("seen_from", ""),
        from_behind=fields.get("from_behind", False),
        pad=fields.get("pad"),
        faults=faults,
        undrawn={fault: str(reason) for fault, reason in (fields.get("undrawn") or {}).items()},
        planted=held,
        camera=(camera.turn, camera.down) if (camera := fields.get("camera")) else OBLIQUE,
    )


def read_figures(library: Library, path: Path, *, check: bool = True) -> dict[str, FigureSpec]:
    """Every exercise's figure; LibraryError naming each problem (and each exercise without a figure).

    `check` also proves each figure physically plausible (domain/figures/checks.py), which takes a second or so for
    the whole library: `gluterx exercises check` and the tests do it; the app trusts the checked, packaged file.
    """
    problems: list[str] = []
    raw = _read_yaml(path, problems)
    parsed: FiguresFile | None = _validate(FiguresFile, raw, "figures.yaml", problems) if raw is not None else None
    if parsed is None:
        raise LibraryError(problems)
    by_id: dict[str, FigureEntry] = {}
    invalid: set[str] = set()  # entries named above as invalid: known, so "no figure" is not said of them too
    for index, raw_entry in enumerate(parsed.figures):
        name = raw_entry.get("exercise", f"figure {index + 1}")
        entry = _validate(FigureEntry, raw_entry, f"figures.yaml: {name}", problems)
        if entry is None:
            invalid.add(str(name))
            continue
        if entry.exercise in by_id:
            problems.append(f"figures.yaml: {entry.exercise}: a second figure for the same exercise")
        elif entry.exercise not in library:
            problems.append(f"figures.yaml: {entry.exercise}: no such exercise in the library")
        by_id[entry.exercise] = entry
    specs: dict[str, FigureSpec] = {}
    for exercise_id, entry in by_id.items():
        if exercise_id not in library:  # named above
            continue
        try:
            fields = _resolve(entry, by_id)
        except KeyError as exc:
            problems.append(f"figures.yaml: {exercise_id}: like: {exc.args[0]!r} is not a figure (or loops)")
            continue
        problems.extend(_coverage_problems(entry, fields, library.get(exercise_id), f"figures.yaml: {exercise_id}"))
        spec = _spec(exercise_id, fields, library.get(exercise_id), problems)
        if spec is None:
            continue
        if check:
            found = figure_problems(spec, library.get(exercise_id))
            problems.extend(f"figures.yaml: {exercise_id}: {p}" for p in found)
        specs[exercise_id] = spec
    problems.extend(
        f"figures.yaml: {ex.id}: no figure for this exercise; add one (docs/library-format.md, Figures)"
        for ex in library
        if ex.id not in by_id and ex.id not in invalid
    )
    if problems:
        raise LibraryError(problems)
    return specs


@cache
def _default_figures() -> dict[str, FigureSpec]:
    from gluterx.data._loader import load_library

    return read_figures(load_library(), library_dir() / "figures.yaml", check=False)


def load_figures() -> dict[str, FigureSpec]:
    """The packaged figures for the packaged library (cached; their plausibility is proven by check_figures)."""
    return _default_figures()


def check_figures(directory: Path | None = None) -> dict[str, FigureSpec]:
    """Read and prove every figure (LibraryError listing each problem); `directory` holds a library to check."""
    from gluterx.data._loader import load_library

    folder = directory or library_dir()
    return read_figures(load_library(directory), folder / "figures.yaml", check=True)
