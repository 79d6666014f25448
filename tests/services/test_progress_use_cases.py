"""progress.progress_report on the in-memory store: one typed result whose numbers agree with each other."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gluterx.domain.exercise import Library
from gluterx.services.ports import ServiceError
from gluterx.services.progress import ProgressReport, progress_report
from gluterx.services.today import today
from tests.fakes import FakeUnitOfWork
from tests.services.loop import PROFILE, START, log_due, new_person, started


def test_the_sessions_sentence_and_the_adherence_counts_are_the_same_numbers(library: Library) -> None:
    """Two weeks of every planned day trained (activity days too): the Sessions card's sentence is the adherence
    report's own, with the activity days as days besides."""
    uow = FakeUnitOfWork()
    me = started(uow, library)
    for n in range(14):
        plan = today(uow, library, on=START + timedelta(days=n), person_id=me)
        if not plan.rest_day:
            log_due(uow, library, me, plan.date)
    found = progress_report(uow, library, today=START + timedelta(days=13), person_id=me)
    assert isinstance(found, ProgressReport)
    adh = found.adherence
    assert adh.planned > 0 and adh.done == adh.planned
    assert found.sessions_message == adh.message
    assert f"You did {adh.done} of the {adh.planned} sessions planned so far (100%)" in found.sessions_message
    assert found.program is not None and not found.program.on_hold
    assert found.person.since <= START  # the programme began before the account's day here: since is the earlier


def test_a_programme_on_hold_for_a_clinician_never_points_to_the_today_page(library: Library) -> None:
    """A red flag: no sessions planned, and the sentence says why instead of 'your first one is waiting'."""
    uow = FakeUnitOfWork()
    me = started(uow, library, profile={**PROFILE, "red_flags": ["bladder_control"]})
    found = progress_report(uow, library, today=START + timedelta(days=3), person_id=me)
    assert found.program is not None and found.program.on_hold
    assert "on hold until a doctor or physiotherapist has seen you" in found.sessions_message
    assert "Today" not in found.sessions_message


def test_nothing_logged_yet_has_no_figures_to_say(library: Library) -> None:
    """A new programme with nothing logged: no kcal, no load weeks, no pain days; the first session is pointed to."""
    uow = FakeUnitOfWork()
    me = started(uow, library)
    found = progress_report(uow, library, today=START, person_id=me)
    assert (found.total_sets, found.first_day, found.energy.total_kcal, found.load.weeks) == (0, None, None, ())
    assert not found.has_history


def test_no_such_person_is_missing(library: Library) -> None:
    uow = FakeUnitOfWork()
    new_person(uow)
    with pytest.raises(ServiceError) as caught:
        progress_report(uow, library, today=START, person_id=999)
    assert caught.value.code == "missing"
