"""Errors said for their audience: a browser gets the styled error page (templates/error.html) with a way on, the API
its `{"detail": [{field, code, message}]}` body. The router's own 404 and 405 (no such page, or not by this method)
arrive here as Starlette's HTTPException, which FastAPI's handlers would otherwise answer with bare JSON."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from gluterx.services.errors import Problem, Wording, words

from .templating import templates

# The router's errors as API problems: what was asked for and what to do instead.
ROUTING_CODES = {404: "no_such_endpoint", 405: "method_not_allowed"}
ROUTING_WORDS: Mapping[str, Wording] = {
    "no_such_endpoint": "there is no {path} in the API; GET /api/v1/openapi.json (or /api/v1/docs) lists every path",
    "method_not_allowed": "{path} does not take {method}; it takes {allowed}",
    "http_error": "{reason}",
}

# A browser's page for each status: its heading and a line that says what happened in plain words. A route's own
# message (an HTTPException raised with a detail of its own) is shown instead of the line when it has one.
PAGES: Mapping[int, tuple[str, str]] = {
    403: (
        "Not allowed",
        "This page is not yours to open, or the form was too old to accept. Please go back and try again.",
    ),
    404: ("We could not find that page", "The address may be mistyped, or the page may have moved."),
    405: ("That page cannot be opened this way", "Please go back and use the page's own buttons and links."),
    409: ("That clashes with what is already there", "Please go back, reload the page and try again."),
    413: ("That was too large to accept", "Please send less at once."),
    422: ("Something in that address was not right", "Please go back and use the page's own links."),
    500: ("Sorry, something went wrong on our side", "It has been noted. Please try again in a moment."),
}
STANDARD_PHRASES = {"Not Found", "Method Not Allowed", "Forbidden", "Internal Server Error"}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_page(
    request: Request, status: int, detail: object = None, *, headers: Mapping[str, str] | None = None
) -> Response:
    """The styled error page for `status`, with a link home (and to Today); the route's own words when it gave any."""
    heading, line = PAGES.get(
        status, PAGES[500] if status >= 500 else ("That did not work", "Please go back and try again.")
    )
    own = detail if isinstance(detail, str) and detail not in STANDARD_PHRASES else None
    context = {"status": status, "heading": heading, "message": own or line}
    return templates.TemplateResponse(request, "error.html", context, status_code=status, headers=dict(headers or {}))


def routing_error(request: Request, exc: StarletteHTTPException) -> Response:
    """The router's 404/405: the API's problem body on API paths, else the styled page."""
    if not is_api(request):
        if request.headers.get("HX-Request"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return error_page(request, exc.status_code, exc.detail)
    allowed = (exc.headers or {}).get("Allow", "")
    params = {"path": request.url.path, "method": request.method, "allowed": allowed, "reason": exc.detail}
    problem = Problem("", ROUTING_CODES.get(exc.status_code, "http_error"), params)
    detail = [{"field": "", "code": problem.code, "message": words(problem, ROUTING_WORDS)}]
    return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)
