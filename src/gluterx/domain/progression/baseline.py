"""The person's usual pain lately: what a next-morning reading is judged against (silbernagel2007).

Not the figure given at setup forever: the median of the check-ins of the last PAIN_BASELINE_DAYS days before the
session, so a person who has improved to 2/10 has a flare at 5/10, and one whose pain is higher this month is not
held back for pain that is usual for them. The intake figure stands in only until there is a check-in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from statistics import median_low

from gluterx.domain.thresholds import PAIN_BASELINE_DAYS

__all__ = ["usual_pain"]


def usual_pain(readings: Sequence[tuple[date, int]], *, before: date, intake: int) -> int:
    """The median pain of the check-ins from PAIN_BASELINE_DAYS days before `before` up to and including it (the
    morning of a session counts as before it); `intake` when there is none. The lower middle of an even count, so
    a single high morning never raises the bar for the next one."""
    since = before - timedelta(days=int(PAIN_BASELINE_DAYS.value) - 1)
    recent = [pain for day, pain in readings if since <= day <= before]
    return median_low(recent) if recent else intake
