"""Every logged set as CSV: a header line, then one row per set (services.exports records)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from gluterx.services.exports import SET_FIELDS, SetRecord, SetsExport

__all__ = ["COLUMNS", "sets_csv", "sets_csv_file"]

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


def sets_csv(rows: Iterable[SetRecord]) -> str:
    """CSV text (comma-separated, "\\n" line ends, empty cell for a missing value) with the COLUMNS header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(getattr(row, column)) for column in COLUMNS])
    return out.getvalue()


def sets_csv_file(export: SetsExport) -> bytes:
    """The CSV download (services.exports.sets_export), UTF-8."""
    return sets_csv(export.sets).encode("utf-8")
