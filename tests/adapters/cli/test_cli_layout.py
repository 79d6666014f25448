"""The CLI reads well in an 80-column terminal: no id split mid-word, sentences that read as sentences, and no
`<bool>` placeholder beside a flag in any --help."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from gluterx.adapters.cli import _common
from gluterx.adapters.cli.main import app
from gluterx.config import get_settings
from gluterx.data import load_library

runner = CliRunner()
PROFILE = {
    "age": 45,
    "goals": ["pain_relief"],
    "pain": [{"region": "knee", "side": "left", "intensity": 3, "weeks": 10}],
    "sitting_hours_per_day": 4,
    "experience": "beginner",
    "equipment": ["mini_band"],
    "sessions_per_week": 3,
    "minutes_per_session": 30,
}


@pytest.fixture(autouse=True)
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("GLUTERX_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


@pytest.fixture
def narrow() -> Iterator[None]:
    before = _common.console.width
    _common.console.width = 80
    yield
    _common.console.width = before


def run(*args: str) -> Any:
    result = runner.invoke(app, list(args), env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr or result.stdout
    return result


def command_paths() -> list[list[str]]:
    paths: list[list[str]] = [[]]

    def walk(command: Any, prefix: list[str]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            paths.append([*prefix, name])
            walk(sub, [*prefix, name])

    walk(typer.main.get_command(app), [])
    return paths


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "gluterx")
def test_no_help_shows_a_bool_placeholder_beside_a_flag(path: list[str]) -> None:
    text = run(*path, "--help").stdout
    assert "<bool>" not in text
    assert "--help" in text


def test_today_at_80_columns_splits_no_word_and_keeps_the_reason_readable(narrow: None, tmp_path: Path) -> None:
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(PROFILE))
    run("start", "--profile", str(profile), "--start", "2026-11-23")
    view = json.loads(run("today", "--date", "2026-11-23", "--format", "json").stdout)
    text = run("today", "--date", "2026-11-23").stdout
    assert all(len(line) <= 80 for line in text.splitlines())
    names = {e.id: e.name for e in load_library()}
    words = set(re.findall(r"\S+", text))
    for item in view["items"]:
        for word in re.findall(r"[\w%-]+", names[item["exercise_id"]] + " " + item["reason"]):
            assert any(word in w for w in words), f"{word!r} is split across lines at 80 columns"
    why_lines = [line for line in text.splitlines() if line.startswith("│")]
    one_word = [line for line in why_lines if len(line.split("│")[-2].split()) == 1]
    assert len(one_word) < len(why_lines) / 4, "the reason column reads one word per line"


def test_the_exercise_list_at_80_columns_never_splits_an_id(narrow: None) -> None:
    text = run("exercises").stdout
    assert all(len(line) <= 80 for line in text.splitlines())
    tokens = set(re.findall(r"[\w-]+", text))
    missing = [e.id for e in load_library() if e.id not in tokens]
    assert not missing, f"ids split at 80 columns: {missing[:5]}"


def test_a_wide_terminal_still_gets_a_table(tmp_path: Path) -> None:
    text = run("exercises").stdout  # the package's conftest makes the console 200 columns wide
    assert "┃ id" in text and "glute_bridge" in text
