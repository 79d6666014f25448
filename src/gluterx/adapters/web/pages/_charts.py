"""Small server-drawn SVG charts (inline <svg> is allowed by the CSP; colours come from app.css classes).

Each chart is drawn twice from the same values: a narrow one for a phone (320 x 180) and a wide one for a card on a
desktop (640 x 220), and app.css shows one of them. One drawing scaled up to a desktop card either left the card half
empty or blew its axis text up to twice its size; drawn at the card's own proportions, the text stays the size it is
on a phone. The narrow drawing keeps the chart's id (the page's links and tests find it), the wide one adds "-wide".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from gluterx.adapters.axis import nice_top, ticks

WIDTH, HEIGHT = 320, 180  # the narrow drawing; the wide one is WIDE_WIDTH x WIDE_HEIGHT
WIDE_WIDTH, WIDE_HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 30, 10, 12, 30
CHAR_W = 6.6  # about how wide one 11px axis character is
MAX_X_LABELS = 5


@dataclass(frozen=True)
class Series:
    """One named series: `css` is its colour class (c1..c8); `values` line up with the chart's labels or days."""

    label: str
    css: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Bars:
    """Weekly counts as bars, with an outline behind each bar (the planned number) when `outlines` is given."""

    labels: Sequence[str]
    values: Sequence[float]
    outlines: Sequence[float] = ()


def day_labels(days: Sequence[date]) -> list[str]:
    """'3 Nov' for each day; 'Nov 2025' when the days span more than about a year, so the year is never lost."""
    if days and (max(days) - min(days)).days > 330:
        return [f"{d.strftime('%b')} {d.year}" for d in days]
    return [f"{d.day} {d.strftime('%b')}" for d in days]


def _fmt(value: float) -> str:
    return f"{round(value, 1):g}"


@dataclass(frozen=True)
class _Plot:
    """A value axis from 0 to `top` in evenly spaced `step`s, on a drawing `size` wide and high, and a plot area
    whose left edge makes room for the axis labels."""

    top: float
    step: float
    suffix: str = ""
    size: tuple[int, int] = (WIDTH, HEIGHT)

    @property
    def ticks(self) -> tuple[float, ...]:
        return ticks(self.top, self.step)

    def label(self, value: float) -> str:
        return _fmt(value) + self.suffix

    @property
    def right(self) -> float:
        return self.size[0] - RIGHT

    @property
    def bottom(self) -> float:
        return self.size[1] - BOTTOM

    @property
    def left(self) -> float:
        return max(LEFT, 10 + CHAR_W * max(len(self.label(v)) for v in self.ticks))

    @property
    def width(self) -> float:
        return self.right - self.left

    def y(self, value: float) -> float:
        return self.bottom - (self.bottom - TOP) * min(max(value, 0.0), self.top) / self.top

    def axis(self) -> list[str]:
        out = []
        for value in self.ticks:
            y = self.y(value)
            out.append(f'<line class="grid" x1="{self.left:.1f}" x2="{self.right}" y1="{y:.1f}" y2="{y:.1f}"/>')
            out.append(
                f'<text class="axis" x="{self.left - 6:.1f}" y="{y + 4:.1f}" text-anchor="end">'
                f"{escape(self.label(value))}</text>"
            )
        return out

    def reference(self, value: float) -> list[str]:
        y = self.y(value)
        return [f'<line class="ref" x1="{self.left:.1f}" x2="{self.right}" y1="{y:.1f}" y2="{y:.1f}"/>']

    def _placed(self, label: str, x: float) -> tuple[str, float, float]:
        """The text anchor that keeps a label inside the chart, and the span it then covers."""
        width = CHAR_W * len(label)
        if x - width / 2 < self.left - 4:
            return "start", x, x + width
        if x + width / 2 > self.size[0] - 2:
            return "end", x - width, x
        return "middle", x - width / 2, x + width / 2

    def x_labels(self, labels: Sequence[str], xs: Sequence[float]) -> list[str]:
        """At most five labels, evenly picked and never overlapping, always the first and (room allowing) the last."""
        n = len(labels)
        if n == 0:
            return []
        every = max(1, math.ceil(n / MAX_X_LABELS))
        picked: list[int] = []
        for i in dict.fromkeys([*range(0, n, every), n - 1]):
            if picked and self._placed(labels[i], xs[i])[1] < self._placed(labels[picked[-1]], xs[picked[-1]])[2] + 6:
                if i == n - 1 and len(picked) > 1:
                    before = picked[-2]
                    if self._placed(labels[i], xs[i])[1] >= self._placed(labels[before], xs[before])[2] + 6:
                        picked[-1] = i  # the last label matters more than the one before it
                continue
            picked.append(i)
        out = []
        for i in picked:
            anchor = self._placed(labels[i], xs[i])[0]
            out.append(
                f'<text class="axis" x="{xs[i]:.1f}" y="{self.size[1] - 8}" text-anchor="{anchor}">'
                f"{escape(labels[i])}</text>"
            )
        return out

    def slots(self, n: int) -> tuple[list[float], float]:
        """The left edge of each of `n` bars, and the bar width."""
        slot = self.width / max(n, 1)
        bar = max(min(slot * 0.7, 28), 1.5)
        return [self.left + slot * i + (slot - bar) / 2 for i in range(n)], bar

    def bar(self, css: str, x: float, width: float, low: float, high: float) -> str:
        y0, y1 = self.y(low), self.y(high)
        return f'<rect class="{css}" x="{x:.1f}" y="{y1:.1f}" width="{width:.1f}" height="{y0 - y1:.1f}"/>'


