"""The demonstration figures on the pages: served as cached SVG images, shown on the exercise page, as thumbnails
in the library list and beside the cues in the workout player."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from gluterx.bootstrap import Container
from tests.adapters.web.test_pages import app, browser, container, first_session_date, onboard, sign_up

__all__ = ["app", "browser", "container"]  # the page tests' fixtures: a fresh store, the app, a browser


def test_a_figure_is_an_svg_image_for_everyone_and_cached(browser: TestClient) -> None:
    client = browser  # signed out
    moving = client.get("/figures/glute_bridge.svg")
    assert moving.status_code == 200
    assert moving.headers["content-type"].startswith("image/svg+xml")
    assert "max-age" in moving.headers["cache-control"]
    assert "@keyframes" in moving.text and "prefers-reduced-motion" in moving.text
    still = client.get("/figures/still/glute_bridge.svg")
    assert still.status_code == 200 and "@keyframes" not in still.text


def test_an_unknown_exercise_has_no_figure(browser: TestClient) -> None:
    client = browser
    assert client.get("/figures/no_such_exercise.svg").status_code == 404
    assert client.get("/figures/still/custom:hip_thrust.svg").status_code == 404


def test_the_exercise_page_shows_the_figure_with_its_text_alternative(browser: TestClient) -> None:
    sign_up(browser)
    page = browser.get("/exercises/clamshell").text
    img = re.search(r'<img class="figure" src="/figures/clamshell.svg" alt="([^"]+)"', page)
    assert img, "no demonstration on the exercise page"
    assert "Clamshell" in img.group(1) and "top knee opened" in img.group(1)


def test_the_library_list_shows_lazy_still_thumbnails(browser: TestClient) -> None:
    sign_up(browser)
    page = browser.get("/exercises").text
    thumbs = re.findall(r'<img class="figure still" src="/figures/still/([a-z0-9_]+).svg"[^>]* loading="lazy"', page)
    assert len(thumbs) >= 20


def test_the_workout_player_shows_each_exercise_beside_its_cues(browser: TestClient, container: Container) -> None:
    sign_up(browser)
    onboard(browser)
    page = browser.get("/workout", params={"date": first_session_date(container)}).text
    shown = re.findall(r'<img class="figure" src="/figures/([a-z0-9_]+).svg"', page)
    ids = re.findall(r'data-exercise-id="([a-z0-9_]+)"', page)
    assert shown and shown == [i for i in ids if i in shown]


def test_a_fault_the_library_describes_gets_this_and_not_this(browser: TestClient) -> None:
    sign_up(browser)
    page = browser.get("/exercises/glute_bridge").text
    pair = re.search(r'<div class="fault-pair" data-fault="lower_back">(.*?)</div>', page, re.S)
    assert pair, "no 'this, not this' beside the lower-back advice"
    assert "This: hips lifted in a line from knees to shoulders" in pair.group(1)
    assert "Not this: lifted too high" in pair.group(1)
    assert pair.group(1).count("<svg") == 2


def test_the_programme_page_shows_each_item_with_a_still_thumbnail(browser: TestClient, container: Container) -> None:
    sign_up(browser)
    onboard(browser)
    page = browser.get("/program").text
    items = re.findall(r'<li class="with-figure"><img class="figure still" src="/figures/still/([a-z0-9_]+).svg"', page)
    assert len(items) >= 6


def test_a_squat_shows_its_knees_caving_in_from_the_front_beside_the_advice(browser: TestClient) -> None:
    """Issue 15: the knees fault drawn in the frontal plane, done well and done wrong, beside the library's words."""
    sign_up(browser)
    page = browser.get("/exercises/bodyweight_squat").text
    pair = re.search(r'<div class="fault-pair" data-fault="knees">(.*?)</div>\s*</dd>', page, re.S)
    assert pair, "no 'this, not this' for the knees"
    drawn = pair.group(1)
    assert drawn.count("<svg") == 2
    assert "seen from the front: knees pushed out over the middle toes" in drawn
    assert "knees falling in towards each other" in drawn
    assert "bodyweight_squat" not in drawn.replace("gx-bodyweight-squat", "")  # no internal id shown as words
