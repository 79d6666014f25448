"""The person's loop through the CLI, exactly as DESIGN.md's contract says (tests outside the project rely on it)."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gluterx.adapters.cli.main import app
from gluterx.config import get_settings

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


def run(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr or result.stdout
    return result


def started(tmp_path: Path) -> Path:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(PROFILE))
    run("start", "--profile", str(path), "--start", "2026-11-23")
    return path


def test_today_json_has_exactly_the_contract_fields(tmp_path: Path) -> None:
    """`gluterx today --date D --format json` prints the DESIGN.md object."""
    started(tmp_path)
    view = json.loads(run("today", "--date", "2026-11-23", "--format", "json").stdout)
    assert set(view) == {"date", "week", "day", "rest_day", "next_session_date", "items", "alerts", "precautions"}
    assert (view["date"], view["week"], view["day"], view["rest_day"]) == ("2026-11-23", 1, 1, False)
    assert all(
        set(i) == {"exercise_id", "sets", "reps", "load", "rest_s", "reason", "caution", "supported_option"}
        for i in view["items"]
    )
    rest = json.loads(run("today", "--date", "2026-11-24", "--format", "json").stdout)
    if rest["rest_day"]:
        assert rest["items"] == []
        assert rest["next_session_date"] == "2026-11-25"


def test_log_then_checkin_then_today_reflects_progression(tmp_path: Path) -> None:
    """A logged session changes the next one; next-morning pain is recorded."""
    started(tmp_path)
    view = json.loads(run("today", "--date", "2026-11-23", "--format", "json").stdout)
    session = {
        "date": "2026-11-23",
        "exercises": [
            {
                "exercise_id": i["exercise_id"],
                "sets": [{"reps": 15, "load_kg": None, "band": None, "rir": 3, "rpe": None}] * i["sets"],
                "pain_during": 1,
                "felt_in": ["glutes"],
            }
            for i in view["items"]
        ],
        "notes": "felt good",
    }
    file = tmp_path / "session.json"
    file.write_text(json.dumps(session))
    logged = json.loads(run("log", "--file", str(file), "--format", "json").stdout)
    assert logged["changes"]
    checked = run("checkin", "--pain", "2", "--date", "2026-11-24")
    assert "pain 2/10" in checked.stdout
    history = json.loads(run("history", "--format", "json").stdout)
    assert history["sessions"][0]["notes"] == "felt good"
    assert history["checkins"] == [{"date": "2026-11-24", "pain": 2}]


def test_bad_session_file_names_the_field_and_stores_nothing(tmp_path: Path) -> None:
    """Pain 12 is refused with the field's path; the history stays empty."""
    started(tmp_path)
    file = tmp_path / "bad.json"
    file.write_text(
        json.dumps(
            {
                "date": "2026-11-23",
                "exercises": [
                    {"exercise_id": "glute_bridge", "sets": [{"reps": 10}], "pain_during": 12, "felt_in": ["elbow"]}
                ],
            }
        )
    )
    result = runner.invoke(app, ["log", "--file", str(file)])
    assert result.exit_code == 2
    assert "exercises.0.pain_during" in result.stderr
    assert "exercises.0.felt_in" in result.stderr
    assert json.loads(run("history", "--format", "json").stdout)["sessions"] == []


def test_commands_before_start_say_what_to_do() -> None:
    """`today` with no programme names the command to run."""
    result = runner.invoke(app, ["today", "--format", "json"])
    assert result.exit_code == 2
    assert "gluterx start --profile" in result.stderr


def test_checkin_rejects_out_of_range_pain() -> None:
    """--pain 11 is refused by the flag's own range check."""
    result = runner.invoke(app, ["checkin", "--pain", "11"])
    assert result.exit_code == 2
    assert "--pain" in result.stderr


