"""Charts drawn from lines and rectangles: axes, date axes, legends and (stacked or grouped) weekly bars."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from fpdf.enums import XPos, YPos

from gluterx.adapters.axis import nice_top

from ._layout import Layout
from ._style import AXIS, CHART_H, GRID, INK, LONG_SPAN_DAYS, MUTED, RED, RGB, WIDTH
from ._text import latin1, short_day

__all__ = ["Charts", "nice_top"]


class Charts(Layout):
    """The report's chart primitives, on top of its text blocks."""

    def chart_area(self, title: str, height: float = CHART_H) -> tuple[float, float, float, float]:
        """Room for a chart with its title; returns the plot box (x, y, w, h) inside the axis labels."""
        self.room(height + 16)
        self.font(9, "B", INK)
        self.pdf.cell(0, 5, latin1(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        top = self.pdf.get_y() + 2
        box = (self.pdf.l_margin + 12, top, WIDTH - 14, height)
        self.pdf.set_y(top + height + 6.5)
        return box

    def label(self, x: float, y: float, w: float, text: str, align: str = "C") -> None:
        """A one-line label at (x, y), leaving the cursor where it was (charts draw around the text flow)."""
        keep = self.pdf.get_x(), self.pdf.get_y()
        self.pdf.set_xy(x, y)
        self.pdf.cell(w, 4, latin1(text), align=align)
        self.pdf.set_xy(*keep)

    def y_axis(self, box: tuple[float, float, float, float], top: float, step: float, unit: str = "") -> None:
        x, y, w, h = box
        pdf = self.pdf
        pdf.set_line_width(0.15)
        self.font(7, "", MUTED)
        value = 0.0
        while value <= top + 1e-9:
            yy = y + h - h * value / top
            pdf.set_draw_color(*(AXIS if value == 0 else GRID))
            pdf.line(x, yy, x + w, yy)
            self.label(x - 12, yy - 2, 11, f"{value:g}{unit}", "R")
            value += step
        pdf.set_draw_color(*AXIS)
        pdf.line(x, y, x, y + h)

    def x_label(self, cx: float, box: tuple[float, float, float, float], text: str, align: str = "C") -> None:
        _, y, _, h = box
        self.font(7, "", MUTED)
        width = 20
        left = cx - width / 2 if align == "C" else cx if align == "L" else cx - width
        self.label(left, y + h + 1, width, text, align)

    def legend(self, entries: Sequence[tuple[str, RGB, str]], *, after: float = 0) -> None:
        """One line of keys under a chart: (label, colour, 'box' | 'line' | 'dash' | 'dot' | 'outline')."""
        pdf = self.pdf
        x = pdf.l_margin + 12
        y = pdf.get_y() + after
        self.font(7.5, "", INK)
        for label, colour, kind in entries:
            pdf.set_draw_color(*colour)
            pdf.set_fill_color(*colour)
            pdf.set_line_width(0.5)
            if kind == "box":
                pdf.rect(x, y + 0.8, 3.5, 2.6, style="F")
            elif kind == "outline":
                pdf.set_line_width(0.3)
                pdf.rect(x, y + 0.8, 3.5, 2.6, style="D")
            elif kind == "dot":
                pdf.circle(x + 1.75, y + 2.1, 0.9, style="F")
            else:
                if kind == "dash":
                    pdf.set_dash_pattern(1.2, 0.8)
                pdf.line(x, y + 2.1, x + 4.5, y + 2.1)
                pdf.set_dash_pattern()
            pdf.set_xy(x + 5.5, y)
            text = latin1(label)
            pdf.cell(pdf.get_string_width(text) + 1, 4.2, text)
            x += 5.5 + pdf.get_string_width(text) + 6
        pdf.set_y(y + 6.5)

    def date_axis(self, box: tuple[float, float, float, float], first: date, last: date) -> Callable[[date], float]:
        x, _, w, _ = box
        span = max((last - first).days, 1)
        pad = 3.0

        def at(day: date) -> float:
            if first == last:
                return x + w / 2
            return x + pad + (w - 2 * pad) * (day - first).days / span

        ticks = 5 if span >= 20 else 3 if span >= 6 else 2
        for i in range(ticks):
            day = first + timedelta(days=round(span * i / (ticks - 1))) if first != last else first
            align = "L" if i == 0 and first != last else "R" if i == ticks - 1 and first != last else "C"
            self.x_label(at(day), box, short_day(day, long_span=span > LONG_SPAN_DAYS), align)
            if first == last:
                break
        return at

    def bars(
        self,
        title: str,
        weeks: Sequence[date],
        stacks: Sequence[Sequence[tuple[float, RGB]]],
        *,
        top: float,
        step: float,
        unit: str = "",
        outlines: Sequence[float | None] | None = None,
        marks: Sequence[bool] | None = None,
        grouped: bool = False,
    ) -> tuple[float, float, float, float]:
        """A bar per week, each a stack of (value, colour) (or side by side when `grouped`), with an optional
        outline (e.g. planned) behind it."""
        box = self.chart_area(title)
        self.y_axis(box, top, step, unit)
        x, y, w, h = box
        pdf = self.pdf
        n = max(len(weeks), 1)
        slot = w / n
        bar = min(slot * 0.62, 24 if grouped else 14)
        every = 1 if n <= 10 else 2 if n <= 20 else 4
        long_span = bool(weeks) and (weeks[-1] - weeks[0]).days > LONG_SPAN_DAYS
        for i, wk in enumerate(weeks):
            bx = x + slot * i + (slot - bar) / 2
            if outlines is not None and (planned := outlines[i]):
                ph = h * min(planned, top) / top
                pdf.set_draw_color(*MUTED)
                pdf.set_line_width(0.3)
                pdf.set_dash_pattern(1, 0.7)
                pdf.rect(bx - 0.8, y + h - ph, bar + 1.6, ph, style="D")
                pdf.set_dash_pattern()
            base = y + h
            parts = stacks[i]
            part_w = bar / max(len(parts), 1) if grouped else bar
            for j, (value, colour) in enumerate(parts):
                if value <= 0:
                    continue
                bh = h * min(value, top) / top
                pdf.set_fill_color(*colour)
                if grouped:
                    pdf.rect(bx + j * part_w, y + h - bh, part_w - 0.3, bh, style="F")
                else:
                    pdf.rect(bx, base - bh, bar, bh, style="F")
                    base -= bh
            if marks is not None and marks[i]:
                self.font(7, "B", RED)
                self.label(bx - 3, base - 4.5, bar + 6, "!")
            if i % every == 0:
                self.x_label(bx + bar / 2, box, short_day(wk, long_span=long_span))
        return box
