"""Dead ends: a browser that reaches no page (404), a page by the wrong method (405) or a crash (500) gets the styled
error page with a way home; the API keeps its JSON problem body; the API docs are served from this server."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from gluterx.adapters.web.security import CSP

from .test_pages import sign_up

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.mark.parametrize("path", ["/no-such-page", "/profiles", "/checkins", "/today/extra/bits"])
def test_an_unknown_page_gets_the_styled_404_with_a_link_home(client: TestClient, path: str) -> None:
    response = client.get(path, headers=BROWSER)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<h1>We could not find that page</h1>" in page
    assert 'href="/"' in page
    assert "Not Found" not in page and '{"detail"' not in page
    assert response.headers["content-security-policy"] == CSP


def test_a_page_by_the_wrong_method_gets_the_styled_405(client: TestClient) -> None:
    response = client.delete("/login", headers=BROWSER)
    assert response.status_code == 405
    assert response.headers["content-type"].startswith("text/html")
    assert "That page cannot be opened this way" in response.text
    assert "Method Not Allowed" not in response.text


def test_an_unknown_api_path_keeps_the_json_problem_shape(client: TestClient) -> None:
    response = client.get("/api/v1/no-such-thing", headers=BROWSER)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    (problem,) = response.json()["detail"]
    assert problem["field"] == ""
    assert problem["code"] == "not_found"
    assert "/api/v1/docs" in problem["message"]


def test_an_api_path_by_the_wrong_method_says_which_methods_it_takes(client: TestClient) -> None:
    response = client.delete("/api/v1/exercises")
    assert response.status_code == 405
    (problem,) = response.json()["detail"]
    assert problem["code"] == "method_not_allowed"
    assert "DELETE" in problem["message"] and "GET" in problem["message"]
    assert "GET" in response.headers["allow"]


def test_a_missing_record_inside_the_api_is_unchanged(client: TestClient) -> None:
    """A route's own 404 (a ServiceError 'missing') still speaks in its own problems, not the router's."""
    response = client.get("/api/v1/exercises/no_such_exercise")
    assert response.status_code == 404
    assert response.json()["detail"][0]["code"] == "unknown_exercise"


def test_the_api_docs_page_loads_only_files_from_this_server(client: TestClient) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.text
    assert response.headers["content-security-policy"] == CSP  # still strict: scripts and styles from 'self' only
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") or s.startswith("data:") for s in sources), sources
    assert "<script>" not in page  # no inline script: the CSP would refuse it
    for source in sources:
        if source.startswith("/") and not source.startswith("/api/v1/openapi"):
            assert client.get(source).status_code == 200, source
    assert "SwaggerUIBundle" in client.get("/api/v1/docs/assets/swagger-ui-bundle.js").text


def test_a_page_address_with_a_bad_part_is_the_styled_404_not_json(client: TestClient) -> None:
    """/workout/summary/abc (not a number) fails the route's own validation: a browser still gets the page."""
    sign_up(client)
    response = client.get("/workout/summary/abc", headers=BROWSER)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "We could not find that page" in response.text


def test_the_api_keeps_its_validation_problems(client: TestClient) -> None:
    response = client.get("/api/v1/sessions/abc", headers={"Authorization": "Bearer nope"})
    assert response.headers["content-type"] == "application/json"
    assert isinstance(response.json()["detail"], list | str)
