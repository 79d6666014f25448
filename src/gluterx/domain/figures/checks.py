"""Is a figure physically plausible, and does it show the exercise it claims to? Each problem named plainly."""

from __future__ import annotations

from dataclasses import replace

from gluterx.domain.exercise import Exercise, Measure, Pattern
from gluterx.domain.figures.motion import Frame, frame, pad, surface_target
from gluterx.domain.figures.skeleton import (
    FOREARM,
    FRONTAL_ANKLE,
    FRONTAL_HIP,
    FRONTAL_KNEE,
    FRONTAL_KNEE_FAULT,
    FRONTAL_SHOULDER,
    LATERAL_BEND,
    ROTATION_HIP,
    SAGITTAL,
    SHANK,
    SPINE,
    THIGH,
    TRUNK,
    UPPER_ARM,
    Joint,
    back_curve,
    distance,
    distance_3d,
    seen_as,
)
from gluterx.domain.figures.spec import FigureSpec, SurfaceKind, View

CONTACT_TOLERANCE = 0.02  # body heights (3.5 cm for a 1.75 m person)
FLOOR_TOLERANCE = 0.015
ANGLE_SLACK = 2.0  # degrees
CHECK_STEPS = 24
FORESHORTENED = 0.6

_SEGMENTS = (
    ("pelvis", "shoulder", TRUNK, "", "trunk"),
    ("near_hip", "near_knee", THIGH, "near", "thigh"),
    ("far_hip", "far_knee", THIGH, "far", "thigh"),
    ("near_knee", "near_ankle", SHANK, "near", "shank"),
    ("far_knee", "far_ankle", SHANK, "far", "shank"),
    ("shoulder", "near_elbow", UPPER_ARM, "near", "upper_arm"),
    ("shoulder", "far_elbow", UPPER_ARM, "far", "upper_arm"),
    ("near_elbow", "near_hand", FOREARM, "near", "forearm"),
    ("far_elbow", "far_hand", FOREARM, "far", "forearm"),
)


def _segments(f: Frame) -> tuple[tuple[str, str, float, str, str], ...]:
    """The segments whose lengths hold in frame `f`: the trunk's as its curve has them (the back bent as an arc of
    the trunk's length, Pose.spine: the straight line from pelvis to shoulder, and from each to the waist on it)."""
    chord, bulge = back_curve(f.pose.spine)
    half = TRUNK * (chord * chord / 4 + bulge * bulge) ** 0.5
    return (
        ("pelvis", "shoulder", TRUNK * chord, "", "trunk"),
        ("pelvis", "waist", half, "", "trunk"),
        ("waist", "shoulder", half, "", "trunk"),
        *_SEGMENTS[1:],
    )


def frames_to_check(spec: FigureSpec) -> list[Frame]:
    """Every keyframe and evenly spaced moments between them."""
    return [frame(spec, i / CHECK_STEPS) for i in range(CHECK_STEPS + 1)]


def figure_problems(spec: FigureSpec, exercise: Exercise) -> list[str]:
    """Every way this figure is implausible or does not match the exercise; empty when it is sound."""
    frames = frames_to_check(spec)
    out = _physics_problems(spec, frames)
    out.extend(_pattern_problems(spec, exercise, frames))
    for fault in spec.faults:  # a fault is done wrong, not impossibly: the same physics, no pattern to follow
        own = fault.figure or spec
        wrong = replace(own, keyframes=(own.end, fault.keyframe), faults=())
        done_wrong = _physics_problems(wrong, frames_to_check(wrong), fault=True)
        out.extend(f"faults.{fault.fault.value}: {p}" for p in done_wrong)
        if fault.figure is not None:  # drawn in its own view: the position done well must hold up too
            right = replace(fault.figure, faults=())
            out.extend(f"faults.{fault.fault.value}: {p}" for p in _physics_problems(right, frames_to_check(right)))
    return sorted(set(out), key=out.index)


