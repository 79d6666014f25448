"""Every logged set as CSV: a header line, then one row per set (services.exports.all_sets rows)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from gluterx.services.exports import SET_FIELDS

__all__ = ["COLUMNS", "sets_csv"]

COLUMNS = SET_FIELDS
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        # a spreadsheet would run '=...' as a formula; a leading quote keeps it text
        return "'" + value
    return value


def sets_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    """CSV text (comma-separated, "\\n" line ends, empty cell for a missing value) with the COLUMNS header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in COLUMNS])
    return out.getvalue()
