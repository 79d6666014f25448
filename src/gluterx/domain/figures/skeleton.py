"""A simple two-dimensional skeleton: segment lengths, joint ranges and forward kinematics.

The figure is drawn in one plane (the sagittal plane seen from the side, or the frontal plane seen from the front or
from above), in units of body height. Segment lengths are the standard fractions of height that Winter's textbook
gives (after Drillis & Contini 1966; source `winter2009`); the normal joint ranges are adult reference values
(`soucie2011` for flexion/extension, `aaos1965` for abduction and rotation).

Angle conventions (degrees), with the figure facing +x and y up:
- trunk: the pelvis-to-shoulder line from vertical, leaning forward positive (standing 0, lying on the back -90,
  lying face down +90);
- hip: the thigh from the trunk line, forward (flexion, or abduction in the frontal plane) positive;
- knee: flexion positive (the shank swings back);
- ankle: dorsiflexion positive, from the foot at a right angle to the shank;
- shoulder: the upper arm from the trunk line, forward positive (arms by the side 0, overhead 180);
- elbow: flexion positive.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from operator import attrgetter
from typing import Any

# Segment lengths as fractions of standing height (Winter 2009, figure 4.1).
THIGH = 0.245  # hip (greater trochanter 0.530 H) to knee (0.285 H)
SHANK = 0.246  # knee to ankle (0.039 H)
FOOT = 0.152
ANKLE_HEIGHT = 0.039
TRUNK = 0.288  # hip to shoulder (0.818 H)
NECK = 0.052  # shoulder to chin (0.870 H)
HEAD_RADIUS = 0.065  # chin to the top of the head is 0.130 H
UPPER_ARM = 0.186
FOREARM = 0.200  # forearm 0.146 H and half the hand (0.108 H), to the middle of the palm
HEEL_BACK = 0.039  # the heel behind the ankle (a quarter of the foot)
# Seen from the front or behind, each thigh starts at its own hip joint. Winter gives the hips' outer width (0.191 H,
# across the greater trochanters); the joint centres sit inside it, and the figures draw them about half that apart
# (0.1 H, some 17 cm for a 1.75 m person). A drawing choice leaning on Winter: the registry has no source for the
# distance between the hip joint centres. From the side the two hips are one point, the pelvis.
HIP_WIDTH = 0.1
HIP_WIDTH_SOURCE = "gluterx_policy"

LENGTHS: dict[str, float] = {
    "trunk": TRUNK,
    "thigh": THIGH,
    "shank": SHANK,
    "upper_arm": UPPER_ARM,
    "forearm": FOREARM,
}
SEGMENT_SOURCE = "winter2009"


class Joint(StrEnum):
    TRUNK = "trunk"
    HIP = "hip"
    KNEE = "knee"
    ANKLE = "ankle"
    SHOULDER = "shoulder"
    ELBOW = "elbow"


@dataclass(frozen=True, slots=True)
class Range:
    low: float
    high: float
    source: str

    def holds(self, angle: float, slack: float = 0.0) -> bool:
        return self.low - slack <= angle <= self.high + slack


# Normal adult ranges in the sagittal plane (Soucie 2011: hip flexion ~130°, extension ~20°, knee flexion ~140°,
# plantarflexion ~55°; shoulder flexion ~170°; elbow flexion ~145°).
SAGITTAL: dict[Joint, Range] = {
    Joint.TRUNK: Range(-180.0, 180.0, "gluterx_policy"),  # the body's orientation, not a joint
    Joint.HIP: Range(-25.0, 130.0, "soucie2011"),
    Joint.KNEE: Range(0.0, 145.0, "soucie2011"),
    # standing on the foot (a lunge, a squat) the shin tips further forward than a goniometer on a couch shows:
    # weight-bearing dorsiflexion of ~35-40° is usual (Rabin 2015); plantarflexion as Soucie 2011
    Joint.ANKLE: Range(-55.0, 38.0, "rabin2015"),
    Joint.SHOULDER: Range(-60.0, 180.0, "soucie2011"),
    Joint.ELBOW: Range(0.0, 150.0, "soucie2011"),
}
# In the frontal plane the hip angle is abduction (AAOS: abduction 45°, adduction 30°).
FRONTAL_HIP = Range(-30.0, 50.0, "aaos1965")
# Seen from the front the ankle's angle is inversion (+) and eversion (-): about 35° and 15-20° (AAOS).
FRONTAL_ANKLE = Range(-20.0, 35.0, "aaos1965")
# Shoulder abduction in the frontal plane: 0-180° (AAOS), a little adduction across the body.
FRONTAL_SHOULDER = Range(-30.0, 180.0, "aaos1965")
# A pose drawn in the transverse sense (the clamshell's knee opening): external rotation up to ~45° (AAOS).
ROTATION_HIP = Range(-45.0, 50.0, "aaos1965")
# Seen from the front, the knee's drawn angle is where the knee sits between hip and foot. The knee is a hinge: the
# reference ranges measure only its flexion (Soucie 2011; AAOS gives it no sideways range), so in a position done
# well it shows as the shin turning in under a knee set out over the toes (+), never past the bend's own range.
FRONTAL_KNEE = Range(0.0, 145.0, "soucie2011")
# A knee caving in past the line from hip to foot (-) is the thigh turning in at the hip, not the knee bending
# sideways: only a fault frame ("this, not this") may draw it, and no further than the hip turns in (internal
# rotation about 45°, AAOS).
FRONTAL_KNEE_FAULT = Range(-45.0, 145.0, "aaos1965")
# The pelvis tipped sideways under an upright trunk is the lower back bending sideways: thoracolumbar lateral
# flexion about 35° each way (AAOS).
LATERAL_BEND = Range(-35.0, 35.0, "aaos1965")
# The back bending forward (rounding, flexion +) or back (arching, extension -): thoracolumbar flexion about 80° and
# extension about 25° (AAOS), the whole back's curve from the pelvis to the shoulders.
SPINE = Range(-25.0, 80.0, "aaos1965")

Point = tuple[float, float]


def _rotate(v: Point, degrees: float) -> Point:
    """`v` turned anticlockwise by `degrees`."""
    a = degrees * _RADIANS
    c, s = _cos(a), _sin(a)
    x, y = v
    return (x * c - y * s, x * s + y * c)


_RADIANS, _cos, _sin = math.pi / 180.0, math.cos, math.sin


def _add(p: Point, v: Point, length: float) -> Point:
    (x, y), (dx, dy) = p, v
    return (x + dx * length, y + dy * length)


@dataclass(frozen=True, slots=True)
class Leg:
    hip: float = 0.0
    knee: float = 0.0
    ankle: float = 0.0
    # the oblique view's third dimension (body_points_3d): the thigh out from the midline, and turned out about its
    # own length (external rotation +), each side the mirror of the other
    abduction: float = 0.0
    rotation: float = 0.0


@dataclass(frozen=True, slots=True)
class Arm:
    shoulder: float = 0.0
    elbow: float = 0.0
    abduction: float = 0.0  # the oblique view: the arm out to the side (wings)


@dataclass(frozen=True, slots=True)
class Pose:
    """Joint angles for one moment; `near` is the limb nearer the viewer."""

    trunk: float
    near_leg: Leg
    far_leg: Leg
    near_arm: Arm
    far_arm: Arm
    neck: float = 0.0
    # the oblique view: the whole body turned about its own length (the trunk line), the near side back and up
    turn: float = 0.0
    # the oblique view: the pelvis tipped sideways about the forward axis (a list), the near hip down (+); the trunk
    # stays where `trunk` and `turn` put it, the lower back bending sideways by as much (LATERAL_BEND)
    tilt: float = 0.0
    # the back bent as one even curve from the pelvis to the shoulders, the turn between its two ends: rounding
    # (flexion) +, arching (extension) -, within SPINE. `trunk` stays the line from pelvis to shoulder, and the hips,
    # arms and head hang from the same points as with a straight back (the head from the upper back's own line).
    spine: float = 0.0

    def angles(self) -> dict[str, float]:
        out = {"trunk": self.trunk, "neck": self.neck, "turn": self.turn, "tilt": self.tilt, "spine": self.spine}
        for side, leg in (("near", self.near_leg), ("far", self.far_leg)):
            out |= {f"{side}_hip": leg.hip, f"{side}_knee": leg.knee, f"{side}_ankle": leg.ankle}
            out |= {f"{side}_hip_abduction": leg.abduction, f"{side}_hip_rotation": leg.rotation}
        for side, arm in (("near", self.near_arm), ("far", self.far_arm)):
            out |= {f"{side}_shoulder": arm.shoulder, f"{side}_elbow": arm.elbow}
            out |= {f"{side}_shoulder_abduction": arm.abduction}
        return out


def blend(a: Pose, b: Pose, t: float) -> Pose:
    """The pose a fraction `t` of the way from `a` to `b` (each angle linearly, every leg's and arm's too)."""

    def mix(p: float, q: float) -> float:
        return p + (q - p) * t

    def limb(p: Any, q: Any) -> Any:
        values = _VALUES[type(p)]
        return type(p)(*map(mix, values(p), values(q)))

    return Pose(
        mix(a.trunk, b.trunk),
        limb(a.near_leg, b.near_leg),
        limb(a.far_leg, b.far_leg),
        limb(a.near_arm, b.near_arm),
        limb(a.far_arm, b.far_arm),
        mix(a.neck, b.neck),
        mix(a.turn, b.turn),
        mix(a.tilt, b.tilt),
        mix(a.spine, b.spine),
    )


# Each dataclass's fields in order (dataclasses.fields is slow in a figure's inner loops), and where each named angle
# (Pose.angles) sits: on a limb of the pose (None: the pose's own), under which field.
_FIELDS: dict[type, tuple[str, ...]] = {kind: tuple(f.name for f in fields(kind)) for kind in (Pose, Leg, Arm)}
_ANGLE_AT: dict[str, tuple[str | None, str]] = {
    **{name: (None, name) for name in ("trunk", "neck", "turn", "tilt", "spine")},
    **{
        f"{side}_{joint}": (f"{side}_{limb}", field)
        for side in ("near", "far")
        for limb, joints in (
            ("leg", {"hip": "hip", "knee": "knee", "ankle": "ankle"}),
            ("leg", {"hip_abduction": "abduction", "hip_rotation": "rotation"}),
            ("arm", {"shoulder": "shoulder", "elbow": "elbow", "shoulder_abduction": "abduction"}),
        )
        for joint, field in joints.items()
    },
}


_VALUES = {kind: attrgetter(*names) for kind, names in _FIELDS.items()}  # all of a kind's fields, in order


def angle_values(pose: Pose) -> tuple[float, ...]:
    """Every angle of `pose`, in Pose.angles()'s order, without their names (cheaper, for comparing two poses)."""
    legs, arms = _VALUES[Leg], _VALUES[Arm]
    return (
        pose.trunk,
        pose.neck,
        pose.turn,
        pose.tilt,
        pose.spine,
        *legs(pose.near_leg),
        *legs(pose.far_leg),
        *arms(pose.near_arm),
        *arms(pose.far_arm),
    )


