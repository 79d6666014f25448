"""services.plan_changes on the in-memory store: swap, skip, move and undo, and that every reader of the plan (Today,
the programme, logging a session) sees the adjusted plan and the engine follows the swapped-in exercise."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from gluterx.domain.exercise import Library
from gluterx.domain.planner.adjustments import Author, AuthorKind, Scope
from gluterx.services import plan_changes, programme, today
from gluterx.services.ports import ServiceError
from tests.fakes import FakeUnitOfWork
from tests.services.loop import START, log_due, started

WHEN = datetime(2026, 1, 5, 8, tzinfo=UTC)


def _first_swap(uow: FakeUnitOfWork, library: Library, person_id: int, on: date) -> tuple[str, str]:
    """The first swappable item on `on` and its best alternative."""
    plan = today.today(uow, library, on=on, person_id=person_id)
    for item in plan.items:
        try:
            choices = plan_changes.swap_choices(uow, library, person_id=person_id, on=on, exercise_id=item.exercise_id)
        except ServiceError:
            continue
        if choices.alternatives:
            return item.exercise_id, choices.alternatives[0].exercise_id
    raise AssertionError("no swappable item with an alternative")


def _programme_items(uow: FakeUnitOfWork, library: Library, person_id: int, on: date) -> list[str]:
    prog = programme.programme(uow, library, person_id=person_id, today=START)
    return [i.exercise_id for w in prog.weeks for s in w.sessions if s.date == on and not s.skipped for i in s.items]


def test_a_swap_shows_on_today_and_the_programme_and_the_engine_tracks_the_new_exercise(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    old, new = _first_swap(uow, library, person_id, START)
    note = plan_changes.swap(
        uow, library, person_id=person_id, on=START, exercise_id=old, to=new, today=START, reason="no bench", at=WHEN
    )
    assert note.by_you and note.kind == "swap" and library.display_name(new) in note.words and note.reason == "no bench"
    plan = today.today(uow, library, on=START, person_id=person_id)
    ids = [i.exercise_id for i in plan.items]
    assert new in ids and old not in ids
    assert [c.id for c in plan.changes] == [note.id]
    assert new in _programme_items(uow, library, person_id, START)
    # onward: the next session that planned the old exercise has the new one too
    later = [
        s.date
        for w in programme.programme(uow, library, person_id=person_id, today=START).weeks
        for s in w.sessions
        if s.date > START and new in [i.exercise_id for i in s.items]
    ]
    assert later
    # logging the session stores the engine's word under the swapped-in exercise's own slot
    outcome = log_due(uow, library, person_id, START)
    with uow:
        stored = uow.prescriptions.from_session(outcome.session_id)
    assert new in {r.planned_exercise_id for r in stored}
    assert old not in {r.planned_exercise_id for r in stored}
    nxt = today.today(uow, library, on=later[0], person_id=person_id)
    assert next(i for i in nxt.items if i.exercise_id == new).carried


def test_a_one_off_swap_leaves_later_sessions_as_planned(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    old, new = _first_swap(uow, library, person_id, START)

    def later_with_old() -> list[date]:
        prog = programme.programme(uow, library, person_id=person_id, today=START)
        return [
            s.date for w in prog.weeks for s in w.sessions if s.date > START and old in [i.exercise_id for i in s.items]
        ]

    before = later_with_old()
    plan_changes.swap(
        uow, library, person_id=person_id, on=START, exercise_id=old, to=new, today=START, scope=Scope.ONCE
    )
    assert new in [i.exercise_id for i in today.today(uow, library, on=START, person_id=person_id).items]
    assert before and later_with_old() == before


def test_a_swap_to_something_not_offered_is_refused_and_stores_nothing(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    old, _ = _first_swap(uow, library, person_id, START)
    with pytest.raises(ServiceError) as caught:
        plan_changes.swap(uow, library, person_id=person_id, on=START, exercise_id=old, to="walking", today=START)
    assert [(p.field, p.code) for p in caught.value.problems] == [("to", "not_an_alternative")]
    with pytest.raises(ServiceError) as unknown:
        plan_changes.swap(uow, library, person_id=person_id, on=START, exercise_id=old, to="nope", today=START)
    assert unknown.value.problems[0].code == "unknown_exercise"
    assert uow.committed.adjustments == []


def test_skip_an_exercise_and_a_session_and_undo(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    plan = today.today(uow, library, on=START, person_id=person_id)
    first = plan.items[0].exercise_id
    skipped = plan_changes.skip_item(uow, library, person_id=person_id, on=START, exercise_id=first, today=START)
    assert first not in [i.exercise_id for i in today.today(uow, library, on=START, person_id=person_id).items]
    plan_changes.undo(uow, library, person_id=person_id, adjustment_id=skipped.id)
    assert first in [i.exercise_id for i in today.today(uow, library, on=START, person_id=person_id).items]
    gone = plan_changes.skip_session(uow, library, person_id=person_id, on=START, today=START)
    rest = today.today(uow, library, on=START, person_id=person_id)
    assert rest.rest_day and [c.kind for c in rest.changes] == ["skip_session"]
    prog = programme.programme(uow, library, person_id=person_id, today=START)
    assert not [s for w in prog.weeks for s in w.sessions if s.date == START]  # out of the plan
    shown = [s for w in prog.weeks for s in w.skipped if s.date == START]  # shown apart, to take back
    assert len(shown) == 1 and shown[0].skipped and shown[0].items
    with pytest.raises(ServiceError) as again:
        plan_changes.undo(uow, library, person_id=person_id, adjustment_id=skipped.id)
    assert again.value.problems[0].code == "already_undone"
    plan_changes.undo(uow, library, person_id=person_id, adjustment_id=gone.id)
    assert not today.today(uow, library, on=START, person_id=person_id).rest_day
    log = plan_changes.plan_changes(uow, library, person_id=person_id, today=START)
    assert [e.kind for e in log.entries] == ["undo", "skip_session", "undo", "skip_item"]
    assert log.in_force == ()


def test_move_a_session_to_a_free_day(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    before = today.today(uow, library, on=START, person_id=person_id)
    free = next(
        START + timedelta(days=n)
        for n in range(1, 7)
        if today.today(uow, library, on=START + timedelta(days=n), person_id=person_id).rest_day
    )
    moved = plan_changes.move_session(uow, library, person_id=person_id, from_date=START, to_date=free, today=START)
    assert moved.day == free and moved.from_day == START
    assert today.today(uow, library, on=START, person_id=person_id).rest_day
    after = today.today(uow, library, on=free, person_id=person_id)
    assert [i.exercise_id for i in after.items] == [i.exercise_id for i in before.items]
    assert after.changes and after.changes[0].kind == "move_session"
    taken = next(
        START + timedelta(days=n)
        for n in range(1, 7)
        if not today.today(uow, library, on=START + timedelta(days=n), person_id=person_id).rest_day
        and START + timedelta(days=n) != free
    )
    with pytest.raises(ServiceError) as caught:
        plan_changes.move_session(uow, library, person_id=person_id, from_date=free, to_date=taken, today=START)
    assert [(p.field, p.code) for p in caught.value.problems] == [("to_date", "day_taken")]
    with pytest.raises(ServiceError) as past:
        plan_changes.move_session(
            uow, library, person_id=person_id, from_date=free, to_date=START - timedelta(days=1), today=START
        )
    assert past.value.problems[0].field == "to_date"


def test_a_day_without_a_session_and_an_exercise_not_in_it_are_named(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    rest = next(
        START + timedelta(days=n)
        for n in range(1, 7)
        if today.today(uow, library, on=START + timedelta(days=n), person_id=person_id).rest_day
    )
    with pytest.raises(ServiceError) as none:
        plan_changes.skip_session(uow, library, person_id=person_id, on=rest, today=START)
    assert [(p.field, p.code) for p in none.value.problems] == [("date", "no_planned_session")]
    with pytest.raises(ServiceError) as absent:
        plan_changes.skip_item(uow, library, person_id=person_id, on=START, exercise_id="walking", today=START)
    assert [(p.field, p.code) for p in absent.value.problems] == [("exercise_id", "not_in_session")]


def test_changes_are_per_person(library: Library) -> None:
    uow = FakeUnitOfWork()
    me = started(uow, library)
    other = started(uow, library)
    mine = plan_changes.skip_session(uow, library, person_id=me, on=START, today=START)
    assert not today.today(uow, library, on=START, person_id=other).rest_day
    assert plan_changes.plan_changes(uow, library, person_id=other, today=START).entries == ()
    with pytest.raises(ServiceError) as caught:
        plan_changes.undo(uow, library, person_id=other, adjustment_id=mine.id)
    assert caught.value.problems[0].code == "no_adjustment"


def test_a_clinician_author_is_kept_and_said(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    note = plan_changes.skip_session(
        uow, library, person_id=person_id, on=START, today=START, author=Author(AuthorKind.CLINICIAN, 42), reason="rest"
    )
    assert not note.by_you and note.author == Author(AuthorKind.CLINICIAN, 42)


def test_the_calendar_follows_the_adjusted_plan(library: Library) -> None:
    """The calendar file's sessions come from the programme: a skipped session is not in it, a swap is."""
    from gluterx.services.calendar import calendar_sessions

    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    old, new = _first_swap(uow, library, person_id, START)
    plan_changes.swap(uow, library, person_id=person_id, on=START, exercise_id=old, to=new, today=START)
    second = today.today(uow, library, on=START, person_id=person_id).next_session_date
    assert second is not None
    plan_changes.skip_session(uow, library, person_id=person_id, on=second, today=START)
    sessions = calendar_sessions(uow, library, today=START, person_id=person_id)
    assert second not in [s.date for s in sessions]
    first = next(s for s in sessions if s.date == START)
    assert new in [i.exercise_id for i in first.items] and old not in [i.exercise_id for i in first.items]


