"""Progress on the command line: `gluterx progress` (tables and sparklines), `gluterx report --pdf FILE` and the
calendar and CSV exports. Files are written to a temporary file beside the target, then renamed into place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from ._common import (
    DateOption,
    Format,
    FormatOption,
    console,
    day_or_today,
    fail,
    local_person_or_none,
    open_container,
    print_json,
    write_atomically,
)

if TYPE_CHECKING:
    from gluterx.bootstrap import Container
    from gluterx.domain.exercise import Library
    from gluterx.services.progress import ProgressReport

__all__ = [
    "export_app",
    "export_csv",
    "export_ics",
    "report",
    "show_progress",
    "sparkline",
]

export_app = typer.Typer(help="Export your planned sessions (iCalendar) or every logged set (CSV).")

TICKS = "▁▂▃▄▅▆▇█"
SPARK_WIDTH = 24
WEEKS_SHOWN = 6
STRENGTH_SHOWN = 6
T = TypeVar("T")
# What each export says when there is nothing for it yet (services.exports.NothingToExport.what), and what to do.
NOTHING_YET: dict[str, tuple[str, list[str]]] = {
    "report": ("nothing to show yet: start a programme or import your history first", []),
    "calendar": (
        "there are no planned sessions to export.",
        ["Start a programme first: gluterx start --profile PROFILE.json"],
    ),
    "sets": (
        "there are no logged sets to export.",
        ["Log a session with `gluterx log`, or import your history with `gluterx import FILE`."],
    ),
}


# ------------------------------------------------------------------------------------------------ helpers


def _load(c: Container, on: date) -> ProgressReport:
    from gluterx.services.ports import ServiceError
    from gluterx.services.progress import progress_report

    me = local_person_or_none(c)
    if me is None:
        _nothing_yet("report")
    try:
        return progress_report(c.uow(), c.library, today=on, person_id=me)
    except ServiceError as exc:
        from ._problems import fail_headline

        fail_headline(exc)


def _gather(what: str, make: Callable[[Container, int], T]) -> tuple[Container, T]:
    """The container and what `make` gathers with it for the local person; a clear failure when there is nothing to
    export yet (`what`, as NothingToExport says it, when there is nobody)."""
    from gluterx.services.exports import NothingToExport

    c = open_container()
    me = local_person_or_none(c)
    if me is None:
        _nothing_yet(what)
    try:
        return c, make(c, me)
    except NothingToExport as exc:
        _nothing_yet(exc.what)


def _nothing_yet(what: str) -> NoReturn:
    message, hints = NOTHING_YET[what]
    fail(message, hints=hints)


def _write(path: Path, data: bytes, what: str) -> None:
    if path.is_dir():
        fail(escape(f"FILE: {path} is a folder"), hints=[f"Give a file name for the {what}, e.g. {path / 'out'}."])
    try:
        write_atomically(path, (data,))
    except OSError as exc:
        fail(escape(f"cannot write {path}: {exc.strerror or exc}"))


def sparkline(values: Sequence[float], *, low: float | None = None, high: float | None = None) -> str:
    """One block character per value, from ▁ (low) to █ (high); the last SPARK_WIDTH values at most."""
    shown = list(values)[-SPARK_WIDTH:]
    if not shown:
        return ""
    lo = min(shown) if low is None else low
    hi = max(shown) if high is None else high
    if hi - lo <= 1e-9:
        return TICKS[len(TICKS) // 2 if hi > 0 else 0] * len(shown)
    top = len(TICKS) - 1
    return "".join(TICKS[max(0, min(top, round((v - lo) / (hi - lo) * top)))] for v in shown)


def _n(value: float | None, unit: str = "") -> str:
    return "-" if value is None else f"{round(value, 1):g}{unit}"


# ------------------------------------------------------------------------------------------------ progress


def show_progress(
    day: DateOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Your progress: pain trend, adherence, weekly volume, strength and the hip/knee balance."""
    from gluterx.services.progress import jsonable

    on = day_or_today(day)
    c = open_container()
    found = _load(c, on)
    if fmt is Format.JSON:
        print_json(jsonable(found))
        return
    _render(found, on, c.library)


