"""Each web worker freezes what it loaded at start (adapters/web/app.py lifespan): a full collection then skips the
~200,000 long-lived objects instead of walking them while every request in flight waits (bench/README.md)."""

from __future__ import annotations

import gc

from fastapi.testclient import TestClient

from gluterx.adapters.web.app import create_app
from gluterx.bootstrap import build
from gluterx.config import Settings


def test_the_heap_loaded_at_start_is_frozen_while_the_app_runs(settings: Settings) -> None:
    container = build(settings)
    app = create_app(container, freeze_heap=True)  # as asgi.py makes it for a server's worker
    gc.unfreeze()
    try:
        assert gc.get_freeze_count() == 0
        with TestClient(app) as client:
            assert gc.get_freeze_count() > 10_000  # the app, the library, SQLAlchemy's mappers and more
            assert client.get("/api/v1/today").status_code == 401  # and it serves as before
        assert gc.get_freeze_count() == 0  # let go at shutdown: nothing kept from the collector after the app stops
    finally:
        gc.unfreeze()  # the other tests run with the collector as they always did
        container.engine.dispose()


def test_an_app_started_inside_another_process_freezes_nothing(settings: Settings) -> None:
    """A test's app (or any app not made by asgi.py) leaves the process's collector alone: no full collection of
    the whole test process at every start."""
    container = build(settings)
    gc.unfreeze()
    try:
        with TestClient(create_app(container)) as client:
            assert gc.get_freeze_count() == 0
            assert client.get("/api/v1/today").status_code == 401
    finally:
        container.engine.dispose()
