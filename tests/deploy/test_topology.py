"""The deployment for many users, as docs/deploy.md describes it: two `gluterx serve` instances (separate processes on
separate ports, as if on separate machines) behind nginx, sharing one PostgreSQL database.

Nothing that must be shared may live in one process's memory: a write through one instance is seen through the other
at once, a web sign-in made through one is honoured by the other, and the proxy spreads requests over both.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.adapters.db.conftest import _postgres_database
from tests.adapters.web.conftest import PASSWORD, START, make_session
from tests.faults.conftest import Server, _migrated, free_port, session_body, sign_up

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = pytest.mark.postgres

NGINX_CONF = """
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    log_format upstream '$request $status $upstream_addr';
    access_log {prefix}/access.log upstream;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream gluterx {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 12m;
        location / {{
            proxy_pass http://gluterx;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


@dataclass
class Nginx:
    url: str
    prefix: Path
    proc: subprocess.Popen[bytes]

    def upstreams_used(self) -> set[str]:
        """The instance addresses nginx has sent requests to (from its access log)."""
        log = (self.prefix / "access.log").read_text()
        return {line.rsplit(" ", 1)[-1] for line in log.splitlines() if line.strip()}


def start_nginx(prefix: Path, upstreams: list[str]) -> Nginx:
    if not os.path.exists(NGINX):
        if os.environ.get("GLUTERX_REQUIRE_E2E"):
            pytest.fail("nginx is not installed (apt-get install nginx-light); .ci/run installs it")
        pytest.skip("nginx is not installed")
    port = free_port()
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    servers = "\n".join(f"        server {u.removeprefix('http://')};" for u in upstreams)
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX_CONF.format(prefix=prefix, servers=servers, port=port))
    proc = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf)], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            if httpx.get(f"{url}/api/v1/screening/flags", timeout=2).status_code == 200:
                return Nginx(url, prefix, proc)
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"nginx did not start: {proc.stderr.read() if proc.stderr else b''!r}")
        time.sleep(0.1)


@pytest.fixture(scope="module")
def topology(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Server, Nginx]]:
    tmp_path = tmp_path_factory.mktemp("topology")
    for url in _postgres_database():
        _migrated(url)  # migrations run once, before the instances start (docs/deploy.md)
        behind_nginx = {"GLUTERX_FORWARDED_ALLOW_IPS": "127.0.0.1"}  # believe nginx's X-Forwarded-For, no one else's
        a = Server(url="", database_url=url, log=tmp_path / "a.log", extra_env=behind_nginx)
        b = Server(url="", database_url=url, log=tmp_path / "b.log", extra_env=behind_nginx)
        a.start()
        b.start()
        proxy = start_nginx(tmp_path / "nginx", [a.url, b.url])
        try:
            yield a, b, proxy
        finally:
            proxy.proc.terminate()
            proxy.proc.wait(timeout=10)
            a.stop()
            b.stop()


def test_a_write_through_one_instance_is_seen_through_the_other_at_once(topology: tuple[Server, Server, Nginx]) -> None:
    a, b, _ = topology
    with httpx.Client(base_url=a.url, timeout=30) as via_a, httpx.Client(base_url=b.url, timeout=30) as via_b:
        headers = sign_up(via_a, "shared@example.com")  # account, token and programme made through A
        assert via_b.get("/api/v1/today", params={"on": START}, headers=headers).status_code == 200
        logged = via_a.post("/api/v1/sessions", json=session_body(day=START, sets=4, notes="via A"), headers=headers)
        assert logged.status_code == 201, logged.text
        history = via_b.get("/api/v1/sessions", headers=headers)
        assert history.status_code == 200, history.text
        assert [s["notes"] for s in history.json()] == ["via A"]


