"""API throughput and latency: "today" (GET /api/v1/today) and "log a session" (POST /api/v1/sessions) under wrk.

Run: uv run python bench/api_throughput.py [--postgres] [--nginx] [--users N] [--duration S] [--connections 10,50,100]

Starts uvicorn (2 workers, no access log) on a free port of 127.0.0.1 against a fresh SQLite file in a temporary
directory (and, with --postgres, a fresh database on the local PostgreSQL server, dropped afterwards), seeds N people
with an account, a bearer token, a 12-week programme and a little history, then loads it with Debian's wrk: each
request picks a token and a training day at random (bench/wrk/*.lua). The same load, with the same server settings,
goes to a bare Starlette endpoint (bench/bare_app.py), the ceiling the figures are divided by. With --nginx it also
runs the deployment for many users (docs/deploy.md, tests/deploy/): two `gluterx serve` instances (one worker each)
behind Debian's nginx, on one fresh PostgreSQL database; its CPU per request counts both instances and nginx.

For every run it prints requests per second, p50/p99 latency, errors (non-2xx answers and socket errors), the server's
CPU time per request (user + system time of uvicorn and its workers, from /proc, before and after) and its peak
memory (the sum of each process's VmHWM). After each POST run it checks durability: every session the server
acknowledged with a 2xx is stored. Prints figures only; it asserts nothing. Traffic goes only to 127.0.0.1; every
wrk run is bounded by --duration.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

HERE = Path(__file__).resolve().parent
SERVER_MODES = {
    "reuseport": "bench/serve.py: a listener per worker, TCP_NODELAY",
    "nodelay": "bench/serve.py: one shared listener, TCP_NODELAY",
    "stock": "python -m uvicorn: one shared listener, no TCP_NODELAY",
}
HOST = "127.0.0.1"
TODAY = date.today()
PROFILE: dict[str, Any] = {
    "age": 38,
    "goals": ["pain_relief", "posture"],
    "pain": [{"region": "lower_back", "side": "both", "intensity": 4, "weeks": 20}],
    "red_flags": [],
    "sitting_hours_per_day": 9,
    "experience": "beginner",
    "equipment": ["mini_band", "dumbbells", "bench"],
    "sessions_per_week": 3,
    "minutes_per_session": 30,
}
PASSWORD = "bench-password-2026"  # noqa: S105 - a throwaway account in a throwaway database


@dataclass
class Fixture:
    """What the load generator needs: tokens, the days to ask for, the bodies to post."""

    tokens: list[str]
    get_dates: list[str]
    bodies: list[str]
    users: int = 0
    seed_s: float = 0.0


@dataclass
class Row:
    server: str
    endpoint: str
    connections: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    cpu_ms: float
    rss_mb: float
    other_load: float = 0.0  # cores' worth of CPU used by anything but the server and wrk during the run
    db_cpu_ms: float = 0.0  # PostgreSQL's own CPU per request (its server processes), when the run uses it
    durability: str = ""
    spread: str = ""  # how the load fell on the server's processes: their CPU shares and connections held
    notes: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------------------ seeding


def _sets_for(item: dict[str, Any], library: Any) -> list[dict[str, Any]]:
    """The prescribed sets done at the top of the range, two reps in reserve (progression will move them on)."""
    ex = library.get(item["exercise_id"])
    top = int(item["reps"].split()[0].split("-")[-1])
    load = 10.0 if ex.load_type.value == "weights" else None
    return [{"reps": top, "load_kg": load, "band": None, "rir": 2, "rpe": None} for _ in range(item["sets"])]


def _session_body(day: date, items: list[dict[str, Any]], library: Any) -> dict[str, Any]:
    exercises = [
        {"exercise_id": i["exercise_id"], "sets": _sets_for(i, library), "pain_during": 1, "felt_in": ["glutes"]}
        for i in items
    ]
    return {"date": day.isoformat(), "exercises": exercises, "notes": "bench"}


def seed(url: str, users: int, get_days: int = 0) -> Fixture:
    """N people, each with an account, a token, the same programme (started three weeks ago) and two sessions."""
    from argon2 import PasswordHasher

    from gluterx.bootstrap import build
    from gluterx.config import Settings
    from gluterx.services import accounts
    from gluterx.services.check_in import checkin
    from gluterx.services.contract import today_json
    from gluterx.services.log_session import log_session
    from gluterx.services.start import start as start_programme
    from gluterx.services.today import today

    began = time.perf_counter()
    container = build(Settings(database_url=url))
    library = container.library
    start = TODAY - timedelta(days=21)
    password_hash = PasswordHasher().hash(PASSWORD)  # one hash for everyone: argon2 takes ~0.1 s per call
    people: list[tuple[int, int]] = []
    with container.uow() as uow:
        for i in range(users):
            person = uow.people.add(display_name=f"Bench {i}")
            account = uow.accounts.create(email=f"bench{i}@bench.invalid", password_hash=password_hash,
                                          person_id=person.id)  # fmt: skip
            people.append((person.id, account.id))
        uow.commit()
    now = datetime.now(UTC)
    tokens = [
        accounts.create_token(container.uow(), account_id=account_id, name="bench", now=now).token
        for _, account_id in people
    ]
    for person_id, _ in people:
        start_programme(container.uow(), library, PROFILE, start_date=start, person_id=person_id)
    first = people[0][0]
    days: dict[date, list[dict[str, Any]]] = {}
    for offset in range(12 * 7):
        day = start + timedelta(days=offset)
        view = today_json(today(container.uow(), library, on=day, person_id=first))
        if not view["rest_day"] and view["items"]:
            days[day] = view["items"]
    past = sorted(d for d in days if d <= TODAY)
    for person_id, _ in people:  # a little history, so "today" has prescriptions and check-ins to apply
        for day in past[:2]:
            body = _session_body(day, days[day], library)
            log_session(container.uow(), library, body, person_id=person_id)
            checkin(container.uow(), library, pain=2, on=day + timedelta(days=1), person_id=person_id)
    near = [d for d in sorted(days) if TODAY - timedelta(days=7) <= d <= TODAY + timedelta(days=14)]
    if get_days:  # the training days nearest today: as in use, where a person asks for today's session
        near = sorted(sorted(near, key=lambda d: (abs((d - TODAY).days), d))[:get_days])
    get_dates = [d.isoformat() for d in near]
    bodies = [json.dumps(_session_body(d, days[d], library), separators=(",", ":")) for d in past]
    container.engine.dispose()
    return Fixture(tokens, get_dates, bodies, users, time.perf_counter() - began)


def stored_session_ids(url: str, above: int) -> set[int]:
    from gluterx.adapters.db.engine import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("select id from performed_sessions where id > :above"), {"above": above})
            return {int(r[0]) for r in rows}
    finally:
        engine.dispose()


def max_session_id(url: str) -> int:
    from gluterx.adapters.db.engine import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("select coalesce(max(id), 0) from performed_sessions")).scalar_one())
    finally:
        engine.dispose()


# ------------------------------------------------------------------------------------------------ the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, user + system CPU seconds) of a process, or None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw.rsplit(")", 1)[1].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (found := _stat(int(entry))) is not None:
            parents.setdefault(found[0], []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(parents.get(pid, []))
    return out


def cpu_seconds(root: int) -> float:
    return sum(found[1] for pid in process_tree(root) if (found := _stat(pid)) is not None)


def machine_busy_seconds() -> float:
    """CPU time every process on the machine has used (user, nice, system, irq, softirq, steal), from /proc/stat."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def postgres_cpu_seconds() -> float:
    """CPU time of the PostgreSQL server's processes (its backends do the database's share of each request).

    The live processes' own time plus, for each postgres process, the time of its children that have exited and been
    reaped (cutime + cstime): a backend that ends during the run (a pooled connection closed) keeps counting, so the
    total never goes down.
    """
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if Path(f"/proc/{entry}/comm").read_text().strip() != "postgres":
                continue
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15]) / tick  # utime, stime, cutime, cstime
    return total


