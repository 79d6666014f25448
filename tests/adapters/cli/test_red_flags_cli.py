"""`gluterx plan` and `gluterx screening flags` with the red-flag clusters and the new flags."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from gluterx.adapters.cli.main import app

runner = CliRunner()
AT_61 = {
    "age": 61,
    "goals": ["pain_relief"],
    "pain": [{"region": "lower_back", "side": "both", "intensity": 5, "weeks": 6}],
    "red_flags": ["cancer_history", "weight_loss", "night_pain"],
    "sitting_hours_per_day": 6,
    "experience": "none",
    "equipment": [],
    "sessions_per_week": 3,
    "minutes_per_session": 30,
}


def test_plan_json_gives_one_overall_urgency_for_a_cluster(tmp_path: Path) -> None:
    """Past cancer, weight loss and night pain at 61: `referral` is {reasons, urgency: urgent} and no weeks."""
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(AT_61))
    result = runner.invoke(app, ["plan", "--profile", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["status"] == "referral" and plan["weeks"] == []
    assert set(plan["referral"]) == {"reasons", "urgency"}
    assert plan["referral"]["urgency"] == "urgent"
    assert len(plan["referral"]["reasons"]) == 2
    assert plan["cautions"] == []  # "new back pain after 50" is named in the reasons, not said twice


def test_plan_table_says_what_to_do_today(tmp_path: Path) -> None:
    """The terminal panel names the findings once and says to see a doctor today."""
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(AT_61))
    result = runner.invoke(app, ["plan", "--profile", str(path)])
    assert result.exit_code == 0, result.output
    words = " ".join(result.stdout.replace("│", " ").split())
    assert "Please see a doctor today" in words
    assert words.count("cauda equina") == 0 and words.count("New pain after cancer") == 1


def test_screening_flags_lists_the_new_questions() -> None:
    """Inflammatory back pain (soon) and not improving (a caution) are listed for other programs to ask."""
    result = runner.invoke(app, ["screening", "flags", "--format", "json"])
    flags = {f["id"]: f for f in json.loads(result.stdout)}
    assert flags["inflammatory_back_pain"]["urgency"] == "soon"
    assert flags["not_improving"]["kind"] == "caution"
    assert "new_back_pain_over_50" not in flags
