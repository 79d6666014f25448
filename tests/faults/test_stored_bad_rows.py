"""A bad row already in the store (written before every way in kept to one policy, or by hand) must not crash any
read: the progress API, the progress page, the clinician PDF and `gluterx progress` leave it out or clamp it and log
a warning. The rows are written with plain SQL, past every check the application makes, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from gluterx.adapters.cli.main import app as cli_app
from gluterx.adapters.web.app import create_app
from gluterx.bootstrap import build
from gluterx.config import Settings, get_settings
from tests.adapters.db.conftest import _postgres_database
from tests.adapters.web.conftest import SECRET
from tests.security.conftest import Member, enrol, page_login

# (day, exercise id, reps, load, unit, rpe, rir, session duration_s, session_rpe): what no way in accepts today
BAD_SETS: list[tuple[date, str, int, float | None, str, float | None, int | None, int | None, float | None]] = [
    (date(1, 1, 1), "hip_thrust", 10, 60.0, "kg", None, None, None, None),
    (date(9999, 12, 31), "hip_thrust", 10, 60.0, "kg", None, None, None, None),
    (date(2000, 1, 3), "hip_thrust", 10, 60.0, "kg", 8.0, None, 3600, 6.0),
    (date(2199, 12, 30), "hip_thrust", 10, 60.0, "kg", 8.0, None, 3600, 6.0),
    (date(2026, 3, 2), "hip_thrust", 10**9, 1e20, "kg", None, None, None, None),
    (date(2026, 3, 3), "hip_thrust", 10, -5.0, "kg", 50.0, -3, -100, 1e300),
    (date(2026, 3, 4), "no_such_exercise", 10, 1e20, "lb", -1.0, 99, None, None),
    (date(2026, 3, 5), "glute_bridge", 10, float("inf"), "kg", float("nan"), None, 10**9, float("nan")),
]
BAD_CHECKINS = [(date(1, 1, 1), 5), (date(9999, 12, 30), 5), (date(2026, 3, 3), 4)]


def write_bad_rows(engine: Engine, person_id: int) -> None:
    with engine.begin() as conn:
        for day, exercise, reps, load, unit, rpe, rir, duration, session_rpe in BAD_SETS:
            session_id = conn.execute(
                text(
                    "INSERT INTO performed_sessions (person_id, date, notes, source, created_at, duration_s, "
                    "session_rpe) VALUES (:p, :d, '', 'gluterx', CURRENT_TIMESTAMP, :dur, :srpe) RETURNING id"
                ),
                {"p": person_id, "d": day, "dur": duration, "srpe": session_rpe},
            ).scalar_one()
            exercise_id = conn.execute(
                text(
                    "INSERT INTO performed_exercises (session_id, position, exercise_id, pain_during, felt_in) "
                    "VALUES (:s, 0, :e, 3, '[]') RETURNING id"
                ),
                {"s": session_id, "e": exercise},
            ).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO sets (performed_exercise_id, position, reps, load, unit, rpe, rir, warmup) "
                    "VALUES (:e, 0, :r, :l, :u, :rpe, :rir, false)"
                ),
                {"e": exercise_id, "r": reps, "l": load, "u": unit, "rpe": rpe, "rir": rir},
            )
        for day, pain in BAD_CHECKINS:
            conn.execute(
                text(
                    "INSERT INTO checkins (person_id, date, pain, created_at) VALUES (:p, :d, :pain, CURRENT_TIMESTAMP)"
                ),
                {"p": person_id, "d": day, "pain": pain},
            )


class Poisoned:
    def __init__(self, client: TestClient, engine: Engine, member: Member, url: str) -> None:
        self.client, self.engine, self.member, self.url = client, engine, member, url


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def poisoned(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Poisoned]:
    urls: Iterator[str]
    if request.param == "sqlite":
        urls = iter([f"sqlite:///{tmp_path_factory.mktemp('poisoned') / 'poisoned.db'}"])
    else:
        urls = _postgres_database()
    for url in urls:
        container = build(Settings(database_url=url, environment="test", secret_key=SECRET))
        with TestClient(create_app(container)) as client:
            member = enrol(client, "poisoned@example.com")
            write_bad_rows(container.engine, member.person_id)
            yield Poisoned(client, container.engine, member, url)
        container.engine.dispose()


def test_the_progress_api_reads_past_bad_rows_small_and_with_a_warning(
    poisoned: Poisoned, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="gluterx.services.progress"):
        response = poisoned.client.get(
            "/api/v1/progress", params={"date": "2199-12-31"}, headers=poisoned.member.headers
        )
    assert response.status_code == 200, response.text[:500]
    assert len(response.content) < 200_000  # 200 years between two sets: a few weeks, not 10,000
    body = response.json()
    assert body["first_day"] >= "2000-01-01" and body["last_day"] <= "2199-12-31"
    assert all(d["day"] >= "2000-01-01" for d in body["pain"]["days"])
    assert len(body["load"]["weeks"]) < 60 and len(body["volume"]["weeks"]) < 60
    assert "day out of range" in caplog.text and "reps out of range" in caplog.text


@pytest.mark.parametrize("path", ["/progress", "/progress/report.pdf"])
def test_the_progress_page_and_the_pdf_read_past_bad_rows(poisoned: Poisoned, path: str) -> None:
    browser = page_login(poisoned.client.app, poisoned.member.email)  # type: ignore[arg-type]
    response = browser.get(path)
    assert response.status_code == 200, response.text[:500]


def test_the_history_and_sets_export_read_past_bad_rows(poisoned: Poisoned) -> None:
    for path in ("/api/v1/sessions", "/api/v1/sets.csv", "/api/v1/today"):
        response = poisoned.client.get(path, headers=poisoned.member.headers)
        assert response.status_code in (200, 404), (path, response.status_code, response.text[:300])


def test_gluterx_progress_reads_past_bad_rows(poisoned: Poisoned, monkeypatch: pytest.MonkeyPatch) -> None:
    """`gluterx progress` (table and JSON) on a store whose only person has the bad rows: exit 0, no traceback."""
    monkeypatch.setenv("GLUTERX_DATABASE_URL", poisoned.url)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        for extra in ([], ["--format", "json"]):
            result = runner.invoke(cli_app, ["progress", "--date", "2199-12-31", *extra])
            assert result.exit_code == 0, (result.stdout[-2000:], result.stderr[-2000:], result.exception)
            assert "Traceback" not in result.stdout + result.stderr
        assert json.loads(result.stdout)["total_sets"] > 0
    finally:
        get_settings.cache_clear()
