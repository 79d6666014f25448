"""Care isolation, proven over every route that names a client (generated from the app's route table): a clinician
reaches a client only while the client's sharing with them (or their practice) is live; nothing of another practice;
never before acceptance; not one request after revocation; a client nothing of another client.

The matrix in test_authorization_matrix.py covers a plain person against every care route; this file covers
clinicians against each other.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from gluterx.adapters.web.security import CSRF_FIELD

from .care_rules import fresh_clinician
from .conftest import Member, csrf_of, enrol, page_login
from .test_authorization_matrix import ROUTES, split

CLIENT_ROUTES = [k for k in ROUTES if "{client_id}" in k]
BODIES: dict[str, dict[str, Any]] = {
    "messages": {"body": "hello"},
    "notes": {"body": "a note"},
    "acknowledge": {"key": "not-a-real-key"},
    "outcomes": {"every_weeks": 2},
}


@dataclass
class Care:
    api: TestClient
    app: FastAPI
    owner: dict[str, str]  # practice North, owner; C accepted them
    member: dict[str, str]  # practice North, member: sees C through the practice
    rival: dict[str, str]  # practice South: D accepted them
    loner: dict[str, str]  # no practice; invited E, who never accepted
    c: Member
    d: Member
    e: Member
    c_grant: int


def _code(api: TestClient, headers: dict[str, str]) -> str:
    code: str = api.post("/api/v1/clinician/invitations", headers=headers).json()["code"]
    return code


def _accept(api: TestClient, code: str, client: Member) -> int:
    accepted = api.post("/api/v1/care/accept", json={"code": code}, headers=client.headers)
    assert accepted.status_code == 201, accepted.text
    grant_id: int = accepted.json()["grant_id"]
    return grant_id


@pytest.fixture(scope="module")
def care(app: FastAPI, api: TestClient) -> Iterator[Care]:
    world: Any = SimpleNamespace(api=api)
    owner, rival = fresh_clinician(world, "North Physio"), fresh_clinician(world, "South Physio")
    member, loner = fresh_clinician(world), fresh_clinician(world)
    email = api.get("/api/v1/me", headers=member).json()["email"]
    invited = api.post("/api/v1/clinician/practice/members", json={"email": email}, headers=owner)
    assert invited.status_code == 201 and invited.json()["status"] == "invited", invited.text
    rivals = api.post("/api/v1/clinician/practice/members", json={"email": email}, headers=rival)
    assert rivals.status_code == 201 and rivals.json()["status"] == "invited"  # the same answer: nothing told
    received = api.get("/api/v1/clinician/practice/invitations", headers=member).json()["received"]
    assert [i["practice_name"] for i in received] == ["North Physio", "South Physio"]
    path = "/api/v1/clinician/practice/invitations/{}/accept"
    assert api.post(path.format(received[0]["id"]), headers=loner).status_code == 404  # not the loner's email
    joined = api.post(path.format(received[0]["id"]), headers=member)
    assert joined.status_code == 200 and joined.json()["practice_name"] == "North Physio", joined.text
    assert api.post(path.format(received[1]["id"]), headers=member).status_code == 409  # one practice each
    c = enrol(api, "client.c@example.com", display_name="Carol Qwxyz")
    d = enrol(api, "client.d@example.com", display_name="Dave Vbnmq")
    e = enrol(api, "client.e@example.com", display_name="Erin Plkjh")
    c_grant = _accept(api, _code(api, owner), c)
    _accept(api, _code(api, rival), d)
    _code(api, loner)  # made for E, never used
    yield Care(api, app, owner, member, rival, loner, c, d, e, c_grant)


def _call(care: Care, key: str, headers: dict[str, str], client_id: int) -> Any:
    method, template = split(key)
    path = template.replace("{client_id}", str(client_id))
    body = BODIES.get(path.rsplit("/", 1)[-1], {})
    if "/plan/" in path:  # a clinician's change to the client's plan: a real item of C's, so a refusal is the grant's
        return _plan_call(care, method, path, headers)
    if path.startswith("/api/"):
        return care.api.request(method, path, headers=headers, **({"json": body} if method in ("POST", "PUT") else {}))
    raise AssertionError("pages are called through _page")


def _plan_call(care: Care, method: str, path: str, headers: dict[str, str]) -> Any:
    """A valid request on one of C's coming sessions (the owner's view of its alternatives, for a swap; of what can
    be added, for an addition; a note of the owner's, to take back)."""
    if "{change_id}" in path:
        return _undo_call(care, path, headers)
    if path.endswith("/additions"):
        return _add_call(care, method, path, headers)
    base = f"/api/v1/clinician/clients/{care.c.person_id}/plan/alternatives"
    first: tuple[str, str] | None = None
    for n in range(14):
        day = (date.today() + timedelta(days=n)).isoformat()
        items = care.api.get("/api/v1/today", params={"date": day}, headers=care.c.headers).json().get("items", [])
        for item in items:
            first = first or (day, item["exercise_id"])
            if not path.endswith("/swaps"):
                break
            found = care.api.get(base, params={"date": day, "exercise_id": item["exercise_id"]}, headers=care.owner)
            if found.status_code == 200 and found.json()["alternatives"]:
                to = found.json()["alternatives"][0]["exercise_id"]
                body = {"date": day, "exercise_id": item["exercise_id"], "to": to, "reason": "why"}
                return care.api.request(method, path, headers=headers, json=body)
        if first and not path.endswith("/swaps"):
            break
    assert first is not None, "C has no session coming"
    day, exercise_id = first
    if method == "GET":
        return care.api.get(path, params={"date": day, "exercise_id": exercise_id}, headers=headers)
    body = {"date": day, "exercise_id": exercise_id, "reason": "why"}
    if path.endswith("/notes"):
        body = {"date": day, "exercise_id": exercise_id, "text": "a note"}
    if path.endswith("/swaps"):
        body["to"] = "clamshell"
    if path.endswith("/doses"):
        body |= {"sets": 2, "reps_low": 8, "reps_high": 10}
    return care.api.request(method, path, headers=headers, json=body)


