"""The real server (uvicorn in a subprocess on a free port) on SQLite or PostgreSQL, and clients that sign up
through its API, for the load, crash and bad-input tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, text

from gluterx.adapters.db.engine import make_engine, migrate
from tests.adapters.db.conftest import _postgres_database
from tests.adapters.web.conftest import PASSWORD, SECRET, START, make_profile

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """`gluterx serve` in its own process group (so kill -9 reaches every worker)."""

    url: str
    database_url: str
    log: Path
    workers: int = 1
    proc: subprocess.Popen[bytes] | None = None
    extra_env: dict[str, str] = field(default_factory=dict)  # more GLUTERX_* settings for this server

    def start(self, *, timeout: float = 60) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "GLUTERX_DATABASE_URL": self.database_url,
            "GLUTERX_ENVIRONMENT": "test",
            "GLUTERX_SECRET_KEY": SECRET,
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
        }
        # `gluterx serve`, as a person runs it (its own multi-worker listeners, see adapters/web/server.py)
        command = [str(Path(sys.executable).with_name("gluterx")), "serve", "--host", "127.0.0.1", "--port",
                   str(port), "--workers", str(self.workers), "--no-access-log"]  # fmt: skip
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(f"{self.url}/api/v1/screening/flags", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"the server did not start; see {self.log}:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)

    def kill(self) -> None:
        """kill -9 the server and every worker it started."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):  # it may have died already
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.proc = None

    def stop(self) -> None:
        """Shut down cleanly (SIGTERM), or kill it if it does not stop in time."""
        if self.proc is None:
            return
        self.proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=20)
        self.kill()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated store: a SQLite file, or a new PostgreSQL database (dropped afterwards)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'faults.db'}"
        _migrated(url)
        yield url
    else:
        for url in _postgres_database():
            _migrated(url)
            yield url


def _migrated(url: str) -> None:
    # Migrate once here, so server workers starting side by side find the schema in place.
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[Server]:
    srv = Server(url="", database_url=database_url, log=tmp_path / "server.log")
    yield srv
    srv.stop()


def sign_up(client: httpx.Client, email: str) -> dict[str, str]:
    """A new account with a programme from START; the bearer-token headers for it."""
    created = client.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD})
    assert created.status_code == 202, created.text
    issued = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert issued.status_code == 200, issued.text
    headers = {"Authorization": f"Bearer {issued.json()['token']}"}
    started = client.put("/api/v1/profile", params={"start_date": START}, json=make_profile(), headers=headers)
    assert started.status_code == 200, started.text
    return headers


def session_body(
    *, day: str, sets: int, notes: str, exercises: tuple[str, ...] = ("glute_bridge", "clamshell")
) -> dict[str, Any]:
    """SESSION.json with `sets` sets spread over `exercises`."""
    per, extra = divmod(sets, len(exercises))
    return {
        "date": day,
        "notes": notes,
        "exercises": [
            {
                "exercise_id": exercise,
                "sets": [{"reps": 12, "load_kg": None, "band": None, "rir": 2, "rpe": None}] * (per + (i < extra)),
                "pain_during": 1,
                "felt_in": ["glutes"],
            }
            for i, exercise in enumerate(exercises)
        ],
    }


def count(engine: Engine, sql: str, **params: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar() or 0)