def children_cpu_seconds() -> float:
    """CPU time of this script's finished children (the wrk runs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb(root: int) -> tuple[float, float]:
    """(sum of every server process's peak RSS, the largest single process's), in MB."""
    peaks = []
    for pid in process_tree(root):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return sum(peaks), max(peaks, default=0.0)


@contextmanager
def server(
    app: str, *, env: dict[str, str], args: argparse.Namespace, log: Path, app_dir: Path | None = None
) -> Iterator[tuple[str, int]]:
    """uvicorn serving `app` on a free port of 127.0.0.1; yields its base URL and pid, and stops it afterwards.

    Through bench/serve.py (uvicorn with its multi-worker listener fixed) unless --server stock.
    """
    port = free_port()
    launcher = ["-m", "uvicorn"] if args.server == "stock" else [str(HERE / "serve.py")]
    env = {**env, "BENCH_SERVE_MODE": args.server}
    workers = args.workers
    cmd = [sys.executable, *launcher, app, "--host", HOST, "--port", str(port), "--workers", str(workers),
           "--no-access-log", "--log-level", "warning"]  # fmt: skip
    if app_dir is not None:
        cmd += ["--app-dir", str(app_dir)]
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)  # fmt: skip
    base = f"http://{HOST}:{port}"
    try:
        _wait_ready(base, proc, log)
        yield base, proc.pid
    finally:
        _stop(proc)


def _wait_ready(base: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(base + "/", timeout=2):  # noqa: S310 - our own server on 127.0.0.1
                pass
        except urllib.error.HTTPError:
            pass  # it answers: up
        except OSError:
            time.sleep(0.2)
            continue
        time.sleep(2.0)  # the first worker answers; give the others a moment (the warm-up run follows anyway)
        return
    raise RuntimeError(f"the server did not answer within 90 s:\n{log.read_text()[-3000:]}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the group this script started for the server
            proc.wait(timeout=10)


# ------------------------------------------------------------------------------------------------ wrk


def wrk(
    script: str, base: str, *, connections: int, duration: int, threads: int, env: dict[str, str]
) -> dict[str, Any]:
    cmd = ["wrk", "-t", str(min(threads, connections)), "-c", str(connections), "-d", f"{duration}s",
           "--timeout", "10s", "-s", str(HERE / "wrk" / script), base]  # fmt: skip
    done = subprocess.run(cmd, env={**os.environ, **env}, capture_output=True, text=True, timeout=duration + 120)
    for line in done.stdout.splitlines():
        if line.startswith("BENCH "):
            result: dict[str, Any] = json.loads(line[6:])
            return result
    raise RuntimeError(f"wrk printed no figures:\n{done.stdout}\n{done.stderr}")


def measure(
    name: str,
    base: str,
    pid: int | list[int],
    fixture_files: dict[str, str],
    *,
    paths: dict[str, str],
    args: argparse.Namespace,
    url: str | None,
) -> list[Row]:
    """GET then POST at each concurrency against one running server (or several, and the proxy in front)."""
    pids = pid if isinstance(pid, list) else [pid]
    rows = []
    endpoints = (("GET today", "get.lua"), ("POST session", "post.lua"))
    for endpoint, script in endpoints[1 if args.no_get else 0 : 1 if args.no_post else 2]:
        env = {**fixture_files, "BENCH_PATH": paths[endpoint]}
        warmup = args.get_warmup if endpoint.startswith("GET") and args.get_warmup else args.warmup
        began = time.monotonic()
        cpu_before = _cpu(pids)
        warm = wrk(script, base, connections=10, duration=warmup, threads=args.threads, env=env)  # warm up
        if endpoint.startswith("GET") and args.get_warmup:  # the kept answers filling: shown, never a target row
            row = Row(server=name, endpoint="GET warm-up", connections=10,
                      rps=warm["requests"] / (warm["duration_us"] / 1e6), p50_ms=warm["p50_us"] / 1000,
                      p99_ms=warm["p99_us"] / 1000, errors=warm["non2xx"] + warm["timeout"], requests=warm["requests"],
                      cpu_ms=(_cpu(pids) - cpu_before) * 1000 / max(1, warm["requests"]), rss_mb=0.0)  # fmt: skip
            rows.append(row)
            print(f"  {name:28} GET warm-up   c=10   {row.rps:8.0f} req/s  cpu {row.cpu_ms:5.2f} ms/req  "
                  f"({time.monotonic() - began:.0f} s: each worker computes and keeps every person's answers)",
                  flush=True)  # fmt: skip
        for connections in args.connections:
            before_id = settled_max_id(url) if url and endpoint.startswith("POST") else 0
            cpu_before, machine_before, wrk_before = _cpu(pids), machine_busy_seconds(), children_cpu_seconds()
            pg_before = postgres_cpu_seconds() if url and url.startswith("postgresql") else 0.0
            began = time.monotonic()
            split_before = per_process_cpu(pids)
            with connections_sampled(pids, base, after_s=min(2.0, args.duration / 2)) as held:
                figures = wrk(script, base, connections=connections, duration=args.duration, threads=args.threads,
                              env=env)  # fmt: skip
            cpu_used = _cpu(pids) - cpu_before
            elapsed = time.monotonic() - began
            pg_used = postgres_cpu_seconds() - pg_before if url and url.startswith("postgresql") else 0.0
            others = machine_busy_seconds() - machine_before - cpu_used - (children_cpu_seconds() - wrk_before)
            others -= pg_used
            rss_total = sum(peak_rss_mb(p)[0] for p in pids)
            requests = figures["requests"]
            errors = figures["non2xx"] + figures["connect"] + figures["read"] + figures["write"] + figures["timeout"]
            if errors:  # what they were: each answer's status that was no 2xx, and wrk's socket errors
                kinds = {f"HTTP {k}": v for k, v in figures.get("statuses", {}).items()}
                kinds |= {k: figures[k] for k in ("connect", "read", "write", "timeout") if figures[k]}
                print(f"  errors, {name}, {endpoint}, {connections} connections: {kinds}", flush=True)
            row = Row(
                server=name,
                endpoint=endpoint,
                connections=connections,
                rps=requests / (figures["duration_us"] / 1e6),
                p50_ms=figures["p50_us"] / 1000,
                p99_ms=figures["p99_us"] / 1000,
                errors=errors,
                requests=requests,
                cpu_ms=cpu_used * 1000 / max(1, requests),
                rss_mb=rss_total,
                other_load=max(0.0, others / elapsed),
                db_cpu_ms=pg_used * 1000 / max(1, requests),
            )
            row.spread = spread(split_before, per_process_cpu(pids), held)
            if url and endpoint.startswith("POST"):
                row.durability = durability(url, before_id, Path(fixture_files["BENCH_ACKED"]), figures["ok"])
            rows.append(row)
            print(f"  {name:28} {endpoint:13} c={connections:<4} {row.rps:8.0f} req/s  p50 {row.p50_ms:7.1f} ms  "
                  f"p99 {row.p99_ms:7.1f} ms  errors {errors:<5} cpu {row.cpu_ms:5.2f} ms/req  "
                  f"rss {row.rss_mb:5.0f} MB  other load {row.other_load:4.2f} cores  "
                  f"{f'postgres cpu {row.db_cpu_ms:.2f} ms/req  ' if row.db_cpu_ms else ''}{row.spread}  "
                  f"{row.durability}",
                  flush=True)  # fmt: skip
    return rows


def per_process_cpu(pids: list[int]) -> dict[int, float]:
    """CPU seconds of every process of the servers' trees, by pid."""
    return {p: found[1] for root in pids for p in process_tree(root) if (found := _stat(p)) is not None}


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if link.startswith("socket:["):
                inodes.add(link[8:-1])
    except OSError:
        pass
    return inodes


