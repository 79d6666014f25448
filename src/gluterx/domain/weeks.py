"""Weeks on the calendar: they start on Monday (ISO 8601), for the analysis, the alerts and the plan alike."""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["week_start"]


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())
