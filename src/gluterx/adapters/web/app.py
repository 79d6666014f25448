"""create_app(): the FastAPI application with the API, the pages, static files and the security middleware."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

from gluterx import __version__
from gluterx.bootstrap import Container, build
from gluterx.services.accounts import SESSION_DAYS
from gluterx.services.ports import ServiceError

from .api._problems import api_detail, http_problems, request_problem
from .deps import NotSignedIn
from .docs import add_docs
from .error_pages import error_page
from .fast import KeptToday, SignedIn
from .fast_log import PlainLog
from .limits import BodyLimit, BodyTooLarge
from .pages._problems import page_messages
from .security import SecurityHeaders

HERE = Path(__file__).parent
log = logging.getLogger("gluterx.web")
# Threads per process for the routes that touch the database. anyio's default is 40; with 2 cores and a pool of 15
# connections, more threads only wait for a connection or fight over the GIL (bench/README.md), so fewer serve more.
WORKER_THREADS = 12
SERVICE_STATUS = {"invalid": 422, "missing": 404, "conflict": 409, "unauthorized": 401, "locked": 429, "forbidden": 403}


def _retry_after(exc: ServiceError) -> dict[str, str] | None:
    """Retry-After (seconds) for a throttled sign-in."""
    waits = [p.params["seconds"] for p in exc.problems if exc.code == "locked" and "seconds" in p.params]
    return {"Retry-After": str(max(waits))} if waits else None


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _is_browser_page(request: Request) -> bool:
    """A page a browser navigated to (not the API, not an htmx fragment request): errors get the styled page."""
    return not _is_api(request) and not request.headers.get("HX-Request")


def _allowed(request: Request) -> str:
    """The Allow header for the request's path: the methods of every route at that path (the router's 405 names only
    the first route's), and OPTIONS, which every path answers."""
    routes = request.app.router.routes

    def answers(method: str) -> bool:
        scope = {**request.scope, "method": method}
        return any(route.matches(scope)[0] is Match.FULL for route in routes)

    return ", ".join([*(m for m in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE") if answers(m)), "OPTIONS"])


class GluteRx(FastAPI):
    """The FastAPI app with a front layer in front of everything, FastAPI's own entry included (`front`)."""

    front: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await (self.front or super().__call__)(scope, receive, send)


def create_app(container: Container | None = None, *, freeze_heap: bool = False) -> FastAPI:
    """The app on `container` (built from the environment when none is given). `freeze_heap`: the app owns its
    process (a server's worker, `asgi.py`), so what it loaded at start is frozen from the collector
    (`_freezing_lifespan`)."""
    container = container or build()
    settings = container.settings
    app = GluteRx(
        title="GluteRx",
        version=__version__,
        description="An evidence-based glute-training coach. JSON API; every recommendation carries its reason.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # served from vendored files by .docs (FastAPI's page needs a CDN the CSP refuses)
        redoc_url=None,
        lifespan=_freezing_lifespan if freeze_heap else _lifespan,
    )
    app.state.container = container
    # A kept GET /api/v1/today is answered by the outermost layer, with the security headers the app adds (fast.py),
    # and a plain POST /api/v1/sessions logged by the next one (fast_log.py): both sign in through one lookup
    signed_in, hsts = SignedIn(app.state), settings.secure_cookies
    logs = PlainLog(
        partial(FastAPI.__call__, app), state=app.state, signed_in=signed_in, hsts=hsts, handlers=app.exception_handlers
    )
    app.front = KeptToday(logs, state=app.state, hsts=hsts, signed_in=signed_in)
    app.add_middleware(BodyLimit)  # innermost, so its 413 goes through the app's handlers and gets the headers
    app.add_middleware(SecurityHeaders, hsts=settings.secure_cookies)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.signing_secret(),
        session_cookie="gluterx_session",
        max_age=SESSION_DAYS * 24 * 3600,  # the cookie; the session in the database ends on its own clock
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    # Scripts and styles go out gzipped (78 kB -> 24 kB); HTML and JSON are small and left as they are.
    app.mount("/static", GZipMiddleware(StaticFiles(directory=HERE / "static")), name="static")

    from .api import router as api_router
    from .pages import router as pages_router

    add_docs(app, openapi_url="/api/v1/openapi.json")
    app.include_router(api_router, prefix="/api/v1")
    app.include_router(pages_router)
    _errors(app)
    _document_errors(app)
    return app


def _document_errors(app: FastAPI) -> None:
    """The OpenAPI document says every status the error handlers can answer (api/_openapi.py)."""
    from .api._openapi import document_errors

    plain = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            ids = [exercise.id for exercise in app.state.container.library]
            app.openapi_schema = document_errors(plain(), exercise_ids=ids)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


@asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
    yield


@asynccontextmanager
async def _freezing_lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Everything loaded at start (the exercise library, the app, SQLAlchemy's mappers: ~200,000 objects) lives as long
    # as the process. Left to the collector, each full collection walked them all, a pause of 0.1-1 s that every
    # request in flight waited out: the p99 at 100 connections (bench/README.md). Frozen, a collection skips them.
    # Only for an app that owns its process: an app started inside a longer-lived one (a test) would pay a full
    # collection of that process's heap at every start. Let go at shutdown all the same.
    async with _lifespan(app):
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()


def _errors(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    async def _login(request: Request, _exc: NotSignedIn) -> Response:
        target = quote(request.url.path, safe="/")  # e.g. an invitation link: sign in (or up), then back to it
        if request.headers.get("HX-Request"):
            return Response(status_code=401, headers={"HX-Redirect": f"/login?next={target}"})
        return RedirectResponse(f"/login?next={target}", status_code=303)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if _is_browser_page(request):  # e.g. /workout/summary/abc: the styled page, not the API's JSON
            return error_page(request, 404 if any(e["loc"][:1] == ("path",) for e in exc.errors()) else 422)
        details = [request_problem(e) for e in exc.errors()]
        return JSONResponse({"detail": details}, status_code=422)

    @app.exception_handler(ServiceError)  # ProfileError too: it is a ServiceError with code "invalid"
    async def _service(request: Request, exc: ServiceError) -> Response:
        headers = _retry_after(exc)
        if _is_browser_page(request):  # a page whose use case refused: the styled page, in the pages' words
            status = SERVICE_STATUS.get(exc.code, 400)
            return error_page(request, status, page_messages(exc.problems)[0], headers=headers)
        return JSONResponse(
            {"detail": api_detail(exc.problems)}, status_code=SERVICE_STATUS.get(exc.code, 400), headers=headers
        )

    @app.exception_handler(StarletteHTTPException)  # FastAPI's HTTPException too, and the router's 404 and 405
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 405:
            allowed = _allowed(request)
            if request.method == "OPTIONS":  # what this path answers to, and nothing else
                return Response(status_code=204, headers={"Allow": allowed})
            exc = StarletteHTTPException(405, exc.detail, headers={**(exc.headers or {}), "Allow": allowed})
        if _is_api(request):  # the documented problem format: [{field, code, message}]
            body = http_problems(exc, method=request.method)
            return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)
        if request.headers.get("HX-Request"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return error_page(request, exc.status_code, exc.detail, headers=exc.headers)

    @app.exception_handler(BodyTooLarge)
    async def _too_large(request: Request, exc: BodyTooLarge) -> Response:
        if _is_api(request):  # the API's problem format, like every other refused body
            detail = [{"field": "", "code": "body_too_large", "message": exc.detail}]
            return JSONResponse({"detail": detail}, status_code=exc.status_code)
        return await _http(request, exc)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        if _is_api(request):
            detail = [{"field": "", "code": "internal_error", "message": "internal error; it has been logged"}]
            return JSONResponse({"detail": detail}, status_code=500)
        return error_page(request, 500)
