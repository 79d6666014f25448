"""Four weeks through the use cases (the in-memory store): a 72-year-old with knee pain 6/10 and osteoporosis, and a
person who answered 'pregnant or recently given birth'. What Today shows, what is logged and what the engine says
next never breaks a precaution, and Today carries the precautions and each item's notes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from gluterx.domain.exercise import Library, Position
from gluterx.domain.precautions import PrecautionId
from gluterx.services import check_in, log_session
from gluterx.services.profiles import parse_profile
from gluterx.services.today import today
from tests.fakes import FakeUnitOfWork
from tests.services.loop import START, as_due, started

OLDER = {
    "age": 72,
    "goals": ["pain_relief", "bone_health"],
    "pain": [{"region": "knee", "side": "both", "intensity": 6, "weeks": 52}],
    "red_flags": ["osteoporosis"],
    "experience": "none",
    "equipment": [],
    "sessions_per_week": 3,
    "minutes_per_session": 30,
    "weeks": 8,
}
PREGNANT = {
    "age": 31,
    "goals": ["pain_relief"],
    "pain": [{"region": "lower_back", "side": "both", "intensity": 4, "weeks": 6}],
    "red_flags": ["pregnancy"],
    "experience": "beginner",
    "equipment": ["mini_band"],
    "sessions_per_week": 3,
    "minutes_per_session": 30,
    "weeks": 8,
}


def four_weeks(library: Library, profile: dict[str, Any]) -> list[tuple[int, str, Any]]:
    """(week, shown|next, the item or the next prescription) for every session of four weeks; a flare in week 2."""
    uow = FakeUnitOfWork()
    me = started(uow, library, profile=profile)
    seen: list[tuple[int, str, Any]] = []
    for offset in range(28):
        day = START + timedelta(days=offset)
        week = offset // 7 + 1
        plan = today(uow, library, on=day, person_id=me)
        if plan.rest_day:
            continue
        assert plan.precautions
        seen += [(week, "shown", item) for item in plan.items]
        pain = 7 if week == 2 else 1
        outcome = log_session.log_session(uow, library, as_due(plan, pain=pain), person_id=me)
        seen += [(week, "next", c.next) for c in outcome.changes if c.next is not None]
        check_in.checkin(uow, library, pain=6 if week == 2 else 2, on=day + timedelta(days=1), person_id=me)
    return seen


@pytest.mark.parametrize("profile", [OLDER, PREGNANT], ids=["older_knee_oa_osteoporosis", "pregnant"])
def test_four_weeks_of_sessions_and_progression_keep_every_precaution(
    library: Library, profile: dict[str, Any]
) -> None:
    from gluterx.domain.screening import screen

    screening = screen(parse_profile(profile))
    seen = four_weeks(library, profile)
    assert seen
    assert screening.conservative  # a caution: the first phase runs weeks 1-4 of 8 (phase_lengths)
    for week, _, shown in seen:
        ex = library.get(shown.exercise_id)
        assert not screening.precautions_against(ex, 1), (week, ex.id)


def test_the_older_person_is_shown_the_supported_option_and_no_floor_work(library: Library) -> None:
    seen = four_weeks(library, OLDER)
    shown = [item for _, kind, item in seen if kind == "shown"]
    assert not any(library.get(i.exercise_id).position.on_the_floor for i in shown)
    demanding = [i for i in shown if library.get(i.exercise_id).balance_demand.rank >= 2]
    assert demanding and all(i.supported_option for i in demanding)
    assert all(i.caution for i in shown)


def test_the_pregnant_person_gets_no_prone_or_supine_work_and_pelvic_floor_every_session(library: Library) -> None:
    uow = FakeUnitOfWork()
    me = started(uow, library, profile=PREGNANT)
    plan = today(uow, library, on=START, person_id=me)
    assert {p.id for p in plan.precautions} >= {PrecautionId.PREGNANCY_WARNING_SIGNS, PrecautionId.PELVIC_FLOOR}
    assert any("bleeding" in a for p in plan.precautions for a in p.advice)
    shown = [item for _, kind, item in four_weeks(library, PREGNANT) if kind == "shown"]
    lying = {Position.PRONE, Position.SUPINE}
    assert not any(library.get(i.exercise_id).position in lying for i in shown)
    assert any(i.exercise_id == "pelvic_floor_contraction" for i in shown)
