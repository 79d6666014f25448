"""Estimated strength: Epley e1RM per loaded exercise by day and week, and the level reached per chain."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from gluterx.domain.analysis._common import day_words, week_start
from gluterx.domain.analysis._digest import Digest, digest
from gluterx.domain.analysis._exercises import Resolver, resolver
from gluterx.domain.analysis._records import CustomExercise, LoggedSet
from gluterx.domain.dose import weight_words
from gluterx.domain.exercise import Category, Exercise, Library
from gluterx.domain.planner import DAILY_LIFE_CHAIN
from gluterx.domain.thresholds import E1RM_ERROR_PERCENT, E1RM_MAX_REPS
from gluterx.domain.units import MassUnit

__all__ = ["ChainLevel", "E1rmPoint", "ExerciseStrength", "StrengthReport", "WeeklyBest", "strength"]

_STRENGTH_SOURCES = ("epley1985", "reynolds2006", "hutchins2010")


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
    sets: Iterable[LoggedSet],
    library: Library,
    *,
    customs: Mapping[str, CustomExercise] | None = None,
    unit: MassUnit = MassUnit.KG,
) -> StrengthReport:
    """Estimated 1RM per loaded exercise (sets of 1-10 reps), best per day and week; the level reached per chain."""
    return build_strength(digest(sets), resolver(library, customs), library, unit)


def build_strength(dg: Digest, resolve: Resolver, library: Library, unit: MassUnit = MassUnit.KG) -> StrengthReport:
    """`strength` from sets already read into a digest (so `analyse` reads them once for every report); the
    messages say weights in `unit` (the figures stay in kg)."""
    by_exercise: dict[str, list[E1rmPoint]] = {}
    for (ex, day), (e1rm, load, reps) in dg.best.items():
        by_exercise.setdefault(ex, []).append(E1rmPoint(day, e1rm, load, reps))
    exercises = [
        _exercise_strength(ex, resolve(ex).name, sorted(pts, key=lambda p: p.day), unit)
        for ex, pts in by_exercise.items()
    ]
    note = (
        f"Estimated 1RM, from Epley's formula on your sets of {E1RM_MAX_REPS.value:g} reps or fewer: an estimate "
        f"that can be off by about {E1RM_ERROR_PERCENT.value:g}-{E1RM_ERROR_PERCENT.top:g}%, good for following "
        "your own trend, not a tested maximum."
    )
    ordered = sorted(exercises, key=lambda e: (-len(e.points), e.exercise_id))
    return StrengthReport(tuple(ordered), _chain_levels(dg.first_done, library), note)


def _exercise_strength(
    exercise_id: str, name: str, points: list[E1rmPoint], unit: MassUnit = MassUnit.KG
) -> ExerciseStrength:
    weekly: dict[date, float] = {}
    best = 0.0
    for p in points:  # sorted by day, so each week's points are together
        wk = week_start(p.day)
        if p.e1rm_kg > weekly.get(wk, 0.0):
            weekly[wk] = p.e1rm_kg
        best = max(best, p.e1rm_kg)
    weeks = tuple(WeeklyBest(wk, v) for wk, v in weekly.items())
    first, latest = weeks[0].e1rm_kg, weeks[-1].e1rm_kg
    change = (latest - first) / first * 100

    def w(kg: float) -> str:
        return weight_words(kg, unit, places=1)

    if len(weeks) == 1:
        message = f"{name}: estimated 1RM {w(latest)}."
    else:
        word = "rose" if change > 0 else "fell" if change < 0 else "held"
        message = f"{name}: estimated 1RM {word} from {w(first)} to {w(latest)} ({change:+.0f}%); best {w(best)}."
    message = message[:1].upper() + message[1:]  # an imported name may start lower-case ("sumo deadlift barbell")
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
            f"on {day_words(reached[chain])}."
        )
        out.append(ChainLevel(chain, ex.level, top_level, ex.id, ex.name, reached[chain], message))
    return tuple(out)