def _render(a: ProgressReport, on: date, library: Library) -> None:
    name = a.person.display_name or "you"
    span = f"{a.first_day} to {a.last_day}" if a.first_day else "nothing logged yet"
    console.print(f"[bold]Progress for {escape(name)}[/] on {on.isoformat()} · {a.total_sets} sets · {span}")
    if a.program:
        p = a.program
        status = "on hold: see a clinician first" if p.on_hold else "active"
        console.print(f"Programme: {p.weeks} weeks from {p.start.isoformat()} ({status}).")
    colour = {"low": "yellow", "high": "red", "critical": "bold red"}
    for alert in a.alerts:
        style = colour.get(alert.level.value, "yellow")
        console.print(Panel(escape(alert.message), title=f"{alert.level.value} alert", border_style=style))
    console.print(_overview(a))
    console.print(escape(a.sessions_message))
    if a.volume.weeks:
        console.print(_volume_table(a))
    if a.strength.exercises:
        console.print(_strength_table(a, library))
    if a.strength.chains:
        console.print(_chains_table(a))
    _balance(a)
    if a.load.warning:
        console.print(Panel(escape(a.load.warning), title="training load", border_style="yellow"))
    console.print("[dim]A PDF for your clinician: [bold]gluterx report --pdf report.pdf[/][/]")


def _overview(a: ProgressReport) -> Table:
    table = Table(title="At a glance", show_header=True, expand=False)
    table.add_column("what", style="bold", no_wrap=True)
    table.add_column("trend", no_wrap=True)
    table.add_column("now", overflow="fold")
    pain = a.pain
    if pain.days:
        change = f" ({pain.change:+.1f})" if pain.change is not None else ""
        meaningful = " [green]meaningful[/]" if pain.meaningful else ""
        table.add_row(
            "pain 0-10",
            sparkline([d.pain for d in pain.days], low=0, high=10),
            f"{_n(pain.current)} vs {_n(pain.baseline)} at start{change}{meaningful}",
        )
    else:
        table.add_row("pain 0-10", "", "no check-ins yet")
    adh = a.adherence
    if adh.percent is not None:
        weekly = [w.percent or 0.0 for w in adh.weeks if w.planned]
        table.add_row(
            "sessions done",
            sparkline(weekly, low=0, high=100),
            f"{adh.done} of {adh.planned} planned ({adh.percent:.0f}%)",
        )
    else:
        table.add_row("sessions done", "", "none planned yet")
    if a.volume.weeks:
        last = a.volume.weeks[-1]
        table.add_row(
            "hard sets/week",
            sparkline([w.hard_sets for w in a.volume.weeks], low=0),
            f"{last.hard_sets} in the week of {last.week_start.isoformat()}",
        )
    else:
        table.add_row("hard sets/week", "", "no hard sets yet")
    if a.load.weeks:
        table.add_row(
            "training load",
            sparkline([w.load for w in a.load.weeks], low=0),
            f"{_n(a.load.weeks[-1].load)} (RPE x min) this week" + (" [yellow]spike[/]" if a.load.spikes else ""),
        )
    return table


def _volume_table(a: ProgressReport) -> Table:
    from gluterx.domain.analysis import Region

    short = {Region.GMAX_UPPER: "upper g. max", Region.GMAX_LOWER: "lower g. max", Region.GMED_GMIN: "g. med/min"}
    table = Table(title="Hard sets per glute region (recent weeks)")
    table.add_column("week of", no_wrap=True)
    table.add_column("all", justify="right")
    for region in Region:
        table.add_column(short[region], justify="right")
    for w in a.volume.weeks[-WEEKS_SHOWN:]:
        table.add_row(w.week_start.isoformat(), str(w.hard_sets), *(_n(w.regions.get(r, 0.0)) for r in Region))
    return table


def _strength_table(a: ProgressReport, library: Library) -> Table:
    from gluterx.domain.exercise import readable_name

    s = a.strength
    # library exercises (the glute and lower-body work GluteRx knows) first, then imported ones
    ordered = sorted(s.exercises, key=lambda e: e.exercise_id not in library)
    table = Table(title="Strength (estimated 1RM, Epley: an estimate, not a tested max)")
    table.add_column("exercise", overflow="fold")
    table.add_column("weekly best", no_wrap=True)
    table.add_column("est. 1RM", justify="right", no_wrap=True)
    for e in ordered[:STRENGTH_SHOWN]:
        table.add_row(
            escape(readable_name(e.name)),
            sparkline([w.e1rm_kg for w in e.weekly_best]),
            f"{_n(e.first_kg)} -> {_n(e.latest_kg)} kg ({e.change_percent:+.0f}%)",
        )
    if len(s.exercises) > STRENGTH_SHOWN:
        table.caption = f"… and {len(s.exercises) - STRENGTH_SHOWN} more (--format json lists every one)"
    return table