def _physics_problems(spec: FigureSpec, frames: list[Frame], *, fault: bool = False) -> list[str]:
    """Segments, contacts, floor and bench, and joint ranges; `fault` frames (a position done wrong, and the way
    into it from the one done well) may show a knee caving in, which no position done well may."""
    out: list[str] = []
    on = {c.point for c in spec.contacts if c.surface.kind is not SurfaceKind.WALL}
    # a foot flat on its surface (heel and toe both declared on it) is planted: it stays where it is, not only on it
    flat_feet = [
        f"{side}_{end}" for side in ("near", "far") if {f"{side}_heel", f"{side}_toe"} <= on for end in ("heel", "toe")
    ]
    for f in frames:
        at = f"at {f.progress:.0%} of the movement"
        for a, b, length, side, segment in _segments(f):
            if f.points_3d is not None:  # the oblique view: every segment at its full length in three dimensions
                if abs(distance_3d(f.points_3d[a], f.points_3d[b]) - length) > 1e-6:
                    out.append(f"{a}-{b} changes length {at}")
                continue
            seen = length * (seen_as(f.depth, side, segment) if side else (f.depth or {}).get(segment, 1.0))
            if abs(distance(f.points[a], f.points[b]) - seen) > 1e-6:
                out.append(f"{a}-{b} changes length {at}")
        for contact in spec.contacts:
            point = f.points[contact.point]
            coord = point[0] if contact.surface.kind is SurfaceKind.WALL else point[1]
            gap = abs(coord - surface_target(contact.surface, contact.point))
            if contact.surface.kind is not SurfaceKind.WALL:
                gap += max(contact.surface.x0 - point[0], point[0] - contact.surface.x1, 0.0)
            if gap > CONTACT_TOLERANCE:
                out.append(f"{contact.point} leaves the {contact.surface.kind.value} {at} (by {gap:.3f} H)")
        for foot in flat_feet:
            slid = _moved(frames[0], f, foot)
            if slid > CONTACT_TOLERANCE:
                out.append(f"{foot} slides on the floor {at}, a flat foot planted (by {slid:.3f} H)")
        for name, (x, y) in f.points.items():
            if y - pad(name) < -FLOOR_TOLERANCE:
                out.append(f"{name} goes through the floor {at}")
            for s in spec.surfaces:
                if s.kind in (SurfaceKind.BENCH, SurfaceKind.STEP) and s.is_solid_at((x, y), 0.03):
                    out.append(f"{name} goes into the {s.kind.value} {at}")
        out.extend(_angle_problems(spec, f, at, fault=fault))
    return out


def _moved(first: Frame, f: Frame, point: str) -> float:
    """How far `point` is in frame `f` from where it is in `first` (in three dimensions in the oblique view)."""
    if first.points_3d is not None and f.points_3d is not None:
        return distance_3d(first.points_3d[point], f.points_3d[point])
    return distance(first.points[point], f.points[point])


def _angle_problems(spec: FigureSpec, f: Frame, at: str, *, fault: bool = False) -> list[str]:
    """Joint angles within normal human ranges. In the frontal view the hip and shoulder angles are abduction, and
    the far side's abduction turns the other way (both legs apart is +near, -far)."""
    if spec.view is View.OBLIQUE:
        return _angle_problems_3d(f, at)
    out: list[str] = []
    pose = f.pose
    frontal = spec.view is View.FRONTAL
    out.extend(_spine_problems(f, at))
    rotation = frontal and spec.extra is not None and spec.extra.get("hip") == "rotation"
    # a thigh drawn much shorter points mostly at the viewer (sitting, seen from the front): its drawn angle is not
    # its abduction, so the hip's range is read only where the thigh is drawn at (near) full length
    for side, leg in (("near", pose.near_leg), ("far", pose.far_leg)):
        mirrored = leg.hip if side == "near" else -leg.hip
        thigh_seen = seen_as(f.depth, side, "thigh") >= FORESHORTENED
        if frontal and not thigh_seen:
            pass
        elif frontal:
            hip_range = ROTATION_HIP if rotation else FRONTAL_HIP
            if not hip_range.holds(mirrored, ANGLE_SLACK):
                out.append(f"{side} hip {mirrored:.0f}° is outside the normal range {at} ({hip_range.source})")
        elif not SAGITTAL[Joint.HIP].holds(leg.hip, ANGLE_SLACK):
            out.append(f"{side} hip flexion {leg.hip:.0f}° is outside the normal range {at}")
        knee_range = (FRONTAL_KNEE_FAULT if fault else FRONTAL_KNEE) if frontal else SAGITTAL[Joint.KNEE]
        if not knee_range.holds(leg.knee, ANGLE_SLACK):
            out.append(f"{side} knee {leg.knee:.0f}° is outside the normal range {at} ({knee_range.source})")
        ankle_range = FRONTAL_ANKLE if frontal else SAGITTAL[Joint.ANKLE]
        if not ankle_range.holds(leg.ankle, ANGLE_SLACK):
            out.append(f"{side} ankle {leg.ankle:.0f}° is outside the normal range {at}")
    for side, arm in (("near", pose.near_arm), ("far", pose.far_arm)):
        shoulder = (arm.shoulder if side == "near" else -arm.shoulder) if frontal else arm.shoulder
        shoulder_range = FRONTAL_SHOULDER if frontal else SAGITTAL[Joint.SHOULDER]
        if not shoulder_range.holds(shoulder, ANGLE_SLACK):
            out.append(f"{side} shoulder {shoulder:.0f}° is outside the normal range {at}")
        if not SAGITTAL[Joint.ELBOW].holds(arm.elbow, ANGLE_SLACK):
            out.append(f"{side} elbow {arm.elbow:.0f}° is outside the normal range {at}")
    return out


