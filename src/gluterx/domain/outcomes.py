"""Outcome measures: how the person is doing, in their own answers, scored and compared with where they started.

Three measures, asked together at the start and every 4 weeks:
- the numeric pain rating (NPRS, 0 none .. 10 worst);
- the Patient-Specific Functional Scale (PSFS): 3 to 5 activities the person names, each rated 0 (cannot do it) to
  10 (as well as before the problem); the score is their mean;
- a global rating of change (GROC), the 15-point scale from -7 (a very great deal worse) through 0 (about the same)
  to +7 (a very great deal better), asked only at follow-ups: at the start there is nothing to compare with.

Each has its minimal important change from the evidence registry. Pure: no clock, no store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from gluterx.domain.thresholds import PAIN_MEANINGFUL_PERCENT, PAIN_MEANINGFUL_POINTS, Cited

__all__ = [
    "ACTIVITY_NAME_MAX",
    "EVERY_DAYS",
    "GROC_LABELS",
    "GROC_MEANINGFUL",
    "GROC_RANGE",
    "PSFS_ACTIVITIES",
    "PSFS_MEANINGFUL",
    "SCORE_RANGE",
    "Activity",
    "Answers",
    "Change",
    "Due",
    "Measure",
    "Verdict",
    "due",
    "groc_verdict",
    "pain_change",
    "psfs_change",
]

SCORE_RANGE = (0, 10)  # NPRS and each PSFS activity
GROC_RANGE = (-7, 7)  # the 15-point scale (Jaeschke 1989; Kamper 2009 reviews its design)
PSFS_ACTIVITIES = (3, 5)  # the person names 3 to 5 activities (Stratford 1995)
ACTIVITY_NAME_MAX = 80
EPS = 1e-9

PSFS_MEANINGFUL = Cited("psfs_meaningful_change_points", 2)
GROC_MEANINGFUL = Cited("groc_meaningful_min", 3)
EVERY_DAYS = Cited("outcome_interval_days", 28)
CITED: tuple[Cited, ...] = (PSFS_MEANINGFUL, GROC_MEANINGFUL, EVERY_DAYS)

# The 15 answers in plain words; the sign says the direction, the size how much.
GROC_LABELS: dict[int, str] = {
    -7: "A very great deal worse",
    -6: "A great deal worse",
    -5: "Quite a bit worse",
    -4: "Moderately worse",
    -3: "Somewhat worse",
    -2: "A little worse",
    -1: "A tiny bit worse, hardly any",
    0: "About the same",
    1: "A tiny bit better, hardly any",
    2: "A little better",
    3: "Somewhat better",
    4: "Moderately better",
    5: "Quite a bit better",
    6: "A great deal better",
    7: "A very great deal better",
}


class Measure(StrEnum):
    NPRS = "nprs"
    PSFS = "psfs"
    GROC = "groc"


SOURCES: dict[Measure, tuple[str, ...]] = {
    Measure.NPRS: ("farrar2001",),
    Measure.PSFS: ("abbott2014", "stratford1995"),
    Measure.GROC: ("wang2011", "kamper2009"),
}


@dataclass(frozen=True, slots=True)
class Activity:
    """One PSFS activity in the person's own words, and how well they can do it now (0 cannot .. 10 as before)."""

    name: str
    score: int


@dataclass(frozen=True, slots=True)
class Answers:
    """One set of answers on one day. `groc` is None at the start (there is no earlier time to compare with)."""

    date: dt.date
    pain: int
    activities: tuple[Activity, ...]
    groc: int | None = None

    @property
    def psfs(self) -> float:
        """The PSFS score: the mean of the activities' ratings."""
        return sum(a.score for a in self.activities) / len(self.activities) if self.activities else 0.0


class Verdict(StrEnum):
    BETTER = "better"  # changed for the better by at least the minimal important change
    WORSE = "worse"  # changed for the worse by at least the minimal important change
    NO_CLEAR_CHANGE = "no_clear_change"


@dataclass(frozen=True, slots=True)
class Change:
    """A measure's latest score against the first, and whether the change reaches its minimal important change.

    `difference` is latest - first (for pain a fall is negative and better). `mic` is the change that counts, in the
    measure's points, with its registry figure; `sources` the source ids behind it.
    """

    measure: Measure
    first: float
    latest: float
    difference: float
    verdict: Verdict
    mic: Cited
    sources: tuple[str, ...]

    @property
    def meaningful(self) -> bool:
        return self.verdict is not Verdict.NO_CLEAR_CHANGE


def pain_change(first: int, latest: int) -> Change:
    """Pain against the first answer: a fall of 2 points or 30% of the first is a meaningful improvement
    (Farrar 2001); a rise of 2 points or more, a meaningful worsening."""
    difference = float(latest - first)

    fall = -difference
    percent = fall / first * 100 if first > 0 else 0.0
    if fall > EPS and (fall >= PAIN_MEANINGFUL_POINTS.value - EPS or percent >= PAIN_MEANINGFUL_PERCENT.value - EPS):
        verdict = Verdict.BETTER
    elif difference >= PAIN_MEANINGFUL_POINTS.value - EPS:
        verdict = Verdict.WORSE  # a rise from a low start (1 to 2) is not called worse on the percentage alone
    else:
        verdict = Verdict.NO_CLEAR_CHANGE
    return Change(Measure.NPRS, float(first), float(latest), difference, verdict, PAIN_MEANINGFUL_POINTS,
                  SOURCES[Measure.NPRS])  # fmt: skip


def psfs_change(first: float, latest: float) -> Change:
    """The PSFS mean against the first: up by 2 points or more is a meaningful improvement, down as much a
    worsening (Abbott & Schmitt 2014 found 1.3 to 2.7 points across small to large change)."""
    difference = latest - first
    if difference >= PSFS_MEANINGFUL.value - EPS:
        verdict = Verdict.BETTER
    elif -difference >= PSFS_MEANINGFUL.value - EPS:
        verdict = Verdict.WORSE
    else:
        verdict = Verdict.NO_CLEAR_CHANGE
    return Change(Measure.PSFS, first, latest, difference, verdict, PSFS_MEANINGFUL, SOURCES[Measure.PSFS])


def groc_verdict(groc: int) -> Verdict:
    """+3 ("somewhat better") or more is an important improvement on the 15-point scale (Wang 2011's cut-off);
    -3 or less, an important worsening."""
    if groc >= GROC_MEANINGFUL.value:
        return Verdict.BETTER
    if groc <= -GROC_MEANINGFUL.value:
        return Verdict.WORSE
    return Verdict.NO_CLEAR_CHANGE


@dataclass(frozen=True, slots=True)
class Due:
    """Whether a check is due on `today`: `number` 0 is the start, 1 the first 4-weekly check, and so on.

    `since` is the day the current check became due; `next_date` the day the one after it will.
    """

    due: bool
    number: int
    since: date
    next_date: date


def due(start: date, answered: Sequence[date], today: date, *, every_days: int = int(EVERY_DAYS.value)) -> Due:
    """The check due on `today` for a programme that started on `start`, given the days answers were given.

    The start check is due until there is any answer; after that, check n becomes due on start + n × every_days
    and stays due until an answer is given on or after that day. Days before the start count as the start.
    """
    if every_days < 1:
        raise ValueError("every_days must be at least 1")
    number = max((today - start).days // every_days, 0)
    since = start + timedelta(days=number * every_days)
    next_date = since + timedelta(days=every_days)
    if not answered:
        return Due(True, 0, min(start, today), next_date)
    if number == 0:
        return Due(False, 0, start, next_date)
    return Due(not any(d >= since for d in answered), number, since, next_date)
