"""A value axis that reads well, shared by the web page's SVG charts and the PDF report's charts."""

from __future__ import annotations

import math

__all__ = ["nice_top", "ticks"]


def nice_top(value: float, *, counts: bool = False) -> tuple[float, float]:
    """A round axis maximum at or above `value` and its tick step (1, 2, 2.5 or 5 x 10^n, about 4-5 ticks); whole
    steps for `counts`."""
    value = max(value, 2.0 if counts else 1.0)
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if counts:
        step = max(1, math.ceil(step))
    return step * math.ceil(value / step - 1e-9), step


def ticks(top: float, step: float) -> tuple[float, ...]:
    """0, step, 2 x step ... top: evenly spaced, so no two gaps between labels differ."""
    return tuple(round(i * step, 6) for i in range(round(top / step) + 1))
