"""Exercises, their attributes, and the Library: lookup, filters, progression chains, activation."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from gluterx.domain.anatomy import Muscle
from gluterx.domain.evidence import ActivationBand, EmgRecord, Normalisation, Registry


class Category(StrEnum):
    ACTIVATION = "activation"
    STRENGTH = "strength"
    POWER = "power"
    MOBILITY = "mobility"
    CONDITIONING = "conditioning"


class Pattern(StrEnum):
    HIP_EXTENSION = "hip_extension"
    HIP_ABDUCTION = "hip_abduction"
    HIP_EXTERNAL_ROTATION = "hip_external_rotation"
    SQUAT = "squat"
    LUNGE = "lunge"
    HINGE = "hinge"
    STEP = "step"
    CARRY = "carry"
    MOBILITY = "mobility"
    LOCOMOTION = "locomotion"
    PELVIC_FLOOR = "pelvic_floor"


class ForceVector(StrEnum):
    """Contreras' force vectors (evidence.md §8)."""

    AXIAL = "axial"
    ANTEROPOSTERIOR = "anteroposterior"
    POSTEROANTERIOR = "posteroanterior"
    LATEROMEDIAL = "lateromedial"
    TORSIONAL = "torsional"
    NONE = "none"


class Grade(StrEnum):
    """How much load a joint or the spine takes."""

    NONE = "none"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return _GRADE_RANK[self]


_GRADE_RANK: dict[Grade, int] = {member: i for i, member in enumerate(Grade)}


class Measure(StrEnum):
    REPS = "reps"
    SECONDS = "seconds"
    MINUTES = "minutes"


class Equipment(StrEnum):
    MINI_BAND = "mini_band"
    LONG_BAND = "long_band"
    DUMBBELLS = "dumbbells"
    KETTLEBELL = "kettlebell"
    BARBELL = "barbell"
    BENCH = "bench"
    STEP = "step"
    CABLE_MACHINE = "cable_machine"
    BACK_EXTENSION_BENCH = "back_extension_bench"
    POOL = "pool"


BANDS: frozenset[Equipment] = frozenset({Equipment.MINI_BAND, Equipment.LONG_BAND})
WEIGHTS: frozenset[Equipment] = frozenset(
    {Equipment.DUMBBELLS, Equipment.KETTLEBELL, Equipment.BARBELL, Equipment.CABLE_MACHINE}
)


class LoadType(StrEnum):
    """How an exercise is made harder: body weight first, then bands, then weights."""

    BODYWEIGHT = "bodyweight"
    BAND = "band"
    WEIGHTS = "weights"

    @property
    def rank(self) -> int:
        return _LOAD_RANK[self]


_LOAD_RANK: dict[LoadType, int] = {member: i for i, member in enumerate(LoadType)}


class Position(StrEnum):
    """The body's position while doing the exercise (what precautions for floor, prone or kneeling work read)."""

    STANDING = "standing"
    SUPINE = "supine"
    PRONE = "prone"
    SIDE_LYING = "side_lying"
    QUADRUPED = "quadruped"
    KNEELING = "kneeling"
    HALF_KNEELING = "half_kneeling"
    SEATED = "seated"

    @property
    def on_the_floor(self) -> bool:
        """Lying or kneeling: a person has to get down to the floor and back up."""
        return self not in (Position.STANDING, Position.SEATED)


class HipPosition(StrEnum):
    """Hip positions that precautions restrict (hip replacement, gluteal tendinopathy)."""

    FLEXION_OVER_90 = "flexion_over_90"
    ADDUCTION_PAST_MIDLINE = "adduction_past_midline"
    INTERNAL_ROTATION = "internal_rotation"
    CROSSED_LEGS = "crossed_legs"


class BalanceDemand(StrEnum):
    """How much the exercise challenges balance (fall risk)."""

    NONE = "none"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return _BALANCE_RANK[self]


_BALANCE_RANK: dict[BalanceDemand, int] = {member: i for i, member in enumerate(BalanceDemand)}


