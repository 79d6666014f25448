"""Drawing every exercise's demonstration figure (target: all of them in <= 1 s together; each <= 15 kB gzipped).

Run: uv run python bench/figures.py [--rounds N]
Prints figures only; it asserts nothing, so a busy machine cannot make it fail. Each round draws every figure afresh
(animated and still), as a new server process does the first time each is shown; the plausibility check, which the
tests and `gluterx exercises gallery` run, is timed once on its own.
"""

from __future__ import annotations

import argparse
import gzip
import platform
import statistics
import time

from gluterx.data import check_figures, load_figures, load_library
from gluterx.services import figures as service


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    library = load_library()
    started = time.perf_counter()
    check_figures()
    checked = time.perf_counter() - started
    figures = load_figures()
    timings, cpu = [], []
    sizes: list[tuple[int, str]] = []
    for _ in range(max(args.rounds, 1)):
        service._CACHE.clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        drawn = {i: service.demonstration(figures, library, i) for i in figures}
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    for exercise_id, demo in drawn.items():
        assert demo is not None
        sizes.append((len(gzip.compress(demo.animated.encode(), compresslevel=6)), exercise_id))
    sizes.sort()
    print(f"python {platform.python_version()} on {platform.machine()}, {len(figures)} figures")
    print(f"draw all (animated + still): median {statistics.median(timings) * 1000:.0f} ms over {len(timings)} rounds "
          f"(min {min(timings) * 1000:.0f} ms; this process's CPU time: min {min(cpu) * 1000:.0f} ms, steadier on a "
          f"busy machine)   target <= 1000 ms")  # fmt: skip
    print(f"check all (plausibility, 25 moments each): {checked * 1000:.0f} ms")
    print(f"gzipped animated SVG: median {statistics.median(s for s, _ in sizes) / 1000:.1f} kB, "
          f"largest {sizes[-1][0] / 1000:.1f} kB ({sizes[-1][1]})   target <= 15 kB each")  # fmt: skip


if __name__ == "__main__":
    main()