def test_backup_export_and_import_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`backup export` then `backup import` into a fresh store gives the same backup back."""
    started(tmp_path)
    out = tmp_path / "backup.json"
    run("backup", "export", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # everything stored: readable by its owner alone
    ics = tmp_path / "plan.ics"
    run("export", "ics", str(ics))
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(ics.stat().st_mode) == 0o666 & ~mask  # an export: the usual permissions
    monkeypatch.setenv("GLUTERX_DATABASE_URL", f"sqlite:///{tmp_path / 'restored.db'}")
    get_settings.cache_clear()
    run("backup", "import", str(out))
    again = tmp_path / "again.json"
    run("backup", "export", str(again))
    assert json.loads(again.read_text()) == json.loads(out.read_text())


def test_checkin_records_soreness_apart_from_pain(tmp_path: Path) -> None:
    """--soreness is saved and shown beside the pain; JSON gives both and the usual pain; 11 names --soreness."""
    started(tmp_path)
    checked = run("checkin", "--pain", "1", "--soreness", "4", "--date", "2026-11-24")
    assert "pain 1/10, soreness 4/10" in checked.stdout
    again = json.loads(
        run("checkin", "--pain", "1", "--soreness", "3", "--date", "2026-11-24", "--format", "json").stdout
    )
    assert (again["pain"], again["soreness"]) == (1, 3)
    result = runner.invoke(app, ["checkin", "--pain", "1", "--soreness", "11"])
    assert result.exit_code == 2
    assert "--soreness" in result.stderr


def test_log_says_the_milestones_and_show_gives_the_persons_history(tmp_path: Path) -> None:
    """The first session is a milestone in `gluterx log`; `exercises show` then has the person's own history."""
    started(tmp_path)
    session = {
        "date": "2026-11-23",
        "exercises": [{"exercise_id": "glute_bridge", "sets": [{"reps": 12}, {"reps": 14}], "pain_during": 0}],
    }
    file = tmp_path / "session.json"
    file.write_text(json.dumps(session))
    logged = run("log", "--file", str(file))
    assert "Your first session is done." in logged.stdout
    shown = run("exercises", "show", "glute_bridge")
    assert "Your history:" in shown.stdout and "Sessions: 1" in shown.stdout
    assert "Best set: 14 reps with body weight" in shown.stdout
    as_json = json.loads(run("exercises", "show", "glute_bridge", "--format", "json").stdout)
    assert as_json["history"]["sessions"] == 1 and as_json["history"]["best_set"]["reps"] == 14


def test_the_library_lists_the_local_persons_plan_first(tmp_path: Path) -> None:
    started(tmp_path)
    planned = [
        i["exercise_id"] for i in json.loads(run("today", "--date", "2026-11-23", "--format", "json").stdout)["items"]
    ]
    listed = [e["id"] for e in json.loads(run("exercises", "--format", "json").stdout)]
    assert set(planned) <= set(listed[: len(planned) + 12])  # this week's, today's first; the rest after
    assert "(in your plan)" in run("exercises").stdout


# ------------------------------------------------------------------------------------------------ the same session twice


def _session_file(tmp_path: Path) -> Path:
    view = json.loads(run("today", "--date", "2026-11-23", "--format", "json").stdout)
    body = {
        "date": "2026-11-23",
        "exercises": [
            {"exercise_id": i["exercise_id"], "sets": [{"reps": 12}] * i["sets"], "pain_during": 0, "felt_in": []}
            for i in view["items"]
        ],
        "session_rpe": 6,
        "duration_min": 30,
    }
    file = tmp_path / "session.json"
    file.write_text(json.dumps(body))
    return file


