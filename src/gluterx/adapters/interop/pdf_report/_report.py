"""The whole report: every section in order, as PDF bytes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from fpdf.enums import XPos, YPos

from gluterx.domain.exercise import Library
from gluterx.services.outcomes import OutcomeHistory
from gluterx.services.plan_changes import ChangeNote
from gluterx.services.progress import ProgressData
from gluterx.services.report import ReportData, ReportExercise

from ._about import AboutSections
from ._changes import ChangeSections
from ._outcomes import OutcomeSections
from ._style import INK, MUTED
from ._text import latin1
from ._training import TrainingSections

__all__ = ["render_report", "report_pdf"]


class _Report(AboutSections, TrainingSections, OutcomeSections, ChangeSections):
    def render(self) -> bytes:
        pdf = self.pdf
        pdf.set_title(latin1(f"GluteRx progress report: {self.data.person.display_name or 'person'}"))
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
            self.plan_changes,
            self.adherence,
            self.pain,
            self.outcomes,
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


def render_report(
    data: ProgressData,
    library: Library,
    *,
    generated_on: date | None = None,
    outcomes: OutcomeHistory | None = None,
    exercises: Sequence[ReportExercise] = (),
    changes: Sequence[ChangeNote] = (),
) -> bytes:
    """The clinician report for `data` (services.progress.load_progress) as PDF bytes; with `outcomes`
    (services.outcomes), the outcome measures too, and with `exercises` the week's exercises drawn."""
    return _Report(data, library, generated_on, outcomes, tuple(exercises), tuple(changes)).render()


def report_pdf(report: ReportData, library: Library) -> bytes:
    """The report download (services.report.report_data) as PDF bytes."""
    return render_report(
        report.progress,
        library,
        generated_on=report.generated_on,
        outcomes=report.outcomes,
        exercises=report.exercises,
        changes=report.changes,
    )
