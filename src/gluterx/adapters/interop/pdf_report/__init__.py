"""The clinician report as a PDF (fpdf2): every section of the progress analysis, with charts drawn from lines and
rectangles, the reasons in words and the sources behind them.

The core Helvetica font only knows Latin-1, so every text goes through `latin1` first. Every section is written
even when there is nothing in it yet ("No data yet"), so a clinician can tell "nothing logged" from "left out".

Modules: `_style` (colours, sizes, section titles), `_text` (Latin-1 and short formats), `_layout` (the page and
text blocks), `_charts` (axes, legends, bars), `_base` (the data sections read), `_about` and `_training` (the sections), `_report` (all of it in order).
"""

from ._report import render_report, report_pdf
from ._style import NO_DATA, SECTIONS
from ._text import latin1

__all__ = ["NO_DATA", "SECTIONS", "latin1", "render_report", "report_pdf"]
