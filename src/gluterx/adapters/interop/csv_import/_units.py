"""The weight unit of a file: stated in the header, on each row, by the person, or guessed from its barbell loads."""

from __future__ import annotations

from collections.abc import Iterable

from ._columns import WEIGHT_UNITS, ColumnLayout, fold

__all__ = [
    "MIN_BARBELL_SETS",
    "POUND_BAR_LOADS",
    "POUND_MAX",
    "POUND_SHARE",
    "file_units",
    "guess_weight_unit",
    "raw_weights",
]

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
        return "kg", "no unit in the file and no barbell sets to judge by; kg assumed (if wrong, choose lb as the unit)"
    share = sum(1 for w in loads if w in POUND_BAR_LOADS) / len(loads)
    top = max(loads)
    if (len(loads) >= MIN_BARBELL_SETS and share >= POUND_SHARE) or top > POUND_MAX:
        return "lb", (
            f"no unit in the file; lb assumed: {share:.0%} of {len(loads)} barbell sets are pound-plate loads "
            f"(135, 225, 315 …), heaviest {top:g} (if wrong, choose kg as the unit)"
        )
    return "kg", (
        f"no unit in the file; kg assumed: {share:.0%} of {len(loads)} barbell sets are pound-plate loads, "
        f"heaviest {top:g} (if wrong, choose lb as the unit)"
    )


def raw_weights(rows: list[tuple[int, list[str]]], layout: ColumnLayout) -> Iterable[tuple[str, float]]:
    ex_at, w_at = layout.index["exercise"], layout.index["weight"]
    for _, row in rows:
        if len(row) > max(ex_at, w_at):
            try:
                yield row[ex_at], float(row[w_at].replace(",", "."))
            except ValueError:
                continue


def file_units(
    rows: list[tuple[int, list[str]]], layout: ColumnLayout, unit: str | None
) -> tuple[str | None, str, str]:
    """(the file's weight unit, None when each row says it; where that came from; the unit for a blank row)."""
    file_unit, unit_note = layout.weight_unit, "stated in the header"
    unit_default = "kg"
    if "weight_unit" in layout.index and file_unit is None:
        file_unit, unit_note = None, "stated on each row (Weight Unit column)"
        counts: dict[str, int] = {}
        at = layout.index["weight_unit"]
        for _, row in rows:
            u = WEIGHT_UNITS.get(fold(row[at])) if at < len(row) else None
            if u:
                counts[u] = counts.get(u, 0) + 1
        unit_default = max(counts, key=lambda u: counts[u]) if counts else unit or "kg"
    elif file_unit is None:
        if unit is not None:
            file_unit, unit_note = unit, f"{unit}, as you chose"
        else:
            file_unit, unit_note = guess_weight_unit(raw_weights(rows, layout))
    return file_unit, unit_note, file_unit or unit_default
