"""`gluterx serve` and `gluterx demo`: the web app on uvicorn, and a demo account to explore it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from ._common import console, err_console, fail

if TYPE_CHECKING:
    from gluterx.services.demo import DemoAccount


def demo() -> None:
    """Create the demo account with a few weeks of history (once; running it again changes nothing)."""
    from gluterx.bootstrap import build
    from gluterx.services.demo import seed_demo

    container = build()
    result = seed_demo(container.uow, container.library, today=date.today())
    state = f"created with {result.sessions} logged sessions" if result.created else "already there"
    console.print(f"Demo account {state}: sign in as [bold]{result.email}[/] / [bold]{result.password}[/]")


def _prepare(with_demo: bool) -> DemoAccount | None:
    """Create and migrate the database, and seed the demo account when asked; the demo account's sign-in, or None."""
    from gluterx.bootstrap import build
    from gluterx.services.demo import seed_demo

    container = build()
    try:
        return seed_demo(container.uow, container.library, today=date.today()) if with_demo else None
    finally:
        container.engine.dispose()  # the workers open their own connections


def _check_exposure(host: str, *, secret_configured: bool, secure: bool, allow_remote: bool) -> None:
    """Listening beyond this machine: refuse unless the operator set a secret or said they mean it; warn either way."""
    from gluterx.adapters.web.server import is_loopback

    if is_loopback(host):
        return
    if not (secret_configured or allow_remote):
        fail(
            f"{host} can be reached from other machines, and GLUTERX_SECRET_KEY is not set.",
            hints=[
                "To serve other machines: set GLUTERX_SECRET_KEY (see docs/deploy.md),",
                "or pass --allow-remote to use the random secret kept in the data folder.",
                "To keep GluteRx on this machine: leave out --host (127.0.0.1).",
            ],
        )
    err_console.print(
        f"[bold yellow]Warning:[/] GluteRx listens on {host}: other machines can reach it."
        + ("" if secure else " Cookies are sent without HTTPS: put it behind an HTTPS proxy and set"
           " GLUTERX_ENVIRONMENT=production (or GLUTERX_COOKIE_SECURE=true).")
        + " See docs/deploy.md.",
        highlight=False,
    )  # fmt: skip


def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(min=1, max=65535, help="Port (default 8000).")] = None,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development).")] = False,
    with_demo: Annotated[bool, typer.Option("--demo", help="Seed the demo account first.")] = False,
    workers: Annotated[int, typer.Option(min=1, max=32, help="Worker processes (about one per CPU core).")] = 1,
    access_log: Annotated[bool, typer.Option(help="Log every request (method, path, status).")] = True,
    allow_remote: Annotated[
        bool,
        typer.Option(
            "--allow-remote",
            help="Listen on a non-loopback address without GLUTERX_SECRET_KEY set (the kept random secret is used).",
        ),
    ] = False,
) -> None:
    """Run the web app (the database is created and migrated on first start)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from gluterx.adapters.web import server
    from gluterx.config import get_settings

    if reload and workers > 1:
        fail("--reload runs one process; leave out --workers (or --reload)")
    settings = get_settings()
    bind_host, bind_port = host or settings.host, port or settings.port
    _check_exposure(bind_host, secret_configured=settings.secret_configured, secure=settings.secure_cookies,
                    allow_remote=allow_remote)  # fmt: skip
    try:
        if workers > 1:  # the supervisor only watches the workers: prepare in a process of its own (about 60 MB kept
            # out of the supervisor: the database layer and the library, which only the workers use)
            with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as once:
                demo_account = once.submit(_prepare, with_demo).result()
        else:
            demo_account = _prepare(with_demo)
    except Exception as exc:  # the database or settings are wrong: say so plainly
        fail(f"cannot start: {exc}")
    if demo_account is not None:
        console.print(f"Demo account: [bold]{demo_account.email}[/] / [bold]{demo_account.password}[/]")
    cfg = server.config(
        host=bind_host,
        port=bind_port,
        workers=workers,
        reload=reload,
        access_log=access_log,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )
    try:
        server.check_free(bind_host, bind_port)
    except OSError as exc:
        fail(f"cannot start: {exc.strerror}")
    console.print(f"GluteRx is running at [bold]http://{bind_host}:{bind_port}[/] (Ctrl+C to stop)")
    try:
        started = server.run(cfg)
    except server.AddressInUse as exc:  # taken between the check and the start
        fail(f"cannot start: {exc.strerror}")
    if not started:
        fail(f"cannot start on {bind_host}:{bind_port} (see the message above)")
