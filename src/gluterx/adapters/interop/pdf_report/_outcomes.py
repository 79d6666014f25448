"""The outcome-measures section: pain and the PSFS at each check charted, the answers in a table, and each change
against its minimal important change, with the sources."""

from __future__ import annotations

from gluterx.domain.outcomes import EVERY_DAYS, Verdict
from gluterx.services.outcomes import interval_words

from ._base import ReportBase
from ._style import CHART_H, GREEN, ORANGE, WIDTH

__all__ = ["OutcomeSections"]

TITLE = "Outcome measures"
VERDICT_WORDS = {
    Verdict.BETTER: "better, reaching the minimal important change",
    Verdict.WORSE: "worse, by at least the minimal important change",
    Verdict.NO_CLEAR_CHANGE: "no change as large as the minimal important change",
}


class OutcomeSections(ReportBase):
    """NPRS, PSFS and the global rating of change, at the start and at the interval chosen for the person."""

    def outcomes(self) -> None:
        history = self.outcome_history
        answers = history.answers if history is not None else ()
        self.heading(TITLE, keep=CHART_H + 34 if answers else 24)
        every = interval_words(history.every_days if history is not None else int(EVERY_DAYS.value))
        self.para(
            f"Asked at the start and every {every}: pain now (NPRS, 0-10), the Patient-Specific Functional Scale "
            "(PSFS: 3 to 5 activities the person named, each 0 = cannot do to 10 = as before; the score is their "
            "mean) and, after the start, a global rating of change (-7 very great deal worse .. +7 very great deal "
            "better).",
            size=9,
        )
        if history is None or not answers:
            self.empty("No outcome measures answered yet.", ("farrar2001", "abbott2014", "wang2011"))
            return
        box = self.chart_area("Pain (orange, lower is better) and PSFS mean (green, higher is better), 0-10")
        self.y_axis(box, 10, 2)
        at = self.date_axis(box, answers[0].date, answers[-1].date)
        _x, y, _w, h = box
        pdf = self.pdf
        for colour, values in ((ORANGE, [a.pain for a in answers]), (GREEN, [a.psfs for a in answers])):
            points = [(at(a.date), y + h - h * v / 10) for a, v in zip(answers, values, strict=True)]
            pdf.set_draw_color(*colour)
            pdf.set_fill_color(*colour)
            pdf.set_line_width(0.7)
            if len(points) > 1:
                pdf.polyline(points)
            for px, py in points:
                pdf.circle(px, py, 1.1, style="F")
        self.legend([("pain (NPRS)", ORANGE, "line"), ("PSFS mean", GREEN, "line")])
        rows = [
            [
                a.date.isoformat(),
                str(a.pain),
                "; ".join(f"{x.name} {x.score}" for x in a.activities),
                f"{a.psfs:.1f}",
                "start" if a.groc is None else f"{a.groc:+d}",
            ]
            for a in answers
        ]
        self.table(
            ["Date", "Pain", "Activities (0-10)", "PSFS", "GROC"], rows, [24, 14, WIDTH - 24 - 14 - 16 - 16, 16, 16]
        )
        facts = [
            (label, f"{c.first:.{places}f} -> {c.latest:.{places}f} ({c.difference:+.{places}f}): "
                    f"{VERDICT_WORDS[c.verdict]} ({mic.format(c.mic.value)})")
            for label, c, places, mic in (
                ("Pain (NPRS)", history.pain, 0, "a fall of {:g} points or 30%; Farrar 2001"),
                ("Function (PSFS)", history.psfs, 1, "{:g} points; Abbott & Schmitt 2014"),
            )
            if c is not None
        ]  # fmt: skip
        if history.groc is not None:
            g = history.groc
            facts.append((
                "Global change",
                f"{g.value:+d} ({g.label.lower()}): {VERDICT_WORDS[g.verdict]} (+{g.mic:g} or more; Wang 2011)",
            ))  # fmt: skip
        if facts:
            self.facts(facts, label_w=34)
        else:
            self.para("Only the starting point so far; the change is shown from the first 4-weekly check.")
        self.cite(
            [s for change in (history.pain, history.psfs, history.groc) if change is not None for s in change.sources]
            or ["farrar2001", "abbott2014"]
        )
