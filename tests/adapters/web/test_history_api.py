"""PUT and DELETE /api/v1/sessions/{id}: correcting the history through the API, with Today worked out again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from .conftest import START, Person, make_session

Start = Callable[..., dict[str, Any]]

STRONG_CSV = (
    b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
    b'2025-01-06 07:00:00,"Legs",50m,"Hip Thrust (Barbell)",1,60,10,0,0,"","",\n'
)


def _today(client: TestClient, person: Person, day: str) -> dict[str, Any]:
    response = client.get("/api/v1/today", params={"date": day}, headers=person.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _log(client: TestClient, person: Person, day: str, **how: Any) -> int:
    response = client.post(
        "/api/v1/sessions", json=make_session(_today(client, person, day), **how), headers=person.headers
    )
    assert response.status_code == 201, response.text
    session_id: int = response.json()["session_id"]
    return session_id


def _days(client: TestClient, person: Person, count: int) -> list[str]:
    days = [START]
    while len(days) < count:
        days.append(_today(client, person, days[-1])["next_session_date"])
    return days


def _ahead(client: TestClient, person: Person, days: list[str]) -> list[list[dict[str, Any]]]:
    return [_today(client, person, day)["items"] for day in days]


def _earning(client: TestClient, person: Person) -> tuple[int, list[str], list[list[dict[str, Any]]]]:
    """Log session after session at the top of the range until one changes what Today shows for the next sessions:
    (that session, its day and the next ones, what Today showed for them just before it was logged)."""
    days = _days(client, person, 9)
    _log(client, person, days[0])
    for k in range(1, 6):
        later = days[k + 1 : k + 4]
        before = _ahead(client, person, later)
        session_id = _log(client, person, days[k])
        if _ahead(client, person, later) != before:
            return session_id, days[k:], before
    raise AssertionError("no session earned a step")  # pragma: no cover


def test_deleting_a_session_gives_back_the_today_it_had_never_happened(
    client: TestClient, a: Person, started: Start
) -> None:
    """The session that earned a step (Today's next sessions changed when it was logged): once it is deleted, Today
    shows those sessions exactly as it did before it was logged."""
    started(a)
    earning, (day, *later), before = _earning(client, a)

    deleted = client.delete(f"/api/v1/sessions/{earning}", headers=a.headers)

    assert deleted.status_code == 200, deleted.text
    body = deleted.json()
    assert (body["session_id"], body["date"]) == (earning, day)
    assert body["revised"] and all({"slot", "before", "after"} <= set(r) for r in body["revised"])
    assert _ahead(client, a, later[:3]) == before
    assert client.get(f"/api/v1/sessions/{earning}", headers=a.headers).status_code == 404


def test_correcting_a_set_keeps_the_id_and_works_next_time_out_again(
    client: TestClient, a: Person, started: Start
) -> None:
    """PUT the earning session with every set at the bottom of the range: same id, the new reps stored, nothing
    progresses, and Today's next sessions no longer carry the step the old figures earned."""
    started(a)
    earning, (day, *later), before = _earning(client, a)
    corrected = make_session(_today(client, a, day), reps=8, notes="I miscounted")

    response = client.put(f"/api/v1/sessions/{earning}", json=corrected, headers=a.headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["session"]["id"] == earning and body["session"]["notes"] == "I miscounted"
    assert {s["reps"] for e in body["session"]["exercises"] for s in e["sets"]} == {8}
    assert body["sessions_rejudged"] == 1 and all(not c["progressing"] for c in body["changes"])
    assert client.get(f"/api/v1/sessions/{earning}", headers=a.headers).json() == body["session"]
    shown = [[i["exercise_id"] for i in items] for items in _ahead(client, a, later[:3])]
    assert shown == [[i["exercise_id"] for i in items] for items in before]


def test_a_bad_correction_is_422_per_field_and_changes_nothing(client: TestClient, a: Person, started: Start) -> None:
    """Pain 12 and reps -1 in the body: 422 naming both fields; the session reads as it did."""
    started(a)
    session_id = _log(client, a, START)
    stored = client.get(f"/api/v1/sessions/{session_id}", headers=a.headers).json()
    bad = make_session(_today(client, a, START))
    bad["exercises"][0]["pain_during"] = 12
    bad["exercises"][0]["sets"] = [{"reps": -1}]
    response = client.put(f"/api/v1/sessions/{session_id}", json=bad, headers=a.headers)
    assert response.status_code == 422
    assert {d["field"] for d in response.json()["detail"]} == {"exercises.0.pain_during", "exercises.0.sets.0.reps"}
    assert client.get(f"/api/v1/sessions/{session_id}", headers=a.headers).json() == stored


def test_another_persons_session_cannot_be_corrected_or_deleted_and_reads_as_missing(
    client: TestClient, a: Person, b: Person, started: Start
) -> None:
    """B's PUT and DELETE on A's session get the same 404 as on an id that does not exist; A's session stays."""
    started(a)
    started(b)
    session_id = _log(client, a, START, notes="A's private note")
    stored = client.get(f"/api/v1/sessions/{session_id}", headers=a.headers).json()
    body = make_session(_today(client, b, START), notes="B was here")
    for method, kwargs in (("PUT", {"json": body}), ("DELETE", {})):
        theirs = client.request(method, f"/api/v1/sessions/{session_id}", headers=b.headers, **kwargs)
        nobody = client.request(method, f"/api/v1/sessions/{session_id + 1000}", headers=b.headers, **kwargs)
        assert theirs.status_code == nobody.status_code == 404, (method, theirs.text)
        assert theirs.json()["detail"][0]["field"] == nobody.json()["detail"][0]["field"] == "session_id"
        assert "private" not in theirs.text
    assert client.get(f"/api/v1/sessions/{session_id}", headers=a.headers).json() == stored


def test_an_imported_session_is_409_to_correct_and_can_be_deleted(
    client: TestClient, a: Person, started: Start
) -> None:
    """A session imported from Strong: PUT is 409 saying why; DELETE removes it."""
    started(a)
    imported = client.post("/api/v1/imports", files={"file": ("s.csv", STRONG_CSV, "text/csv")}, headers=a.headers)
    assert imported.status_code < 300, imported.text
    (session,) = client.get("/api/v1/sessions", headers=a.headers).json()
    assert session["source"] == "strong"
    body = {"date": "2025-01-06", "exercises": [{"exercise_id": "glute_bridge", "sets": [{"reps": 12}]}]}
    refused = client.put(f"/api/v1/sessions/{session['id']}", json=body, headers=a.headers)
    assert refused.status_code == 409
    assert "imported" in refused.json()["detail"][0]["message"]
    assert client.delete(f"/api/v1/sessions/{session['id']}", headers=a.headers).status_code == 200
    assert client.get("/api/v1/sessions", headers=a.headers).json() == []


def test_the_openapi_document_says_every_answer_of_put_and_delete(client: TestClient) -> None:
    """Both operations document 200, 401, 403, 404 and 422 in the problem shape; PUT also 409 and its body."""
    paths = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/sessions/{session_id}"]
    assert {"200", "401", "403", "404", "409", "413", "422"} <= set(paths["put"]["responses"])
    assert {"200", "401", "403", "404", "422"} <= set(paths["delete"]["responses"])
    assert paths["put"]["requestBody"]["required"] is True
    for code in ("404", "422"):
        schema = paths["delete"]["responses"][code]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/Problems"}
