"""Read a Strong, Hevy or FitNotes CSV export into plain sets, one per data row, with every row accounted for.

The format is detected from the header. Each data row becomes an `ImportedSet`, a skipped row (with its reason) or a
row error (with its line number, the field and what is wrong); nothing is dropped silently. Weights come out in kg.

Modules: `_model` (what a parsed export is), `_columns` (format detection and each app's columns), `_text` (encoding,
delimiter, records), `_values` (one cell's value), `_rows` (one row as a set), `_units` (the file's weight unit),
`_parse` (the whole file).
"""

from ._model import (
    FORMATS,
    LB_TO_KG,
    MAX_EXPORT_BYTES,
    ImportedSet,
    ImportFileError,
    ParsedExport,
    RowProblem,
    app_name,
)
from ._parse import parse_export, read_export
from ._units import guess_weight_unit

__all__ = [
    "FORMATS",
    "LB_TO_KG",
    "MAX_EXPORT_BYTES",
    "ImportFileError",
    "ImportedSet",
    "ParsedExport",
    "RowProblem",
    "app_name",
    "guess_weight_unit",
    "parse_export",
    "read_export",
]
