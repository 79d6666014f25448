"""What the analytics tests share: a Monday to count from, sets and pain readings, an imported leg extension."""

from __future__ import annotations

from datetime import date, timedelta

from gluterx.domain.analysis import CustomExercise, LoggedSet, PainReading
from gluterx.domain.anatomy import Muscle
from gluterx.domain.exercise import ForceVector, Pattern

MONDAY = date(2025, 3, 3)
LEG_EXTENSION = CustomExercise(
    "leg_extension",
    name="Leg Extension (Machine)",
    pattern=Pattern.SQUAT,
    hip_dominant=False,
    force_vector=ForceVector.NONE,
    primary_muscles=(Muscle.QUADS,),
    secondary_muscles=(),
)
CUSTOMS = {LEG_EXTENSION.exercise_id: LEG_EXTENSION}


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def sets_of(exercise_id: str, n: int, *, on: int = 0, **kw: object) -> list[LoggedSet]:
    return [LoggedSet(day(on), exercise_id, 10, **kw) for _ in range(n)]


def readings(*pairs: tuple[int, float]) -> list[PainReading]:
    return [PainReading(day(n), p) for n, p in pairs]


def quad_dominant_history() -> list[LoggedSet]:
    """Four weeks of squats, lunges and leg extensions, with a few glute bridges."""
    out: list[LoggedSet] = []
    for week in range(4):
        out += sets_of("back_squat", 5, on=7 * week, load_kg=100, rir=2)
        out += sets_of("walking_lunge", 3, on=7 * week + 2, load_kg=20)
        out += sets_of("leg_extension", 3, on=7 * week + 2, load_kg=50)
        out += sets_of("glute_bridge", 1, on=7 * week + 4)
    return out
