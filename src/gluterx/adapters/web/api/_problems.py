"""The API's words for a service's Problems: `{"field", "code", "message"}` each, and what to send to fix it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from starlette.exceptions import HTTPException as StarletteHTTPException

from gluterx.services.errors import Problem, Wording, problem_from_error, words

API_WORDS: Mapping[str, Wording] = {
    "no_programme": "no programme yet: send your PROFILE.json with PUT /api/v1/profile (or answer the questionnaire)",
    "no_profile": "no profile yet: send your PROFILE.json with PUT /api/v1/profile (or answer the questionnaire)",
    "no_session": "you have no session {session_id}; GET /api/v1/sessions lists yours",
    "unknown_exercise": lambda p: (
        f"there is no exercise {p['value']!r}; did you mean {', '.join(p['close'])}?"
        if p.get("close")
        else f"there is no exercise {p['value']!r}; GET /api/v1/exercises lists every id"
    ),
    "unknown_flags": lambda p: (
        f"unknown flag id(s) {', '.join(p['values'])}; GET /api/v1/screening/flags lists the {p['count']} ids"
    ),
    "duplicate_session": (
        "you already logged the same exercises and sets on {date} (session {session_id}); to log it again, send it "
        "with ?allow_duplicate=true"
    ),
}


def api_problem(problem: Problem) -> dict[str, str]:
    """One item of an error body's `detail`."""
    return {"field": problem.field, "code": problem.code, "message": words(problem, API_WORDS)}


def api_detail(problems: Iterable[Problem]) -> list[dict[str, str]]:
    return [api_problem(p) for p in problems]


def request_problem(error: Mapping[str, Any]) -> dict[str, str]:
    """A FastAPI request-validation error (`loc` starts with body, query or path) as a `detail` item."""
    if error["type"] == "json_invalid":  # its loc is ("body", character offset): say so, not field "42"
        why = (error.get("ctx") or {}).get("error", "it cannot be read")
        where = error["loc"][-1]
        message = f"the body is not valid JSON: {why} (at character {where})"
        return {"field": "", "code": "json_invalid", "message": message, "type": "json_invalid"}
    found = problem_from_error(error)
    field = ".".join(str(p) for p in error["loc"] if p != "body")
    return {**api_problem(found), "field": field, "type": error["type"]}


# The code of an error the framework raises with words only (HTTPException), by status.
HTTP_CODES = {
    400: "unreadable_body",
    401: "not_signed_in",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "body_too_large",
    429: "too_many_requests",
}
# FastAPI's 400 for a body it cannot decode (not UTF-8, or nested past the JSON parser's depth), in words that say
# what to send instead.
UNREADABLE = (
    "the body cannot be read: send a JSON object in UTF-8 (no deeper than a few levels of nesting), or for an upload "
    "a well-formed multipart form"
)


def http_problems(exc: StarletteHTTPException, *, method: str = "") -> dict[str, Any]:
    """An HTTPException's body in the documented shape: {"detail": [{field, code, message}]} (its detail may be
    words, or already that list); the framework's own phrases replaced by words that say what to do."""
    if isinstance(exc.detail, list):
        return {"detail": exc.detail}
    message = str(exc.detail)
    if exc.status_code == 400:
        message = UNREADABLE
    elif exc.status_code == 404 and message == "Not Found":
        message = "there is nothing at this address; the API's paths are listed at /api/v1/docs"
    elif exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "")
        message = f"this address does not answer {method or 'this method'}; use {allowed}"
    code = HTTP_CODES.get(exc.status_code, "error")
    return {"detail": [{"field": "", "code": code, "message": message}]}


__all__ = ["API_WORDS", "HTTP_CODES", "api_detail", "api_problem", "http_problems", "request_problem"]
