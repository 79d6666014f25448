"""`gluterx plan additions|add`: what the local person can add to a day's session, and adding it (that day only, or
--once; at GluteRx's dose or their own); errors name the flag; `gluterx plan undo` takes it back."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from gluterx.adapters.cli.main import app

from .test_plan_shaping_cli import TODAY, _today_ids, run, runner, started, store  # noqa: F401  (store: fixture)


def _strength_day_after(day_offset: int) -> str:
    for n in range(day_offset, day_offset + 10):
        day = (TODAY + timedelta(days=n)).isoformat()
        found = json.loads(run("today", "--format", "json", "--date", day).stdout)
        if not found["rest_day"] and not found.get("optional"):
            result = runner.invoke(app, ["plan", "additions", "--date", day, "--format", "json"])
            if result.exit_code == 0:
                return day
    raise AssertionError("no later strength session")


def test_additions_then_add_once_and_undo(tmp_path: Path) -> None:
    started(tmp_path)
    table = run("plan", "additions").stdout
    assert "What you can add on" in table and "why it suits you" in table and "gluterx plan add" in table
    found = json.loads(run("plan", "additions", "--format", "json").stdout)
    assert found["date"] == TODAY.isoformat() and found["additions"]
    first = found["additions"][0]
    assert first["exercise_id"] not in table  # names, not ids, in the table
    side = json.loads(run("plan", "additions", "--part", first["part"], "--format", "json").stdout)
    assert side["additions"] and {a["part"] for a in side["additions"]} == {first["part"]}
    added = run("plan", "add", first["name"], "--once", "--reason", "for balance")
    assert "Done:" in added.stdout and first["name"] in added.stdout and "to that session only" in added.stdout
    assert first["exercise_id"] in _today_ids()
    later = _strength_day_after(1)
    ids = [i["exercise_id"] for i in json.loads(run("today", "--format", "json", "--date", later).stdout)["items"]]
    assert first["exercise_id"] not in ids  # that day only, with --once
    log = json.loads(run("plan", "changes", "--format", "json").stdout)
    assert [c["kind"] for c in log] == ["add_item"] and log[0]["reason"] == "for balance" and log[0]["undoable"]
    run("plan", "undo", str(log[0]["id"]))
    assert first["exercise_id"] not in _today_ids()


def test_onward_at_an_own_dose_and_errors_name_the_flag(tmp_path: Path) -> None:
    started(tmp_path)
    found = json.loads(run("plan", "additions", "--format", "json").stdout)
    reps = next(a for a in found["additions"] if "s hold" not in a["dose"] and "min" not in a["dose"])
    bad_sets = runner.invoke(app, ["plan", "add", reps["name"], "--sets", "0", "--reps", "10"])
    assert bad_sets.exit_code == 2 and "--sets" in bad_sets.stderr
    bad_reps = runner.invoke(app, ["plan", "add", reps["name"], "--sets", "2", "--reps", "ten"])
    assert bad_reps.exit_code == 2 and "--reps" in bad_reps.stderr
    both = runner.invoke(
        app, ["plan", "add", reps["name"], "--sets", "2", "--reps", "10", "--kg", "5", "--band", "light"]
    )
    assert both.exit_code == 2 and "--kg, --band" in both.stderr
    unknown = runner.invoke(app, ["plan", "add", "no such thing"])
    assert unknown.exit_code == 2 and "EXERCISE" in unknown.stderr
    part = runner.invoke(app, ["plan", "additions", "--part", "arms"])
    assert part.exit_code == 2 and "--part" in part.stderr
    assert json.loads(run("plan", "changes", "--format", "json").stdout) == []
    made = json.loads(
        run("plan", "add", reps["exercise_id"], "--sets", "2", "--reps", "12-15", "--rest", "45",
            "--format", "json").stdout
    )  # fmt: skip
    assert made["kind"] == "add_item" and made["exercise_id"] == reps["exercise_id"] and "2 × 12-15" in made["words"]
    item = next(
        i
        for i in json.loads(run("today", "--format", "json").stdout)["items"]
        if i["exercise_id"] == reps["exercise_id"]
    )
    assert item["sets"] == 2 and item["rest_s"] == 45
    later = _strength_day_after(1)
    ids = [i["exercise_id"] for i in json.loads(run("today", "--format", "json", "--date", later).stdout)["items"]]
    assert reps["exercise_id"] in ids  # onward
    again = runner.invoke(app, ["plan", "add", reps["exercise_id"]])
    assert again.exit_code != 0 and "already" in again.stderr
