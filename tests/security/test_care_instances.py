"""Two `gluterx serve` processes on one PostgreSQL database (issue 16, "a revoked link stops access at once, across
server instances"): the grant is read in the database on every request, so a client who stops sharing through one
server is refused to the clinician by the other on its very next request."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.adapters.db.conftest import _postgres_database
from tests.adapters.web.conftest import PASSWORD, START, make_profile
from tests.faults.conftest import Server, _migrated

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    for url in _postgres_database():
        _migrated(url)
        one = Server(url="", database_url=url, log=tmp_path / "one.log")
        two = Server(url="", database_url=url, log=tmp_path / "two.log")
        try:
            one.start()
            two.start()
            yield one, two
        finally:
            one.stop()
            two.stop()


def _account(client: httpx.Client, email: str) -> dict[str, str]:
    assert client.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD}).status_code == 202
    token = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD}).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_a_sharing_ended_through_one_server_is_refused_by_the_other_at_once(servers: tuple[Server, Server]) -> None:
    one, two = (httpx.Client(base_url=s.url) for s in servers)
    doc, patient = _account(one, "doc@example.com"), _account(one, "patient@example.com")
    assert one.post("/api/v1/clinician/me", json={"kind": "physio"}, headers=doc).status_code == 201
    assert one.put("/api/v1/profile", params={"start_date": START}, json=make_profile(), headers=patient).is_success
    code = one.post("/api/v1/clinician/invitations", headers=doc).json()["code"]
    grant = two.post("/api/v1/care/accept", json={"code": code}, headers=patient).json()["grant_id"]
    client_id = one.get("/api/v1/me", headers=patient).json()["person_id"]
    for server in (one, two):  # both read the same grant
        assert server.get(f"/api/v1/clinician/clients/{client_id}", headers=doc).status_code == 200
    assert two.delete(f"/api/v1/care/grants/{grant}", headers=patient).status_code == 204
    for server in (one, two):
        assert server.get(f"/api/v1/clinician/clients/{client_id}", headers=doc).status_code == 404
        assert server.get("/api/v1/clinician/clients", headers=doc).json()["clients"] == []
