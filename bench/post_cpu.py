"""CPU per POST /api/v1/sessions, in process: the whole ASGI app called directly, one request at a time.

Run: uv run python bench/post_cpu.py [--users N] [--posts N] [--mode threaded|inline] [--top N] [--cache DIR]
         [--without snapshot|decide-ahead|group-commit|fast-path]

An older checkout's code can be measured by the same script: PYTHONPATH=<its src> .venv/bin/python bench/post_cpu.py

Seeds an SQLite file as bench/api_throughput.py does (N people, each with a token, a programme started three weeks
ago and two sessions), builds the app as a server's worker does (`create_app()`), then sends `--posts` POSTs (the same
bodies and `?allow_duplicate=true` as the wrk run: a random token and a random past training day each) and prints:

- CPU ms per POST (time.process_time: every thread of the process, so the thread pool and the committer count);
- where it goes, per POST: each step's CPU measured in the thread that runs it (time.thread_time), namely the signed-in
  lookup, checking SESSION.json, judging the log, the writing work (the INSERTs, the revision bump), all the
  committer thread did (on SQLite: BEGIN, each log's SAVEPOINT, its reads, judgement and writes), the COMMIT,
  building the answer; "the rest" is uvicorn-less HTTP (routing, middleware, FastAPI's dependency and response
  machinery) and the thread hand-offs;
- with --top N, cProfile's top N functions by own and by cumulative time, and Python function calls per POST (a
  count that load does not disturb), run `--mode inline` (the thread pool and the committer called
  in the calling thread, so one profiler sees everything; the figures then leave out the hand-offs).

CPU time is far less disturbed by a busy machine than wall time or req/s; the load average is printed beside it.
Prints figures only; it asserts nothing. A digest of the answers' bodies (their session ids set aside) is printed so
that runs before and after a change can be compared: it changes only when what the POSTs answer changes.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import hashlib
import json
import os
import pstats
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

_spent: dict[str, float] = defaultdict(float)


def _timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn`, its CPU time (in the thread that runs it) added to `name`."""

    def timed(*args: Any, **kwargs: Any) -> Any:
        began = time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            _spent[name] += time.thread_time() - began

    return timed


def _atimed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    async def timed(*args: Any, **kwargs: Any) -> Any:
        began = time.thread_time()
        try:
            return await fn(*args, **kwargs)
        finally:
            _spent[name] += time.thread_time() - began

    return timed


@contextmanager
def _patched(target: Any, name: str, value: Any) -> Iterator[None]:
    old = getattr(target, name)
    setattr(target, name, value)
    try:
        yield
    finally:
        setattr(target, name, old)


