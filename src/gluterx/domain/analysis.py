"""Progress analytics: pain trend, estimated strength, weekly volume per glute region, hip/knee balance, adherence,
session-RPE training load and energy per session.

Pure and linear: the logged sets are read once into per-(week, exercise) counts and per-(exercise, day) bests
(`_digest`), and every report is built from those small tables, so the cost grows with the number of sets and
nothing else. Dates come in (`today`); nothing is read, written, timed or drawn at random. Weeks start on Monday.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from gluterx.domain.anatomy import Muscle
from gluterx.domain.exercise import Category, Exercise, ForceVector, Library, Pattern
from gluterx.domain.planner import DAILY_LIFE_CHAIN
from gluterx.domain.progression import epley_e1rm
from gluterx.domain.thresholds import (
    ACWR_DANGER_MIN,
    E1RM_ERROR_PERCENT,
    E1RM_MAX_REPS,
    KCAL_O2_PER_MET,
    KCAL_PER_MIN_DIVISOR,
    MET_RESISTANCE_TRAINING,
    MET_SWIMMING_LEISURELY,
    MET_WALKING_MODERATE,
    PAIN_MEANINGFUL_PERCENT,
    PAIN_MEANINGFUL_POINTS,
    RPE_RIR_OFFSET,
)

__all__ = [
    "ABDUCTION_SHARE_MIN",
    "CHRONIC_WEEKS",
    "HARD_SET_MAX_RIR",
    "HIP_DOMINANT_SHARE",
    "KNEE_DOMINANT_SHARE",
    "LOW_ADHERENCE_PERCENT",
    "PRIMARY_SET_WEIGHT",
    "ROLLING_DAYS",
    "SECONDARY_SET_WEIGHT",
    "UNKNOWN",
    "Activity",
    "AdherenceReport",
    "Analysis",
    "BalanceReport",
    "BalanceVerdict",
    "ChainLevel",
    "CustomExercise",
    "DailyPain",
    "E1rmPoint",
    "EnergyReport",
    "ExerciseStrength",
    "LoadReport",
    "LoggedSet",
    "PainReading",
    "PainTrend",
    "PlannedDay",
    "Region",
    "SessionEnergy",
    "SessionSummary",
    "StrengthReport",
    "VolumeReport",
    "WeeklyAdherence",
    "WeeklyBalance",
    "WeeklyBest",
    "WeeklyLoad",
    "WeeklyVolume",
    "adherence",
    "analyse",
    "balance",
    "energy",
    "is_hard",
    "pain_trend",
    "region_weights",
    "strength",
    "training_load",
    "volume",
    "week_start",
]

DAYS_PER_WEEK = 7
ROLLING_DAYS = 7
# A hard set: within 4 reps of failure, i.e. RIR <= 4 or RPE >= 6 on the RIR-based scale (zourdos2016); a set logged
# without either counts, since most apps do not ask (gluterx_policy).
HARD_SET_MAX_RIR = 4
HARD_SET_MIN_RPE = RPE_RIR_OFFSET.value - HARD_SET_MAX_RIR
# Set counting per region: a primary muscle gets the whole set, a secondary one half (gluterx_policy).
PRIMARY_SET_WEIGHT = 1.0
SECONDARY_SET_WEIGHT = 0.5
# Balance verdicts (gluterx_policy; the need for a mix of exercises: contreras2013).
KNEE_DOMINANT_SHARE = 0.6
HIP_DOMINANT_SHARE = 0.6
ABDUCTION_SHARE_MIN = 0.1
# The chronic load is the mean of the four weeks before the acute week (gabbett2016), kept apart from the acute
# week so the ratio is not coupled to itself (lolli2019).
CHRONIC_WEEKS = 4
# Below this share of planned sessions the message offers a lighter plan (gluterx_policy; wording only).
LOW_ADHERENCE_PERCENT = 50
UNKNOWN = "unknown"
_EPS = 1e-9

_PAIN_SOURCES = ("farrar2001",)
_STRENGTH_SOURCES = ("epley1985", "reynolds2006", "hutchins2010")
_VOLUME_SOURCES = ("zourdos2016", "gluterx_policy")
_BALANCE_SOURCES = ("contreras2013", "gluterx_policy")
_ADHERENCE_SOURCES = ("gluterx_policy",)
_LOAD_SOURCES = ("foster2001", "gabbett2016", "impellizzeri2021", "lolli2019")
_ENERGY_SOURCES = ("ainsworth2011",)


# --------------------------------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True, slots=True)
class LoggedSet:
    """One performed set, from GluteRx's own log or imported from another app."""

    day: date
    exercise_id: str
    reps: int
    load_kg: float | None = None
    rir: float | None = None
    rpe: float | None = None
    pain_during: int | None = None
    warmup: bool = False

    def __post_init__(self) -> None:
        if self.reps < 0:
            raise ValueError(f"reps: {self.reps} is negative; give the number of reps done (0 or more)")
        if self.load_kg is not None and self.load_kg < 0:
            raise ValueError(f"load_kg: {self.load_kg} is negative; give the weight in kg, or None")


