"""Pain over time: the daily mean, its 7-day rolling mean and whether the change from baseline is meaningful."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from gluterx.domain.analysis._common import EPS, num
from gluterx.domain.analysis._records import PainReading
from gluterx.domain.thresholds import PAIN_MEANINGFUL_PERCENT, PAIN_MEANINGFUL_POINTS

__all__ = ["ROLLING_DAYS", "DailyPain", "PainTrend", "pain_trend"]

ROLLING_DAYS = 7
_PAIN_SOURCES = ("farrar2001",)


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
    meaningful = fall >= PAIN_MEANINGFUL_POINTS.value - EPS or (
        percent is not None and -percent >= PAIN_MEANINGFUL_PERCENT.value - EPS
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
    span = f"from {num(base)}/10 at the start to {num(current)}/10 in your latest week of check-ins"
    share = f", {num(-percent)}%" if percent is not None else ""
    if meaningful:
        return (
            f"Your pain has come down {span} (a fall of {num(fall)} points{share}). That is a meaningful "
            "improvement: a fall of 2 points or 30% is what usually counts as a real change."
        )
    if fall > EPS:
        return (
            f"Your pain has eased a little, {span} (a fall of {num(fall)} points{share}). A fall of "
            f"{PAIN_MEANINGFUL_POINTS.value:g} points or {PAIN_MEANINGFUL_PERCENT.value:g}% is what usually counts as "
            "a real change, so keep going."
        )
    if fall < -EPS:
        return (
            f"Your pain is higher than at the start, {span}. If it keeps rising, ease off and check with a doctor "
            "or physiotherapist."
        )
    return f"Your pain is about where it started ({num(current)}/10)."