def _scale(top_value: float, suffix: str = "", *, fixed: bool = False, counts: bool = False) -> Callable[..., _Plot]:
    """An axis for values up to `top_value`: round, evenly spaced ticks (whole ones for `counts`); `fixed` keeps
    `top_value` as the top (a 0-10 scale, 100%) with ticks at its quarters or halves. Returns the plot for a size."""
    if fixed:
        top, step = top_value, (top_value / 4 if top_value % 4 == 0 else top_value / 2)
    else:
        top, step = nice_top(top_value, counts=counts)
    return lambda size: _Plot(top, step, suffix, size)


def _both(
    chart_id: str, title: str, desc: str, draw: Callable[[_Plot], list[str]], scale: Callable[..., _Plot]
) -> Markup:
    """The narrow and the wide drawing of one chart (app.css shows one), each with its title and description."""
    out = []
    for suffix, css, size in (("", "narrow", (WIDTH, HEIGHT)), ("-wide", "wide", (WIDE_WIDTH, WIDE_HEIGHT))):
        plot = scale(size)
        ident = escape(chart_id + suffix)
        out.append(
            f'<svg id="{ident}" class="chart {css}" viewBox="0 0 {size[0]} {size[1]}" role="img" '
            f'aria-labelledby="{ident}-title {ident}-desc" focusable="false">'
            f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
            + "".join(draw(plot))
            + "</svg>"
        )
    return Markup("".join(out))  # noqa: S704 - every value above is escaped


def line_chart(
    chart_id: str,
    title: str,
    desc: str,
    days: Sequence[date],
    series: Sequence[Series],
    *,
    suffix: str = "",
    top: float | None = None,
    reference: float | None = None,
    dots: str | None = None,
) -> Markup:
    """Lines over time (x placed by date), a point on each value while there are few; gaps where a value is None.
    `top` fixes the axis's top (a 0-10 scale), else it fits the values; `reference` draws a dotted line at that value;
    `dots` puts points of that class only on the series with that css class (the pain chart's check-ins)."""
    values = [v for s in series for v in s.values if v is not None]
    scale = _scale(top, suffix, fixed=True) if top is not None else _scale(max(values, default=0.0), suffix)
    span = max((days[-1] - days[0]).days, 1) if days else 1

    def draw(plot: _Plot) -> list[str]:
        body = plot.axis()
        if reference is not None:
            body += plot.reference(reference)
        xs = [
            plot.left + plot.width / 2 if len(days) == 1 else plot.left + plot.width * (d - days[0]).days / span
            for d in days
        ]
        for s in series:
            points = [(xs[i], plot.y(v)) for i, v in enumerate(s.values) if v is not None]
            if len(points) > 1:
                path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
                body.append(f'<polyline class="line {s.css}" points="{path}"/>')
            if dots is None and len(points) <= 40:
                body.extend(f'<circle class="pt {s.css}" cx="{px:.1f}" cy="{py:.1f}" r="3"/>' for px, py in points)
            elif dots == s.css:
                body.extend(f'<circle class="dot" cx="{px:.1f}" cy="{py:.1f}" r="3.5"/>' for px, py in points)
        ends = [0, len(days) - 1] if len(days) > 1 else [0]
        if days:
            labels = day_labels(days)
            body += plot.x_labels([labels[i] for i in ends], [xs[i] for i in ends])
        return body

    return _both(chart_id, title, desc, draw, scale)


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    flagged: Sequence[int] = (),
    suffix: str = "",
    outlines: Sequence[float] = (),
    counts: bool = False,
) -> Markup:
    """One bar per label; `flagged` bars (e.g. a training-load spike) in the warning colour; `outlines` draws a
    dashed outline over each (the planned number of sessions); `counts` keeps the axis's ticks whole numbers."""
    scale = _scale(max([*values, *outlines], default=0.0), suffix, counts=counts)

    def draw(plot: _Plot) -> list[str]:
        body = plot.axis()
        lefts, bar = plot.slots(len(values))
        for i, (x, value) in enumerate(zip(lefts, values, strict=True)):
            if value > 0:
                body.append(plot.bar("bar spike" if i in flagged else "bar", x, bar, 0.0, value))
            if i < len(outlines) and outlines[i] > 0:  # on top, so a bar above the plan does not hide it
                body.append(plot.bar("plan-line", x, bar, 0.0, outlines[i]))
        return body + plot.x_labels(labels, [x + bar / 2 for x in lefts])

    return _both(chart_id, title, desc, draw, scale)