def connections_held(pids: list[int], port: int) -> dict[int, int]:
    """Established TCP connections on `port` that each process of the servers' trees holds, by pid (from /proc)."""
    established: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "01" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # ESTABLISHED, on our side
                established.add(fields[9])
    held = {}
    for root in pids:
        for p in process_tree(root):
            if count := len(_socket_inodes(p) & established):
                held[p] = count
    return held


@contextmanager
def connections_sampled(pids: list[int], base: str, *, after_s: float) -> Iterator[dict[int, int]]:
    """Counts the connections each server process holds `after_s` into the run (wrk has connected by then)."""
    import threading

    held: dict[int, int] = {}
    stop = threading.Event()

    def sample() -> None:
        if not stop.wait(after_s):
            held.update(connections_held(pids, int(base.rsplit(":", 1)[1])))

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield held
    finally:
        stop.set()
        thread.join()


def spread(before: dict[int, float], after: dict[int, float], held: dict[int, int]) -> str:
    """ "cpu 52/48% conns 51/49": the share of the run's CPU of each process that did at least 5% of it (workers,
    instances, nginx), and the connections each held; uneven shares are a tail at high concurrency."""
    used = {p: after[p] - before.get(p, 0.0) for p in after}
    total = sum(used.values()) or 1.0
    busy = sorted((p for p in used if used[p] >= 0.05 * total), key=lambda p: -used[p])
    cpu = "/".join(f"{100 * used[p] / total:.0f}" for p in busy)
    conns = "/".join(str(held[p]) for p in sorted(held, key=lambda p: -held[p]))
    return f"cpu {cpu}%" + (f" conns {conns}" if conns else "")


