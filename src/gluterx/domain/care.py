"""Care: clinicians (trainers and physiotherapists), their practices, and the clients who let them see their data.

Pure: the words of the relationship, adherence over a window, the pain trend and the order of a caseload by who
needs attention first. No clock, no store: the services pass the dates and the readings in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from statistics import mean

from gluterx.domain.progression.alerts import AlertLevel, pain_rising_weekly
from gluterx.domain.thresholds import Cited

__all__ = [
    "ADHERENCE_LOW",
    "CITED",
    "INVITATION_DAYS",
    "ClinicianKind",
    "Direction",
    "PainTrend",
    "PracticeRole",
    "adherence",
    "attention_key",
    "pain_trend",
]

INVITATION_DAYS = Cited("care_invitation_days", 7)
ADHERENCE_LOW = Cited("care_adherence_low_percent", 50)
CITED: tuple[Cited, ...] = (INVITATION_DAYS, ADHERENCE_LOW)
TREND_WEEK = 7


class ClinicianKind(StrEnum):
    TRAINER = "trainer"
    PHYSIO = "physio"

    @property
    def label(self) -> str:
        return {"trainer": "Trainer", "physio": "Physiotherapist"}[self.value]


class PracticeRole(StrEnum):
    OWNER = "owner"
    MEMBER = "member"


class Direction(StrEnum):
    """Who made an invitation: a clinician inviting a client, or a client inviting a clinician."""

    TO_CLIENT = "to_client"
    TO_CLINICIAN = "to_clinician"


class PainTrend(StrEnum):
    RISING = "rising"
    STEADY = "steady"
    EASING = "easing"
    UNKNOWN = "unknown"


def adherence(planned: Sequence[date], done: Sequence[date], *, first: date, last: date) -> float | None:
    """The sessions logged from `first` to `last` over those planned in that window, at most 1 (a session done a
    day late still counts). None when none were planned."""
    due = sum(1 for d in planned if first <= d <= last)
    if not due:
        return None
    logged = sum(1 for d in done if first <= d <= last)
    return min(1.0, logged / due)


def pain_trend(readings: Sequence[tuple[date, int]], *, today: date) -> PainTrend:
    """Rising when the weekly mean rose week on week (silbernagel2007, the same rule as the alert); otherwise this
    week's mean against last week's by at least a point (gluterx_policy), else steady. Unknown without readings in
    both weeks."""
    if pain_rising_weekly(readings, today=today):
        return PainTrend.RISING
    this_week = [p for d, p in readings if today - timedelta(days=TREND_WEEK - 1) <= d <= today]
    last_week = [
        p for d, p in readings if today - timedelta(days=2 * TREND_WEEK - 1) <= d <= today - timedelta(days=TREND_WEEK)
    ]
    if not this_week or not last_week:
        return PainTrend.UNKNOWN
    change = mean(this_week) - mean(last_week)
    if change >= 1:
        return PainTrend.RISING
    if change <= -1:
        return PainTrend.EASING
    return PainTrend.STEADY


@dataclass(frozen=True, slots=True)
class _Attention:
    level: int
    low_adherence: bool
    rising: bool
    days_since: int


def attention_key(
    open_levels: Sequence[AlertLevel],
    adherence_28: float | None,
    trend: PainTrend,
    last_session: date | None,
    *,
    today: date,
) -> tuple[int, int, int, int]:
    """Sort key for a caseload, who needs attention first (gluterx_policy): the most urgent open alert, then
    adherence under ADHERENCE_LOW over 28 days, then pain rising, then the longest since a session."""
    level = max((lv.rank + 1 for lv in open_levels), default=0)
    low = adherence_28 is not None and adherence_28 * 100 < ADHERENCE_LOW.value
    days = (today - last_session).days if last_session is not None else 10_000
    return (-level, 0 if low else 1, 0 if trend is PainTrend.RISING else 1, -days)
