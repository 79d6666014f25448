"""kill -9 the real server while clients are logging: after a restart on the same SQLite file the database is
intact and every session a client was told was saved (201) is there, whole."""

from __future__ import annotations

import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from .conftest import START, Server, _migrated, session_body, sign_up

CLIENTS = 6
SETS_PER_SESSION = 20
KILL_AFTER = 60  # acknowledged sessions before the kill, so it lands mid-stream with requests in flight


@pytest.mark.slow
def test_a_killed_server_loses_no_acknowledged_session_and_leaves_the_database_intact(tmp_path: Path) -> None:
    """SIGKILL mid-stream, restart on the same file: integrity_check ok, no foreign key broken, every 201-answered
    session readable with all its sets, no half-written session, and the restarted server takes new sessions."""
    db = tmp_path / "crash.db"
    url = f"sqlite:///{db}"
    _migrated(url)
    server = Server(url="", database_url=url, log=tmp_path / "server.log")
    server.start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as setup:
            headers = [sign_up(setup, f"crash{i}@example.com") for i in range(CLIENTS)]
        acked: list[tuple[int, int, str]] = []  # (client, session id, notes)
        lock = threading.Lock()
        stop = threading.Event()
        first = date.fromisoformat(START)

        def client_run(i: int) -> int:
            """Log sessions until the server goes away; returns the number of failed requests."""
            n = 0
            with httpx.Client(base_url=server.url, timeout=30) as client:
                while not stop.is_set():
                    notes = f"crash client {i} session {n}"
                    day = (first + timedelta(days=n % 300)).isoformat()
                    body = session_body(day=day, sets=SETS_PER_SESSION, notes=notes)
                    try:
                        response = client.post("/api/v1/sessions", json=body, headers=headers[i])
                    except httpx.HTTPError:
                        return 1  # the server died under this request: it was never acknowledged
                    if response.status_code == 201:
                        with lock:
                            acked.append((i, response.json()["session_id"], notes))
                    n += 1
            return 0

        with ThreadPoolExecutor(CLIENTS) as pool:
            futures = [pool.submit(client_run, i) for i in range(CLIENTS)]
            deadline = time.monotonic() + 60
            while len(acked) < KILL_AFTER and time.monotonic() < deadline:
                time.sleep(0.01)
            server.kill()
            stop.set()
            cut_off = sum(f.result() for f in futures)
        assert len(acked) >= KILL_AFTER, "the clients were too slow to reach the kill point"
        assert cut_off > 0, "no client saw the server die: the kill did not land mid-stream"

        server.start()  # the same file, as after a real crash
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            half_written = conn.execute(
                "SELECT s.id FROM performed_sessions s LEFT JOIN performed_exercises e ON e.session_id = s.id "
                "LEFT JOIN sets st ON st.performed_exercise_id = e.id GROUP BY s.id HAVING COUNT(st.id) != ?",
                (SETS_PER_SESSION,),
            ).fetchall()
            assert half_written == []
        conn.close()

        with httpx.Client(base_url=server.url, timeout=30) as client:
            for i, session_id, notes in acked:
                response = client.get(f"/api/v1/sessions/{session_id}", headers=headers[i])
                assert response.status_code == 200, (session_id, response.text)
                stored = response.json()
                assert stored["notes"] == notes
                assert sum(len(e["sets"]) for e in stored["exercises"]) == SETS_PER_SESSION
            after = client.post(
                "/api/v1/sessions", json=session_body(day=START, sets=4, notes="after restart"), headers=headers[0]
            )
            assert after.status_code == 201, after.text
    finally:
        server.stop()
