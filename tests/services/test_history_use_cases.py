"""services.history on the in-memory store: a person's own sessions and check-ins, and nobody else's."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gluterx.domain.exercise import Library
from gluterx.domain.units import LB_TO_KG
from gluterx.services import check_in, history
from gluterx.services.history import CheckinRecord
from gluterx.services.ports import ServiceError
from tests.fakes import FakeUnitOfWork
from tests.services.loop import START, log_due, new_person, started


def test_history_lists_the_persons_sessions_and_checkins_oldest_first(library: Library) -> None:
    """Two logged sessions and a check-in come back oldest first; sessions() and checkins() agree with history()."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    later = log_due(uow, library, person_id, START + timedelta(days=2))
    first = log_due(uow, library, person_id, START)
    check_in.checkin(uow, library, pain=3, on=START + timedelta(days=1), person_id=person_id)
    found = history.history(uow, person_id=person_id)
    assert [s.id for s in found.sessions] == [first.session_id, later.session_id]
    assert [s.sets_logged for s in found.sessions] == [first.sets_logged, later.sets_logged]
    assert found.checkins == (CheckinRecord(START + timedelta(days=1), 3),)
    assert history.sessions(uow, person_id=person_id) == found.sessions
    assert history.checkins(uow, person_id=person_id) == found.checkins
    assert history.session(uow, person_id=person_id, session_id=later.session_id) == found.sessions[1]
    assert history.logged_on(uow, person_id=person_id, day=START) == first.session_id
    assert history.logged_on(uow, person_id=person_id, day=START + timedelta(days=1)) is None


def test_another_persons_session_reads_as_missing(library: Library) -> None:
    """Someone else's session id is 'missing', exactly like one that does not exist; their history is empty."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    logged = log_due(uow, library, person_id, START)
    other = new_person(uow)
    with pytest.raises(ServiceError) as raised:
        history.session(uow, person_id=other, session_id=logged.session_id)
    assert raised.value.code == "missing" and raised.value.problems[0].field == "session_id"
    assert history.history(uow, person_id=other) == history.History((), ())


def test_a_load_logged_in_pounds_reads_back_in_kilograms() -> None:
    """An imported set of 100 lb is 45.359 kg in the history."""
    uow = FakeUnitOfWork()
    person_id = new_person(uow)
    with uow:
        exercise = {
            "exercise_id": "hip_thrust",
            "pain_during": 0,
            "felt_in": [],
            "sets": [{"reps": 8, "load": 100.0, "unit": "lb"}],
        }
        uow.sessions.create(person_id=person_id, day=START, notes="", source="strong", exercises=[exercise])
        uow.commit()
    (session,) = history.sessions(uow, person_id=person_id)
    assert session.source == "strong"
    assert session.exercises[0].sets[0].load_kg == round(100.0 * LB_TO_KG, 3)


def test_a_sessions_highest_pain_is_its_worst_exercise_and_0_without_exercises() -> None:
    from datetime import date

    from gluterx.services.history import ExerciseRecord, SessionRecord

    def ex(pain: int) -> ExerciseRecord:
        return ExerciseRecord("glute_bridge", pain, (), ())

    assert SessionRecord(1, date(2026, 12, 1), "", "gluterx", (ex(2), ex(5), ex(1))).highest_pain == 5
    assert SessionRecord(2, date(2026, 12, 2), "", "gluterx", ()).highest_pain == 0