def _angle_problems_3d(f: Frame, at: str) -> list[str]:
    """The oblique view: each angle read as itself (hip flexion, abduction and rotation, the knee's bend...)."""
    out = _spine_problems(f, at)
    if not LATERAL_BEND.holds(f.pose.tilt, ANGLE_SLACK):
        out.append(
            f"the pelvis tipped {f.pose.tilt:.0f}° under the trunk is outside the lower back's normal sideways bend "
            f"{at} ({LATERAL_BEND.source})"
        )
    for side, leg in (("near", f.pose.near_leg), ("far", f.pose.far_leg)):
        for what, angle, allowed in (
            ("hip flexion", leg.hip, SAGITTAL[Joint.HIP]),
            ("hip abduction", leg.abduction, FRONTAL_HIP),
            ("hip rotation", leg.rotation, ROTATION_HIP),
            ("knee", leg.knee, SAGITTAL[Joint.KNEE]),
            ("ankle", leg.ankle, SAGITTAL[Joint.ANKLE]),
        ):
            if not allowed.holds(angle, ANGLE_SLACK):
                out.append(f"{side} {what} {angle:.0f}° is outside the normal range {at} ({allowed.source})")
    for side, arm in (("near", f.pose.near_arm), ("far", f.pose.far_arm)):
        for what, angle, allowed in (
            ("shoulder", arm.shoulder, SAGITTAL[Joint.SHOULDER]),
            ("shoulder abduction", arm.abduction, FRONTAL_SHOULDER),
            ("elbow", arm.elbow, SAGITTAL[Joint.ELBOW]),
        ):
            if not allowed.holds(angle, ANGLE_SLACK):
                out.append(f"{side} {what} {angle:.0f}° is outside the normal range {at} ({allowed.source})")
    return out


def _spine_problems(f: Frame, at: str) -> list[str]:
    if SPINE.holds(f.pose.spine, ANGLE_SLACK):
        return []
    return [f"the back bent {f.pose.spine:.0f}° is outside its normal range {at} ({SPINE.source})"]


def _leg(spec: FigureSpec, f: Frame) -> tuple[float, float]:
    """The working leg's (hip, knee) angles; for both legs, the near one."""
    leg = f.pose.far_leg if spec.working_leg == "far" else f.pose.near_leg
    return leg.hip, leg.knee


def _pattern_problems(spec: FigureSpec, exercise: Exercise, frames: list[Frame]) -> list[str]:
    """The keyframes must move the way the exercise's patterns say (start to end); `frames` are the ones checked
    (frames_to_check), a keyframe among them not worked out again."""
    if exercise.isometric or exercise.dose is not Measure.REPS or len(spec.keyframes) == 1:
        return []
    start, end = frames[0], frames[-1]
    (hip0, knee0), (hip1, knee1) = _leg(spec, start), _leg(spec, end)
    checked = {f.progress: f for f in frames}
    moments = [i / (len(spec.keyframes) - 1) for i in range(1, len(spec.keyframes))]
    keyed = [checked[t] if t in checked else frame(spec, t) for t in moments]
    patterns = set(exercise.patterns)
    out: list[str] = []
    if Pattern.HIP_EXTENSION in patterns and spec.view is View.SAGITTAL and hip0 - hip1 < 15:
        out.append(f"a hip-extension exercise must extend the hip from start to end (hip {hip0:.0f}° to {hip1:.0f}°)")
    sideways = {Pattern.HIP_ABDUCTION, Pattern.HIP_EXTERNAL_ROTATION} & patterns
    opens = -1.0 if spec.working_leg == "far" else 1.0  # seen from the front the far hip opens the other way
    if sideways and spec.view is View.OBLIQUE:
        leg0, leg1 = (f.pose.far_leg if spec.working_leg == "far" else f.pose.near_leg for f in (start, end))
        opened = (leg1.abduction - leg0.abduction) + (leg1.rotation - leg0.rotation) + (end.pose.turn - start.pose.turn)
        if opened < 10:
            out.append(
                "an abduction or rotation exercise must open the hip from start to end (abduction, rotation or turn)"
            )
    if sideways and spec.view is View.FRONTAL and (hip1 - hip0) * opens < 10:
        out.append(
            f"an abduction or rotation exercise must open the hip from start to end ({hip0:.0f}° to {hip1:.0f}°)"
        )
    if Pattern.SQUAT in patterns and not any(
        _leg(spec, k)[0] - hip0 >= 30 and _leg(spec, k)[1] - knee0 >= 30 for k in keyed
    ):
        out.append("a squat must bend hip and knee together from the start")
    if Pattern.LUNGE in patterns and Pattern.HIP_ABDUCTION not in patterns and knee1 - knee0 < 30:
        out.append("a lunge must bend the front knee from start to end")
    if Pattern.STEP in patterns and knee0 - knee1 < 30:
        out.append("a step-up must straighten the working knee from start to end")
    if Pattern.HINGE in patterns and Pattern.HIP_EXTENSION not in patterns and hip1 - hip0 < 30:
        out.append("a hinge must bend at the hip from start to end")
    if Pattern.HINGE in patterns and abs(knee1 - knee0) > 65:
        out.append("a hinge moves at the hip, not the knee (the knee angle changes by more than 65°)")
    return out
