"""What every section reads: the person's analysed history, the library and the report date."""

from __future__ import annotations

from datetime import date

from gluterx.domain.analysis import Analysis
from gluterx.domain.exercise import Library
from gluterx.services.outcomes import OutcomeHistory
from gluterx.services.plan_changes import ChangeNote
from gluterx.services.progress import ProgressData
from gluterx.services.report import ReportExercise

from ._charts import Charts
from ._text import latin1

__all__ = ["ReportBase"]


class ReportBase(Charts):
    """The report's pages and charts, with the data its sections are written from."""

    def __init__(
        self,
        data: ProgressData,
        library: Library,
        generated_on: date | None,
        outcome_history: OutcomeHistory | None = None,
        exercises: tuple[ReportExercise, ...] = (),
        changes: tuple[ChangeNote, ...] = (),
    ) -> None:
        name = data.person.display_name or "the person"
        super().__init__(latin1(f"GluteRx progress report - {name}"))
        self.data = data
        self.a: Analysis = data.analysis
        self.library = library
        self.generated_on = generated_on
        self.outcome_history = outcome_history
        self.exercises = exercises
        self.changes = changes
