"""`gluterx outcomes record` (flags, file, interactive) and `gluterx outcomes show [--format json]`."""

from __future__ import annotations

import json
from pathlib import Path

from gluterx.adapters.cli.main import app
from tests.adapters.cli.test_training_cli import (  # noqa: F401 - `store` is autouse there
    run,
    runner,
    started,
    store,
)

START = "2026-11-23"
DAY_28 = "2026-12-21"
FLAGS = ["--activity", "Climbing stairs=3", "--activity", "Sitting an hour=4", "--activity", "Gardening=2"]


def test_record_with_flags_then_show_as_json(tmp_path: Path) -> None:
    """The start by flags, day 28 with --groc; `show --format json` has the change and the MIC verdicts."""
    started(tmp_path)
    run("outcomes", "record", "--pain", "6", *FLAGS, "--date", START)
    later = [f.replace("=3", "=6").replace("=4", "=7").replace("=2", "=5") for f in FLAGS]
    run("outcomes", "record", "--pain", "3", *later, "--groc", "4", "--date", DAY_28)
    data = json.loads(run("outcomes", "show", "--date", DAY_28, "--format", "json").stdout)
    assert [a["pain"] for a in data["answers"]] == [6, 3]
    assert data["change"]["psfs"]["verdict"] == "better" and data["change"]["pain"]["verdict"] == "better"
    assert data["activity_names"] == ["Climbing stairs", "Sitting an hour", "Gardening"]
    table = run("outcomes", "show", "--date", DAY_28).stdout
    assert "Climbing stairs 6" in table and "better, by at least the change that matters" in table
    assert "farrar2001" in table


def test_bad_flags_name_the_flag_and_store_nothing(tmp_path: Path) -> None:
    """Pain 11 and two activities: exit 2, naming --pain and --activity; a score that is no number names its
    activity; nothing is saved."""
    started(tmp_path)
    result = runner.invoke(app, ["outcomes", "record", "--pain", "11", *FLAGS[:4], "--date", START])
    assert result.exit_code == 2
    assert "--pain" in result.stderr and "--activity" in result.stderr
    result = runner.invoke(app, ["outcomes", "record", "--pain", "4", "--activity", "Walking=lots", *FLAGS[2:]])
    assert result.exit_code == 2 and "--activity #1 score" in result.stderr
    result = runner.invoke(app, ["outcomes", "record", "--pain", "4", "--activity", "Walking", *FLAGS[2:]])
    assert result.exit_code == 2 and "NAME=SCORE" in result.stderr
    assert json.loads(run("outcomes", "show", "--format", "json").stdout)["answers"] == []


def test_record_from_a_file(tmp_path: Path) -> None:
    """--file OUTCOMES.json takes the same fields as the API."""
    started(tmp_path)
    path = tmp_path / "outcomes.json"
    path.write_text(json.dumps({"pain": 5, "activities": [{"name": f"a{i}", "score": 5} for i in range(4)]}))
    data = json.loads(run("outcomes", "record", "--file", str(path), "--date", START, "--format", "json").stdout)
    assert data["answers"][0]["psfs"] == 5.0


def test_record_asks_one_question_at_a_time(tmp_path: Path) -> None:
    """Interactive: pain, three named activities (empty ends the list), their scores; at day 28 the same
    activities again and the rating of change."""
    started(tmp_path)
    answers = "6\nClimbing stairs\nSitting an hour\nGardening\n\n3\n4\n2\n"
    result = runner.invoke(app, ["outcomes", "record", "--date", START], input=answers)
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(app, ["outcomes", "record", "--date", DAY_28], input="12\n4\n5\n6\n4\n3\n")
    assert result.exit_code == 0, result.stderr
    assert "Please give a whole number from 0 to 10" in result.stdout
    assert "Somewhat better" in result.stdout
    data = json.loads(run("outcomes", "show", "--date", DAY_28, "--format", "json").stdout)
    assert data["answers"][1] == {"date": DAY_28, "pain": 4, "psfs": 5.0, "groc": 3, "activities": [
        {"name": "Climbing stairs", "score": 5}, {"name": "Sitting an hour", "score": 6},
        {"name": "Gardening", "score": 4}]}  # fmt: skip
