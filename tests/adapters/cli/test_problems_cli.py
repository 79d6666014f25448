"""The command line's words for a service's Problems: the flag or the file field, and the command to run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gluterx.adapters.cli._problems import INIT_FLAGS, cli_line, cli_name
from gluterx.adapters.cli.main import app
from gluterx.config import get_settings
from gluterx.services.errors import Problem

runner = CliRunner()
PAIN = Problem("pain", "pain_out_of_range", {"value": 11, "low": 0, "high": 10})


@pytest.fixture(autouse=True)
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("GLUTERX_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_the_cli_names_the_flag_behind_a_field() -> None:
    """The checkin's `pain` field is the --pain flag; the catalogue's message follows."""
    assert cli_line(PAIN, {"pain": "--pain"}) == (
        "--pain: 11 is not allowed; give a whole number from 0 (none) to 10 (worst)"
    )


def test_a_file_field_keeps_its_dotted_path() -> None:
    """A SESSION.json field is named as it is in the file."""
    problem = Problem("exercises.0.sets.1.reps", "not_whole_number")
    assert cli_line(problem, {"pain": "--pain"}) == "exercises.0.sets.1.reps: must be a whole number"


def test_a_part_of_a_repeated_flag_is_named_by_its_position() -> None:
    """`pain.0.region` from `gluterx init --pain ...` is the first --pain's region."""
    assert cli_name("pain.0.region", INIT_FLAGS) == "--pain #1 region"
    assert cli_name("minutes_per_session", INIT_FLAGS) == "--minutes"


def test_the_cli_names_the_command_to_run_when_there_is_no_programme() -> None:
    """No programme: `gluterx start --profile PROFILE.json`, never an API endpoint."""
    message = cli_line(Problem("", "no_programme"))
    assert "gluterx start --profile PROFILE.json" in message
    assert "/api/" not in message


def test_rich_markup_in_a_value_is_printed_as_typed() -> None:
    """A value like '[bold]' is escaped, not obeyed by the terminal."""
    line = cli_line(Problem("exercises.0.exercise_id", "unknown_exercise", {"value": "[bold]x", "close": []}))
    assert "\\[bold]" in line


def test_checkin_on_a_day_out_of_range_names_the_date_flag() -> None:
    """`gluterx checkin --date 1999-01-01`: exit 2, the message names --date and the days allowed."""
    result = runner.invoke(app, ["checkin", "--pain", "3", "--date", "1999-01-01"])
    assert result.exit_code == 2
    assert "--date: 1999-01-01 is out of range; use a day between 2000-01-01 and 2199-12-31" in result.stderr