def _chains_table(a: ProgressReport) -> Table:
    table = Table(title="Progressions: level reached in each chain")
    table.add_column("chain", no_wrap=True)
    table.add_column("level", no_wrap=True)
    table.add_column("with", overflow="fold")
    for chain in a.strength.chains:
        table.add_row(
            escape(chain.chain.replace("_", " ").capitalize()),
            "▰" * chain.level + "▱" * (chain.top_level - chain.level) + f" {chain.level}/{chain.top_level}",
            f"{escape(chain.name)} ({chain.reached_on.isoformat()})",
        )
    return table


def _balance(a: ProgressReport) -> None:
    from gluterx.domain.analysis import BalanceVerdict

    b = a.balance
    style, label = {
        BalanceVerdict.QUAD_DOMINANT: ("red", "quad-dominant"),
        BalanceVerdict.KNEE_LEANING: ("yellow", "leaning knee-dominant"),
        BalanceVerdict.BALANCED: ("green", "balanced"),
        BalanceVerdict.HIP_DOMINANT: ("green", "hip-dominant"),
        BalanceVerdict.NOT_ENOUGH_DATA: ("dim", "not enough data"),
    }[b.verdict]
    if b.hip_share is not None and b.knee_share is not None:
        width = 30
        hip = round(b.hip_share * width)
        bar = f"[green]{'█' * hip}[/][dark_orange]{'░' * (width - hip)}[/]"
        head = f"hip {b.hip_share:.0%} {bar} knee {b.knee_share:.0%}"
    else:
        head = "no hip- or knee-dominant sets yet"
    console.print(
        Panel(f"{head}\n{escape(b.message)}", title=f"Hip vs knee balance: {label}", border_style=style, expand=False)
    )


# ------------------------------------------------------------------------------------------------ report


def report(
    pdf: Annotated[Path, typer.Option("--pdf", help="Where to write the PDF report.", metavar="FILE")],
    day: DateOption = None,
) -> None:
    """A PDF report for your clinician or trainer: screening, programme, adherence, pain, strength and balance."""
    from gluterx.adapters.interop.pdf_report import report_pdf
    from gluterx.services.report import report_data

    c, data = _gather(
        "report",
        lambda c, me: report_data(c.uow(), c.library, today=day_or_today(day), person_id=me, figures=c.figures),
    )
    _write(pdf, report_pdf(data, c.library), "report")
    console.print(f"Report written to [bold]{escape(str(pdf))}[/].")


# ------------------------------------------------------------------------------------------------ exports


def export_ics(
    file: Annotated[Path, typer.Argument(help="Where to write the calendar (.ics).")],
    reminder: Annotated[
        int, typer.Option("--reminder", min=0, max=10080, metavar="MINUTES", help="Remind this many minutes before.")
    ] = 60,
    at: Annotated[
        datetime | None, typer.Option("--time", formats=["%H:%M"], help="Start time of each session, HH:MM (18:00).")
    ] = None,
    tz: Annotated[
        str | None,
        typer.Option("--tz", help="Time zone, e.g. Europe/London (default: your calendar's own local time)."),
    ] = None,
) -> None:
    """Your planned sessions as a calendar file with reminders (import it into any calendar app)."""
    from gluterx.adapters.interop.ics import calendar_ics
    from gluterx.services.calendar import calendar

    _, sessions = _gather("calendar", lambda c, me: calendar(c.uow(), c.library, today=date.today(), person_id=me))
    try:
        # the options win over the person's settings (`gluterx profile settings`); with neither, floating 18:00
        zone = tz if tz is not None else sessions.time_zone
        data = calendar_ics(sessions, reminder_minutes=reminder, tz=zone, at=at.time() if at else None)
    except ValueError as exc:
        fail(escape(str(exc)))
    _write(file, data, "calendar")
    console.print(f"{len(sessions.sessions)} planned sessions written to [bold]{escape(str(file))}[/].")


def export_csv(file: Annotated[Path, typer.Argument(help="Where to write the CSV file.")]) -> None:
    """Every logged set as CSV (one row per set), for a spreadsheet or another app."""
    from gluterx.adapters.interop.csv_export import sets_csv_file
    from gluterx.services.exports import sets_export

    _, export = _gather("sets", lambda c, me: sets_export(c.uow(), person_id=me, library=c.library))
    _write(file, sets_csv_file(export), "CSV file")
    console.print(f"{len(export.sets)} sets written to [bold]{escape(str(file))}[/].")


export_app.command("ics")(export_ics)
export_app.command("csv")(export_csv)
