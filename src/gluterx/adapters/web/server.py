"""Running the app on uvicorn, with its multi-worker listener fixed (`gluterx serve`, and the benchmarks).

uvicorn 0.54's `--workers N` has two problems that bench/api_throughput.py found (bench/README.md):

1. No TCP_NODELAY. The supervisor binds the listener as `socket.socket(family)`, whose `proto` is 0; accepted
   sockets inherit it, and asyncio sets TCP_NODELAY only when `proto == IPPROTO_TCP`. Nagle's algorithm then holds
   each response body until the client's delayed ACK: about 40 ms on every keep-alive request
   (Kludex/uvicorn#3149). Here the listener is bound as IPPROTO_TCP.
2. One worker takes every connection. The workers share one listening socket and asyncio accepts up to a hundred
   connections each time it wakes, so a burst of keep-alive clients (a proxy's pool, a load generator) lands on one
   worker while the others idle. Here each worker listens on a socket of its own, bound to the same address with
   SO_REUSEPORT, and the kernel spreads new connections across them.

uvicorn hands the supervisor's sockets to each spawned worker by pickling them. `WorkerListener` pickles as
"bind a new SO_REUSEPORT socket to my address", so every worker, including one restarted after a crash, makes its
own. The supervisor's socket is bound but never listens: it only reserves the address.
A single worker is left to uvicorn: asyncio binds that socket itself, with TCP_NODELAY.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import sys
from typing import Any

import uvicorn
from uvicorn.supervisors import ChangeReload, Multiprocess

APP = "gluterx.adapters.web.asgi:app"


class AddressInUse(OSError):
    """Something already listens on the address."""


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


class WorkerListener(socket.socket):
    """A TCP listener (IPPROTO_TCP, so accepted sockets get TCP_NODELAY) that a worker re-creates for itself."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__(_family(host), socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            self.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            self.bind((host, port))
        except BaseException:
            self.close()
            raise
        self.set_inheritable(True)

    def __reduce__(self) -> tuple[Any, tuple[str, int]]:
        """Unpickled in a worker as a new listener on the same address (SO_REUSEPORT lets them share it)."""
        host, port = self.getsockname()[:2]
        return WorkerListener, (host, port)


def is_loopback(host: str) -> bool:
    """True when only this machine can reach `host` (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() in ("localhost", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def check_free(host: str, port: int) -> None:
    """AddressInUse when anything listens on host:port already.

    SO_REUSEPORT would let a second GluteRx (same user) share the port silently; a plain bind refuses, as it should.
    """
    probe = socket.socket(_family(host), socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            why = f"{host}:{port} is already in use; stop what runs there or pick another --port"
            raise AddressInUse(exc.errno, why) from None
        raise
    finally:
        probe.close()


def config(
    app: str = APP,
    *,
    host: str,
    port: int,
    workers: int = 1,
    reload: bool = False,
    access_log: bool = True,
    log_level: str = "info",
    app_dir: str | None = None,
    forwarded_allow_ips: str | None = None,
) -> uvicorn.Config:
    """`forwarded_allow_ips`: the reverse proxies whose X-Forwarded-For is believed (None: no forwarded header is)."""
    if app_dir is not None:  # as `uvicorn --app-dir`; spawned workers inherit sys.path
        sys.path.insert(0, app_dir)
    return uvicorn.Config(
        app, host=host, port=port, workers=workers, reload=reload, access_log=access_log, log_level=log_level,
        proxy_headers=forwarded_allow_ips is not None, forwarded_allow_ips=forwarded_allow_ips, server_header=False,
        # A worker that has not answered the supervisor's ping in 5 s (uvicorn's default) is killed and replaced;
        # a cold start on a busy 2-core machine (no bytecode cache yet) takes longer than that.
        timeout_worker_healthcheck=30,
        timeout_graceful_shutdown=10,  # on Ctrl+C or SIGTERM, requests in flight get this long to finish
    )  # fmt: skip


def run(cfg: uvicorn.Config, *, shared_listener: bool = False) -> bool:
    """Serve until stopped: one process, the reloader, or a supervisor and `cfg.workers` workers.

    False when a single server could not start (uvicorn has logged why). `shared_listener` keeps one listening
    socket for all workers (TCP_NODELAY still fixed); the benchmark uses it to show what per-worker listeners change.
    """
    server = uvicorn.Server(cfg)
    try:
        if cfg.should_reload:
            ChangeReload(cfg, target=server.run, sockets=[cfg.bind_socket()]).run()
        elif cfg.workers > 1:
            check_free(cfg.host, cfg.port)
            listener: socket.socket = WorkerListener(cfg.host, cfg.port)
            if shared_listener:  # a plain socket: uvicorn pickles it as the one socket every worker shares
                listener = socket.socket(fileno=listener.detach())
            Multiprocess(cfg, sockets=[listener]).run()
        else:
            server.run()
            return server.started
    except KeyboardInterrupt:
        pass
    return True


__all__ = ["APP", "AddressInUse", "WorkerListener", "check_free", "config", "is_loopback", "run"]
