"""`gluterx screening flags`, `gluterx init` and `gluterx plan` as a person and another program use them."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from typer.testing import CliRunner

from gluterx.adapters.cli.main import app
from gluterx.domain.screening import FLAGS
from gluterx.services.profiles import ASKED_AS_CONDITIONS

runner = CliRunner()
DESK = {
    "age": 38,
    "goals": ["pain_relief", "posture"],
    "pain": [{"region": "lower_back", "side": "both", "intensity": 5, "weeks": 20}],
    "red_flags": [],
    "sitting_hours_per_day": 9,
    "experience": "none",
    "equipment": ["mini_band"],
    "sessions_per_week": 3,
    "minutes_per_session": 25,
}


def write(tmp_path: Path, data: object, name: str = "profile.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def test_flags_json_lists_every_flag_with_its_question() -> None:
    """Another program can read the flag ids and questions."""
    result = runner.invoke(app, ["screening", "flags", "--format", "json"])
    assert result.exit_code == 0
    flags = json.loads(result.stdout)
    assert {"saddle_numbness", "pregnancy"} <= {f["id"] for f in flags}
    assert all(f["question"] for f in flags)


def test_plan_json_follows_the_contract(tmp_path: Path) -> None:
    """status, referral, cautions and weeks -> sessions -> items with exactly the contract's fields."""
    result = runner.invoke(app, ["plan", "--profile", str(write(tmp_path, DESK)), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    assert set(plan) == {"status", "referral", "cautions", "precautions", "weeks"}
    assert plan["status"] == "ok"
    assert plan["referral"] is None
    assert len(plan["weeks"]) == 12
    week = plan["weeks"][0]
    assert set(week) == {"week", "phase", "sessions"}
    session = week["sessions"][0]
    assert set(session) == {"day", "minutes", "items"}
    assert 1 <= session["day"] <= 7
    assert session["minutes"] <= 25
    item = session["items"][0]
    assert set(item) == {"exercise_id", "sets", "reps", "load", "rest_s", "reason", "caution", "supported_option"}
    assert isinstance(item["sets"], int)
    assert isinstance(item["rest_s"], int)


def test_plan_weeks_flag_overrides_the_profile(tmp_path: Path) -> None:
    """--weeks 6 makes a six-week programme."""
    result = runner.invoke(app, ["plan", "--profile", str(write(tmp_path, DESK)), "--format", "json", "--weeks", "6"])
    assert len(json.loads(result.stdout)["weeks"]) == 6


def test_referral_profile_prints_reasons_and_no_weeks(tmp_path: Path) -> None:
    """A red flag gives status referral and an empty weeks list."""
    data = {**DESK, "red_flags": ["bladder_control"]}
    result = runner.invoke(app, ["plan", "--profile", str(write(tmp_path, data)), "--format", "json"])
    plan = json.loads(result.stdout)
    assert (plan["status"], plan["weeks"]) == ("referral", [])
    assert plan["referral"]["reasons"]


def test_invalid_profile_exits_2_with_one_line_per_bad_field(tmp_path: Path) -> None:
    """Every bad field is named with what is allowed; no traceback."""
    bad = {"age": "old", "goals": ["abs"], "sessions_per_week": 9, "colour": "red", "red_flags": ["nope"]}
    result = runner.invoke(app, ["plan", "--profile", str(write(tmp_path, bad))])
    assert result.exit_code == 2
    err = result.stderr
    assert "5 problem(s)" in err
    for field in ("age:", "goals.0:", "sessions_per_week:", "colour:", "red_flags:"):
        assert field in err
    assert "Traceback" not in err


def test_missing_and_malformed_profile_files_are_clear(tmp_path: Path) -> None:
    """No file, or a file that is not JSON, names --profile and what to do."""
    missing = runner.invoke(app, ["plan", "--profile", str(tmp_path / "nope.json")])
    assert missing.exit_code == 2
    assert "--profile: no file at" in missing.stderr
    broken = tmp_path / "broken.json"
    broken.write_text('{"age": 40,')
    result = runner.invoke(app, ["plan", "--profile", str(broken)])
    assert result.exit_code == 2
    assert "not valid JSON (line 1" in result.stderr


def test_table_and_markdown_views_show_weeks_and_reasons(tmp_path: Path) -> None:
    """The human views carry the weeks, the sessions and why each exercise is there."""
    path = str(write(tmp_path, DESK))
    table = runner.invoke(app, ["plan", "--profile", path, "--weeks", "2"])
    assert table.exit_code == 0
    assert "Week 1" in table.stdout
    assert "Week 2" in table.stdout
    markdown = runner.invoke(app, ["plan", "--profile", path, "--format", "markdown", "--start", "2026-11-23"])
    assert "## Week 1: Activation & muscle contact" in markdown.stdout
    assert "### Day 1 (2026-11-23)" in markdown.stdout
    assert "| Exercise | Sets x reps | Load | Rest | Why |" in markdown.stdout


def test_activity_days_are_offered_as_optional_beside_the_sessions_asked_for(tmp_path: Path) -> None:
    """Three sessions asked for, pain relief wanted: the walking days are named optional in the table and the
    markdown, and say they come on top of the three glute sessions."""
    path = str(write(tmp_path, DESK))
    table = runner.invoke(app, ["plan", "--profile", path, "--weeks", "1"]).stdout
    assert table.count("· glute session ·") == 3
    assert "optional activity day" in table
    assert "on top of the 3 glute sessions a week you asked for" in " ".join(table.split())
    markdown = runner.invoke(app, ["plan", "--profile", path, "--weeks", "1", "--format", "markdown"]).stdout
    assert ", optional activity day" in markdown


def test_init_from_flags_writes_a_profile_that_plans(tmp_path: Path) -> None:
    """Non-interactive init writes PROFILE.json that `plan` accepts."""
    out = tmp_path / "me.json"
    result = runner.invoke(
        app,
        [
            "init",
            "--output",
            str(out),
            "--age",
            "44",
            "--goal",
            "pain_relief,posture",
            "--pain",
            "knee:6:left:8",
            "--equipment",
            "mini_band",
            "--sessions",
            "2",
            "--minutes",
            "20",
            "--sitting-hours",
            "7",
            "--no-red-flags",
            "--no-conditions",
        ],
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text())
    assert data["pain"] == [{"region": "knee", "intensity": 6, "side": "left", "weeks": 8}]
    assert out.read_text() == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # health answers: readable by their owner alone
    planned = runner.invoke(app, ["plan", "--profile", str(out), "--format", "json"])
    assert json.loads(planned.stdout)["status"] == "ok"


def test_init_rejects_bad_answers_and_writes_nothing(tmp_path: Path) -> None:
    """A bad flag value is named by its flag; no file is left behind."""
    out = tmp_path / "me.json"
    result = runner.invoke(app, ["init", "--output", str(out), "--age", "44", "--pain", "neck:12", "--minutes", "5"])
    assert result.exit_code == 2
    assert "--pain #1 region: use one of" in result.stderr
    assert "--minutes: must be at least 10" in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_init_answers_the_questionnaire_and_re_asks_bad_answers(tmp_path: Path) -> None:
    """The interactive questionnaire re-asks an out-of-range age and accepts the corrected one."""
    out = tmp_path / "me.json"
    groups = len({f.group for f in FLAGS})
    answers = (
        "\n".join(
            ["200", "52", "lower_back", "4", "both", "10"]  # age (bad, then good), pain region, intensity, side, weeks
            + ["n"] * groups  # no to every group of health questions
            + ["n"]  # no health conditions
            + ["pain_relief", "8", "beginner", "mini_band", "3", "30"]
        )
        + "\n"
    )
    result = runner.invoke(app, ["init", "--output", str(out), "--interactive"], input=answers)
    assert result.exit_code == 0, result.stdout
    assert "Please enter a whole number from 16 to 110" in result.stdout
    data = json.loads(out.read_text())
    assert data["age"] == 52
    assert data["pain"][0]["region"] == "lower_back"
    assert data["goals"] == ["pain_relief"]


def test_init_with_flags_never_assumes_no_red_flags_or_no_conditions(tmp_path: Path) -> None:
    """Without --flag or --no-red-flags (and --condition or --no-conditions) init refuses, naming each flag and the
    fix; nothing is written. With the explicit 'none', the profile says none."""
    out = tmp_path / "me.json"
    base = ["init", "--output", str(out), "--age", "44", "--goal", "pain_relief"]
    result = runner.invoke(app, base)
    assert result.exit_code == 2
    assert "--flag: give --flag ID for each screening question" in result.stderr
    assert "--no-red-flags if none applies" in result.stderr
    assert "--condition: give --condition ID" in result.stderr and "--no-conditions" in result.stderr
    assert not out.exists()
    result = runner.invoke(app, [*base, "--no-red-flags", "--flag", "fever"])
    assert result.exit_code == 2
    assert "give one or the other" in result.stderr
    result = runner.invoke(app, [*base, "--no-red-flags", "--no-conditions"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text())
    assert data["red_flags"] == [] and data["conditions"] == []


def test_init_refuses_no_goal_naming_the_flag(tmp_path: Path) -> None:
    out = tmp_path / "me.json"
    result = runner.invoke(app, ["init", "--output", str(out), "--age", "44", "--no-red-flags", "--no-conditions"])
    assert result.exit_code == 2
    assert "--goal: choose at least one goal, e.g. --goal pain_relief" in result.stderr
    assert not out.exists()


def test_the_questionnaire_asks_again_when_no_goal_is_chosen(tmp_path: Path) -> None:
    out = tmp_path / "me.json"
    groups = len({f.group for f in FLAGS if f.id not in ASKED_AS_CONDITIONS})
    answers = "\n".join(["52", ""] + ["n"] * groups + ["n"] + ["none", "", "posture", "8", "beginner", "", "3", "30"])
    result = runner.invoke(app, ["init", "--output", str(out), "--interactive"], input=answers + "\n")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.count("Please choose at least one") == 2
    assert json.loads(out.read_text())["goals"] == ["posture"]