def angle_of(pose: Pose, name: str) -> float:
    """One named angle of `pose` (as in Pose.angles()), without working out the others."""
    limb, field = _ANGLE_AT[name]
    return getattr(pose if limb is None else getattr(pose, limb), field)  # type: ignore[no-any-return]


def angle_setter(pose: Pose, name: str) -> Callable[[float], Pose]:
    """`pose` with one named angle (as in Pose.angles()) replaced by the value given, again and again (a solve
    tries many): what stays is read once."""
    limb, field = _ANGLE_AT[name]
    values = list(_VALUES[Pose](pose))
    if limb is None:
        at = _FIELDS[Pose].index(field)

        def set_own(value: float) -> Pose:
            values[at] = value
            return Pose(*values)

        return set_own
    kind, at_limb = type(getattr(pose, limb)), _FIELDS[Pose].index(limb)
    limb_values, at = list(_VALUES[kind](getattr(pose, limb))), _FIELDS[kind].index(field)

    def set_limb(value: float) -> Pose:
        limb_values[at] = value
        values[at_limb] = kind(*limb_values)
        return Pose(*values)

    return set_limb


def with_angle(pose: Pose, name: str, value: float) -> Pose:
    """`pose` with one named angle (as in Pose.angles()) replaced."""
    return angle_setter(pose, name)(value)


