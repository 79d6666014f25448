"""Security headers (a CSP with no inline scripts and no CDN) and CSRF tokens for forms and htmx."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"
CSRF_FIELD = "csrf_token"
# The signed session cookie holds only this random id (the database has its hash and whose it is) and the CSRF token.
SESSION_KEY = "sid"
CSRF_HEADER = "X-CSRF-Token"


class SecurityHeaders:
    """Adds HEADERS (and HSTS when asked) to every HTTP response the app does not set them on itself.

    Pure ASGI: it edits the response's start message in passing. (Starlette's BaseHTTPMiddleware, used before, ran
    each request through a task group and a stream and cost about a third of a millisecond of CPU per request.)
    """

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        extra = {**HEADERS, "Strict-Transport-Security": HSTS} if hsts else HEADERS
        self.extra = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in extra.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        await self.app(scope, receive, self.sending(send))

    def sending(self, send: Send) -> Send:
        """`send`, adding the headers to the response's start message (also used by adapters/web/fast.py, which
        answers a kept GET in front of this layer)."""

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend(pair for pair in self.extra if pair[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        return with_headers


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use)."""
    token = request.session.get(CSRF_FIELD)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return str(token)


def csrf_ok(request: Request, submitted: str | None) -> bool:
    expected = request.session.get(CSRF_FIELD)
    return bool(expected and submitted and hmac.compare_digest(str(expected), submitted))
