"""The 4-week review: the person's own sessions and pain read with `domain.review`, for Today and the programme."""

from __future__ import annotations

from datetime import date

from gluterx.domain.review import REVIEW_AFTER_DAYS, Review, no_better, review
from gluterx.services.guards import program_profile
from gluterx.services.ports import UnitOfWork
from gluterx.services.records import ProgramRecord

__all__ = ["progress_review"]


def progress_review(uow: UnitOfWork, program: ProgramRecord, *, on: date) -> Review | None:
    """The review of the active programme on `on`: None while it is too early or while the person is getting better.

    Pain is the day's check-in, or on a day without one the highest pain during that day's logged exercises.
    """
    start: date = program.start_date
    if program.status != "ok" or (on - start).days < REVIEW_AFTER_DAYS:
        return None
    person_id = program.person_id
    scheduled = uow.programs.planned_between(program.id, start, on)
    planned = [s.date for s in scheduled if s.kind != "activity"]
    activity_days = {s.date for s in scheduled if s.kind == "activity"}  # a walk logged is not a glute session done
    sessions = uow.sessions.pain_by_day(person_id, since=start, until=on)
    by_day = dict(sessions)
    by_day.update(uow.checkins.pain_between(person_id, since=start, until=on))
    profile = program_profile(uow, program)
    finding = no_better(
        start=start,
        today=on,
        planned=planned,
        done=[day for day, _ in sessions if day not in activity_days],
        pain=sorted(by_day.items()),
        intake_pain=profile.worst_pain,
    )
    return review(profile, finding)
