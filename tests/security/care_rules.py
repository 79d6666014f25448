"""The authorization rules of the care routes (issue 16), merged into RULES of test_authorization_matrix.py.

B there is a plain person with no grant from A: every clinician route answers B 403 (not a clinician) or 404 (no
such client of theirs); B's own care routes work on B's own data. The clinicians those rules need (to give B or A a
code to accept) are made fresh, so neither A nor B ever becomes one. Clinician-against-clinician isolation (other
practices, revoked and never-accepted grants) is proven in test_care_isolation.py.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from tests.adapters.web.conftest import PASSWORD, START

if TYPE_CHECKING:
    from tests.security.test_authorization_matrix import Rule, World


def fresh_clinician(w: World, practice: str = "") -> dict[str, str]:
    """A new clinician account's bearer headers (with a practice name: the owner of a new practice)."""
    email = f"clinician-{uuid.uuid4().hex[:8]}@example.com"
    signup = {"email": email, "password": PASSWORD, "display_name": "Dr Fresh"}
    assert w.api.post("/api/v1/auth/signup", json=signup).status_code == 202
    token = w.api.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD}).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    made = w.api.post("/api/v1/clinician/me", json={"kind": "physio", "practice_name": practice}, headers=headers)
    assert made.status_code == 201, made.text
    return headers


def clinician_code(w: World) -> str:
    made = w.api.post("/api/v1/clinician/invitations", headers=fresh_clinician(w))
    assert made.status_code == 201, made.text
    code: str = made.json()["code"]
    return code


def spare_grant(w: World) -> int:
    """A sharing of A's with a new clinician (a revoke test ends it)."""
    accepted = w.api.post("/api/v1/care/accept", json={"code": clinician_code(w)}, headers=w.a.headers)
    assert accepted.status_code == 201, accepted.text
    grant_id: int = accepted.json()["grant_id"]
    return grant_id


def b_connected(w: World, *, api: bool) -> dict[str, Any]:
    """B shares with a new clinician (so B's message has a reader), then B's message."""
    accepted = w.api.post("/api/v1/care/accept", json={"code": clinician_code(w)}, headers=w.b.headers)
    assert accepted.status_code == 201, accepted.text
    return {"json": {"body": "b's message"}} if api else {"data": {"body": "b's message"}}


def a_practice_invitation(w: World, *, api: bool, then: str = "/accept") -> str:
    """A new practice's invitation to A's email (A is no clinician); the path that accepts it (or `then`: declines,
    cancels)."""
    owner = fresh_clinician(w, "Practice for A")
    made = w.api.post("/api/v1/clinician/practice/members", json={"email": w.a.email}, headers=owner)
    assert made.status_code == 201, made.text
    return f"{'/api/v1' if api else ''}/clinician/practice/invitations/{made.json()['id']}{then}"