@dataclass(frozen=True, slots=True)
class CustomExercise:
    """An exercise the library does not know (e.g. imported 'Leg Extension'), with what the importer could guess.

    Unset fields follow from `pattern` (see `_PATTERN_GUESS`); with no pattern the exercise is unknown: its hard
    sets are counted, but in no glute region, under the force vector "unknown" and as neither hip- nor
    knee-dominant. Leg press and leg extension: pattern=SQUAT, hip_dominant=False (knee-dominant).
    """

    exercise_id: str
    name: str = ""
    pattern: Pattern | None = None
    hip_dominant: bool | None = None
    force_vector: ForceVector | None = None
    primary_muscles: tuple[Muscle, ...] | None = None
    secondary_muscles: tuple[Muscle, ...] | None = None


@dataclass(frozen=True, slots=True)
class PainReading:
    """A pain rating on the 0-10 numeric scale (a check-in, e.g. next-morning pain)."""

    day: date
    pain: float

    def __post_init__(self) -> None:
        if not 0 <= self.pain <= 10:
            raise ValueError(f"pain: {self.pain} is outside 0-10; give pain on the 0-10 scale")


@dataclass(frozen=True, slots=True)
class PlannedDay:
    day: date


class Activity(StrEnum):
    STRENGTH = "strength"
    WALKING = "walking"
    SWIMMING = "swimming"


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """A whole session: how long it took and how hard it felt overall (CR-10 session RPE, foster2001)."""

    day: date
    minutes: float
    session_rpe: float | None = None
    activity: Activity = Activity.STRENGTH

    def __post_init__(self) -> None:
        if self.minutes < 0:
            raise ValueError(f"minutes: {self.minutes} is negative; give the session length in minutes")
        if self.session_rpe is not None and not 0 <= self.session_rpe <= 10:
            raise ValueError(f"session_rpe: {self.session_rpe} is outside 0-10; give a CR-10 rating, or None")


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def is_hard(s: LoggedSet) -> bool:
    """Not a warm-up, and RIR <= 4 or RPE >= 6, or effort not logged."""
    if s.warmup:
        return False
    if s.rir is None and s.rpe is None:
        return True
    return (s.rir is not None and s.rir <= HARD_SET_MAX_RIR) or (s.rpe is not None and s.rpe >= HARD_SET_MIN_RPE)


