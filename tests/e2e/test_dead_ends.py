"""Dead ends in a real browser: the API docs render with every non-local request blocked (no CDN), and an unknown
page is the styled 404 with a way home, at phone and desktop sizes."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e
DESKTOP = {"width": 1280, "height": 800}


def test_the_api_docs_render_offline_under_the_csp(page, server) -> None:  # type: ignore[no-untyped-def]
    local = urlsplit(server).netloc
    blocked: list[str] = []
    refused: list[str] = []

    def only_local(route) -> None:  # type: ignore[no-untyped-def]
        if urlsplit(route.request.url).netloc == local:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.set_viewport_size(DESKTOP)
    page.goto("/api/v1/docs")
    title = page.locator(".swagger-ui .info .title")
    title.wait_for()
    assert "GluteRx" in title.inner_text()
    page.locator(".opblock-summary-path").first.wait_for()  # the operations are listed from openapi.json
    assert page.locator(".opblock").count() >= 20
    shot(page, "api-docs-offline")
    assert blocked == [], f"the docs asked for files from elsewhere: {blocked}"
    assert refused == [], f"the CSP refused part of the docs page: {refused}"


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_an_unknown_page_is_the_styled_404_with_a_way_home(page, size: str) -> None:  # type: ignore[no-untyped-def]
    if size == "desktop":
        page.set_viewport_size(DESKTOP)
    response = page.goto("/no-such-page")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "We could not find that page"
    assert "Not Found" not in page.content()
    shot(page, f"error-404-{size}")
    page.click("text=Back to the start")
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1 and "find that page" not in page.locator("h1").inner_text()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_welcome_after_onboarding_summarises_the_programme(page, size: str) -> None:  # type: ignore[no-untyped-def]
    from tests.e2e.test_journeys import onboard, sign_up

    if size == "desktop":
        page.set_viewport_size(DESKTOP)
    sign_up(page, "Wren")
    onboard(page)  # lands on the welcome, then goes on to Today by its button
    page.wait_for_url("**/today")
    page.goto("/welcome")
    assert page.locator("h1").inner_text() == "Welcome to your programme"
    summary = page.locator("#welcome-summary").inner_text()
    assert "weeks, from" in summary and "glute session" in summary
    assert page.locator("#welcome-phases li").count() >= 2
    assert page.locator("#welcome-first li").count() >= 2
    assert "next morning" in page.locator("#welcome-how").inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    assert not overflow, "the welcome page scrolls sideways"
    shot(page, f"welcome-{size}")
    page.click("#welcome-continue")
    page.wait_for_url("**/today")
