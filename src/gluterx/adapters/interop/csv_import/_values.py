"""One cell's value: numbers (with a decimal comma in semicolon files), reps, RPE, weights in kg, durations, set
times and the date styles of each app; a bad value is a BadValue naming its column."""

from __future__ import annotations

import math
import re
from datetime import datetime

from ._model import LB_TO_KG, MAX_REPS, MAX_SECONDS, MAX_WEIGHT_KG

__all__ = [
    "DATE_HINT",
    "SET_ORDER",
    "BadValue",
    "parse_datetime",
    "parse_duration",
    "parse_number",
    "parse_reps",
    "parse_rpe",
    "parse_seconds",
    "to_kg",
]


class BadValue(ValueError):
    """A bad value in a row: `field` and what is wrong, for a 'line N: field: …' message."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(f"{column}: {message}")
        self.column = column


_EU_DECIMAL = re.compile(r"^-?\d+,\d+$")


def parse_number(text: str, column: str, *, decimal_comma: bool) -> float | None:
    raw = text.strip()
    if not raw:
        return None
    if decimal_comma and _EU_DECIMAL.match(raw):
        raw = raw.replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        raise BadValue(column, f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise BadValue(column, f"{text!r} is not a number")
    if value < 0:
        raise BadValue(column, f"{text!r} is negative")
    return value


def parse_reps(text: str, column: str, *, decimal_comma: bool) -> int | None:
    value = parse_number(text, column, decimal_comma=decimal_comma)
    if value is None:
        return None
    if abs(value - round(value)) > 1e-6:
        raise BadValue(column, f"{text!r} is not a whole number of reps")
    if value > MAX_REPS:
        raise BadValue(column, f"{text!r} is not plausible (more than {MAX_REPS:,} reps)")
    return round(value)


def parse_rpe(text: str, column: str, *, decimal_comma: bool) -> float | None:
    value = parse_number(text, column, decimal_comma=decimal_comma)
    if value is None or value == 0:  # Strong writes 0 for "not given" in some exports
        return None
    if not 1 <= value <= 10:
        raise BadValue(column, f"{text!r} is not an RPE from 1 to 10")
    return value


def to_kg(value: float | None, unit: str, text: str, column: str) -> float | None:
    if value is None:
        return None
    kg = value * LB_TO_KG if unit == "lb" else value
    if kg > MAX_WEIGHT_KG:
        raise BadValue(column, f"{text!r} is not plausible (over {MAX_WEIGHT_KG:,.0f} kg)")
    return round(kg, 3)


_DURATION = re.compile(r"^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s(?:ec)?)?$", re.IGNORECASE)
_CLOCK = re.compile(r"^(\d+):(\d{1,2})(?::(\d{1,2}))?$")


def parse_duration(text: str, column: str) -> int | None:
    """'1h 10m', '35min', '1h 2min', '55s', '3324' (whole seconds) or 'H:MM:SS' -> seconds."""
    raw = text.strip()
    if not raw:
        return None
    if raw.replace(".", "", 1).isdigit():
        return round(float(raw))
    if m := _CLOCK.match(raw):
        h, mi, s = m.group(1), m.group(2), m.group(3)
        return int(h) * 3600 + int(mi) * 60 + int(s) if s is not None else int(h) * 60 + int(mi)
    m = _DURATION.match(raw)
    if m is None or not any(m.groups()):
        raise BadValue(column, f"{text!r} is not a duration like '1h 10m', '35min', '55s' or whole seconds")
    h, mi, s = (int(g) if g else 0 for g in m.groups())
    return h * 3600 + mi * 60 + s


def parse_seconds(text: str, column: str, *, decimal_comma: bool) -> float | None:
    """A set's time: seconds ('60', '120.0') or a clock ('0:25:40' is H:MM:SS, '1:30' is M:SS)."""
    raw = text.strip()
    value: float | None
    if m := _CLOCK.match(raw):
        a, b, c = m.groups()
        value = int(a) * 3600 + int(b) * 60 + int(c) if c is not None else int(a) * 60 + int(b)
    else:
        value = parse_number(raw, column, decimal_comma=decimal_comma)
    if value is not None and value > MAX_SECONDS:
        raise BadValue(column, f"{text!r} is not plausible (more than a week)")
    return value or None


_MONTHS = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}
_DAY_MONTH = re.compile(r"^(\d{1,2}) ([A-Za-z]{3})[A-Za-z]*\.? (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?$")
_MONTH_DAY = re.compile(
    r"^([A-Za-z]{3})[A-Za-z]*\.? (\d{1,2}),? (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])$"
)


def parse_datetime(text: str) -> datetime | None:
    """Strong's '2020-12-07 16:17:06', FitNotes' '2017-06-23', Hevy's '9 Apr 2026, 17:18' and 'Jul 28, 2026, 6:49 PM'."""
    raw = " ".join(text.replace("\u202f", " ").split())
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        pass
    try:
        if m := _DAY_MONTH.match(raw):
            day, month, year, hour, minute, sec = m.groups()
            return datetime(int(year), _MONTHS[month.lower()], int(day), int(hour), int(minute), int(sec or 0))
        if m := _MONTH_DAY.match(raw):
            month, day, year, hour, minute, sec, half = m.groups()
            h = int(hour) % 12 + (12 if half.lower() == "pm" else 0)
            return datetime(int(year), _MONTHS[month.lower()], int(day), h, int(minute), int(sec or 0))
    except (KeyError, ValueError):
        return None
    return None


DATE_HINT = {
    "strong": "YYYY-MM-DD HH:MM:SS",
    "hevy": "'9 Apr 2026, 17:18' or 'Jul 28, 2026, 6:49 PM'",
    "fitnotes": "YYYY-MM-DD",
}

SET_ORDER = {
    "w": "warmup",
    "warm up": "warmup",
    "warmup": "warmup",
    "d": "dropset",
    "drop set": "dropset",
    "dropset": "dropset",
    "f": "failure",
    "failure": "failure",
    "normal": "normal",
}
