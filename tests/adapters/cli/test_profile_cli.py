"""`gluterx profile show|edit|settings`: answers changed re-plan from the next session, settings in kg or lb."""

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

DAY = "2026-12-07"  # a Monday in week 3


def test_edit_replans_from_the_day_and_show_has_the_new_answers(tmp_path: Path) -> None:
    started(tmp_path)
    out = run("profile", "edit", "--set", "minutes_per_session=20", "--set", 'equipment=["dumbbells"]',
              "--date", DAY, "--format", "json").stdout  # fmt: skip
    assert json.loads(out) == {"status": "ok", "profile_version": 2, "replanned_from": DAY}
    shown = json.loads(run("profile", "show", "--format", "json").stdout)
    assert shown["profile"]["minutes_per_session"] == 20 and shown["profile"]["equipment"] == ["dumbbells"]
    assert "Your plan is made again from" in run("profile", "edit", "--set", "minutes_per_session=25").stdout


def test_edit_with_a_bad_answer_names_it_and_keeps_the_old(tmp_path: Path) -> None:
    started(tmp_path)
    result = runner.invoke(app, ["profile", "edit", "--set", "minutes_per_session=5"])
    assert result.exit_code == 2 and "minutes_per_session" in result.stderr
    result = runner.invoke(app, ["profile", "edit", "--set", "nothing"])
    assert result.exit_code == 2 and "FIELD=VALUE" in result.stderr
    assert json.loads(run("profile", "show", "--format", "json").stdout)["profile"]["minutes_per_session"] == 30


def test_settings_in_lb_with_days_and_the_today_table_says_lb(tmp_path: Path) -> None:
    started(tmp_path)
    out = json.loads(run("profile", "settings", "--unit", "lb", "--body-mass", "150", "--days", "tue,thu,sat",
                         "--time", "06:30", "--tz", "America/Chicago", "--date", DAY, "--format", "json").stdout)  # fmt: skip
    assert (out["unit"], out["body_mass"], out["training_days"], out["training_time"], out["time_zone"]) == (
        "lb", 150.0, [2, 4, 6], "06:30", "America/Chicago")  # fmt: skip
    assert out["replanned_from"] == DAY
    table = run("profile", "settings").stdout
    assert "pounds (lb)" in table and "Tuesday, Thursday, Saturday" in table and "150 lb" in table


def test_bad_settings_name_the_flag(tmp_path: Path) -> None:
    started(tmp_path)
    result = runner.invoke(app, ["profile", "settings", "--days", "mon,tue", "--tz", "Narnia/Cair"])
    assert result.exit_code == 2 and "--days" in result.stderr and "--tz" in result.stderr
    result = runner.invoke(app, ["profile", "settings", "--days", "funday"])
    assert result.exit_code == 2 and "not a day" in result.stderr
