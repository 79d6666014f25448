"""The History pages with plain form posts: the list (newest first, a page at a time, imported sessions marked), one
session, correcting a set and deleting a session (with a confirmation), and another person's session as a 404."""

# ruff: noqa: F811  (the page tests' fixtures, imported below, are the tests' parameters)

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from gluterx.bootstrap import Container
from gluterx.services import history

from .test_pages import app, browser, container, csrf_of, first_session_date, onboard, sign_up, workout_form  # noqa: F401


def _person_id(container: Container, email: str = "ann@example.com") -> int:
    with container.uow() as uow:
        account = uow.accounts.by_email(email)
        assert account is not None
        return account.person_id


def _logged(browser: TestClient, container: Container, **how: Any) -> int:
    """Ann, onboarded, with her first session logged through the player; its id."""
    sign_up(browser)
    onboard(browser)
    day = first_session_date(container)
    player = browser.get("/workout", params={"date": day}).text
    posted = browser.post("/workout", data=workout_form(player, **how), follow_redirects=False)
    assert posted.status_code == 303, posted.text
    return int(posted.headers["location"].rsplit("/", 1)[1])


def _edit_form(page: str) -> dict[str, Any]:
    """The correction form as the page filled it in."""
    data: dict[str, Any] = {"csrf_token": csrf_of(page)}
    for name, value in re.findall(
        r'<input type="(?:hidden|number|date)" id="[^"]*" name="([^"]+)"[^>]*value="([^"]*)"', page
    ):
        data[name] = value
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page):
        data.setdefault(name, value)
    for name, value in re.findall(
        r'<select id="[^"]*" name="([^"]+)"[^>]*>(?:(?!</select>).)*?<option value="([^"]*)" selected', page, re.S
    ):
        data[name] = value
    felt: dict[str, list[str]] = {}
    for name, value in re.findall(r'name="(ex\d+_felt)" value="([^"]+)" checked', page):
        felt.setdefault(name, []).append(value)
    data.update(felt)
    return data


def test_the_history_lists_logged_sessions_with_readable_names_and_sets(
    browser: TestClient, container: Container
) -> None:
    """A logged session appears with its day, each exercise by its name (no ids), its sets, pain and where felt;
    History is in the nav and marked as the current page."""
    session_id = _logged(browser, container, reps="12", pain="2")
    page = browser.get("/history")
    assert page.status_code == 200
    text = page.text
    assert 'href="/history" aria-current="page"' in text
    assert f'id="session-{session_id}"' in text
    done = history.session(container.uow(), person_id=_person_id(container), session_id=session_id)
    for ex in done.exercises:
        assert container.library.display_name(ex.exercise_id) in text
        assert f">{ex.exercise_id}<" not in text
    assert "Pain during: <strong>2/10</strong>" in text and "Glutes (buttocks)" in text
    assert f'href="/history/{session_id}/edit"' in text and f'href="/history/{session_id}/delete"' in text


def test_correcting_a_set_on_the_page_saves_it_and_says_next_time_was_worked_out_again(
    browser: TestClient, container: Container
) -> None:
    """Change the first set's reps, remove the second set of the first exercise and add one to it: saved under the
    same id, and the session's page says so."""
    session_id = _logged(browser, container)
    form = browser.get(f"/history/{session_id}/edit")
    assert form.status_code == 200
    data = _edit_form(form.text)
    assert data["ex0_s0_reps"] == "12"
    data["ex0_s0_reps"] = "9"
    rows = int(data["ex0_rows"])
    if rows > 2:
        data["ex0_s1_remove"] = "1"
    data[f"ex0_s{rows - 1}_reps"] = "7"  # the empty row: a set added
    data["notes"] = "Corrected"

    saved = browser.post(f"/history/{session_id}/edit", data=data, follow_redirects=False)

    assert saved.status_code == 303, saved.text
    assert saved.headers["location"] == f"/history/{session_id}?saved=1"
    shown = browser.get(saved.headers["location"]).text
    assert 'id="history-saved"' in shown
    done = history.session(container.uow(), person_id=_person_id(container), session_id=session_id)
    reps = [s.reps for s in done.exercises[0].sets]
    assert reps[0] == 9 and reps[-1] == 7 and len(reps) == rows - (1 if rows > 2 else 0)
    assert done.notes == "Corrected"


def test_a_bad_figure_keeps_what_was_typed_and_changes_nothing(browser: TestClient, container: Container) -> None:
    """Reps 'lots': 422 with the box marked and the typed value kept; the stored session is as it was."""
    session_id = _logged(browser, container)
    before = history.session(container.uow(), person_id=_person_id(container), session_id=session_id)
    data = _edit_form(browser.get(f"/history/{session_id}/edit").text)
    data["ex0_s0_reps"] = "lots"
    answer = browser.post(f"/history/{session_id}/edit", data=data)
    assert answer.status_code == 422
    assert 'id="ex0_s0_reps-error"' in answer.text and 'value="lots"' in answer.text
    assert history.session(container.uow(), person_id=_person_id(container), session_id=session_id) == before


