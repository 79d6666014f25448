"""Start-up stays light: `gluterx --help`, `gluterx CMD --help` and the library commands import no database, web
server, PDF or import/export code. Each command imports what it needs when it runs (see cli/main.py).

This asserts on what is imported, not on time: the figures are in bench/startup.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Runs in a fresh interpreter: `gluterx --help`, every other help page of the app (found by walking its commands), then
# `gluterx exercises`, recording the modules imported after each stage.
CHILD = """
import json, sys
import typer.main
from gluterx.adapters.cli.main import app

def paths(command, prefix):
    yield prefix
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from paths(sub, [*prefix, name])

def invoke(args):
    try:
        app(args, prog_name="gluterx")
    except SystemExit as exc:
        return exc.code or 0
    return 0

helps = [" ".join(p) for p in paths(typer.main.get_command(app), [])]
codes = {"": invoke(["--help"])}
after_top_help = sorted(sys.modules)
codes.update({h: invoke([*h.split(), "--help"]) for h in helps[1:]})
after_help = sorted(sys.modules)
codes["exercises"] = invoke(["exercises", "--format", "json"])
json.dump(
    {"helps": helps, "codes": codes, "after_top_help": after_top_help, "after_help": after_help,
     "after_exercises": sorted(sys.modules)},
    open(sys.argv[1], "w"),
)
"""

# Heavy third-party packages, and GluteRx's own layers that pull them in.
HEAVY = (
    "sqlalchemy", "alembic", "psycopg", "fpdf", "fontTools", "uvicorn", "fastapi", "starlette", "jinja2",
    "icalendar", "rapidfuzz", "argon2",
    "gluterx.bootstrap", "gluterx.config", "gluterx.adapters.db", "gluterx.adapters.web", "gluterx.adapters.interop",
)  # fmt: skip
# Also left out of the help pages: the library loader (YAML, pydantic), the services and the settings.
NOT_FOR_HELP = (*HEAVY, "pydantic_settings", "yaml", "gluterx.data", "gluterx.services")


def _imported(modules: list[str], packages: tuple[str, ...]) -> list[str]:
    return sorted({p for p in packages for m in modules if m == p or m.startswith(p + ".")})


def _run_child(tmp_path: Path) -> dict[str, object]:
    out = tmp_path / "modules.json"
    done = subprocess.run([sys.executable, "-c", CHILD, str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(out.read_text())
    return result


def test_help_and_library_commands_import_nothing_heavy(tmp_path: Path) -> None:
    result = _run_child(tmp_path)
    helps, codes = result["helps"], result["codes"]
    assert isinstance(helps, list) and isinstance(codes, dict)
    # the walk found the whole app (top level, groups and their commands), and every help page printed
    assert {"", "exercises", "exercises show", "report", "serve", "import", "export csv", "backup import"} <= set(helps)
    assert codes == dict.fromkeys(codes, 0)

    after_top_help = result["after_top_help"]
    assert isinstance(after_top_help, list)
    assert _imported(after_top_help, (*NOT_FOR_HELP, "pydantic")) == []
    # Typer itself (0.29) imports pydantic as soon as a subcommand is parsed: it coerces its own --help and completion
    # options through pydantic TypeAdapters. That is Typer's cost, so pydantic is allowed from here on.
    after_help = result["after_help"]
    assert isinstance(after_help, list)
    assert _imported(after_help, NOT_FOR_HELP) == []

    after_exercises = result["after_exercises"]
    assert isinstance(after_exercises, list)
    assert "gluterx.data._loader" in after_exercises  # it did load the library
    # the list puts the local person's plan first, so it may open the store; nothing else heavy
    store = ("sqlalchemy", "alembic", "psycopg", "gluterx.bootstrap", "gluterx.config", "gluterx.adapters.db")
    assert _imported(after_exercises, tuple(p for p in HEAVY if p not in store)) == []