def test_nginx_spreads_requests_over_both_instances_and_a_sign_in_holds_on_each(
    topology: tuple[Server, Server, Nginx],
) -> None:
    a, b, proxy = topology
    with httpx.Client(base_url=proxy.url, timeout=30) as client:
        sign_up(client, "web@example.com")
        token = CSRF.search(client.get("/login").text)  # the form from one instance, sent to whichever is next
        assert token, "the sign-in page has no CSRF field"
        form = {"csrf_token": token.group(1), "email": "web@example.com", "password": PASSWORD}
        signed_in = client.post("/login", data=form, follow_redirects=False)
        assert signed_in.status_code in (302, 303), signed_in.text
        pages = [client.get("/today", follow_redirects=False) for _ in range(8)]
    assert [p.status_code for p in pages] == [200] * 8  # never bounced to the sign-in page by either instance
    used = proxy.upstreams_used()
    assert {a.url.removeprefix("http://"), b.url.removeprefix("http://")} <= used


def test_behind_nginx_the_sign_in_throttle_keys_on_each_persons_own_address(
    topology: tuple[Server, Server, Nginx],
) -> None:
    """Someone guessing the owner's password from one address is slowed down; the owner, elsewhere, still signs in.
    Without the proxy's forwarded address every request would come from nginx, and the guesser would lock the owner
    out too."""
    _, _, proxy = topology
    with httpx.Client(base_url=proxy.url, timeout=30) as client:
        sign_up(client, "owner@example.com")
        guesser = {"X-Forwarded-For": "198.51.100.7"}
        answers = [
            client.post(
                "/api/v1/auth/token",
                json={"email": "owner@example.com", "password": f"wrong guess {i}"},
                headers=guesser,
            ).status_code
            for i in range(7)
        ]
        assert answers[:5] == [401] * 5 and answers[-1] == 429, answers
        owner = client.post(
            "/api/v1/auth/token",
            json={"email": "owner@example.com", "password": PASSWORD},
            headers={"X-Forwarded-For": "203.0.113.9"},
        )
        assert owner.status_code == 200, owner.text


def test_a_today_kept_by_one_instance_is_never_served_after_a_write_through_the_other(
    topology: tuple[Server, Server, Nginx],
) -> None:
    """Each instance keeps a person's "today" until their revision moves (adapters/web/results.py); the revision is
    bumped in the database by the write itself, so a session logged or a check-in made through A changes what B
    answers on the very next request, and B's answer is what A (which kept nothing for that day) computes."""
    a, b, _ = topology
    next_day = "2026-11-25"  # the programme's second session
    with httpx.Client(base_url=a.url, timeout=30) as via_a, httpx.Client(base_url=b.url, timeout=30) as via_b:
        headers = sign_up(via_a, "kept@example.com")

        def on_b() -> str:
            answer = via_b.get("/api/v1/today", params={"date": next_day}, headers=headers)
            assert answer.status_code == 200, answer.text
            return answer.text

        before = on_b()
        assert on_b() == before  # the second one is kept
        first = via_a.get("/api/v1/today", params={"date": START}, headers=headers).json()
        logged = via_a.post("/api/v1/sessions", json=make_session(first, reps=30), headers=headers)
        assert logged.status_code == 201, logged.text
        after_log = on_b()
        assert after_log != before
        assert after_log == via_a.get("/api/v1/today", params={"date": next_day}, headers=headers).text
        checked = via_a.post("/api/v1/checkins", json={"pain": 9, "date": "2026-11-24"}, headers=headers)
        assert checked.status_code == 200, checked.text
        after_checkin = on_b()
        assert after_checkin != after_log and '"alerts":[]' not in after_checkin


def test_a_token_revoked_through_one_instance_is_refused_by_the_other_though_it_kept_an_answer(
    topology: tuple[Server, Server, Nginx],
) -> None:
    a, b, _ = topology
    with httpx.Client(base_url=a.url, timeout=30) as via_a, httpx.Client(base_url=b.url, timeout=30) as via_b:
        headers = sign_up(via_a, "revoked@example.com")
        for _ in range(2):
            assert via_b.get("/api/v1/today", params={"date": START}, headers=headers).status_code == 200
        (token,) = via_a.get("/api/v1/auth/tokens", headers=headers).json()
        assert via_a.delete(f"/api/v1/auth/tokens/{token['id']}", headers=headers).status_code == 204
        assert via_b.get("/api/v1/today", params={"date": START}, headers=headers).status_code == 401