def _coming(care: Care) -> tuple[str, str]:
    """A day of C's coming strength sessions (one the owner may add to, while they may) and its first exercise."""
    first: tuple[str, str] | None = None
    additions = f"/api/v1/clinician/clients/{care.c.person_id}/plan/additions"
    for n in range(14):
        day = (date.today() + timedelta(days=n)).isoformat()
        items = care.api.get("/api/v1/today", params={"date": day}, headers=care.c.headers).json().get("items", [])
        if not items:
            continue
        first = first or (day, items[0]["exercise_id"])
        if care.api.get(additions, params={"date": day}, headers=care.owner).status_code == 200:
            return day, items[0]["exercise_id"]
    assert first is not None, "C has no session coming"
    return first


def _add_call(care: Care, method: str, path: str, headers: dict[str, str]) -> Any:
    """What can be added to C's session, or an exercise the owner is offered for it added (each call adds another)."""
    day, _ = _coming(care)
    if method == "GET":
        return care.api.get(path, params={"date": day}, headers=headers)
    offered = care.api.get(path, params={"date": day}, headers=care.owner).json().get("additions", [])
    pick = offered[0]["exercise_id"] if offered else "glute_bridge"
    return care.api.post(path, json={"date": day, "exercise_id": pick, "reason": "why"}, headers=headers)


def _undo_call(care: Care, path: str, headers: dict[str, str]) -> Any:
    """A fresh note of the owner's on C's session (while the owner can still write one), taken back by `headers`."""
    day, exercise_id = _coming(care)
    base = f"/api/v1/clinician/clients/{care.c.person_id}/plan"
    note = {"date": day, "exercise_id": exercise_id, "text": "a note", "scope": "once"}
    made = care.api.post(f"{base}/notes", json=note, headers=care.owner)
    change_id = made.json()["id"] if made.status_code == 201 else 1
    return care.api.post(path.replace("{change_id}", str(change_id)), json={"reason": "why"}, headers=headers)


