"""The page and the text blocks of the report: A4 with a running head and footer, paragraphs, facts, bullet lists,
tables, numbered headings and the sources cited so far."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from ._style import AXIS, BLUE, CHART_H, INK, MUTED, NO_DATA, PALE, RGB, WIDTH
from ._text import latin1

__all__ = ["Layout", "Pdf"]


class Pdf(FPDF):
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


class Layout:
    """Writes blocks of text onto `pdf`, a page at a time, and remembers the sources cited."""

    def __init__(self, running_head: str) -> None:
        self.pdf = Pdf(running_head)
        self.cited: list[str] = []
        self.section_no = 0

    def font(self, size: float = 10, style: str = "", colour: RGB = INK) -> None:
        self.pdf.set_font("Helvetica", style, size)
        self.pdf.set_text_color(*colour)

    def para(self, text: str, *, size: float = 10, style: str = "", colour: RGB = INK, gap: float = 1.5) -> None:
        self.font(size, style, colour)
        self.pdf.multi_cell(0, size * 0.5, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(gap)

    def no_data(self, what: str = "") -> None:
        self.para(f"{NO_DATA} {what}".strip(), style="I", colour=MUTED)

    def empty(self, what: str, sources: Iterable[str]) -> None:
        """A section with nothing to show: say so, and still name the sources its rules rest on."""
        self.no_data(what)
        self.cite(sources)

    def chart_heading(self, title: str, shown: bool, empty: str, sources: Iterable[str]) -> bool:
        """A chart's section heading, kept on one page with the chart when there is one to show; when there is not,
        say `empty` and name the sources. Whether to draw the chart."""
        self.heading(title, keep=CHART_H + 34 if shown else 24)
        if not shown:
            self.empty(empty, sources)
        return shown

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
        if ids:  # numbered as the list of sources at the end numbers them: an evidence id is not for a reader
            numbers = ", ".join(f"[{self.cited.index(s) + 1}]" for s in dict.fromkeys(ids))
            self.para("Sources: " + numbers, size=8, colour=MUTED, gap=1)

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
