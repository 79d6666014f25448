"""Who is signed in is looked up in the database on every request (adapters/web/deps.py): nothing is remembered per
process, so a token revoked anywhere is refused at once, and each token still opens only its own account."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_each_token_opens_only_its_own_account_and_a_revoked_one_at_once_none(client: TestClient, sign_up) -> None:  # type: ignore[no-untyped-def]
    a, b = sign_up("a@example.org"), sign_up("b@example.org")
    for _ in range(2):
        assert client.get("/api/v1/me", headers=a.headers).json()["email"] == "a@example.org"
        assert client.get("/api/v1/me", headers=b.headers).json()["email"] == "b@example.org"
    wrong = {"Authorization": a.headers["Authorization"] + "x"}
    assert client.get("/api/v1/me", headers=wrong).status_code == 401
    (token,) = client.get("/api/v1/auth/tokens", headers=a.headers).json()
    assert client.delete(f"/api/v1/auth/tokens/{token['id']}", headers=a.headers).status_code == 204
    assert client.get("/api/v1/me", headers=a.headers).status_code == 401  # no per-process memory kept it alive
    assert client.get("/api/v1/me", headers=b.headers).status_code == 200
