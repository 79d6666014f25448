"""services.outcomes on the in-memory store: recording answers (every bad field named, nothing half-stored), the
global rating of change only after the start, the change against the minimal important change, and what is due."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from gluterx.domain.exercise import Library
from gluterx.domain.outcomes import Verdict
from gluterx.services.errors import line
from gluterx.services.outcomes import outcome_history, outcomes_json, record_outcomes
from gluterx.services.ports import ServiceError
from tests.fakes import FakeUnitOfWork
from tests.services.loop import START, started

NAMES = ("Climbing the stairs", "Sitting through a film", "Lifting my toddler")


def answers(pain: int, scores: tuple[int, ...] = (3, 4, 2), groc: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "pain": pain,
        "activities": [{"name": n, "score": s} for n, s in zip(NAMES, scores, strict=True)],
    }
    if groc is not None:
        data["groc"] = groc
    return data


def problems(exc: pytest.ExceptionInfo[ServiceError]) -> dict[str, str]:
    return {p.field: p.code for p in exc.value.problems}


def test_the_start_answers_are_stored_and_the_start_check_is_done(library: Library) -> None:
    """A new programme: the start check is due; after answering it is not, and the next is 4 weeks from the start."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    before = outcome_history(uow, person_id=person_id, today=START)
    assert before.due is not None and before.due.due and before.first_time
    after = record_outcomes(uow, answers(6), on=START, person_id=person_id)
    assert after.due is not None and not after.due.due
    assert after.due.next_date == START + timedelta(days=28)
    assert [a.pain for a in after.answers] == [6] and after.activity_names == NAMES
    assert after.pain is None and after.psfs is None  # nothing to compare with yet


def test_four_weeks_on_the_change_is_judged_against_the_minimal_important_change(library: Library) -> None:
    """Pain 6 -> 3 is better (Farrar), PSFS 3.0 -> 6.0 is better (2 points), GROC +4 is better (+3)."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    record_outcomes(uow, answers(6), on=START, person_id=person_id)
    day28 = START + timedelta(days=28)
    assert outcome_history(uow, person_id=person_id, today=day28).due.due  # type: ignore[union-attr]
    history = record_outcomes(uow, answers(3, (6, 7, 5), groc=4), on=day28, person_id=person_id)
    assert history.pain is not None and history.pain.verdict is Verdict.BETTER
    assert history.psfs is not None and history.psfs.verdict is Verdict.BETTER
    assert history.psfs.difference == pytest.approx(3.0)
    assert history.groc is not None and history.groc.verdict is Verdict.BETTER
    assert history.groc.label == "Moderately better"
    body = outcomes_json(history)
    assert body["change"]["pain"]["sources"] == ["farrar2001"]
    assert body["change"]["psfs"]["mic"] == 2 and body["change"]["groc"]["mic"] == 3
    assert body["due"]["due"] is False and body["answers"][1]["psfs"] == 6.0


def test_the_groc_is_refused_at_the_start_and_required_after(library: Library) -> None:
    """At the start there is nothing to compare with; afterwards the rating of change must be given."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    with pytest.raises(ServiceError) as exc:
        record_outcomes(uow, answers(6, groc=2), on=START, person_id=person_id)
    assert problems(exc) == {"groc": "groc_at_start"}
    record_outcomes(uow, answers(6), on=START, person_id=person_id)
    with pytest.raises(ServiceError) as exc:
        record_outcomes(uow, answers(5), on=START + timedelta(days=28), person_id=person_id)
    assert problems(exc) == {"groc": "groc_required"}
    assert "-7" in line(exc.value.problems[0])


def test_answering_again_the_same_day_replaces_the_answers(library: Library) -> None:
    """A correction on the same day is one set, the new one."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    record_outcomes(uow, answers(6), on=START, person_id=person_id)
    history = record_outcomes(uow, answers(5), on=START, person_id=person_id)
    assert [a.pain for a in history.answers] == [5]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"pain": 11, "activities": []}, {"pain": "too_large", "activities": "too_short"}),
        ({"pain": "4", "activities": answers(1)["activities"]}, {"pain": "invalid"}),
        ({**answers(4), "activities": answers(4)["activities"] * 2}, {"activities": "too_long"}),
        ({**answers(4), "groc": 8}, {"groc": "too_large"}),
        ({**answers(4), "mood": 3}, {"mood": "unknown_field"}),
        ({"pain": 4, "activities": [{"name": "   ", "score": 3}, *answers(4)["activities"][1:]]},
         {"activities.0.name": "too_short"}),
        ({"pain": 4, "activities": [{"name": "x" * 81, "score": 3}, *answers(4)["activities"][1:]]},
         {"activities.0.name": "too_long"}),
        ({"pain": 4, "activities": [{"name": "Walk", "score": -1}, *answers(4)["activities"][1:]]},
         {"activities.0.score": "too_small"}),
        ({"pain": 4, "activities": [*answers(4)["activities"], {"name": "climbing  the STAIRS", "score": 1}]},
         {"activities.3.name": "duplicate_activity"}),
        ({"pain": 4, "activities": [{"name": "Walk\x00", "score": 1}, *answers(4)["activities"][1:]]},
         {"activities.0.name": "control_character"}),
        ([1, 2], {"": "not_an_object"}),
    ],
)  # fmt: skip
def test_bad_answers_name_each_field_and_store_nothing(library: Library, data: Any, expected: dict[str, str]) -> None:
    """Every bad field is a Problem naming it (pain, activities.N.name ...), and nothing is stored."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    with pytest.raises(ServiceError) as exc:
        record_outcomes(uow, data, on=START, person_id=person_id)
    found = problems(exc)
    for field, code in expected.items():
        if code == "invalid":
            assert field in found
        else:
            assert found.get(field) == code, found
    assert outcome_history(uow, person_id=person_id, today=START).answers == ()


def test_without_a_programme_answers_are_kept_but_nothing_is_due(library: Library) -> None:
    """No programme: no due date to compute, the answers are still the person's."""
    uow = FakeUnitOfWork()
    with uow:
        person = uow.people.add(display_name="Ada")
        uow.commit()
    history = record_outcomes(uow, answers(4), on=START, person_id=person.id)
    assert history.due is None and len(history.answers) == 1
    assert outcomes_json(history)["due"] is None


def test_a_chosen_interval_moves_the_next_check(library: Library) -> None:
    """every_days (a clinician's choice, issue 16) sets when the next check is due."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    record_outcomes(uow, answers(6), on=START, person_id=person_id)
    two_weeks = outcome_history(uow, person_id=person_id, today=START + timedelta(days=14), every_days=14)
    assert two_weeks.due is not None and two_weeks.due.due and two_weeks.due.number == 1
    assert not outcome_history(uow, person_id=person_id, today=START + timedelta(days=14)).due.due  # type: ignore[union-attr]


def test_answers_before_the_first_are_refused(library: Library) -> None:
    """The start stays the start: a day before the first answers is refused on `date`, nothing stored."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    record_outcomes(uow, answers(6), on=START, person_id=person_id)
    with pytest.raises(ServiceError) as exc:
        record_outcomes(uow, answers(5), on=START - timedelta(days=1), person_id=person_id)
    assert problems(exc) == {"date": "before_first_outcome"}
    assert len(outcome_history(uow, person_id=person_id, today=START).answers) == 1
