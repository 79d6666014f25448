"""Demonstrations: each exercise drawn as a moving figure from its own keyframes (domain/figures)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from gluterx.domain.exercise import Category, Exercise, Fault, Library, Measure
from gluterx.domain.figures.render import fault_pairs, render
from gluterx.domain.figures.spec import FigureSpec, Timing

# A repetition is drawn at the exercise's own pace, kept between these bounds so a slow stretch still moves and a
# fast swing can still be followed.
SLOWEST_REP_S = 6.0
FASTEST_REP_S = 1.6


@dataclass(frozen=True, slots=True)
class Demonstration:
    exercise_id: str
    animated: str  # SVG: the movement, or the still start/end pair when the viewer asks for reduced motion
    still: str  # SVG: the start (faint) and end (solid) positions only, for thumbnails
    printed: str  # SVG: the same still pair with no CSS, for the PDF
    alt: str
    width: int
    height: int


def timing_for(exercise: Exercise) -> Timing:
    """Seconds for each phase of one repetition, from the exercise's own pace (`seconds_per_rep`) and measure."""
    if exercise.dose is Measure.MINUTES:  # walking, swimming: a steady cycle, no pause
        return Timing(move=0.6, hold=0.0, back=0.6, rest=0.0)
    if exercise.dose is Measure.SECONDS or exercise.isometric:  # a hold: get there, stay, come back
        return Timing(move=1.0, hold=2.5, back=1.0, rest=0.5)
    rep = min(max(exercise.seconds_per_rep, FASTEST_REP_S), SLOWEST_REP_S)
    if exercise.category is Category.POWER:  # fast up, controlled down
        return Timing(move=0.25 * rep, hold=0.1 * rep, back=0.45 * rep, rest=0.2 * rep)
    return Timing(move=0.4 * rep, hold=0.1 * rep, back=0.4 * rep, rest=0.1 * rep)


_CACHE: dict[tuple[int, str, int], Demonstration] = {}


def demonstration(
    figures: Mapping[str, FigureSpec], library: Library, exercise_id: str, *, width: int = 240
) -> Demonstration | None:
    """The exercise's demonstration (None for an exercise the library does not know, such as an imported one).

    Drawings are deterministic, so each is made once per process.
    """
    spec = figures.get(exercise_id)
    if spec is None or exercise_id not in library:
        return None
    key = (id(figures), exercise_id, width)
    if key not in _CACHE:
        exercise = library.get(exercise_id)
        drawn = render(spec, exercise.name, timing_for(exercise), width=width)
        moving = drawn.animated
        _CACHE[key] = Demonstration(
            exercise_id, moving.svg, drawn.still.svg, drawn.printed.svg, moving.alt, moving.width, moving.height
        )
    return _CACHE[key]


@dataclass(frozen=True, slots=True)
class FaultDemonstration:
    """'This, not this' for one fault the library describes: the end position done well, and done wrong."""

    fault: Fault
    this: str  # SVG
    this_label: str
    not_this: str  # SVG
    not_this_label: str
    this_alt: str  # each drawing's text alternative, for showing it as an image
    not_this_alt: str
    width: int  # both drawings' size (drawn alike, side by side)
    height: int


_PAIRS: dict[tuple[int, str], dict[Fault, FaultDemonstration]] = {}


def fault_demonstrations(
    figures: Mapping[str, FigureSpec], library: Library, exercise_id: str
) -> dict[Fault, FaultDemonstration]:
    """Each fault of the exercise that its figure draws, by fault (empty when none is drawn); made once per
    process, as the demonstrations are."""
    spec = figures.get(exercise_id)
    if spec is None or exercise_id not in library:
        return {}
    key = (id(figures), exercise_id)
    if key not in _PAIRS:
        labels = {f.fault: f.keyframe.label for f in spec.faults}
        right = {f.fault: (f.figure or spec).end.label for f in spec.faults}  # a fault's own view has its own
        _PAIRS[key] = {
            pair.fault: FaultDemonstration(
                pair.fault,
                pair.this.svg,
                right[pair.fault],
                pair.not_this.svg,
                labels[pair.fault],
                pair.this.alt,
                pair.not_this.alt,
                pair.this.width,
                pair.this.height,
            )
            for pair in fault_pairs(spec, library.get(exercise_id).name)
        }
    return _PAIRS[key]
