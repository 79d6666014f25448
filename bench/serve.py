"""Serve an ASGI app the way `gluterx serve` does (gluterx.adapters.web.server), for the throughput benchmark.

Run: python bench/serve.py APP --host H --port P [--workers N] [--no-access-log] [--log-level L] [--app-dir D]

BENCH_SERVE_MODE=reuseport (default) gives each worker its own SO_REUSEPORT listener, as `gluterx serve` does;
BENCH_SERVE_MODE=nodelay keeps one listener shared by the workers (TCP_NODELAY still fixed), to show the difference.
`bench/api_throughput.py --server stock` runs plain `python -m uvicorn` instead of this script.
"""

from __future__ import annotations

import argparse
import os

from gluterx.adapters.web import server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--no-access-log", dest="access_log", action="store_false")
    parser.add_argument("--log-level", default="info")
    parser.add_argument("--app-dir")
    args = parser.parse_args()
    cfg = server.config(args.app, host=args.host, port=args.port, workers=args.workers, access_log=args.access_log,
                        log_level=args.log_level, app_dir=args.app_dir)  # fmt: skip
    server.run(cfg, shared_listener=os.environ.get("BENCH_SERVE_MODE", "reuseport") == "nodelay")


if __name__ == "__main__":
    main()
