"""The care pages: a clinician sets up and invites, the client sees who before accepting, the dashboard and the
client's page, a message on Today, and a revoked sharing answered with the styled 404 at once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from gluterx.adapters.web.security import CSRF_FIELD
from tests.adapters.web.conftest import START, Person, make_profile, make_session
from tests.adapters.web.test_care_api import connect
from tests.security.conftest import csrf_of, page_login


def _post(browser: TestClient, path: str, data: dict[str, str], page: str) -> Any:
    return browser.post(path, data={**data, CSRF_FIELD: csrf_of(browser, page)})


def test_invite_accept_dashboard_message_revoke(
    client: TestClient, sign_up: Callable[[str], Person], started: Callable[..., dict[str, Any]]
) -> None:
    doc, patient = sign_up("doc@example.com"), sign_up("pat@example.com")
    started(patient)
    client.post("/api/v1/checkins", json={"pain": 3, "date": START}, headers=patient.headers)
    due = client.get("/api/v1/today", params={"date": START}, headers=patient.headers).json()
    logged = client.post("/api/v1/sessions", json=make_session(due, pain=4), headers=patient.headers)
    assert logged.status_code == 201, logged.text
    doc_browser, patient_browser = page_login(client.app, doc.email), page_login(client.app, patient.email)  # type: ignore[arg-type]

    setup = doc_browser.get("/clinician")
    assert setup.status_code == 200 and "For trainers and physiotherapists" in setup.text
    bad = _post(doc_browser, "/clinician/setup", {"kind": "", "practice_name": ""}, "/clinician")
    assert bad.status_code == 422 and "use one of" in bad.text
    made = _post(doc_browser, "/clinician/setup", {"kind": "physio", "practice_name": "North Physio"}, "/clinician")
    assert made.status_code == 303
    invited = _post(doc_browser, "/clinician/invitations", {}, "/clinician")
    code = re.search(r'id="invitation-code">([A-Z0-9-]+)<', invited.text).group(1)  # type: ignore[union-attr]

    preview = patient_browser.get(f"/care/accept/{code}")
    assert preview.status_code == 200 and "North Physio" in preview.text and "Stop sharing" not in preview.text
    assert "Nobody" in patient_browser.get("/care").text  # nothing shared before saying yes
    accepted = _post(patient_browser, "/care/accept", {"code": code, "confirmed": "1"}, "/care")
    assert accepted.status_code == 303 and accepted.headers["location"] == "/care?shared=1"
    assert "Stop sharing" in patient_browser.get("/care").text

    board = doc_browser.get("/clinician")
    assert board.status_code == 200 and f'data-client="{patient.person_id}"' in board.text
    page = doc_browser.get(f"/clinician/clients/{patient.person_id}")
    assert page.status_code == 200 and "Programme this week and next" in page.text
    assert "<td>4/10</td>" in page.text  # the session's highest pain during
    sent = _post(doc_browser, f"/clinician/clients/{patient.person_id}/messages", {"body": "Keep it easy"},
                 f"/clinician/clients/{patient.person_id}")  # fmt: skip
    assert sent.status_code == 303
    today = patient_browser.get("/today", params={"date": START})
    assert "Keep it easy" in today.text and 'id="care-message"' in today.text

    grant_id = re.search(r'action="/care/grants/(\d+)/revoke"', patient_browser.get("/care").text).group(1)  # type: ignore[union-attr]
    assert _post(patient_browser, f"/care/grants/{grant_id}/revoke", {}, "/care").status_code == 303
    gone = doc_browser.get(f"/clinician/clients/{patient.person_id}")
    assert gone.status_code == 404 and "<html" in gone.text
    assert '<a class="button" href="/clinician">Back to your clients</a>' in gone.text  # a way on, not the start
    assert f'data-client="{patient.person_id}"' not in doc_browser.get("/clinician").text
    used = patient_browser.get(f"/care/accept/{code}")
    assert used.status_code == 409 and "used already" in used.text


def test_an_invitation_link_opened_while_signed_out_survives_sign_up_and_sign_in(
    client: TestClient, sign_up: Callable[[str], Person]
) -> None:
    """Someone new opens the link, creates an account and signs in: they land on the invitation without typing the
    code (the path rides along as `next`, checked as a local path)."""
    from tests.adapters.web.conftest import PASSWORD

    doc = sign_up("doc@example.com")
    client.post("/api/v1/clinician/me", json={"kind": "physio", "practice_name": "North Physio"}, headers=doc.headers)
    code = client.post("/api/v1/clinician/invitations", headers=doc.headers).json()["code"]
    browser = TestClient(client.app, follow_redirects=False)  # type: ignore[arg-type]
    link = f"/care/accept/{code}"
    opened = browser.get(link)
    assert opened.status_code == 303 and opened.headers["location"] == f"/login?next={link}"
    login = browser.get(opened.headers["location"]).text
    assert 'id="invitation-waiting"' in login
    signup_href = re.search(r'id="signup-link" href="([^"]+)"', login).group(1)  # type: ignore[union-attr]
    signup = browser.get(signup_href.replace("&amp;", "&"))
    assert f'name="next" value="{link}"' in signup.text
    made = browser.post("/signup", data={"email": "new@example.com", "password": PASSWORD, "display_name": "Noor",
                                         "next": link, CSRF_FIELD: csrf_of(browser, "/signup")})  # fmt: skip
    assert made.status_code == 303 and made.headers["location"] == f"/login?welcome=1&next={link}"
    form = {"email": "new@example.com", "password": PASSWORD, "next": link, CSRF_FIELD: csrf_of(browser)}
    signed_in = browser.post("/login", data=form)
    assert signed_in.status_code == 303 and signed_in.headers["location"] == link
    preview = browser.get(link)
    assert preview.status_code == 200 and "North Physio" in preview.text and code in preview.text


def test_next_after_sign_in_stays_on_this_site(client: TestClient, sign_up: Callable[[str], Person]) -> None:
    from tests.adapters.web.conftest import PASSWORD

    sign_up("ann@example.com")
    for bad in ("//evil.example", "/\\evil.example", "https://evil.example", "/\\/evil.example", "/ok\x00", " /x"):
        browser = TestClient(client.app, follow_redirects=False)  # type: ignore[arg-type]
        form = {"email": "ann@example.com", "password": PASSWORD, "next": bad, CSRF_FIELD: csrf_of(browser)}
        assert browser.post("/login", data=form).headers["location"] == "/today", bad
        made = browser.post("/signup", data={"email": "x@example.com", "password": PASSWORD, "next": bad,
                                             CSRF_FIELD: csrf_of(browser, "/signup")})  # fmt: skip
        assert made.headers["location"] == "/login?welcome=1&next=/onboarding", bad
        assert 'name="next"' not in browser.get("/signup", params={"next": bad}).text


def test_unread_markers_on_the_dashboard_today_and_care_and_reading_clears_them(
    client: TestClient, sign_up: Callable[[str], Person], started: Callable[..., dict[str, Any]]
) -> None:
    doc, patient = sign_up("doc@example.com"), sign_up("pat@example.com")
    started(patient)
    client.post("/api/v1/clinician/me", json={"kind": "physio"}, headers=doc.headers)
    code = client.post("/api/v1/clinician/invitations", headers=doc.headers).json()["code"]
    client.post("/api/v1/care/accept", json={"code": code}, headers=patient.headers)
    doc_browser, patient_browser = page_login(client.app, doc.email), page_login(client.app, patient.email)  # type: ignore[arg-type]
    client_page = f"/clinician/clients/{patient.person_id}"
    assert _post(doc_browser, f"{client_page}/messages", {"body": "Keep it easy"}, client_page).status_code == 303

    today = patient_browser.get("/today", params={"date": START}).text
    assert 'id="care-message-new"' in today
    care = patient_browser.get("/care").text
    assert 'id="thread-unread">1 new<' in care and 'data-unread="1"' in care
    assert 'id="care-message-new"' not in patient_browser.get("/today", params={"date": START}).text
    assert 'id="thread-unread"' not in patient_browser.get("/care").text

    for body in ("Thanks", "A question"):
        assert _post(patient_browser, "/care/messages", {"body": body}, "/care").status_code == 303
    board = doc_browser.get("/clinician").text
    assert 'data-unread="2">2 new messages<' in board
    page = doc_browser.get(client_page).text
    assert 'id="thread-unread">2 new<' in page
    assert "data-unread" not in doc_browser.get("/clinician").text
    api = client.get("/api/v1/clinician/clients", headers=doc.headers).json()["clients"][0]
    assert api["unread_messages"] == 0


def test_inviting_a_colleague_says_invited_whatever_the_email_and_they_join_from_their_page(
    client: TestClient, sign_up: Callable[[str], Person]
) -> None:
    owner, colleague = sign_up("owner@example.com"), sign_up("col@example.com")
    client.post("/api/v1/clinician/me", json={"kind": "physio", "practice_name": "North Physio"}, headers=owner.headers)
    owner_browser = page_login(client.app, owner.email)  # type: ignore[arg-type]
    answers = []
    for email in ("col@example.com", "nobody@example.com"):
        made = _post(owner_browser, "/clinician/practice/members", {"email": email}, "/clinician")
        assert made.status_code == 200
        answers.append(re.search(r'class="notice" role="status">([^<]+)<', made.text).group(1))  # type: ignore[union-attr]
    assert answers[0].replace("col@", "X@") == answers[1].replace("nobody@", "X@")  # the same words for both
    assert "Invited col@example.com" in answers[0]
    bad = _post(owner_browser, "/clinician/practice/members", {"email": "nope"}, "/clinician")
    assert bad.status_code == 422 and 'id="email-error"' in bad.text
    assert re.search(
        r'data-invitation="\d+">col@example.com\s+<span class="muted">\(invited, open until',
        owner_browser.get("/clinician").text,
    )  # listed as invited, with the day it ends

    col_browser = page_login(client.app, colleague.email)  # type: ignore[arg-type]
    setup = col_browser.get("/clinician").text
    assert 'id="practice-invited"' in setup and "North Physio" in setup
    assert _post(col_browser, "/clinician/setup", {"kind": "trainer"}, "/clinician").status_code == 303
    board = col_browser.get("/clinician").text
    join = re.search(r'action="(/clinician/practice/invitations/\d+/accept)"', board).group(1)  # type: ignore[union-attr]
    joined = _post(col_browser, join, {}, "/clinician")
    assert joined.status_code == 303
    after = col_browser.get(joined.headers["location"]).text
    assert "You joined the practice" in after and 'id="practice-invitations"' not in after
    assert after.index('id="notice"') < after.index("<h1>Your clients</h1>")  # at the top, not below the list
    assert _post(col_browser, join, {}, "/clinician").status_code == 404


def test_the_invitee_declines_from_the_set_up_page_and_the_owner_cancels_from_the_practice(
    client: TestClient, sign_up: Callable[[str], Person]
) -> None:
    owner, colleague = sign_up("owner@example.com"), sign_up("col@example.com")
    client.post("/api/v1/clinician/me", json={"kind": "physio", "practice_name": "North Physio"}, headers=owner.headers)
    owner_browser = page_login(client.app, owner.email)  # type: ignore[arg-type]
    col_browser = page_login(client.app, colleague.email)  # type: ignore[arg-type]
    _post(owner_browser, "/clinician/practice/members", {"email": colleague.email}, "/clinician")

    setup = col_browser.get("/clinician").text  # not a clinician yet: they can still say no
    decline = re.search(r'action="(/clinician/practice/invitations/\d+/decline)"', setup).group(1)  # type: ignore[union-attr]
    assert re.search(r"invited you to join North Physio \(until \d", setup)
    declined = _post(col_browser, decline, {}, "/clinician")
    assert declined.status_code == 303
    after = col_browser.get(declined.headers["location"]).text
    assert "You declined the invitation." in after and 'id="practice-invited"' not in after
    assert 'id="colleagues-invited"' not in owner_browser.get("/clinician").text  # gone from the owner's list too
    assert _post(col_browser, decline, {}, "/clinician").status_code == 404

    _post(owner_browser, "/clinician/practice/members", {"email": colleague.email}, "/clinician")
    board = owner_browser.get("/clinician").text
    cancel = re.search(r'action="(/clinician/practice/invitations/\d+/cancel)"', board).group(1)  # type: ignore[union-attr]
    assert _post(col_browser, cancel, {}, "/clinician").status_code == 403  # not a clinician: not theirs to cancel
    cancelled = _post(owner_browser, cancel, {}, "/clinician")
    assert cancelled.status_code == 303
    after = owner_browser.get(cancelled.headers["location"]).text
    assert "Invitation cancelled" in after and 'id="colleagues-invited"' not in after
    assert after.index('id="notice"') < after.index("<h1>Your clients</h1>")
    assert 'id="practice-invited"' not in col_browser.get("/clinician").text
    assert _post(owner_browser, cancel, {}, "/clinician").status_code == 404


def test_on_the_weeks_last_day_the_client_page_offers_next_weeks_sessions_to_change(
    client: TestClient, sign_up: Callable[[str], Person]
) -> None:
    """The client's page lists this week's sessions and next week's: on a Sunday there is nothing of this week
    left to change, and the clinician can still adjust what comes; the next session still to come is the open one."""
    doc, patient = sign_up("doc@example.com"), sign_up("pat@example.com")
    first = dt.date.today() - dt.timedelta(days=6)  # today is the programme's day 7, the last of week 1
    made = client.put("/api/v1/profile", params={"start_date": first.isoformat()}, json=make_profile(),
                      headers=patient.headers)  # fmt: skip
    assert made.status_code == 200, made.text
    assert client.post("/api/v1/clinician/me", json={"kind": "physio"}, headers=doc.headers).status_code == 201
    connect(client, doc, patient)
    browser = page_login(client.app, doc.email)  # type: ignore[arg-type]
    page = browser.get(f"/clinician/clients/{patient.person_id}")
    assert page.status_code == 200 and "Week 2 of" in page.text
    week_two = {(first + dt.timedelta(days=7 + n)).isoformat() for n in range(7)}
    links = set(re.findall(r'id="change-(\d{4}-\d\d-\d\d)-', page.text))
    assert links & week_two, "nothing of next week to change"
    opened = re.findall(r'<details class="session" open data-date="([\d-]+)"', page.text)
    assert len(opened) == 1 and opened[0] >= dt.date.today().isoformat()


def test_the_outcome_schedule_says_plainly_when_a_check_is_due_now(
    client: TestClient, sign_up: Callable[[str], Person], started: Callable[..., dict[str, Any]]
) -> None:
    """Assigning the measures to a client who has never answered: one is due now (asked on Today), then the next."""
    doc, patient = sign_up("doc@example.com"), sign_up("pat@example.com")
    started(patient)
    assert client.post("/api/v1/clinician/me", json={"kind": "trainer"}, headers=doc.headers).status_code == 201
    connect(client, doc, patient)
    assert client.put(f"/api/v1/clinician/clients/{patient.person_id}/outcomes", json={"every_weeks": 2},
                      headers=doc.headers).status_code == 200  # fmt: skip
    page = page_login(client.app, doc.email).get(f"/clinician/clients/{patient.person_id}")  # type: ignore[arg-type]
    due = re.search(r'id="outcomes-due">([^<]+)<', page.text)
    assert (
        due is not None
        and due.group(1).startswith("One is due now: ")
        and "is asked on Today. The next from " in due.group(1)
    )
