"""Training load: weekly session-RPE load and its spikes against the four weeks before."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from gluterx.domain.analysis._common import DAYS_PER_WEEK, EPS, day_words, num, series_weeks, week_start
from gluterx.domain.analysis._records import SessionSummary
from gluterx.domain.thresholds import ACWR_DANGER_MIN

__all__ = ["CHRONIC_WEEKS", "LoadReport", "WeeklyLoad", "training_load"]

# The chronic load is the mean of the four weeks before the acute week (gabbett2016), kept apart from the acute
# week so the ratio is not coupled to itself (lolli2019). The four weeks must all lie after training began
# (gluterx_policy): a first session on a Thursday makes its week part of a week, and climbing from it is a start,
# not a spike, so no ratio is said before four whole weeks of training came before.
CHRONIC_WEEKS = 4
_LOAD_SOURCES = ("foster2001", "gabbett2016", "impellizzeri2021", "lolli2019")


@dataclass(frozen=True, slots=True)
class WeeklyLoad:
    """Session-RPE load (RPE x minutes) for one week, with the acute:chronic ratio once four weeks came before."""

    week_start: date
    load: float
    sessions: int
    unrated: int
    acute_chronic: float | None
    spike: bool


@dataclass(frozen=True, slots=True)
class LoadReport:
    weeks: tuple[WeeklyLoad, ...]
    spikes: tuple[date, ...]
    warning: str | None
    message: str
    sources: tuple[str, ...] = _LOAD_SOURCES


def training_load(sessions: Iterable[SessionSummary]) -> LoadReport:
    """Weekly session-RPE load and its spikes against the four weeks before (a soft warning only)."""
    load: dict[date, float] = {}
    count: dict[date, list[int]] = {}
    first = date.max
    for s in sessions:
        first = min(first, s.day)
        wk = week_start(s.day)
        row = count.setdefault(wk, [0, 0])
        row[0] += 1
        if s.session_rpe is None:
            row[1] += 1
        else:
            load[wk] = load.get(wk, 0.0) + s.session_rpe * s.minutes
    if not count:
        return LoadReport((), (), None, "No sessions logged yet.")
    if not load:  # no session had an effort rating: a load of 0 each week is not a load we can say
        return LoadReport((), (), None, _unrated_message(sum(row[0] for row in count.values())))
    weeks = []
    for wk in series_weeks(count, gap=CHRONIC_WEEKS):
        value = load.get(wk, 0.0)
        ratio = None
        before = [wk - timedelta(days=DAYS_PER_WEEK * k) for k in range(1, CHRONIC_WEEKS + 1)]
        if before[-1] >= first:
            chronic = sum(load.get(b, 0.0) for b in before) / CHRONIC_WEEKS
            ratio = value / chronic if chronic > 0 else None
        spike = ratio is not None and ratio >= ACWR_DANGER_MIN.value - EPS
        sessions_n, unrated = count.get(wk, [0, 0])
        weeks.append(WeeklyLoad(wk, value, sessions_n, unrated, ratio, spike))
    spikes = tuple(w.week_start for w in weeks if w.spike)
    return LoadReport(tuple(weeks), spikes, _load_warning(weeks), _load_message(weeks))


def _load_warning(weeks: Sequence[WeeklyLoad]) -> str | None:
    spiked = [w for w in weeks if w.spike]
    if not spiked:
        return None
    last = spiked[-1]
    more = f" ({len(spiked)} weeks like this in all)" if len(spiked) > 1 else ""
    return (
        f"In the week of {day_words(last.week_start)} your training load was {last.acute_chronic or 0:.1f} times your "
        f"average for the {CHRONIC_WEEKS} weeks before{more}. Sudden jumps like this have been linked with injury, "
        "though that link is debated, so take it as a nudge, not a rule: if you feel run down or sore, build up "
        "more gradually."
    )


def _unrated_message(sessions: int) -> str:
    return (
        f"None of your {sessions} session{'s' if sessions != 1 else ''} had an effort rating (0-10), so there is no "
        "training load to show yet. Rate how hard a session felt when you log it."
    )


def _load_message(weeks: Sequence[WeeklyLoad]) -> str:
    rated = [w for w in weeks if w.sessions > w.unrated]
    latest = rated[-1]  # training_load gives no weeks when no session was rated
    text = (
        f"Training load (session effort 0-10 x minutes) in the week of {day_words(latest.week_start)}, the latest "
        f"with a rated session: {num(latest.load)}, over {latest.sessions - latest.unrated} rated "
        f"session{'s' if latest.sessions - latest.unrated != 1 else ''}."
    )
    unrated = sum(w.unrated for w in weeks)
    if unrated:
        text += f" {unrated} session{'s' if unrated != 1 else ''} had no effort rating and add nothing to the load."
    return text
