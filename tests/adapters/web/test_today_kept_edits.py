"""A correction or deletion of A's logged session names A (adapters/db/revision.py): B's kept today is still served,
A's is worked out again and is what the use case says now (issue 13: such an edit moved every person's)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.adapters.web.conftest import START, Person, make_session
from tests.adapters.web.test_today_kept import NEXT, fresh, get, kept

Start = Callable[..., dict[str, Any]]


def test_an_edit_of_one_persons_session_keeps_anothers_today_and_recomputes_theirs(
    client: TestClient, a: Person, b: Person, started: Start
) -> None:
    started(a)
    started(b)
    first_day = client.get("/api/v1/today", params={"date": START}, headers=a.headers).json()
    logged = client.post("/api/v1/sessions", json=make_session(first_day, reps=15), headers=a.headers)
    assert logged.status_code == 201, logged.text
    session_id = logged.json()["session_id"]
    for change in ("put", "delete"):
        get(client, a, NEXT)
        theirs = get(client, b, NEXT)
        if change == "put":
            corrected = make_session(first_day, reps=30)
            response = client.put(f"/api/v1/sessions/{session_id}", json=corrected, headers=a.headers)
        else:
            response = client.delete(f"/api/v1/sessions/{session_id}", headers=a.headers)
        assert response.status_code == 200, response.text
        hits = kept(client).hits
        assert get(client, b, NEXT) == theirs
        assert kept(client).hits == hits + 1  # B's kept answer served: their revision did not move
        after = get(client, a, NEXT)
        assert kept(client).hits == hits + 1  # A's worked out again, not served from what was kept
        assert after == fresh(client, a)
