"""Adding an exercise to one's own plan from the pages, as a browser without JavaScript: the link from Today and the
programme, the choices one part of the session at a time (still figure, why it suits, GluteRx's dose), adding at
GluteRx's dose or one's own, errors beside the fields, back to Today with the change and its Undo."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from .test_pages import app, browser, container, csrf_of, onboard, sign_up  # noqa: F401  (fixtures)
from .test_plan_pages import TODAY, _items, _started


def _add_page(client: TestClient, page: str) -> str:
    link = re.search(r'href="(/plan/add\?date=[^"]+)" id="add-exercise-', page)
    assert link, "Today offers Add an exercise"
    found = client.get(link.group(1).replace("&amp;", "&"))
    assert found.status_code == 200
    return found.text


def _visible(page: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S))


def test_add_from_today_at_gluterx_dose_then_undo(browser: TestClient) -> None:  # noqa: F811
    today = _started(browser)
    page = _add_page(browser, today)
    assert '<img class="figure still"' in page and 'class="reasons"' in page and "GluteRx's dose:" in page
    assert "Why (optional" in page and 'aria-current="page"' in page
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", _visible(page)), "an internal id is shown to the person"
    offered = re.findall(r'name="exercise_id" value="([^"]+)"', page)
    assert offered and not set(offered) & set(_items(today))
    # another part of the session shows other choices
    parts = re.findall(r'href="(\?date=[^"]+&amp;part=[a-z_]+&amp;back=today)"', page)
    assert len(parts) > 1
    other = browser.get("/plan/add" + parts[1].replace("&amp;", "&")).text
    assert set(re.findall(r'name="exercise_id" value="([^"]+)"', other)).isdisjoint(offered)
    done = browser.post(
        "/plan/add",
        data={"csrf_token": csrf_of(page), "date": TODAY.isoformat(), "exercise_id": offered[0], "scope": "once",
              "dose_mode": "planned", "back": "today"},
        follow_redirects=False,
    )  # fmt: skip
    assert done.status_code == 303 and done.headers["location"] == "/today"
    after = browser.get("/today").text
    assert offered[0] in _items(after)
    assert 'data-kind="add_item"' in after and "to that session only" in after and "Changed by you on" in after
    undo = re.search(r'data-kind="add_item".*?name="adjustment_id" value="(\d+)"', after, flags=re.S)
    assert undo
    back = browser.post(
        "/plan/undo",
        data={"csrf_token": csrf_of(after), "adjustment_id": undo.group(1), "date": TODAY.isoformat(), "back": "today"},
        follow_redirects=False,
    )
    assert back.status_code == 303
    assert offered[0] not in _items(browser.get("/today").text)


def test_an_own_dose_with_a_mistake_is_shown_beside_its_field_then_added_onward(browser: TestClient) -> None:  # noqa: F811
    today = _started(browser)
    page = _add_page(browser, today)
    pick = re.findall(r'name="exercise_id" value="([^"]+)"', page)[0]
    form = {
        "csrf_token": csrf_of(page), "date": TODAY.isoformat(), "exercise_id": pick, "dose_mode": "set",
        "sets": "0", "work": "reps", "reps_low": "10", "reps_high": "12", "load_kind": "bodyweight", "rest_s": "45",
        "scope": "onward", "reason": "for my balance", "back": "program",
    }  # fmt: skip
    refused = browser.post("/plan/add", data=form)
    assert refused.status_code == 422
    assert 'id="dose_sets-error"' in refused.text and 'id="own-dose" open' in refused.text
    assert re.search(rf'value="{pick}" id="add-[a-z-]+"\s+checked', refused.text)  # the choice is kept
    assert "for my balance" in refused.text  # what was typed is kept
    done = browser.post("/plan/add", data=form | {"sets": "2"}, follow_redirects=False)
    if done.status_code == 422:  # a hold exercise: its own dose is a hold
        assert "dose_reps_low-error" in done.text or "dose_hold_s-error" in done.text
        done = browser.post(
            "/plan/add", data=form | {"sets": "2", "work": "hold", "hold_s": "30"}, follow_redirects=False
        )
    assert done.status_code == 303 and done.headers["location"] == f"/program#session-{TODAY.isoformat()}"
    assert pick in _items(browser.get("/today").text)
    changes = browser.get("/plan/changes").text
    assert 'data-kind="add_item"' in changes and " at 2 × " in changes and "“for my balance”" in changes


def test_nothing_picked_asks_for_a_choice_and_stores_nothing(browser: TestClient) -> None:  # noqa: F811
    today = _started(browser)
    page = _add_page(browser, today)
    empty = browser.post(
        "/plan/add", data={"csrf_token": csrf_of(page), "date": TODAY.isoformat(), "exercise_id": "", "back": "today"}
    )
    assert empty.status_code == 422 and 'id="exercise_id-error"' in empty.text
    assert 'id="no-changes"' in browser.get("/plan/changes").text
