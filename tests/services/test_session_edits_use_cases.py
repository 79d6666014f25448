"""Correcting and deleting a logged session on the in-memory store: the engine's word is worked out again from the
corrected history, in one commit, and nothing changes when the correction is refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gluterx.domain.exercise import Library
from gluterx.domain.progression import PROGRESSING, Action, Prescription
from gluterx.services import check_in, history, session_edits, today
from gluterx.services.ports import ServiceError
from tests.fakes import FakeUnitOfWork
from tests.services.loop import START, as_due, log_due, started


def _session_days(uow: FakeUnitOfWork, library: Library, person_id: int, weeks: int = 2) -> list[date]:
    days = [START + timedelta(days=n) for n in range(7 * weeks)]
    return [d for d in days if not today.today(uow, library, on=d, person_id=person_id).rest_day]


def _earned(uow: FakeUnitOfWork, library: Library) -> tuple[int, int, str, str]:
    """A person whose first two sessions with an exercise both reached the top of the range, so the second earned
    the next exercise in its chain: (person, the session that earned it, the exercise, the next one)."""
    person_id = started(uow, library)
    first = log_due(uow, library, person_id, START)
    confirmed = {c.exercise_id for c in first.changes if c.action == "confirm"}
    for day in _session_days(uow, library, person_id)[1:]:
        outcome = log_due(uow, library, person_id, day)
        for c in outcome.changes:
            if c.exercise_id in confirmed and c.next is not None and c.next.action is Action.PROGRESS_EXERCISE:
                return person_id, outcome.session_id, c.exercise_id, c.next.exercise_id
    raise AssertionError("no progression earned in two weeks")  # pragma: no cover


def _due_ids(uow: FakeUnitOfWork, library: Library, person_id: int, on: date) -> list[str]:
    return [i.exercise_id for i in today.today(uow, library, on=on, person_id=person_id).items]


def _next_day_with(uow: FakeUnitOfWork, library: Library, person_id: int, after: date, exercise_id: str) -> date:
    """The next training day (not an optional activity day, whose items nothing tracks) with the exercise."""
    for n in range(1, 15):
        day = after + timedelta(days=n)
        plan = today.today(uow, library, on=day, person_id=person_id)
        if not plan.optional and any(i.exercise_id == exercise_id for i in plan.items):
            return day
    raise AssertionError(f"{exercise_id} not due again within two weeks")  # pragma: no cover


def _stored_words(uow: FakeUnitOfWork, person_id: int) -> list[tuple[int | None, str, Prescription]]:
    with uow:
        return [
            (r.performed_session_id, r.planned_exercise_id, r.prescription)
            for r, _ in uow.prescriptions.dated_for_person(person_id)
        ]


def test_deleting_the_session_that_earned_a_progression_takes_the_progression_back(library: Library) -> None:
    """Two sessions in a row at the top of the range earn the next exercise; delete the second and the next time
    the slot is due, Today shows the first exercise again (what the first session left: the same, to confirm)."""
    uow = FakeUnitOfWork()
    person_id, earning, exercise, harder = _earned(uow, library)
    earned_on = history.session(uow, person_id=person_id, session_id=earning).date
    upcoming = _next_day_with(uow, library, person_id, earned_on, harder)
    assert exercise not in _due_ids(uow, library, person_id, upcoming)  # the step is what Today shows

    outcome = session_edits.delete_session(uow, library, person_id=person_id, session_id=earning)

    assert (outcome.session_id, outcome.date) == (earning, earned_on)
    due = _due_ids(uow, library, person_id, upcoming)
    assert exercise in due and harder not in due
    (revised,) = [r for r in outcome.revisions if r.after is not None and r.after.exercise_id == exercise]
    assert revised.before is not None and revised.before.exercise_id == harder
    assert revised.after is not None and revised.after.action is Action.CONFIRM
    with uow:
        assert uow.sessions.logged(person_id, session_id=earning) == []
        assert uow.prescriptions.from_session(earning) == []


def test_correcting_the_earning_session_below_the_top_of_the_range_takes_the_step_back(library: Library) -> None:
    """The same, by correcting the second session's reps down to the bottom of the range: no step, and the
    session keeps its id."""
    uow = FakeUnitOfWork()
    person_id, earning, exercise, harder = _earned(uow, library)
    done = history.session(uow, person_id=person_id, session_id=earning)
    upcoming = _next_day_with(uow, library, person_id, done.date, harder)
    body = {
        "date": done.date.isoformat(),
        "exercises": [
            {"exercise_id": e.exercise_id, "sets": [{"reps": 8, "rir": 0}] * len(e.sets), "felt_in": ["glutes"]}
            for e in done.exercises
        ],
    }

    outcome = session_edits.edit_session(uow, library, body, person_id=person_id, session_id=earning)

    assert outcome.summary.session.id == earning
    assert {s.reps for e in outcome.summary.session.exercises for s in e.sets} == {8}
    now = next(c for c in outcome.summary.changes if c.exercise_id == exercise)
    assert now.next is not None and now.next.action not in PROGRESSING
    due = _due_ids(uow, library, person_id, upcoming)
    assert exercise in due and harder not in due


def test_judging_an_untouched_history_again_gives_back_every_stored_word(library: Library) -> None:
    """Two weeks logged with next-morning check-ins (one above the usual pain, which revises its day): recomputing
    from the first day stores the very same prescriptions, session by session, as logging and the check-ins did."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    revised = 0
    for i, day in enumerate(_session_days(uow, library, person_id)):
        log_due(uow, library, person_id, day, reps=15 if i % 3 else 10, pain=2)
        morning = check_in.checkin(
            uow, library, pain=6 if i == 3 else 1, on=day + timedelta(days=1), person_id=person_id
        )
        revised += len(morning.changes)
    logged = _stored_words(uow, person_id)
    assert revised  # a check-in revised its day, so the recomputation must revisit it too
    assert any(a.action is Action.CONFIRM for *_, a in logged) and len(logged) > 10

    with uow:
        judged = session_edits.recompute(uow, library, person_id=person_id, since=START)
        uow.commit()

    assert judged == len(history.sessions(uow, person_id=person_id))
    assert sorted(_stored_words(uow, person_id), key=repr) == sorted(logged, key=repr)


