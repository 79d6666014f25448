"""`gluterx serve`'s listeners (adapters/web/server.py) and the headers every response carries."""

from __future__ import annotations

import http.client
import os
import pickle
import socket
import time
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gluterx.adapters.web import server
from gluterx.adapters.web.security import HEADERS, HSTS
from tests.faults.conftest import Server


def _port_of(sock: socket.socket) -> int:
    return int(sock.getsockname()[1])


def test_a_worker_listener_unpickles_as_its_own_socket_on_the_same_address() -> None:
    with server.WorkerListener("127.0.0.1", 0) as first:
        first.listen()
        with pickle.loads(ForkingPickler.dumps(first)) as second:  # noqa: S301 - our own bytes, as uvicorn does
            assert second.fileno() != first.fileno()
            assert second.getsockname() == first.getsockname()
            # IPPROTO_TCP, so asyncio sets TCP_NODELAY on what it accepts
            assert second.proto == socket.IPPROTO_TCP
            assert second.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 1


def test_check_free_refuses_an_address_something_listens_on() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = _port_of(taken)
        with pytest.raises(server.AddressInUse, match=f"127.0.0.1:{port} is already in use.*--port"):
            server.check_free("127.0.0.1", port)
    server.check_free("127.0.0.1", port)  # free again once it has closed


def test_serve_refuses_a_port_in_use_plainly(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from gluterx.adapters.cli.main import app

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        env = {"GLUTERX_DATABASE_URL": f"sqlite:///{tmp_path / 'g.db'}"}
        result = CliRunner().invoke(app, ["serve", "--port", str(_port_of(taken)), "--workers", "2"], env=env)
    assert result.exit_code == 2  # the CLI's exit code for a problem the user can fix
    assert "is already in use" in result.output
    assert "Traceback" not in result.output


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").iterdir():
            children = (task / "children").read_text().split()
            found += [int(c) for c in children]
            todo += [int(c) for c in children]
    return found


def _sockets_of(pid: int) -> set[str]:
    out = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            out.add(target[8:-1])
    return out


def _tcp_inodes(port: int, state: str) -> set[str]:
    """Inodes of the IPv4 TCP sockets on local `port` in `state` (0A listening, 01 established)."""
    out = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == state:
            out.add(fields[9])
    return out


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_two_workers_each_listen_and_share_the_connections(tmp_path: Path) -> None:
    """`gluterx serve --workers 2`: a listener per worker, and keep-alive clients spread over both workers."""
    srv = Server(url="", database_url=f"sqlite:///{tmp_path / 'serve.db'}", log=tmp_path / "server.log", workers=2)
    srv.start()
    try:
        assert srv.proc is not None
        port = int(srv.url.rsplit(":", 1)[1])
        deadline = time.monotonic() + 60  # the server answers once one worker is up; wait for the other
        while True:
            listening = _tcp_inodes(port, "0A")
            workers = [pid for pid in _descendants(srv.proc.pid) if _sockets_of(pid) & listening]
            if len(workers) >= 2 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert len(workers) == 2, "each worker should hold a listening socket of its own"
        assert len(listening) == 2
        clients = []
        for _ in range(24):  # all 24 on one worker by chance: 2 x (1/2)^24
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/api/v1/screening/flags")
            response = conn.getresponse()
            response.read()
            assert response.status == 200
            clients.append(conn)
        established = _tcp_inodes(port, "01")
        per_worker = [len(_sockets_of(pid) & established) for pid in workers]
        assert sum(per_worker) == 24
        assert all(n > 0 for n in per_worker), f"connections per worker: {per_worker}"
        for conn in clients:
            conn.close()
    finally:
        srv.stop()


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/login", None, 200),
        ("GET", "/api/v1/screening/flags", None, 200),
        ("GET", "/static/app.css", None, 200),
        ("GET", "/api/v1/me", None, 401),
        ("GET", "/no-such-page", None, 404),
        ("POST", "/api/v1/auth/token", b"x" * (3 * 1024 * 1024), 413),
    ],
)
def test_every_response_carries_the_security_headers(
    client: TestClient, method: str, path: str, body: bytes | None, status: int
) -> None:
    response = client.request(method, path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == status
    for name, value in HEADERS.items():
        assert response.headers[name] == value
    assert "strict-transport-security" not in response.headers  # HTTP in development; HSTS only behind HTTPS


def test_static_files_go_out_gzipped(client: TestClient) -> None:
    plain = client.get("/static/htmx.min.js", headers={"accept-encoding": "identity"})
    zipped = client.get("/static/htmx.min.js", headers={"accept-encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < len(plain.content) / 2
    assert zipped.content == plain.content  # httpx decodes it: the same file


def test_a_route_may_set_its_own_header_and_hsts_is_sent_when_configured() -> None:
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from gluterx.adapters.web.security import SecurityHeaders

    async def framed(_request: object) -> PlainTextResponse:
        return PlainTextResponse("ok", headers={"X-Frame-Options": "SAMEORIGIN"})

    inner = Starlette(routes=[Route("/", framed)])
    response = TestClient(SecurityHeaders(inner, hsts=True)).get("/")
    assert response.headers["x-frame-options"] == "SAMEORIGIN"  # the route's own, not overwritten or doubled
    assert response.headers.get_list("x-frame-options") == ["SAMEORIGIN"]
    assert response.headers["strict-transport-security"] == HSTS
