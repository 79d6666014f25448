"""The clinician report: everything the progress analysis shows, gathered for one day."""

from __future__ import annotations

import dataclasses
import datetime as dt

from gluterx.domain.exercise import Library
from gluterx.services.exports import NothingToExport
from gluterx.services.outcomes import OutcomeHistory, outcome_history
from gluterx.services.ports import ServiceError, UnitOfWork
from gluterx.services.progress import ProgressData, load_progress

__all__ = ["ReportData", "report_data"]


@dataclasses.dataclass(frozen=True, slots=True)
class ReportData:
    """What the report shows (the person's analysed history) and the day it is made on."""

    progress: ProgressData
    generated_on: dt.date
    outcomes: OutcomeHistory | None = None  # the outcome measures and their change (services/outcomes.py)


def report_data(uow: UnitOfWork, library: Library, *, today: dt.date, person_id: int) -> ReportData:
    """The person's history analysed up to `today`; NothingToExport("report") for no such person, or one with
    no profile, sets or check-ins."""
    try:
        data = load_progress(uow, library, today=today, person_id=person_id)
    except ServiceError as exc:
        if exc.code == "missing":
            raise NothingToExport("report") from exc
        raise
    if data.total_sets == 0 and data.profile is None and not data.analysis.pain.days:
        raise NothingToExport("report")
    return ReportData(data, today, outcome_history(uow, person_id=person_id, today=today))
