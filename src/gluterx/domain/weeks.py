"""Weeks on the calendar: they start on Monday (ISO 8601), for the analysis, the alerts and the plan alike."""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["last_day", "week_start"]


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def last_day(start: date, weeks: int) -> date:
    """The last day of `weeks` weeks from `start` (a programme's end: `start` is its first day)."""
    return start + timedelta(days=7 * weeks - 1)