POINTS = (
    "pelvis",
    "near_hip",
    "far_hip",
    "shoulder",
    "waist",  # the middle of the back, on its curve (halfway between pelvis and shoulder when the back is straight)
    "head",
    "near_knee",
    "near_ankle",
    "near_heel",
    "near_toe",
    "far_knee",
    "far_ankle",
    "far_heel",
    "far_toe",
    "near_elbow",
    "near_hand",
    "far_elbow",
    "far_hand",
)


# The points each limb carries: a limb none of whose points is asked for is not worked out (body_points' `only`).
LIMB_POINTS: dict[str, frozenset[str]] = {
    f"{side}_{limb}": frozenset(f"{side}_{p}" for p in parts)
    for side in ("near", "far")
    for limb, parts in (("leg", ("hip", "knee", "ankle", "heel", "toe")), ("arm", ("elbow", "hand")))
}


_FULL_LENGTH: dict[str, float] = {**{k: 1.0 for k in LENGTHS}, "foot": 1.0, "neck": 1.0}  # nothing foreshortened
# each side's own name for a point or segment: _SIDED["near"]["thigh"] is "near_thigh"
_SIDED: dict[str, dict[str, str]] = {
    side: {
        part: f"{side}_{part}"
        for part in (
            "hip",
            "knee",
            "ankle",
            "heel",
            "toe",
            "elbow",
            "hand",
            "thigh",
            "shank",
            "foot",
            "upper_arm",
            "forearm",
        )
    }
    for side in ("near", "far")
}


