"""Small server-drawn SVG charts (inline <svg> is allowed by the CSP; colours come from app.css classes)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup, escape

WIDTH, HEIGHT = 320, 180
LEFT, RIGHT, TOP, BOTTOM = 30, 10, 12, 30
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
CHAR_W = 6.6  # about how wide one 11px axis character is
MAX_X_LABELS = 5


def _short(day: str) -> str:
    d = date.fromisoformat(day)
    return f"{d.day} {d.strftime('%b')}"


def _frame(chart_id: str, title: str, desc: str, body: list[str]) -> Markup:
    head = (
        f'<svg id="{escape(chart_id)}" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" focusable="false">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 - every value above is escaped


def _y_axis(top_value: int, steps: tuple[int, ...]) -> list[str]:
    out = []
    for value in steps:
        y = TOP + PLOT_H - PLOT_H * value / top_value
        out.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    return out


def pain_chart(
    checkins: list[dict[str, Any]],
    *,
    chart_id: str = "pain-chart",
    means: Sequence[tuple[str, float]] = (),
    baseline: float | None = None,
) -> Markup:
    """Morning pain (0-10) over time: a line through each check-in, with the 7-day mean as a dashed line and the
    starting pain as a reference when given."""
    desc = "; ".join(f"{c['date']}: {c['pain']} out of 10" for c in checkins) or "No check-ins yet."
    if means:
        desc += f". 7-day mean now {_fmt(means[-1][1])} out of 10"
    if baseline is not None:
        desc += f", against {_fmt(baseline)} at the start"
    body = _y_axis(10, (0, 5, 10))
    if checkins:
        days = [date.fromisoformat(c["date"]) for c in checkins]
        span = max((days[-1] - days[0]).days, 1)

        def x(d: date) -> float:
            return LEFT + PLOT_W / 2 if len(days) == 1 else LEFT + PLOT_W * (d - days[0]).days / span

        points = [(x(d), TOP + PLOT_H - PLOT_H * c["pain"] / 10) for d, c in zip(days, checkins, strict=True)]
        if baseline is not None:
            body += _Plot(10.0).reference(baseline)
        mean_points = [(x(date.fromisoformat(d)), _Plot(10.0).y(v)) for d, v in means]
        if len(mean_points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in mean_points)
            body.append(f'<polyline class="line mean" points="{path}"/>')
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            body.append(f'<polyline class="line" points="{path}"/>')
        body.extend(f'<circle class="dot" cx="{px:.1f}" cy="{py:.1f}" r="3.5"/>' for px, py in points)
        base = HEIGHT - 8
        first = escape(_short(checkins[0]["date"]))
        anchor = "middle" if len(checkins) == 1 else "start"
        body.append(f'<text class="axis" x="{points[0][0]:.1f}" y="{base}" text-anchor="{anchor}">{first}</text>')
        if len(checkins) > 1:
            last = escape(_short(checkins[-1]["date"]))
            body.append(f'<text class="axis" x="{WIDTH - RIGHT}" y="{base}" text-anchor="end">{last}</text>')
    return _frame(chart_id, "Morning pain, 0 (none) to 10 (worst)", desc, body)


def sessions_chart(weeks: list[dict[str, Any]], *, chart_id: str = "sessions-chart") -> Markup:
    """Sessions done per week as bars, with the planned number as an outline behind each bar."""
    desc = (
        "; ".join(f"week of {w['start']}: {w['done']} done of {w['planned']} planned" for w in weeks) or "No weeks yet."
    )
    top = max([2, *(w["done"] for w in weeks), *(w["planned"] for w in weeks)])
    body = _y_axis(top, tuple(sorted({0, top // 2, top})))
    n = max(len(weeks), 1)
    slot = PLOT_W / n
    bar = min(slot * 0.6, 28)
    every = 1 if n <= 8 else math.ceil(n / MAX_X_LABELS)
    for i, w in enumerate(weeks):
        x = LEFT + slot * i + (slot - bar) / 2
        if w["planned"]:
            h = PLOT_H * w["planned"] / top
            body.append(
                f'<rect class="planned" x="{x:.1f}" y="{TOP + PLOT_H - h:.1f}" width="{bar:.1f}" height="{h:.1f}"/>'
            )
        if w["done"]:
            h = PLOT_H * w["done"] / top
            body.append(
                f'<rect class="bar" x="{x:.1f}" y="{TOP + PLOT_H - h:.1f}" width="{bar:.1f}" height="{h:.1f}"/>'
            )
        if i % every == 0:
            label = f"W{w['week']}" if w["week"] else _short(w["start"])
            body.append(
                f'<text class="axis" x="{x + bar / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle">{escape(label)}</text>'
            )
    return _frame(chart_id, "Sessions done each week (outline: planned)", desc, body)


# ------------------------------------------------------------------------------------------------ general charts
# Colours come from classes c1..c8 in app.css (an accessible, colour-blind-friendly palette); a legend in HTML under
# each chart names the series, and each chart has a table behind it.


@dataclass(frozen=True)
class Series:
    """One named series: `css` is its colour class (c1..c8); `values` line up with the chart's labels or days."""

    label: str
    css: str
    values: Sequence[float | None]


def day_labels(days: Sequence[date]) -> list[str]:
    """'3 Nov' for each day; 'Nov 2025' when the days span more than about a year, so the year is never lost."""
    if days and (max(days) - min(days)).days > 330:
        return [f"{d.strftime('%b')} {d.year}" for d in days]
    return [f"{d.day} {d.strftime('%b')}" for d in days]


def _fmt(value: float) -> str:
    return f"{round(value, 1):g}"


