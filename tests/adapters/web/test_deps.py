"""The per-app memory of bearer tokens (adapters/web/deps.py TokenCache)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from gluterx.adapters.web import deps
from gluterx.adapters.web.deps import CurrentUser, TokenCache

ANN = CurrentUser(account_id=1, person_id=1, email="ann@example.org", display_name="Ann", role="person", via_token=True)


def test_a_token_is_remembered_until_its_time_is_up(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(deps.time, "monotonic", lambda: now[0])
    cache = TokenCache(seconds=30)
    assert cache.get("h") is None
    cache.put("h", ANN)
    now[0] += 29.9
    assert cache.get("h") == ANN
    now[0] += 0.2
    assert cache.get("h") is None  # looked up again after 30 s, so a change elsewhere shows within that time


def test_the_cache_stays_bounded() -> None:
    cache = TokenCache(size=3)
    for key in "abcd":
        cache.put(key, ANN)
    assert sum(cache.get(key) is not None for key in "abcd") <= 3
    assert cache.get("d") == ANN  # the newest is kept


def test_a_cached_token_still_only_opens_its_own_account(client: TestClient, sign_up) -> None:  # type: ignore[no-untyped-def]
    a, b = sign_up("a@example.org"), sign_up("b@example.org")
    for _ in range(2):  # the second round is answered from the cache
        assert client.get("/api/v1/me", headers=a.headers).json()["email"] == "a@example.org"
        assert client.get("/api/v1/me", headers=b.headers).json()["email"] == "b@example.org"
    wrong = {"Authorization": a.headers["Authorization"] + "x"}
    assert client.get("/api/v1/me", headers=wrong).status_code == 401
