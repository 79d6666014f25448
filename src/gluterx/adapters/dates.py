"""Days as the pages and the CLI say them, and the moment they act at: one rule both adapters import."""

from __future__ import annotations

from datetime import UTC, date, datetime

__all__ = ["day_month", "now"]


def now() -> datetime:
    """The moment a request or a command acts at, in UTC."""
    return datetime.now(UTC)


def day_month(value: str | date) -> str:
    """'2025-08-17' (or that date, or a moment on it) -> '17 Aug 2025' ('17 Aug' this year): short enough for a
    table column on a phone, the same on a page and in the terminal."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    year = "" if day.year == date.today().year else f" {day.year}"
    return f"{day.day} {day.strftime('%b')}{year}"
