"""The download use cases on a real store: the typed report, calendar and sets data, and NothingToExport before
there is anything to put in them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Engine

from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.domain.exercise import Library
from gluterx.services import people, start
from gluterx.services.calendar import CalendarData, calendar
from gluterx.services.exports import NothingToExport, SetRecord, SetsExport, sets_export
from gluterx.services.records import PersonSettings
from gluterx.services.report import ReportData, report_data
from gluterx.services.today import SessionItem

START = date(2026, 3, 2)
PROFILE = {
    "age": 40,
    "goals": ["pain_relief"],
    "pain": [{"region": "lower_back", "side": "both", "intensity": 3, "weeks": 20}],
    "sitting_hours_per_day": 6,
    "experience": "beginner",
    "equipment": ["mini_band"],
    "sessions_per_week": 3,
    "minutes_per_session": 30,
    "weeks": 4,
}


def started(engine: Engine, library: Library) -> int:
    """The local person with a programme; their id."""
    me = people.local_person_id(SqlUnitOfWork(engine), create=True)
    start.start(SqlUnitOfWork(engine), library, PROFILE, start_date=START, person_id=me)
    return me


def logged(engine: Engine) -> int:
    """A person with one session of two sets, one in pounds; their id."""
    with SqlUnitOfWork(engine) as uow:
        person = uow.people.local() or uow.people.add()
        sets = [{"reps": 8, "load": 135.0, "unit": "lb"}, {"reps": 12, "load": 20.0, "unit": "kg", "warmup": True}]
        exercise = {"exercise_id": "hip_thrust", "pain_during": 2, "felt_in": ["glutes"], "sets": sets}
        uow.sessions.create(person_id=person.id, day=START, notes="", source="gluterx", exercises=[exercise])
        uow.commit()
        return int(person.id)


MAKERS: dict[str, Callable[[SqlUnitOfWork, Library, int], object]] = {
    "report": lambda uow, library, person_id: report_data(uow, library, today=START, person_id=person_id),
    "calendar": lambda uow, library, person_id: calendar(uow, library, today=START, person_id=person_id),
    "sets": lambda uow, library, person_id: sets_export(uow, person_id=person_id, library=library),
}


@pytest.mark.parametrize("what", MAKERS)
def test_with_no_person_every_download_has_nothing_to_export(what: str, uow: SqlUnitOfWork, library: Library) -> None:
    """An empty store (no person 1): NothingToExport, saying which download it is."""
    with pytest.raises(NothingToExport) as caught:
        MAKERS[what](uow, library, 1)
    assert caught.value.what == what


def test_a_person_with_nothing_logged_or_answered_has_no_report(uow: SqlUnitOfWork, library: Library) -> None:
    """A person but no profile, sets or check-ins: nothing to put in a report yet."""
    with uow:
        person_id = uow.people.add().id
        uow.commit()
    with pytest.raises(NothingToExport, match="report"):
        report_data(uow, library, today=START, person_id=person_id)


def test_the_report_data_is_the_persons_analysed_history_on_the_day(
    uow: SqlUnitOfWork, engine: Engine, library: Library
) -> None:
    """A started programme and a logged session: ReportData with the profile, the sets and the day it is for."""
    me = started(engine, library)
    logged(engine)
    report = report_data(uow, library, today=START, person_id=me)
    assert isinstance(report, ReportData)
    assert report.generated_on == START
    assert report.progress.profile is not None and report.progress.program is not None
    assert report.progress.total_sets == 2
    assert report.progress.first_day == report.progress.last_day == START


def test_the_calendar_is_the_programmes_planned_sessions_in_date_order_with_names(
    uow: SqlUnitOfWork, engine: Engine, library: Library
) -> None:
    """CalendarData: four weeks of three sessions (and any activity days), each item named from the library."""
    me = started(engine, library)
    data = calendar(uow, library, today=START, person_id=me)
    assert isinstance(data, CalendarData)
    days = [s.date for s in data.sessions]
    assert days == sorted(days) and days[0] >= START
    assert {s.week for s in data.sessions} == {1, 2, 3, 4}
    strength = [s for s in data.sessions if s.kind == "strength"]
    assert len(strength) == 12
    first = strength[0]
    assert first.minutes > 0 and first.phase >= 1 and first.phase_name
    assert first.items and all(isinstance(i, SessionItem) for i in first.items)
    assert all(i.name == library.get(i.exercise_id).name for s in data.sessions for i in s.items)


def test_the_sets_export_has_every_set_with_its_load_in_kg_and_an_estimate(
    uow: SqlUnitOfWork, engine: Engine, library: Library
) -> None:
    """SetsExport of SetRecords: set numbers per exercise, loads in the person's unit (135 lb imported reads 61.23 kg
    for a person who chose kg, and 135 lb again once they choose lb), Epley's e1RM for working sets only."""
    person_id = logged(engine)
    export = sets_export(uow, person_id=person_id, library=library)
    assert isinstance(export, SetsExport)
    working, warmup = export.sets
    assert isinstance(working, SetRecord)
    assert (working.date, working.source, working.exercise_id, working.exercise) == (
        START,
        "gluterx",
        "hip_thrust",
        library.get("hip_thrust").name,
    )
    assert (working.set, working.reps, working.load, working.unit, working.pain_during) == (1, 8, 61.23, "kg", 2)
    assert working.load_kg == pytest.approx(61.235, abs=0.001)
    assert working.e1rm_kg == pytest.approx(61.235 * (1 + 8 / 30), abs=0.01)
    assert (warmup.set, warmup.warmup, warmup.load_kg, warmup.e1rm_kg) == (2, True, 20.0, None)
    assert working.as_row()["date"] == "2026-03-02"
    with uow:
        uow.settings.put(person_id, PersonSettings(unit="lb"))
        uow.commit()
    in_lb, warmup_lb = sets_export(uow, person_id=person_id, library=library).sets
    assert (in_lb.load, in_lb.unit, in_lb.load_kg) == (135.0, "lb", working.load_kg)
    assert (warmup_lb.load, warmup_lb.unit) == (44.09, "lb")
