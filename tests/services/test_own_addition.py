"""A person adds an exercise to their own plan (services.plan_changes add_choices/add_item, as a clinician's
addition, with the person as the author): it shows on Today, once or onward; they can take it back, and not a
clinician's; the choices come one part of the session at a time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from gluterx.domain.exercise import Library
from gluterx.domain.planner.adjustments import Author, AuthorKind, Scope
from gluterx.services import plan_changes, programme, today
from gluterx.services.plan_changes import PART_TITLES, SLOT_PARTS, DoseParts
from gluterx.services.ports import ServiceError
from tests.fakes import FakeUnitOfWork
from tests.services.loop import START, started

WHEN = datetime(2026, 1, 5, 8, tzinfo=UTC)


def _ids_on(uow: FakeUnitOfWork, library: Library, person_id: int, day: object) -> list[str]:
    return [i.exercise_id for i in today.today(uow, library, on=day, person_id=person_id).items]  # type: ignore[arg-type]


def _later_strength_day(uow: FakeUnitOfWork, library: Library, person_id: int) -> object:
    prog = programme.programme(uow, library, person_id=person_id, today=START)
    return next(s.date for w in prog.weeks for s in w.sessions if s.date > START and not s.optional)


def test_a_person_adds_an_exercise_once_and_it_shows_on_today_only_that_day(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    found = plan_changes.add_choices(uow, library, person_id=person_id, on=START)
    assert found.choices and set(found.in_session) == {
        library.display_name(i) for i in _ids_on(uow, library, person_id, START)
    }
    pick = found.choices[0]
    note = plan_changes.add_item(
        uow,
        library,
        person_id=person_id,
        on=START,
        exercise_id=pick.exercise_id,
        today=START,
        scope=Scope.ONCE,
        at=WHEN,
    )
    assert note.kind == "add_item" and note.by_you and note.undoable and note.reason == ""
    assert pick.name in note.words and "to that session only" in note.words
    assert pick.exercise_id in _ids_on(uow, library, person_id, START)
    assert pick.exercise_id not in _ids_on(uow, library, person_id, _later_strength_day(uow, library, person_id))
    # already there: refused, nothing more stored
    with pytest.raises(ServiceError) as again:
        plan_changes.add_item(uow, library, person_id=person_id, on=START, exercise_id=pick.exercise_id, today=START)
    assert again.value.code == "conflict" and again.value.problems[0].code == "already_in_session"
    assert len(uow.committed.adjustments) == 1


def test_onward_at_the_persons_own_dose_then_undone(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    found = plan_changes.add_choices(uow, library, person_id=person_id, on=START)
    pick = next(a for a in found.choices if a.dose.work.__class__.__name__ == "RepRange")
    parts = DoseParts(sets=2, reps_low=12, reps_high=15, load_kind="bodyweight", rest_s=45)
    note = plan_changes.add_item(
        uow, library, person_id=person_id, on=START, exercise_id=pick.exercise_id, today=START, parts=parts,
        reason="my physio said so", at=WHEN,
    )  # fmt: skip
    assert "2 × 12-15" in note.words and note.reason == "my physio said so"
    later = _later_strength_day(uow, library, person_id)
    item = next(
        i for i in today.today(uow, library, on=later, person_id=person_id).items if i.exercise_id == pick.exercise_id
    )
    assert item.dose.sets == 2
    plan_changes.undo(uow, library, person_id=person_id, adjustment_id=note.id)
    assert pick.exercise_id not in _ids_on(uow, library, person_id, START)
    assert pick.exercise_id not in _ids_on(uow, library, person_id, later)


def test_a_bad_dose_a_past_day_and_an_unknown_exercise_are_named_and_store_nothing(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    pick = plan_changes.add_choices(uow, library, person_id=person_id, on=START).choices[0]
    with pytest.raises(ServiceError) as bad:
        plan_changes.add_item(uow, library, person_id=person_id, on=START, exercise_id=pick.exercise_id,
                              today=START, parts=DoseParts(sets=0, reps_low=8))  # fmt: skip
    assert [(p.field, p.code) for p in bad.value.problems] == [("sets", "too_small")]
    with pytest.raises(ServiceError) as past:
        plan_changes.add_item(uow, library, person_id=person_id, on=START, exercise_id=pick.exercise_id,
                              today=START + timedelta(days=1))  # fmt: skip
    assert past.value.problems[0].code == "day_in_the_past"
    with pytest.raises(ServiceError) as unknown:
        plan_changes.add_item(uow, library, person_id=person_id, on=START, exercise_id="glute_brdge", today=START)
    assert unknown.value.problems[0].field == "exercise_id" and unknown.value.problems[0].code == "unknown_exercise"
    assert uow.committed.adjustments == []


def test_a_person_cannot_take_back_a_clinicians_addition(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    pick = plan_changes.add_choices(uow, library, person_id=person_id, on=START).choices[0]
    theirs = plan_changes.add_item(
        uow, library, person_id=person_id, on=START, exercise_id=pick.exercise_id, today=START,
        author=Author(AuthorKind.CLINICIAN, 999), reason="for your balance",
    )  # fmt: skip
    assert not theirs.undoable
    with pytest.raises(ServiceError) as refused:
        plan_changes.undo(uow, library, person_id=person_id, adjustment_id=theirs.id)
    assert refused.value.code == "forbidden" and refused.value.problems[0].code == "clinicians_change"
    assert pick.exercise_id in _ids_on(uow, library, person_id, START)


def test_the_choices_one_part_of_the_session_at_a_time(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    found = plan_changes.add_choices(uow, library, person_id=person_id, on=START)
    parts = {SLOT_PARTS[a.slot] for a in found.choices}
    assert len(parts) > 1 and parts <= set(PART_TITLES)
    for part in parts:
        some = plan_changes.additions_in_part(found, part)
        assert some.choices and {SLOT_PARTS[a.slot] for a in some.choices} == {part}
    assert sum(len(plan_changes.additions_in_part(found, p).choices) for p in parts) == len(found.choices)
    assert plan_changes.additions_in_part(found, None) == found
    with pytest.raises(ServiceError) as bad:
        plan_changes.additions_in_part(found, "arms")
    assert (bad.value.problems[0].field, bad.value.problems[0].code) == ("part", "not_a_choice")
