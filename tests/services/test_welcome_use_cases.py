"""services.welcome and services.questionnaire on the in-memory store: the welcome says what the programme and Today
will say, and the questionnaire assumes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings

from gluterx.domain.exercise import Library
from gluterx.services import programme, today
from gluterx.services.errors import Problem
from gluterx.services.ports import ServiceError
from gluterx.services.questionnaire import answer_problems
from gluterx.services.welcome import welcome
from tests.fakes import FakeUnitOfWork
from tests.services.loop import START, new_person, started
from tests.strategies import profiles


@settings(max_examples=15, deadline=None)
@given(profile=profiles(max_weeks=8))
def test_the_welcome_agrees_with_the_programme_and_today(library: Library, profile: dict[str, Any]) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library, profile=profile)
    summary = welcome(uow, library, person_id=person_id, today=START)
    whole = programme.programme(uow, library, person_id=person_id, today=START)
    assert (summary.start, summary.end, summary.weeks_total, summary.phases) == (
        whole.start, whole.end, whole.weeks_total, whole.phases,
    )  # fmt: skip
    assert summary.cautions == whole.cautions
    if summary.status == "referral":
        return
    assert summary.first_session is not None
    plan = today.today(uow, library, on=summary.first_session.date, person_id=person_id)
    assert [(i.exercise_id, i.dose) for i in plan.items] == [
        (i.exercise_id, i.dose) for i in summary.first_session.items
    ]
    assert 1 <= summary.glute_sessions_per_week <= profile["sessions_per_week"]
    first_week = [s for s in whole.weeks[0].sessions if s.date < START + timedelta(days=7)]
    assert summary.first_session in first_week


def test_the_first_session_is_the_next_one_from_the_day_asked(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    whole = programme.programme(uow, library, person_id=person_id, today=START)
    second = [s for w in whole.weeks for s in w.sessions][1]
    later = welcome(uow, library, person_id=person_id, today=second.date)
    assert later.first_session is not None and later.first_session.date == second.date


def test_no_programme_is_missing(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = new_person(uow)
    with pytest.raises(ServiceError) as caught:
        welcome(uow, library, person_id=person_id, today=START)
    assert caught.value.code == "missing"


def test_the_questionnaire_needs_a_goal_and_answered_screening() -> None:
    assert answer_problems({"goals": ["posture"]}) == []
    assert answer_problems({"goals": []}) == [Problem("goals", "no_goal")]
    found = answer_problems({"goals": ["posture"]}, red_flags_answered=False, conditions_answered=False)
    assert [(p.field, p.code) for p in found] == [("red_flags", "unanswered"), ("conditions", "unanswered")]


def test_the_welcome_carries_the_precautions_of_a_health_condition(library: Library) -> None:
    from tests.services.loop import PROFILE

    uow = FakeUnitOfWork()
    person_id = started(uow, library, profile={**PROFILE, "conditions": [{"id": "osteoporosis"}]})
    summary = welcome(uow, library, person_id=person_id, today=START)
    whole = programme.programme(uow, library, person_id=person_id, today=START)
    assert summary.precautions and summary.precautions == whole.precautions