def _cpu(pids: list[int]) -> float:
    return sum(cpu_seconds(p) for p in pids)


def settled_max_id(url: str) -> int:
    """The newest session id once the requests wrk abandoned at its last deadline have finished (at most 20 s)."""
    last = -1
    for _ in range(40):
        now = max_session_id(url)
        if now == last:
            return now
        last = now
        time.sleep(0.5)
    return last


def durability(url: str, before_id: int, acked_file: Path, ok: int) -> str:
    """Every acknowledged session is stored; a few more may be, for requests wrk cut off at its deadline."""
    acked = {int(line) for line in acked_file.read_text().split()}
    stored: set[int] = set()
    for _ in range(40):  # requests still in flight when wrk stopped finish within a moment
        now = stored_session_ids(url, before_id)
        if now == stored:
            break
        stored = now
        time.sleep(0.5)
    lost = len(acked - stored)
    extra = len(stored - acked)
    state = "durable" if lost == 0 and len(acked) == ok else "LOST WRITES"
    return f"{state}: {ok} 2xx, {len(stored)} stored, {lost} acknowledged but missing, {extra} unacknowledged"


# ------------------------------------------------------------------------------------------------ main


def write_fixture(fixture: Fixture, folder: Path) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {"BENCH_TOKENS": "tokens.txt", "BENCH_DATES": "dates.txt", "BENCH_BODIES": "bodies.txt"}
    (folder / files["BENCH_TOKENS"]).write_text("\n".join(fixture.tokens) + "\n")
    (folder / files["BENCH_DATES"]).write_text("\n".join(fixture.get_dates) + "\n")
    (folder / files["BENCH_BODIES"]).write_text("\n".join(fixture.bodies) + "\n")
    out = {key: str(folder / name) for key, name in files.items()}
    out["BENCH_ACKED"] = str(folder / "acked.txt")
    return out


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    """A fresh, empty database on the local server, dropped afterwards."""
    import psycopg

    name = f"gluterx_bench_{random.randrange(16**8):08x}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        base = admin_url.rsplit("/", 1)[0]
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_gluterx(name: str, url: str, tmp: Path, args: argparse.Namespace) -> list[Row]:
    print(f"seeding {args.users} people on {name} ...", flush=True)
    fixture = seed(url, args.users, args.get_days)
    print(f"  seeded in {fixture.seed_s:.1f} s: {len(fixture.get_dates)} days to GET, {len(fixture.bodies)} bodies "
          f"to POST", flush=True)  # fmt: skip
    files = write_fixture(fixture, tmp / name.replace(" ", "_"))
    env = {"GLUTERX_DATABASE_URL": url, "GLUTERX_ENVIRONMENT": "development"}
    paths = {
        "GET today": "/api/v1/today",
        "POST session": "/api/v1/sessions?allow_duplicate=true",
    }  # the same body again: not a duplicate
    log = tmp / f"{name.replace(' ', '_')}.log"
    with server("gluterx.adapters.web.asgi:app", env=env, args=args, log=log) as (base, pid):
        rows = measure(f"gluterx {name}", base, pid, files, paths=paths, args=args, url=url)
    return rows


