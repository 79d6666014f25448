"""A moving figure shown as an image stops for anyone whose system asks for reduced motion: an SVG in an <img> does
not see the page's media queries in Chromium, so the page offers the still pair through <picture>."""

from __future__ import annotations

from tests.e2e.conftest import PHONE
from tests.e2e.test_journeys import sign_up


def _two_looks(browser, server, motion: str) -> tuple[bytes, bytes, str]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, base_url=server)
    page = context.new_page()
    try:
        sign_up(page, "Still")
        page.emulate_media(reduced_motion=motion)  # type: ignore[arg-type]
        page.goto("/exercises/glute_bridge")
        figure = page.locator("#demonstration img.figure")
        figure.evaluate("img => img.decode()")
        first = figure.screenshot(animations="allow")
        page.wait_for_timeout(1000)
        return first, figure.screenshot(animations="allow"), figure.evaluate("img => img.currentSrc")
    finally:
        context.close()


def test_the_exercise_figure_moves_and_stops_for_reduced_motion(browser, server) -> None:  # type: ignore[no-untyped-def]
    a, b, src = _two_looks(browser, server, "no-preference")
    assert a != b and src.endswith("/figures/glute_bridge.svg")  # the figure moves
    a, b, src = _two_looks(browser, server, "reduce")
    assert a == b and src.endswith("/figures/still/glute_bridge.svg")  # the still start/end pair instead
