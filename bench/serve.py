"""`python -m uvicorn ...` with its --workers listener fixed, so a multi-worker server uses every worker at full speed.

Run: python bench/serve.py APP [uvicorn options]   (the same options as `python -m uvicorn`)

Two problems of uvicorn 0.54's multi-worker mode (found by bench/api_throughput.py, see bench/README.md):

1. No TCP_NODELAY. The supervisor binds the listener with `socket.socket(family)`, so its `proto` is 0; accepted
   sockets inherit that, and asyncio sets TCP_NODELAY only when `proto == IPPROTO_TCP`. Nagle's algorithm then holds
   each response body (sent after its headers) until the client's delayed ACK: ~40 ms per keep-alive request on
   Linux, whatever the app does (Kludex/uvicorn#3149). Fixed by binding the listener as IPPROTO_TCP.
2. One worker takes every connection. The workers share one listening socket, and asyncio accepts up to 100
   connections each time it wakes, so a burst of keep-alive clients (a load generator, a proxy's pool) all lands on
   whichever worker woke first while the other idles. Fixed by giving each worker its own listener with
   SO_REUSEPORT: the kernel then spreads new connections across the workers.

BENCH_SERVE_MODE=nodelay keeps the one shared listener and fixes only (1). The single-worker path is untouched
(asyncio binds that socket itself, with TCP_NODELAY).
"""

from __future__ import annotations

import os
import socket
from typing import Any

from uvicorn.config import Config
from uvicorn.main import main
from uvicorn.server import Server

MODE = os.environ.get("BENCH_SERVE_MODE", "reuseport")
_bind_socket = Config.bind_socket
_run = Server.run


def tcp_listener(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def _bind_tcp(self: Config) -> socket.socket:
    """The supervisor's listener: IPPROTO_TCP (and SO_REUSEPORT, so each worker may bind its own beside it)."""
    if self.uds is not None or self.fd is not None:
        return _bind_socket(self)
    return tcp_listener(self.host or "127.0.0.1", self.port, reuse_port=MODE == "reuseport")


def _run_own_listener(self: Server, sockets: list[socket.socket] | None = None) -> Any:
    """In a worker: listen on a socket of its own (SO_REUSEPORT) instead of the one every worker shares."""
    if MODE == "reuseport" and sockets:
        sockets = [
            tcp_listener(*s.getsockname()[:2], reuse_port=True) if s.family in (socket.AF_INET, socket.AF_INET6) else s
            for s in sockets
        ]
    return _run(self, sockets)


# At import, not only under __main__: the workers are spawned and import this module again (as __mp_main__), and the
# patched Server.run must be the one they use.
Config.bind_socket = _bind_tcp  # type: ignore[method-assign]
Server.run = _run_own_listener  # type: ignore[method-assign]

if __name__ == "__main__":
    main()