def nice_max(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k at or above `value` (1 for nothing), so the axis reads well."""
    if value <= 0:
        return 1.0
    scale = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0):
        if step * scale >= value - 1e-9:
            return step * scale
    return 10 * scale


@dataclass(frozen=True)
class _Plot:
    """A value axis from 0 to `top`, and a plot area whose left edge makes room for the axis labels."""

    top: float
    suffix: str = ""

    @property
    def ticks(self) -> tuple[float, ...]:
        return (0.0, self.top / 2, self.top)

    def label(self, value: float) -> str:
        return _fmt(value) + self.suffix

    @property
    def left(self) -> float:
        return max(LEFT, 10 + CHAR_W * max(len(self.label(v)) for v in self.ticks))

    @property
    def width(self) -> float:
        return WIDTH - RIGHT - self.left

    def y(self, value: float) -> float:
        return TOP + PLOT_H - PLOT_H * min(max(value, 0.0), self.top) / self.top

    def axis(self) -> list[str]:
        out = []
        for value in self.ticks:
            y = self.y(value)
            out.append(f'<line class="grid" x1="{self.left:.1f}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
            out.append(
                f'<text class="axis" x="{self.left - 6:.1f}" y="{y + 4:.1f}" text-anchor="end">'
                f"{escape(self.label(value))}</text>"
            )
        return out

    def reference(self, value: float) -> list[str]:
        y = self.y(value)
        return [f'<line class="ref" x1="{self.left:.1f}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>']

    def _placed(self, label: str, x: float) -> tuple[str, float, float]:
        """The text anchor that keeps a label inside the chart, and the span it then covers."""
        width = CHAR_W * len(label)
        if x - width / 2 < self.left - 4:
            return "start", x, x + width
        if x + width / 2 > WIDTH - 2:
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
                f'<text class="axis" x="{xs[i]:.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}">{escape(labels[i])}</text>'
            )
        return out

    def slots(self, n: int) -> tuple[list[float], float]:
        """The left edge of each of `n` bars, and the bar width."""
        slot = self.width / max(n, 1)
        bar = max(min(slot * 0.7, 28), 1.5)
        return [self.left + slot * i + (slot - bar) / 2 for i in range(n)], bar


def line_chart(
    chart_id: str,
    title: str,
    desc: str,
    days: Sequence[date],
    series: Sequence[Series],
    *,
    suffix: str = "",
    top: float | None = None,
) -> Markup:
    """Lines over time (x placed by date), a point on each value while there are few; gaps where a value is None.
    `top` fixes the axis's top (a 0-10 scale), else it fits the values."""
    values = [v for s in series for v in s.values if v is not None]
    plot = _Plot(top if top is not None else nice_max(max(values, default=0.0)), suffix)
    body = plot.axis()
    span = max((days[-1] - days[0]).days, 1) if days else 1

    def x(day: date) -> float:
        return plot.left + plot.width / 2 if len(days) == 1 else plot.left + plot.width * (day - days[0]).days / span

    xs = [x(d) for d in days]
    for s in series:
        points = [(xs[i], plot.y(v)) for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            body.append(f'<polyline class="line {s.css}" points="{path}"/>')
        if len(points) <= 40:
            body.extend(f'<circle class="pt {s.css}" cx="{px:.1f}" cy="{py:.1f}" r="3"/>' for px, py in points)
    ends = [0, len(days) - 1] if len(days) > 1 else [0]
    if days:
        labels = day_labels(days)
        body += plot.x_labels([labels[i] for i in ends], [xs[i] for i in ends])
    return _frame(chart_id, title, desc, body)


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    flagged: Sequence[int] = (),
    suffix: str = "",
) -> Markup:
    """One bar per label; `flagged` bars (e.g. a training-load spike) in the warning colour."""
    plot = _Plot(nice_max(max(values, default=0.0)), suffix)
    body = plot.axis()
    lefts, bar = plot.slots(len(values))
    for i, (x, value) in enumerate(zip(lefts, values, strict=True)):
        if value > 0:
            y = plot.y(value)
            css = "bar spike" if i in flagged else "bar"
            body.append(
                f'<rect class="{css}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{TOP + PLOT_H - y:.1f}"/>'
            )
    body += plot.x_labels(labels, [x + bar / 2 for x in lefts])
    return _frame(chart_id, title, desc, body)


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
    plot = _Plot(100.0, "%") if percent else _Plot(nice_max(max(totals, default=0.0)))
    body = plot.axis()
    lefts, bar = plot.slots(len(labels))
    for i, (x, total) in enumerate(zip(lefts, totals, strict=True)):
        base = 0.0
        for s in series:
            value = s.values[i] or 0.0
            if value <= 0 or total <= 0:
                continue
            part = value / total * 100 if percent else value
            y0, y1 = plot.y(base), plot.y(base + part)
            body.append(f'<rect class="{s.css}" x="{x:.1f}" y="{y1:.1f}" width="{bar:.1f}" height="{y0 - y1:.1f}"/>')
            base += part
    if reference is not None:
        body += plot.reference(reference)
    body += plot.x_labels(labels, [x + bar / 2 for x in lefts])
    return _frame(chart_id, title, desc, body)


def legend(series: Sequence[Series], *, extra: Sequence[tuple[str, str]] = ()) -> Markup:
    """The series' names with their colour swatches, as an HTML list under the chart (it wraps on a phone)."""
    items = [(s.css, s.label) for s in series] + list(extra)
    lis = "".join(
        f'<li><span class="key {escape(css)}" aria-hidden="true"></span>{escape(label)}</li>' for css, label in items
    )
    return Markup(f'<ul class="legend">{lis}</ul>')  # noqa: S704 - every value above is escaped
