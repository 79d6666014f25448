"""The library page: search by name (htmx as you type, a plain GET without), chips, the person's plan first."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient

from gluterx.bootstrap import Container
from tests.adapters.web.test_pages import (
    app,
    browser,
    container,
    first_session_date,
    onboard,
    sign_up,
    workout_form,
)

__all__ = ["app", "browser", "container"]  # the page tests' fixtures: a fresh store, the app, a browser

HX = {"HX-Request": "true"}


def _ids(page: str) -> list[str]:
    return re.findall(r'<li data-exercise-id="([a-z0-9_]+)"', page)


def test_search_by_name_alias_and_a_slip_on_the_page_and_as_a_partial(browser: TestClient) -> None:
    sign_up(browser)
    full = browser.get("/exercises", params={"q": "glut brige"})
    assert full.status_code == 200 and "<html" in full.text
    assert _ids(full.text)[0] == "glute_bridge"
    assert 'value="glut brige"' in full.text  # the box keeps what was typed
    partial = browser.get("/exercises", params={"q": "donkey"}, headers=HX)
    assert partial.text.lstrip().startswith('<section id="exercise-results"')
    assert _ids(partial.text)[0] == "quadruped_hip_extension"
    none = browser.get("/exercises", params={"q": "zzzz"}).text
    assert _ids(none) == [] and 'id="no-results"' in none and "Check the spelling" in none
    assert browser.get("/exercises", params={"q": "x" * 101}).status_code == 422


def test_chips_show_what_is_active_and_each_removes_only_itself(browser: TestClient) -> None:
    sign_up(browser)
    page = browser.get("/exercises", params={"pattern": "hip_abduction", "max_level": "2", "q": "side"}).text
    active = re.search(r'<ul class="chips" id="active-chips">(.*?)</ul>', page, flags=re.S)
    assert active
    removes = dict(re.findall(r'href="([^"]+)" aria-label="Remove filter: ([^"]+)"', active.group(1)))
    assert set(removes.values()) == {"Name: \u201cside\u201d", "Hip abduction", "Level up to 2"}
    by_label = {label: href.replace("&amp;", "&") for href, label in removes.items()}
    assert "pattern=" not in by_label["Hip abduction"] and "max_level=2" in by_label["Hip abduction"]
    assert "q=side" in by_label["Hip abduction"]
    assert (
        "q=" not in by_label["Name: \u201cside\u201d"] and "pattern=hip_abduction" in by_label["Name: \u201cside\u201d"]
    )
    assert 'aria-current="true"' in page  # the chosen movement chip is marked, not only coloured
    # the chosen filters ride along with a new search, as inputs tied to the search form
    assert '<input type="hidden" form="exercise-filters" name="pattern" value="hip_abduction">' in page


def test_the_plan_comes_first_and_is_marked(browser: TestClient) -> None:
    sign_up(browser)
    onboard(browser)
    page = browser.get("/exercises").text
    assert 'id="plan-first"' in page
    ids = _ids(page)
    items = re.findall(r'<li data-exercise-id="([a-z0-9_]+)">(.*?)</li>', page, flags=re.S)
    in_plan = [i for i, body in items if "In your plan" in body]
    assert in_plan and ids[: len(in_plan)] == in_plan


def test_the_exercise_page_shows_only_the_names_people_use(browser: TestClient) -> None:
    sign_up(browser)
    page = browser.get("/exercises/glute_bridge").text
    also = re.search(r'id="also-called">Also called: ([^<]*)</p>', page)
    assert also and "hip bridge" in also.group(1)
    assert "(Bodyweight)" not in page and "Glute Bridge," not in also.group(1)


def test_the_api_searches_with_q(browser: TestClient) -> None:
    found = browser.get("/api/v1/exercises", params={"q": "hipthrust"}).json()
    assert found[0]["id"] == "hip_thrust"
    assert "Hip Thrust (Barbell)" not in found[0]["aliases"] and "Hip Thrust (Barbell)" in found[0]["import_aliases"]
    assert browser.get("/api/v1/exercises", params={"q": "zzzz"}).json() == []


def _visible(page: str) -> str:
    """The page's text as a reader sees it: no tags, no attributes."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def _log(container: Container, day: date, *sets: tuple[int, float]) -> int:
    uow = container.uow()
    with uow:
        person_id = uow.people.all()[-1].id
        exercise = {
            "exercise_id": "hip_thrust",
            "pain_during": 0,
            "felt_in": [],
            "sets": [{"reps": r, "load": w, "unit": "kg"} for r, w in sets],
        }
        session_id = uow.sessions.create(person_id=person_id, day=day, notes="", source="gluterx", exercises=[exercise])
        uow.commit()
    return int(session_id)


