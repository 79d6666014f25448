"""Other apps' files in and out: Strong, Hevy and FitNotes CSV exports in."""

from gluterx.adapters.interop.csv_import import (
    FORMATS,
    ImportedSet,
    ImportFileError,
    ParsedExport,
    RowProblem,
    parse_export,
    read_export,
)

__all__ = ["FORMATS", "ImportFileError", "ImportedSet", "ParsedExport", "RowProblem", "parse_export", "read_export"]
