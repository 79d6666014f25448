"""A free session from the library on the in-memory store: only what the person can do is offered, and what they log
goes through the logging use case (history, and nothing stored when a field is wrong)."""

from __future__ import annotations

import pytest

from gluterx.domain.exercise import Library
from gluterx.domain.screening import screen
from gluterx.services import history
from gluterx.services.free_session import FREE_NOTES, FreeExercise, free_choices, log_free_session
from gluterx.services.ports import ServiceError
from gluterx.services.profiles import parse_profile
from tests.fakes import FakeUnitOfWork
from tests.services.loop import PROFILE, START, started


def test_only_what_the_person_owns_and_may_do_is_offered(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    found = free_choices(uow, library, person_id=person_id, on=START)
    profile = parse_profile(PROFILE)
    screening = screen(profile)
    assert found.groups and found.ids
    for exercise_id in found.ids:
        ex = library.get(exercise_id)
        assert ex.fits_equipment(profile.equipment) and screening.allows(ex, 1)
    owned_nothing = [e.id for e in library if not e.fits_equipment(profile.equipment)]
    assert owned_nothing and not set(owned_nothing) & found.ids


def test_a_free_session_is_logged_and_counts_in_the_history(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    pick = sorted(free_choices(uow, library, person_id=person_id, on=START).ids)[:2]
    outcome = log_free_session(
        uow, library, person_id=person_id, on=START,
        exercises=[FreeExercise(pick[0], ((12, None), (10, None))), FreeExercise(pick[1], ((8, 10.0),), 2)],
    )  # fmt: skip
    assert outcome.sets_logged == 3
    (logged,) = history.sessions(uow, person_id=person_id)
    assert logged.notes == FREE_NOTES and [e.exercise_id for e in logged.exercises] == pick


def test_a_bad_set_stores_nothing_and_names_it(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    pick = sorted(free_choices(uow, library, person_id=person_id, on=START).ids)[0]
    with pytest.raises(ServiceError) as caught:
        log_free_session(uow, library, person_id=person_id, on=START, exercises=[FreeExercise(pick, ((-1, None),))])
    assert caught.value.problems[0].field == "exercises.0.sets.0.reps"
    assert history.sessions(uow, person_id=person_id) == ()
