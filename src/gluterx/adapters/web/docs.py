"""The API's documentation page, served whole from this server: Swagger UI's files come from the pinned
`swagger-ui-bundle-v2` package and its start-up script from /static, so the page works offline and under the strict
CSP (scripts and styles from 'self' only; FastAPI's own docs page loads them from a CDN with an inline script)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware
from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]  # ships no py.typed

from .templating import templates

DOCS_PATH = "/api/v1/docs"
ASSETS_PATH = f"{DOCS_PATH}/assets"


def add_docs(app: FastAPI, *, openapi_url: str) -> None:
    """Mount Swagger UI's files and the page that starts it on `openapi_url`."""
    # gzipped like /static: Swagger UI's script is 1.5 MB as it ships, about 0.4 MB on the wire
    app.mount(ASSETS_PATH, GZipMiddleware(StaticFiles(directory=str(swagger_ui_path))), name="docs-assets")

    @app.get(DOCS_PATH, include_in_schema=False)
    def api_docs(request: Request) -> Response:
        context = {"title": f"{app.title} API", "assets": ASSETS_PATH, "openapi_url": openapi_url}
        return templates.TemplateResponse(request, "api_docs.html", context)