def test_logging_the_same_file_twice_stops_naming_allow_duplicate_then_stores_it_with_the_flag(tmp_path: Path) -> None:
    """Without a terminal to ask, the same session again exits 2 naming --allow-duplicate and stores nothing; with
    --allow-duplicate it is a second session."""
    started(tmp_path)
    file = _session_file(tmp_path)
    run("log", "--file", str(file))
    again = runner.invoke(app, ["log", "--file", str(file)])
    assert again.exit_code == 2
    assert "already logged this session on 2026-11-23" in again.stderr and "--allow-duplicate" in again.stderr
    assert len(json.loads(run("history", "--format", "json").stdout)["sessions"]) == 1
    run("log", "--file", str(file), "--allow-duplicate")
    assert len(json.loads(run("history", "--format", "json").stdout)["sessions"]) == 2


def test_logging_by_hand_asks_effort_and_minutes_and_asks_before_logging_the_same_again(tmp_path: Path) -> None:
    """The set-by-set walk ends with how hard (0-10) and how long; done twice the same, it asks "log it again?" and
    a no stores nothing."""
    started(tmp_path)
    view = json.loads(run("today", "--date", "2026-11-23", "--format", "json").stdout)

    walk = "".join("y\n" + "".join("12\n\n2\n" for _ in range(i["sets"])) + "0\nglutes\n" for i in view["items"])

    first = runner.invoke(app, ["log", "--date", "2026-11-23", "--no-rest"], input=walk + "7\n25\n")
    assert first.exit_code == 0, first.stderr or first.stdout
    assert "How hard was the whole session" in first.stdout and "How many minutes" in first.stdout
    app_db = json.loads(run("history", "--format", "json").stdout)
    assert len(app_db["sessions"]) == 1
    again = runner.invoke(app, ["log", "--date", "2026-11-23", "--no-rest"], input=walk + "7\n25\nn\n")
    assert again.exit_code == 1
    assert "You already logged this session on 2026-11-23" in again.stdout and "Nothing saved" in again.stdout
    assert len(json.loads(run("history", "--format", "json").stdout)["sessions"]) == 1
    yes = runner.invoke(app, ["log", "--date", "2026-11-23", "--no-rest"], input=walk + "7\n25\ny\n")
    assert yes.exit_code == 0, yes.stderr or yes.stdout
    assert len(json.loads(run("history", "--format", "json").stdout)["sessions"]) == 2


def test_backup_import_names_a_file_that_breaks_off_or_is_missing_and_restores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13: the backup is read as a stream, so JSON that breaks off is found mid-restore: refused whole, words
    not a traceback, and the fresh store stays empty."""
    started(tmp_path)
    out = tmp_path / "backup.json"
    run("backup", "export", str(out))
    cut = tmp_path / "cut.json"
    cut.write_bytes(out.read_bytes()[: len(out.read_bytes()) * 2 // 3])
    monkeypatch.setenv("GLUTERX_DATABASE_URL", f"sqlite:///{tmp_path / 'restored.db'}")
    get_settings.cache_clear()
    broken = runner.invoke(app, ["backup", "import", str(cut)])
    assert broken.exit_code == 2, broken.output
    assert "not valid JSON" in broken.stderr and "Traceback" not in broken.stderr + broken.stdout
    missing = runner.invoke(app, ["backup", "import", str(tmp_path / "nowhere.json")])
    assert missing.exit_code == 2 and "no file at" in " ".join(missing.stderr.split())
    empty = tmp_path / "empty.json"
    run("backup", "export", str(empty))
    assert json.loads(empty.read_text())["people"] == []
    run("backup", "import", str(out))  # the whole file still restores into that store
    again = tmp_path / "again.json"
    run("backup", "export", str(again))
    assert again.read_text() == out.read_text()  # the same text, byte for byte


def test_today_says_what_several_exercises_share_once_naming_them(tmp_path: Path) -> None:
    """Phase 1's "Bodyweight first" is in several items' reasons: the table prints it once, in the panel after it."""
    started(tmp_path)
    out = runner.invoke(app, ["today", "--date", "2026-11-23"], env={"COLUMNS": "200"}).stdout
    assert out.count("Bodyweight first") == 1
    assert "For this session" in out
