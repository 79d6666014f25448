"""Shared pieces of the command line: the console, output formats and clean failure."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any, NoReturn

import typer
from rich.console import Console

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
