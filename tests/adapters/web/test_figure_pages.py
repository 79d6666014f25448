"""The demonstration figures on the pages: served as cached SVG images, shown on the exercise page, as thumbnails
in the library list and beside the cues in the workout player."""

from __future__ import annotations

import re

import pytest
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


def _player_sections(page: str) -> dict[str, str]:
    """Each exercise's section of the player, by exercise id."""
    parts = re.split(r'(?=<section class="card exercise")', page)[1:]
    return {re.search(r'data-exercise-id="([a-z0-9_]+)"', p).group(1): p.split("</section>")[0] for p in parts}  # type: ignore[union-attr]


def test_the_player_shows_this_and_not_this_under_a_closed_details_for_an_exercise_with_pairs(
    browser: TestClient, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15: in the middle of a set, the advice on where else it is felt comes with its pairs, closed until
    asked for, each drawing a lazy image (nothing loaded, no page weight, until opened); an exercise whose figure
    draws no pair has no such section."""
    from gluterx.adapters.web.pages import workout
    from gluterx.services.figures import fault_demonstrations

    sign_up(browser)
    onboard(browser)
    day = first_session_date(container)
    sections = _player_sections(browser.get("/workout", params={"date": day}).text)
    with_pairs = {i for i in sections if fault_demonstrations(container.figures, container.library, i)}
    assert with_pairs, "the first session has no exercise with a pair to show"
    for exercise_id in with_pairs:
        section = sections[exercise_id]
        details = re.search(r'<details class="felt-elsewhere" id="ex\d+-faults">(.*?)</details>', section, re.S)
        assert details, f"{exercise_id}: no pairs in the player"
        assert "<summary>If you feel it in " in details.group(1)
        pairs = fault_demonstrations(container.figures, container.library, exercise_id)
        for fault, pair in pairs.items():
            shown = re.search(
                rf'<div class="fault-pair" data-fault="{fault.value}">(.*?)</div>', details.group(1), re.S
            )
            assert shown, (exercise_id, fault)
            # described once, by the caption beneath each drawing
            images = re.findall(r'<img src="(/figures/faults/[^"]+)" alt=""[^>]* loading="lazy"', shown.group(1))
            assert images == [
                f"/figures/faults/{exercise_id}/{fault.value}/this.svg",
                f"/figures/faults/{exercise_id}/{fault.value}/not-this.svg",
            ]
            assert f"This: {pair.this_label}</figcaption>" in shown.group(1)
            assert f"Not this: {pair.not_this_label}</figcaption>" in shown.group(1) and "<svg" not in shown.group(1)
            served = browser.get(images[1])
            assert served.status_code == 200 and served.headers["content-type"].startswith("image/svg+xml")
            assert "@keyframes" not in served.text  # a still drawing: nothing moves for reduced motion either
    # an exercise of the session whose figure draws no pair: no section
    plain = sorted(with_pairs)[0]
    monkeypatch.setattr(
        workout, "fault_demonstrations", lambda f, lib, i: {} if i == plain else fault_demonstrations(f, lib, i)
    )
    sections = _player_sections(browser.get("/workout", params={"date": day}).text)
    assert "felt-elsewhere" not in sections[plain] and "/figures/faults/" not in sections[plain]


def test_a_pair_drawing_is_served_only_for_a_fault_the_figure_draws(browser: TestClient) -> None:
    assert browser.get("/figures/faults/glute_bridge/lower_back/this.svg").status_code == 200
    assert browser.get("/figures/faults/side_plank_abduction/knees/this.svg").status_code == 404  # declared undrawn
    assert browser.get("/figures/faults/glute_bridge/elbows/this.svg").status_code == 404
    assert browser.get("/figures/faults/glute_bridge/lower_back/maybe.svg").status_code == 404
    assert browser.get("/figures/faults/no_such_exercise/lower_back/this.svg").status_code == 404


def test_the_heading_names_the_places_its_pairs_are_for() -> None:
    from gluterx.adapters.web.pages.workout import felt_elsewhere
    from gluterx.data import load_figures, load_library
    from gluterx.services.figures import fault_demonstrations

    pairs = fault_demonstrations(load_figures(), load_library(), "tandem_stance")
    assert felt_elsewhere(pairs) == (
        "If you feel it in your lower back, the back of your thighs, the front of your thighs or your knees"
    )
    only = fault_demonstrations(load_figures(), load_library(), "tandem_stance")
    assert felt_elsewhere({f: p for f, p in only.items() if f.value == "knees"}) == "If you feel it in your knees"


def test_the_player_names_a_single_place_once_and_several_each_by_name(container: Container) -> None:
    """The player's summary says where ("If you feel it in your knees"): with one place its advice is not headed by
    the same words again; with several each is headed by its place. The exercise page always heads each."""
    from gluterx.adapters.web.pages.exercises import FAULT_LABELS
    from gluterx.adapters.web.pages.workout import felt_elsewhere
    from gluterx.adapters.web.templating import templates
    from gluterx.services.figures import fault_demonstrations

    fault_list = templates.env.get_template("_macros.html").module.fault_list  # type: ignore[attr-defined]
    by_count: dict[bool, str] = {}
    for ex in container.library:
        pairs = fault_demonstrations(container.figures, container.library, ex.id)
        if pairs:
            by_count.setdefault(len(pairs) == 1, ex.id)
    assert set(by_count) == {True, False}, "the library needs an exercise with one pair and one with several"
    for single, exercise_id in by_count.items():
        ex = container.library.get(exercise_id)
        pairs = fault_demonstrations(container.figures, container.library, exercise_id)
        labels = FAULT_LABELS
        player = str(fault_list(exercise_id, ex.faults, labels, pairs, images=True, headed=False))
        headings = re.findall(r"<dt>(.*?)</dt>", player)
        assert headings == ([] if single else [labels[f] for f in ex.faults if f in pairs])
        if single:
            (only,) = pairs
            assert felt_elsewhere(pairs) == labels[only]  # said once, by the summary
            assert ex.faults[only] in player and f'data-fault="{only.value}"' in player
        page = str(fault_list(exercise_id, ex.faults, labels, pairs))
        assert len(re.findall(r"<dt>", page)) == len(ex.faults)
