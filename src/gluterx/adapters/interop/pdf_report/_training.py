"""The sections about the training: adherence, pain trend, strength, volume per region, balance and load."""

from __future__ import annotations

from gluterx.domain.analysis import BalanceVerdict, Region, week_start
from gluterx.domain.dose import weight_words
from gluterx.domain.thresholds import ACWR_DANGER_MIN, PAIN_MEANINGFUL_PERCENT, PAIN_MEANINGFUL_POINTS
from gluterx.domain.units import from_kg

from ._base import ReportBase
from ._charts import nice_top
from ._style import (
    AXIS,
    BLUE,
    CHART_H,
    DARK_GREEN,
    GREEN,
    INK,
    MAX_BARS,
    MAX_STRENGTH_LINES,
    MAX_STRENGTH_ROWS,
    MAX_UNKNOWN_NAMES,
    MUTED,
    ORANGE,
    RED,
    REGION_COLOURS,
    SECTIONS,
    SERIES,
    VOLUME_ROWS,
)
from ._text import VERDICT, exercise_label, more, num, words

__all__ = ["TrainingSections"]


class TrainingSections(ReportBase):
    """Adherence, pain trend, strength, volume per glute region, hip/knee balance and training load."""

    def adherence(self) -> None:
        self.heading(SECTIONS[4])
        r = self.a.adherence
        if not r.weeks:
            self.empty("No sessions planned or done up to the report date.", r.sources)
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
            start = week_start(self.data.program.start)
            weeks = [w for w in weeks if w.week_start >= start] or weeks
        weeks = weeks[-MAX_BARS:]
        top, step = nice_top(max(max(w.planned, w.done + w.extra) for w in weeks), counts=True)
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
        if not self.chart_heading(SECTIONS[5], bool(p.days), "No pain check-ins yet.", p.sources):
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
                ("Baseline", f"{num(p.baseline)}/10"),
                ("Current (7-day mean)", f"{num(p.current)}/10"),
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
            unit = self.data.unit  # the person's kg or lb: the figures are kg, the chart and table say their unit
            per_kg = from_kg(1.0, unit)
            top, step = nice_top(max(e.best_kg for e in shown) * per_kg * 1.05)
            box = self.chart_area(f"Estimated 1RM ({unit}), best of each week")
            self.y_axis(box, top, step)
            _, y, _, h = box
            at = self.date_axis(box, first, last)
            for colour, e in zip(SERIES, shown, strict=False):
                pts = [(at(p.week_start), y + h - h * p.e1rm_kg * per_kg / top) for p in e.weekly_best]
                self.pdf.set_draw_color(*colour)
                self.pdf.set_fill_color(*colour)
                self.pdf.set_line_width(0.6)
                if len(pts) > 1:
                    self.pdf.polyline(pts)
                for px, yy in pts:
                    self.pdf.circle(px, yy, 0.8, style="F")
            self.legend([(exercise_label(e.name), c, "line") for c, e in zip(SERIES, shown, strict=False)])
            rows = [
                (
                    exercise_label(e.name),
                    weight_words(e.first_kg, unit, places=1),
                    weight_words(e.latest_kg, unit, places=1),
                    weight_words(e.best_kg, unit, places=1),
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
                rest = [exercise_label(e.name) for e in ordered[MAX_STRENGTH_ROWS:]]
                self.para(f"Also estimated (see the CSV export): {more(rest, MAX_UNKNOWN_NAMES)}.", size=8.5)
        self.para(s.note, size=8.5, colour=MUTED)
        self.subheading("Progressions: the hardest exercise reached in each chain")
        if not s.chains:
            self.no_data("No exercise from a progression chain logged.")
        else:
            chains = [
                (words(c.chain).capitalize(), f"{c.level} of {c.top_level}", c.name, c.reached_on.isoformat())
                for c in s.chains
            ]
            self.table(("Chain", "Level", "Exercise", "First done"), chains, (45, 22, 78, 28))
        self.cite(s.sources)

    def volume(self) -> None:
        v = self.a.volume
        if not self.chart_heading(SECTIONS[7], bool(v.weeks), "No hard sets logged.", v.sources):
            return
        weeks = list(v.weeks)[-MAX_BARS:]
        regions = list(Region)
        top, step = nice_top(max(w.regions.get(r, 0.0) for w in weeks for r in regions))
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
            (f"week of {w.week_start.isoformat()}", str(w.hard_sets), *(num(w.regions.get(r, 0.0)) for r in regions))
            for w in recent
        ]
        n = len(v.weeks)
        rows.append(
            (
                f"mean of {n} week{'s' if n != 1 else ''}",
                num(sum(w.hard_sets for w in v.weeks) / n),
                *(num(sum(w.regions.get(r, 0.0) for w in v.weeks) / n) for r in regions),
            )
        )
        self.table(("Week", "Hard sets", "Upper g. max", "Lower g. max", "G. med + min"), rows, (50, 26, 30, 30, 30))
        self.para(v.message)
        if v.unknown_exercises:
            names = [exercise_label(u) for u in v.unknown_exercises]
            self.para(f"Not counted in any region: {more(names, MAX_UNKNOWN_NAMES)}.", size=8.5, colour=MUTED)
        self.cite(v.sources)

    def balance(self) -> None:
        b = self.a.balance
        self.heading(SECTIONS[8], keep=CHART_H + 34 if b.weeks else 24)
        if b.verdict is BalanceVerdict.NOT_ENOUGH_DATA or not b.weeks:
            self.empty(b.message, b.sources)
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
        self.para(f"Verdict: {VERDICT[b.verdict]}", style="B", colour=verdict_colour, gap=0.5)
        self.facts(
            [
                (
                    "Hip-dominant sets",
                    f"{b.hip_sets} ({num((b.hip_share or 0) * 100)}%), of which {b.abduction_rotation_sets} "
                    "abduction/rotation",
                ),
                ("Knee-dominant sets", f"{b.knee_sets} ({num((b.knee_share or 0) * 100)}%)"),
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
        if not r.weeks:  # no sessions (no data yet), or sessions none of which had an effort rating (said so)
            if self.data.last_day is None:
                self.empty(r.message, r.sources)
            else:
                self.para(r.message)
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
        top, step = nice_top(max(w.load for w in weeks))
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
