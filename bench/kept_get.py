"""CPU per kept GET /api/v1/today in process: the whole ASGI app (as a server's worker makes it) called directly.

Run: uv run python bench/kept_get.py [--requests 3000] [--rounds 3] [--users 20] [--routed] [--profile]

Seeds a fresh SQLite file (bench/api_throughput.py's people and programme), starts the app's lifespan (so the heap is
frozen, as in a worker), keeps each person's answer for today, then sends rounds of plain signed-in GETs through the
app with no server and no sockets: what is left is the app's own CPU per request (time.process_time), the figure a
shared machine disturbs least. `--routed` sends every request through FastAPI (the fast path switched off), for
comparison. Also prints the garbage collector's pauses during the rounds (gc.callbacks), by generation. Prints
figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import os
import pstats
import sys
import tempfile
import time
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from api_throughput import seed  # noqa: E402 - bench/ is not a package


def _scope(token: str, day: str) -> dict[str, Any]:
    """What uvicorn hands the app for `GET /api/v1/today?date=DAY` with a bearer token."""
    return {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"}, "http_version": "1.1",
            "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 50000), "scheme": "http", "method": "GET",
            "root_path": "", "path": "/api/v1/today", "raw_path": b"/api/v1/today",
            "query_string": f"date={day}".encode(), "state": {},
            "headers": [(b"host", b"127.0.0.1:8000"), (b"authorization", f"Bearer {token}".encode())]}  # fmt: skip


async def _run(args: argparse.Namespace) -> None:
    folder = Path(tempfile.mkdtemp(prefix="gluterx-kept-get-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    fixture = seed(url, args.users, 1)
    os.environ.update(GLUTERX_DATABASE_URL=url, GLUTERX_ENVIRONMENT="development")
    from gluterx.adapters.web import fast
    from gluterx.adapters.web.api.training import kept_results
    from gluterx.adapters.web.app import create_app

    if args.routed:
        fast.plain_request = lambda _scope: None  # type: ignore[assignment]
    app = create_app(freeze_heap=True)

    async def get(token: str, day: str) -> int:
        sent: list[MutableMapping[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: MutableMapping[str, Any]) -> None:
            sent.append(message)

        await app(_scope(token, day), receive, send)
        return int(sent[0]["status"])

    events: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    started = asyncio.Event()

    async def lifespan_send(message: MutableMapping[str, Any]) -> None:
        started.set()

    await events.put({"type": "lifespan.startup"})
    lifespan = asyncio.create_task(app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}},
                                       events.get, lifespan_send))  # fmt: skip
    await started.wait()
    day, tokens = fixture.get_dates[0], fixture.tokens
    for token in tokens:  # computed and kept; the token's first "last used" written
        for _ in range(3):
            assert await get(token, day) == 200
    kept = kept_results(app.state)
    pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
    began: list[float] = [0.0]

    def timing(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            began[0] = time.perf_counter()
        else:
            pauses[info["generation"]].append(time.perf_counter() - began[0])

    gc.callbacks.append(timing)
    mode = "routed through FastAPI" if args.routed else "fast path"
    print(f"{args.requests} kept GETs per round, {len(tokens)} people, {mode}; load average {os.getloadavg()[0]:.1f}")
    for round_ in range(args.rounds):
        hits, cpu, wall = kept.hits, time.process_time(), time.perf_counter()
        for i in range(args.requests):
            await get(tokens[i % len(tokens)], day)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"  round {round_ + 1}: {1000 * cpu / args.requests:.3f} ms CPU per GET "
              f"({1000 * wall / args.requests:.3f} ms wall), {kept.hits - hits} kept answers served")  # fmt: skip
    gc.callbacks.remove(timing)
    for generation, found in pauses.items():
        if found:
            found.sort()
            print(f"  gc generation {generation}: {len(found)} collections, p50 {1000 * found[len(found) // 2]:.3f} "
                  f"ms, max {1000 * found[-1]:.3f} ms")  # fmt: skip
    print(f"  gc thresholds {gc.get_threshold()}, {gc.get_freeze_count():,} objects frozen")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for i in range(args.requests):
            await get(tokens[i % len(tokens)], day)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
    await events.put({"type": "lifespan.shutdown"})
    await lifespan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=3000, help="GETs per round (default 3000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--users", type=int, default=20, help="people to seed (default 20)")
    parser.add_argument("--routed", action="store_true", help="switch the fast path off: every GET through FastAPI")
    parser.add_argument("--profile", action="store_true", help="then one more round under cProfile")
    asyncio.run(_run(parser.parse_args()))


if __name__ == "__main__":
    main()
