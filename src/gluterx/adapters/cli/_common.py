"""Shared pieces of the command line: the console, output formats and clean failure."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from gluterx.bootstrap import Container

console = Console()
err_console = Console(stderr=True)


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"


class PlanFormat(StrEnum):
    TABLE = "table"
    MARKDOWN = "markdown"
    JSON = "json"


def print_json(data: Any) -> None:
    """Plain JSON on stdout (no Rich markup or wrapping), so other programs can read it."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def fail(message: str, *, hints: list[str] | None = None, code: int = 2) -> NoReturn:
    """Print a clear error (and what to do about it) on stderr, then exit with `code`."""
    err_console.print(f"[bold red]Error:[/] {message}", highlight=False)
    for hint in hints or []:
        err_console.print(f"  {hint}", highlight=False)
    raise typer.Exit(code)


def open_container() -> Container:
    """The wired application on the configured database; a database that cannot be opened fails plainly."""
    from gluterx.bootstrap import build  # imported here: `--help` and bad arguments never touch the database

    try:
        return build()
    except Exception as exc:  # a database that cannot be opened is a setup problem, said plainly
        fail(
            escape(f"cannot open the database: {exc}"),
            hints=["Check GLUTERX_DATABASE_URL, or unset it for the default."],
        )