def body_points(
    pose: Pose,
    *,
    facing: int = 1,
    depth: Mapping[str, float] | None = None,
    frontal: bool = False,
    only: frozenset[str] | None = None,
) -> dict[str, Point]:
    """Every joint's position, the pelvis at the origin; `facing` +1 faces +x, -1 faces -x (mirrored).

    In the `frontal` view the far limbs bend the mirror way (both knees bending outward from the midline is the
    same knee angle on each side), as hips and shoulders already do (far abduction is a negative angle), and each
    thigh starts at its own hip, half a hip width (HIP_WIDTH) out from the pelvis across the trunk line, the near
    one on the side the near leg opens to; from the side both hips are the pelvis.

    `depth` shortens segments that point partly towards or away from the viewer (a fraction of their length, by
    segment name: trunk, thigh, shank, foot, upper_arm, forearm, neck), as a drawing foreshortens them; a side's own
    name (`near_thigh`, `far_shank`...) shortens that side's segment only (one leg standing, the other reaching back
    from the viewer).

    `only` names the points wanted (all when None), and just those are given: the head and each limb carrying none
    of them are left out, so a chain closed again and again (motion's solves) works out only what it looks at. Each
    point given is the same as without `only`.
    """
    seen = {**_FULL_LENGTH, **depth} if depth else _FULL_LENGTH
    up = _rotate((0.0, 1.0), -pose.trunk)  # a forward lean turns the trunk clockwise
    down = (-up[0], -up[1])
    pts: dict[str, Point] = {"pelvis": (0.0, 0.0)}
    trunk = TRUNK * seen["trunk"]
    waist = only is None or "waist" in only
    if pose.spine == 0.0:
        shoulder = _add((0.0, 0.0), up, trunk)
        if waist:
            pts["waist"] = _add((0.0, 0.0), up, trunk / 2)
    else:  # the curve's chord from pelvis to shoulder, its middle standing off it towards the back (rounding)
        chord, bulge = back_curve(pose.spine)
        shoulder = _add((0.0, 0.0), up, trunk * chord)
        if waist:
            pts["waist"] = _add(_add((0.0, 0.0), up, trunk * chord / 2), _rotate(up, 90.0), trunk * bulge)
    pts["shoulder"] = shoulder
    if only is None or "head" in only:
        neck_dir = _rotate(up, -(pose.neck + pose.spine / 2))  # on from the upper back's own line
        pts["head"] = _add(shoulder, neck_dir, (NECK + HEAD_RADIUS) * seen["neck"])
    across = _rotate(up, -90.0) if frontal else (0.0, 0.0)  # from the pelvis towards the near hip
    for side, leg in (("near", pose.near_leg), ("far", pose.far_leg)):
        if only is not None and only.isdisjoint(LIMB_POINTS[f"{side}_leg"]):
            continue
        named = _SIDED[side]
        turn = -1.0 if frontal and side == "far" else 1.0
        hip = _add((0.0, 0.0), across, turn * HIP_WIDTH / 2)
        pts[named["hip"]] = hip
        thigh = _rotate(down, leg.hip)
        knee = _add(hip, thigh, THIGH * seen.get(named["thigh"], seen["thigh"]))  # seen_as, inline
        shank = _rotate(thigh, -leg.knee * turn)
        ankle = _add(knee, shank, SHANK * seen.get(named["shank"], seen["shank"]))
        foot = _rotate(shank, (90.0 + leg.ankle) * turn)
        pts[named["knee"]] = knee
        pts[named["ankle"]] = _add(ankle, shank, 0.0)
        # the sole: heel behind the ankle and below it, toe in front
        sole = _add(ankle, shank, ANKLE_HEIGHT)
        foot_seen = seen.get(named["foot"], seen["foot"])
        pts[named["heel"]] = _add(sole, foot, -HEEL_BACK * foot_seen)
        pts[named["toe"]] = _add(sole, foot, (FOOT - HEEL_BACK) * foot_seen)
    for side, arm in (("near", pose.near_arm), ("far", pose.far_arm)):
        if only is not None and only.isdisjoint(LIMB_POINTS[f"{side}_arm"]):
            continue
        named = _SIDED[side]
        turn = -1.0 if frontal and side == "far" else 1.0
        upper = _rotate(down, arm.shoulder)
        elbow = _add(shoulder, upper, UPPER_ARM * seen.get(named["upper_arm"], seen["upper_arm"]))
        fore = _rotate(upper, arm.elbow * turn)
        pts[named["elbow"]] = elbow
        pts[named["hand"]] = _add(elbow, fore, FOREARM * seen.get(named["forearm"], seen["forearm"]))
    if only is not None:
        pts = {name: pts[name] for name in only}
    if facing < 0:
        pts = {k: (-x, y) for k, (x, y) in pts.items()}
    return pts


