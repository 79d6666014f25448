"""One pass over the logged sets: the per-(week, exercise) counts and per-(exercise, day) bests."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from gluterx.domain.analysis._common import week_start
from gluterx.domain.analysis._records import HARD_SET_MAX_RIR, HARD_SET_MIN_RPE, LoggedSet
from gluterx.domain.progression import epley_e1rm
from gluterx.domain.thresholds import E1RM_MAX_REPS

__all__ = ["Digest", "digest"]


@dataclass
class Digest:
    """Everything the reports need from the sets, gathered in one pass."""

    working: dict[tuple[date, str], int] = field(default_factory=dict)  # (week, exercise) -> non-warm-up sets
    hard: dict[tuple[date, str], int] = field(default_factory=dict)  # (week, exercise) -> hard sets
    best: dict[tuple[str, date], tuple[float, float, int]] = field(default_factory=dict)  # -> (e1rm, load, reps)
    first_done: dict[str, date] = field(default_factory=dict)
    days: set[date] = field(default_factory=set)


def digest(sets: Iterable[LoggedSet], until: date | None = None) -> Digest:
    dg = Digest()
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
            wk = weeks[d] = week_start(d)
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
