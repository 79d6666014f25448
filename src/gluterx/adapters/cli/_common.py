"""Shared pieces of the command line: the console, output formats, the --date option, clean failure, and the local
person every command of the person's loop acts for."""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from gluterx.bootstrap import Container

console = Console()
err_console = Console(stderr=True)

DateOption = Annotated[
    datetime | None, typer.Option("--date", formats=["%Y-%m-%d"], help="Act as if it were this day (YYYY-MM-DD).")
]


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


def day_or_today(value: datetime | None) -> date:
    """The --date given, or today."""
    return value.date() if value else date.today()


def run_service(call: Any, *, flags: dict[str, str] | None = None) -> Any:
    """`call()`, or exit 2 with its problems in the CLI's words; `flags` names the options behind service fields."""
    from gluterx.services.ports import ServiceError
    from gluterx.services.profiles import ProfileError

    try:
        return call()
    except ProfileError as exc:
        from ._problems import fail_problems

        fail_problems(exc.problems, heading=f"the profile has {len(exc.problems)} problem(s):")
    except ServiceError as exc:
        from ._problems import fail_problems

        fail_problems(exc.problems, flags=flags)


def local_person(c: Container, *, create: bool = False, on: date | None = None) -> int:
    """The local person's id, resolved once per command (created by `gluterx start`, `create`); exit 2 saying to
    start a programme when there is nobody yet. A bad --date `on` is said first, as a flag to fix."""
    from gluterx.services.guards import check_day
    from gluterx.services.people import local_person_id

    if on is not None:
        run_service(lambda: check_day(on), flags={"date": "--date"})
    person_id: int = run_service(lambda: local_person_id(c.uow(), create=create))
    return person_id


def acting(day: datetime | None) -> tuple[Container, date, int]:
    """The container, the day acted on (--date, else today) and the local person (a bad --date is said first)."""
    c = open_container()
    on = day_or_today(day)
    return c, on, local_person(c, on=on)


def local_person_or_none(c: Container) -> int | None:
    """The local person's id, or None before anybody has started a programme or imported a history here."""
    from gluterx.services.people import local_person_id
    from gluterx.services.ports import ServiceError

    try:
        return local_person_id(c.uow())
    except ServiceError:
        return None
