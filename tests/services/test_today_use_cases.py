"""services.today on the in-memory store: rest days, and a lighter week after logged sessions."""

from __future__ import annotations

import re
from datetime import timedelta

from gluterx.domain.exercise import Library
from gluterx.services import today
from tests.fakes import FakeUnitOfWork
from tests.services.loop import START, log_due, started


def test_a_rest_day_says_the_date_of_the_next_session(library: Library) -> None:
    """A day with nothing planned is a rest day with no items, and names the next planned date."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    with uow:
        program = uow.programs.active(person_id)
        assert program is not None
        planned = [s.date for s in uow.programs.planned_all(program.id)]
    rest = next(START + timedelta(days=n) for n in range(7) if START + timedelta(days=n) not in planned)
    plan = today.today(uow, library, on=rest, person_id=person_id)
    assert (plan.rest_day, plan.items) == (True, ())
    assert plan.next_session_date == min(d for d in planned if d > rest)


def test_the_first_planned_day_is_the_plan_itself(library: Library) -> None:
    """Nothing logged yet: day 1 of week 1 lists the planned items, none carried."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    plan = today.today(uow, library, on=START, person_id=person_id)
    assert (plan.week, plan.day, plan.rest_day) == (1, 1, False)
    assert plan.items and not any(item.carried for item in plan.items)


def test_a_lighter_week_takes_the_plans_fewer_sets_once_and_never_says_one_set_instead_of_one(
    library: Library,
) -> None:
    """After three weeks logged as due, the first session of the deload week has the plan's deload sets (not
    deloaded a second time), fewer than the engine's word for at least one exercise, and no '1 set instead of 1'."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    with uow:
        program = uow.programs.active(person_id)
        assert program is not None
        sessions = uow.programs.planned_all(program.id)
    lighter = next(s for s in sessions if s.deload and s.kind == "strength")
    for s in sessions:
        if s.date < lighter.date and s.kind == "strength":
            log_due(uow, library, person_id, s.date, reps=12, rir=2)
    with uow:
        carried = uow.prescriptions.current_for_slots(program.id, [i.exercise_id for i in lighter.items])
    plan = today.today(uow, library, on=lighter.date, person_id=person_id)
    assert [item.dose.sets for item in plan.items] == [i.dose.sets for i in lighter.items]
    assert all(item.carried for item in plan.items if item.exercise_id != "standing_glute_squeeze")
    assert any(i.dose.sets < carried[i.exercise_id].dose.sets for i in lighter.items)
    assert not any(re.search(r"\b1 sets? instead of 1\b", item.reason.words()) for item in plan.items)


def test_a_sentence_several_items_share_is_said_once_for_the_session(library: Library) -> None:
    """The first session (phase 1: "Bodyweight first: ..." in each strength item's reason): the shared sentence is in
    `said.shared` once, with the items it is about, and in no item's own words; each item keeps its own first
    sentence (its name and purpose). The items' reasons themselves (the `today` JSON) are unchanged."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    plan = today.today(uow, library, on=START, person_id=person_id)
    assert len(plan.said.own) == len(plan.items)
    assert plan.said.shared, [i.reason.words() for i in plan.items]
    for note in plan.said.shared:
        about = [i for i in plan.items if i.name in note.names]
        assert len(about) > 1 and all(note.said in i.reason.parts for i in about)
        assert not any(note.said in own.parts for own in plan.said.own)
    for item, own in zip(plan.items, plan.said.own, strict=True):
        assert own.words().startswith(f"{item.name}:")
