"""The styled error page a browser gets (templates/error.html) with a way on, for every HTML route: the router's own
404 and 405 (no such page, or not by this method), a route's HTTPException, a refused use case and a crash; the API
keeps its `{"detail": [{field, code, message}]}` body (app.py and api/_problems.py)."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import Request
from fastapi.responses import Response

from .templating import templates

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


def error_page(
    request: Request, status: int, detail: object = None, *, headers: Mapping[str, str] | None = None
) -> Response:
    """The styled error page for `status`, with a link home; the route's own words when it gave any."""
    heading, line = PAGES.get(
        status, PAGES[500] if status >= 500 else ("That did not work", "Please go back and try again.")
    )
    own = detail if isinstance(detail, str) and detail not in STANDARD_PHRASES else None
    context = {"status": status, "heading": heading, "message": own or line, "back": _way_back(request)}
    return templates.TemplateResponse(request, "error.html", context, status_code=status, headers=dict(headers or {}))


def _way_back(request: Request) -> tuple[str, str]:
    """Where the page's one link leads: a clinician's page (a client who stopped sharing, say) back to their clients,
    anything else to the start."""
    if request.url.path.startswith("/clinician/"):
        return "/clinician", "Back to your clients"
    return "/", "Back to the start"