NGINX_CONF = """
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream gluterx {{
{servers}
        keepalive 128;
    }}
    server {{
        listen {host}:{port};
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


@contextmanager
def gluterx_instance(url: str, log: Path) -> Iterator[tuple[str, int]]:
    """One `gluterx serve` (one worker, as a person runs it) on a free port; its base URL and pid."""
    port = free_port()
    cmd = [str(Path(sys.executable).with_name("gluterx")), "serve", "--host", HOST, "--port", str(port),
           "--workers", "1", "--no-access-log"]  # fmt: skip
    env = {"GLUTERX_DATABASE_URL": url, "GLUTERX_ENVIRONMENT": "development",
           "GLUTERX_FORWARDED_ALLOW_IPS": HOST}  # fmt: skip
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)  # fmt: skip
    base = f"http://{HOST}:{port}"
    try:
        _wait_ready(base, proc, log)
        yield base, proc.pid
    finally:
        _stop(proc)


@contextmanager
def nginx(upstreams: list[str], prefix: Path) -> Iterator[tuple[str, int]]:
    """Debian's nginx on a free port, spreading requests over `upstreams` (keep-alive to them, as docs/deploy.md)."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    port = free_port()
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    servers = "\n".join(f"        server {u.removeprefix('http://')};" for u in upstreams)
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX_CONF.format(prefix=prefix, servers=servers, host=HOST, port=port))
    proc = subprocess.Popen([binary, "-p", str(prefix), "-c", str(conf)], stderr=subprocess.PIPE,
                            start_new_session=True)  # fmt: skip
    base = f"http://{HOST}:{port}"
    try:
        _wait_ready(base, proc, prefix / "error.log")
        yield base, proc.pid
    finally:
        _stop(proc)


