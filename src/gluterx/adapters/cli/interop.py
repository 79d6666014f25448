"""Other apps' history on the command line: `gluterx import FILE` for Strong, Hevy and FitNotes CSV exports."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from gluterx.domain.units import MassUnit

from ._common import Format, FormatOption, console, fail, local_person, local_person_or_none, open_container, print_json

ROWS_SHOWN = 25


class Source(StrEnum):
    STRONG = "strong"
    HEVY = "hevy"
    FITNOTES = "fitnotes"


def _read(file: Path) -> bytes:
    """The file's bytes, within the importer's size limit (the web upload's too), read no further than it."""
    from gluterx.adapters.interop.csv_import import MAX_EXPORT_BYTES

    if not file.exists():
        fail(escape(f"no such file: {file}"), hints=["Give the path of the CSV file your app exported."])
    if not file.is_file():
        fail(escape(f"{file} is not a file"), hints=["Give the path of the CSV file your app exported."])
    try:
        with file.open("rb") as f:
            data = f.read(MAX_EXPORT_BYTES + 1)
    except OSError as exc:
        fail(escape(f"cannot read {file}: {exc.strerror or exc}"))
    if len(data) > MAX_EXPORT_BYTES:
        fail(
            escape(
                f"{file.name} is larger than {MAX_EXPORT_BYTES // (1024 * 1024)} MB, more than any training export we "
                "know of"
            ),
            hints=["Check it is the CSV your app exported (a shorter date range also works)."],
        )
    return data


def import_history(
    file: Annotated[Path, typer.Argument(help="The CSV file exported from Strong, Hevy or FitNotes.")],
    from_: Annotated[
        Source | None,
        typer.Option("--from", help="The app the file comes from (detected from the header if left out)."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Read and report everything, store nothing.")] = False,
    unit: Annotated[
        MassUnit | None,
        typer.Option("--unit", help="kg or lb, for a file that does not say (else guessed and reported)."),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="All or nothing: import nothing when any row has an error (else those rows are left out)."
        ),
    ] = False,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Import your training history from Strong, Hevy or FitNotes (importing the same file twice adds nothing)."""
    from gluterx.adapters.interop.csv_import import ImportFileError, parse_export
    from gluterx.services import importing
    from gluterx.services.ports import ServiceError

    from ._problems import fail_headline, fail_problems

    data = _read(file)
    try:
        parsed = parse_export(data, kind=from_.value if from_ else None, unit=unit.value if unit else None)
    except ImportFileError as exc:
        fail(escape(f"{file.name}: {exc}"))
    c = open_container()
    try:
        me = local_person_or_none(c)
        if me is None:  # nobody here yet: check the file first, so a rejected file or a dry run creates nobody
            report = importing.check_new(c.library, parsed, file_name=file.name, strict=strict)
            if not dry_run:
                me = local_person(c, create=True)
        if me is not None:
            report = importing.import_history(
                c.uow(), c.library, parsed, dry_run=dry_run, strict=strict, person_id=me, file_name=file.name
            )
    except importing.ImportRejected as exc:
        if fmt is Format.JSON:
            print_json(exc.report.as_dict())
        else:
            _render(exc.report.as_dict())
        fail_headline(exc)
    except ServiceError as exc:
        fail_problems(exc.problems)
    if fmt is Format.JSON:
        print_json(report.as_dict())
        return
    _render(report.as_dict())
    if report.status == "dry_run":
        console.print(
            f"[bold]Dry run:[/] nothing stored. {report.workouts.added} workout(s) would be added. "
            "Run again without --dry-run to import."
        )
    elif report.workouts.added:
        console.print(
            f"Imported {report.workouts.added} workout(s), {report.sets_imported} set(s). "
            "See them with [bold]gluterx history[/]."
        )
    else:
        console.print("Nothing new: every workout in this file is already stored.")
    if report.rows_with_errors:
        console.print(
            f"[yellow]{report.rows_with_errors} row(s) with a mistake were left out[/] (listed above by line). "
            "Use --strict to import nothing unless every row is right."
        )


# ------------------------------------------------------------------------------------------------ rendering


def _summary(report: dict[str, Any]) -> Table:
    table = Table(title=f"Import of {escape(report['file'] or 'the file')}", show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value", overflow="fold")
    workouts = report["workouts"]
    rows = [
        ("format", report["variant"]),
        ("weights", f"{report['weight_unit']}: {report['unit_note']}"),
        ("dates", f"{report['first_date']} to {report['last_date']}" if report["first_date"] else "none"),
        ("rows read", str(report["rows_read"])),
        ("sets in the file", f"{report['sets_in_file']} ({report['warmup_sets']} warm-up)"),
        ("sets to import" if report["dry_run"] else "sets imported", str(report["sets_imported"])),
        ("sets already stored", str(report["sets_already_present"])),
        ("rows skipped", str(report["rows_skipped"])),
        ("rows repaired", str(report["rows_repaired"])),
        ("row errors", str(len(report["row_errors"]))),
        (
            "workouts",
            f"{workouts['in_file']} in the file: {workouts['added']} new, {workouts['already_present']} already stored",
        ),
        ("mapped to the library", f"{report['mapped_share']:.0%} of sets ({report['mapped_sets']})"),
    ]
    for what, value in rows:
        table.add_row(what, escape(value))
    return table


def _grouped_table(title: str, groups: list[dict[str, Any]]) -> Table:
    table = Table(title=title)
    for col in ("reason", "rows", "lines", "example"):
        table.add_column(col, overflow="fold")
    for g in groups:
        more = " …" if g["count"] > len(g["lines"]) else ""
        lines = ", ".join(str(n) for n in g["lines"]) + more
        table.add_row(escape(g["reason"]), str(g["count"]), lines, escape(g["example"]))
    return table


def _errors_table(row_errors: list[str]) -> Table:
    table = Table(title="Rows with a mistake (left out)")
    table.add_column("line: what is wrong", overflow="fold")
    for error in row_errors[:ROWS_SHOWN]:
        table.add_row(escape(error))
    if len(row_errors) > ROWS_SHOWN:
        table.caption = f"… and {len(row_errors) - ROWS_SHOWN} more (--format json lists every one)"
    return table


def _names_table(title: str, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> Table:
    table = Table(title=title)
    for col in ("name", *columns, "sets"):
        table.add_column(col, overflow="fold")
    for row in rows[:ROWS_SHOWN]:
        table.add_row(*(escape("" if row.get(c) is None else str(row[c])) for c in ("name", *columns, "sets")))
    if len(rows) > ROWS_SHOWN:
        table.caption = f"… and {len(rows) - ROWS_SHOWN} more (--format json lists every one)"
    return table


def _render(report: dict[str, Any]) -> None:
    console.print(_summary(report))
    if report["skipped"]:
        console.print(_grouped_table("Rows skipped", report["skipped"]))
    if report["repaired"]:
        console.print(_grouped_table("Rows repaired", report["repaired"]))
    if report["errors"]:
        console.print(_errors_table(report["row_errors"]))
    if report["mapped"]:
        console.print(_names_table("Mapped to the library", report["mapped"], ("exercise_id", "how", "score")))
    # guessed (lower-body) names first: they are what the balance analysis uses; unknown ones follow
    custom = report["guessed"] + [dict(u, pattern="unknown") for u in report["unknown"]]
    if custom:
        console.print(_names_table("Kept as custom exercises (pattern guessed from the name)", custom, ("pattern",)))
    for notice in report["notices"][:5]:
        console.print(f"[yellow]Note:[/] {escape(notice)}")
    if len(report["notices"]) > 5:
        console.print(f"[yellow]Note:[/] … and {len(report['notices']) - 5} more like it.")
