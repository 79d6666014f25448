"""The clinician report: everything the progress analysis shows, gathered for one day."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from gluterx.domain.dose import DoseWords
from gluterx.domain.exercise import Library
from gluterx.domain.figures.spec import FigureSpec
from gluterx.services.exports import NothingToExport
from gluterx.services.figures import demonstration
from gluterx.services.outcomes import OutcomeHistory, outcome_history
from gluterx.services.plan_changes import ChangeNote, plan_changes
from gluterx.services.ports import ServiceError, UnitOfWork
from gluterx.services.programme import programme
from gluterx.services.progress import ProgressData, load_progress

__all__ = ["ReportData", "ReportExercise", "report_data"]


@dataclasses.dataclass(frozen=True, slots=True)
class ReportExercise:
    """An exercise of the programme's week, as the report shows it: its dose and its start and end positions."""

    exercise_id: str
    name: str
    words: DoseWords
    figure: str | None  # the still pair as SVG with no CSS (services/figures), or None for one without a figure


@dataclasses.dataclass(frozen=True, slots=True)
class ReportData:
    """What the report shows (the person's analysed history) and the day it is made on."""

    progress: ProgressData
    generated_on: dt.date
    outcomes: OutcomeHistory | None = None  # the outcome measures and their change (services/outcomes.py)
    exercises: tuple[ReportExercise, ...] = ()  # this week's exercises (or the first week's), each once
    changes: tuple[ChangeNote, ...] = ()  # the changes made to the plan (by the person or a clinician), newest first


def report_data(
    uow: UnitOfWork,
    library: Library,
    *,
    today: dt.date,
    person_id: int,
    figures: Mapping[str, FigureSpec] | None = None,
) -> ReportData:
    """The person's history analysed up to `today`, with this week's exercises drawn from `figures`;
    NothingToExport("report") for no such person, or one with no profile, sets or check-ins."""
    data = _progress(uow, library, today=today, person_id=person_id)
    exercises = _week_exercises(uow, library, figures or {}, today=today, person_id=person_id)
    outcomes = outcome_history(uow, person_id=person_id, today=today)
    return ReportData(data, today, outcomes, exercises, _changes(uow, library, today=today, person_id=person_id))


def _changes(uow: UnitOfWork, library: Library, *, today: dt.date, person_id: int) -> tuple[ChangeNote, ...]:
    """The plan's change log (services/plan_changes), or none before there is a programme."""
    try:
        return plan_changes(uow, library, person_id=person_id, today=today).entries
    except ServiceError as exc:
        if exc.code == "missing":
            return ()
        raise


def _week_exercises(
    uow: UnitOfWork, library: Library, figures: Mapping[str, FigureSpec], *, today: dt.date, person_id: int
) -> tuple[ReportExercise, ...]:
    """Each exercise of the programme's current week (the first week before it starts, the last after it ends)."""
    try:
        shown = programme(uow, library, person_id=person_id, today=today)
    except ServiceError as exc:
        if exc.code == "missing":  # no programme yet: the report shows the history alone
            return ()
        raise
    if shown.status != "ok" or not shown.weeks:
        return ()
    week = next((w for w in shown.weeks if w.week == shown.current_week), None)
    if week is None:
        week = shown.weeks[0] if today < shown.start else shown.weeks[-1]
    first: dict[str, ReportExercise] = {}
    for session in week.sessions:
        for item in session.items:
            if item.exercise_id not in first:
                drawn = demonstration(figures, library, item.exercise_id)
                figure = drawn.printed if drawn is not None else None
                first[item.exercise_id] = ReportExercise(item.exercise_id, item.name, item.words, figure)
    return tuple(first.values())


def _progress(uow: UnitOfWork, library: Library, *, today: dt.date, person_id: int) -> ProgressData:
    try:
        data = load_progress(uow, library, today=today, person_id=person_id)
    except ServiceError as exc:
        if exc.code == "missing":
            raise NothingToExport("report") from exc
        raise
    if data.total_sets == 0 and data.profile is None and not data.analysis.pain.days:
        raise NothingToExport("report")
    return data
