"""Small helpers every report shares: weeks that start on Monday, a number as text, a float tolerance."""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["DAYS_PER_WEEK", "EPS", "num", "week_range", "week_start"]

DAYS_PER_WEEK = 7
EPS = 1e-9


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def week_range(first: date, last: date) -> list[date]:
    """Every Monday from `first`'s week to `last`'s week."""
    start, end = week_start(first), week_start(last)
    return [start + timedelta(days=DAYS_PER_WEEK * i) for i in range((end - start).days // DAYS_PER_WEEK + 1)]


def num(value: float) -> str:
    return f"{round(value, 1):g}"
