"""Small helpers every report shares: weeks that start on Monday, a number as text, a float tolerance."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from gluterx.domain.weeks import week_start

__all__ = ["BREAK_WEEKS", "DAYS_PER_WEEK", "EPS", "RECENT_WEEKS", "day_words", "num", "series_weeks", "week_start"]

DAYS_PER_WEEK = 7
EPS = 1e-9
# A weekly series shows a break of up to this many empty weeks in full; a longer one shows its first BREAK_WEEKS
# empty weeks and then picks up again, so a series grows with the weeks that have data, never with the span of
# dates (two sets 200 years apart make 10 weeks, not 10,000). Four: the chronic-load window (_load.CHRONIC_WEEKS).
BREAK_WEEKS = 4
# The weeks a weekly chart shows, and the weeks a summary of a weekly series speaks of (gluterx_policy: half a year,
# so a sentence beside a chart never averages over years the chart does not show).
RECENT_WEEKS = 26


def series_weeks(weeks: Iterable[date], *, gap: int = BREAK_WEEKS) -> list[date]:
    """The Mondays of a weekly series over `weeks` (Mondays with data): each of them, the empty weeks between two of
    them when there are `gap` or fewer, else the first `gap` empty weeks of the break."""
    out: list[date] = []
    step = timedelta(days=DAYS_PER_WEEK)
    for wk in sorted(set(weeks)):
        if out:
            nxt, filled = out[-1] + step, 0
            between = (wk - out[-1]).days // DAYS_PER_WEEK - 1
            while nxt < wk and (between <= gap or filled < gap):
                out.append(nxt)
                nxt, filled = nxt + step, filled + 1
        out.append(wk)
    return out


def num(value: float) -> str:
    return f"{round(value, 1):g}"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip


def day_words(day: date) -> str:
    """'2025-08-17' as a person says it, with its year: '17 August 2025'."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
