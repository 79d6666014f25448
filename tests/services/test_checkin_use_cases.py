"""check_in.checkin and log_session.workout_summary on the in-memory store."""

from __future__ import annotations

from datetime import timedelta

from gluterx.domain.exercise import Library
from gluterx.services import check_in, log_session
from tests.fakes import FakeUnitOfWork
from tests.services.loop import START, log_due, started

NEXT_MORNING = START + timedelta(days=1)


def test_pain_above_usual_next_morning_revises_yesterdays_prescriptions(library: Library) -> None:
    """Pain 8 the morning after (usual is 4): each of yesterday's slots gets a new, newest prescription, the one
    the check-in shows, and none of them progresses."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    logged = log_due(uow, library, person_id, START)
    outcome = check_in.checkin(uow, library, pain=8, on=NEXT_MORNING, person_id=person_id)
    assert outcome.changes and not any(c.progressing for c in outcome.changes)
    with uow:
        written = uow.prescriptions.from_session(logged.session_id)
        newest = {r.planned_exercise_id: r.prescription for r in written}
        assert [c.pain for c in uow.checkins.for_person(person_id)] == [8]
    tracked = [c for c in logged.changes if c.next is not None]  # the sitting-break squeeze is only recorded
    assert len(written) == len(tracked) + len(outcome.changes)
    assert all(newest[c.exercise_id] == c.next for c in outcome.changes)


def test_settled_pain_next_morning_changes_nothing(library: Library) -> None:
    """Pain 2 the morning after (not above the usual 4): the check-in is stored and yesterday's word stands."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    logged = log_due(uow, library, person_id, START)
    outcome = check_in.checkin(uow, library, pain=2, on=NEXT_MORNING, person_id=person_id)
    assert outcome.changes == ()
    with uow:
        assert [r.prescription for r in uow.prescriptions.from_session(logged.session_id)] == [
            c.next for c in logged.changes if c.next is not None
        ]


def test_the_workout_summary_shows_the_newest_word_after_a_checkin(library: Library) -> None:
    """The summary of a session revised by a check-in shows the revised prescriptions; another person's session
    is None, like one that does not exist."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    logged = log_due(uow, library, person_id, START)
    before = log_session.workout_summary(uow, library, person_id=person_id, session_id=logged.session_id)
    assert before is not None and [c.next for c in before.changes] == [c.next for c in logged.changes]
    revised = check_in.checkin(uow, library, pain=8, on=NEXT_MORNING, person_id=person_id)
    after = log_session.workout_summary(uow, library, person_id=person_id, session_id=logged.session_id)
    assert after is not None and after.session.id == logged.session_id
    shown = {c.exercise_id: c.next for c in after.changes}
    assert revised.changes and all(shown[c.exercise_id] == c.next for c in revised.changes)
    assert log_session.workout_summary(uow, library, person_id=person_id + 1, session_id=logged.session_id) is None
