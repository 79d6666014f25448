"""GET /today keeps its answer per person and day until that person's next write (adapters/web/results.py): every
write through the API is seen at once, another person's write keeps it, the day is part of the key, and the token is
still checked on every request."""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gluterx.adapters.web.api import training
from gluterx.adapters.web.results import ResultCache
from tests.adapters.web.conftest import START, Person, make_session

Start = Callable[..., dict[str, Any]]
NEXT = "2026-11-25"  # the programme's second session (START is the first)


def kept(client: TestClient) -> ResultCache:
    cache: ResultCache = client.app.state.results  # type: ignore[attr-defined]
    return cache


def get(client: TestClient, person: Person, day: str | None = NEXT) -> str:
    response = client.get("/api/v1/today", params={"date": day} if day else {}, headers=person.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.text


def fresh(client: TestClient, person: Person, day: str = NEXT) -> str:
    """What the use case says now, with nothing kept."""
    kept(client)._entries.clear()
    return get(client, person, day)


def test_a_repeat_is_served_from_what_was_kept_and_is_the_same(client: TestClient, a: Person, started: Start) -> None:
    started(a)
    first = get(client, a)
    hits = kept(client).hits
    assert get(client, a) == first
    assert kept(client).hits == hits + 1


def test_logging_a_session_is_seen_at_once(client: TestClient, a: Person, started: Start) -> None:
    """The next session's doses move after the first one is logged at the top of its range: the kept answer is not
    served after the write, and what is served is what the use case says."""
    started(a)
    before = get(client, a)
    first_day = client.get("/api/v1/today", params={"date": START}, headers=a.headers).json()
    body = make_session(first_day, reps=30)
    assert client.post("/api/v1/sessions", json=body, headers=a.headers).status_code == 201
    after = get(client, a)
    assert after == fresh(client, a)
    assert after != before


def test_a_check_in_is_seen_at_once(client: TestClient, a: Person, started: Start) -> None:
    started(a)
    before = get(client, a)
    answer = client.post("/api/v1/checkins", json={"pain": 9, "date": "2026-11-24"}, headers=a.headers)
    assert answer.status_code == 200, answer.text
    after = get(client, a)
    assert after == fresh(client, a)
    assert after != before  # pain 9 the day before: an alert


def test_a_new_profile_is_seen_at_once(client: TestClient, a: Person, started: Start) -> None:
    started(a)
    before = get(client, a, START)
    started(a, pain=[{"region": "lower_back", "side": "both", "intensity": 7, "weeks": 30}], equipment=[])
    assert get(client, a, START) == fresh(client, a, START) != before


def test_another_persons_write_keeps_what_was_kept(client: TestClient, a: Person, b: Person, started: Start) -> None:
    started(a)
    started(b)
    get(client, a)
    day = client.get("/api/v1/today", params={"date": START}, headers=b.headers).json()
    assert client.post("/api/v1/sessions", json=make_session(day), headers=b.headers).status_code == 201
    hits = kept(client).hits
    get(client, a)
    assert kept(client).hits == hits + 1


def test_midnight_never_serves_yesterdays_plan(
    client: TestClient, a: Person, started: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ?date the day is worked out per request: the answer kept for the 23rd is not the 24th's."""
    started(a)
    clock = {"today": dt.date(2026, 11, 23)}

    class Day(dt.date):
        @classmethod
        def today(cls) -> Day:
            d = clock["today"]
            return cls(d.year, d.month, d.day)

    monkeypatch.setattr(training, "dt", types.SimpleNamespace(date=Day))
    monday = get(client, a, None)
    clock["today"] = dt.date(2026, 11, 24)
    tuesday = get(client, a, None)
    assert '"date":"2026-11-23"' in monday and '"date":"2026-11-24"' in tuesday
    assert '"day":1,' in monday and '"day":2,' in tuesday and monday.split('"items"')[1] != tuesday.split('"items"')[1]


def test_a_revoked_token_is_refused_though_an_answer_is_kept(client: TestClient, a: Person, started: Start) -> None:
    started(a)
    get(client, a)
    (token,) = client.get("/api/v1/auth/tokens", headers=a.headers).json()
    assert client.delete(f"/api/v1/auth/tokens/{token['id']}", headers=a.headers).status_code == 204
    assert client.get("/api/v1/today", params={"date": NEXT}, headers=a.headers).status_code == 401


def test_the_store_keeps_at_most_its_bound_and_never_an_older_revision_over_a_newer() -> None:
    cache = ResultCache(max_entries=2)
    cache.put("a", 1, b"a1")
    cache.put("b", 1, b"b1")
    cache.put("c", 1, b"c1")
    assert len(cache) == 2 and cache.get("a", 1) is None and cache.get("c", 1) == b"c1"
    cache.put("c", 3, b"c3")
    cache.put("c", 2, b"c2")  # computed by a request that read an older revision, finishing late
    assert cache.get("c", 3) == b"c3" and cache.get("c", 2) is None
