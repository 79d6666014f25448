"""check_in.checkin and log_session.workout_summary on the in-memory store."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gluterx.domain.exercise import Library
from gluterx.services import check_in, log_session
from gluterx.services.ports import ServiceError
from tests.fakes import FakeUnitOfWork
from tests.services.loop import PROFILE, START, log_due, started

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


def _checkins(uow: FakeUnitOfWork, library: Library, person_id: int, pains: list[int], *, first: date) -> None:
    """One check-in a day from `first`, with no session the day before (so nothing is revised)."""
    for n, pain in enumerate(pains):
        check_in.checkin(uow, library, pain=pain, on=first + timedelta(days=n), person_id=person_id)


def test_after_improving_to_two_a_morning_five_is_a_flare_not_settled(library: Library) -> None:
    """Usual pain 4 at setup, then a week of 2/10 mornings: a 5/10 morning after a session is judged against 2 (the
    recent usual), not 4, and yesterday's prescriptions step back."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    _checkins(uow, library, person_id, [2] * 6, first=START - timedelta(days=6))
    logged = log_due(uow, library, person_id, START)
    outcome = check_in.checkin(uow, library, pain=5, on=NEXT_MORNING, person_id=person_id)
    assert outcome.usual == 2
    assert outcome.changes and not any(c.progressing for c in outcome.changes)
    assert len(outcome.changes) == len([c for c in logged.changes if c.next is not None])


def test_without_recent_check_ins_the_setup_figure_is_the_usual(library: Library) -> None:
    """No check-in in the last two weeks: the pain given at setup (4/10) is the usual, so 4 the next morning is
    settled."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    log_due(uow, library, person_id, START)
    outcome = check_in.checkin(uow, library, pain=4, on=NEXT_MORNING, person_id=person_id)
    assert (outcome.usual, outcome.changes) == (4, ())


def test_soreness_is_stored_apart_from_pain_and_never_steps_back(library: Library) -> None:
    """A pain-free gym-goer: pain 0 and soreness 6 the next morning is stored as both and revises nothing."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library, profile={**PROFILE, "pain": []})
    log_due(uow, library, person_id, START)
    outcome = check_in.checkin(uow, library, pain=0, soreness=6, on=NEXT_MORNING, person_id=person_id)
    assert (outcome.usual, outcome.soreness, outcome.changes) == (0, 6, ())
    with uow:
        assert [(c.pain, c.soreness) for c in uow.checkins.for_person(person_id)] == [(0, 6)]


def test_soreness_outside_zero_to_ten_names_the_field_and_stores_nothing(library: Library) -> None:
    """soreness 11: ServiceError naming `soreness`, and no check-in stored."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    with pytest.raises(ServiceError) as raised:
        check_in.checkin(uow, library, pain=1, soreness=11, on=NEXT_MORNING, person_id=person_id)
    assert [(p.field, p.code) for p in raised.value.problems] == [("soreness", "pain_out_of_range")]
    with uow:
        assert uow.checkins.for_person(person_id) == []


def test_each_eased_exercise_says_only_what_changes_so_the_why_is_said_once(library: Library) -> None:
    """A flare revises every slot: each change carries a short step without the shared why (issue 14: no paragraph
    repeated for every exercise), while the stored reason keeps the why for Today."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    log_due(uow, library, person_id, START)
    outcome = check_in.checkin(uow, library, pain=8, on=NEXT_MORNING, person_id=person_id)
    assert outcome.changes
    for c in outcome.changes:
        assert c.step and "next morning" not in c.step.words()
        assert "next morning was 8/10" in c.reason.words()