def run_nginx(url: str, tmp: Path, args: argparse.Namespace) -> list[Row]:
    """The deployment for many users (docs/deploy.md): two `gluterx serve` instances behind nginx, one PostgreSQL."""
    name = "nginx 2x PostgreSQL"
    print(f"seeding {args.users} people on {name} ...", flush=True)
    fixture = seed(url, args.users, args.get_days)
    files = write_fixture(fixture, tmp / "nginx")
    paths = {
        "GET today": "/api/v1/today",
        "POST session": "/api/v1/sessions?allow_duplicate=true",
    }  # the same body again: not a duplicate
    with (
        gluterx_instance(url, tmp / "instance-a.log") as (a, a_pid),
        gluterx_instance(url, tmp / "instance-b.log") as (b, b_pid),
        nginx([a, b], tmp / "nginx-prefix") as (base, nginx_pid),
    ):
        return measure(f"gluterx {name}", base, [a_pid, b_pid, nginx_pid], files, paths=paths, args=args, url=url)


def run_bare(tmp: Path, args: argparse.Namespace) -> list[Row]:
    fixture = Fixture(tokens=["bare"], get_dates=[TODAY.isoformat()],
                      bodies=[json.dumps(_bare_body(), separators=(",", ":"))])  # fmt: skip
    files = write_fixture(fixture, tmp / "bare")
    paths = {"GET today": "/", "POST session": "/"}
    with server("bare_app:app", env={}, args=args, log=tmp / "bare.log", app_dir=HERE) as (base, pid):
        return measure("bare Starlette", base, pid, files, paths=paths, args=args, url=None)


def _bare_body() -> dict[str, Any]:
    sets = [{"reps": 12, "load_kg": 10.0, "band": None, "rir": 2, "rpe": None}] * 3
    exercises = [{"exercise_id": "glute_bridge", "sets": sets, "pain_during": 1, "felt_in": ["glutes"]}] * 5
    return {"date": TODAY.isoformat(), "exercises": exercises, "notes": "bench"}