def test_a_day_outside_the_date_policy_is_said_beside_the_date(browser: TestClient, container: Container) -> None:
    """A session moved to 1999: 422 with the message on the date box."""
    session_id = _logged(browser, container)
    data = _edit_form(browser.get(f"/history/{session_id}/edit").text)
    data["date"] = "1999-06-01"
    answer = browser.post(f"/history/{session_id}/edit", data=data)
    assert answer.status_code == 422 and 'id="date-error"' in answer.text


def test_deleting_asks_first_then_removes_the_session(browser: TestClient, container: Container) -> None:
    """GET delete is only a question; the POST removes it and the list says it is gone."""
    session_id = _logged(browser, container)
    question = browser.get(f"/history/{session_id}/delete")
    assert question.status_code == 200 and 'id="confirm-delete"' in question.text
    assert browser.get(f"/history/{session_id}").status_code == 200  # asking deleted nothing

    gone = browser.post(
        f"/history/{session_id}/delete", data={"csrf_token": csrf_of(question.text)}, follow_redirects=False
    )

    assert gone.status_code == 303 and gone.headers["location"].startswith("/history?deleted=")
    listed = browser.get(gone.headers["location"]).text
    assert 'id="history-deleted"' in listed and 'id="history-empty"' in listed
    assert browser.get(f"/history/{session_id}").status_code == 404


def test_another_persons_session_is_a_styled_404_on_every_history_page(app: FastAPI, container: Container) -> None:
    """Bob opening, editing or deleting Ann's session gets the same styled 404 as a session that does not exist."""
    with TestClient(app) as ann:
        session_id = _logged(ann, container)
    with TestClient(app) as bob:
        sign_up(bob, "bob@example.com")
        token = csrf_of(bob.get("/history").text)
        for path in (f"/history/{session_id}", f"/history/{session_id}/edit", f"/history/{session_id}/delete"):
            answer = bob.get(path)
            assert answer.status_code == 404 and "We could not find that session" in answer.text, path
            assert bob.get(path.replace(str(session_id), "999999")).status_code == 404
        for path in (f"/history/{session_id}/edit", f"/history/{session_id}/delete"):
            assert bob.post(path, data={"csrf_token": token, "n": "0"}).status_code == 404
        assert bob.get("/history/not-a-number").status_code == 404
    assert history.session(container.uow(), person_id=_person_id(container), session_id=session_id).id == session_id


def test_the_history_pages_ten_sessions_at_a_time_newest_first(browser: TestClient, container: Container) -> None:
    """Twelve sessions: page 1 has the ten newest, newest first, and a link to older ones; page 2 the last two."""
    sign_up(browser)
    onboard(browser)
    person_id = _person_id(container)
    with container.uow() as uow:
        for n in range(12):
            uow.sessions.add(
                person_id=person_id,
                day=date(2026, 1, 1 + n),
                notes=f"note {n}",
                exercises=[{"exercise_id": "glute_bridge", "pain_during": 0, "felt_in": [], "sets": [{"reps": 10}]}],
            )
        uow.commit()
    first = browser.get("/history").text
    notes = re.findall(r"<strong>Notes:</strong> (note \d+)", first)
    assert notes == [f"note {n}" for n in range(11, 1, -1)]
    assert 'id="history-older"' in first and "Page 1 of 2" in first
    second = browser.get("/history", params={"page": "2"}).text
    assert re.findall(r"<strong>Notes:</strong> (note \d+)", second) == ["note 1", "note 0"]
    assert browser.get("/history", params={"page": "99"}).status_code == 200  # past the end: the last page


def test_an_imported_session_is_marked_can_be_deleted_and_says_why_it_cannot_be_edited(
    browser: TestClient, container: Container
) -> None:
    """A Strong workout: marked 'Imported from Strong' with no Edit button; its edit page explains, with no form;
    the next morning's check-in is shown beside a logged session's day."""
    sign_up(browser)
    onboard(browser)
    person_id = _person_id(container)
    with container.uow() as uow:
        imported = uow.sessions.create(
            person_id=person_id,
            day=date(2025, 1, 6),
            notes="Legs",
            source="strong",
            source_key="k",
            exercises=[
                {"exercise_id": "hip_thrust", "pain_during": 0, "felt_in": [], "sets": [{"reps": 10, "load": 60.0}]}
            ],
        )
        uow.checkins.upsert(person_id, date(2025, 1, 7), 3)
        uow.commit()
    listed = browser.get("/history").text
    assert "Imported from Strong" in listed and f'id="edit-{imported}"' not in listed
    assert f'id="delete-{imported}"' in listed and "10 reps × 60 kg" in listed
    assert "next morning: pain 3/10" in listed
    edit = browser.get(f"/history/{imported}/edit")
    assert edit.status_code == 200 and 'id="history-imported"' in edit.text and 'id="edit-form"' not in edit.text
    token = csrf_of(browser.get(f"/history/{imported}/delete").text)
    refused = browser.post(f"/history/{imported}/edit", data={"csrf_token": token, "n": "0"})
    assert refused.status_code == 422  # nothing left to save; the session stays
    assert history.session(container.uow(), person_id=person_id, session_id=imported).notes == "Legs"
