"""The exercise page in a real browser: what each activation rests on, unchecked figures, and the supported way."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_journeys import sign_up

pytestmark = pytest.mark.e2e


def test_the_forward_lunge_page_reads_honestly_on_a_phone(page) -> None:  # type: ignore[no-untyped-def]
    sign_up(page, "Evi")
    page.goto("/exercises/forward_lunge")
    activation = page.inner_text("#activation")
    assert "Gluteus maximus: high (our estimate from its gluteus medius figures" in activation
    assert "Gluteus medius: high (about" in activation and "measured)" in activation
    unchecked = page.locator('[data-emg-id="forward_lunge.gmax.distefano2009"]')
    assert unchecked.get_attribute("data-verified") == "false"
    assert "not yet checked against the paper, so not used" in unchecked.inner_text()
    assert "With support:" in page.inner_text("#position")
    assert "no study has measured" not in page.inner_text("main").lower()
    shot(page, "14-exercise-evidence-honesty")


def test_a_loaded_figure_on_a_bodyweight_exercise_is_marked(page) -> None:  # type: ignore[no-untyped-def]
    sign_up(page, "Lou")
    page.goto("/exercises/side_lying_hip_abduction")
    figure = page.locator('[data-emg-id="side_lying_hip_abduction.gmed.macaskill2014.10rm"]')
    assert figure.get_attribute("data-use") == "loaded_version"
    assert "measured on a loaded version, so not used for this exercise" in figure.inner_text()
