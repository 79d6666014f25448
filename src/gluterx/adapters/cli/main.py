"""The `gluterx` command: one Typer app, each group in its own module.

Start-up time matters here: `gluterx --help` and `gluterx CMD --help` only import the command modules, which import
Typer, Rich and the domain's enums. Each command imports what it needs (the database, services, the exercise library,
import and export formats, the PDF report, uvicorn) when it runs. tests/adapters/cli/test_startup.py keeps it so.
"""

from __future__ import annotations

import typer

from gluterx import __version__

from ._common import CommandTree, err_console
from .care import care_app
from .clinician import clinician_app
from .figures import gallery
from .history import history_app
from .interop import import_history
from .library import evidence_app, exercises_app
from .outcomes import outcomes_app
from .planning import init, screening_app
from .profile import profile_app
from .progress import export_app, report, show_progress
from .shaping import plan_app
from .training import backup_app, checkin, log, start, today
from .web import demo, serve

app = typer.Typer(
    name="gluterx",
    cls=CommandTree,
    help="GluteRx: an evidence-based glute-training coach.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
exercises_app.command("gallery")(gallery)
app.add_typer(exercises_app, name="exercises")
app.add_typer(evidence_app, name="evidence")
app.add_typer(screening_app, name="screening")
app.command("init")(init)
app.add_typer(plan_app, name="plan")  # `gluterx plan --profile ...` as before, and shaping your own plan
app.command("start")(start)
app.command("today")(today)
app.command("log")(log)
app.command("checkin")(checkin)
app.add_typer(history_app, name="history")
app.add_typer(backup_app, name="backup")
app.command("serve")(serve)
app.command("demo")(demo)
app.command("import")(import_history)
app.command("progress")(show_progress)
app.command("report")(report)
app.add_typer(export_app, name="export")
app.add_typer(outcomes_app, name="outcomes")
app.add_typer(profile_app, name="profile")
app.add_typer(care_app, name="care")
app.add_typer(clinician_app, name="clinician")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gluterx {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """GluteRx: screen, prescribe, coach, adapt, show progress."""


def run() -> None:
    """Console-script entry point: a broken library is reported plainly, never as a traceback."""
    try:
        app()
    except Exception as exc:
        from gluterx.data import LibraryError  # only now: a command that loads no library should not import the loader

        if not isinstance(exc, LibraryError):
            raise
        err_console.print(f"[bold red]Error:[/] {exc}", highlight=False)
        raise SystemExit(1) from exc