def care_rules(rule: type[Rule]) -> dict[str, Rule]:
    signed_in, clinician = rule("signed_in"), rule("clinician")
    a_client = "/api/v1/clinician/clients/{}"
    a_page = "/clinician/clients/{}"

    def of_a(template: str, suffix: str = "") -> Any:
        return lambda w: template.format(w.a.person_id) + suffix

    return {
        # API, the clinician's side: B is no clinician, and A shares nothing with B
        "GET /api/v1/clinician/me": clinician,
        "POST /api/v1/clinician/me": rule("signed_in", fresh=True, send=lambda _w: {"json": {"kind": "trainer"}}),
        "POST /api/v1/clinician/invitations": clinician,
        "GET /api/v1/clinician/practice": clinician,
        "POST /api/v1/clinician/practice/members": rule("clinician", send=lambda w: {"json": {"email": w.a.email}}),
        "GET /api/v1/clinician/practice/invitations": clinician,
        "POST /api/v1/clinician/practice/invitations/{invitation_id}/accept": rule(
            "clinician", path=lambda w: a_practice_invitation(w, api=True)
        ),
        # declining one sent to A's email (B has none), cancelling another practice's (B owns none)
        "POST /api/v1/clinician/practice/invitations/{invitation_id}/decline": rule(
            "clinician", path=lambda w: a_practice_invitation(w, api=True, then="/decline")
        ),
        "DELETE /api/v1/clinician/practice/invitations/{invitation_id}": rule(
            "clinician", path=lambda w: a_practice_invitation(w, api=True, then="")
        ),
        "GET /api/v1/clinician/clients": clinician,
        "GET /api/v1/clinician/caseload.csv": clinician,
        "GET /api/v1/clinician/clients/{client_id}": rule("clinician", path=of_a(a_client)),
        "GET /api/v1/clinician/clients/{client_id}/messages": rule("clinician", path=of_a(a_client, "/messages")),
        "POST /api/v1/clinician/clients/{client_id}/messages": rule(
            "clinician", path=of_a(a_client, "/messages"), send=lambda _w: {"json": {"body": "b writes"}}
        ),
        "POST /api/v1/clinician/clients/{client_id}/notes": rule(
            "clinician", path=of_a(a_client, "/notes"), send=lambda _w: {"json": {"body": "b's note"}}
        ),
        "POST /api/v1/clinician/clients/{client_id}/alerts/acknowledge": rule(
            "clinician", path=of_a(a_client, "/alerts/acknowledge"), send=lambda _w: {"json": {"key": "k"}}
        ),
        "GET /api/v1/clinician/clients/{client_id}/report.pdf": rule("clinician", path=of_a(a_client, "/report.pdf")),
        "GET /api/v1/clinician/clients/{client_id}/checkins": rule("clinician", path=of_a(a_client, "/checkins")),
        "GET /api/v1/clinician/clients/{client_id}/program": rule("clinician", path=of_a(a_client, "/program")),
        "PUT /api/v1/clinician/clients/{client_id}/outcomes": rule(
            "clinician", path=of_a(a_client, "/outcomes"), send=lambda _w: {"json": {"every_weeks": 1}}
        ),
        # API, the client's side: B's own
        "GET /api/v1/care": signed_in,
        "POST /api/v1/care/invitations": signed_in,
        "POST /api/v1/care/invitation": rule("signed_in", send=lambda w: {"json": {"code": clinician_code(w)}}),
        "POST /api/v1/care/accept": rule("signed_in", send=lambda w: {"json": {"code": clinician_code(w)}}),
        "DELETE /api/v1/care/grants/{grant_id}": rule("owned", path=lambda w: f"/api/v1/care/grants/{spare_grant(w)}"),
        "GET /api/v1/care/messages": signed_in,
        "POST /api/v1/care/messages": rule("signed_in", send=lambda w: b_connected(w, api=True)),
        # pages, the client's side
        "GET /care": signed_in,
        "POST /care/invitations": signed_in,
        "GET /care/accept/{code}": rule("signed_in", path=lambda w: f"/care/accept/{clinician_code(w)}"),
        "POST /care/accept": rule("signed_in", send=lambda w: {"data": {"code": clinician_code(w), "confirmed": "1"}}),
        "POST /care/grants/{grant_id}/revoke": rule("owned", path=lambda w: f"/care/grants/{spare_grant(w)}/revoke"),
        "POST /care/messages": rule("signed_in", send=lambda w: b_connected(w, api=False)),
        # pages, the clinician's side (B sees the set-up form on /clinician, and nothing of anyone)
        "GET /clinician": signed_in,
        "POST /clinician/setup": rule("signed_in", fresh=True, send=lambda _w: {"data": {"kind": "trainer"}}),
        "POST /clinician/invitations": clinician,
        "POST /clinician/practice/members": rule("clinician", send=lambda w: {"data": {"email": w.a.email}}),
        "POST /clinician/practice/invitations/{invitation_id}/accept": rule(
            "clinician", path=lambda w: a_practice_invitation(w, api=False)
        ),
        "POST /clinician/practice/invitations/{invitation_id}/decline": rule(
            "clinician", path=lambda w: a_practice_invitation(w, api=False, then="/decline")
        ),
        "POST /clinician/practice/invitations/{invitation_id}/cancel": rule(
            "clinician", path=lambda w: a_practice_invitation(w, api=False, then="/cancel")
        ),
        "GET /clinician/caseload.csv": clinician,
        "GET /clinician/clients/{client_id}": rule("clinician", path=of_a(a_page)),
        "POST /clinician/clients/{client_id}/messages": rule(
            "clinician", path=of_a(a_page, "/messages"), send=lambda _w: {"data": {"body": "b writes"}}
        ),
        "POST /clinician/clients/{client_id}/notes": rule(
            "clinician", path=of_a(a_page, "/notes"), send=lambda _w: {"data": {"body": "b's note"}}
        ),
        "POST /clinician/clients/{client_id}/alerts/acknowledge": rule(
            "clinician", path=of_a(a_page, "/alerts/acknowledge"), send=lambda _w: {"data": {"key": "k"}}
        ),
        "GET /clinician/clients/{client_id}/report.pdf": rule("clinician", path=of_a(a_page, "/report.pdf")),
        "POST /clinician/clients/{client_id}/outcomes": rule(
            "clinician", path=of_a(a_page, "/outcomes"), send=lambda _w: {"data": {"every_weeks": "1"}}
        ),
        # the clinician adjusts a client's programme (clin2): B is no clinician of A's
        "GET /api/v1/clinician/clients/{client_id}/plan/alternatives": rule(
            "clinician", path=of_a(a_client, f"/plan/alternatives?date={START}&exercise_id=glute_bridge")
        ),
        "POST /api/v1/clinician/clients/{client_id}/plan/swaps": rule(
            "clinician", path=of_a(a_client, "/plan/swaps"), send=lambda _w: {"json": _item_change(to="clamshell")}
        ),
        "POST /api/v1/clinician/clients/{client_id}/plan/skips": rule(
            "clinician", path=of_a(a_client, "/plan/skips"), send=lambda _w: {"json": _item_change()}
        ),
        "GET /clinician/clients/{client_id}/plan/item": rule("clinician", path=of_a(a_page, "/plan/item")),
        "POST /clinician/clients/{client_id}/plan/swap": rule(
            "clinician", path=of_a(a_page, "/plan/swap"), send=lambda _w: {"data": _item_change(to="clamshell")}
        ),
        "POST /clinician/clients/{client_id}/plan/skip": rule(
            "clinician", path=of_a(a_page, "/plan/skip"), send=lambda _w: {"data": _item_change()}
        ),
        "POST /api/v1/clinician/clients/{client_id}/plan/notes": rule(
            "clinician", path=of_a(a_client, "/plan/notes"), send=lambda _w: {"json": _item_change(text="b's note")}
        ),
        "POST /api/v1/clinician/clients/{client_id}/plan/locks": rule(
            "clinician", path=of_a(a_client, "/plan/locks"), send=lambda _w: {"json": _item_change()}
        ),
        "POST /clinician/clients/{client_id}/plan/note": rule(
            "clinician", path=of_a(a_page, "/plan/note"), send=lambda _w: {"data": _item_change(text="b's note")}
        ),
        "POST /clinician/clients/{client_id}/plan/lock": rule(
            "clinician", path=of_a(a_page, "/plan/lock"), send=lambda _w: {"data": _item_change()}
        ),
        "POST /api/v1/clinician/clients/{client_id}/plan/doses": rule(
            "clinician",
            path=of_a(a_client, "/plan/doses"),
            send=lambda _w: {"json": _item_change(sets="2", reps_low="8")},
        ),
        "POST /clinician/clients/{client_id}/plan/dose": rule(
            "clinician", path=of_a(a_page, "/plan/dose"), send=lambda _w: {"data": _item_change(sets="2", reps_low="8")}
        ),
        # the clinician adds an exercise, and takes a clinician's change back (careadd)
        # what the client's page shows of the plan (care16): the change log, an item's lock, notes and dose
        "GET /api/v1/clinician/clients/{client_id}/plan/changes": rule(
            "clinician", path=of_a(a_client, "/plan/changes")
        ),
        "GET /api/v1/clinician/clients/{client_id}/plan/item": rule(
            "clinician", path=of_a(a_client, f"/plan/item?date={START}&exercise_id=glute_bridge")
        ),
        "GET /api/v1/clinician/clients/{client_id}/plan/additions": rule(
            "clinician", path=of_a(a_client, f"/plan/additions?date={START}")
        ),
        "POST /api/v1/clinician/clients/{client_id}/plan/additions": rule(
            "clinician", path=of_a(a_client, "/plan/additions"), send=lambda _w: {"json": _item_change()}
        ),
        "POST /api/v1/clinician/clients/{client_id}/plan/changes/{change_id}/undo": rule(
            "clinician", path=of_a(a_client, "/plan/changes/1/undo"), send=lambda _w: {"json": {"reason": "b's"}}
        ),
        "GET /clinician/clients/{client_id}/plan/add": rule("clinician", path=of_a(a_page, "/plan/add")),
        "POST /clinician/clients/{client_id}/plan/add": rule(
            "clinician", path=of_a(a_page, "/plan/add"), send=lambda _w: {"data": _item_change()}
        ),
        "GET /clinician/clients/{client_id}/plan/undo": rule("clinician", path=of_a(a_page, "/plan/undo")),
        "POST /clinician/clients/{client_id}/plan/undo": rule(
            "clinician", path=of_a(a_page, "/plan/undo"), send=lambda _w: {"data": {"change_id": "1", "reason": "b"}}
        ),
    }


def _item_change(**more: str) -> dict[str, str]:
    return {"date": START, "exercise_id": "glute_bridge", "reason": "b's reason", **more}
