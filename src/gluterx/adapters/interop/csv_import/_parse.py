"""Read a Strong, Hevy or FitNotes CSV export into plain sets, one per data row, with every row accounted for."""

from __future__ import annotations

import csv
from pathlib import Path

from ._columns import LABEL, REQUIRED, check_kind, detect, read_header, variant
from ._model import BLANK_LINE, EXPECTED, FORMATS, ImportFileError, ParsedExport, RowProblem
from ._rows import RowContext, parse_row
from ._text import decode, guess_delimiter, read_records, repair
from ._units import file_units
from ._values import BadValue

__all__ = ["parse_export", "read_export"]


def parse_export(data: bytes, *, kind: str | None = None, unit: str | None = None) -> ParsedExport:
    """Every row of a Strong, Hevy or FitNotes export as a set, a skipped row or a row error.

    `kind` (strong | hevy | fitnotes) checks the detected format; `unit` (kg | lb) overrides the weight unit of a file
    that does not state one. Raises ImportFileError when the file as a whole cannot be read.
    """
    if kind is not None and kind not in FORMATS:
        raise ImportFileError(f"unknown format {kind!r}; use one of {', '.join(FORMATS)}")
    if unit is not None and unit not in ("kg", "lb"):
        raise ImportFileError(f"unknown unit {unit!r}; use kg or lb")
    text = decode(data)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = guess_delimiter(first_line)
    records = iter(read_records(text, delimiter))
    header: list[str] = []
    try:
        for _, row in records:
            if row:
                header = row
                break
        layout = read_header(header)
        detected = check_kind(kind, detect(header, layout), header)
        missing = [c for c in REQUIRED[detected] if c not in layout.index]
        if missing:
            names = ", ".join(LABEL.get(c, c) for c in missing)
            raise ImportFileError(f"the {detected.capitalize()} header lacks {names}. {EXPECTED}")
        rows = list(records)
    except csv.Error as exc:  # e.g. a field over the csv module's size limit: not an export
        raise ImportFileError(f"the file cannot be read as CSV ({exc}); export it from the app again") from exc
    if not rows:
        raise ImportFileError("the file has a header but no rows: there is nothing to import")

    file_unit, unit_note, unit_default = file_units(rows, layout, unit)

    ctx = RowContext(detected, layout, file_unit, unit_default, decimal_comma=delimiter == ";")
    parsed = ParsedExport(
        kind=detected,
        variant=variant(detected, delimiter, layout, header),
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
        fixed = repair(row, width, exercise_at)
        try:
            if len(row) != width and fixed is None:
                raise BadValue("row", f"has {len(row)} fields, the header has {width} (a stray delimiter or quote?)")
            result = parse_row(ctx, fixed or row, line)
        except BadValue as exc:
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


def read_export(path: Path | str, *, kind: str | None = None, unit: str | None = None) -> ParsedExport:
    """`parse_export` on a file's bytes."""
    return parse_export(Path(path).read_bytes(), kind=kind, unit=unit)
