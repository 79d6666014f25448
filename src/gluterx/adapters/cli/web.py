"""`gluterx serve` and `gluterx demo`: the web app on uvicorn, and a demo account to explore it."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from ._common import console, fail


def demo() -> None:
    """Create the demo account with a few weeks of history (once; running it again changes nothing)."""
    from gluterx.bootstrap import build
    from gluterx.services.demo import seed_demo

    container = build()
    result = seed_demo(container.uow, container.library, today=date.today())
    state = f"created with {result['sessions']} logged sessions" if result["created"] else "already there"
    console.print(f"Demo account {state}: sign in as [bold]{result['email']}[/] / [bold]{result['password']}[/]")


def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(min=1, max=65535, help="Port (default 8000).")] = None,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development).")] = False,
    with_demo: Annotated[bool, typer.Option("--demo", help="Seed the demo account first.")] = False,
    workers: Annotated[int, typer.Option(min=1, max=32, help="Worker processes.")] = 1,
) -> None:
    """Run the web app (the database is created and migrated on first start)."""
    import uvicorn

    from gluterx.bootstrap import build
    from gluterx.config import get_settings
    from gluterx.services.demo import seed_demo

    settings = get_settings()
    try:
        container = build(settings)
    except Exception as exc:  # the database or settings are wrong: say so plainly
        fail(f"cannot start: {exc}")
    if with_demo:
        result = seed_demo(container.uow, container.library, today=date.today())
        console.print(f"Demo account: [bold]{result['email']}[/] / [bold]{result['password']}[/]")
    bind_host, bind_port = host or settings.host, port or settings.port
    console.print(f"GluteRx is running at [bold]http://{bind_host}:{bind_port}[/] (Ctrl+C to stop)")
    uvicorn.run(
        "gluterx.adapters.web.asgi:app", host=bind_host, port=bind_port, reload=reload, workers=workers,
        proxy_headers=False, log_level="info",
    )  # fmt: skip
