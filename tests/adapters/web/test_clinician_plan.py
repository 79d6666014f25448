"""/api/v1/clinician/clients/{id}/plan and the clinician's Change page (issue 16): alternatives, a swap and a skip
by the clinician land in the client's log with the clinician's name and why; refused without a grant and after
revoking; a reason is required; the pages work by plain form POST."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from gluterx.adapters.web.security import CSRF_FIELD
from gluterx.data import load_library
from gluterx.domain.exercise import BANDS
from tests.adapters.web.conftest import PASSWORD, Person, make_profile
from tests.adapters.web.test_care_api import connect
from tests.security.conftest import csrf_of, page_login

TODAY = dt.date.today()


def _setup(client: TestClient, sign_up: Callable[[str], Person]) -> tuple[Person, Person, int]:
    signup = {"email": "doc@example.com", "password": PASSWORD, "display_name": "Dr Rowe"}
    assert client.post("/api/v1/auth/signup", json=signup).status_code == 202
    token = client.post("/api/v1/auth/token", json={"email": signup["email"], "password": PASSWORD}).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    doc = Person(signup["email"], client.get("/api/v1/me", headers=headers).json()["person_id"], headers)
    patient = sign_up("pat@example.com")
    made = client.post("/api/v1/clinician/me", json={"kind": "physio"}, headers=doc.headers)
    assert made.status_code == 201, made.text
    started = client.put(
        "/api/v1/profile", params={"start_date": TODAY.isoformat()},
        json=make_profile(equipment=["mini_band", "dumbbells", "bench"]), headers=patient.headers,
    )  # fmt: skip
    assert started.status_code == 200, started.text
    return doc, patient, connect(client, doc, patient)


def _swappable(client: TestClient, doc: Person, patient: Person) -> tuple[str, dict[str, Any]]:
    base = f"/api/v1/clinician/clients/{patient.person_id}/plan/alternatives"
    items = client.get("/api/v1/today", params={"date": TODAY.isoformat()}, headers=patient.headers).json()["items"]
    for item in items:
        found = client.get(base, params={"date": TODAY.isoformat(), "exercise_id": item["exercise_id"]},
                           headers=doc.headers)  # fmt: skip
        if found.status_code == 200 and found.json()["alternatives"]:
            return item["exercise_id"], found.json()["alternatives"][0]
    raise AssertionError("nothing to swap today")


def test_a_clinicians_swap_and_skip_reach_the_clients_plan_and_log(
    client: TestClient, sign_up: Callable[[str], Person]
) -> None:
    doc, patient, grant = _setup(client, sign_up)
    base = f"/api/v1/clinician/clients/{patient.person_id}/plan"
    old, alt = _swappable(client, doc, patient)
    body = {"date": TODAY.isoformat(), "exercise_id": old, "to": alt["exercise_id"]}
    no_reason = client.post(f"{base}/swaps", json=body, headers=doc.headers)
    assert no_reason.status_code == 422 and any(p["field"] == "reason" for p in no_reason.json()["detail"])
    made = client.post(f"{base}/swaps", json={**body, "reason": "easier on the hip"}, headers=doc.headers)
    assert made.status_code == 201, made.text
    assert made.json()["by"] == "clinician" and made.json()["author_name"] == "Dr Rowe"
    ids = [i["exercise_id"] for i in client.get("/api/v1/today", params={"date": TODAY.isoformat()},
                                                 headers=patient.headers).json()["items"]]  # fmt: skip
    assert alt["exercise_id"] in ids and old not in ids
    other = next(i for i in ids if i != alt["exercise_id"])
    skipped = client.post(f"{base}/skips", json={"date": TODAY.isoformat(), "exercise_id": other, "reason": "rest"},
                          headers=doc.headers)  # fmt: skip
    assert skipped.status_code == 201, skipped.text
    log = client.get("/api/v1/plan/changes", headers=patient.headers).json()
    assert [(c["kind"], c["by"], c["reason"]) for c in log] == [
        ("skip_item", "clinician", "rest"), ("swap", "clinician", "easier on the hip")
    ]  # fmt: skip
    # the patient cannot act on the clinician's routes, and after revoking the clinician is refused
    assert client.post(f"/api/v1/clinician/clients/{doc.person_id}/plan/skips", json={
        "date": TODAY.isoformat(), "reason": "x"}, headers=patient.headers).status_code == 403  # fmt: skip
    assert client.delete(f"/api/v1/care/grants/{grant}", headers=patient.headers).status_code == 204
    gone = client.post(f"{base}/skips", json={"date": TODAY.isoformat(), "reason": "x"}, headers=doc.headers)
    assert gone.status_code == 404
    alts = client.get(f"{base}/alternatives", params={"date": TODAY.isoformat(), "exercise_id": old},
                      headers=doc.headers)  # fmt: skip
    assert alts.status_code == 404


def test_the_change_page_swaps_with_a_reason_and_the_client_reads_who_and_why(
    client: TestClient, sign_up: Callable[[str], Person]
) -> None:
    doc, patient, _ = _setup(client, sign_up)
    old, alt = _swappable(client, doc, patient)
    doc_browser = page_login(client.app, doc.email)  # type: ignore[arg-type]
    client_page = doc_browser.get(f"/clinician/clients/{patient.person_id}")
    assert f'id="change-{TODAY.isoformat()}-{old.replace("_", "-")}"' in client_page.text
    item = f"/clinician/clients/{patient.person_id}/plan/item?date={TODAY.isoformat()}&exercise_id={old}"
    page = doc_browser.get(item)
    assert page.status_code == 200 and alt["name"] in page.text and old not in page.text.split("<main")[1].replace(
        f'value="{old}"', "").replace(f"exercise_id={old}", "")  # fmt: skip
    form = {"date": TODAY.isoformat(), "exercise_id": old, "to": alt["exercise_id"], "scope": "once"}
    path = f"/clinician/clients/{patient.person_id}/plan/swap"
    bad = doc_browser.post(path, data={**form, "reason": "", CSRF_FIELD: csrf_of(doc_browser, item)})
    assert bad.status_code == 422 and 'id="reason-error"' in bad.text
    done = doc_browser.post(path, data={**form, "reason": "Kinder to your hip", CSRF_FIELD: csrf_of(doc_browser, item)})
    assert done.status_code == 303 and done.headers["location"].endswith("#programme")
    patient_browser = page_login(client.app, patient.email)  # type: ignore[arg-type]
    changes = patient_browser.get("/plan/changes").text
    assert "your clinician Dr Rowe" in changes and "Kinder to your hip" in changes
    today_page = patient_browser.get("/today").text
    assert "your clinician Dr Rowe" in today_page and "Kinder to your hip" in today_page
    assert "Kinder to your hip" in doc_browser.get(f"/clinician/clients/{patient.person_id}").text
    stranger = page_login(client.app, sign_up("other@example.com").email)  # type: ignore[arg-type]
    assert stranger.get(item).status_code in (403, 404)


def test_a_note_and_a_lock_through_the_api_reach_the_player_and_today(
    client: TestClient, sign_up: Callable[[str], Person]
) -> None:
    doc, patient, _ = _setup(client, sign_up)
    base = f"/api/v1/clinician/clients/{patient.person_id}/plan"
    items = client.get("/api/v1/today", params={"date": TODAY.isoformat()}, headers=patient.headers).json()["items"]
    first = items[0]["exercise_id"]
    empty = client.post(f"{base}/notes", json={"date": TODAY.isoformat(), "exercise_id": first, "text": ""},
                        headers=doc.headers)  # fmt: skip
    assert empty.status_code == 422
    made = client.post(f"{base}/notes", json={"date": TODAY.isoformat(), "exercise_id": first,
                                              "text": "Pause two seconds at the top"}, headers=doc.headers)  # fmt: skip
    assert made.status_code == 201 and made.json()["kind"] == "item_note", made.text
    assert made.json()["note"] == "Pause two seconds at the top" and not made.json()["undoable"]
    locked = client.post(f"{base}/locks", json={"date": TODAY.isoformat(), "exercise_id": first,
                                                "reason": "until the knee settles"}, headers=doc.headers)  # fmt: skip
    assert locked.status_code == 201 and locked.json()["kind"] == "lock"
    patient_browser = page_login(client.app, patient.email)  # type: ignore[arg-type]
    for path in ("/workout", "/today"):
        text = patient_browser.get(path).text
        assert "Note from Dr Rowe:</strong> Pause two seconds at the top" in text, path
    assert text.count("Pause two seconds at the top") == 1  # beside the exercise, not again in the change notes
    undo = client.post(f"/api/v1/plan/changes/{made.json()['id']}/undo", headers=patient.headers)
    assert undo.status_code == 403
    doc_browser = page_login(client.app, doc.email)  # type: ignore[arg-type]
    item = doc_browser.get(
        f"/clinician/clients/{patient.person_id}/plan/item?date={TODAY.isoformat()}&exercise_id={first}"
    )
    assert "Allow steps up again" in item.text and "Pause two seconds at the top" in item.text


def test_the_change_page_adds_a_note_and_locks_then_allows_by_plain_form_posts(
    client: TestClient, sign_up: Callable[[str], Person]
) -> None:
    doc, patient, _ = _setup(client, sign_up)
    items = client.get("/api/v1/today", params={"date": TODAY.isoformat()}, headers=patient.headers).json()["items"]
    first = items[0]["exercise_id"]
    doc_browser = page_login(client.app, doc.email)  # type: ignore[arg-type]
    item = f"/clinician/clients/{patient.person_id}/plan/item?date={TODAY.isoformat()}&exercise_id={first}"
    base = f"/clinician/clients/{patient.person_id}/plan"
    form = {"date": TODAY.isoformat(), "exercise_id": first}
    empty = doc_browser.post(f"{base}/note", data={**form, "text": " ", CSRF_FIELD: csrf_of(doc_browser, item)})
    assert empty.status_code == 422 and 'id="note_text-error"' in empty.text
    added = doc_browser.post(f"{base}/note", data={**form, "text": "Breathe out as you lift",
                                                   CSRF_FIELD: csrf_of(doc_browser, item)})  # fmt: skip
    assert added.status_code == 303
    no_reason = doc_browser.post(f"{base}/lock", data={**form, "locked": "1", CSRF_FIELD: csrf_of(doc_browser, item)})
    assert no_reason.status_code == 422 and 'id="lock_reason-error"' in no_reason.text
    locked = doc_browser.post(f"{base}/lock", data={**form, "locked": "1", "reason": "hold while it settles",
                                                    CSRF_FIELD: csrf_of(doc_browser, item)})  # fmt: skip
    assert locked.status_code == 303
    page = doc_browser.get(item).text
    assert "Allow steps up again" in page and "Breathe out as you lift" in page
    allowed = doc_browser.post(f"{base}/lock", data={**form, "locked": "0", "reason": "ready now",
                                                     CSRF_FIELD: csrf_of(doc_browser, item)})  # fmt: skip
    assert allowed.status_code == 303 and "Keep it at this dose" in doc_browser.get(item).text
    kinds = [c["kind"] for c in client.get("/api/v1/plan/changes", headers=patient.headers).json()]
    assert kinds == ["lock", "lock", "item_note"]
    assert (
        "Note from Dr Rowe:</strong> Breathe out as you lift"
        in page_login(
            client.app,
            patient.email,  # type: ignore[arg-type]
        )
        .get("/today")
        .text
    )


def test_a_set_dose_through_the_api_reaches_today_and_the_change_log(
    client: TestClient, sign_up: Callable[[str], Person]
) -> None:
    doc, patient, _ = _setup(client, sign_up)
    base = f"/api/v1/clinician/clients/{patient.person_id}/plan"
    items = client.get("/api/v1/today", params={"date": TODAY.isoformat()}, headers=patient.headers).json()["items"]
    first = items[0]["exercise_id"]
    dose = {"date": TODAY.isoformat(), "exercise_id": first, "sets": 3, "reps_low": 8, "reps_high": 10,
            "load_kind": "band", "band": "medium", "rest_s": 90, "reason": "ready for more"}  # fmt: skip
    bad = client.post(f"{base}/doses", json={**dose, "sets": 11, "band": "purple", "rest_s": 900},
                      headers=doc.headers)  # fmt: skip
    assert not load_library().get(first).equipment & BANDS  # a bodyweight exercise: a band does not fit it
    unfit = client.post(f"{base}/doses", json=dose, headers=doc.headers)
    assert unfit.status_code == 422 and [(e["field"], e["code"]) for e in unfit.json()["detail"]] == [
        ("load_kind", "load_unfit")
    ], unfit.text
    assert "not done with a band; choose bodyweight" in unfit.json()["detail"][0]["message"]
    dose |= {"load_kind": "bodyweight", "band": None}
    assert bad.status_code == 422, bad.text
    assert [(e["field"], e["code"]) for e in bad.json()["detail"]] == [
        ("sets", "too_large"), ("band", "not_a_choice"), ("rest_s", "too_large")
    ]  # fmt: skip
    stranger = sign_up("stranger@example.com")
    refused = client.post(f"{base}/doses", json=dose, headers=stranger.headers)
    assert refused.status_code in (403, 404)
    made = client.post(f"{base}/doses", json=dose, headers=doc.headers)
    assert made.status_code == 201 and made.json()["kind"] == "set_dose", made.text
    assert "set to 3 × 8-10" in made.json()["words"] and "bodyweight" in made.json()["words"]
    assert not made.json()["undoable"]
    shown = client.get("/api/v1/today", params={"date": TODAY.isoformat()}, headers=patient.headers).json()["items"]
    assert shown[0]["exercise_id"] == first and shown[0] != items[0]
    patient_browser = page_login(client.app, patient.email)  # type: ignore[arg-type]
    text = patient_browser.get("/today").text
    assert "3 × 8-10" in text or "3 x 8-10" in text
    assert "Dr Rowe" in text and first not in text.split("<main", 1)[-1].split("data-")[0]


def test_the_change_page_sets_a_dose_by_a_plain_form_post_with_errors_by_field(
    client: TestClient, sign_up: Callable[[str], Person]
) -> None:
    doc, patient, _ = _setup(client, sign_up)
    items = client.get("/api/v1/today", params={"date": TODAY.isoformat()}, headers=patient.headers).json()["items"]
    first = items[0]["exercise_id"]
    doc_browser = page_login(client.app, doc.email)  # type: ignore[arg-type]
    item = f"/clinician/clients/{patient.person_id}/plan/item?date={TODAY.isoformat()}&exercise_id={first}"
    page = doc_browser.get(item).text
    assert 'id="dose-title"' in page and 'name="sets"' in page and "Now: " in page
    base = f"/clinician/clients/{patient.person_id}/plan"
    form = {"date": TODAY.isoformat(), "exercise_id": first, "work": "reps", "load_kind": "kg", "rest_s": "60"}
    wrong = doc_browser.post(f"{base}/dose", data={**form, "sets": "x", "reps_low": "8", "kg": "",
                                                    CSRF_FIELD: csrf_of(doc_browser, item)})  # fmt: skip
    assert wrong.status_code == 422 and 'id="dose_sets-error"' in wrong.text
    missing = doc_browser.post(f"{base}/dose", data={**form, "sets": "3", "reps_low": "8", "reps_high": "10",
                                                      CSRF_FIELD: csrf_of(doc_browser, item)})  # fmt: skip
    assert (
        missing.status_code == 422 and 'id="dose_kg-error"' in missing.text and 'id="dose_reason-error"' in missing.text
    )
    unfit = doc_browser.post(f"{base}/dose", data={**form, "sets": "3", "reps_low": "8", "reps_high": "10", "kg": "20",
                                                    "reason": "you are ready", CSRF_FIELD: csrf_of(doc_browser, item)})  # fmt: skip
    assert unfit.status_code == 422 and 'id="dose_load_kind-error"' in unfit.text  # no weight on a bodyweight one
    done = doc_browser.post(f"{base}/dose", data={**form, "sets": "3", "reps_low": "8", "reps_high": "10",
                                                   "load_kind": "bodyweight", "reason": "you are ready",
                                                   CSRF_FIELD: csrf_of(doc_browser, item)})  # fmt: skip
    assert done.status_code == 303
    assert "Now: 3 × 8-10" in doc_browser.get(item).text
    changes = client.get("/api/v1/plan/changes", headers=patient.headers).json()
    assert [c["kind"] for c in changes] == ["set_dose"] and changes[0]["reason"] == "you are ready"
    assert "bodyweight" in changes[0]["words"]


def test_an_exercise_added_through_the_api_reaches_today_the_log_and_can_be_taken_back(
    client: TestClient, sign_up: Callable[[str], Person]
) -> None:
    doc, patient, _ = _setup(client, sign_up)
    base = f"/api/v1/clinician/clients/{patient.person_id}/plan"
    day = {"date": TODAY.isoformat()}
    found = client.get(f"{base}/additions", params=day, headers=doc.headers)
    assert found.status_code == 200, found.text
    choices = found.json()["additions"]
    planned = [
        i["exercise_id"] for i in client.get("/api/v1/today", params=day, headers=patient.headers).json()["items"]
    ]
    assert choices and not {c["exercise_id"] for c in choices} & set(planned)
    assert all(c["reasons"] and c["dose"] and c["purpose"] for c in choices)
    stranger = sign_up("stranger@example.com")
    assert client.get(f"{base}/additions", params=day, headers=stranger.headers).status_code in (403, 404)
    pick = choices[0]["exercise_id"]
    body = {**day, "exercise_id": pick, "reason": "more hip work"}
    assert client.post(f"{base}/additions", json=body, headers=stranger.headers).status_code in (403, 404)
    no_reason = client.post(f"{base}/additions", json={**body, "reason": ""}, headers=doc.headers)
    assert no_reason.status_code == 422
    taken = client.post(f"{base}/additions", json={**body, "exercise_id": planned[0]}, headers=doc.headers)
    assert taken.status_code == 409 and taken.json()["detail"][0]["code"] == "already_in_session"
    unfit = client.post(f"{base}/additions", json={**body, "dose": {"sets": 2, "reps_low": 8, "load_kind": "kg",
                        "kg": 20}}, headers=doc.headers)  # fmt: skip
    assert unfit.status_code == 422 and unfit.json()["detail"][0]["code"] in ("load_unfit", "work_unfit")
    made = client.post(f"{base}/additions", json=body, headers=doc.headers)
    assert made.status_code == 201 and made.json()["kind"] == "add_item", made.text
    assert not made.json()["undoable"] and made.json()["author_name"] == "Dr Rowe"
    shown = [i["exercise_id"] for i in client.get("/api/v1/today", params=day, headers=patient.headers).json()["items"]]
    assert pick in shown and set(planned) <= set(shown)
    log = client.get("/api/v1/plan/changes", headers=patient.headers).json()
    assert [c["kind"] for c in log] == ["add_item"] and log[0]["reason"] == "more hip work"
    mine = client.post(f"/api/v1/plan/changes/{made.json()['id']}/undo", json={}, headers=patient.headers)
    assert mine.status_code == 403  # the clinician's to take back
    back = client.post(f"{base}/changes/{made.json()['id']}/undo", json={"reason": "too much"}, headers=doc.headers)
    assert back.status_code == 201 and back.json()["kind"] == "undo", back.text
    again = [i["exercise_id"] for i in client.get("/api/v1/today", params=day, headers=patient.headers).json()["items"]]
    assert again == planned


def test_the_add_page_adds_by_a_plain_form_post_with_errors_by_field(
    client: TestClient, sign_up: Callable[[str], Person]
) -> None:
    doc, patient, _ = _setup(client, sign_up)
    doc_browser = page_login(client.app, doc.email)  # type: ignore[arg-type]
    client_page = doc_browser.get(f"/clinician/clients/{patient.person_id}").text
    add = f"/clinician/clients/{patient.person_id}/plan/add?date={TODAY.isoformat()}"
    assert f'href="{add.replace("&", "&amp;")}"' in client_page
    page = doc_browser.get(add).text
    assert 'id="clinician-add"' in page and 'name="exercise_id"' in page and "GluteRx's dose" in page
    side = doc_browser.get(add + "&part=side").text
    assert 'aria-current="page"' in side and "Side glutes" in side
    pick = load_library().get("bird_dog")
    base = f"/clinician/clients/{patient.person_id}/plan"
    form = {"date": TODAY.isoformat(), "exercise_id": pick.id, "dose_mode": "set", "sets": "2", "work": "hold",
            "hold_s": "30", "load_kind": "bodyweight", "rest_s": "45", "scope": "once"}  # fmt: skip
    wrong = doc_browser.post(f"{base}/add", data={**form, CSRF_FIELD: csrf_of(doc_browser, add)})
    assert wrong.status_code == 422
    assert 'id="dose_hold_s-error"' in wrong.text and 'id="reason-error"' in wrong.text  # a hold on a rep exercise
    done = doc_browser.post(f"{base}/add", data={**form, "work": "reps", "reps_low": "8", "reps_high": "10",
                                                  "reason": "core control", CSRF_FIELD: csrf_of(doc_browser, add)})  # fmt: skip
    assert done.status_code == 303, done.text
    changes = client.get("/api/v1/plan/changes", headers=patient.headers).json()
    assert [c["kind"] for c in changes] == ["add_item"] and "Bird dog added at 2 × 8-10" in changes[0]["words"]
    today = client.get("/api/v1/today", params={"date": TODAY.isoformat()}, headers=patient.headers).json()
    added = next(i for i in today["items"] if i["exercise_id"] == pick.id)
    assert added["sets"] == 2
    undo = f"/clinician/clients/{patient.person_id}/plan/undo?change_id={changes[0]['id']}"
    assert f'href="{undo.replace("&", "&amp;")}"' in doc_browser.get(f"/clinician/clients/{patient.person_id}").text
    assert 'id="clinician-undo"' in doc_browser.get(undo).text
    no_reason = doc_browser.post(f"{base}/undo", data={"change_id": changes[0]["id"],
                                                        CSRF_FIELD: csrf_of(doc_browser, undo)})  # fmt: skip
    assert no_reason.status_code == 422 and 'id="reason-error"' in no_reason.text
    back = doc_browser.post(f"{base}/undo", data={"change_id": changes[0]["id"], "reason": "not needed",
                                                   CSRF_FIELD: csrf_of(doc_browser, undo)})  # fmt: skip
    assert back.status_code == 303
    assert all(i["exercise_id"] != pick.id for i in client.get(
        "/api/v1/today", params={"date": TODAY.isoformat()}, headers=patient.headers).json()["items"])  # fmt: skip


def _with_a_rep_item(client: TestClient, sign_up: Callable[[str], Person]) -> tuple[Person, Person, str, str]:
    """A clinician and their client (_setup), the base of the client's plan routes and an item of today's session
    done in reps (one a tempo fits)."""
    doc, patient, _ = _setup(client, sign_up)
    items = client.get("/api/v1/today", params={"date": TODAY.isoformat()}, headers=patient.headers).json()["items"]
    first = next(i["exercise_id"] for i in items if "per side" in i["reps"] or "-" in i["reps"])
    return doc, patient, f"/api/v1/clinician/clients/{patient.person_id}/plan", first


def test_a_tempo_the_clinician_sets_is_what_the_client_reads_on_today_in_the_player_and_the_log(
    client: TestClient, sign_up: Callable[[str], Person]
) -> None:
    """The tempo is part of the dose a clinician sets: the client is told it where they train, not only stored."""
    doc, patient, base, first = _with_a_rep_item(client, sign_up)
    dose = {"date": TODAY.isoformat(), "exercise_id": first, "sets": 3, "reps_low": 8, "reps_high": 10,
            "rest_s": 60, "tempo_up": 3, "tempo_squeeze": 1, "tempo_down": 4, "reason": "slow it down"}  # fmt: skip
    made = client.post(f"{base}/doses", json=dose, headers=doc.headers)
    assert made.status_code == 201, made.text
    slow = "3-1-4 (3 s up, 1 s squeeze, 4 s down)"
    assert slow in made.json()["words"]
    patient_browser = page_login(client.app, patient.email)  # type: ignore[arg-type]
    assert f"tempo {slow}" in patient_browser.get("/today").text
    assert f"Tempo {slow}" in patient_browser.get(f"/workout?date={TODAY.isoformat()}").text
    doc_browser = page_login(client.app, doc.email)  # type: ignore[arg-type]
    item = f"/clinician/clients/{patient.person_id}/plan/item?date={TODAY.isoformat()}&exercise_id={first}"
    assert f"Now: 3 × 8-10 per side, bodyweight, tempo {slow}" in doc_browser.get(item).text.replace("\n", " ")


def test_a_practice_system_reads_the_clients_changes_and_an_items_state_with_a_token_and_takes_one_back(
    client: TestClient, sign_up: Callable[[str], Person]
) -> None:
    """What the client's page shows a clinician of the plan (its change log with the ids to take back, an item's
    lock, notes and dose) is in the API too; a stranger gets 404."""
    doc, patient, base, first = _with_a_rep_item(client, sign_up)
    day = TODAY.isoformat()
    item = client.get(f"{base}/item", params={"date": day, "exercise_id": first}, headers=doc.headers)
    assert item.status_code == 200, item.text
    assert (item.json()["locked"], item.json()["notes"]) == (False, [])
    assert item.json()["dose"]["words"]  # the dose as due
    note = {"date": day, "exercise_id": first, "text": "Slow on the way down"}
    assert client.post(f"{base}/notes", json=note, headers=doc.headers).status_code == 201
    lock = {"date": day, "exercise_id": first, "reason": "hold it"}
    assert client.post(f"{base}/locks", json=lock, headers=doc.headers).status_code == 201
    dose = {"date": day, "exercise_id": first, "sets": 3, "reps_low": 6, "reps_high": 9, "rest_s": 75,
            "tempo_up": 2, "tempo_squeeze": 2, "tempo_down": 4, "reason": "slower"}  # fmt: skip
    assert client.post(f"{base}/doses", json=dose, headers=doc.headers).status_code == 201
    state = client.get(f"{base}/item", params={"date": day, "exercise_id": first}, headers=doc.headers).json()
    assert (state["locked"], state["notes"]) == (True, ["Slow on the way down"])
    got = {k: state["dose"][k] for k in ("sets", "reps_low", "reps_high", "rest_s", "tempo_up", "tempo_down")}
    assert got == {"sets": 3, "reps_low": 6, "reps_high": 9, "rest_s": 75, "tempo_up": 2, "tempo_down": 4}
    changes = client.get(f"{base}/changes", headers=doc.headers)
    assert changes.status_code == 200, changes.text
    assert [(c["kind"], c["author_name"]) for c in changes.json()] == [
        ("set_dose", "Dr Rowe"), ("lock", "Dr Rowe"), ("item_note", "Dr Rowe")
    ]  # fmt: skip
    assert changes.json() == client.get("/api/v1/plan/changes", headers=patient.headers).json()  # the client's log
    lock_id = changes.json()[1]["id"]
    back = client.post(f"{base}/changes/{lock_id}/undo", json={"reason": "settled"}, headers=doc.headers)
    assert back.status_code == 201, back.text
    after = client.get(f"{base}/item", params={"date": day, "exercise_id": first}, headers=doc.headers).json()
    assert not after["locked"]
    stranger = sign_up("stranger@example.com")
    for path in (f"{base}/changes", f"{base}/item?date={day}&exercise_id={first}"):
        assert client.get(path, headers=stranger.headers).status_code in (403, 404)
