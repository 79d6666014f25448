"""What each exercise counts towards: glute regions, force vector, hip- or knee-dominance, abduction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from gluterx.domain.analysis._records import CustomExercise
from gluterx.domain.anatomy import Muscle
from gluterx.domain.exercise import Category, Exercise, ForceVector, Library, Pattern

__all__ = ["PRIMARY_SET_WEIGHT", "SECONDARY_SET_WEIGHT", "UNKNOWN", "Region", "Resolver", "region_weights", "resolver"]

# Set counting per region: a primary muscle gets the whole set, a secondary one half (gluterx_policy).
PRIMARY_SET_WEIGHT = 1.0
SECONDARY_SET_WEIGHT = 0.5
UNKNOWN = "unknown"


class Region(StrEnum):
    """The glute regions volume is counted for; gluteus medius and minimus count together."""

    GMAX_UPPER = "gmax_upper"
    GMAX_LOWER = "gmax_lower"
    GMED_GMIN = "gmed_gmin"

    @property
    def label(self) -> str:
        return _REGION_LABELS[self]


# The maximus' two parts are named as the muscles are (anatomy.MUSCLE_LABELS); medius and minimus count together.
_REGION_LABELS = {
    Region.GMAX_UPPER: Muscle.GMAX_UPPER.label,
    Region.GMAX_LOWER: Muscle.GMAX_LOWER.label,
    Region.GMED_GMIN: f"{Muscle.GMED.label} and {Muscle.GMIN.label.removeprefix('gluteus ')}",
}
_REGION_OF: dict[Muscle, Region] = {
    Muscle.GMAX_UPPER: Region.GMAX_UPPER,
    Muscle.GMAX_LOWER: Region.GMAX_LOWER,
    Muscle.GMED: Region.GMED_GMIN,
    Muscle.GMIN: Region.GMED_GMIN,
}
_KNEE_PATTERNS = frozenset({Pattern.SQUAT, Pattern.LUNGE, Pattern.STEP})
_ABDUCTION_PATTERNS = frozenset({Pattern.HIP_ABDUCTION, Pattern.HIP_EXTERNAL_ROTATION})
_NOT_TRAINING_PATTERNS = frozenset({Pattern.MOBILITY, Pattern.LOCOMOTION, Pattern.CARRY})
_NOT_TRAINING_CATEGORIES = frozenset({Category.MOBILITY, Category.CONDITIONING})

# Guesses for an exercise the library does not know, by its pattern: (primary, secondary, vector, hip-dominant),
# modelled on the library's plainest exercise of that pattern. Only used when the importer gives nothing better.
_PATTERN_GUESS: dict[Pattern, tuple[tuple[Muscle, ...], tuple[Muscle, ...], ForceVector, bool]] = {
    Pattern.HIP_EXTENSION: (
        (Muscle.GMAX_UPPER, Muscle.GMAX_LOWER),
        (Muscle.HAMSTRINGS,),
        ForceVector.ANTEROPOSTERIOR,
        True,
    ),
    Pattern.HINGE: (
        (Muscle.GMAX_LOWER, Muscle.HAMSTRINGS),
        (Muscle.GMAX_UPPER, Muscle.ERECTOR_SPINAE),
        ForceVector.AXIAL,
        True,
    ),
    Pattern.HIP_ABDUCTION: (
        (Muscle.GMED, Muscle.GMIN),
        (Muscle.GMAX_UPPER, Muscle.TFL),
        ForceVector.LATEROMEDIAL,
        True,
    ),
    Pattern.HIP_EXTERNAL_ROTATION: (
        (Muscle.GMED, Muscle.DEEP_ROTATORS, Muscle.GMAX_UPPER),
        (Muscle.GMIN,),
        ForceVector.TORSIONAL,
        True,
    ),
    Pattern.SQUAT: ((Muscle.QUADS, Muscle.GMAX_LOWER), (Muscle.GMAX_UPPER, Muscle.ADDUCTORS), ForceVector.AXIAL, False),
    Pattern.LUNGE: ((Muscle.QUADS, Muscle.GMAX_LOWER), (Muscle.GMAX_UPPER, Muscle.GMED), ForceVector.AXIAL, False),
    Pattern.STEP: ((Muscle.QUADS, Muscle.GMAX_LOWER), (Muscle.GMED,), ForceVector.AXIAL, False),
    Pattern.CARRY: ((Muscle.GMED, Muscle.CORE), (Muscle.GMAX_UPPER,), ForceVector.AXIAL, False),
    Pattern.MOBILITY: ((), (), ForceVector.NONE, False),
    Pattern.LOCOMOTION: ((Muscle.GMED, Muscle.GMAX_UPPER), (), ForceVector.NONE, False),
}

_HIP, _KNEE, _OTHER = 0, 1, 2


@dataclass(frozen=True, slots=True)
class _Info:
    """What one exercise id counts towards, resolved once per id."""

    name: str
    regions: tuple[tuple[Region, float], ...]
    vector: str
    kind: int  # _HIP, _KNEE or _OTHER
    abduction: bool
    known: bool


def region_weights(primary: Iterable[Muscle], secondary: Iterable[Muscle]) -> dict[Region, float]:
    """How much of a set each glute region gets: 1 when a primary muscle is in it, else 0.5 for a secondary one."""
    out: dict[Region, float] = {}
    for weight, muscles in ((SECONDARY_SET_WEIGHT, secondary), (PRIMARY_SET_WEIGHT, primary)):
        for m in muscles:
            if (region := _REGION_OF.get(m)) is not None:
                out[region] = max(out.get(region, 0.0), weight)
    return out


def _kind(patterns: Iterable[Pattern], hip_dominant: bool, training: bool) -> tuple[int, bool]:
    pats = frozenset(patterns)
    if not training or not pats or pats <= _NOT_TRAINING_PATTERNS:
        return _OTHER, False
    if hip_dominant:
        return _HIP, bool(pats & _ABDUCTION_PATTERNS)
    return (_KNEE if pats & _KNEE_PATTERNS else _OTHER), False


def _from_library(ex: Exercise) -> _Info:
    kind, abduction = _kind(ex.patterns, ex.hip_dominant, ex.category not in _NOT_TRAINING_CATEGORIES)
    regions = region_weights(ex.primary_muscles, ex.secondary_muscles)
    return _Info(ex.name, tuple(regions.items()), ex.force_vector.value, kind, abduction, True)


def _from_custom(c: CustomExercise) -> _Info:
    name = c.name or _pretty(c.exercise_id)
    guess = _PATTERN_GUESS.get(c.pattern) if c.pattern is not None else None
    if guess is None:
        primary, secondary = c.primary_muscles or (), c.secondary_muscles or ()
        vector = c.force_vector.value if c.force_vector is not None else UNKNOWN
        regions = region_weights(primary, secondary)
        return _Info(name, tuple(regions.items()), vector, _OTHER, False, bool(primary or secondary))
    g_primary, g_secondary, g_vector, g_hip = guess
    primary = c.primary_muscles if c.primary_muscles is not None else g_primary
    secondary = c.secondary_muscles if c.secondary_muscles is not None else g_secondary
    hip = c.hip_dominant if c.hip_dominant is not None else g_hip
    kind, abduction = _kind((c.pattern,) if c.pattern else (), hip, training=True)
    regions = region_weights(primary, secondary)
    return _Info(name, tuple(regions.items()), (c.force_vector or g_vector).value, kind, abduction, True)


def _pretty(exercise_id: str) -> str:
    return exercise_id.replace("_", " ").strip().capitalize() or exercise_id


def resolver(library: Library, customs: Mapping[str, CustomExercise] | None) -> Resolver:
    return Resolver(library, customs or {})


@dataclass
class Resolver:
    library: Library
    customs: Mapping[str, CustomExercise]
    _cache: dict[str, _Info] = field(default_factory=dict)

    def __call__(self, exercise_id: str) -> _Info:
        info = self._cache.get(exercise_id)
        if info is None:
            if exercise_id in self.library:
                info = _from_library(self.library.get(exercise_id))
            elif exercise_id in self.customs:
                info = _from_custom(self.customs[exercise_id])
            else:
                info = _Info(_pretty(exercise_id), (), UNKNOWN, _OTHER, False, False)
            self._cache[exercise_id] = info
        return info
