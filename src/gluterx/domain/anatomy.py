"""Muscles, glute regions and joint actions."""

from __future__ import annotations

from enum import StrEnum


class Side(StrEnum):
    """Which side of the body."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class Muscle(StrEnum):
    """A muscle or muscle region the library talks about."""

    GMAX_UPPER = "gmax_upper"
    GMAX_LOWER = "gmax_lower"
    GMED = "gmed"
    GMIN = "gmin"
    DEEP_ROTATORS = "deep_rotators"
    HAMSTRINGS = "hamstrings"
    QUADS = "quads"
    ADDUCTORS = "adductors"
    ERECTOR_SPINAE = "erector_spinae"
    TFL = "tfl"
    HIP_FLEXORS = "hip_flexors"
    CORE = "core"
    CALVES = "calves"

    @property
    def label(self) -> str:
        return MUSCLE_LABELS[self]


GLUTE_REGIONS: frozenset[Muscle] = frozenset(
    {Muscle.GMAX_UPPER, Muscle.GMAX_LOWER, Muscle.GMED, Muscle.GMIN, Muscle.DEEP_ROTATORS}
)

MUSCLE_LABELS: dict[Muscle, str] = {
    Muscle.GMAX_UPPER: "upper gluteus maximus",
    Muscle.GMAX_LOWER: "lower gluteus maximus",
    Muscle.GMED: "gluteus medius",
    Muscle.GMIN: "gluteus minimus",
    Muscle.DEEP_ROTATORS: "deep hip rotators",
    Muscle.HAMSTRINGS: "hamstrings",
    Muscle.QUADS: "quadriceps",
    Muscle.ADDUCTORS: "adductors",
    Muscle.ERECTOR_SPINAE: "lower-back muscles (erector spinae)",
    Muscle.TFL: "tensor fasciae latae",
    Muscle.HIP_FLEXORS: "hip flexors",
    Muscle.CORE: "trunk (core)",
    Muscle.CALVES: "calves",
}


class EmgMuscle(StrEnum):
    """The muscle an EMG figure was measured on: a study reports the whole gluteus maximus or its parts."""

    GMAX = "gmax"
    GMAX_UPPER = "gmax_upper"
    GMAX_LOWER = "gmax_lower"
    GMED = "gmed"

    @property
    def regions(self) -> tuple[Muscle, ...]:
        """The glute regions a figure on this muscle speaks for."""
        if self is EmgMuscle.GMAX:
            return (Muscle.GMAX_UPPER, Muscle.GMAX_LOWER)
        return (Muscle(self.value),)

    @property
    def group(self) -> str:
        """`gmax` or `gmed`: the two muscles whose activation the library ranks."""
        return "gmed" if self is EmgMuscle.GMED else "gmax"
