"""log_session.log_session on the in-memory store: what a logged session stores, and what it refuses."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gluterx.domain.exercise import Library
from gluterx.domain.progression import PROGRESSING, Action, AlertLevel
from gluterx.domain.schedule import ScheduledSession
from gluterx.services import check_in, log_session, today
from gluterx.services.ports import ServiceError
from tests.fakes import FakeUnitOfWork
from tests.services.loop import PROFILE, START, as_due, log_due, started


def test_a_session_done_at_the_top_of_the_range_stores_the_progression_for_each_exercise(library: Library) -> None:
    """Every set at the top of the range with reps to spare: each tracked slot stores the prescription the outcome
    shows (the first time: the same again, to confirm), and a later session that week carries them."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    outcome = log_due(uow, library, person_id, START)
    tracked = [c for c in outcome.changes if c.next is not None]
    recorded = [c for c in outcome.changes if c.next is None]
    assert tracked and [c.exercise_id for c in recorded] == ["standing_glute_squeeze"]  # a habit, only recorded
    assert sum(c.next.action is Action.CONFIRM for c in tracked if c.next) >= len(tracked) - 1  # a stretch holds
    with uow:
        stored = uow.prescriptions.from_session(outcome.session_id)
    assert [r.prescription for r in stored] == [c.next for c in tracked]
    assert all(r.performed_session_id == outcome.session_id for r in stored)
    due = today.today(uow, library, on=START, person_id=person_id)
    assert outcome.sets_logged == sum(item.dose.sets for item in due.items)
    week = [today.today(uow, library, on=START + timedelta(days=n), person_id=person_id) for n in range(1, 7)]
    assert any(item.carried for plan in week for item in plan.items)


def test_the_second_qualifying_session_in_a_row_earns_one_step(library: Library) -> None:
    """Two sessions in a row at the top of the range: the second one progresses each slot by one thing."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    first = log_due(uow, library, person_id, START)
    confirmed = {c.exercise_id for c in first.changes if c.next is not None and c.next.action is Action.CONFIRM}
    seen: dict[str, str] = {}
    for n in range(1, 7):  # the rest of the first week: the same exercises come round again
        plan = today.today(uow, library, on=START + timedelta(days=n), person_id=person_id)
        if plan.rest_day:
            continue
        for c in log_due(uow, library, person_id, plan.date).changes:
            if c.exercise_id in confirmed and c.exercise_id not in seen and c.next is not None:
                seen[c.exercise_id] = c.action
    assert seen and all(action in PROGRESSING for action in seen.values())


def test_a_bad_field_stores_nothing_and_names_the_field(library: Library) -> None:
    """Negative reps in the second set: ServiceError whose Problem names exercises.0.sets.1.reps; nothing stored."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    session = as_due(today.today(uow, library, on=START, person_id=person_id))
    session["exercises"][0]["sets"] = [{"reps": 10}, {"reps": -1}]
    commits = uow.commits
    with pytest.raises(ServiceError) as raised:
        log_session.log_session(uow, library, session, person_id=person_id)
    assert [p.field for p in raised.value.problems] == ["exercises.0.sets.1.reps"]
    assert uow.commits == commits
    with uow:
        assert uow.sessions.logged(person_id) == [] and uow.prescriptions.dated_for_person(person_id) == []


