"""What the analytics read: logged sets, pain check-ins, planned days, whole sessions; and which sets are hard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from gluterx.domain.anatomy import Muscle
from gluterx.domain.exercise import ForceVector, Pattern
from gluterx.domain.limits import check_pain, check_set
from gluterx.domain.thresholds import RPE_RIR_OFFSET

__all__ = [
    "HARD_SET_MAX_RIR",
    "HARD_SET_MIN_RPE",
    "Activity",
    "CustomExercise",
    "LoggedSet",
    "PainReading",
    "PlannedDay",
    "SessionSummary",
    "is_hard",
]

# A hard set: within 4 reps of failure, i.e. RIR <= 4 or RPE >= 6 on the RIR-based scale (zourdos2016); a set logged
# without either counts, since most apps do not ask (gluterx_policy).
HARD_SET_MAX_RIR = 4
HARD_SET_MIN_RPE = RPE_RIR_OFFSET.value - HARD_SET_MAX_RIR


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
        check_set(self.reps, self.load_kg)


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
        check_pain("pain", self.pain)


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


def is_hard(s: LoggedSet) -> bool:
    """Not a warm-up, and RIR <= 4 or RPE >= 6, or effort not logged."""
    if s.warmup:
        return False
    if s.rir is None and s.rpe is None:
        return True
    return (s.rir is not None and s.rir <= HARD_SET_MAX_RIR) or (s.rpe is not None and s.rpe >= HARD_SET_MIN_RPE)
