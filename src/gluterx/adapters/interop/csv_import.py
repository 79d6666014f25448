"""Read a Strong, Hevy or FitNotes CSV export into plain sets, one per data row, with every row accounted for.

The format is detected from the header. Each data row becomes an `ImportedSet`, a skipped row (with its reason) or a
row error (with its line number, the field and what is wrong); nothing is dropped silently. Weights come out in kg.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path

__all__ = [
    "FORMATS",
    "LB_TO_KG",
    "ImportFileError",
    "ImportedSet",
    "ParsedExport",
    "RowProblem",
    "guess_weight_unit",
    "parse_export",
    "read_export",
]

FORMATS = ("strong", "hevy", "fitnotes")
LB_TO_KG = 0.45359237
MILE_M = 1609.344
YARD_M = 0.9144

MAX_REPS = 10_000
MAX_WEIGHT_KG = 2_000.0
MAX_SECONDS = 7 * 24 * 3600
PLAUSIBLE_WORKOUT_S = 12 * 3600  # longer is a timer left running (Strong's "168h 14m"); such a duration is ignored

REST_TIMER = "rest timer row: the rest between sets, not a set"
EMPTY_SET = "no reps, time or distance recorded"
BLANK_LINE = "blank line"

EXPECTED = (
    "Expected the header of one of these exports: "
    "Strong (Date, Workout Name, Exercise Name, Set Order, Weight, Reps, …; comma or semicolon), "
    "Hevy (title, start_time, exercise_title, set_index, set_type, weight_kg or weight_lbs, reps, …) or "
    "FitNotes (Date, Exercise, Category, Weight or Weight (lbs), Reps, …)."
)


class ImportFileError(ValueError):
    """The file as a whole cannot be read as a supported export (empty, binary, not UTF-8, unknown header)."""


@dataclass(frozen=True, slots=True)
class ImportedSet:
    """One performed set from an export. `line` is the line the row starts on (the header is line 1)."""

    line: int
    workout_key: str
    workout_date: date
    workout_time: time | None
    workout_name: str
    exercise: str
    set_index: int  # 1-based, this exercise's sets in this workout in file order (warm-ups included)
    set_type: str  # normal | warmup | dropset | failure
    warmup: bool
    reps: int
    weight_kg: float | None
    rpe: float | None
    seconds: float | None
    distance_m: float | None
    notes: str
    workout_notes: str = ""
    workout_duration_s: int | None = None


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row not imported (skipped or in error), or a row that needed repair; `reason` groups like problems."""

    line: int
    reason: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ParsedExport:
    kind: str
    variant: str
    columns: list[str]
    weight_unit: str  # kg | lb | per row
    unit_note: str  # where the unit came from
    rows_read: int = 0
    sets: list[ImportedSet] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    repaired: list[RowProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def accounted(self) -> int:
        """Rows that became a set, were skipped, or are in error: equals `rows_read` (no row lost)."""
        return len(self.sets) + len(self.skipped) + len(self.errors)


# ------------------------------------------------------------------------------------------------ header


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    """Lower-case ASCII words: 'Nom de l'entraînement' -> 'nom de l entrainement', 'weight_lbs' -> 'weight lbs'."""
    plain = unicodedata.normalize("NFKD", text.strip().lstrip("\ufeff"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


# folded header -> canonical column. Strong's translated exports keep the column order; French is the one seen.
_COLUMNS: dict[str, str] = {
    "date": "date",
    "workout": "workout_number",
    "workout name": "workout_name",
    "nom de l entrainement": "workout_name",
    "duration": "duration",
    "duree": "duration",
    "exercise name": "exercise",
    "nom de l exercice": "exercise",
    "exercise": "exercise",
    "exercise title": "exercise",
    "set order": "set_order",
    "ordre de la serie": "set_order",
    "weight": "weight",
    "poids": "weight",
    "weight unit": "weight_unit",
    "unite de poids": "weight_unit",
    "reps": "reps",
    "rpe": "rpe",
    "distance": "distance",
    "distance unit": "distance_unit",
    "seconds": "seconds",
    "secondes": "seconds",
    "notes": "notes",
    "workout notes": "workout_notes",
    "notes d entrainement": "workout_notes",
    "category": "category",
    "time": "time",
    "comment": "notes",
    "title": "workout_name",
    "start time": "start_time",
    "end time": "end_time",
    "description": "workout_notes",
    "superset id": "superset_id",
    "exercise notes": "notes",
    "set index": "set_index",
    "set type": "set_type",
    "duration seconds": "seconds",
    "kg": "weight",  # very old Strong: Date,Workout Name,Exercise Name,Set Order,kg,Reps,km,Seconds,Notes
    "lbs": "weight",
    "km": "distance",
    "mi": "distance",
}
_WEIGHT_UNITS = {"kg": "kg", "kgs": "kg", "lb": "lb", "lbs": "lb"}
_DISTANCE_M = {"km": 1000.0, "kms": 1000.0, "m": 1.0, "meters": 1.0, "metres": 1.0, "mi": MILE_M, "miles": MILE_M}
_DURATION_UNITS = {"sec", "secs", "seconds", "s"}


@dataclass(frozen=True)
class _Layout:
    """Where each canonical column is, and the units the header states."""

    index: dict[str, int]
    weight_unit: str | None  # from the header, e.g. "Weight (kg)", "weight_lbs"
    distance_m: float | None  # metres per distance unit, from the header


def _layout(header: list[str]) -> _Layout:
    index: dict[str, int] = {}
    weight_unit = None
    distance_m = None
    for i, cell in enumerate(header):
        folded = _fold(cell)
        name = _COLUMNS.get(folded)
        if name is None:
            head, _, unit = folded.rpartition(" ")
            if head in ("weight", "poids") and unit in _WEIGHT_UNITS:
                name, weight_unit = "weight", _WEIGHT_UNITS[unit]
            elif head == "distance" and unit in _DISTANCE_M:
                name, distance_m = "distance", _DISTANCE_M[unit]
            elif head in ("duration", "duree") and unit in _DURATION_UNITS:
                name = "duration"  # "Duration (sec)": whole seconds, which _duration reads as such
        elif folded in ("kg", "lbs"):
            weight_unit = _WEIGHT_UNITS[folded]
        elif folded in ("km", "mi"):
            distance_m = _DISTANCE_M[folded]
        if name is not None:
            index.setdefault(name, i)
    return _Layout(index, weight_unit, distance_m)


_REQUIRED = {
    "strong": ("date", "exercise", "set_order", "weight", "reps"),
    "hevy": ("start_time", "exercise", "weight", "reps"),
    "fitnotes": ("date", "exercise", "weight", "reps"),
}
_LABEL = {
    "date": "Date",
    "exercise": "Exercise Name",
    "set_order": "Set Order",
    "weight": "Weight",
    "reps": "Reps",
    "start_time": "start_time",
}


def _detect(header: list[str], layout: _Layout) -> str | None:
    folded = {_fold(h) for h in header}
    if "start time" in folded and "exercise title" in folded:
        return "hevy"
    if "set_order" in layout.index and "exercise" in layout.index:
        return "strong"
    if "category" in layout.index and "exercise" in layout.index and "date" in layout.index:
        return "fitnotes"
    return None


# ------------------------------------------------------------------------------------------------ text


def _decode(data: bytes) -> str:
    if not data.strip():
        raise ImportFileError("the file is empty: export your history from the app again (CSV) and import that file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFileError("the file is not readable UTF-16 text; export it again as CSV (UTF-8)") from exc
    if b"\x00" in data[:8192]:
        raise ImportFileError("the file is binary, not a CSV text file; export your history from the app as CSV")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "export it again as CSV, or save it as 'CSV UTF-8'"
        ) from exc


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d])


# ------------------------------------------------------------------------------------------------ values


class _Bad(ValueError):
    """A bad value in a row: `field` and what is wrong, for a 'line N: field: …' message."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(f"{column}: {message}")
        self.column = column


_EU_DECIMAL = re.compile(r"^-?\d+,\d+$")


def _number(text: str, column: str, *, decimal_comma: bool) -> float | None:
    raw = text.strip()
    if not raw:
        return None
    if decimal_comma and _EU_DECIMAL.match(raw):
        raw = raw.replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        raise _Bad(column, f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise _Bad(column, f"{text!r} is not a number")
    if value < 0:
        raise _Bad(column, f"{text!r} is negative")
    return value


def _reps(text: str, column: str, *, decimal_comma: bool) -> int | None:
    value = _number(text, column, decimal_comma=decimal_comma)
    if value is None:
        return None
    if abs(value - round(value)) > 1e-6:
        raise _Bad(column, f"{text!r} is not a whole number of reps")
    if value > MAX_REPS:
        raise _Bad(column, f"{text!r} is not plausible (more than {MAX_REPS:,} reps)")
    return round(value)


def _rpe(text: str, column: str, *, decimal_comma: bool) -> float | None:
    value = _number(text, column, decimal_comma=decimal_comma)
    if value is None or value == 0:  # Strong writes 0 for "not given" in some exports
        return None
    if not 1 <= value <= 10:
        raise _Bad(column, f"{text!r} is not an RPE from 1 to 10")
    return value


def _kg(value: float | None, unit: str, text: str, column: str) -> float | None:
    if value is None:
        return None
    kg = value * LB_TO_KG if unit == "lb" else value
    if kg > MAX_WEIGHT_KG:
        raise _Bad(column, f"{text!r} is not plausible (over {MAX_WEIGHT_KG:,.0f} kg)")
    return round(kg, 3)


_DURATION = re.compile(r"^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s(?:ec)?)?$", re.IGNORECASE)
_CLOCK = re.compile(r"^(\d+):(\d{1,2})(?::(\d{1,2}))?$")


def _duration(text: str, column: str) -> int | None:
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
        raise _Bad(column, f"{text!r} is not a duration like '1h 10m', '35min', '55s' or whole seconds")
    h, mi, s = (int(g) if g else 0 for g in m.groups())
    return h * 3600 + mi * 60 + s


def _seconds(text: str, column: str, *, decimal_comma: bool) -> float | None:
    """A set's time: seconds ('60', '120.0') or a clock ('0:25:40' is H:MM:SS, '1:30' is M:SS)."""
    raw = text.strip()
    value: float | None
    if m := _CLOCK.match(raw):
        a, b, c = m.groups()
        value = int(a) * 3600 + int(b) * 60 + int(c) if c is not None else int(a) * 60 + int(b)
    else:
        value = _number(raw, column, decimal_comma=decimal_comma)
    if value is not None and value > MAX_SECONDS:
        raise _Bad(column, f"{text!r} is not plausible (more than a week)")
    return value or None


_MONTHS = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}
_DAY_MONTH = re.compile(r"^(\d{1,2}) ([A-Za-z]{3})[A-Za-z]*\.? (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?$")
_MONTH_DAY = re.compile(
    r"^([A-Za-z]{3})[A-Za-z]*\.? (\d{1,2}),? (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])$"
)


