"""`gluterx start` prints the welcome: the same summary of the programme as the web's welcome page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gluterx.adapters.cli.main import app
from gluterx.bootstrap import build
from gluterx.config import get_settings
from gluterx.services.welcome import welcome
from tests.adapters.cli.test_cli_layout import PROFILE

runner = CliRunner()


@pytest.fixture(autouse=True)
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("GLUTERX_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_start_prints_the_programme_in_short(tmp_path: Path) -> None:
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(PROFILE))
    result = runner.invoke(app, ["start", "--profile", str(profile), "--start", "2026-11-23"])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    container = build()
    summary = welcome(container.uow(), container.library, person_id=1, today=date(2026, 11, 23))
    container.engine.dispose()
    assert "Welcome to your GluteRx programme" in text
    assert "12 weeks, 23 November 2026 to 14 February 2027" in text
    for phase in summary.phases:
        assert phase.name in text
    assert f"Each week: {summary.glute_sessions_per_week} glute sessions" in text
    assert "First session: Monday 23 November 2026" in text
    assert summary.first_session is not None
    for item in summary.first_session.items:
        assert f"• {item.name}: " in text
    assert "gluterx today" in text and "gluterx log" in text and "gluterx checkin --pain N" in text


def test_start_as_json_is_unchanged(tmp_path: Path) -> None:
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(PROFILE))
    result = runner.invoke(app, ["start", "--profile", str(profile), "--start", "2026-11-23", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert "Welcome" not in result.stdout
    assert json.loads(result.stdout)["first_session_date"] == "2026-11-23"


def test_start_says_what_a_health_condition_changes(tmp_path: Path) -> None:
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps({**PROFILE, "conditions": [{"id": "osteoporosis"}]}))
    result = runner.invoke(app, ["start", "--profile", str(profile), "--start", "2026-11-23"])
    assert result.exit_code == 0, result.stderr
    assert "Because of your health" in result.stdout
