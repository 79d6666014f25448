"""The clinician report as a PDF (fpdf2): every section of the progress analysis, with charts drawn from lines and
rectangles, the reasons in words and the sources behind them.

The core Helvetica font only knows Latin-1, so every text goes through `latin1` first. Every section is written
even when there is nothing in it yet ("No data yet"), so a clinician can tell "nothing logged" from "left out".
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from gluterx.domain.analysis import Analysis, BalanceVerdict, Region, week_start
from gluterx.domain.exercise import Library, readable_name
from gluterx.domain.thresholds import ACWR_DANGER_MIN, PAIN_MEANINGFUL_PERCENT, PAIN_MEANINGFUL_POINTS
from gluterx.services.progress import ProgressData
from gluterx.services.report import ReportData

__all__ = ["NO_DATA", "SECTIONS", "latin1", "render_report", "report_pdf"]

NO_DATA = "No data yet."
SECTIONS = (
    "Person",
    "Goals and pain",
    "Screening",
    "Programme",
    "Adherence",
    "Pain trend",
    "Strength",
    "Volume per glute region",
    "Hip vs knee balance",
    "Training load",
    "Alerts",
    "Sources",
)

RGB = tuple[int, int, int]
INK: RGB = (31, 41, 55)
MUTED: RGB = (107, 114, 128)
GRID: RGB = (229, 231, 235)
AXIS: RGB = (156, 163, 175)
BLUE: RGB = (37, 99, 235)
GREEN: RGB = (22, 163, 74)
DARK_GREEN: RGB = (20, 83, 45)
ORANGE: RGB = (234, 88, 12)
RED: RGB = (220, 38, 38)
PALE: RGB = (243, 244, 246)
SERIES: tuple[RGB, ...] = (BLUE, ORANGE, GREEN, (147, 51, 234))
REGION_COLOURS: dict[Region, RGB] = {
    Region.GMAX_UPPER: BLUE,
    Region.GMAX_LOWER: (96, 165, 250),
    Region.GMED_GMIN: GREEN,
}

WIDTH = 180.0  # A4 less 15 mm margins
CHART_H = 44.0
MAX_BARS = 16
MAX_STRENGTH_LINES = 4
MAX_STRENGTH_ROWS = 12
MAX_UNKNOWN_NAMES = 12
VOLUME_ROWS = 8
LONG_SPAN_DAYS = 300  # past this, date labels name the month and year

_REPLACE = {
    "→": "->",
    "←": "<-",
    "–": "-",
    "—": "-",
    "−": "-",
    "‑": "-",
    "≥": ">=",
    "≤": "<=",
    "×": "x",
    "…": "...",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "•": "-",
    "·": "-",
    "≈": "~",
    "✓": "yes",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
}
_VERDICT = {
    BalanceVerdict.QUAD_DOMINANT: "Quad-dominant",
    BalanceVerdict.KNEE_LEANING: "Leaning towards knee-dominant work",
    BalanceVerdict.BALANCED: "Balanced",
    BalanceVerdict.HIP_DOMINANT: "Hip-dominant",
    BalanceVerdict.NOT_ENOUGH_DATA: "Not enough data",
}


def latin1(text: object) -> str:
    """`text` in characters the core PDF fonts can draw: known symbols spelled in ASCII, accents kept, others '?'."""
    out = []
    for ch in str(text):
        if ch in _REPLACE:
            out.append(_REPLACE[ch])
        elif ord(ch) < 256:
            out.append(ch)
        else:
            plain = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append(plain or "?")
    return "".join(out)


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    return f"{round(value, 1):g}{unit}"


def _short(day: date, *, long_span: bool = False) -> str:
    return f"{day:%b %Y}" if long_span else f"{day.day} {day:%b}"


def _words(value: str) -> str:
    return value.replace("_", " ")


def _name(text: str) -> str:
    """An exercise name as a label: imported names come lower-case, so give them a capital."""
    return readable_name(text)


def _more(names: Sequence[str], limit: int) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _nice_top(value: float, *, counts: bool = False) -> tuple[float, float]:
    """A round axis maximum at or above `value` and its tick step (1, 2 or 5 x 10^n, about 4-5 ticks); whole
    steps for `counts`."""
    value = max(value, 2.0 if counts else 1.0)
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if counts:
        step = max(1, math.ceil(step))
    return step * math.ceil(value / step - 1e-9), step


class _Pdf(FPDF):
    """A4 with a running head from page 2 and a footer on every page."""

    def __init__(self, running_head: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.running_head = running_head
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=18)

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font("Helvetica", "", 8)
            self.set_text_color(*MUTED)
            self.cell(0, 5, self.running_head, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(2)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font("Helvetica", "", 7.5)
        self.set_text_color(*MUTED)
        self.cell(
            WIDTH - 25,
            5,
            "GluteRx report: estimates and plain-language summaries to support, not replace, clinical judgement.",
        )
        self.cell(25, 5, f"Page {self.page_no()}/{{nb}}", align="R")


class _Report:
    def __init__(self, data: ProgressData, library: Library, generated_on: date | None) -> None:
        self.data = data
        self.a: Analysis = data.analysis
        self.library = library
        self.generated_on = generated_on
        name = data.person.get("display_name") or "the person"
        self.pdf = _Pdf(latin1(f"GluteRx progress report - {name}"))
        self.cited: list[str] = []
        self.section_no = 0

    # ------------------------------------------------------------------------------------------------ text

    def font(self, size: float = 10, style: str = "", colour: RGB = INK) -> None:
        self.pdf.set_font("Helvetica", style, size)
        self.pdf.set_text_color(*colour)

    def para(self, text: str, *, size: float = 10, style: str = "", colour: RGB = INK, gap: float = 1.5) -> None:
        self.font(size, style, colour)
        self.pdf.multi_cell(0, size * 0.5, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(gap)

    def no_data(self, what: str = "") -> None:
        self.para(f"{NO_DATA} {what}".strip(), style="I", colour=MUTED)

    def bullets(self, items: Iterable[str], *, colour: RGB = INK) -> None:
        self.font(10, "", colour)
        for item in items:
            self.pdf.set_x(self.pdf.l_margin + 2)
            self.pdf.cell(4, 5, "-")
            self.pdf.multi_cell(WIDTH - 6, 5, latin1(item), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(1.5)

    def facts(self, rows: Sequence[tuple[str, str]], *, label_w: float = 48) -> None:
        for label, value in rows:
            self.font(10, "B", MUTED)
            self.pdf.cell(label_w, 5.5, latin1(label))
            self.font(10)
            self.pdf.multi_cell(WIDTH - label_w, 5.5, latin1(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(1.5)

    def cite(self, sources: Iterable[str]) -> None:
        ids = [s for s in sources if s]
        for s in ids:
            if s not in self.cited:
                self.cited.append(s)
        if ids:
            self.para("Sources: " + ", ".join(ids), size=8, colour=MUTED, gap=1)

    def heading(self, title: str, *, keep: float = 24) -> None:
        """A numbered section heading, on a new page unless `keep` mm (its first block) fit below it."""
        self.room(keep)
        self.section_no += 1
        self.pdf.ln(3)
        self.font(13, "B", INK)
        self.pdf.cell(0, 7, latin1(f"{self.section_no}. {title}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        y = self.pdf.get_y()
        self.pdf.set_draw_color(*BLUE)
        self.pdf.set_line_width(0.5)
        self.pdf.line(self.pdf.l_margin, y, self.pdf.l_margin + WIDTH, y)
        self.pdf.ln(2.5)

    def subheading(self, title: str) -> None:
        self.room(16)
        self.font(10.5, "B", INK)
        self.pdf.cell(0, 6, latin1(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def room(self, height: float) -> None:
        """Start a new page unless `height` mm still fit on this one."""
        if self.pdf.get_y() + height > self.pdf.page_break_trigger:
            self.pdf.add_page()

    def table(self, head: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
        self.room(7 + 6 * min(len(rows), 3))
        self.font(9)
        self.pdf.set_draw_color(*AXIS)
        self.pdf.set_line_width(0.2)
        self.pdf.set_fill_color(255, 255, 255)
        with self.pdf.table(
            col_widths=tuple(widths),
            width=sum(widths),
            align="LEFT",
            text_align="LEFT",
            line_height=4.6,
            borders_layout="HORIZONTAL_LINES",
            headings_style=FontFace(emphasis="BOLD", fill_color=PALE),
            padding=(0.8, 1.2),
        ) as t:
            for r in (head, *rows):
                row = t.row()
                for cell in r:
                    row.cell(latin1(cell))
        self.pdf.ln(2.5)

    # ------------------------------------------------------------------------------------------------ charts

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
            self.x_label(at(day), box, _short(day, long_span=span > LONG_SPAN_DAYS), align)
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
                self.x_label(bx + bar / 2, box, _short(wk, long_span=long_span))
        return box

    # ------------------------------------------------------------------------------------------------ sections

    def render(self) -> bytes:
        pdf = self.pdf
        pdf.set_title(latin1(f"GluteRx progress report: {self.data.person.get('display_name') or 'person'}"))
        pdf.set_author("GluteRx")
        pdf.set_creator("GluteRx")
        if self.generated_on is not None:
            pdf.set_creation_date(datetime.combine(self.generated_on, time(12, 0)).astimezone())
        pdf.add_page()
        self.title()
        for section in (
            self.person,
            self.goals,
            self.screening,
            self.programme,
            self.adherence,
            self.pain,
            self.strength,
            self.volume,
            self.balance,
            self.load,
            self.alerts,
            self.sources,
        ):
            section()
        return bytes(pdf.output())

    def title(self) -> None:
        self.font(20, "B", INK)
        self.pdf.cell(0, 10, "GluteRx progress report", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        when = f" Report date: {self.generated_on.isoformat()}." if self.generated_on else ""
        self.para(
            "A summary for the person and the clinician or trainer who looks after them: screening, programme, "
            f"adherence, pain, strength, training volume and balance, from what was logged in GluteRx.{when}",
            size=9.5,
            colour=MUTED,
            gap=0,
        )

    def person(self) -> None:
        self.heading(SECTIONS[0])
        d = self.data
        history = (
            f"{d.first_day.isoformat()} to {d.last_day.isoformat()}"
            if d.first_day and d.last_day
            else "no sessions logged yet"
        )
        rows = [
            ("Name", d.person.get("display_name") or "Not given"),
            ("Using GluteRx since", d.person.get("created_at") or "-"),
            ("Logged sessions", history),
            ("Logged sets", str(d.total_sets)),
        ]
        p = d.profile or {}
        if p:
            rows.insert(1, ("Age", f"{p['age']}" if p.get("age") is not None else "Not given"))
            if p.get("body_mass_kg"):
                rows.insert(2, ("Body mass", f"{_num(p['body_mass_kg'])} kg"))
        self.facts(rows)

    def goals(self) -> None:
        self.heading(SECTIONS[1])
        p = self.data.profile
        if not p:
            self.no_data("No profile has been filled in.")
            return
        goals = ", ".join(_words(g) for g in p.get("goals", [])) or "None stated"
        equipment = ", ".join(_words(e) for e in p.get("equipment", [])) or "none"
        self.facts(
            [
                ("Goals", goals),
                ("Experience", _words(str(p.get("experience", "-")))),
                ("Sessions", f"{p.get('sessions_per_week', '-')} a week, {p.get('minutes_per_session', '-')} min each"),
                ("Sitting", f"{_num(p.get('sitting_hours_per_day'))} hours a day"),
                ("Equipment", equipment),
            ]
        )
        pain = p.get("pain") or []
        self.subheading("Pain at the start")
        if not pain:
            self.para("No pain reported.", style="I", colour=MUTED)
            return
        rows = [
            (
                _words(str(e.get("region", "-"))).capitalize(),
                str(e.get("side", "-")),
                f"{e.get('intensity', '-')}/10",
                f"{e['weeks']} weeks" if e.get("weeks") is not None else "-",
            )
            for e in pain
        ]
        self.table(("Region", "Side", "Intensity", "For"), rows, (50, 35, 30, 35))

    def screening(self) -> None:
        self.heading(SECTIONS[2])
        s = self.data.screening
        if not s:
            self.no_data("The person has not been screened (no programme started).")
            return
        referral = s.get("referral")
        cautions = s.get("cautions") or []
        if referral:
            self.para(
                "Result: REFERRAL - see a clinician before starting an exercise programme.", style="B", colour=RED
            )
            self.bullets(referral.get("reasons", []))
            if referral.get("action"):
                self.facts([("What to do now", referral["action"])])
            if referral.get("urgency"):
                self.facts([("Urgency", _words(referral["urgency"]))])
        elif cautions:
            self.para("Result: train, conservatively, with these cautions:", style="B", colour=ORANGE)
        else:
            self.para("Result: cleared to train. No red flags and no cautions.", style="B", colour=GREEN)
        if cautions:
            if referral:
                self.para("Also noted (cautions):", style="B", colour=ORANGE)
            self.bullets(cautions)

    def programme(self) -> None:
        self.heading(SECTIONS[3])
        prog = self.data.program
        if not prog:
            self.no_data("No programme has been started.")
            return
        start = date.fromisoformat(prog["start"])
        end = start + timedelta(weeks=int(prog["weeks"])) - timedelta(days=1)
        status = {
            "ok": "Active: training programme in place",
            "referral": "On hold: referral to a clinician, no exercise programme",
        }.get(str(prog["status"]), str(prog["status"]))
        week_now = ""
        if self.generated_on is not None and start <= self.generated_on <= end:
            week_now = f" (now in week {(self.generated_on - start).days // 7 + 1})"
        self.facts(
            [
                ("Start", start.isoformat()),
                ("Length", f"{prog['weeks']} weeks, to {end.isoformat()}{week_now}"),
                ("Status", status),
            ]
        )

    def adherence(self) -> None:
        self.heading(SECTIONS[4])
        r = self.a.adherence
        if not r.weeks:
            self.no_data("No sessions planned or done up to the report date.")
            self.cite(r.sources)
            return
        self.facts(
            [
                ("Planned sessions", f"{r.planned} up to the report date"),
                ("Done", f"{r.done}" + (f" ({r.percent:.0f}%)" if r.percent is not None else "")),
            ]
        )
        self.para(r.message)
        weeks = list(r.weeks)
        if self.data.program:
            start = week_start(date.fromisoformat(self.data.program["start"]))
            weeks = [w for w in weeks if w.week_start >= start] or weeks
        weeks = weeks[-MAX_BARS:]
        top, step = _nice_top(max(max(w.planned, w.done + w.extra) for w in weeks), counts=True)
        self.bars(
            "Sessions per week: done (green), extra sessions (light green), planned (dashed outline)",
            [w.week_start for w in weeks],
            [[(w.done, GREEN), (w.extra, (134, 239, 172))] for w in weeks],
            top=top,
            step=step,
            outlines=[w.planned for w in weeks],
        )
        self.legend([("done", GREEN, "box"), ("extra", (134, 239, 172), "box"), ("planned", MUTED, "outline")])
        self.cite(r.sources)

    def pain(self) -> None:
        p = self.a.pain
        self.heading(SECTIONS[5], keep=CHART_H + 34 if p.days else 24)
        if not p.days:
            self.no_data("No pain check-ins yet.")
            self.cite(p.sources)
            return
        box = self.chart_area("Morning pain, 0 (none) to 10 (worst): each check-in, its 7-day mean and the baseline")
        self.y_axis(box, 10, 2)
        x, y, w, h = box
        pdf = self.pdf
        at = self.date_axis(box, p.days[0].day, p.days[-1].day)

        def py(value: float) -> float:
            return y + h - h * value / 10

        if p.baseline is not None:
            pdf.set_draw_color(*RED)
            pdf.set_line_width(0.4)
            pdf.set_dash_pattern(1.5, 1)
            pdf.line(x, py(p.baseline), x + w, py(p.baseline))
            pdf.set_dash_pattern()
        pdf.set_fill_color(*AXIS)
        for d in p.days:
            pdf.circle(at(d.day), py(d.pain), 0.9, style="F")
        pdf.set_draw_color(*BLUE)
        pdf.set_line_width(0.7)
        points = [(at(d.day), py(d.rolling_mean)) for d in p.days]
        if len(points) > 1:
            pdf.polyline(points)
        else:
            pdf.set_fill_color(*BLUE)
            pdf.circle(points[0][0], points[0][1], 1.2, style="F")
        self.legend([("check-in", AXIS, "dot"), ("7-day mean", BLUE, "line"), ("baseline", RED, "dash")])
        meaningful = (
            f"Yes (a fall of >= {PAIN_MEANINGFUL_POINTS.value:g} points or >= {PAIN_MEANINGFUL_PERCENT.value:g}%)"
        )
        change = "-"
        if p.change is not None:
            change = f"{p.change:+.1f} points" + (
                f" ({p.change_percent:+.0f}%)" if p.change_percent is not None else ""
            )
        self.facts(
            [
                ("Baseline", f"{_num(p.baseline)}/10"),
                ("Current (7-day mean)", f"{_num(p.current)}/10"),
                ("Change", change),
                ("Meaningful improvement", meaningful if p.meaningful else "Not yet"),
            ],
            label_w=52,
        )
        self.para(p.verdict)
        self.cite(p.sources)

    def strength(self) -> None:
        s = self.a.strength
        self.heading(SECTIONS[6], keep=CHART_H + 40 if s.exercises else 24)
        self.subheading("Estimated 1RM of loaded exercises (estimates, not tested maximums)")
        if not s.exercises:
            self.no_data("No loaded sets of 10 reps or fewer logged, so no 1RM estimate.")
        else:
            # library exercises (the glute and lower-body work GluteRx knows) first, then imported ones
            ordered = sorted(s.exercises, key=lambda e: e.exercise_id not in self.library)
            shown = ordered[:MAX_STRENGTH_LINES]
            first = min(p.week_start for e in shown for p in e.weekly_best)
            last = max(p.week_start for e in shown for p in e.weekly_best)
            top, step = _nice_top(max(e.best_kg for e in shown) * 1.05)
            box = self.chart_area("Estimated 1RM (kg), best of each week")
            self.y_axis(box, top, step)
            _, y, _, h = box
            at = self.date_axis(box, first, last)
            for colour, e in zip(SERIES, shown, strict=False):
                pts = [(at(p.week_start), y + h - h * p.e1rm_kg / top) for p in e.weekly_best]
                self.pdf.set_draw_color(*colour)
                self.pdf.set_fill_color(*colour)
                self.pdf.set_line_width(0.6)
                if len(pts) > 1:
                    self.pdf.polyline(pts)
                for px, yy in pts:
                    self.pdf.circle(px, yy, 0.8, style="F")
            self.legend([(_name(e.name), c, "line") for c, e in zip(SERIES, shown, strict=False)])
            rows = [
                (
                    _name(e.name),
                    _num(e.first_kg, " kg"),
                    _num(e.latest_kg, " kg"),
                    _num(e.best_kg, " kg"),
                    f"{e.change_percent:+.0f}%",
                    str(len(e.points)),
                )
                for e in ordered[:MAX_STRENGTH_ROWS]
            ]
            self.table(
                ("Exercise", "First (est.)", "Latest (est.)", "Best (est.)", "Change", "Days"),
                rows,
                (62, 24, 25, 24, 22, 16),
            )
            if len(ordered) > MAX_STRENGTH_ROWS:
                rest = [_name(e.name) for e in ordered[MAX_STRENGTH_ROWS:]]
                self.para(f"Also estimated (see the CSV export): {_more(rest, MAX_UNKNOWN_NAMES)}.", size=8.5)
        self.para(s.note, size=8.5, colour=MUTED)
        self.subheading("Bodyweight progressions: level reached in each chain")
        if not s.chains:
            self.no_data("No exercise from a progression chain logged.")
        else:
            chains = [
                (_words(c.chain).capitalize(), f"{c.level} of {c.top_level}", c.name, c.reached_on.isoformat())
                for c in s.chains
            ]
            self.table(("Chain", "Level", "Exercise", "First done"), chains, (45, 22, 78, 28))
        self.cite(s.sources)

    def volume(self) -> None:
        v = self.a.volume
        self.heading(SECTIONS[7], keep=CHART_H + 34 if v.weeks else 24)
        if not v.weeks:
            self.no_data("No hard sets logged.")
            self.cite(v.sources)
            return
        weeks = list(v.weeks)[-MAX_BARS:]
        regions = list(Region)
        top, step = _nice_top(max(w.regions.get(r, 0.0) for w in weeks for r in regions))
        self.bars(
            "Weekly hard sets per glute region (a set counts in full for a main muscle, half for a helper)",
            [w.week_start for w in weeks],
            [[(w.regions.get(r, 0.0), REGION_COLOURS[r]) for r in regions] for w in weeks],
            top=top,
            step=step,
            grouped=True,
        )
        self.legend([(r.label, REGION_COLOURS[r], "box") for r in regions])
        recent = list(v.weeks)[-VOLUME_ROWS:]
        rows = [
            (f"week of {w.week_start.isoformat()}", str(w.hard_sets), *(_num(w.regions.get(r, 0.0)) for r in regions))
            for w in recent
        ]
        n = len(v.weeks)
        rows.append(
            (
                f"mean of {n} week{'s' if n != 1 else ''}",
                _num(sum(w.hard_sets for w in v.weeks) / n),
                *(_num(sum(w.regions.get(r, 0.0) for w in v.weeks) / n) for r in regions),
            )
        )
        self.table(("Week", "Hard sets", "Upper g. max", "Lower g. max", "G. med + min"), rows, (50, 26, 30, 30, 30))
        self.para(v.message)
        if v.unknown_exercises:
            names = [_name(u) for u in v.unknown_exercises]
            self.para(f"Not counted in any region: {_more(names, MAX_UNKNOWN_NAMES)}.", size=8.5, colour=MUTED)
        self.cite(v.sources)

    def balance(self) -> None:
        b = self.a.balance
        self.heading(SECTIONS[8], keep=CHART_H + 34 if b.weeks else 24)
        if b.verdict is BalanceVerdict.NOT_ENOUGH_DATA or not b.weeks:
            self.no_data(b.message)
            self.cite(b.sources)
            return
        weeks = [wk for wk in b.weeks if wk.hip_share is not None][-MAX_BARS:]
        stacks = [
            [
                (wk.abduction_share or 0.0, DARK_GREEN),
                ((wk.hip_share or 0.0) - (wk.abduction_share or 0.0), GREEN),
                (wk.knee_share or 0.0, ORANGE),
            ]
            for wk in weeks
        ]
        box = self.bars(
            "Share of lower-body working sets per week: hip-dominant vs knee-dominant",
            [wk.week_start for wk in weeks],
            [[(v * 100, c) for v, c in stack] for stack in stacks],
            top=100,
            step=25,
            unit="%",
        )
        x, y, w, h = box
        self.pdf.set_draw_color(*INK)
        self.pdf.set_line_width(0.35)
        self.pdf.set_dash_pattern(1.5, 1)
        self.pdf.line(x, y + h / 2, x + w, y + h / 2)
        self.pdf.set_dash_pattern()
        self.legend(
            [
                ("hip: abduction/rotation", DARK_GREEN, "box"),
                ("hip: other", GREEN, "box"),
                ("knee-dominant", ORANGE, "box"),
                ("half", INK, "dash"),
            ]
        )
        verdict_colour = {
            BalanceVerdict.QUAD_DOMINANT: RED,
            BalanceVerdict.KNEE_LEANING: ORANGE,
        }.get(b.verdict, GREEN)
        self.para(f"Verdict: {_VERDICT[b.verdict]}", style="B", colour=verdict_colour, gap=0.5)
        self.facts(
            [
                (
                    "Hip-dominant sets",
                    f"{b.hip_sets} ({_num((b.hip_share or 0) * 100)}%), of which {b.abduction_rotation_sets} "
                    "abduction/rotation",
                ),
                ("Knee-dominant sets", f"{b.knee_sets} ({_num((b.knee_share or 0) * 100)}%)"),
                ("Other sets", f"{b.other_sets} (mobility, walking, carries, unplaced)"),
            ]
        )
        self.para(b.message)
        if b.add:
            names = [self.library.display_name(i) for i in b.add]
            self.facts([("Suggested additions", ", ".join(names))])
        self.cite(b.sources)

    def load(self) -> None:
        self.heading(SECTIONS[9])
        r = self.a.load
        if not r.weeks:
            self.no_data("No sessions logged, so no training load.")
            self.cite(r.sources)
            return
        if r.warning:
            self.para("Warning: " + r.warning, style="B", colour=ORANGE)
        elif all(w.acute_chronic is None for w in r.weeks):
            self.para(
                "No warnings yet: a sudden jump can only be judged once four weeks of training came before.",
                style="B",
                colour=MUTED,
            )
        else:
            self.para(
                "No warnings: no week's load was a sudden jump over the four weeks before it.", style="B", colour=GREEN
            )
        weeks = list(r.weeks)[-MAX_BARS:]
        top, step = _nice_top(max(w.load for w in weeks))
        self.bars(
            "Weekly session-RPE load (effort 0-10 x minutes); red bars and ! mark a spike",
            [w.week_start for w in weeks],
            [[(w.load, RED if w.spike else BLUE)] for w in weeks],
            top=top,
            step=step,
            marks=[w.spike for w in weeks],
        )
        self.legend(
            [("weekly load", BLUE, "box"), (f"spike (>= {ACWR_DANGER_MIN.value:g} x the 4 weeks before)", RED, "box")]
        )
        self.para(r.message)
        self.cite(r.sources)

    def alerts(self) -> None:
        self.heading(SECTIONS[10])
        found = self.data.alerts
        if found:
            colour = {"low": ORANGE, "high": RED, "critical": RED}
            for alert in found:
                level = str(alert.get("level", ""))
                self.para(f"{level.upper()}: {alert.get('message', '')}", colour=colour.get(level, INK))
        elif self.data.total_sets == 0 and not self.a.pain.days:
            self.no_data("Nothing logged to raise an alert from.")
        else:
            self.para("No active alerts on the report date.", colour=GREEN)

    def sources(self) -> None:
        self.heading(SECTIONS[11])
        if not self.cited:
            self.no_data()
            return
        registry: Mapping[str, Any] = self.library.registry.sources
        for source_id in self.cited:
            src = registry.get(source_id)
            text = src.citation if src is not None else "(not in the evidence registry)"
            self.room(10)
            self.font(8.5, "B", INK)
            self.pdf.cell(30, 4.4, latin1(source_id))
            self.font(8.5, "", INK)
            self.pdf.multi_cell(WIDTH - 30, 4.4, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.pdf.ln(0.8)


def render_report(data: ProgressData, library: Library, *, generated_on: date | None = None) -> bytes:
    """The clinician report for `data` (services.progress.load_progress) as PDF bytes."""
    return _Report(data, library, generated_on).render()


def report_pdf(report: ReportData, library: Library) -> bytes:
    """The report download (services.report.report_data) as PDF bytes."""
    return render_report(report.progress, library, generated_on=report.generated_on)
