"""A dose as values: sets x (a rep range, a timed hold or minutes) x load x rest x tempo.

The planner writes doses, the store keeps their parts as columns, the progression engine reads and changes them,
and `describe` is the one place that turns a dose into words. Nothing parses a dose back from text.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gluterx.domain.ranked import Ranked
from gluterx.domain.units import MassUnit, from_kg

__all__ = [
    "Band",
    "Dose",
    "DoseWords",
    "Duration",
    "Guidance",
    "Hold",
    "Load",
    "LoadKind",
    "RepRange",
    "Style",
    "Target",
    "Tempo",
    "Work",
    "describe",
    "load_words",
    "target",
    "tempo_words",
    "weight_words",
    "work_words",
]


class Band(Ranked):
    """Resistance bands, lightest first: the one vocabulary for bands everywhere (plan, log, progression)."""

    LIGHT = "light"
    MEDIUM = "medium"
    HEAVY = "heavy"
    EXTRA_HEAVY = "extra_heavy"

    @property
    def stronger(self) -> Band | None:
        order = list(Band)
        return order[self.rank + 1] if self.rank + 1 < len(order) else None

    @property
    def lighter(self) -> Band | None:
        return list(Band)[self.rank - 1] if self.rank > 0 else None


@dataclass(frozen=True, slots=True)
class RepRange:
    """Repetitions per set, `low` to `high` (equal for a fixed number)."""

    low: int
    high: int

    def __post_init__(self) -> None:
        if not 1 <= self.low <= self.high:
            raise ValueError(f"rep range {self.low}-{self.high}: needs 1 <= low <= high")


@dataclass(frozen=True, slots=True)
class Hold:
    """Timed work: hold for `seconds`, `reps` times a set (a plank is one 30 s hold; a sitting break ten of 5 s)."""

    seconds: int
    reps: int = 1

    def __post_init__(self) -> None:
        if self.seconds < 1 or self.reps < 1:
            raise ValueError(f"hold {self.reps} x {self.seconds} s: needs at least one hold of at least 1 s")


@dataclass(frozen=True, slots=True)
class Duration:
    """Continuous activity for `minutes` (walking, swimming)."""

    minutes: int

    def __post_init__(self) -> None:
        if self.minutes < 1:
            raise ValueError(f"duration {self.minutes} min: needs at least 1 minute")


Work = RepRange | Hold | Duration


@dataclass(frozen=True, slots=True)
class Target:
    """What a set aims at, as numbers: a rep range, a hold's seconds or an activity's minutes."""

    low: int
    high: int
    unit: str


def target(work: Work) -> Target:
    """The numbers one set of `work` aims at (a hold or an activity aims at one number: low == high)."""
    match work:
        case RepRange(low=low, high=high):
            return Target(low, high, "reps")
        case Hold(seconds=seconds):
            return Target(seconds, seconds, "seconds")
        case Duration(minutes=minutes):
            return Target(minutes, minutes, "minutes")
    raise TypeError(work)  # pragma: no cover - the union is closed


class LoadKind(StrEnum):
    BODYWEIGHT = "bodyweight"
    BAND = "band"
    KG = "kg"
    GUIDANCE = "guidance"  # a weight to choose by how it feels, before a number is known


class Guidance(StrEnum):
    """How to do it or choose the weight, where the load is not a number."""

    SLOW_CONTROLLED = "slow_controlled"
    GENTLE_STRETCH = "gentle_stretch"
    EASY_PACE = "easy_pace"
    EXPLOSIVE = "explosive"
    FAST_HIPS = "fast_hips"
    RESERVE = "reserve"  # a weight you could lift a few more times (reps in reserve)


@dataclass(frozen=True, slots=True)
class Load:
    """Bodyweight, a band, a weight in kg, or guidance to choose one; `guidance` may qualify bodyweight too."""

    kind: LoadKind = LoadKind.BODYWEIGHT
    kg: float | None = None
    band: Band | None = None
    guidance: Guidance | None = None
    reserve: tuple[int, int] | None = None  # reps in reserve, low-high, with Guidance.RESERVE

    def __post_init__(self) -> None:
        if (self.kind is LoadKind.KG) != (self.kg is not None) or (self.kg is not None and self.kg <= 0):
            raise ValueError(f"load: kind {self.kind} with kg={self.kg}; a kg load needs a weight above 0, no other")
        if (self.kind is LoadKind.BAND) != (self.band is not None):
            raise ValueError(f"load: kind {self.kind} with band={self.band}; only a band load names a band")
        if self.kind is LoadKind.GUIDANCE and self.guidance is None:
            raise ValueError("load: a guidance load needs its guidance")
        if (self.guidance is Guidance.RESERVE) != (self.reserve is not None):
            raise ValueError("load: reps in reserve go with Guidance.RESERVE, and it needs them")

    @staticmethod
    def bodyweight(guidance: Guidance | None = None) -> Load:
        return Load(LoadKind.BODYWEIGHT, guidance=guidance)

    @staticmethod
    def of_band(band: Band) -> Load:
        return Load(LoadKind.BAND, band=band)

    @staticmethod
    def of_kg(kg: float) -> Load:
        return Load(LoadKind.KG, kg=kg)

    @staticmethod
    def in_reserve(low: int, high: int) -> Load:
        return Load(LoadKind.GUIDANCE, guidance=Guidance.RESERVE, reserve=(low, high))

    @staticmethod
    def guided(guidance: Guidance) -> Load:
        return Load(LoadKind.GUIDANCE, guidance=guidance)


@dataclass(frozen=True, slots=True)
class Tempo:
    """Seconds up, squeezing at the top, and down; `explosive` lifts up with intent instead of counting."""

    up: int
    squeeze: int
    down: int
    explosive: bool = False


@dataclass(frozen=True, slots=True)
class Dose:
    sets: int
    work: Work
    load: Load = Load()
    rest_s: int = 0
    tempo: Tempo | None = None
    per_side: bool = False

    def __post_init__(self) -> None:
        if self.sets < 1:
            raise ValueError(f"sets: {self.sets} is below 1; a dose has at least one set")
        if self.rest_s < 0:
            raise ValueError(f"rest_s: {self.rest_s} is negative")


# --------------------------------------------------------------------------------------------------------------
# Words: the one place a dose becomes text


class Style(StrEnum):
    SHORT = "short"  # tables, the JSON contract: "8-12 per side", "medium band"
    FULL = "full"  # sentences: "8 to 12 reps on each side", "a medium band"


@dataclass(frozen=True, slots=True)
class DoseWords:
    sets: str
    work: str
    load: str
    tempo: str
    counted: bool = True  # sets are counted; minutes of activity are one stretch of time, not "1 x 24 min"

    @property
    def summary(self) -> str:
        return f"{self.sets} x {self.work}" if self.counted else self.work


def _span(low: int, high: int, style: Style) -> str:
    if low == high:
        return f"{low}"
    return f"{low}-{high}" if style is Style.SHORT else f"{low} to {high}"


def work_words(work: Work, *, per_side: bool = False, style: Style = Style.SHORT) -> str:
    """'8-12 per side', '30 s', '10 x 5 s', '20 min' (SHORT); '8 to 12 reps on each side' (FULL)."""
    side = (" per side" if style is Style.SHORT else " on each side") if per_side else ""
    match work:
        case RepRange(low=low, high=high):
            unit = "" if style is Style.SHORT else (" rep" if low == high == 1 else " reps")
            return f"{_span(low, high, style)}{unit}{side}"
        case Hold(seconds=seconds, reps=1):
            return f"{seconds} s{side}" if style is Style.SHORT else f"a {seconds}-second hold{side}"
        case Hold(seconds=seconds, reps=reps):
            return f"{reps} x {seconds} s{side}" if style is Style.SHORT else f"{reps} holds of {seconds} seconds{side}"
        case Duration(minutes=minutes):
            return f"{minutes} min" if style is Style.SHORT else f"{minutes} minutes"
    raise TypeError(f"not a kind of work: {work!r}")  # pragma: no cover - the union is closed


_GUIDANCE_WORDS: dict[Guidance, str] = {
    Guidance.SLOW_CONTROLLED: "bodyweight, slow and controlled",
    Guidance.GENTLE_STRETCH: "gentle stretch, no pain",
    Guidance.EASY_PACE: "easy to moderate pace: you can talk but not sing",
    Guidance.EXPLOSIVE: "explosive, land softly",
    Guidance.FAST_HIPS: "light to moderate, fast hips",
}


def weight_words(kg: float, unit: MassUnit = MassUnit.KG, *, places: int | None = None) -> str:
    """A weight stored in kg, in the person's unit: '22.5 kg' (to 0.01 kg: a dose as prescribed), '49.6 lb' (to
    0.1 lb); `places` rounds an estimate coarser ('81.7 kg')."""
    if places is None:
        places = 2 if unit is MassUnit.KG else 1
    return f"{round(from_kg(kg, unit), places):g} {unit.value}"


def load_words(load: Load, *, style: Style = Style.SHORT, unit: MassUnit = MassUnit.KG) -> str:
    """'22.5 kg' (or '49.6 lb' with `unit`), 'medium band', 'bodyweight', or how to choose a first weight."""
    if load.kg is not None:
        return weight_words(load.kg, unit)
    if load.band is not None:
        return f"{load.band.words} band" if style is Style.SHORT else f"a {load.band.words} band"
    if load.reserve is not None:
        low, high = load.reserve
        span = _span(low, high, Style.SHORT)
        return f"a weight you could lift {span} more times at the end of each set (RIR {span})"
    if load.guidance is not None:
        return _GUIDANCE_WORDS[load.guidance]
    return "bodyweight"


def tempo_words(tempo: Tempo | None) -> str:
    """'2-1-2 (2 s up, 1 s squeeze, 2 s down)', or '' for work without a counted tempo."""
    if tempo is None:
        return ""
    if tempo.explosive:
        return f"1-{tempo.squeeze}-{tempo.down} (up with intent, squeeze, {tempo.down} s down)"
    return f"{tempo.up}-{tempo.squeeze}-{tempo.down} ({tempo.up} s up, {tempo.squeeze} s squeeze, {tempo.down} s down)"


def describe(dose: Dose, style: Style = Style.SHORT, unit: MassUnit = MassUnit.KG) -> DoseWords:
    """The dose in words, for a table (SHORT) or a sentence (FULL), a weight in the person's `unit`."""
    sets = f"{dose.sets}" if style is Style.SHORT else f"{dose.sets} set{'s' if dose.sets != 1 else ''}"
    return DoseWords(
        sets=sets,
        work=work_words(dose.work, per_side=dose.per_side, style=style),
        load=load_words(dose.load, style=style, unit=unit),
        tempo=tempo_words(dose.tempo),
        counted=not isinstance(dose.work, Duration),
    )