def back_curve(spine: float) -> tuple[float, float]:
    """The back bent by `spine` degrees (Pose.spine) as an arc of the trunk's length (1): the straight line from its
    pelvis end to its shoulder end, and how far the arc's middle (the waist point) stands off that line towards the
    back (+ rounding, - arching: it stands off towards the front)."""
    if spine == 0.0:
        return 1.0, 0.0
    half = spine * _RADIANS / 2
    return math.sin(half) / half, (1.0 - math.cos(half)) / (2 * half)


def seen_as(depth: Mapping[str, float] | None, side: str, segment: str) -> float:
    """The fraction of `segment`'s length drawn on `side` ("near" or "far"): its own, else the segment's, else 1."""
    given = depth or {}
    return given.get(f"{side}_{segment}", given.get(segment, 1.0))


def distance(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


# ---- the oblique view: the same angles in three dimensions, seen from a fixed camera ------------------------------
# x forward (the way the figure faces), y up, z towards the near side. The skeleton is the one above at full length;
# the hip's flexion, abduction (Leg.abduction) and rotation about the thigh (Leg.rotation) are taken in that order in
# the pelvis's frame, the knee and ankle bend about the thigh's own crosswise axis, and the whole body is leaned
# forward by `trunk` and turned about the vertical by `turn`; the legs hang from the pelvis, which `tilt` tips sideways
# under the trunk.
Point3 = tuple[float, float, float]
Matrix = tuple[Point3, Point3, Point3]


def _mat(axis: str, degrees: float) -> Matrix:
    c, s = _cos(degrees * _RADIANS), _sin(degrees * _RADIANS)
    if axis == "x":
        return ((1.0, 0.0, 0.0), (0.0, c, -s), (0.0, s, c))
    if axis == "y":
        return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


def _mul(a: Matrix, b: Matrix) -> Matrix:
    (b00, b01, b02), (b10, b11, b12), (b20, b21, b22) = b
    return tuple(
        [
            (r0 * b00 + r1 * b10 + r2 * b20, r0 * b01 + r1 * b11 + r2 * b21, r0 * b02 + r1 * b12 + r2 * b22)
            for r0, r1, r2 in a
        ]
    )  # type: ignore[return-value]


def _apply(m: Matrix, v: Point3) -> Point3:
    return (
        m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
        m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
        m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
    )


def _step(p: Point3, m: Matrix, local: Point3, length: float) -> Point3:
    d = _apply(m, local)
    return (p[0] + d[0] * length, p[1] + d[1] * length, p[2] + d[2] * length)


_DOWN3: Point3 = (0.0, -1.0, 0.0)
_UP3: Point3 = (0.0, 1.0, 0.0)


def _body(pose: Pose) -> tuple[Matrix, Matrix]:
    """The trunk's frame (turned about its own length, then leaned) and the pelvis's (the trunk's, tipped sideways
    by `tilt`: the legs hang from it)."""
    body = _mul(_mat("z", -pose.trunk), _mat("y", -pose.turn))
    return body, _mul(body, _mat("x", pose.tilt))


def _leg_of(pose: Pose, side: str) -> Leg:
    return pose.near_leg if side == "near" else pose.far_leg


def _out(side: str) -> float:
    """The near side is +z: abduction and rotation mirror on the far side."""
    return 1.0 if side == "near" else -1.0


def thigh_frame(pose: Pose, side: str, pelvis: Matrix | None = None) -> Matrix:
    """The orientation of `side`'s thigh in the world: flexion, then abduction, then rotation in the pelvis's frame
    (`pelvis`, when already worked out)."""
    leg, out = _leg_of(pose, side), _out(side)
    hip = _mul(_mat("z", leg.hip), _mul(_mat("x", -out * leg.abduction), _mat("y", -out * leg.rotation)))
    return _mul(_body(pose)[1] if pelvis is None else pelvis, hip)


def planted(pose: Pose, side: str, held: Pose) -> Pose:
    """`pose` with `side`'s thigh where it is in `held`, in the world: its hip flexion, abduction and rotation worked
    out so (the inverse of thigh_frame), its knee and ankle `pose`'s own. The thigh stays put while the pelvis turns,
    leans or tips over it, as a standing leg's does while the body turns on it."""
    pelvis = _body(pose)[1]
    m = _mul(tuple(zip(*pelvis, strict=True)), thigh_frame(held, side))  # type: ignore[arg-type]  # pelvis⁻¹ . thigh
    # m = z(flexion) . x(a) . y(r), with a and r the abduction and rotation as the near side takes them
    a = math.degrees(math.asin(max(-1.0, min(1.0, m[2][1]))))
    r = math.degrees(math.atan2(-m[2][0], m[2][2]))
    flexion = math.degrees(math.atan2(-m[0][1], m[1][1]))
    out = _out(side)
    leg = replace(_leg_of(pose, side), hip=flexion, abduction=-out * a, rotation=-out * r)
    return replace(pose, near_leg=leg) if side == "near" else replace(pose, far_leg=leg)


def body_points_3d(pose: Pose, *, facing: int = 1, only: frozenset[str] | None = None) -> dict[str, Point3]:
    """Every joint's position in three dimensions, the pelvis at the origin, every segment at its full length
    (`only`: just the points wanted, as body_points takes it)."""
    body, pelvis = _body(pose)
    pts: dict[str, Point3] = {"pelvis": (0.0, 0.0, 0.0)}
    chord, bulge = back_curve(pose.spine)  # the back's curve in the body's own plane, its back towards -x
    shoulder = _step((0.0, 0.0, 0.0), body, _UP3, TRUNK * chord)
    pts["shoulder"] = shoulder
    pts["waist"] = _step((0.0, 0.0, 0.0), body, (-bulge / (chord / 2), 1.0, 0.0), TRUNK * chord / 2)
    if only is None or "head" in only:
        neck = _mul(body, _mat("z", -(pose.neck + pose.spine / 2)))  # on from the upper back's own line
        pts["head"] = _step(shoulder, neck, _UP3, NECK + HEAD_RADIUS)
    for side, leg in (("near", pose.near_leg), ("far", pose.far_leg)):
        if only is not None and only.isdisjoint(LIMB_POINTS[f"{side}_leg"]):
            continue
        hip = _step((0.0, 0.0, 0.0), pelvis, (0.0, 0.0, _out(side)), HIP_WIDTH / 2)
        thigh = thigh_frame(pose, side, pelvis)
        knee = _step(hip, thigh, _DOWN3, THIGH)
        shank = _mul(thigh, _mat("z", -leg.knee))
        ankle = _step(knee, shank, _DOWN3, SHANK)
        foot = _mul(shank, _mat("z", 90.0 + leg.ankle))
        sole = _step(ankle, shank, _DOWN3, ANKLE_HEIGHT)
        pts[f"{side}_hip"], pts[f"{side}_knee"], pts[f"{side}_ankle"] = hip, knee, ankle
        pts[f"{side}_heel"] = _step(sole, foot, _DOWN3, -HEEL_BACK)
        pts[f"{side}_toe"] = _step(sole, foot, _DOWN3, FOOT - HEEL_BACK)
    for side, arm in (("near", pose.near_arm), ("far", pose.far_arm)):
        if only is not None and only.isdisjoint(LIMB_POINTS[f"{side}_arm"]):
            continue
        upper = _mul(body, _mul(_mat("z", arm.shoulder), _mat("x", -_out(side) * arm.abduction)))
        elbow = _step(shoulder, upper, _DOWN3, UPPER_ARM)
        pts[f"{side}_elbow"] = elbow
        pts[f"{side}_hand"] = _step(elbow, _mul(upper, _mat("z", arm.elbow)), _DOWN3, FOREARM)
    if only is not None:
        pts = {name: pts[name] for name in only}
    if facing < 0:
        pts = {k: (-x, y, -z) for k, (x, y, z) in pts.items()}  # turned round: the near side stays near
    return pts


# The camera of the oblique view: turned OBLIQUE_TURN degrees from the side towards the figure's front (or its back,
# seen from behind) and looking OBLIQUE_DOWN degrees down, a simple parallel projection (no perspective). A figure
# may set its own (`camera`: turned, looking down): a body lying on its side is seen from above, its own sagittal
# plane then nearly the picture's (a side plank's hips drifting back, a leg drifting behind the body).
OBLIQUE_TURN = 40.0
OBLIQUE_DOWN = 25.0
Camera = tuple[float, float]  # (turned from the side towards the front, looking down), in degrees
OBLIQUE: Camera = (OBLIQUE_TURN, OBLIQUE_DOWN)


def project(p: Point3, *, from_behind: bool = False, camera: Camera = OBLIQUE) -> tuple[float, float, float]:
    """A point as the oblique camera sees it: (across, up, towards the camera)."""
    turned, looking_down = camera
    turn = (-turned if from_behind else turned) * _RADIANS
    down = looking_down * _RADIANS
    st, ct, sd, cd = _sin(turn), _cos(turn), _sin(down), _cos(down)
    x, y, z = p
    across = x * ct - z * st
    near = x * st + z * ct  # towards the camera before it looks down
    return (across, y * cd - near * sd, y * sd + near * cd)


def distance_3d(a: Point3, b: Point3) -> float:
    return math.dist(a, b)