def _datetime(text: str) -> datetime | None:
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


_DATE_HINT = {
    "strong": "YYYY-MM-DD HH:MM:SS",
    "hevy": "'9 Apr 2026, 17:18' or 'Jul 28, 2026, 6:49 PM'",
    "fitnotes": "YYYY-MM-DD",
}

_SET_ORDER = {
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


# ------------------------------------------------------------------------------------------------ rows


@dataclass
class _Context:
    kind: str
    layout: _Layout
    unit: str | None  # the file's weight unit when the file does not say it per row
    unit_default: str  # for a blank per-row unit
    decimal_comma: bool
    dates: dict[str, datetime | None] = field(default_factory=dict)
    positions: dict[tuple[str, str], int] = field(default_factory=dict)
    durations: dict[str, int | None] = field(default_factory=dict)
    long_workouts: dict[str, str] = field(default_factory=dict)

    def cell(self, row: list[str], name: str) -> str:
        i = self.layout.index.get(name)
        return row[i] if i is not None else ""

    def when(self, text: str, column: str) -> datetime:
        if text not in self.dates:
            self.dates[text] = _datetime(text)
        value = self.dates[text]
        if value is None:
            raise _Bad(column, f"{text!r} is not a date; expected {_DATE_HINT[self.kind]}")
        return value


def _set_type(ctx: _Context, row: list[str]) -> str | None:
    """normal | warmup | dropset | failure, or None for a Strong rest-timer row."""
    if ctx.kind == "hevy":
        raw = ctx.cell(row, "set_type")
        folded = _fold(raw)
        if not folded:
            return "normal"
        kind = _SET_ORDER.get(folded)
        if kind is None:
            raise _Bad("set_type", f"{raw!r} is not normal, warmup, failure or dropset")
        return kind
    if ctx.kind == "fitnotes":
        return "normal"
    raw = ctx.cell(row, "set_order")
    folded = _fold(raw)
    if folded.isdigit():
        return "normal"
    if "timer" in folded or "minuteur" in folded:
        return None
    kind = _SET_ORDER.get(folded)
    if kind is None:
        raise _Bad("Set Order", f"{raw!r} is not a set number, W/D/F or WARM_UP/FAILURE")
    return kind


def _weight_unit(ctx: _Context, row: list[str]) -> str:
    if ctx.unit is not None:
        return ctx.unit
    raw = _fold(ctx.cell(row, "weight_unit"))
    if not raw:
        return ctx.unit_default
    if raw not in _WEIGHT_UNITS:
        raise _Bad("Weight Unit", f"{ctx.cell(row, 'weight_unit')!r} is not kg or lbs")
    return _WEIGHT_UNITS[raw]


def _distance_m(ctx: _Context, row: list[str]) -> float | None:
    value = _number(ctx.cell(row, "distance"), "Distance", decimal_comma=ctx.decimal_comma)
    if not value:
        return None
    per = ctx.layout.distance_m
    if per is None:
        unit = _fold(ctx.cell(row, "distance_unit"))
        if unit in ("yd", "yds", "yards"):
            per = YARD_M
        else:
            per = _DISTANCE_M.get(unit, MILE_M if ctx.unit_default == "lb" else 1000.0)
    return round(value * per, 2)


def _workout(ctx: _Context, row: list[str]) -> tuple[str, datetime, str, bool]:
    """(key, start, name, has a time of day)."""
    if ctx.kind == "hevy":
        raw = ctx.cell(row, "start_time")
        start = ctx.when(raw, "start_time")
        name = ctx.cell(row, "workout_name").strip()
        return f"{start.isoformat(timespec='minutes')}|{name}", start, name, True
    raw = ctx.cell(row, "date")
    start = ctx.when(raw, "Date")
    if ctx.kind == "fitnotes":
        return start.date().isoformat(), start, "", False
    name = ctx.cell(row, "workout_name").strip()
    return f"{start.isoformat(timespec='seconds')}|{name}", start, name, True


def _workout_duration(ctx: _Context, row: list[str], key: str) -> int | None:
    if key in ctx.durations:
        return ctx.durations[key]
    seconds = _read_duration(ctx, row, key)
    ctx.durations[key] = seconds
    return seconds


def _read_duration(ctx: _Context, row: list[str], key: str) -> int | None:
    if ctx.kind == "fitnotes":
        return None
    if ctx.kind == "hevy":
        end_raw = ctx.cell(row, "end_time")
        if not end_raw.strip():
            return None
        seconds = int(
            (ctx.when(end_raw, "end_time") - ctx.when(ctx.cell(row, "start_time"), "start_time")).total_seconds()
        )
        if seconds < 0:
            raise _Bad("end_time", f"{end_raw!r} is before start_time")
    else:
        raw = ctx.cell(row, "duration")
        seconds_or_none = _duration(raw, "Duration")
        if seconds_or_none is None:
            return None
        seconds = seconds_or_none
        if seconds > PLAUSIBLE_WORKOUT_S:
            ctx.long_workouts.setdefault(key, raw.strip())
            return None
    return seconds


def _parse_row(ctx: _Context, row: list[str], line: int) -> ImportedSet | RowProblem:
    set_type = _set_type(ctx, row)
    exercise = " ".join(ctx.cell(row, "exercise").split())
    if not exercise:
        raise _Bad("Exercise", "is empty; every set needs an exercise name")
    key, start, name, timed = _workout(ctx, row)
    if set_type is None:
        rest = _number(ctx.cell(row, "seconds"), "Seconds", decimal_comma=ctx.decimal_comma)
        return RowProblem(line, REST_TIMER, f"rest timer ({rest or 0:g} s) after {exercise}: not a set, skipped")
    dc = ctx.decimal_comma
    reps = _reps(ctx.cell(row, "reps"), "Reps", decimal_comma=dc)
    weight_raw = ctx.cell(row, "weight")
    weight = _number(weight_raw, "Weight", decimal_comma=dc)
    weight_kg = _kg(weight, _weight_unit(ctx, row), weight_raw, "Weight") if weight else weight
    seconds = _seconds(ctx.cell(row, "time" if ctx.kind == "fitnotes" else "seconds"), "Seconds", decimal_comma=dc)
    distance = _distance_m(ctx, row)
    rpe = _rpe(ctx.cell(row, "rpe"), "RPE", decimal_comma=dc)
    duration = _workout_duration(ctx, row, key)
    if not reps and not seconds and not distance:
        what = f"{weight_raw.strip()} with " if weight else ""
        return RowProblem(line, EMPTY_SET, f"{exercise}: {what}{reps or 0} reps, no time or distance: skipped")
    position = ctx.positions.get((key, exercise), 0) + 1
    ctx.positions[(key, exercise)] = position
    return ImportedSet(
        line=line,
        workout_key=key,
        workout_date=start.date(),
        workout_time=start.time() if timed else None,
        workout_name=name,
        exercise=exercise,
        set_index=position,
        set_type=set_type,
        warmup=set_type == "warmup",
        reps=reps or 0,
        weight_kg=weight_kg,
        rpe=rpe,
        seconds=seconds,
        distance_m=distance,
        notes=ctx.cell(row, "notes").strip(),
        workout_notes=ctx.cell(row, "workout_notes").strip(),
        workout_duration_s=duration,
    )


# ------------------------------------------------------------------------------------------------ units


# A 20 kg (45 lb) bar loaded with pairs of 45 lb and 25 lb plates: loads a kg lifter almost never writes.
POUND_BAR_LOADS = frozenset({45, 95, 135, 185, 225, 275, 315, 365, 405, 455, 495, 545, 585, 635, 675, 725})
MIN_BARBELL_SETS = 20
POUND_SHARE = 0.15
POUND_MAX = 300.0


def guess_weight_unit(sets: Iterable[tuple[str, float]]) -> tuple[str, str]:
    """For a file without units, kg or lb from its barbell loads, and why. `sets` yields (exercise, weight).

    Pound lifters load a 45 lb bar with 45 lb and 25 lb plates (135, 225, 315 …): when at least 15% of the barbell
    sets sit on those loads, or the heaviest is over 300 (implausible in kg), the file is in lb; otherwise kg.
    """
    loads = [w for name, w in sets if w > 0 and "barbel" in name.lower()]
    if not loads:
        return "kg", "no unit in the file and no barbell sets to judge by; kg assumed (use --unit lb if wrong)"
    share = sum(1 for w in loads if w in POUND_BAR_LOADS) / len(loads)
    top = max(loads)
    if (len(loads) >= MIN_BARBELL_SETS and share >= POUND_SHARE) or top > POUND_MAX:
        return "lb", (
            f"no unit in the file; lb assumed: {share:.0%} of {len(loads)} barbell sets are pound-plate loads "
            f"(135, 225, 315 …), heaviest {top:g} (use --unit kg if wrong)"
        )
    return "kg", (
        f"no unit in the file; kg assumed: {share:.0%} of {len(loads)} barbell sets are pound-plate loads, "
        f"heaviest {top:g} (use --unit lb if wrong)"
    )


# ------------------------------------------------------------------------------------------------ the file


def _records(text: str, delimiter: str) -> Iterable[tuple[int, list[str]]]:
    """(line the record starts on, fields) for every record, header included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    for row in reader:
        yield line, row
        line = reader.line_num + 1


def _repair(row: list[str], width: int, exercise_at: int | None) -> list[str] | None:
    """A row with extra fields from an unquoted comma in the exercise name, with the name put back together."""
    extra = len(row) - width
    if extra <= 0 or exercise_at is None:
        return None
    return [*row[:exercise_at], ",".join(row[exercise_at : exercise_at + extra + 1]), *row[exercise_at + extra + 1 :]]


def _variant(kind: str, delimiter: str, layout: _Layout, header: list[str]) -> str:
    bits = [{",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]]
    folded = [_fold(h) for h in header]
    if kind == "strong":
        if "workout_number" in layout.index:
            bits.append('"Workout #" format')
        if any(f in ("nom de l entrainement", "ordre de la serie") for f in folded):
            bits.append("French headers")
        if "duration" not in layout.index:
            bits.append("no Duration column")
    if "weight_unit" in layout.index:
        bits.append("Weight Unit column")
    elif layout.weight_unit:
        bits.append(f"{layout.weight_unit} in the header")
    else:
        bits.append("no unit")
    return f"{kind} ({', '.join(bits)})"


def _check_kind(kind: str | None, detected: str | None, header: list[str]) -> str:
    shown = ", ".join(h.strip() for h in header[:14]) + (" …" if len(header) > 14 else "")
    shown = shown if len(shown) <= 200 else shown[:200] + " …"
    if detected is None:
        named = f"as a {kind.capitalize()} export " if kind else ""
        raise ImportFileError(f"the header is not one GluteRx can read {named}({shown}). {EXPECTED}")
    if kind is not None and kind != detected:
        raise ImportFileError(
            f"the file looks like a {detected.capitalize()} export, not {kind.capitalize()}; "
            f"use --from {detected} or leave --from out"
        )
    return detected


def parse_export(data: bytes, *, kind: str | None = None, unit: str | None = None) -> ParsedExport:
    """Every row of a Strong, Hevy or FitNotes export as a set, a skipped row or a row error.

    `kind` (strong | hevy | fitnotes) checks the detected format; `unit` (kg | lb) overrides the weight unit of a file
    that does not state one. Raises ImportFileError when the file as a whole cannot be read.
    """
    if kind is not None and kind not in FORMATS:
        raise ImportFileError(f"unknown format {kind!r}; use one of {', '.join(FORMATS)}")
    if unit is not None and unit not in ("kg", "lb"):
        raise ImportFileError(f"unknown unit {unit!r}; use kg or lb")
    text = _decode(data)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = _delimiter(first_line)
    records = iter(_records(text, delimiter))
    header: list[str] = []
    try:
        for _, row in records:
            if row:
                header = row
                break
        layout = _layout(header)
        detected = _check_kind(kind, _detect(header, layout), header)
        missing = [c for c in _REQUIRED[detected] if c not in layout.index]
        if missing:
            names = ", ".join(_LABEL.get(c, c) for c in missing)
            raise ImportFileError(f"the {detected.capitalize()} header lacks {names}. {EXPECTED}")
        rows = list(records)
    except csv.Error as exc:  # e.g. a field over the csv module's size limit: not an export
        raise ImportFileError(f"the file cannot be read as CSV ({exc}); export it from the app again") from exc
    if not rows:
        raise ImportFileError("the file has a header but no rows: there is nothing to import")

    file_unit, unit_note = layout.weight_unit, "stated in the header"
    unit_default = "kg"
    if "weight_unit" in layout.index and file_unit is None:
        file_unit, unit_note = None, "stated on each row (Weight Unit column)"
        counts: dict[str, int] = {}
        at = layout.index["weight_unit"]
        for _, row in rows:
            u = _WEIGHT_UNITS.get(_fold(row[at])) if at < len(row) else None
            if u:
                counts[u] = counts.get(u, 0) + 1
        unit_default = max(counts, key=lambda u: counts[u]) if counts else unit or "kg"
    elif file_unit is None:
        if unit is not None:
            file_unit, unit_note = unit, f"{unit} as you said (--unit {unit})"
        else:
            file_unit, unit_note = guess_weight_unit(_raw_weights(rows, layout))
    unit_default = file_unit or unit_default

    ctx = _Context(detected, layout, file_unit, unit_default, decimal_comma=delimiter == ";")
    parsed = ParsedExport(
        kind=detected,
        variant=_variant(detected, delimiter, layout, header),
        columns=[h.strip() for h in header],
        weight_unit=file_unit or "per row",
        unit_note=unit_note,
        rows_read=len(rows),
    )
    width = len(header)
    exercise_at = layout.index.get("exercise") if detected == "fitnotes" else None
    for line, row in rows:
        if not row or (len(row) == 1 and not row[0].strip()):
            parsed.skipped.append(RowProblem(line, BLANK_LINE, "blank line: skipped"))
            continue
        fixed = _repair(row, width, exercise_at)
        try:
            if len(row) != width and fixed is None:
                raise _Bad("row", f"has {len(row)} fields, the header has {width} (a stray delimiter or quote?)")
            result = _parse_row(ctx, fixed or row, line)
        except _Bad as exc:
            what = (
                f"has {len(row)} fields, the header has {width}; and after rejoining the exercise name, "
                if fixed
                else ""
            )
            parsed.errors.append(RowProblem(line, exc.column, f"{what}{exc}"))
            continue
        if isinstance(result, RowProblem):
            parsed.skipped.append(result)
            continue
        if fixed is not None:
            parsed.repaired.append(
                RowProblem(
                    line,
                    "unquoted comma in the exercise name",
                    f"{len(row)} fields for {width}: an unquoted comma in the exercise name; read as {result.exercise!r}",
                )
            )
        parsed.sets.append(result)
    for key, raw in ctx.long_workouts.items():
        parsed.notices.append(
            f"workout {key.replace('|', ' ')}: duration {raw} looks like a timer left running; ignored"
        )
    return parsed


def _raw_weights(rows: list[tuple[int, list[str]]], layout: _Layout) -> Iterable[tuple[str, float]]:
    ex_at, w_at = layout.index["exercise"], layout.index["weight"]
    for _, row in rows:
        if len(row) > max(ex_at, w_at):
            try:
                yield row[ex_at], float(row[w_at].replace(",", "."))
            except ValueError:
                continue


def read_export(path: Path | str, *, kind: str | None = None, unit: str | None = None) -> ParsedExport:
    """`parse_export` on a file's bytes."""
    return parse_export(Path(path).read_bytes(), kind=kind, unit=unit)