class Fault(StrEnum):
    """Where a person felt an exercise instead of the glutes."""

    LOWER_BACK = "lower_back"
    HAMSTRINGS = "hamstrings"
    QUADS = "quads"
    KNEES = "knees"


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    uuid: str
    name: str
    aliases: tuple[str, ...]
    category: Category
    patterns: tuple[Pattern, ...]
    force_vector: ForceVector
    hip_dominant: bool
    unilateral: bool
    end_range: bool
    equipment: frozenset[Equipment]
    level: int
    chain: str | None
    dose: Measure
    primary_muscles: tuple[Muscle, ...]
    secondary_muscles: tuple[Muscle, ...]
    knee_flexion_load: Grade
    spinal_load: Grade
    progressions: tuple[str, ...]
    regressions: tuple[str, ...]
    seconds_per_rep: float
    how_to: str
    feel: str
    why: str
    cues: tuple[str, ...]
    faults: Mapping[Fault, str]
    contraindication_notes: str
    activation_estimate: ActivationBand | None = None
    emg: tuple[EmgRecord, ...] = ()
    position: Position = Position.STANDING
    hip_positions: frozenset[HipPosition] = frozenset()
    balance_demand: BalanceDemand = BalanceDemand.NONE
    supported_option: str | None = None
    isometric: bool = False

    @property
    def load_type(self) -> LoadType:
        if self.equipment & WEIGHTS:
            return LoadType.WEIGHTS
        if self.equipment & BANDS:
            return LoadType.BAND
        return LoadType.BODYWEIGHT

    @property
    def muscles(self) -> frozenset[Muscle]:
        return frozenset(self.primary_muscles) | frozenset(self.secondary_muscles)

    def fits_equipment(self, owned: Iterable[Equipment]) -> bool:
        """True when everything this exercise needs is in `owned`."""
        return self.equipment <= frozenset(owned)


# Representative %MVIC for an activation band, used only where no figure is published (evidence.md §1, Reiman 2012).
BAND_MIDPOINT: dict[ActivationBand, float] = {
    ActivationBand.LOW: 10.0,
    ActivationBand.MODERATE: 30.0,
    ActivationBand.HIGH: 50.0,
    ActivationBand.VERY_HIGH: 70.0,
}
BAND_SOURCE = "reiman2012"


def band_of(percent_mvic: float) -> ActivationBand:
    """Reiman 2012's band for a %MVIC figure: low 0–20, moderate 21–40, high 41–60, very high >60."""
    if percent_mvic <= 20:
        return ActivationBand.LOW
    if percent_mvic <= 40:
        return ActivationBand.MODERATE
    if percent_mvic <= 60:
        return ActivationBand.HIGH
    return ActivationBand.VERY_HIGH


@dataclass(frozen=True, slots=True)
class Activation:
    """The library's estimate of how hard an exercise works a glute muscle, and where the estimate comes from."""

    percent: float
    band: ActivationBand
    sources: tuple[str, ...]
    published: bool


# Exercises imported from other apps that the library does not know are kept as "custom:<their name>".
CUSTOM_PREFIX = "custom:"


def readable_name(exercise_id: str) -> str:
    """A custom (imported) exercise's own name, or an id made readable: "custom:hip_thrust" -> "Hip thrust"."""
    name = exercise_id.removeprefix(CUSTOM_PREFIX).replace("_", " ").strip()
    return name[:1].upper() + name[1:] if name else exercise_id


