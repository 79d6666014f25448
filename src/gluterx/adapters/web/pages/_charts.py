"""Small server-drawn SVG charts (inline <svg> is allowed by the CSP; colours come from app.css classes)."""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import Markup, escape

WIDTH, HEIGHT = 320, 180
LEFT, RIGHT, TOP, BOTTOM = 30, 10, 12, 30
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


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


def pain_chart(checkins: list[dict[str, Any]], *, chart_id: str = "pain-chart") -> Markup:
    """Morning pain (0-10) over time: a line through each check-in."""
    desc = "; ".join(f"{c['date']}: {c['pain']} out of 10" for c in checkins) or "No check-ins yet."
    body = _y_axis(10, (0, 5, 10))
    if checkins:
        days = [date.fromisoformat(c["date"]) for c in checkins]
        span = max((days[-1] - days[0]).days, 1)

        def x(d: date) -> float:
            return LEFT + PLOT_W / 2 if len(days) == 1 else LEFT + PLOT_W * (d - days[0]).days / span

        points = [(x(d), TOP + PLOT_H - PLOT_H * c["pain"] / 10) for d, c in zip(days, checkins, strict=True)]
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
    every = 1 if n <= 8 else 2 if n <= 16 else 4
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
