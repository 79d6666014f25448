"""Pages that show the exercises' figures keep still while they load (issue 15: Lighthouse's layout shift): the
player's no-script instructions are hidden from the first paint where scripts run, not when app.js runs after it."""

from __future__ import annotations

import pytest

from tests.e2e.test_journeys import onboard, sign_up
from tests.e2e.test_workout_player import open_player

pytestmark = pytest.mark.e2e

# The layout shift of the player form as the page loads (PerformanceObserver; a shift the user caused is not counted).
FORM_SHIFT = """() => new Promise(done => {
  let moved = 0;
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      if (!e.hadRecentInput && e.sources.some(s => s.node && s.node.id === 'workout-form')) moved += e.value;
    }
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done(moved), 300);
})"""


def test_the_player_does_not_jump_when_its_script_arrives_late(page) -> None:  # type: ignore[no-untyped-def]
    sign_up(page, "Steady")
    onboard(page)
    open_player(page)
    url = page.url
    # a slow connection: the page paints before app.js has run (Lighthouse's throttled load)
    page.route("**/static/app.js", lambda route: (page.wait_for_timeout(600), route.continue_()))
    page.goto(url)
    page.wait_for_function("document.documentElement.classList.contains('js')")
    assert page.locator("#workout-form").is_visible()
    assert not page.locator("p.lead.js-hide").is_visible()
    assert page.evaluate(FORM_SHIFT) == 0
