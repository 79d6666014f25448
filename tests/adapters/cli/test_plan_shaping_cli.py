"""`gluterx plan alternatives|swap|skip|move|changes|undo`: shaping the local person's plan from the command line;
`gluterx plan --profile` still prints a programme."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gluterx.adapters.cli.main import app
from gluterx.config import get_settings

runner = CliRunner()
TODAY = date.today()
PROFILE = {
    "age": 45,
    "goals": ["pain_relief"],
    "pain": [{"region": "knee", "side": "left", "intensity": 3, "weeks": 10}],
    "sitting_hours_per_day": 4,
    "experience": "beginner",
    "equipment": ["mini_band", "dumbbells", "bench"],
    "sessions_per_week": 3,
    "minutes_per_session": 30,
}


@pytest.fixture(autouse=True)
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("GLUTERX_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def run(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr or result.stdout
    return result


def started(tmp_path: Path) -> Path:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(PROFILE))
    run("start", "--profile", str(path), "--start", TODAY.isoformat())
    return path


def _today_ids() -> list[str]:
    return [i["exercise_id"] for i in json.loads(run("today", "--format", "json").stdout)["items"]]


def test_alternatives_swap_changes_and_undo(tmp_path: Path) -> None:
    started(tmp_path)
    first = _today_ids()[0]
    table = run("plan", "alternatives", first)
    assert "Instead of" in table.stdout and "why it fits" in table.stdout and first not in table.stdout
    found = json.loads(run("plan", "alternatives", first, "--format", "json").stdout)
    to = found["alternatives"][0]
    swapped = run("plan", "swap", first, "--to", to["name"], "--reason", "my knee")
    assert "Done:" in swapped.stdout and to["name"] in swapped.stdout
    ids = _today_ids()
    assert to["exercise_id"] in ids and first not in ids
    log = json.loads(run("plan", "changes", "--format", "json").stdout)
    assert [c["kind"] for c in log] == ["swap"] and log[0]["reason"] == "my knee" and log[0]["by"] == "person"
    run("plan", "undo", str(log[0]["id"]))
    assert first in _today_ids()
    listed = run("plan", "changes").stdout
    assert "taken back" in listed and "you" in listed


def test_skip_and_move_then_errors_name_the_flag(tmp_path: Path) -> None:
    started(tmp_path)
    first = _today_ids()[0]
    run("plan", "skip", first)
    assert first not in _today_ids()
    free = next(
        TODAY + timedelta(days=n)
        for n in range(1, 7)
        if json.loads(run("today", "--format", "json", "--date", (TODAY + timedelta(days=n)).isoformat()).stdout)[
            "rest_day"
        ]
    )
    moved = json.loads(
        run("plan", "move", "--from", TODAY.isoformat(), "--to", free.isoformat(), "--format", "json").stdout
    )
    assert moved["kind"] == "move_session" and moved["date"] == free.isoformat()
    assert json.loads(run("today", "--format", "json").stdout)["rest_day"]
    bad = runner.invoke(app, ["plan", "swap", "glute bridge", "--to", "walking", "--date", free.isoformat()])
    assert bad.exit_code == 2
    unknown = runner.invoke(app, ["plan", "alternatives", "no such thing"])
    assert unknown.exit_code == 2 and "EXERCISE" in unknown.stderr
    past = runner.invoke(app, ["plan", "skip", "--date", (TODAY - timedelta(days=1)).isoformat()])
    assert past.exit_code == 2 and "--date" in past.stderr and "has passed" in past.stderr


def test_plan_still_prints_a_programme_from_a_profile_and_asks_for_one_without(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(PROFILE))
    printed = json.loads(run("plan", "--profile", str(path), "--format", "json").stdout)
    assert printed["weeks"]
    missing = runner.invoke(app, ["plan"])
    assert missing.exit_code == 2 and "--profile" in missing.stderr


def test_today_says_what_was_changed(tmp_path: Path) -> None:
    started(tmp_path)
    first = _today_ids()[0]
    run("plan", "skip", first)
    shown = run("today").stdout
    assert "Changed by you:" in shown and "skipped on" in shown
