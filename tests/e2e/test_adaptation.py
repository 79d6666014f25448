"""Adaptation in a real browser: the leg-symptoms question and its warning, soreness apart from pain at the
morning check-in, and activity days named optional on the programme."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_journeys import complete_workout, onboard, sign_up

pytestmark = pytest.mark.e2e


def test_leg_symptoms_spreading_is_asked_warned_and_soreness_is_kept_apart(page) -> None:  # type: ignore[no-untyped-def]
    """Leg symptoms below the knee at onboarding: the player asks whether they spread; 'yes' brings a warning on the
    summary; the check-in takes soreness apart from pain; the programme names walking days optional."""
    sign_up(page, "Lee")
    onboard(page, health_flag="symptoms_below_knee")
    page.wait_for_url(re.compile(r".*/today.*"))
    page.goto("/program")
    shot(page, "adapt-01-program-optional-days")
    assert "optional activity day" in page.inner_text("main")
    page.goto("/today?fast=1")
    page.click("#start-workout")
    page.wait_for_url(re.compile(r".*/workout.*"))
    complete_workout(page)
    question = page.locator("#leg-symptoms")
    assert question.is_visible()
    question.get_by_label("Yes, they spread further down").check()
    shot(page, "adapt-02-leg-symptoms-question")
    page.click("#workout-submit")
    page.wait_for_url(re.compile(r".*/workout/summary/\d+"))
    shot(page, "adapt-03-summary-leg-warning")
    assert "spread further down your leg" in page.inner_text("main")
    page.goto("/today")
    page.fill("#checkin-pain", "1")
    page.fill("#checkin-soreness", "4")
    shot(page, "adapt-04-checkin-soreness")
    page.click("#checkin-submit")
    page.wait_for_selector("#checkin-result")
    assert "soreness 4/10" in page.inner_text("#checkin-result")
    shot(page, "adapt-05-checkin-saved")
