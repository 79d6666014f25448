"""The one range each stored value keeps within, whichever way it came in (the API, the pages, the CLI, a CSV import
or a backup restore) and whatever a read finds already stored.

Days: far outside FIRST_DAY..LAST_DAY the date arithmetic of a 12-week plan overflows (Python's dates end at
9999-12-31), and one set in year 1 would stretch every weekly series over two thousand years; such a day is refused
as bad input rather than failing inside. Sets: the widest a real training log holds (a 10,000-rep skipping session,
two tonnes on a leg press) and no wider, so a typo such as reps 877777 or load 1e20 is refused, not stored.
"""

from __future__ import annotations

import math
from datetime import date

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "MAX_LOAD_KG",
    "MAX_REPS",
    "MAX_SET_SECONDS",
    "MAX_WORKOUT_SECONDS",
    "PAIN_HIGH",
    "PAIN_LOW",
    "RIR_HIGH",
    "RPE_HIGH",
    "RPE_LOW",
    "check_pain",
    "check_set",
    "in_days",
    "within",
]

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2199, 12, 31)

MAX_REPS = 10_000
MAX_LOAD_KG = 2_000.0
MAX_SET_SECONDS = 7 * 24 * 3600.0
MAX_WORKOUT_SECONDS = 7 * 24 * 3600
PAIN_LOW, PAIN_HIGH = 0, 10
RPE_LOW, RPE_HIGH = 1.0, 10.0
RIR_HIGH = 10


def in_days(day: date) -> bool:
    """Whether `day` is one GluteRx can plan and log (FIRST_DAY..LAST_DAY)."""
    return FIRST_DAY <= day <= LAST_DAY


def within(value: object, low: float, high: float) -> bool:
    """Whether `value` is a real number (not a bool, NaN or infinity) from `low` to `high`."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and low <= value <= high


def check_pain(name: str, pain: float) -> None:
    """Refuse a pain rating off the 0-10 numeric scale (ValueError naming the field `name`)."""
    if not PAIN_LOW <= pain <= PAIN_HIGH:
        raise ValueError(f"{name}: {pain} is outside 0-10; give pain on the 0-10 scale")


def check_set(reps: int, load_kg: float | None) -> None:
    """Refuse a performed set with negative reps or a negative weight (ValueError naming the field)."""
    if reps < 0:
        raise ValueError(f"reps: {reps} is negative; give the number of reps done (0 or more)")
    if load_kg is not None and load_kg < 0:
        raise ValueError(f"load_kg: {load_kg} is negative; give the weight in kg, or null for none")
