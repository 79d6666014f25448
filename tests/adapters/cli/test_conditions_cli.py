"""Health conditions on the command line: `gluterx screening conditions`, and `gluterx init` asking them
(interactively, only the follow-ups that apply) or taking them as `--condition ID:FIELD=VALUE,...`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from gluterx.adapters.cli.main import app
from gluterx.domain.conditions import QUESTIONS, ConditionId
from gluterx.domain.screening import FLAGS
from gluterx.services.profiles import ASKED_AS_CONDITIONS

runner = CliRunner()


def test_conditions_json_lists_every_condition_with_its_fields() -> None:
    """Another program can read each id, its question and its follow-ups with their values or ranges."""
    result = runner.invoke(app, ["screening", "conditions", "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [c["id"] for c in listed] == [c.value for c in ConditionId]
    hip = listed[0]
    assert hip["question"] == "Have you had a hip replaced?"
    assert [(f["name"], f["type"]) for f in hip["fields"]] == [
        ("side", "choice"),
        ("approach", "choice"),
        ("months_since", "integer"),
    ]
    assert hip["fields"][1]["values"] == ["posterior", "anterior", "lateral", "unknown"]


def test_conditions_table_shows_each_question_and_its_allowed_values() -> None:
    """The table a person reads: id, question and the fields with their values."""
    result = runner.invoke(app, ["screening", "conditions"])
    assert result.exit_code == 0
    assert "Have you had a hip replaced?" in result.stdout
    assert "approach: posterior | anterior | lateral | unknown" in result.stdout
    assert "count: 0-100 falls" in result.stdout


def test_init_takes_conditions_as_flags_and_the_profile_plans(tmp_path: Path) -> None:
    """--condition ID:FIELD=VALUE,... (repeatable; a condition without fields is just its id) goes into
    PROFILE.json `conditions`, typed, and `plan` reads it."""
    out = tmp_path / "me.json"
    result = runner.invoke(
        app,
        [
            "init",
            "--output",
            str(out),
            "--age",
            "66",
            "--condition",
            "hip_replacement:side=left,approach=posterior,months_since=4",
            "--condition",
            "osteoporosis",
            "--condition",
            "falls_last_year:count=2",
            "--goal",
            "bone_health",
            "--no-red-flags",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["conditions"] == [
        {"id": "hip_replacement", "side": "left", "approach": "posterior", "months_since": 4},
        {"id": "osteoporosis"},
        {"id": "falls_last_year", "count": 2},
    ]
    planned = runner.invoke(app, ["plan", "--profile", str(out), "--format", "json"])
    assert planned.exit_code == 0, planned.output


def test_init_names_each_bad_condition_field_by_its_flag_and_writes_nothing(tmp_path: Path) -> None:
    """Bad values, an unknown field and an unknown id: one line each, naming `--condition #N field` and what is
    allowed; no file."""
    out = tmp_path / "me.json"
    result = runner.invoke(
        app,
        [
            "init",
            "--output",
            str(out),
            "--age",
            "40",
            "--condition",
            "hip_replacement:side=up,approach=posterior,months_since=700,colour=red",
            "--condition",
            "dragon_bite",
        ],
    )
    assert result.exit_code == 2
    assert "--condition #1 side: use one of 'left', 'right' or 'both'" in result.stderr
    assert "--condition #1 months_since: must be at most 600" in result.stderr
    assert "--condition #1 colour: unknown field; remove it (allowed fields are id, side, approach," in result.stderr
    assert "--condition #2 id: unknown condition 'dragon_bite'; `gluterx screening conditions`" in result.stderr
    assert not out.exists()


def test_init_explains_the_condition_syntax_when_a_pair_has_no_value(tmp_path: Path) -> None:
    """`pregnancy:trimester` (no =VALUE) gets the syntax and an example."""
    out = tmp_path / "me.json"
    result = runner.invoke(app, ["init", "--output", str(out), "--age", "30", "--condition", "pregnancy:trimester"])
    assert result.exit_code == 2
    assert "ID[:FIELD=VALUE[,FIELD=VALUE...]]" in result.stderr
    assert not out.exists()


def test_init_help_documents_the_condition_syntax() -> None:
    """--help shows the syntax and where to find the ids."""
    result = runner.invoke(app, ["init", "--help"], env={"COLUMNS": "200"})
    assert "--condition" in result.stdout
    assert "hip_replacement:side=left,approach=posterior,months_since=4" in result.stdout


def _interview(tmp_path: Path, condition_answers: list[str]) -> dict[str, object]:
    out = tmp_path / "me.json"
    groups = len({f.group for f in FLAGS if f.id not in ASKED_AS_CONDITIONS})
    answers = (
        "\n".join(
            ["34", ""]  # age; no pain
            + ["n"] * groups  # no red flags
            + condition_answers
            + ["pain_relief", "8", "beginner", "", "3", "30"]
        )
        + "\n"
    )
    result = runner.invoke(app, ["init", "--output", str(out), "--interactive"], input=answers)
    assert result.exit_code == 0, result.stdout
    return {"data": json.loads(out.read_text()), "stdout": result.stdout}


def test_the_questionnaire_asks_only_the_follow_ups_of_the_conditions_ticked(tmp_path: Path) -> None:
    """Yes to pregnancy (trimester asked, plain words shown) and to pelvic girdle pain (no follow-ups); no to the
    rest, whose follow-ups are never asked. Pregnancy is asked once, as a condition, not also as a red flag."""
    ids = [q.id for q in QUESTIONS]
    yes = {ConditionId.PREGNANCY: ["2"], ConditionId.PELVIC_GIRDLE_PAIN: []}
    answers = ["y"]
    for condition_id in ids:
        answers += ["y", *yes[condition_id]] if condition_id in yes else ["n"]
    done = _interview(tmp_path, answers)
    data, stdout = done["data"], str(done["stdout"])
    assert isinstance(data, dict)
    assert data["conditions"] == [{"id": "pregnancy", "trimester": 2}, {"id": "pelvic_girdle_pain"}]
    assert "Second trimester (13 to 27 weeks)" in stdout
    assert "Which hip was replaced?" not in stdout
    assert stdout.count("Are you pregnant") == 2  # in the list of questions, then asked once


def test_the_questionnaire_asks_a_hip_replacements_side_approach_and_months(tmp_path: Path) -> None:
    """A hip replacement's three follow-ups: a side is never guessed (an empty answer is asked again), and a number
    out of range is re-asked."""
    answers = ["y", "y", "", "left", "unknown", "900", "5"] + ["n"] * (len(QUESTIONS) - 1)
    done = _interview(tmp_path, answers)
    data = done["data"]
    assert isinstance(data, dict)
    assert data["conditions"] == [{"id": "hip_replacement", "side": "left", "approach": "unknown", "months_since": 5}]
    assert "Please enter a whole number from 0 to 600" in str(done["stdout"])
    assert "Please select one of the available options" in str(done["stdout"])


def test_the_questionnaire_with_no_conditions_writes_an_empty_list(tmp_path: Path) -> None:
    """No to the conditions list: no follow-ups, `conditions: []`."""
    data = _interview(tmp_path, ["n"])["data"]
    assert isinstance(data, dict)
    assert data["conditions"] == []
