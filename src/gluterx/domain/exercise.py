"""Exercises, their attributes, and the Library: lookup, filters, progression chains, activation."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from gluterx.domain.anatomy import Muscle
from gluterx.domain.evidence import ActivationBand, EmgRecord, Normalisation, Registry
from gluterx.domain.ranked import Ranked


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


class Grade(Ranked):
    """How much of something an exercise asks: load on a joint or the spine, or of the person's balance."""

    NONE = "none"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


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


class LoadType(Ranked):
    """How an exercise is made harder: body weight first, then bands, then weights."""

    BODYWEIGHT = "bodyweight"
    BAND = "band"
    WEIGHTS = "weights"


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


# How much an exercise challenges balance (fall risk): the same four levels, ranked the same way, as a joint's load.
BalanceDemand = Grade


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
    # names only another app's export uses ("Hip Thrust (Barbell)"): matched, never shown; `aliases` are shown
    import_aliases: tuple[str, ...] = ()

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


class ActivationBasis(StrEnum):
    """What an activation figure rests on; only `measured` may be ranked or called the highest."""

    MEASURED = "measured"  # this muscle's own checked %MVIC figures for this exercise, fitted across studies
    RATED = "rated"  # a published band rating for this muscle (e.g. Neto 2020's "very high"), no figure
    OTHER_MUSCLE = "other_muscle"  # our estimate: the other glute muscle's figures stand in
    ESTIMATE = "estimate"  # our estimate: the library's own band, with no figure on file


@dataclass(frozen=True, slots=True)
class Activation:
    """The library's estimate of how hard an exercise works a glute muscle, and where the estimate comes from."""

    percent: float
    band: ActivationBand
    sources: tuple[str, ...]
    basis: ActivationBasis
    muscle_group: str  # "gmax" | "gmed": the muscle this is about

    @property
    def measured(self) -> bool:
        """A %MVIC figure for this very muscle: the only kind that can be compared and ranked."""
        return self.basis is ActivationBasis.MEASURED

    @property
    def published(self) -> bool:
        """Published for this muscle (a figure or a band rating), not our estimate."""
        return self.basis in (ActivationBasis.MEASURED, ActivationBasis.RATED)

    @property
    def is_estimate(self) -> bool:
        return not self.published


class FigureUse(StrEnum):
    """Whether a published EMG figure counts for its exercise's activation, and if not, why not."""

    USED = "used"
    LOADED_VERSION = "loaded_version"  # measured at a repetition maximum: it describes a loaded version
    UNCHECKED = "unchecked"  # recalled, not yet checked against its source (`verified: false`)
    OTHER_SCALE = "other_scale"  # normalised to a dynamic peak, not to MVIC


# Exercises imported from other apps that the library does not know are kept as "custom:<their name>".
CUSTOM_PREFIX = "custom:"


def custom_name(exercise_id: str) -> str:
    """A custom (imported) exercise's own name as its id holds it: "custom:hip_thrust" -> "hip thrust"."""
    return exercise_id.removeprefix(CUSTOM_PREFIX).replace("_", " ")


def readable_name(exercise_id: str) -> str:
    """A custom (imported) exercise's own name, or an id made readable: "custom:hip_thrust" -> "Hip thrust"."""
    name = custom_name(exercise_id).strip()
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
            for name in (ex.id, ex.name, *ex.aliases, *ex.import_aliases):
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
        """How hard `exercise_id` works the gluteus maximus (`gmax`) or medius (`gmed`), and on what it rests.

        Studies normalise EMG differently (evidence.md §1), so one study's figures run higher than another's. A
        measured figure is each exercise's effect in an additive model, figure = exercise effect + study offset,
        fitted over every checked %MVIC figure for that muscle; that keeps each study's own order of exercises
        where the studies agree. Without a figure for the muscle, a published band rating for it (Neto 2020)
        stands; without that, the other glute muscle's figure, and then the library's own band, each marked as
        our estimate. Only a measured figure names its sources as figures for this muscle.
        """
        key = (exercise_id, group)
        if key in self._activation_cache:
            return self._activation_cache[key]
        result = self._activation(self.get(exercise_id), group)
        self._activation_cache[key] = result
        return result

    def _activation(self, ex: Exercise, group: str) -> Activation:
        fitted = self._fitted()
        if (ex.id, group) in fitted:
            percent = fitted[(ex.id, group)]
            return Activation(percent, band_of(percent), self._used_sources(ex, group), ActivationBasis.MEASURED, group)
        rated = [
            f
            for f in self.registry.findings_for(ex.id)
            if f.band is not None
            and f.muscle_group == group
            and not (ex.load_type is LoadType.BODYWEIGHT and f.condition == "loaded")  # a loaded version's rating
        ]
        if rated:
            best = max(rated, key=lambda f: (f.verified, f.band.rank if f.band else 0))
            if best.band is not None and best.verified:
                return Activation(BAND_MIDPOINT[best.band], best.band, (best.source,), ActivationBasis.RATED, group)
        other = "gmed" if group == "gmax" else "gmax"
        if (ex.id, other) in fitted:
            percent = fitted[(ex.id, other)]
            stand_in = self._used_sources(ex, other)
            return Activation(percent, band_of(percent), stand_in, ActivationBasis.OTHER_MUSCLE, group)
        band = ex.activation_estimate or ActivationBand.LOW
        return Activation(BAND_MIDPOINT[band], band, (BAND_SOURCE,), ActivationBasis.ESTIMATE, group)

    def _used_sources(self, ex: Exercise, group: str) -> tuple[str, ...]:
        return tuple(
            dict.fromkeys(r.source for r in ex.emg if r.muscle.group == group and self.figure_use(r) is FigureUse.USED)
        )

    def figure_use(self, record: EmgRecord) -> FigureUse:
        """Whether `record` counts for its exercise's activation estimate, and if not, why not.

        A loaded-variant figure (e.g. at 10RM) says nothing about a bodyweight exercise (evidence.md §1), figures
        normalised to a dynamic peak are on another scale, and a recalled figure not yet checked against its source
        (`verified: false`) must not weigh as much as a checked one, so all three stay out.
        """
        if record.normalisation is not Normalisation.MVIC:
            return FigureUse.OTHER_SCALE
        if not record.verified:
            return FigureUse.UNCHECKED
        ex = self.exercises.get(record.exercise)
        if ex is not None and ex.load_type is LoadType.BODYWEIGHT and "RM" in record.condition:
            return FigureUse.LOADED_VERSION
        return FigureUse.USED

    def ranking_figures(self, group: str) -> list[EmgRecord]:
        """The %MVIC figures the measured activations rest on for `gmax` or `gmed` (see `figure_use`)."""
        return [r for ex in self for r in ex.emg if r.muscle.group == group and self.figure_use(r) is FigureUse.USED]

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

    def sideways(self, exercise_id: str) -> list[Exercise]:
        """Other exercises of the same chain and level: swaps when one is felt in the wrong place (e.g. the bridge
        with the knees apart for a glute bridge felt in the lower back, kang2016), easiest on the back first."""
        ex = self.get(exercise_id)
        if ex.chain is None:
            return []
        same = [e for e in self.chain_members(ex.chain) if e.level == ex.level and e.id != ex.id]
        return sorted(same, key=lambda e: (e.spinal_load.rank, e.id))

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