def _week_range(first: date, last: date) -> list[date]:
    """Every Monday from `first`'s week to `last`'s week."""
    start, end = week_start(first), week_start(last)
    return [start + timedelta(days=DAYS_PER_WEEK * i) for i in range((end - start).days // DAYS_PER_WEEK + 1)]


def _num(value: float) -> str:
    return f"{round(value, 1):g}"


# --------------------------------------------------------------------------------------------------------------
# Pain


@dataclass(frozen=True, slots=True)
class DailyPain:
    """The day's pain (mean of its readings) and the mean over the 7 days ending that day (days with readings)."""

    day: date
    pain: float
    rolling_mean: float


@dataclass(frozen=True, slots=True)
class PainTrend:
    """Pain over time against baseline; `current` is the latest 7-day mean, `change` negative when pain fell."""

    days: tuple[DailyPain, ...]
    baseline: float | None
    current: float | None
    change: float | None
    change_percent: float | None
    meaningful: bool
    verdict: str
    sources: tuple[str, ...] = _PAIN_SOURCES


def pain_trend(readings: Iterable[PainReading], *, baseline: float | None = None) -> PainTrend:
    """Daily pain, its 7-day rolling mean and the change from baseline (the first day's pain unless given)."""
    totals: dict[date, list[float]] = {}
    for r in readings:
        acc = totals.setdefault(r.day, [0.0, 0.0])
        acc[0] += r.pain
        acc[1] += 1
    if not totals:
        return PainTrend((), baseline, None, None, None, False, "No pain check-ins yet: log your pain to see a trend.")
    days = _rolling(sorted((d, s / n) for d, (s, n) in totals.items()))
    base = days[0].pain if baseline is None else baseline
    current = days[-1].rolling_mean
    change = current - base
    percent = change / base * 100 if base > 0 else None
    fall = -change
    meaningful = fall >= PAIN_MEANINGFUL_POINTS.value - _EPS or (
        percent is not None and -percent >= PAIN_MEANINGFUL_PERCENT.value - _EPS
    )
    verdict = _pain_verdict(base, current, fall, percent, meaningful)
    return PainTrend(tuple(days), base, current, change, percent, meaningful, verdict)


def _rolling(daily: list[tuple[date, float]]) -> list[DailyPain]:
    window: deque[tuple[date, float]] = deque()
    total, out = 0.0, []
    for day, pain in daily:
        window.append((day, pain))
        total += pain
        while window[0][0] <= day - timedelta(days=ROLLING_DAYS):
            total -= window.popleft()[1]
        out.append(DailyPain(day, pain, total / len(window)))
    return out


def _pain_verdict(base: float, current: float, fall: float, percent: float | None, meaningful: bool) -> str:
    span = f"from {_num(base)}/10 at the start to {_num(current)}/10 over the last week"
    share = f", {_num(-percent)}%" if percent is not None else ""
    if meaningful:
        return (
            f"Your pain has come down {span} (a fall of {_num(fall)} points{share}). That is a meaningful "
            "improvement: a fall of 2 points or 30% is what usually counts as a real change."
        )
    if fall > _EPS:
        return (
            f"Your pain has eased a little, {span} (a fall of {_num(fall)} points{share}). A fall of "
            f"{PAIN_MEANINGFUL_POINTS.value:g} points or {PAIN_MEANINGFUL_PERCENT.value:g}% is what usually counts as "
            "a real change, so keep going."
        )
    if fall < -_EPS:
        return (
            f"Your pain is higher than at the start, {span}. If it keeps rising, ease off and check with a doctor "
            "or physiotherapist."
        )
    return f"Your pain is about where it started ({_num(current)}/10)."


# --------------------------------------------------------------------------------------------------------------
# What each exercise counts towards


class Region(StrEnum):
    """The glute regions volume is counted for; gluteus medius and minimus count together."""

    GMAX_UPPER = "gmax_upper"
    GMAX_LOWER = "gmax_lower"
    GMED_GMIN = "gmed_gmin"

    @property
    def label(self) -> str:
        return _REGION_LABELS[self]


_REGION_LABELS = {
    Region.GMAX_UPPER: "upper gluteus maximus",
    Region.GMAX_LOWER: "lower gluteus maximus",
    Region.GMED_GMIN: "gluteus medius and minimus",
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


def _resolver(library: Library, customs: Mapping[str, CustomExercise] | None) -> _Resolver:
    return _Resolver(library, customs or {})


@dataclass
class _Resolver:
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


# --------------------------------------------------------------------------------------------------------------
# One pass over the sets


@dataclass
class _Digest:
    """Everything the reports need from the sets, gathered in one pass."""

    working: dict[tuple[date, str], int] = field(default_factory=dict)  # (week, exercise) -> non-warm-up sets
    hard: dict[tuple[date, str], int] = field(default_factory=dict)  # (week, exercise) -> hard sets
    best: dict[tuple[str, date], tuple[float, float, int]] = field(default_factory=dict)  # -> (e1rm, load, reps)
    first_done: dict[str, date] = field(default_factory=dict)
    days: set[date] = field(default_factory=set)


def _digest(sets: Iterable[LoggedSet], until: date | None = None) -> _Digest:
    dg = _Digest()
    working, hard, best, first_done, days = dg.working, dg.hard, dg.best, dg.first_done, dg.days
    weeks: dict[date, date] = {}
    max_rir, min_rpe, max_reps = HARD_SET_MAX_RIR, HARD_SET_MIN_RPE, E1RM_MAX_REPS.value
    last = date.max if until is None else until
    for s in sets:
        d = s.day
        if s.warmup or d > last:
            continue
        wk = weeks.get(d)
        if wk is None:
            wk = weeks[d] = d - timedelta(days=d.weekday())
            days.add(d)
        ex = s.exercise_id
        key = (wk, ex)
        working[key] = working.get(key, 0) + 1
        rir, rpe = s.rir, s.rpe
        if (
            (rir is None and rpe is None)
            or (rir is not None and rir <= max_rir)
            or (rpe is not None and rpe >= min_rpe)
        ):
            hard[key] = hard.get(key, 0) + 1
        reps = s.reps
        if reps < 1:
            continue
        first = first_done.get(ex)
        if first is None or d < first:
            first_done[ex] = d
        load = s.load_kg
        if load and reps <= max_reps and (e1rm := epley_e1rm(load, reps)) is not None:
            bkey = (ex, d)
            prev = best.get(bkey)
            if prev is None or e1rm > prev[0]:
                best[bkey] = (e1rm, load, reps)
    return dg


# --------------------------------------------------------------------------------------------------------------
# Strength


@dataclass(frozen=True, slots=True)
class E1rmPoint:
    """The day's best estimated 1RM and the set it came from."""

    day: date
    e1rm_kg: float
    load_kg: float
    reps: int


@dataclass(frozen=True, slots=True)
class WeeklyBest:
    week_start: date
    e1rm_kg: float


@dataclass(frozen=True, slots=True)
class ExerciseStrength:
    """Estimated 1RM (Epley) of one loaded exercise over time: an estimate, not a tested maximum."""

    exercise_id: str
    name: str
    points: tuple[E1rmPoint, ...]
    weekly_best: tuple[WeeklyBest, ...]
    best_kg: float
    first_kg: float
    latest_kg: float
    change_percent: float
    message: str


@dataclass(frozen=True, slots=True)
class ChainLevel:
    """The hardest exercise reached in a progression chain, of the levels that chain has."""

    chain: str
    level: int
    top_level: int
    exercise_id: str
    name: str
    reached_on: date
    message: str


@dataclass(frozen=True, slots=True)
class StrengthReport:
    exercises: tuple[ExerciseStrength, ...]
    chains: tuple[ChainLevel, ...]
    note: str
    sources: tuple[str, ...] = _STRENGTH_SOURCES


def strength(
    sets: Iterable[LoggedSet], library: Library, *, customs: Mapping[str, CustomExercise] | None = None
) -> StrengthReport:
    """Estimated 1RM per loaded exercise (sets of 1-10 reps), best per day and week; the level reached per chain."""
    return _strength(_digest(sets), _resolver(library, customs), library)


def _strength(dg: _Digest, resolve: _Resolver, library: Library) -> StrengthReport:
    by_exercise: dict[str, list[E1rmPoint]] = {}
    for (ex, day), (e1rm, load, reps) in dg.best.items():
        by_exercise.setdefault(ex, []).append(E1rmPoint(day, e1rm, load, reps))
    exercises = [
        _exercise_strength(ex, resolve(ex).name, sorted(pts, key=lambda p: p.day)) for ex, pts in by_exercise.items()
    ]
    note = (
        f"Estimated 1RM, from Epley's formula on your sets of {E1RM_MAX_REPS.value:g} reps or fewer: an estimate "
        f"that can be off by about {E1RM_ERROR_PERCENT.value:g}-{E1RM_ERROR_PERCENT.top:g}%, good for following "
        "your own trend, not a tested maximum."
    )
    ordered = sorted(exercises, key=lambda e: (-len(e.points), e.exercise_id))
    return StrengthReport(tuple(ordered), _chain_levels(dg.first_done, library), note)


def _exercise_strength(exercise_id: str, name: str, points: list[E1rmPoint]) -> ExerciseStrength:
    weekly: dict[date, float] = {}
    best = 0.0
    for p in points:  # sorted by day, so each week's points are together
        wk = p.day - timedelta(days=p.day.weekday())
        if p.e1rm_kg > weekly.get(wk, 0.0):
            weekly[wk] = p.e1rm_kg
        best = max(best, p.e1rm_kg)
    weeks = tuple(WeeklyBest(wk, v) for wk, v in weekly.items())
    first, latest = weeks[0].e1rm_kg, weeks[-1].e1rm_kg
    change = (latest - first) / first * 100
    if len(weeks) == 1:
        message = f"{name}: estimated 1RM {_num(latest)} kg."
    else:
        word = "rose" if change > 0 else "fell" if change < 0 else "held"
        message = (
            f"{name}: estimated 1RM {word} from {_num(first)} kg to {_num(latest)} kg ({change:+.0f}%); "
            f"best {_num(best)} kg."
        )
    return ExerciseStrength(exercise_id, name, tuple(points), weeks, best, first, latest, change, message)


def _chain_levels(first_done: Mapping[str, date], library: Library) -> tuple[ChainLevel, ...]:
    top: dict[str, Exercise] = {}
    reached: dict[str, date] = {}
    for exercise_id, day in first_done.items():
        if exercise_id not in library:
            continue
        ex = library.get(exercise_id)
        if ex.chain is None or ex.chain == DAILY_LIFE_CHAIN or ex.category is Category.MOBILITY:
            continue
        held = top.get(ex.chain)
        if held is None or (ex.level, -day.toordinal()) > (held.level, -reached[ex.chain].toordinal()):
            top[ex.chain], reached[ex.chain] = ex, day
    out = []
    for chain in sorted(top):
        ex, top_level = top[chain], max(e.level for e in library.chain_members(chain))
        message = (
            f"{chain.replace('_', ' ').capitalize()}: level {ex.level} of {top_level} reached with {ex.name} "
            f"on {reached[chain].isoformat()}."
        )
        out.append(ChainLevel(chain, ex.level, top_level, ex.id, ex.name, reached[chain], message))
    return tuple(out)


# --------------------------------------------------------------------------------------------------------------
# Volume


@dataclass(frozen=True, slots=True)
class WeeklyVolume:
    """Hard sets in one week: all of them, per glute region (secondary muscles count half) and per force vector."""

    week_start: date
    hard_sets: int
    regions: Mapping[Region, float]
    vectors: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class VolumeReport:
    weeks: tuple[WeeklyVolume, ...]
    unknown_exercises: tuple[str, ...]
    message: str
    sources: tuple[str, ...] = _VOLUME_SOURCES


def volume(
    sets: Iterable[LoggedSet], library: Library, *, customs: Mapping[str, CustomExercise] | None = None
) -> VolumeReport:
    """Weekly hard sets per glute region and per force vector, every week from the first to the last."""
    return _volume(_digest(sets), _resolver(library, customs))


def _volume(dg: _Digest, resolve: _Resolver) -> VolumeReport:
    totals: dict[date, int] = {}
    regions: dict[date, dict[Region, float]] = {}
    vectors: dict[date, dict[str, int]] = {}
    unknown: set[str] = set()
    for (wk, ex), n in dg.hard.items():
        info = resolve(ex)
        if not info.known:
            unknown.add(ex)
        totals[wk] = totals.get(wk, 0) + n
        reg = regions.get(wk)
        if reg is None:
            reg = regions[wk] = dict.fromkeys(Region, 0.0)
            vectors[wk] = {}
        for region, weight in info.regions:
            reg[region] += n * weight
        vec = vectors[wk]
        vec[info.vector] = vec.get(info.vector, 0) + n
    if not totals:
        return VolumeReport((), (), "No hard sets logged yet.")
    weeks = tuple(
        WeeklyVolume(wk, totals.get(wk, 0), regions.get(wk, dict.fromkeys(Region, 0.0)), vectors.get(wk, {}))
        for wk in _week_range(min(totals), max(totals))
    )
    return VolumeReport(weeks, tuple(sorted(unknown)), _volume_message(weeks, unknown))


def _volume_message(weeks: Sequence[WeeklyVolume], unknown: set[str]) -> str:
    n = len(weeks)
    parts = ", ".join(f"{r.label} {_num(sum(w.regions[r] for w in weeks) / n)}" for r in Region)
    text = (
        f"Hard sets per week on average over {n} week{'s' if n != 1 else ''}: {parts} (a set counts in full for "
        "the muscles an exercise mainly works and as half for those it helps)."
    )
    if unknown:
        text += f" {len(unknown)} exercise{'s' if len(unknown) != 1 else ''} we could not place count in no region."
    return text


# --------------------------------------------------------------------------------------------------------------
# Balance


class BalanceVerdict(StrEnum):
    QUAD_DOMINANT = "quad_dominant"
    KNEE_LEANING = "knee_leaning"
    BALANCED = "balanced"
    HIP_DOMINANT = "hip_dominant"
    NOT_ENOUGH_DATA = "not_enough_data"


@dataclass(frozen=True, slots=True)
class WeeklyBalance:
    """One week's working sets by kind; shares are of the hip- plus knee-dominant sets (None when there are none).

    Abduction/rotation sets are hip-dominant sets too; `other_sets` are mobility, walking, carries and unknown.
    """

    week_start: date
    hip_sets: int
    knee_sets: int
    abduction_rotation_sets: int
    other_sets: int
    hip_share: float | None
    knee_share: float | None
    abduction_share: float | None
    verdict: BalanceVerdict


@dataclass(frozen=True, slots=True)
class BalanceReport:
    """The same counts over the whole period, its verdict in words and the library exercises to add."""

    weeks: tuple[WeeklyBalance, ...]
    hip_sets: int
    knee_sets: int
    abduction_rotation_sets: int
    other_sets: int
    hip_share: float | None
    knee_share: float | None
    abduction_share: float | None
    verdict: BalanceVerdict
    message: str
    add: tuple[str, ...]
    sources: tuple[str, ...] = _BALANCE_SOURCES


def balance(
    sets: Iterable[LoggedSet], library: Library, *, customs: Mapping[str, CustomExercise] | None = None
) -> BalanceReport:
    """Hip- vs knee-dominant and abduction/rotation working sets per week and overall, with a verdict."""
    return _balance(_digest(sets), _resolver(library, customs), library)


def _balance(dg: _Digest, resolve: _Resolver, library: Library) -> BalanceReport:
    counts: dict[date, list[int]] = {}  # week -> [hip, knee, abduction, other]
    for (wk, ex), n in dg.working.items():
        info = resolve(ex)
        row = counts.setdefault(wk, [0, 0, 0, 0])
        row[info.kind] += n
        if info.abduction:
            row[3] += n
    weeks = tuple(_weekly_balance(wk, *row) for wk, row in sorted(counts.items()))
    hip, knee, other, abd = (sum(row[i] for row in counts.values()) for i in range(4))
    overall = _weekly_balance(date.min, hip, knee, other, abd)
    add = _suggestions(overall.verdict, overall.abduction_share, library)
    message = _balance_message(overall, add, library)
    return BalanceReport(
        weeks,
        hip,
        knee,
        abd,
        other,
        overall.hip_share,
        overall.knee_share,
        overall.abduction_share,
        overall.verdict,
        message,
        add,
    )


def _weekly_balance(wk: date, hip: int, knee: int, other: int, abd: int) -> WeeklyBalance:
    counted = hip + knee
    if counted == 0:
        return WeeklyBalance(wk, hip, knee, abd, other, None, None, None, BalanceVerdict.NOT_ENOUGH_DATA)
    hip_share, knee_share, abd_share = hip / counted, knee / counted, abd / counted
    if knee_share >= KNEE_DOMINANT_SHARE - _EPS:
        verdict = BalanceVerdict.QUAD_DOMINANT if abd_share < ABDUCTION_SHARE_MIN else BalanceVerdict.KNEE_LEANING
    elif hip_share >= HIP_DOMINANT_SHARE - _EPS:
        verdict = BalanceVerdict.HIP_DOMINANT
    else:
        verdict = BalanceVerdict.BALANCED
    return WeeklyBalance(wk, hip, knee, abd, other, hip_share, knee_share, abd_share, verdict)


# Library exercises to name when hip work is missing: bridges/thrusts, then abduction/rotation.
_HIP_FIXES = ("hip_thrust", "glute_bridge", "single_leg_glute_bridge", "romanian_deadlift")
_ABDUCTION_FIXES = ("side_lying_hip_abduction", "lateral_band_walk", "clamshell")


def _suggestions(verdict: BalanceVerdict, abd_share: float | None, library: Library) -> tuple[str, ...]:
    wanted: tuple[str, ...] = ()
    if verdict in (BalanceVerdict.QUAD_DOMINANT, BalanceVerdict.KNEE_LEANING):
        wanted += _HIP_FIXES[:2]
    if abd_share is not None and abd_share < ABDUCTION_SHARE_MIN:
        wanted += _ABDUCTION_FIXES[:2]
    return tuple(i for i in wanted if i in library)


def _names(ids: Sequence[str], library: Library) -> str:
    names = [library.get(i).name for i in ids]
    return " or ".join(names)


def _balance_message(b: WeeklyBalance, add: tuple[str, ...], library: Library) -> str:
    if b.verdict is BalanceVerdict.NOT_ENOUGH_DATA or b.knee_share is None or b.abduction_share is None:
        return "Not enough lower-body strength sets logged yet to judge the balance between hip and knee work."
    knee, hip, abd = round(b.knee_share * 100), round((b.hip_share or 0) * 100), round(b.abduction_share * 100)
    hips = _names([i for i in add if i in _HIP_FIXES], library)
    sides = _names([i for i in add if i in _ABDUCTION_FIXES], library)
    if b.verdict is BalanceVerdict.QUAD_DOMINANT:
        return (
            f"Your training is quad-dominant: {knee}% of your lower-body sets were squats, lunges and other "
            f"knee-dominant work, and only {abd}% worked the side of the hip (abduction or rotation), so your glutes "
            f"get far less work than your thighs. Add hip thrusts or bridges ({hips or 'hip thrust, glute bridge'}) "
            f"and side-lying abduction or band walks ({sides or 'side-lying hip abduction, lateral band walk'}); "
            "aim for at least as many hip-dominant as knee-dominant sets."
        )
    side_tip = f" Add some side-of-hip work too ({sides}), at least 1 set in 10." if sides else ""
    if b.verdict is BalanceVerdict.KNEE_LEANING:
        return (
            f"Your training leans towards knee-dominant work ({knee}% of your lower-body sets). Add hip thrusts or "
            f"bridges ({hips}) until you do at least as many hip-dominant as knee-dominant sets.{side_tip}"
        )
    if b.verdict is BalanceVerdict.HIP_DOMINANT:
        return (
            f"Your training is hip-dominant ({hip}% of your lower-body sets, {abd}% for the side of the hip): good "
            f"for your glutes. Keep some squats, lunges or step-ups for your knees and daily life.{side_tip}"
        )
    return f"Your training is balanced: {hip}% hip-dominant and {knee}% knee-dominant sets.{side_tip}"


# --------------------------------------------------------------------------------------------------------------
# Adherence


@dataclass(frozen=True, slots=True)
class WeeklyAdherence:
    """Planned sessions up to today, those done (training days, up to the number planned) and extra days."""

    week_start: date
    planned: int
    done: int
    extra: int
    percent: float | None


@dataclass(frozen=True, slots=True)
class AdherenceReport:
    weeks: tuple[WeeklyAdherence, ...]
    planned: int
    done: int
    percent: float | None
    message: str
    sources: tuple[str, ...] = _ADHERENCE_SOURCES


def adherence(planned: Iterable[PlannedDay], done_days: Iterable[date], *, today: date) -> AdherenceReport:
    """Planned vs done sessions per week and overall; a session moved to another day of the same week still counts."""
    plan: dict[date, int] = {}
    for p in planned:
        if p.day <= today:
            wk = week_start(p.day)
            plan[wk] = plan.get(wk, 0) + 1
    done: dict[date, int] = {}
    for d in set(done_days):
        if d <= today:
            wk = week_start(d)
            done[wk] = done.get(wk, 0) + 1
    weeks = []
    for wk in sorted(plan.keys() | done.keys()):
        n_plan, n_done = plan.get(wk, 0), done.get(wk, 0)
        kept = min(n_plan, n_done)
        weeks.append(WeeklyAdherence(wk, n_plan, kept, n_done - kept, kept / n_plan * 100 if n_plan else None))
    total_p, total_d = sum(w.planned for w in weeks), sum(w.done for w in weeks)
    percent = total_d / total_p * 100 if total_p else None
    if percent is None:
        message = "No sessions were planned up to today."
    else:
        message = f"You did {total_d} of {total_p} planned sessions ({percent:.0f}%)."
        if percent < LOW_ADHERENCE_PERCENT:
            message += " Shorter sessions or fewer days a week may be easier to keep up; tell us and we will adjust."
    return AdherenceReport(tuple(weeks), total_p, total_d, percent, message)


# --------------------------------------------------------------------------------------------------------------
# Training load


@dataclass(frozen=True, slots=True)
class WeeklyLoad:
    """Session-RPE load (RPE x minutes) for one week, with the acute:chronic ratio once four weeks came before."""

    week_start: date
    load: float
    sessions: int
    unrated: int
    acute_chronic: float | None
    spike: bool


@dataclass(frozen=True, slots=True)
class LoadReport:
    weeks: tuple[WeeklyLoad, ...]
    spikes: tuple[date, ...]
    warning: str | None
    message: str
    sources: tuple[str, ...] = _LOAD_SOURCES


def training_load(sessions: Iterable[SessionSummary]) -> LoadReport:
    """Weekly session-RPE load and its spikes against the four weeks before (a soft warning only)."""
    load: dict[date, float] = {}
    count: dict[date, list[int]] = {}
    for s in sessions:
        wk = week_start(s.day)
        row = count.setdefault(wk, [0, 0])
        row[0] += 1
        if s.session_rpe is None:
            row[1] += 1
        else:
            load[wk] = load.get(wk, 0.0) + s.session_rpe * s.minutes
    if not count:
        return LoadReport((), (), None, "No sessions logged yet.")
    series = [(wk, load.get(wk, 0.0)) for wk in _week_range(min(count), max(count))]
    weeks = []
    for i, (wk, value) in enumerate(series):
        ratio = None
        if i >= CHRONIC_WEEKS:
            chronic = sum(v for _, v in series[i - CHRONIC_WEEKS : i]) / CHRONIC_WEEKS
            ratio = value / chronic if chronic > 0 else None
        spike = ratio is not None and ratio >= ACWR_DANGER_MIN.value - _EPS
        sessions_n, unrated = count.get(wk, [0, 0])
        weeks.append(WeeklyLoad(wk, value, sessions_n, unrated, ratio, spike))
    spikes = tuple(w.week_start for w in weeks if w.spike)
    return LoadReport(tuple(weeks), spikes, _load_warning(weeks), _load_message(weeks))


def _load_warning(weeks: Sequence[WeeklyLoad]) -> str | None:
    spiked = [w for w in weeks if w.spike]
    if not spiked:
        return None
    last = spiked[-1]
    more = f" ({len(spiked)} weeks like this in all)" if len(spiked) > 1 else ""
    return (
        f"In the week of {last.week_start.isoformat()} your training load was {last.acute_chronic or 0:.1f} times your "
        f"average for the {CHRONIC_WEEKS} weeks before{more}. Sudden jumps like this have been linked with injury, "
        "though that link is debated, so take it as a nudge, not a rule: if you feel run down or sore, build up "
        "more gradually."
    )


def _load_message(weeks: Sequence[WeeklyLoad]) -> str:
    latest = weeks[-1]
    text = (
        f"Training load (session effort 0-10 x minutes) in the latest week: {_num(latest.load)}, over "
        f"{latest.sessions} session{'s' if latest.sessions != 1 else ''}."
    )
    unrated = sum(w.unrated for w in weeks)
    if unrated:
        text += f" {unrated} session{'s' if unrated != 1 else ''} had no effort rating and add nothing to the load."
    return text


# --------------------------------------------------------------------------------------------------------------
# Energy


_MET: dict[Activity, float] = {
    Activity.STRENGTH: MET_RESISTANCE_TRAINING.value,
    Activity.WALKING: MET_WALKING_MODERATE.value,
    Activity.SWIMMING: MET_SWIMMING_LEISURELY.value,
}


@dataclass(frozen=True, slots=True)
class SessionEnergy:
    """Estimated energy used in one session (Compendium MET x body mass x time); None without a body mass."""

    day: date
    activity: Activity
    minutes: float
    met: float
    kcal: float | None
    message: str
    sources: tuple[str, ...] = _ENERGY_SOURCES


@dataclass(frozen=True, slots=True)
class EnergyReport:
    sessions: tuple[SessionEnergy, ...]
    total_kcal: float | None
    message: str
    sources: tuple[str, ...] = _ENERGY_SOURCES


def energy(sessions: Iterable[SessionSummary], *, body_mass_kg: float | None) -> EnergyReport:
    """kcal per session = MET x 3.5 x body mass / 200 x minutes (ainsworth2011)."""
    out = [_session_energy(s, body_mass_kg) for s in sorted(sessions, key=lambda s: s.day)]
    if body_mass_kg is None:
        return EnergyReport(tuple(out), None, "Add your body mass to your profile to see the energy each session uses.")
    total = sum(e.kcal or 0.0 for e in out)
    message = (
        f"About {total:.0f} kcal over {len(out)} session{'s' if len(out) != 1 else ''}: an estimate from average "
        "values for each activity, which can differ from yours by a fair margin."
    )
    return EnergyReport(tuple(out), total, message)


def _session_energy(s: SessionSummary, body_mass_kg: float | None) -> SessionEnergy:
    met = _MET[s.activity]
    if body_mass_kg is None:
        return SessionEnergy(s.day, s.activity, s.minutes, met, None, "Needs your body mass for an estimate.")
    kcal = met * KCAL_O2_PER_MET.value * body_mass_kg / KCAL_PER_MIN_DIVISOR.value * s.minutes
    message = f"About {kcal:.0f} kcal for {_num(s.minutes)} minutes of {s.activity.value} (an estimate)."
    return SessionEnergy(s.day, s.activity, s.minutes, met, kcal, message)


# --------------------------------------------------------------------------------------------------------------
# Everything at once


@dataclass(frozen=True, slots=True)
class Analysis:
    pain: PainTrend
    strength: StrengthReport
    volume: VolumeReport
    balance: BalanceReport
    adherence: AdherenceReport
    load: LoadReport
    energy: EnergyReport


def analyse(
    *,
    sets: Iterable[LoggedSet],
    library: Library,
    today: date,
    customs: Mapping[str, CustomExercise] | None = None,
    pain: Iterable[PainReading] = (),
    pain_baseline: float | None = None,
    planned: Iterable[PlannedDay] = (),
    sessions: Iterable[SessionSummary] = (),
    body_mass_kg: float | None = None,
) -> Analysis:
    """Every report over the history up to `today`, reading the sets once.

    A day counts as done for adherence when it has a working set or a session summary.
    """
    dg = _digest(sets, until=today)
    resolve = _resolver(library, customs)
    done_sessions = [s for s in sessions if s.day <= today]
    return Analysis(
        pain=pain_trend((r for r in pain if r.day <= today), baseline=pain_baseline),
        strength=_strength(dg, resolve, library),
        volume=_volume(dg, resolve),
        balance=_balance(dg, resolve, library),
        adherence=adherence(planned, dg.days | {s.day for s in done_sessions}, today=today),
        load=training_load(done_sessions),
        energy=energy(done_sessions, body_mass_kg=body_mass_kg),
    )
