"""One data row as a set or a skipped row: its set type, workout, weight unit, distance and the workout's duration."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from gluterx.domain.limits import FIRST_DAY, LAST_DAY, in_days

from ._columns import DISTANCE_M, WEIGHT_UNITS, ColumnLayout, fold
from ._model import EMPTY_SET, MILE_M, PLAUSIBLE_WORKOUT_S, REST_TIMER, YARD_M, ImportedSet, RowProblem
from ._values import (
    DATE_HINT,
    SET_ORDER,
    BadValue,
    parse_datetime,
    parse_duration,
    parse_number,
    parse_reps,
    parse_rpe,
    parse_seconds,
    to_kg,
)

__all__ = ["RowContext", "parse_row"]


@dataclass
class RowContext:
    kind: str
    layout: ColumnLayout
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
            self.dates[text] = parse_datetime(text)
        value = self.dates[text]
        if value is None:
            raise BadValue(column, f"{text!r} is not a date; expected {DATE_HINT[self.kind]}")
        if not in_days(value.date()):  # the one range of days every way in accepts
            raise BadValue(column, f"{text!r} is out of range; use a day between {FIRST_DAY} and {LAST_DAY}")
        return value


def _set_type(ctx: RowContext, row: list[str]) -> str | None:
    """normal | warmup | dropset | failure, or None for a Strong rest-timer row."""
    if ctx.kind == "hevy":
        raw = ctx.cell(row, "set_type")
        folded = fold(raw)
        if not folded:
            return "normal"
        kind = SET_ORDER.get(folded)
        if kind is None:
            raise BadValue("set_type", f"{raw!r} is not normal, warmup, failure or dropset")
        return kind
    if ctx.kind == "fitnotes":
        return "normal"
    raw = ctx.cell(row, "set_order")
    folded = fold(raw)
    if folded.isdigit():
        return "normal"
    if "timer" in folded or "minuteur" in folded:
        return None
    kind = SET_ORDER.get(folded)
    if kind is None:
        raise BadValue("Set Order", f"{raw!r} is not a set number, W/D/F or WARM_UP/FAILURE")
    return kind


def _weight_unit(ctx: RowContext, row: list[str]) -> str:
    if ctx.unit is not None:
        return ctx.unit
    raw = fold(ctx.cell(row, "weight_unit"))
    if not raw:
        return ctx.unit_default
    if raw not in WEIGHT_UNITS:
        raise BadValue("Weight Unit", f"{ctx.cell(row, 'weight_unit')!r} is not kg or lbs")
    return WEIGHT_UNITS[raw]


def _distance_m(ctx: RowContext, row: list[str]) -> float | None:
    value = parse_number(ctx.cell(row, "distance"), "Distance", decimal_comma=ctx.decimal_comma)
    if not value:
        return None
    per = ctx.layout.distance_m
    if per is None:
        unit = fold(ctx.cell(row, "distance_unit"))
        if unit in ("yd", "yds", "yards"):
            per = YARD_M
        else:
            per = DISTANCE_M.get(unit, MILE_M if ctx.unit_default == "lb" else 1000.0)
    return round(value * per, 2)


def _workout(ctx: RowContext, row: list[str]) -> tuple[str, datetime, str, bool]:
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


def _workout_duration(ctx: RowContext, row: list[str], key: str) -> int | None:
    if key in ctx.durations:
        return ctx.durations[key]
    seconds = _read_duration(ctx, row, key)
    ctx.durations[key] = seconds
    return seconds


def _read_duration(ctx: RowContext, row: list[str], key: str) -> int | None:
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
            raise BadValue("end_time", f"{end_raw!r} is before start_time")
    else:
        raw = ctx.cell(row, "duration")
        seconds_or_none = parse_duration(raw, "Duration")
        if seconds_or_none is None:
            return None
        seconds = seconds_or_none
        if seconds > PLAUSIBLE_WORKOUT_S:
            ctx.long_workouts.setdefault(key, raw.strip())
            return None
    return seconds


def parse_row(ctx: RowContext, row: list[str], line: int) -> ImportedSet | RowProblem:
    set_type = _set_type(ctx, row)
    exercise = " ".join(ctx.cell(row, "exercise").split())
    if not exercise:
        raise BadValue("Exercise", "is empty; every set needs an exercise name")
    key, start, name, timed = _workout(ctx, row)
    if set_type is None:
        rest = parse_number(ctx.cell(row, "seconds"), "Seconds", decimal_comma=ctx.decimal_comma)
        return RowProblem(line, REST_TIMER, f"rest timer ({rest or 0:g} s) after {exercise}: not a set, skipped")
    dc = ctx.decimal_comma
    reps = parse_reps(ctx.cell(row, "reps"), "Reps", decimal_comma=dc)
    weight_raw = ctx.cell(row, "weight")
    weight = parse_number(weight_raw, "Weight", decimal_comma=dc)
    weight_kg = to_kg(weight, _weight_unit(ctx, row), weight_raw, "Weight") if weight else weight
    seconds = parse_seconds(ctx.cell(row, "time" if ctx.kind == "fitnotes" else "seconds"), "Seconds", decimal_comma=dc)
    distance = _distance_m(ctx, row)
    rpe = parse_rpe(ctx.cell(row, "rpe"), "RPE", decimal_comma=dc)
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