def test_the_exercise_page_shows_the_persons_own_history_and_readable_references(
    browser: TestClient, container: Container
) -> None:
    sign_up(browser)
    before = browser.get("/exercises/hip_thrust").text
    assert "You have not logged this one yet" in before
    _log(container, date(2026, 3, 2), (10, 20.0))
    _log(container, date(2026, 3, 5), (8, 30.0))
    page = browser.get("/exercises/hip_thrust").text
    assert re.search(r'id="mine-sessions">2<', page)
    assert "8 × 30 kg" in re.search(r'id="mine-best">(.*?)</dd>', page, flags=re.S).group(1)  # type: ignore[union-attr]
    assert '<svg id="e1rm-chart" class="chart narrow"' in page  # the trend, drawn on the server
    assert "the heaviest you have lifted in it" in page
    text = _visible(page)
    # citations read as references: no registry ids (snake_case or author-year keys) in what a reader sees
    assert not re.search(r"\b[a-z]+\d{4}[a-z]*\b", text), re.findall(r"\b[a-z]+\d{4}[a-z]*\b", text)
    assert "gluterx_policy" not in text and "Find it on PubMed" in text


def test_the_api_gives_the_signed_in_persons_history_and_milestones(browser: TestClient, container: Container) -> None:
    sign_up(browser)
    first = _log(container, date(2026, 3, 2), (10, 20.0))
    second = _log(container, date(2026, 3, 5), (8, 30.0))
    mine = browser.get("/api/v1/exercises/Hip Thrust (Barbell)/history").json()
    assert mine["exercise_id"] == "hip_thrust" and mine["sessions"] == 2
    assert (mine["best_set"]["reps"], mine["best_set"]["load_kg"]) == (8, 30.0)
    assert [p["date"] for p in mine["e1rm"]] == ["2026-03-02", "2026-03-05"]
    assert [r["kind"] for r in mine["records"]] == ["heaviest"]
    said = browser.get("/api/v1/milestones").json()
    assert [(m["kind"], m["session_id"]) for m in said] == [
        ("heaviest", second),
        ("first_weight", first),
        ("sessions", first),
    ]
    missing = browser.get("/api/v1/exercises/quad_blaster/history")
    assert missing.status_code == 404 and missing.json()["detail"][0]["field"] == "exercise_id"


def test_the_workout_summary_and_progress_say_the_milestones_quietly(browser: TestClient, container: Container) -> None:
    """The first session logged through the player is a milestone on its summary (one line) and on Progress."""
    sign_up(browser)
    onboard(browser)
    day = first_session_date(container)
    player = browser.get("/workout", params={"date": day}).text
    url = browser.post("/workout", data=workout_form(player), follow_redirects=False).headers["location"]
    summary = browser.get(url).text
    said = re.search(r'<ul class="milestones" id="session-milestones"[^>]*>(.*?)</ul>', summary, flags=re.S)
    assert said and _visible(said.group(1)).strip() == "Your first session is done."
    progress = browser.get("/progress").text
    block = re.search(r'id="milestones">(.*?)</section>', progress, flags=re.S)
    assert block and "Your first session is done." in block.group(1)
    assert summary.count("Your first session is done.") == 1


def test_no_exercise_page_shows_an_internal_id_or_developer_text(browser: TestClient, container: Container) -> None:
    """Every exercise page, read as a reader sees it: no snake_case ids, no registry keys, no notes about our files."""
    sign_up(browser)
    found = {}
    for ex in container.library:
        text = _visible(re.sub(r"<svg\b.*?</svg>", " ", browser.get(f"/exercises/{ex.id}").text, flags=re.S))
        hits = set(re.findall(r"\b[a-z]+_[a-z_0-9]+\b|\b[a-z]{3,}\d{4}[a-z]*\b|evidence\.md|gluterx_policy", text))
        if hits:
            found[ex.id] = hits
    assert found == {}