def stacked_chart(
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    percent: bool = False,
    reference: float | None = None,
) -> Markup:
    """Stacked bars, one per label; with `percent` each bar is scaled to 100% of its total; `reference` draws a
    dotted line at that value (name it in the legend)."""
    totals = [sum(s.values[i] or 0.0 for s in series) for i in range(len(labels))]
    scale = _scale(100.0, "%", fixed=True) if percent else _scale(max(totals, default=0.0))

    def draw(plot: _Plot) -> list[str]:
        body = plot.axis()
        lefts, bar = plot.slots(len(labels))
        for i, (x, total) in enumerate(zip(lefts, totals, strict=True)):
            base = 0.0
            for s in series:
                value = s.values[i] or 0.0
                if value <= 0 or total <= 0:
                    continue
                part = value / total * 100 if percent else value
                body.append(plot.bar(s.css, x, bar, base, base + part))
                base += part
        if reference is not None:
            body += plot.reference(reference)
        return body + plot.x_labels(labels, [x + bar / 2 for x in lefts])

    return _both(chart_id, title, desc, draw, scale)


def pain_chart(
    days: Sequence[date],
    pain: Sequence[float],
    *,
    chart_id: str = "pain-chart",
    means: Sequence[float] = (),
    baseline: float | None = None,
) -> Markup:
    """Morning pain (0-10) over time: a line through each day's pain with a dot on each, the 7-day mean as a dashed
    line and the starting pain as a reference when given."""
    desc = "; ".join(f"{d}: {_fmt(p)} out of 10" for d, p in zip(days, pain, strict=True)) or "No check-ins yet."
    if means:
        desc += f". 7-day mean now {_fmt(means[-1])} out of 10"
    if baseline is not None:
        desc += f", against {_fmt(baseline)} at the start"
    series = [Series("7-day mean", "mean", list(means))] if len(means) > 1 else []
    series.append(Series("Each morning", "accent", list(pain)))
    title = "Morning pain, 0 (none) to 10 (worst)"
    return line_chart(chart_id, title, desc, days, series, top=10, reference=baseline, dots="accent")


def sessions_chart(bars: Bars, *, chart_id: str = "sessions-chart") -> Markup:
    """Sessions done per week as bars, with the planned number as a dashed outline over each bar."""
    desc = (
        "; ".join(
            f"week of {label}: {_fmt(done)} done of {_fmt(planned)} planned"
            for label, done, planned in zip(bars.labels, bars.values, bars.outlines, strict=True)
        )
        or "No weeks yet."
    )
    title = "Sessions done each week (dashed outline: planned)"
    return bar_chart(chart_id, title, desc, bars.labels, bars.values, outlines=bars.outlines, counts=True)


def legend(series: Sequence[Series], *, extra: Sequence[tuple[str, str]] = ()) -> Markup:
    """The series' names with their colour swatches, as an HTML list under the chart (it wraps on a phone)."""
    items = [(s.css, s.label) for s in series] + list(extra)
    lis = "".join(
        f'<li><span class="key {escape(css)}" aria-hidden="true"></span>{escape(label)}</li>' for css, label in items
    )
    return Markup(f'<ul class="legend">{lis}</ul>')  # noqa: S704 - every value above is escaped
