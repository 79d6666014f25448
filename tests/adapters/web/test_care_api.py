"""The clinician and care API: set up, invite, accept, the caseload and a client, the thread, alerts, downloads, and
a revoked sharing refused at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.adapters.web.conftest import START, Person, make_session


def connect(client: TestClient, doc: Person, patient: Person) -> int:
    code = client.post("/api/v1/clinician/invitations", headers=doc.headers).json()["code"]
    accepted = client.post("/api/v1/care/accept", json={"code": code}, headers=patient.headers)
    assert accepted.status_code == 201, accepted.text
    grant_id: int = accepted.json()["grant_id"]
    return grant_id


def test_a_clinician_sees_an_accepting_client_until_the_client_revokes(
    client: TestClient, sign_up: Callable[[str], Person], started: Callable[..., dict[str, Any]]
) -> None:
    doc, patient = sign_up("doc@example.com"), sign_up("pat@example.com")
    assert client.get("/api/v1/clinician/me", headers=doc.headers).status_code == 403
    made = client.post("/api/v1/clinician/me", json={"kind": "physio", "practice_name": "North"}, headers=doc.headers)
    assert made.status_code == 201 and made.json()["practice_role"] == "owner", made.text
    again = client.post("/api/v1/clinician/me", json={"kind": "physio"}, headers=doc.headers)
    assert again.status_code == 409
    started(patient)
    today = client.get("/api/v1/today", params={"date": START}, headers=patient.headers).json()
    assert client.post("/api/v1/sessions", json=make_session(today), headers=patient.headers).status_code == 201
    assert client.post("/api/v1/checkins", json={"pain": 8, "date": START}, headers=patient.headers).status_code == 200

    invitation = client.post("/api/v1/clinician/invitations", headers=doc.headers)
    assert invitation.status_code == 201
    code = invitation.json()["code"]
    preview = client.post("/api/v1/care/invitation", json={"code": code}, headers=patient.headers)
    assert preview.status_code == 200 and preview.json()["clinician"]["kind"] == "physio"
    assert client.get(f"/api/v1/clinician/clients/{patient.person_id}", headers=doc.headers).status_code == 404
    accepted = client.post("/api/v1/care/accept", json={"code": code}, headers=patient.headers)
    assert accepted.status_code == 201
    used = client.post("/api/v1/care/accept", json={"code": code}, headers=patient.headers)
    assert used.status_code == 409

    caseload = client.get("/api/v1/clinician/clients", params={"date": START}, headers=doc.headers).json()
    (row,) = caseload["clients"]
    assert row["client_id"] == patient.person_id and row["latest_pain"] == 8
    assert row["open_alerts"][0]["level"] == "critical"
    page = client.get(f"/api/v1/clinician/clients/{patient.person_id}", params={"date": START}, headers=doc.headers)
    assert page.status_code == 200 and page.json()["sessions"], page.text
    assert all(item["reason"] for s in page.json()["this_week"] for item in s["items"])
    key = row["open_alerts"][0]["key"]
    acked = client.post(f"/api/v1/clinician/clients/{patient.person_id}/alerts/acknowledge",
                        params={"date": START}, json={"key": key}, headers=doc.headers)  # fmt: skip
    assert acked.status_code == 200 and any(a["acknowledged"] for a in acked.json())
    after = client.get("/api/v1/clinician/clients", params={"date": START, "alerts": True}, headers=doc.headers)
    assert after.json()["clients"] == []

    said = client.post(f"/api/v1/clinician/clients/{patient.person_id}/messages", json={"body": "Easy this week"},
                       headers=doc.headers)  # fmt: skip
    assert said.status_code == 201
    reply = client.post("/api/v1/care/messages", json={"body": "Will do"}, headers=patient.headers)
    assert [m["from_client"] for m in reply.json()["messages"]] == [False, True]
    assert client.post(f"/api/v1/clinician/clients/{patient.person_id}/notes", json={"body": "watch the knee"},
                       headers=doc.headers).status_code == 201  # fmt: skip
    assert "watch the knee" not in client.get("/api/v1/care/messages", headers=patient.headers).text

    csv = client.get("/api/v1/clinician/caseload.csv", headers=doc.headers)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "client,adherence_7_days_percent" in csv.text
    report = client.get(f"/api/v1/clinician/clients/{patient.person_id}/report.pdf", headers=doc.headers)
    assert report.status_code == 200 and report.content.startswith(b"%PDF")
    readings = client.get(f"/api/v1/clinician/clients/{patient.person_id}/checkins", headers=doc.headers)
    assert (
        readings.status_code == 200
        and readings.json() == client.get("/api/v1/checkins", headers=patient.headers).json()
    )
    assert {"date": START, "pain": 8} in readings.json()  # the morning pain the client's page charts
    plan = client.get(f"/api/v1/clinician/clients/{patient.person_id}/program", headers=doc.headers)
    assert plan.status_code == 200 and plan.json() == client.get("/api/v1/program", headers=patient.headers).json()

    (grant,) = client.get("/api/v1/care", headers=patient.headers).json()["grants"]
    assert client.delete(f"/api/v1/care/grants/{grant['id']}", headers=patient.headers).status_code == 204
    for path in ("", "/messages", "/report.pdf", "/checkins", "/program"):
        gone = client.get(f"/api/v1/clinician/clients/{patient.person_id}{path}", headers=doc.headers)
        assert gone.status_code == 404, (path, gone.status_code)
    assert client.get("/api/v1/clinician/clients", headers=doc.headers).json()["clients"] == []
    assert client.delete(f"/api/v1/care/grants/{grant['id']}", headers=patient.headers).status_code == 404


def test_a_client_invites_their_clinician(client: TestClient, sign_up: Callable[[str], Person]) -> None:
    doc, patient, other = sign_up("doc@example.com"), sign_up("pat@example.com"), sign_up("o@example.com")
    client.post("/api/v1/clinician/me", json={"kind": "trainer"}, headers=doc.headers)
    code = client.post("/api/v1/care/invitations", headers=patient.headers).json()["code"]
    assert client.post("/api/v1/care/accept", json={"code": code}, headers=other.headers).status_code == 403
    assert client.post("/api/v1/care/accept", json={"code": code}, headers=doc.headers).status_code == 201
    ids = [r["client_id"] for r in client.get("/api/v1/clinician/clients", headers=doc.headers).json()["clients"]]
    assert ids == [patient.person_id]
    assert client.post("/api/v1/care/accept", json={"code": "nope"}, headers=doc.headers).status_code == 404


def _account(client: TestClient, sign_up: Callable[[str], Person], email: str, practice: str = "") -> Person:
    made = sign_up(email)
    answer = client.post("/api/v1/clinician/me", json={"kind": "physio", "practice_name": practice},
                         headers=made.headers)  # fmt: skip
    assert answer.status_code == 201, answer.text
    return made


def test_reading_the_thread_marks_it_read_for_that_reader_only(
    client: TestClient, sign_up: Callable[[str], Person], started: Callable[..., dict[str, Any]]
) -> None:
    """Two colleagues of one practice read the same client's thread: the owner's GET clears the owner's unread
    count, not the colleague's; the client's own GET clears theirs (and the Today page then shows nothing new)."""
    owner = _account(client, sign_up, "owner@example.com", "North")
    colleague = _account(client, sign_up, "col@example.com")
    invited = client.post("/api/v1/clinician/practice/members", json={"email": colleague.email}, headers=owner.headers)
    join = f"/api/v1/clinician/practice/invitations/{invited.json()['id']}/accept"
    assert client.post(join, headers=colleague.headers).status_code == 200
    patient = sign_up("pat@example.com")
    started(patient)
    connect(client, owner, patient)
    assert client.post("/api/v1/care/messages", json={"body": "My knee"}, headers=patient.headers).status_code == 201

    def unread(who: Person) -> int:
        rows = client.get("/api/v1/clinician/clients", headers=who.headers).json()["clients"]
        return int(rows[0]["unread_messages"])

    assert unread(owner) == unread(colleague) == 1
    thread = f"/api/v1/clinician/clients/{patient.person_id}/messages"
    first = client.get(thread, headers=owner.headers).json()["messages"]
    assert [m["unread"] for m in first] == [True]  # marked as it was, then read from now on
    assert unread(owner) == 0 and unread(colleague) == 1  # the colleague has not read it
    assert [m["unread"] for m in client.get(thread, headers=owner.headers).json()["messages"]] == [False]
    assert [m["unread"] for m in client.get(thread, headers=colleague.headers).json()["messages"]] == [True]
    assert unread(colleague) == 0

    posted = client.post(thread, json={"body": "Ease off the squats"}, headers=colleague.headers)
    assert posted.status_code == 201
    mine = client.get("/api/v1/care/messages", headers=patient.headers).json()["messages"]
    assert [m["unread"] for m in mine] == [False, True]  # their own message is never unread to them
    assert [m["unread"] for m in client.get("/api/v1/care/messages", headers=patient.headers).json()["messages"]] == [
        False, False
    ]  # fmt: skip
    assert unread(owner) == 0  # the clinician's own side is unchanged by a colleague's message


def test_practice_invitations_say_when_they_end_and_can_be_declined_or_cancelled(
    client: TestClient, sign_up: Callable[[str], Person]
) -> None:
    owner = _account(client, sign_up, "owner@example.com", "North")
    invitee = sign_up("new@example.com")  # not a clinician yet: may decline all the same
    base = "/api/v1/clinician/practice/invitations"
    made = client.post("/api/v1/clinician/practice/members", json={"email": invitee.email}, headers=owner.headers)
    assert made.status_code == 201 and made.json()["status"] == "invited", made.text
    body = made.json()
    created, expires = (dt.datetime.fromisoformat(body[k]) for k in ("created_at", "expires_at"))
    assert expires - created == dt.timedelta(days=7)  # care_invitation_days, as a care invitation
    assert client.post(f"{base}/{body['id']}/decline", headers=owner.headers).status_code == 404  # not the owner's
    assert client.post(f"{base}/{body['id']}/decline", headers=invitee.headers).status_code == 204
    assert client.get(base, headers=owner.headers).json()["sent"] == []
    assert client.post(f"{base}/{body['id']}/decline", headers=invitee.headers).status_code == 404

    again = client.post("/api/v1/clinician/practice/members", json={"email": invitee.email}, headers=owner.headers)
    assert client.delete(f"{base}/{again.json()['id']}", headers=invitee.headers).status_code == 403
    assert client.delete(f"{base}/{again.json()['id']}", headers=owner.headers).status_code == 204
    assert client.get(base, headers=owner.headers).json()["sent"] == []
    gone = client.delete(f"{base}/{again.json()['id']}", headers=owner.headers)
    assert gone.status_code == 404 and gone.json()["detail"][0]["code"] == "no_sent_practice_invitation"
