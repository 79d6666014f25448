"""kill -9 while a process is logging: the database stays consistent and every acknowledged session is intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from gluterx.adapters.db.engine import make_engine

WRITER = Path(__file__).with_name("crash_writer.py")
SETS_PER_SESSION = 40


def test_killed_writer_leaves_every_acknowledged_session_whole(database_url: str) -> None:
    """After SIGKILL mid-write: integrity check passes, no half session, every ACKed session has all its sets."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    proc = subprocess.Popen([sys.executable, str(WRITER), database_url], stdout=subprocess.PIPE, text=True, env=env)
    acked: list[int] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("ACK"):
            acked.append(int(line.split()[1]))
            if len(acked) >= 15:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    engine = make_engine(database_url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []
        notes = {row[0] for row in conn.execute(text("SELECT notes FROM performed_sessions"))}
        for n in acked:
            assert f"crash test {n}" in notes
        per_session = conn.execute(
            text(
                "SELECT s.id, COUNT(st.id) FROM performed_sessions s JOIN performed_exercises e ON e.session_id = s.id "
                "JOIN sets st ON st.performed_exercise_id = e.id GROUP BY s.id"
            )
        ).fetchall()
        assert per_session
        assert all(count == SETS_PER_SESSION for _, count in per_session)
        sessions = conn.execute(text("SELECT COUNT(*) FROM performed_sessions")).scalar()
        assert sessions == len(per_session)
    engine.dispose()