def test_moving_a_session_to_another_day_judges_from_the_earlier_day(library: Library) -> None:
    """A session corrected to two days later keeps its id and is read on its new day."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    logged = log_due(uow, library, person_id, START)
    body = as_due(today.today(uow, library, on=START, person_id=person_id))
    body["date"] = (START + timedelta(days=2)).isoformat()
    body["notes"] = "It was Wednesday, not Monday"

    outcome = session_edits.edit_session(uow, library, body, person_id=person_id, session_id=logged.session_id)

    assert outcome.rejudged == 1
    (only,) = history.sessions(uow, person_id=person_id)
    assert (only.id, only.date, only.notes) == (logged.session_id, START + timedelta(days=2), body["notes"])


def test_a_bad_correction_names_the_field_and_changes_nothing(library: Library) -> None:
    """Negative reps in the correction: ServiceError naming exercises.0.sets.0.reps; no commit, the session and its
    prescriptions as they were."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    logged = log_due(uow, library, person_id, START)
    body = as_due(today.today(uow, library, on=START, person_id=person_id))
    body["exercises"][0]["sets"][0] = {"reps": -3}
    before, words, commits = history.sessions(uow, person_id=person_id), _stored_words(uow, person_id), uow.commits

    with pytest.raises(ServiceError) as raised:
        session_edits.edit_session(uow, library, body, person_id=person_id, session_id=logged.session_id)

    assert [p.field for p in raised.value.problems] == ["exercises.0.sets.0.reps"]
    assert uow.commits == commits
    assert history.sessions(uow, person_id=person_id) == before and _stored_words(uow, person_id) == words


def test_a_day_outside_the_date_policy_is_refused(library: Library) -> None:
    """A correction to 1999 is refused naming `date` (domain/limits.py's days)."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    logged = log_due(uow, library, person_id, START)
    body = {**as_due(today.today(uow, library, on=START, person_id=person_id)), "date": "1999-12-31"}
    with pytest.raises(ServiceError) as raised:
        session_edits.edit_session(uow, library, body, person_id=person_id, session_id=logged.session_id)
    assert [p.field for p in raised.value.problems] == ["date"]


def test_another_persons_session_is_missing_for_edit_and_delete(library: Library) -> None:
    """Someone else's session reads as one that does not exist, and stays as it was."""
    uow = FakeUnitOfWork()
    owner = started(uow, library)
    logged = log_due(uow, library, owner, START)
    other = started(uow, library)
    body = as_due(today.today(uow, library, on=START, person_id=owner))
    for attempt in (
        lambda: session_edits.edit_session(uow, library, body, person_id=other, session_id=logged.session_id),
        lambda: session_edits.delete_session(uow, library, person_id=other, session_id=logged.session_id),
    ):
        with pytest.raises(ServiceError) as raised:
            attempt()
        assert raised.value.code == "missing" and raised.value.problems[0].code == "no_session"
    assert [s.id for s in history.sessions(uow, person_id=owner)] == [logged.session_id]


def test_an_imported_session_can_be_deleted_but_not_corrected(library: Library) -> None:
    """An imported session keeps the other app's figures: a correction is a conflict, a delete removes it."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    with uow:
        imported = uow.sessions.create(
            person_id=person_id,
            day=START - timedelta(days=3),
            notes="",
            source="strong",
            source_key="k1",
            exercises=[{"exercise_id": "glute_bridge", "pain_during": 0, "felt_in": [], "sets": [{"reps": 10}]}],
        )
        uow.commit()
    body = {"date": START.isoformat(), "exercises": [{"exercise_id": "glute_bridge", "sets": [{"reps": 12}]}]}
    with pytest.raises(ServiceError) as raised:
        session_edits.edit_session(uow, library, body, person_id=person_id, session_id=imported)
    assert raised.value.code == "conflict" and raised.value.problems[0].code == "imported_session"

    outcome = session_edits.delete_session(uow, library, person_id=person_id, session_id=imported)

    assert outcome.rejudged == 0 and history.sessions(uow, person_id=person_id) == ()


def test_without_a_programme_a_session_is_still_corrected(library: Library) -> None:
    """Only an imported history, no programme: correcting and deleting change the session and judge nothing."""
    uow = FakeUnitOfWork()
    with uow:
        person_id = uow.people.add().id
        sid = uow.sessions.add(
            person_id=person_id,
            day=START,
            notes="",
            exercises=[{"exercise_id": "glute_bridge", "pain_during": 0, "felt_in": [], "sets": [{"reps": 10}]}],
        )
        uow.commit()
    body = {"date": START.isoformat(), "exercises": [{"exercise_id": "glute_bridge", "sets": [{"reps": 12}]}]}
    outcome = session_edits.edit_session(uow, library, body, person_id=person_id, session_id=sid)
    assert outcome.rejudged == 0 and outcome.summary.session.exercises[0].sets[0].reps == 12
    assert session_edits.delete_session(uow, library, person_id=person_id, session_id=sid).rejudged == 0
