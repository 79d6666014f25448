"""start.start on the in-memory store: what a start stores."""

from __future__ import annotations

from datetime import timedelta

from gluterx.domain.exercise import Library
from gluterx.services import start
from tests.fakes import FakeUnitOfWork
from tests.services.loop import PROFILE, START, new_person


def test_a_referral_stores_a_referral_programme_with_no_sessions(library: Library) -> None:
    """A red flag gives a referral: the stored active programme says so, carries why, and plans no session."""
    uow = FakeUnitOfWork()
    person_id = new_person(uow)
    result = start.start(
        uow, library, {**PROFILE, "red_flags": ["bladder_control"]}, start_date=START, person_id=person_id
    )
    assert result.status == "referral" and result.referral is not None and result.first_session_date is None
    with uow:
        program = uow.programs.active(person_id)
        assert program is not None and program.id == result.program_id
        assert program.status == "referral" and program.screening["referral"]["reasons"]
        assert uow.programs.planned_all(program.id) == []


def test_a_second_start_adds_a_profile_version_and_keeps_the_old_one(library: Library) -> None:
    """Starting again with a changed profile stores version 2; version 1 stays as it was, and only the newest
    programme is active."""
    uow = FakeUnitOfWork()
    person_id = new_person(uow)
    first = start.start(uow, library, PROFILE, start_date=START, person_id=person_id)
    changed = {**PROFILE, "minutes_per_session": 20}
    second = start.start(uow, library, changed, start_date=START + timedelta(days=7), person_id=person_id)
    assert (first.profile_version, second.profile_version) == (1, 2)
    with uow:
        versions = uow.profiles.all(person_id)
        assert [p.version for p in versions] == [1, 2]
        assert versions[0].data["minutes_per_session"] == 30 and versions[1].data["minutes_per_session"] == 20
        assert [(p.id, p.active) for p in uow.programs.all(person_id)] == [
            (first.program_id, False),
            (second.program_id, True),
        ]


def test_starting_again_with_the_same_profile_adds_no_version(library: Library) -> None:
    """The same PROFILE.json twice is one profile version, and a new programme from the new date."""
    uow = FakeUnitOfWork()
    person_id = new_person(uow)
    start.start(uow, library, PROFILE, start_date=START, person_id=person_id)
    again = start.start(uow, library, PROFILE, start_date=START + timedelta(days=14), person_id=person_id)
    assert again.profile_version == 1
    with uow:
        program = uow.programs.active(person_id)
        assert program is not None and program.start_date == START + timedelta(days=14)
