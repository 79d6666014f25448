"""services.programme on the in-memory store: the programme and Today cannot disagree."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings

from gluterx.domain.exercise import Library
from gluterx.services import programme, today
from tests.fakes import FakeUnitOfWork
from tests.services.loop import START, started
from tests.strategies import profiles

PROFILES = profiles(max_weeks=8)


@settings(max_examples=20, deadline=None)
@given(profile=PROFILES)
def test_without_history_the_programme_shows_what_today_shows_on_every_planned_day(
    library: Library, profile: dict[str, Any]
) -> None:
    """For every planned date of a new programme, today's items are the items the programme shows for that date on
    that day, dose for dose (a phase not yet earned keeps the previous phase's session on both)."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library, profile=profile)
    whole = programme.programme(uow, library, person_id=person_id, today=START)
    days = [s.date for week in whole.weeks for s in week.sessions]
    assert days
    for day in days:
        seen = programme.programme(uow, library, person_id=person_id, today=day)
        session = next(s for week in seen.weeks for s in week.sessions if s.date == day)
        plan = today.today(uow, library, on=day, person_id=person_id)
        assert not plan.rest_day
        assert [(i.exercise_id, i.dose, i.reason) for i in plan.items] == [
            (i.exercise_id, i.dose, i.reason) for i in session.items
        ]


@given(profile=PROFILES)
@settings(max_examples=15, deadline=None)
def test_the_programme_says_each_exercise_note_once_and_what_several_share_once(
    library: Library, profile: dict[str, Any]
) -> None:
    """Every exercise with a note has its own words (what no other exercise's note says) and the shared sentences
    are said once, naming the exercises whose notes say them."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library, profile=profile)
    found = programme.programme(uow, library, person_id=person_id, today=START)
    items = {i.exercise_id: i for w in found.weeks for s in w.sessions for i in s.items}
    noted = {k for k, i in items.items() if i.caution or i.supported_option}
    assert set(found.own_notes) == noted
    texts = [n.said.words() for n in found.shared_notes]
    assert len(texts) == len(set(texts))
    for note in found.shared_notes:
        assert not any(note.said.words() in (t or "") for pair in found.own_notes.values() for t in pair)
        named = [i for i in items.values() if i.name in note.names]
        assert named and all(note.said.words() in f"{i.supported_option} {i.caution}" for i in named)