def test_a_read_of_a_few_days_sees_what_the_whole_adjusted_plan_says(library: Library) -> None:
    """Today and logging adjust only the sessions that can land on their days; that agrees with the whole plan."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    old, new = _first_swap(uow, library, person_id, START)
    plan_changes.swap(uow, library, person_id=person_id, on=START, exercise_id=old, to=new, today=START)
    days = [START + timedelta(days=n) for n in range(21)]
    sessions = [d for d in days if not today.today(uow, library, on=d, person_id=person_id).rest_day]
    free = [d for d in days if d not in sessions]
    plan_changes.skip_session(uow, library, person_id=person_id, on=sessions[1], today=START)
    plan_changes.move_session(uow, library, person_id=person_id, from_date=sessions[2], to_date=free[-1], today=START)
    plan_changes.move_session(
        uow, library, person_id=person_id, from_date=sessions[3], to_date=sessions[1], today=START
    )
    with uow:
        program = uow.programs.active(person_id)
        assert program is not None
        whole = plan_changes.with_adjustments(uow, library, program).programs.planned_all(program.id)
        by_day = {s.date: s for s in whole}
        for day in days:
            view = plan_changes.with_adjustments(uow, library, program)
            assert view.programs.planned_on(program.id, day) == by_day.get(day), day
            expected = [s for s in whole if s.date >= day][:2]
            assert (
                plan_changes.with_adjustments(uow, library, program).programs.planned_from(program.id, day) == expected
            )