def print_table(rows: list[Row], ceiling: dict[tuple[str, int], float]) -> None:
    print()
    head = (f"{'server':28} {'endpoint':13} {'conns':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} "
            f"{'CPU ms/req':>10} {'peak RSS MB':>11} {'÷ ceiling':>9} {'other load':>10}")  # fmt: skip
    print(head)
    print("-" * len(head))
    for r in rows:
        bare = ceiling.get((r.endpoint, r.connections))
        shown = bare and not r.server.startswith("bare") and r.endpoint != "GET warm-up"
        ratio = f"{r.rps / bare:9.2f}" if shown and bare else f"{'':9}"
        print(f"{r.server:28} {r.endpoint:13} {r.connections:5d} {r.rps:8.0f} {r.p50_ms:8.1f} {r.p99_ms:8.1f} "
              f"{r.errors:7d} {r.cpu_ms:10.2f} {r.rss_mb:11.0f} {ratio} {r.other_load:10.2f}")  # fmt: skip
    for r in rows:
        if r.spread:
            print(f"spread, {r.server}, {r.endpoint}, {r.connections} connections: {r.spread}")
    for r in rows:
        if r.durability:
            print(f"durability, {r.server}, {r.connections} connections: {r.durability}")
    for r in rows:
        if r.db_cpu_ms:
            print(
                f"postgres, {r.endpoint}, {r.connections} connections: {r.db_cpu_ms:.2f} ms CPU/request in PostgreSQL"
            )
    print("other load: cores' worth of CPU that other processes on the machine used during the run (should be ~0;")
    print("PostgreSQL's own CPU is not counted there but per request above)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200, help="people to seed (default 200)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per endpoint (default 3)")
    parser.add_argument("--connections", default="10,50,100", help="concurrent clients (default 10,50,100)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (default 1: the machine has 2 cores)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers (default 2)")
    parser.add_argument("--postgres", action="store_true", help="also run on a fresh PostgreSQL database")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="the server to create the database on (default: the local one)")  # fmt: skip
    parser.add_argument(
        "--server",
        choices=SERVER_MODES,
        default="reuseport",
        help="reuseport (default): bench/serve.py, a listener per worker with TCP_NODELAY; nodelay: one shared "
        "listener with TCP_NODELAY; stock: python -m uvicorn as it is (see bench/serve.py)",
    )
    parser.add_argument("--get-warmup", type=int, default=0,
                        help="seconds of GET warm-up, reported as its own row (default: --warmup); the kept "
                        "answers fill during it: users x days x workers of them")  # fmt: skip
    parser.add_argument("--nginx", action="store_true",
                        help="also run two `gluterx serve` instances behind nginx on a fresh PostgreSQL database")  # fmt: skip
    parser.add_argument("--no-bare", action="store_true", help="skip the bare Starlette ceiling")
    parser.add_argument("--no-post", action="store_true", help="GET only (no POST runs)")
    parser.add_argument("--no-get", action="store_true", help="POST only (no GET runs)")
    parser.add_argument("--no-sqlite", action="store_true", help="skip SQLite (with --postgres)")
    parser.add_argument("--get-days", type=int, default=0,
                        help="GET only the N training days nearest today (default: every one from a week back to two "
                             "weeks ahead); 1 is a person asking for today, as in use")  # fmt: skip
    args = parser.parse_args()
    args.connections = [int(c) for c in args.connections.split(",")]
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk); nothing measured")
        return
    import uvicorn

    loop = "uvloop" if _importable("uvloop") else "asyncio"
    http = "httptools" if _importable("httptools") else "h11"
    nodelay = SERVER_MODES[args.server]
    print(f"API throughput: uvicorn {uvicorn.__version__} ({loop}, {http}, {nodelay}), {args.workers} workers, "
          "no access log; "
          f"wrk {args.threads} thread(s), {args.duration} s per run; Python {platform.python_version()}, "
          f"{os.cpu_count()} cores; {TODAY}")  # fmt: skip
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="gluterx-bench-") as folder:
        tmp = Path(folder)
        if not args.no_sqlite:
            rows += run_gluterx("SQLite", f"sqlite:///{tmp / 'bench.db'}", tmp, args)
        if not args.no_bare:
            rows += run_bare(tmp, args)
        if args.postgres:
            with postgres_database(args.postgres_url) as url:
                rows += run_gluterx("PostgreSQL", url, tmp, args)
        if args.nginx:
            with postgres_database(args.postgres_url) as url:
                rows += run_nginx(url, tmp, args)
    ceiling = {(r.endpoint, r.connections): r.rps for r in rows if r.server.startswith("bare")}
    print_table(rows, ceiling)


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


if __name__ == "__main__":
    main()