@dataclass(frozen=True)
class Library:
    """Every exercise by id, with the evidence registry behind it."""

    exercises: Mapping[str, Exercise]
    registry: Registry
    version: str = "1"
    _alias_index: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _fit_cache: dict[tuple[str, str], float] = field(default_factory=dict, init=False, repr=False, compare=False)
    _activation_cache: dict[tuple[str, str], Activation] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for ex in self.exercises.values():
            for name in (ex.id, ex.name, *ex.aliases):
                self._alias_index.setdefault(normalise_name(name), ex.id)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises.values())

    def __len__(self) -> int:
        return len(self.exercises)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self.exercises

    def get(self, exercise_id: str) -> Exercise:
        return self.exercises[exercise_id]

    def display_name(self, exercise_id: str) -> str:
        """The library's name for the exercise, or for one it does not know (imported) its readable_name()."""
        ex = self.exercises.get(exercise_id)
        return ex.name if ex is not None else readable_name(exercise_id)

    def by_name(self, name: str) -> Exercise | None:
        """The exercise whose id, name or alias matches `name` exactly, ignoring case and punctuation."""
        exercise_id = self._alias_index.get(normalise_name(name))
        return self.exercises[exercise_id] if exercise_id else None

    def names(self) -> Mapping[str, str]:
        """Every normalised id, name and alias mapped to its exercise id."""
        return dict(self._alias_index)

    def filter(
        self,
        *,
        pattern: Pattern | None = None,
        owned: Iterable[Equipment] | None = None,
        max_level: int | None = None,
        muscle: Muscle | None = None,
        vector: ForceVector | None = None,
        category: Category | None = None,
    ) -> list[Exercise]:
        owned_set = frozenset(owned) if owned is not None else None
        out = []
        for ex in self:
            if pattern is not None and pattern not in ex.patterns:
                continue
            if owned_set is not None and not ex.fits_equipment(owned_set):
                continue
            if max_level is not None and ex.level > max_level:
                continue
            if muscle is not None and muscle not in ex.muscles:
                continue
            if vector is not None and ex.force_vector is not vector:
                continue
            if category is not None and ex.category is not category:
                continue
            out.append(ex)
        return out

    def activation(self, exercise_id: str, group: str = "gmax") -> Activation:
        """How hard `exercise_id` works the gluteus maximus (`gmax`) or medius (`gmed`).

        Studies normalise EMG differently (evidence.md §1), so one study's figures run higher than another's. The
        estimate is each exercise's effect in an additive model, figure = exercise effect + study offset, fitted
        over every published %MVIC figure for that muscle; that keeps each study's own order of exercises where
        the studies agree. Without a figure for the muscle the other glute muscle's estimate stands in; without
        any figure, the band the library gives, marked as not published.
        """
        key = (exercise_id, group)
        if key in self._activation_cache:
            return self._activation_cache[key]
        fitted = self._fitted()
        ex = self.get(exercise_id)
        result: Activation | None = None
        for g in (group, "gmed" if group == "gmax" else "gmax"):
            if (exercise_id, g) in fitted:
                percent = fitted[(exercise_id, g)]
                sources = tuple(dict.fromkeys(r.source for r in ex.emg if r.muscle.group == g))
                result = Activation(percent, band_of(percent), sources, published=True)
                break
        if result is None:
            band = ex.activation_estimate or ActivationBand.LOW
            result = Activation(BAND_MIDPOINT[band], band, (BAND_SOURCE,), published=False)
        self._activation_cache[key] = result
        return result

    def ranking_figures(self, group: str) -> list[EmgRecord]:
        """The %MVIC figures the activation estimates rest on for `gmax` or `gmed`.

        A loaded-variant figure (e.g. at 10RM) says nothing about a bodyweight exercise (evidence.md §1), figures
        normalised to a dynamic peak are on another scale, and a recalled figure not yet checked against its source
        (`verified: false`) must not weigh as much as a checked one, so all three stay out.
        """
        return [
            r
            for ex in self
            for r in ex.emg
            if r.normalisation is Normalisation.MVIC
            and r.verified
            and r.muscle.group == group
            and not (ex.load_type is LoadType.BODYWEIGHT and "RM" in r.condition)
        ]

    def _fitted(self) -> dict[tuple[str, str], float]:
        if not self._fit_cache:
            for group in ("gmax", "gmed"):
                for exercise_id, value in fit_study_offsets(self.ranking_figures(group)).items():
                    self._fit_cache[(exercise_id, group)] = value
        return self._fit_cache

    def chain_members(self, chain: str) -> list[Exercise]:
        return sorted((e for e in self if e.chain == chain), key=lambda e: (e.level, e.id))

    def chains(self) -> list[str]:
        return sorted({e.chain for e in self if e.chain})

    def easier(self, exercise_id: str) -> list[Exercise]:
        return [self.get(i) for i in self.get(exercise_id).regressions]

    def harder(self, exercise_id: str) -> list[Exercise]:
        return [self.get(i) for i in self.get(exercise_id).progressions]

    def closest_ids(self, text: str, limit: int = 3) -> list[str]:
        """Ids that look most like `text`, for "did you mean" messages."""
        from difflib import get_close_matches

        return get_close_matches(text, list(self.exercises), n=limit, cutoff=0.4)


def fit_study_offsets(records: Iterable[EmgRecord], *, shrink: float = 1.0, rounds: int = 200) -> dict[str, float]:
    """Per-exercise %MVIC with each study's offset removed: least squares of figure = exercise + study.

    Study offsets are shrunk towards zero (ridge, `shrink`) so a study that measured one exercise only cannot shift
    it, and the offsets are centred so the estimates stay on the %MVIC scale. Alternating means converge quickly
    for a few hundred figures; a fixed number of rounds keeps the result deterministic.
    """
    rows = [(r.exercise, r.source, r.midpoint) for r in records]
    if not rows:
        return {}
    effect = {e: 0.0 for e, _, _ in rows}
    offset = {s: 0.0 for _, s, _ in rows}
    for _ in range(rounds):
        sums: dict[str, list[float]] = {e: [] for e in effect}
        for e, s, y in rows:
            sums[e].append(y - offset[s])
        effect = {e: sum(v) / len(v) for e, v in sums.items()}
        residual: dict[str, list[float]] = {s: [] for s in offset}
        for e, s, y in rows:
            residual[s].append(y - effect[e])
        offset = {s: sum(v) / (len(v) + shrink) for s, v in residual.items()}
        centre = sum(offset.values()) / len(offset)
        offset = {s: o - centre for s, o in offset.items()}
    return {e: effect[e] for e in sorted(effect)}


def normalise_name(name: str) -> str:
    """Lower-case, with punctuation and repeated spaces folded, so 'Hip Thrust (Barbell)' ~ 'hip thrust barbell'."""
    out = "".join(ch if ch.isalnum() else " " for ch in name.lower())
    return " ".join(out.split())
