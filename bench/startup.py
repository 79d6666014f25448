"""Start-up time: `gluterx --help` against a bare `python -c pass` (median of 10 runs each).

Run: uv run python bench/startup.py [--runs N] [--no-hyperfine]
Uses hyperfine (Debian's `hyperfine`) when installed, else a loop of subprocess runs. Then lists the slowest imports
of the CLI (`python -X importtime`), which is where start-up time goes. Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def commands() -> dict[str, list[str]]:
    gluterx = Path(sys.executable).with_name("gluterx")
    return {"python -c pass": [sys.executable, "-c", "pass"], "gluterx --help": [str(gluterx), "--help"]}


def environment(bytecode_cache: bool) -> dict[str, str]:
    """The environment to time in: with Python's bytecode cache (as an installed gluterx runs), or without it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if not bytecode_cache:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="gluterx-nopyc-")  # an empty cache: compile every time
    return env


def with_hyperfine(cmds: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "times.json"
        argv = ["hyperfine", "--warmup", "2", "--runs", str(runs), "--style", "none", "--export-json", str(out)]
        for name, cmd in cmds.items():
            argv += ["--command-name", name, " ".join(cmd)]
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
        results = json.loads(out.read_text())["results"]
    return {r["command"]: [t * 1000 for t in r["times"]] for r in results}


def with_loop(cmds: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for name, cmd in cmds.items():
        for i in range(runs + 2):  # two warm-up runs, as with hyperfine
            start = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
            if i >= 2:
                times[name].append((time.perf_counter() - start) * 1000)
    return times


def slowest_imports(count: int) -> list[tuple[float, str]]:
    """The packages whose first import (with everything it imports) took longest for `gluterx --help`, in ms.

    Top-level packages (fastapi, sqlalchemy, ...) and GluteRx's own modules, from one `python -X importtime` run.
    """
    code = "import sys; sys.argv = ['gluterx', '--help']; from gluterx.adapters.cli.main import run; run()"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        env={**environment(bytecode_cache=True), "COLUMNS": "120"},
    )
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
        if "." not in name or (name.startswith("gluterx.") and name.count(".") >= 2):
            rows.append((int(cumulative) / 1000, name))
    return sorted(rows, reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--no-hyperfine", action="store_true", help="time a loop of subprocess runs instead")
    args = parser.parse_args()
    cmds = commands()
    tool = "hyperfine" if shutil.which("hyperfine") and not args.no_hyperfine else "subprocess loop"
    print(f"start-up, median of {args.runs} runs ({tool}; Python {platform.python_version()}, {os.cpu_count()} cores)")
    for cache in (True, False):
        env = environment(bytecode_cache=cache)
        times = with_hyperfine(cmds, args.runs, env) if tool == "hyperfine" else with_loop(cmds, args.runs, env)
        medians = {name: statistics.median(t) for name, t in times.items()}
        print(
            "  with the bytecode cache (__pycache__, as an installed gluterx runs):"
            if cache
            else "  without it (PYTHONDONTWRITEBYTECODE=1 and an empty cache: every module compiled at every start):"
        )
        for name, t in times.items():
            print(f"    {name:16} median {medians[name]:7.1f} ms   min {min(t):7.1f} ms   max {max(t):7.1f} ms")
        base = medians["python -c pass"]
        print(f"    gluterx --help costs {medians['gluterx --help'] - base:.0f} ms over the interpreter's own start "
              f"({medians['gluterx --help'] / base:.1f}x)")  # fmt: skip
    print("  slowest imports of `gluterx --help` (cumulative ms, one -X importtime run; nested ones overlap):")
    for ms, name in slowest_imports(12):
        print(f"    {ms:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
