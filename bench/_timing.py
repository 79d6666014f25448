"""Shared by the in-process benchmarks: time a call several times."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_and_best(fn: Callable[[], object], rounds: int) -> tuple[float, float]:
    """(median, fastest) wall time of `rounds` calls of `fn`, in milliseconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)
