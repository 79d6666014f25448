"""Shared pieces of the command line: the console, output formats, the --date option, clean failure, and the local
person every command of the person's loop acts for."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from typer.core import TyperGroup, TyperOption

if TYPE_CHECKING:
    from gluterx.bootstrap import Container

console = Console()
err_console = Console(stderr=True)

DateOption = Annotated[
    datetime | None, typer.Option("--date", formats=["%Y-%m-%d"], help="Act as if it were this day (YYYY-MM-DD).")
]


class CommandTree(TyperGroup):
    """The root command group. Typer 0.29 labels every on/off flag `<bool>` in --help, as if it took a value (`--force
    <bool>`, even `--help <bool>`); every flag of every command, group and help option gets an empty placeholder
    instead, so a flag reads as a flag and a new command is covered without a setting of its own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for sub in self.commands.values():
            _plain_flags(sub)

    def get_params(self, ctx: Any) -> list[Any]:  # the root's own, with the completion flags Typer adds
        return _plain(super().get_params(ctx))


def _plain_flags(command: Any) -> None:
    _plain([*command.params, command.get_help_option(typer.Context(command))])  # the help option is made once
    for sub in getattr(command, "commands", {}).values():
        _plain_flags(sub)


def _plain(params: list[Any]) -> list[Any]:
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""
    return params


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"


FormatOption = Annotated[Format, typer.Option("--format", help="table or json.")]
OnceOption = Annotated[bool, typer.Option("--once", help="Only that day's session (default: from then on).")]


class PlanFormat(StrEnum):
    TABLE = "table"
    MARKDOWN = "markdown"
    JSON = "json"


class Cell(StrEnum):
    """How a table column's values may break across lines."""

    ID = "id"  # an id, a number or a date: never broken
    WORDS = "words"  # a name or a short list: broken between words only
    PROSE = "prose"  # sentences: broken between words, and given the room left


PROSE_MIN = 30  # narrower than this, a column of sentences reads one word per line: the rows are stacked instead


def print_table(title: str, columns: list[tuple[str, Cell]], rows: list[list[str]], *, lines: bool = False) -> None:
    """Rows as a table whose ids are never split and whose words are never broken mid-word; when the terminal is too
    narrow for that (or for sentences to read as sentences), each row is printed as a short block instead: its first
    value as a heading, the short values on one line, the sentences below. Values are Rich markup."""
    widths = _widths(columns, rows, console.width)
    if widths is not None:
        table = Table(title=title, show_lines=lines)
        for (header, cell), width in zip(columns, widths, strict=True):
            table.add_column(header, width=width, no_wrap=cell is Cell.ID, overflow="fold")
        for row in rows:
            table.add_row(*row)
        console.print(table)
        return
    console.print(f"[bold]{title}[/]", highlight=False)
    for row in rows:
        console.print(f"[bold]{row[0]}[/]", highlight=False)
        short = [f"{h}: {v}" for (h, c), v in zip(columns[1:], row[1:], strict=True) if c is not Cell.PROSE and v]
        if short:
            console.print(Padding(" · ".join(short), (0, 0, 0, 2), expand=False), highlight=False)
        for (_h, c), v in zip(columns[1:], row[1:], strict=True):
            if c is Cell.PROSE and v:
                console.print(Padding(v, (0, 0, 0, 2), expand=False), highlight=False)


def _plain_words(value: str) -> list[str]:
    return Text.from_markup(value).plain.split()


def _min_widths(columns: list[tuple[str, Cell]], rows: list[list[str]]) -> list[int]:
    """Each column's narrowest width that breaks nothing: its longest id, or its longest word (and its header's)."""
    widths = []
    for i, (header, cell) in enumerate(columns):
        values = [row[i] for row in rows]
        if cell is Cell.ID:
            longest = max((len(line) for v in values for line in Text.from_markup(v).plain.splitlines()), default=1)
        else:
            longest = max((len(w) for v in values for w in _plain_words(v)), default=1)
        if cell is Cell.PROSE:
            longest = max(longest, PROSE_MIN)
        widths.append(max(longest, *(len(w) for w in header.split())))
    return widths


def _widths(columns: list[tuple[str, Cell]], rows: list[list[str]], width: int) -> list[int] | None:
    """Each column's width in a table `width` wide: every column its narrowest unbroken width, then the room left to
    the short columns (up to their longest value) and last to the sentences; None when even that does not fit."""
    room = width - (3 * len(columns) + 1)  # a space either side of each value, and a rule between and around them
    widths = _min_widths(columns, rows)
    if sum(widths) > room:
        return None
    natural = [
        max([len(line) for row in rows for line in Text.from_markup(row[i]).plain.splitlines()] + [len(header)])
        for i, (header, _cell) in enumerate(columns)
    ]
    order = sorted(range(len(columns)), key=lambda i: (columns[i][1] is Cell.PROSE, natural[i] - widths[i]))
    for i in order:
        extra = min(natural[i] - widths[i], room - sum(widths))
        widths[i] += max(extra, 0)
    return widths


def print_json(data: Any) -> None:
    """Plain JSON on stdout (no Rich markup or wrapping), so other programs can read it."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: Path, chunks: Iterable[bytes], *, private: bool = False) -> None:
    """Write `chunks` to a temporary file beside `path`, then rename: a crash never leaves half a file. The file gets
    the usual permissions (an export), or with `private` stays readable by its owner alone (as mkstemp makes it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        if not private:
            os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.writelines(chunks)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
