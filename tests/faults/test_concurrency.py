"""50 people logging at once through the real server (2 uvicorn workers): every set is stored exactly once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import httpx
import pytest

from gluterx.adapters.db.engine import make_engine

from .conftest import START, Server, count, session_body, sign_up

CLIENTS = 50
SESSIONS_EACH = 10
SETS_PER_SESSION = 20
WORKERS = 2


@pytest.mark.slow
def test_fifty_clients_logging_two_hundred_sets_each_store_exactly_ten_thousand(server: Server) -> None:
    """50 clients (own account and token each) post 10 sessions of 20 sets at the same time: every request gets
    201, and the store holds exactly 10,000 sets: 200 per person, in 10 whole sessions each."""
    server.workers = WORKERS
    server.start()
    first = date.fromisoformat(START)

    with ThreadPoolExecutor(CLIENTS) as pool:  # sign-up is argon2-bound; in parallel it takes seconds, not a minute
        clients = [httpx.Client(base_url=server.url, timeout=120) for _ in range(CLIENTS)]
        headers = list(pool.map(lambda i: sign_up(clients[i], f"load{i}@example.com"), range(CLIENTS)))

    errors: list[str] = []
    ids: list[list[int]] = [[] for _ in range(CLIENTS)]
    go = threading.Barrier(CLIENTS)

    def client_run(i: int) -> None:
        go.wait()  # every client starts at once
        for n in range(SESSIONS_EACH):
            body = session_body(
                day=(first + timedelta(days=n)).isoformat(), sets=SETS_PER_SESSION, notes=f"client {i} session {n}"
            )
            try:
                response = clients[i].post("/api/v1/sessions", json=body, headers=headers[i])
            except httpx.HTTPError as exc:
                errors.append(f"client {i} session {n}: {exc!r}")
                continue
            if response.status_code != 201 or response.json()["sets_logged"] != SETS_PER_SESSION:
                errors.append(f"client {i} session {n}: {response.status_code} {response.text[:200]}")
            else:
                ids[i].append(response.json()["session_id"])

    began = time.monotonic()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(client_run, range(CLIENTS)))
    elapsed = time.monotonic() - began
    for client in clients:
        client.close()
    print(f"{CLIENTS * SESSIONS_EACH} sessions, {CLIENTS * SESSIONS_EACH * SETS_PER_SESSION} sets in {elapsed:.1f} s")

    assert errors == [], f"{len(errors)} failed requests, e.g. {errors[:5]}"
    assert len({i for each in ids for i in each}) == CLIENTS * SESSIONS_EACH, "session ids must be unique"
    engine = make_engine(server.database_url)
    try:
        assert count(engine, "SELECT COUNT(*) FROM sets") == CLIENTS * SESSIONS_EACH * SETS_PER_SESSION
        assert count(engine, "SELECT COUNT(*) FROM performed_sessions") == CLIENTS * SESSIONS_EACH
        per_person = (
            "SELECT COUNT(*) FROM (SELECT s.person_id FROM performed_sessions s "
            "JOIN performed_exercises e ON e.session_id = s.id JOIN sets st ON st.performed_exercise_id = e.id "
            "GROUP BY s.person_id HAVING COUNT(st.id) = :sets) AS whole"
        )
        assert count(engine, per_person, sets=SESSIONS_EACH * SETS_PER_SESSION) == CLIENTS, "200 sets per person"
    finally:
        engine.dispose()
