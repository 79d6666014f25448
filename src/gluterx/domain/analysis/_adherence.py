"""Adherence: planned sessions against the days trained, per week and overall."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from gluterx.domain.analysis._common import week_start
from gluterx.domain.analysis._records import PlannedDay

__all__ = ["LOW_ADHERENCE_PERCENT", "AdherenceReport", "WeeklyAdherence", "adherence"]

# Below this share of planned sessions the message offers a lighter plan (gluterx_policy; wording only).
LOW_ADHERENCE_PERCENT = 50
_ADHERENCE_SOURCES = ("gluterx_policy",)


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
