"""The sections about the person: who they are, their goals and pain, screening, programme, alerts and sources."""

from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any

from fpdf.enums import XPos, YPos

from gluterx.domain.dose import weight_words
from gluterx.domain.weeks import last_day

from ._base import ReportBase
from ._style import GREEN, INK, MUTED, ORANGE, RED, SECTIONS, WIDTH
from ._text import latin1, num, words

__all__ = ["AboutSections"]


class AboutSections(ReportBase):
    """Person, goals and pain, screening, programme, alerts and sources."""

    def person(self) -> None:
        self.heading(SECTIONS[0])
        d = self.data
        history = (
            f"{d.first_day.isoformat()} to {d.last_day.isoformat()}"
            if d.first_day and d.last_day
            else "no sessions logged yet"
        )
        rows = [
            ("Name", d.person.display_name or "Not given"),
            ("Using GluteRx since", d.person.since.isoformat()),
            ("Logged sessions", history),
            ("Logged sets", str(d.total_sets)),
        ]
        p = d.profile or {}
        if p:
            rows.insert(1, ("Age", f"{p['age']}" if p.get("age") is not None else "Not given"))
            if p.get("body_mass_kg"):
                rows.insert(2, ("Body mass", weight_words(p["body_mass_kg"], d.unit, places=1)))
        self.facts(rows)

    def goals(self) -> None:
        self.heading(SECTIONS[1])
        p = self.data.profile
        if not p:
            self.no_data("No profile has been filled in.")
            return
        goals = ", ".join(words(g) for g in p.get("goals", [])) or "None stated"
        equipment = ", ".join(words(e) for e in p.get("equipment", [])) or "none"
        self.facts(
            [
                ("Goals", goals),
                ("Experience", words(str(p.get("experience", "-")))),
                ("Sessions", f"{p.get('sessions_per_week', '-')} a week, {p.get('minutes_per_session', '-')} min each"),
                ("Sitting", f"{num(p.get('sitting_hours_per_day'))} hours a day"),
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
                words(str(e.get("region", "-"))).capitalize(),
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
                self.facts([("Urgency", words(referral["urgency"]))])
        elif cautions:
            self.para("Result: train, conservatively, with these cautions:", style="B", colour=ORANGE)
        else:
            self.para("Result: cleared to train. No red flags and no cautions.", style="B", colour=GREEN)
        if cautions:
            if referral:
                self.para("Also noted (cautions):", style="B", colour=ORANGE)
            self.bullets(cautions)
        self.precautions()

    def precautions(self) -> None:
        """What the person's health conditions rule out, the daily-life advice, and each planned exercise's notes."""
        found = self.data.precautions
        if not found:
            return
        self.subheading("Precautions for this person's health")
        self.bullets(p.reason for p in found)
        advice = list(dict.fromkeys(a for p in found for a in p.advice))
        if advice:
            self.para("In daily life:", style="B")
            self.bullets(advice)
        self.cite(dict.fromkeys(s for p in found for s in p.sources))
        if self.data.exercise_notes:
            self.subheading("Notes on the planned exercises")
            for exercise_id, notes in self.data.exercise_notes:
                said = [f"Hold on: {notes.supported_option}"] if notes.supported_option else []
                said += [f"Take care: {notes.caution}"] if notes.caution else []
                self.facts([(self.library.display_name(exercise_id), " ".join(said))], label_w=55)

    def programme(self) -> None:
        self.heading(SECTIONS[3])
        prog = self.data.program
        if not prog:
            self.no_data("No programme has been started.")
            return
        start = prog.start
        end = last_day(start, prog.weeks)
        status = (
            "On hold: referral to a clinician, no exercise programme"
            if prog.on_hold
            else "Active: training programme in place"
        )
        week_now = ""
        if self.generated_on is not None and start <= self.generated_on <= end:
            week_now = f" (now in week {(self.generated_on - start).days // 7 + 1})"
        self.facts(
            [
                ("Start", start.isoformat()),
                ("Length", f"{prog.weeks} weeks, to {end.isoformat()}{week_now}"),
                ("Status", status),
            ]
        )
        self.week_exercises()

    def week_exercises(self) -> None:
        """This week's exercises, each with its dose and its start (faint) and end (solid) positions drawn."""
        if not self.exercises:
            return
        self.subheading("This week's exercises: where each starts (faint) and ends (solid)")
        pdf = self.pdf
        per_row, gap = 3, 4.0
        cell_w = (WIDTH - gap * (per_row - 1)) / per_row
        for start in range(0, len(self.exercises), per_row):
            row = self.exercises[start : start + per_row]
            self.room(52)
            top, left = pdf.get_y(), pdf.l_margin
            for i, ex in enumerate(row):
                x = left + i * (cell_w + gap)
                if ex.figure is not None:
                    pdf.image(BytesIO(ex.figure.encode()), x=x, y=top, w=cell_w, h=30, keep_aspect_ratio=True)
                pdf.set_xy(x, top + 31)
                self.font(9, "B")
                pdf.multi_cell(cell_w, 4, latin1(ex.name), new_x=XPos.LEFT, new_y=YPos.NEXT)
                self.font(8.5)
                pdf.set_text_color(*MUTED)
                pdf.multi_cell(cell_w, 4, latin1(ex.words.summary), new_x=XPos.LEFT, new_y=YPos.NEXT)
                pdf.set_text_color(*INK)
            pdf.set_xy(left, top + 50)

    def alerts(self) -> None:
        self.heading(SECTIONS[10])
        found = self.data.alerts
        if found:
            colour = {"low": ORANGE, "high": RED, "critical": RED}
            for alert in found:
                level = alert.level.value
                self.para(f"{level.upper()}: {alert.message}", colour=colour.get(level, INK))
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
        for number, source_id in enumerate(self.cited, start=1):
            src = registry.get(source_id)
            text = src.citation if src is not None else "(not in the evidence registry)"
            self.room(10)
            self.font(8.5, "B", INK)
            self.pdf.cell(12, 4.4, f"[{number}]")
            self.font(8.5, "", INK)
            self.pdf.multi_cell(WIDTH - 12, 4.4, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.pdf.ln(0.8)
