"""A damaged or forged backup is refused whole: `gluterx backup import` exits 2 naming the JSON path of each problem
(never a traceback), and the store is byte for byte what it was. Checked with the same typed fields and ranges as live
input, so nothing a person could not log gets in this way either (load -5, reps 10^9, year 1, an unknown exercise)."""

from __future__ import annotations

import copy
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, text
from typer.testing import CliRunner

from gluterx.adapters.cli.main import app as cli_app
from gluterx.adapters.db.engine import make_engine, migrate
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.bootstrap import build
from gluterx.config import get_settings
from gluterx.data import load_library
from gluterx.services import backup
from gluterx.services.ports import ServiceError
from tests.adapters.db.conftest import _postgres_database
from tests.adapters.web.conftest import START, make_profile

runner = CliRunner()
Edit = Callable[[dict[str, Any]], None]
SESSION = "people[0].performed_sessions[0]"
SET = f"{SESSION}.exercises[0].sets[0]"


def _set(data: dict[str, Any], **fields: Any) -> None:
    data["people"][0]["performed_sessions"][0]["exercises"][0]["sets"][0].update(fields)


def _duplicate_person(data: dict[str, Any]) -> None:
    data["people"].append(copy.deepcopy(data["people"][0]))


def _dangling(data: dict[str, Any]) -> None:
    """One prescription (made from the first planned item) that refers to performed session 99 of 1."""
    program = data["people"][0]["programs"][0]
    item = program["sessions"][0]["items"][0]
    program["prescriptions"] = [
        {
            "planned_exercise_id": item["exercise_id"],
            "logged_exercise_id": item["exercise_id"],
            "exercise_id": item["exercise_id"],
            "performed_session": 99,
            "dose": item["dose"],
            "action": "hold",
            "reason": "",
            "sources": [],
            "cue": None,
            "created_at": "2026-01-01T00:00:00",
        }
    ]


