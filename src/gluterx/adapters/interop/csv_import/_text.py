"""The file as text and records: its encoding, its delimiter, records with their line numbers, and FitNotes rows
broken by an unquoted comma put back together."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable

from ._model import ImportFileError

__all__ = ["decode", "guess_delimiter", "read_records", "repair"]


def decode(data: bytes) -> str:
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


def guess_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d])


def read_records(text: str, delimiter: str) -> Iterable[tuple[int, list[str]]]:
    """(line the record starts on, fields) for every record, header included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    for row in reader:
        yield line, row
        line = reader.line_num + 1


def repair(row: list[str], width: int, exercise_at: int | None) -> list[str] | None:
    """A row with extra fields from an unquoted comma in the exercise name, with the name put back together."""
    extra = len(row) - width
    if extra <= 0 or exercise_at is None:
        return None
    return [*row[:exercise_at], ",".join(row[exercise_at : exercise_at + extra + 1]), *row[exercise_at + extra + 1 :]]