def _instrument(stack: Any, inline: bool) -> None:
    """Wrap the POST path's steps with CPU timers (and, `inline`, run the pool's and the committer's work here)."""
    from sqlalchemy.engine import Connection

    from gluterx.adapters.db import uow as uow_module
    from gluterx.adapters.web import deps
    from gluterx.adapters.web.api import training
    from gluterx.services import log_session as log_module

    timers = [
        (deps, "_from_bearer", "signed-in lookup"),
        (training, "parse_session", "SESSION.json checked"),
        (training, "log_json", "answer built"),
        (log_module, "judge_exercises", "judging (judge_exercises)"),
        (log_module, "_write", "writes (in the committer)"),
        (log_module, "person_revision", "revision reads"),
        (log_module, "log_session", "log_session (all)"),
        (Connection, "commit", "COMMIT"),
        (getattr(uow_module, "SharedCommits", None), "_batch", "committer (all)"),
    ]
    for target, name, label in timers:  # (an older checkout may lack some: bench its code all the same)
        if target is not None and hasattr(target, name):
            stack.enter_context(_patched(target, name, _timed(label, getattr(target, name))))
    stack.enter_context(_patched(training, "log_session", log_module.log_session))
    try:  # the lookup of the layer in front of the router (adapters/web/fast_log.py), where there is one
        from gluterx.adapters.web.fast import SignedIn
    except ImportError:  # an older checkout
        pass
    else:
        stack.enter_context(_patched(SignedIn, "caller", _atimed("signed-in lookup (in front)", SignedIn.caller)))
    if inline:

        async def here(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
            return fn(*args, **kwargs)

        stack.enter_context(_patched(training, "run_in_threadpool", here))
        stack.enter_context(_patched(deps, "run_in_threadpool", here))
        if hasattr(uow_module, "shared_commits"):
            stack.enter_context(_patched(uow_module, "shared_commits", lambda engine: None))


def _leave_out(stack: Any, parts: list[str]) -> None:
    from gluterx.adapters.db import uow as uow_module
    from gluterx.services import log_session as log_module

    if "snapshot" in parts and hasattr(log_module, "person_revision"):  # code from before the snapshot went
        stack.enter_context(_patched(log_module, "read_only", lambda uow: uow))
    if "fast-path" in parts:  # every POST routed through FastAPI (adapters/web/fast_log.py switched off)
        try:
            from gluterx.adapters.web import fast_log
        except ImportError:
            return
        stack.enter_context(_patched(fast_log, "plain_post", lambda _scope: None))
    if "decide-ahead" in parts and hasattr(uow_module, "_decide_ahead"):  # every log judged inside the lock
        stack.enter_context(_patched(uow_module, "_decide_ahead", lambda _engine, _batch: None))
    if "group-commit" in parts and hasattr(uow_module, "shared_commits"):
        stack.enter_context(_patched(uow_module, "shared_commits", lambda engine: None))


async def _call(app: Any, path: str, query: str, headers: list[tuple[bytes, bytes]], body: bytes) -> tuple[int, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    sent = False
    status = 0
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


def _seeded(path: Path, users: int, cache: Path | None) -> tuple[list[str], list[str]]:
    """Seed `path` as api_throughput does (or copy the cached seed of as many people); the tokens and the bodies."""
    from api_throughput import seed

    kept = cache / f"seed-{users}.db" if cache else None
    if kept is not None and kept.exists():
        shutil.copyfile(kept, path)
        found = json.loads(kept.with_suffix(".json").read_text())
        return found["tokens"], found["bodies"]
    fixture = seed(f"sqlite:///{path}", users)
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, kept)
        kept.with_suffix(".json").write_text(json.dumps({"tokens": fixture.tokens, "bodies": fixture.bodies}))
    return fixture.tokens, fixture.bodies


CHUNK = 20
_SESSION_ID = re.compile(rb'"session_id":\s*\d+')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50, help="people to seed (default 50)")
    parser.add_argument("--posts", type=int, default=300, help="POSTs to time (default 300)")
    parser.add_argument("--warmup", type=int, default=30, help="POSTs sent first, not timed (default 30)")
    parser.add_argument("--mode", choices=("threaded", "inline"), default="threaded")
    parser.add_argument("--top", type=int, default=0, help="print cProfile's top N by own time (implies inline)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--without",
        nargs="*",
        default=[],
        choices=("snapshot", "decide-ahead", "group-commit", "fast-path"),
        help="for finding where the CPU goes: judge inside the writing transaction (snapshot: code from the morning "
        "of 2026-12-06 judged each request's own read-only snapshot first; decide-ahead: the committer judges "
        "every log inside the writers' lock, as from then until the afternoon), write in the request's own "
        "transaction (no shared COMMIT), or route every POST through FastAPI (no layer in front, "
        "adapters/web/fast_log.py)",
    )
    parser.add_argument("--profile-out", type=Path, help="with --top: also save the profile here (pstats)")
    parser.add_argument(
        "--cache",
        type=Path,
        help="a folder keeping the seeded file (seeded there when missing, then "
        "copied for each run, so runs before and after a change start from the same store)",
    )
    args = parser.parse_args()
    inline = args.mode == "inline" or args.top > 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "post.db"
        url = f"sqlite:///{path}"
        os.environ["GLUTERX_DATABASE_URL"] = url
        os.environ.setdefault("GLUTERX_ENVIRONMENT", "development")
        tokens, bodies = _seeded(path, args.users, args.cache)
        from contextlib import ExitStack

        from gluterx.adapters.web.app import create_app

        app = create_app()
        rng = random.Random(args.seed)
        requests = []
        for _ in range(args.warmup + args.posts):
            token, body = rng.choice(tokens), rng.choice(bodies)
            headers = [(b"host", b"127.0.0.1"), (b"authorization", f"Bearer {token}".encode()),
                       (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]  # fmt: skip
            requests.append((headers, body.encode()))
        digest = hashlib.sha256()
        statuses: dict[int, int] = defaultdict(int)
        profiler = cProfile.Profile(time.thread_time) if args.top else None

        chunks: list[float] = []  # CPU ms per POST over each run of CHUNK POSTs: their median is steadier under load

        async def run() -> float:
            for headers, body in requests[: args.warmup]:
                await _call(app, "/api/v1/sessions", "allow_duplicate=true", headers, body)
            _spent.clear()
            began = time.process_time()
            if profiler is not None:
                profiler.enable()
            mark = began
            for i, (headers, body) in enumerate(requests[args.warmup :], start=1):
                if i % CHUNK == 0:
                    now = time.process_time()
                    chunks.append((now - mark) * 1000 / CHUNK)
                    mark = now
                status, answer = await _call(app, "/api/v1/sessions", "allow_duplicate=true", headers, body)
                statuses[status] += 1
                digest.update(_SESSION_ID.sub(b'"session_id":0', answer))
            if profiler is not None:
                profiler.disable()
            return time.process_time() - began

        with ExitStack() as stack:
            _instrument(stack, inline)
            _leave_out(stack, args.without)
            used = asyncio.run(run())
        load = os.getloadavg()
        n = args.posts
        mode = args.mode if not args.top else "inline, profiled"
        mode += "".join(f", without {part}" for part in args.without)
        print(f"POST /api/v1/sessions in process ({mode}), SQLite, "
              f"{args.users} people, {n} POSTs after {args.warmup} warm-up; load average {load[0]:.2f} "
              f"{load[1]:.2f} {load[2]:.2f}")  # fmt: skip
        print(f"  statuses: {dict(statuses)}; answers' digest {digest.hexdigest()[:16]}")
        print(f"  CPU per POST: {used * 1000 / n:.2f} ms (process time, every thread); median of {len(chunks)} runs of "
              f"{CHUNK}: {statistics.median(chunks):.2f} ms, lowest {min(chunks):.2f} ms")  # fmt: skip
        steps = dict(_spent)
        for name, seconds in sorted(steps.items(), key=lambda kv: -kv[1]):
            print(f"    {name:34} {seconds * 1000 / n:6.2f} ms")
        outer = ("signed-in lookup", "SESSION.json checked", "log_session (all)", "committer (all)", "answer built")
        counted = sum(seconds for name, seconds in steps.items() if name.startswith(outer))
        if not inline:
            print(f"    {'the rest (HTTP, FastAPI, hand-offs)':34} {(used - counted) * 1000 / n:6.2f} ms")
        if profiler is not None:
            stats = pstats.Stats(profiler)
            calls = stats.total_calls  # type: ignore[attr-defined]
            print(f"  Python function calls per POST: {calls / n:,.0f} (cProfile; steady under load, unlike CPU time)")
            if args.profile_out:
                stats.dump_stats(args.profile_out)
            stats.sort_stats("tottime").print_stats(args.top)
            stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
