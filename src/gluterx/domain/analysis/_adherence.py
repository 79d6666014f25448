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
    extra: int = 0  # days trained beyond the plan, from the first week with a planned session on
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
    first_planned = min(plan, default=None)
    extra = sum(w.extra for w in weeks if first_planned is not None and w.week_start >= first_planned)
    percent = total_d / total_p * 100 if total_p else None
    return AdherenceReport(tuple(weeks), total_p, total_d, percent, _message(total_p, total_d, extra), extra)


def _message(planned: int, done: int, extra: int) -> str:
    """One sentence with every count the Sessions card shows: planned so far, done of them, and days beyond them."""
    if not planned:
        return "No sessions were planned up to today."
    percent = done / planned * 100
    more = f", and trained on {extra} more day{'s' if extra != 1 else ''} besides" if extra else ""
    message = (
        f"You did {done} of the {planned} session{'s' if planned != 1 else ''} planned so far ({percent:.0f}%){more}."
    )
    if percent < LOW_ADHERENCE_PERCENT:
        message += " Shorter sessions or fewer days a week may be easier to keep up; tell us and we will adjust."
    return message
