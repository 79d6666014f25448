"""`gluterx history`, `history edit ID` and `history delete ID` on a real SQLite store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gluterx.adapters.cli import _common
from gluterx.adapters.cli.main import app

from .test_training_cli import run, started, store  # noqa: F401  (the store fixture)

runner = CliRunner()
SESSION = {
    "date": "2026-11-23",
    "exercises": [
        {
            "exercise_id": "glute_bridge",
            "sets": [{"reps": 12, "load_kg": 10, "rir": 2}, {"reps": 11, "load_kg": 10, "rir": 1}],
            "pain_during": 2,
            "felt_in": ["glutes", "lower_back"],
        },
        {"exercise_id": "clamshell", "sets": [{"reps": 15, "band": "light"}], "pain_during": 0, "felt_in": ["glutes"]},
    ],
    "notes": "felt good",
}


@pytest.fixture
def logged(tmp_path: Path) -> int:
    started(tmp_path)
    file = tmp_path / "session.json"
    file.write_text(json.dumps(SESSION))
    session_id: int = json.loads(run("log", "--file", str(file), "--format", "json").stdout)["session_id"]
    return session_id


@pytest.fixture
def narrow() -> Iterator[None]:
    before = _common.console.width
    _common.console.width = 80
    yield
    _common.console.width = before


def _stored(session_id: int) -> dict[str, Any]:
    sessions = json.loads(run("history", "--format", "json").stdout)["sessions"]
    found: dict[str, Any] = next(s for s in sessions if s["id"] == session_id)
    return found


def test_the_history_names_exercises_and_places_in_words_within_80_columns(logged: int, narrow: None) -> None:
    """No snake_case ids: the exercise's name, numbered, its sets with loads and effort, where it was felt; every
    line fits an 80-column terminal."""
    shown = run("history").stdout
    assert f"Session {logged} · Monday 23 November 2026" in shown
    assert "1. Glute bridge" in shown and "2. Clamshell" in shown
    assert "12 reps × 10 kg (2 left in" in shown and "with a light band" in shown
    assert "lower back" in shown and "glute_bridge" not in shown and "lower_back" not in shown
    assert max(len(line) for line in shown.splitlines()) <= 80


def test_the_json_history_gives_each_session_its_id_and_source(logged: int) -> None:
    """`--format json`: the id `history edit` and `delete` take, and where the session came from."""
    (session,) = json.loads(run("history", "--format", "json").stdout)["sessions"]
    assert (session["id"], session["source"], session["notes"]) == (logged, "gluterx", "felt good")


def test_editing_changes_a_set_adds_one_and_removes_one(logged: int) -> None:
    """--set, --add-set, --remove-set, --pain and --felt change just what they name; the id stays."""
    result = run(
        "history", "edit", str(logged),
        "--set", "1.1:reps=10,load=12.5", "--remove-set", "1.2", "--add-set", "2:reps=14,band=medium",
        "--pain", "1=1", "--felt", "1=glutes", "--notes", "corrected",
    )  # fmt: skip
    assert "Saved" in result.stdout
    session = _stored(logged)
    bridge, clam = session["exercises"]
    assert [(s["reps"], s["load_kg"]) for s in bridge["sets"]] == [(10, 12.5)]
    assert (bridge["pain_during"], bridge["felt_in"]) == (1, ["glutes"])
    assert [(s["reps"], s["band"]) for s in clam["sets"]] == [(15, "light"), (14, "medium")]
    assert session["notes"] == "corrected"


def test_editing_with_json_prints_the_api_object(logged: int) -> None:
    """`--format json` prints what PUT /api/v1/sessions/{id} returns."""
    out = json.loads(run("history", "edit", str(logged), "--date", "2026-11-24", "--format", "json").stdout)
    assert set(out) == {"session", "changes", "alerts", "sessions_rejudged", "revised"}
    assert (out["session"]["id"], out["session"]["date"]) == (logged, "2026-11-24")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--set", "3.1:reps=2"], "there is no exercise 3"),
        (["--set", "1.9:reps=2"], "exercise 1 has no set 9"),
        (["--set", "1.1:weight=2"], "give field=value pairs"),
        (["--set", "1.1:reps=ten"], "is not a whole number"),
        (["--set", "1.1:reps=-4"], "exercise 1, set 1, reps: must be at least 0"),
        (["--date", "1999-01-01"], "--date: must be between 2000-01-01 and 2199-12-31"),
        ([], "nothing to change"),
    ],
)
def test_a_bad_edit_says_which_option_and_changes_nothing(logged: int, args: list[str], said: str) -> None:
    """Exit 2 with the option and the fix; the session is as it was."""
    before = _stored(logged)
    result = runner.invoke(app, ["history", "edit", str(logged), *args])
    assert result.exit_code == 2, result.stdout
    assert said in result.stderr
    assert _stored(logged) == before


def test_a_session_that_is_not_there_is_said_plainly(logged: int) -> None:
    """An unknown id: exit 2 and where to find the numbers, for edit and delete alike."""
    for args in (["edit", "999", "--notes", "x"], ["delete", "999", "--yes"]):
        result = runner.invoke(app, ["history", *args])
        assert result.exit_code == 2 and "you have no session 999" in result.stderr


def test_deleting_asks_first_and_no_keeps_the_session(logged: int) -> None:
    """Without --yes the session is shown and a 'no' keeps it (exit 1); 'yes' deletes it."""
    kept = runner.invoke(app, ["history", "delete", str(logged)], input="n\n")
    assert kept.exit_code == 1 and "nothing was deleted" in kept.stdout
    assert _stored(logged)["id"] == logged
    gone = runner.invoke(app, ["history", "delete", str(logged)], input="y\n")
    assert gone.exit_code == 0 and "Deleted the session of Monday 23 November 2026" in gone.stdout
    assert json.loads(run("history", "--format", "json").stdout)["sessions"] == []


def test_deleting_with_yes_and_json_asks_nothing(logged: int) -> None:
    """--yes --format json: no question, the DELETE object."""
    out = json.loads(run("history", "delete", str(logged), "--yes", "--format", "json").stdout)
    assert (out["session_id"], out["date"]) == (logged, "2026-11-23")
    assert {"sessions_rejudged", "revised"} <= set(out)