def test_an_exercise_not_planned_that_day_is_recorded_and_changes_nothing(library: Library) -> None:
    """An exercise outside the day's plan is stored with the session, shown as 'recorded', and prescribes nothing."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    planned = {i.exercise_id for i in today.today(uow, library, on=START, person_id=person_id).items}
    extra = next(e.id for e in library if e.id not in planned)
    session = {"date": START.isoformat(), "exercises": [{"exercise_id": extra, "sets": [{"reps": 12}]}]}
    outcome = log_session.log_session(uow, library, session, person_id=person_id)
    (change,) = outcome.changes
    assert (change.exercise_id, change.action, change.next) == (extra, "recorded", None)
    with uow:
        assert [e.exercise_id for e in uow.sessions.logged(person_id)[0].exercises] == [extra]
        assert uow.prescriptions.from_session(outcome.session_id) == []


def test_logging_without_a_programme_is_missing(library: Library) -> None:
    """No programme yet: ServiceError 'missing', and nothing stored."""
    uow = FakeUnitOfWork()
    with uow:
        person_id = uow.people.add().id
        uow.commit()
    session = {"date": START.isoformat(), "exercises": [{"exercise_id": "glute_bridge", "sets": [{"reps": 12}]}]}
    with pytest.raises(ServiceError) as raised:
        log_session.log_session(uow, library, session, person_id=person_id)
    assert raised.value.code == "missing"
    with uow:
        assert uow.sessions.logged(person_id) == []


LEG_PAIN = {**PROFILE, "red_flags": ["symptoms_below_knee"]}  # leg symptoms below the knee: a caution, not a referral


def test_leg_symptoms_spreading_steps_every_slot_back_warns_and_is_stored(library: Library) -> None:
    """A person with leg pain whose symptoms spread down the leg: no slot progresses, a high alert says to ease off
    and when to get help, and the answer is stored with the session."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library, profile=LEG_PAIN)
    session = as_due(today.today(uow, library, on=START, person_id=person_id))
    outcome = log_session.log_session(uow, library, {**session, "leg_symptoms_spread": True}, person_id=person_id)
    tracked = [c for c in outcome.changes if c.next is not None]
    assert tracked and not any(c.progressing or c.action == "confirm" for c in tracked)
    assert any(a.level is AlertLevel.HIGH and "spread further down your leg" in a.message for a in outcome.alerts)
    with uow:
        assert uow.sessions.logged(person_id)[0].leg_symptoms_spread is True


def test_leg_symptoms_that_did_not_spread_change_nothing(library: Library) -> None:
    """The same session with `leg_symptoms_spread: false`: the usual first-time confirm, no leg alert."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library, profile=LEG_PAIN)
    session = as_due(today.today(uow, library, on=START, person_id=person_id))
    outcome = log_session.log_session(uow, library, {**session, "leg_symptoms_spread": False}, person_id=person_id)
    assert any(c.action == "confirm" for c in outcome.changes)
    assert not any("leg" in a.message for a in outcome.alerts)


def test_leg_symptoms_spread_must_be_true_false_or_null(library: Library) -> None:
    """A string such as "yes" is refused, naming the field; nothing is stored."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library, profile=LEG_PAIN)
    session = as_due(today.today(uow, library, on=START, person_id=person_id))
    with pytest.raises(ServiceError) as raised:
        log_session.log_session(uow, library, {**session, "leg_symptoms_spread": "yes"}, person_id=person_id)
    assert [p.field for p in raised.value.problems] == ["leg_symptoms_spread"]
    with uow:
        assert uow.sessions.logged(person_id) == []


def _first_of_phase(uow: FakeUnitOfWork, person_id: int, phase: int) -> ScheduledSession:
    with uow:
        program = uow.programs.active(person_id)
        assert program is not None
        return next(s for s in uow.programs.planned_all(program.id) if s.phase == phase and not s.optional)


def test_a_phase_not_earned_keeps_the_previous_phases_exercises(library: Library) -> None:
    """Nothing logged in phase 1: on the first day of phase 2, Today still gives phase 1's exercises, not the
    calendar's phase 2 ones."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    second = _first_of_phase(uow, person_id, 2)
    with uow:
        program = uow.programs.active(person_id)
        assert program is not None
        phase_one = {i.exercise_id for s in uow.programs.planned_all(program.id) if s.phase == 1 for i in s.items}
    shown = today.today(uow, library, on=second.date, person_id=person_id)
    assert {i.exercise_id for i in shown.items} <= phase_one
    assert [i.exercise_id for i in shown.items] != [i.exercise_id for i in second.items]
    assert shown.held_phase == 1


def test_a_phase_earned_by_good_sessions_and_settled_pain_moves_on(library: Library) -> None:
    """Every phase-1 session done at the top of the range, mornings at 2/10 (below the 4/10 at setup): on the first
    day of phase 2, Today gives the calendar's phase 2 session."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    second = _first_of_phase(uow, person_id, 2)
    day = START
    while day < second.date:
        plan = today.today(uow, library, on=day, person_id=person_id)
        if not plan.rest_day and not plan.optional:
            log_due(uow, library, person_id, day)
        check_in.checkin(uow, library, pain=2, on=day + timedelta(days=1), person_id=person_id)
        day += timedelta(days=1)
    shown = today.today(uow, library, on=second.date, person_id=person_id)
    assert [i.exercise_id for i in shown.items] == [i.exercise_id for i in second.items]
    assert shown.held_phase is None
