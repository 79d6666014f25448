"""Shaping the plan from the pages, as a browser without JavaScript: Swap (alternatives with still figures and
reasons), Skip, Skip session, Move, Undo, and the list of changes."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient

from gluterx.bootstrap import Container

from .test_pages import app, browser, container, csrf_of, onboard, sign_up  # noqa: F401  (fixtures)

TODAY = date.today()


def _items(page: str) -> list[str]:
    return re.findall(r'<li class="item" data-exercise-id="([^"]+)"', page)


def _started(client: TestClient) -> str:
    sign_up(client)
    onboard(client, equipment=["mini_band", "dumbbells", "bench"])
    page = client.get("/today").text
    assert _items(page), "the programme starts today with a session"
    return page


def test_swap_from_today_shows_figures_and_reasons_then_today_and_the_programme_follow(browser: TestClient) -> None:  # noqa: F811
    page = _started(browser)
    links = re.findall(r'href="(/plan/swap\?date=[^"]+)"', page)
    assert links and len(links) == len(_items(page))
    swap = browser.get(links[0].replace("&amp;", "&"))
    assert swap.status_code == 200
    assert '<img class="figure still"' in swap.text and 'class="reasons"' in swap.text
    assert "best fit" in swap.text
    visible = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", swap.text, flags=re.S))
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", visible), "an internal id is shown to the person"
    old = _items(page)[0]
    to = re.search(r'name="to" value="([^"]+)"', swap.text)
    assert to
    done = browser.post(
        "/plan/swap",
        data={"csrf_token": csrf_of(swap.text), "date": TODAY.isoformat(), "exercise_id": old, "to": to.group(1),
              "scope": "onward", "back": "today"},
        follow_redirects=False,
    )  # fmt: skip
    assert done.status_code == 303 and done.headers["location"] == "/today"
    after = browser.get("/today").text
    assert to.group(1) in _items(after) and old not in _items(after)
    assert "Changed by you on" in after and 'class="notice plan-note"' in after
    programme = browser.get("/program").text
    assert f'href="/exercises/{to.group(1)}"' in programme
    changes = browser.get("/plan/changes").text
    assert "in place of" in changes and "Changed by you" in changes
    undo = re.search(r'name="adjustment_id" value="(\d+)"', after)
    assert undo
    back = browser.post(
        "/plan/undo",
        data={"csrf_token": csrf_of(after), "adjustment_id": undo.group(1), "date": TODAY.isoformat(), "back": "today"},
        follow_redirects=False,
    )
    assert back.status_code == 303
    assert old in _items(browser.get("/today").text)


def test_a_swap_to_something_not_offered_says_why_on_the_swap_page(browser: TestClient) -> None:  # noqa: F811
    page = _started(browser)
    old = _items(page)[0]
    refused = browser.post(
        "/plan/swap",
        data={"csrf_token": csrf_of(page), "date": TODAY.isoformat(), "exercise_id": old, "to": "walking"},
    )
    assert refused.status_code == 422
    assert 'id="swap-error"' in refused.text and "does not fit this part of the session" in refused.text


def test_skip_an_exercise_skip_the_session_and_move_one(browser: TestClient) -> None:  # noqa: F811
    page = _started(browser)
    first = _items(page)[0]
    skipped = browser.post(
        "/plan/skip",
        data={"csrf_token": csrf_of(page), "date": TODAY.isoformat(), "exercise_id": first, "back": "today"},
        follow_redirects=False,
    )
    assert skipped.status_code == 303
    page = browser.get("/today").text
    assert first not in _items(page) and "skipped on" in page
    move = browser.get(f"/plan/move?date={TODAY.isoformat()}&back=program")
    assert move.status_code == 200
    days = re.findall(r'name="to_date" value="([^"]+)"', move.text)
    assert days and TODAY.isoformat() not in days
    moved = browser.post(
        "/plan/move",
        data={"csrf_token": csrf_of(move.text), "from_date": TODAY.isoformat(), "to_date": days[0], "back": "program"},
        follow_redirects=False,
    )
    assert moved.status_code == 303 and moved.headers["location"] == f"/program#session-{days[0]}"
    assert 'id="rest-day"' in browser.get("/today").text
    assert _items(browser.get(f"/today?date={days[0]}").text)
    no_day = browser.post("/plan/move", data={"csrf_token": csrf_of(move.text), "from_date": days[0], "to_date": ""})
    assert no_day.status_code == 422 and "choose the day" in no_day.text
    session = browser.post(
        "/plan/skip",
        data={"csrf_token": csrf_of(page), "date": days[0], "back": "program"},
        follow_redirects=False,
    )
    assert session.status_code == 303
    programme = browser.get("/program").text
    assert "skipped-session" in programme


def test_the_changes_page_without_changes_says_how(browser: TestClient, container: Container) -> None:  # noqa: F811
    _started(browser)
    page = browser.get("/plan/changes").text
    assert 'id="no-changes"' in page


def test_a_free_session_from_the_library_is_logged_and_summarised(browser: TestClient) -> None:  # noqa: F811
    page = _started(browser)
    assert 'href="/free-session"' in page
    picker = browser.get("/free-session").text
    ids = re.findall(r'name="pick" value="([^"]+)"', picker)
    assert len(ids) >= 2
    form = browser.get("/free-session", params={"pick": ids[:2]}).text
    assert form.count('class="card with-figure"') == 2
    bad = browser.post(
        "/free-session",
        data={"csrf_token": csrf_of(form), "date": TODAY.isoformat(), "pick": ids[:2], "ex0_s0_reps": "lots"},
    )
    assert bad.status_code == 422 and 'id="free-errors"' in bad.text and "set 1" in bad.text
    empty = browser.post("/free-session", data={"csrf_token": csrf_of(form), "pick": ids[:2]})
    assert empty.status_code == 422 and "at least one set" in empty.text
    done = browser.post(
        "/free-session",
        data={"csrf_token": csrf_of(form), "date": TODAY.isoformat(), "pick": ids[:2], "ex0_s0_reps": "12",
              "ex0_s1_reps": "10", "ex1_s0_reps": "8", "ex1_s0_load": "12.5"},
        follow_redirects=False,
    )  # fmt: skip
    assert done.status_code == 303 and done.headers["location"].startswith("/workout/summary/")
    assert browser.get(done.headers["location"]).status_code == 200
    # The same session again that day is asked about, not stored silently; ticking "log it a second time" stores it
    same = {"csrf_token": csrf_of(form), "date": TODAY.isoformat(), "pick": ids[:2], "ex0_s0_reps": "12",
            "ex0_s1_reps": "10", "ex1_s0_reps": "8", "ex1_s0_load": "12.5"}  # fmt: skip
    again = browser.post("/free-session", data=same, follow_redirects=False)
    assert again.status_code == 422 and 'id="free-allow-duplicate"' in again.text
    confirmed = browser.post("/free-session", data={**same, "allow_duplicate": "1"}, follow_redirects=False)
    assert confirmed.status_code == 303
