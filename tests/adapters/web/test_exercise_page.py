"""The exercise page and the library API say what each activation rests on, and show the precaution attributes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gluterx.adapters.web.app import create_app
from gluterx.bootstrap import Container, build
from gluterx.config import Settings
from tests.adapters.web.test_pages import sign_up


@pytest.fixture
def container(tmp_path: Path) -> Iterator[Container]:
    built = build(Settings(database_url=f"sqlite:///{tmp_path / 'pages.db'}", environment="test", secret_key="x" * 40))
    yield built
    built.engine.dispose()


@pytest.fixture
def browser(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container)) as client:
        sign_up(client)  # signs up, then in (sign-up alone no longer signs a person in)
        yield client


def test_the_forward_lunge_page_never_shows_a_medius_figure_as_the_maximus(browser: TestClient) -> None:
    page = browser.get("/exercises/forward_lunge").text
    assert "no study has measured" not in page.lower()
    assert "<strong>Gluteus maximus:</strong> high (our estimate from its gluteus medius figures" in page
    unchecked = re.search(r'data-emg-id="forward_lunge.gmax.distefano2009" data-verified="(\w+)"', page)
    assert unchecked and unchecked.group(1) == "false"
    assert "not yet checked against the paper, so not used" in page


def test_a_10rm_figure_on_a_bodyweight_exercise_is_marked_as_a_loaded_version(browser: TestClient) -> None:
    page = browser.get("/exercises/side_lying_hip_abduction").text
    assert re.search(
        r'data-emg-id="side_lying_hip_abduction.gmed.macaskill2014.10rm"[^>]*data-use="loaded_version"', page
    )
    assert "measured on a loaded version, so not used for this exercise" in page


def test_the_page_shows_position_balance_and_the_supported_way(browser: TestClient) -> None:
    page = browser.get("/exercises/tandem_stance").text
    assert "Position and balance" in page and "Balance demand: moderate" in page
    assert 'id="supported-option"' in page
    hip = browser.get("/exercises/hip_90_90").text
    assert "the hip bends past a right angle" in hip and "the hip turns inwards" in hip


def test_the_api_gives_the_basis_and_the_precaution_attributes(browser: TestClient) -> None:
    lunge = browser.get("/api/v1/exercises/forward_lunge").json()
    assert lunge["activation"]["gmax"]["basis"] == "other_muscle"
    assert lunge["activation"]["gmax"]["published"] is False
    assert lunge["activation"]["gmed"]["basis"] == "measured"
    figure = next(f for f in lunge["emg"]["gmax"] if f["id"] == "forward_lunge.gmax.distefano2009")
    assert (figure["verified"], figure["use"]) == (False, "unchecked")
    assert (lunge["position"], lunge["balance_demand"], lunge["supported_option"]) == (
        "standing",
        "high",
        "Stand beside a kitchen counter or a sturdy chair and keep one hand on it as you step forward and back.",
    )
    ninety = browser.get("/api/v1/exercises/hip_90_90").json()
    assert ninety["hip_positions"] == ["adduction_past_midline", "flexion_over_90", "internal_rotation"]
    sources = {s["id"]: s for s in browser.get("/api/v1/evidence").json()}
    assert {"id": "bridge_hip_abduction_30.kang2016", "kind": "finding", "verified": True} in sources["kang2016"][
        "evidence"
    ]


def test_the_glute_bridge_page_offers_the_wide_knee_bridge_as_a_sideways_swap(browser: TestClient) -> None:
    page = browser.get("/exercises/glute_bridge").text
    assert re.search(r'id="sideways">.*href="/exercises/wide_knee_bridge"', page)
    assert browser.get("/api/v1/exercises/glute_bridge").json()["sideways"][0] == "wide_knee_bridge"
