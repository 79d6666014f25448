"""Issue 15: "this, not this" in the workout player, for a person in the middle of a set. The pairs sit under a
closed <details> beside the cues, their drawings lazy images: nothing is fetched until it is opened (the player's
first paint is unchanged), and they are still drawings, the same with reduced motion."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_journeys import onboard, sign_up

pytestmark = pytest.mark.e2e

SHOTS = Path("/work/shots/subtle15")
DESKTOP = {"width": 1280, "height": 800}


def _keep(page, name: str) -> None:  # type: ignore[no-untyped-def]
    path = shot(page, name)
    if SHOTS.parent.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        (SHOTS / path.name).write_bytes(path.read_bytes())


def test_the_player_opens_this_and_not_this_only_when_asked(page) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/figures/faults/" in r.url else None)
    sign_up(page, "Pia")
    onboard(page)
    page.wait_for_url(re.compile(r".*/today.*"))
    page.goto("/today?fast=1")
    page.click("#start-workout")
    page.wait_for_url(re.compile(r".*/workout.*"))
    page.wait_for_load_state("networkidle")
    helps = page.locator("details.felt-elsewhere")
    assert helps.count() >= 1
    assert all(not d.evaluate("d => d.open") for d in helps.all())  # closed by default
    assert asked == []  # lazy: no drawing fetched while closed

    first = helps.first
    assert re.fullmatch(r"If you feel it in .+", first.locator("summary").inner_text().strip())
    first.locator("summary").click()
    pair = first.locator(".fault-pair").first
    pair.scroll_into_view_if_needed()
    for img in pair.locator("img").all():
        img.evaluate("img => img.decode()")
        assert img.evaluate("img => img.naturalWidth") > 0
    assert len(asked) >= 2
    assert first.locator("figure.this figcaption").first.inner_text().startswith("✓ This:")
    assert first.locator("figure.not-this figcaption").first.inner_text().startswith("✗ Not this:")
    _keep(page, "player-pairs-phone")
    if SHOTS.parent.exists():
        first.screenshot(path=str(SHOTS / "player-pairs-390.png"))

    page.emulate_media(reduced_motion="reduce")  # still drawings: nothing to stop
    a = pair.screenshot(animations="allow")
    page.wait_for_timeout(600)
    assert a == pair.screenshot(animations="allow")

    page.set_viewport_size(DESKTOP)
    first.scroll_into_view_if_needed()
    if SHOTS.parent.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "player-pairs-1280.png"))


KNEES_DRAWN = ("tandem_stance", "standing_glute_squeeze", "standing_hip_extension", "standing_band_kickback",
               "cable_kickback", "back_extension_45", "standing_isometric_hip_abduction")  # fmt: skip
SUBTLE = ("kneeling_hip_flexor_stretch", "reverse_lunge", "standing_band_kickback")


def test_a_locked_knee_against_a_soft_one_shows_beside_the_advice(page) -> None:  # type: ignore[no-untyped-def]
    sign_up(page, "Kit")
    for exercise_id in (*KNEES_DRAWN, *SUBTLE):
        page.goto(f"/exercises/{exercise_id}")
        faults = page.locator("section:has(#faults-title)")
        pairs = faults.locator(".fault-pair")
        assert pairs.count() >= 1, exercise_id
        words = faults.inner_text()
        if exercise_id in KNEES_DRAWN:
            assert re.search(r"Not this: [^\n]*lock", words), exercise_id
        for size, name in ((None, "390"), (DESKTOP, "1280")):
            if size:
                page.set_viewport_size(size)
            if SHOTS.parent.exists():
                SHOTS.mkdir(parents=True, exist_ok=True)
                faults.screenshot(path=str(SHOTS / f"pairs-{exercise_id}-{name}.png"))
        page.set_viewport_size({"width": 390, "height": 844})