def _markers(member: Member) -> list[bytes]:
    return [member.email.encode(), member.display_name.encode(), member.notes.encode()]


@pytest.mark.parametrize("key", [k for k in CLIENT_ROUTES if "/api/" in k])
def test_only_a_live_sharing_opens_a_client(care: Care, key: str) -> None:
    """Allowed: the clinician C accepted, and their practice colleague. Refused (403/404, nothing of C's shown):
    another practice, a clinician whose invitation was never accepted, and another client."""
    for headers in (care.owner, care.member):
        response = _call(care, key, headers, care.c.person_id)
        allowed = response.status_code < 400 or (key.endswith("acknowledge") and response.status_code == 404)
        assert allowed, (key, response.status_code, response.text[:200])
    for who, headers in (("rival", care.rival), ("loner", care.loner), ("client d", care.d.headers)):
        for client in (care.c, care.e):
            response = _call(care, key, headers, client.person_id)
            assert response.status_code in (403, 404), (key, who, response.status_code)
            assert not any(m in response.content for m in _markers(client)), (key, who)


def test_pages_follow_the_same_rule(care: Care) -> None:
    """The client's page and report: the practice colleague opens them, another practice gets the styled 404."""
    c = care.c.person_id
    for who, headers, expected in (("member", care.member, 200), ("rival", care.rival, 404)):
        browser = page_login(care.app, care.api.get("/api/v1/me", headers=headers).json()["email"])
        page = browser.get(f"/clinician/clients/{c}")
        assert page.status_code == expected, who
        assert (care.c.display_name in page.text) == (expected == 200), who
        pdf = browser.get(f"/clinician/clients/{c}/report.pdf")
        assert (pdf.status_code < 400) == (expected == 200), (who, pdf.status_code)


def test_revoking_stops_every_route_at_once(care: Care) -> None:
    """After C ends the sharing, every client route refuses the owner and the practice on the very next request."""
    browser = page_login(care.app, care.c.email)
    data = {CSRF_FIELD: csrf_of(browser, "/care")}
    assert browser.post(f"/care/grants/{care.c_grant}/revoke", data=data).status_code == 303
    for key in (k for k in CLIENT_ROUTES if "/api/" in k):
        for headers in (care.owner, care.member):
            response = _call(care, key, headers, care.c.person_id)
            assert response.status_code in (403, 404), (key, response.status_code)
            assert not any(m in response.content for m in _markers(care.c)), key
    listed = care.api.get("/api/v1/clinician/clients", headers=care.owner).json()["clients"]
    assert care.c.person_id not in [r["client_id"] for r in listed]


def test_a_practice_invitation_is_cancelled_only_by_its_owner_and_declined_only_by_its_invitee(care: Care) -> None:
    """Another practice's owner, a member who does not own the practice, and a clinician of no practice cannot
    cancel North's invitation; nobody but the person with the invited email can decline it; and an owner sees only
    their own practice's sent invitations."""
    api, base = care.api, "/api/v1/clinician/practice/invitations"
    email = f"invitee-{uuid.uuid4().hex[:8]}@example.com"
    made = api.post("/api/v1/clinician/practice/members", json={"email": email}, headers=care.owner)
    assert made.status_code == 201, made.text
    north = made.json()["id"]
    assert api.delete(f"{base}/{north}", headers=care.rival).status_code == 404  # not South's
    assert api.delete(f"{base}/{north}", headers=care.member).status_code == 403  # North's member, not its owner
    assert api.delete(f"{base}/{north}", headers=care.loner).status_code == 403  # no practice at all
    for headers in (care.rival, care.member, care.loner, care.c.headers):
        assert api.post(f"{base}/{north}/decline", headers=headers).status_code == 404
    assert email not in api.get(base, headers=care.rival).text
    assert [i["email"] for i in api.get(base, headers=care.owner).json()["sent"]].count(email) == 1
    assert api.delete(f"{base}/{north}", headers=care.owner).status_code == 204
    assert email not in api.get(base, headers=care.owner).text