def _field(path: tuple[Any, ...], value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        where: Any = data["people"][0]
        for step in path[:-1]:
            where = where[step]
        where[path[-1]] = value

    return edit


CASES: list[tuple[str, Edit, str]] = [
    ("negative reps", lambda d: _set(d, reps=-3), f"{SET}.reps"),
    ("reps 10^9", lambda d: _set(d, reps=10**9), f"{SET}.reps"),
    ("reps 1e20", lambda d: _set(d, reps=1e20), f"{SET}.reps"),
    ("reps as a boolean", lambda d: _set(d, reps=True), f"{SET}.reps"),
    ("load -5", lambda d: _set(d, load=-5.0), f"{SET}.load"),
    ("load 1e20", lambda d: _set(d, load=1e20), f"{SET}.load"),
    ("load as a boolean", lambda d: _set(d, load=False), f"{SET}.load"),
    ("an unknown unit", lambda d: _set(d, unit="stone"), f"{SET}.unit"),
    ("pain 11 in a check-in", _field(("checkins", 0, "pain"), 11), "people[0].checkins[0].pain"),
    (
        "pain 11 during an exercise",
        _field(("performed_sessions", 0, "exercises", 0, "pain_during"), 11),
        f"{SESSION}.exercises[0].pain_during",
    ),
    ("a session in year 1", _field(("performed_sessions", 0, "date"), "0001-01-01"), f"{SESSION}.date"),
    ("a check-in in year 9999", _field(("checkins", 0, "date"), "9999-12-31"), "people[0].checkins[0].date"),
    (
        "an unknown exercise id",
        _field(("performed_sessions", 0, "exercises", 0, "exercise_id"), "quad_blaster_3000"),
        f"{SESSION}.exercises[0].exercise_id",
    ),
    ("a duplicated person uuid", _duplicate_person, "people[1].uuid"),
    ("a dangling session reference", _dangling, "people[0].programs[0].prescriptions[0].performed_session"),
    (
        "a missing profile version",
        _field(("programs", 0, "profile_version"), 7),
        "people[0].programs[0].profile_version",
    ),
    ("a uuid that is not one", _field(("uuid",), "not-a-uuid"), "people[0].uuid"),
    ("an unknown role", _field(("role",), "admin"), "people[0].role"),
]


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in id order: what 'nothing changed' means on PostgreSQL."""
    with engine.connect() as conn:
        out = {}
        for table in sorted(inspect(conn).get_table_names()):
            rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()  # noqa: S608 - names from the schema
            out[table] = sorted((tuple(r) for r in rows), key=repr)
        return out


def snapshot(db: Path) -> tuple[str, ...]:
    """The SHA-256 of the database file and of its write-ahead log, if any."""
    wal = db.with_name(db.name + "-wal")
    files = [db, wal] if wal.exists() else [db]
    return tuple(hashlib.sha256(f.read_bytes()).hexdigest() for f in files)


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Any]]]:
    """A SQLite store made through the CLI (start, a logged session, a check-in) and its backup."""
    tmp = tmp_path_factory.mktemp("restore")
    db = tmp / "store.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GLUTERX_DATABASE_URL", f"sqlite:///{db}")
        get_settings.cache_clear()
        profile = tmp / "profile.json"
        profile.write_text(json.dumps(make_profile()))
        assert runner.invoke(cli_app, ["start", "--profile", str(profile), "--start", START]).exit_code == 0
        session = tmp / "session.json"
        body = {"date": START, "exercises": [{"exercise_id": "glute_bridge", "sets": [{"reps": 12, "load_kg": 10}]}]}
        session.write_text(json.dumps(body))
        logged = runner.invoke(cli_app, ["log", "--file", str(session), "--date", START])
        assert logged.exit_code == 0, logged.output
        next_day = (date.fromisoformat(START) + timedelta(days=1)).isoformat()
        assert runner.invoke(cli_app, ["checkin", "--pain", "3", "--date", next_day]).exit_code == 0
        out = tmp / "backup.json"
        assert runner.invoke(cli_app, ["backup", "export", str(out)]).exit_code == 0
        build().engine.dispose()
        with sqlite3.connect(db) as conn:  # everything into the main file, so its bytes say what is stored
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        yield db, json.loads(out.read_text())
    get_settings.cache_clear()


@pytest.mark.parametrize(("case", "edit", "path"), CASES, ids=[c[0] for c in CASES])
def test_gluterx_backup_import_refuses_a_bad_backup_whole_naming_the_path_and_changes_no_byte(
    cli_store: tuple[Path, dict[str, Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    edit: Edit,
    path: str,
) -> None:
    db, good = cli_store
    data = copy.deepcopy(good)
    edit(data)
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(data))
    before = snapshot(db)
    monkeypatch.setenv("GLUTERX_DATABASE_URL", f"sqlite:///{db}")
    get_settings.cache_clear()
    try:
        result = runner.invoke(cli_app, ["backup", "import", str(file), "--replace"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr, result.exception)
    message = " ".join(result.stderr.split())
    assert "Traceback" not in result.stdout + result.stderr
    assert path in message, message
    assert snapshot(db) == before, "a refused backup must change no byte"


def test_the_good_backup_still_restores_and_round_trips(cli_store: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    """The checks refuse nothing the store itself wrote."""
    _, good = cli_store
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    migrate(engine)
    try:
        counts = backup.import_all(SqlUnitOfWork(engine), copy.deepcopy(good), library=load_library())
        assert counts["sessions"] == 1 and counts["check-ins"] == 1
        assert backup.export_all(SqlUnitOfWork(engine)) == good
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_on_postgresql_a_bad_backup_changes_no_row(cli_store: tuple[Path, dict[str, Any]]) -> None:
    _, good = cli_store
    for url in _postgres_database():
        engine = make_engine(url)
        migrate(engine)
        try:
            backup.import_all(SqlUnitOfWork(engine), copy.deepcopy(good), library=load_library())
            before = dump(engine)
            for case, edit, path in CASES:
                data = copy.deepcopy(good)
                edit(data)
                with pytest.raises(ServiceError) as refused:
                    backup.import_all(SqlUnitOfWork(engine), data, replace=True, library=load_library())
                assert path in {p.field for p in refused.value.problems}, (case, refused.value.problems)
                assert dump(engine) == before, case
        finally:
            engine.dispose()
