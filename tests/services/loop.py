"""The person's loop on the in-memory store: a profile, a started programme, a session logged as it was due."""

from __future__ import annotations

from datetime import date
from typing import Any

from gluterx.domain.exercise import Library
from gluterx.services import log_session, start, today
from gluterx.services.today import TodayPlan
from tests.adapters.db.test_store import PROFILE as STORE_PROFILE
from tests.fakes import FakeUnitOfWork

START = date(2026, 1, 5)  # a Monday

PROFILE = STORE_PROFILE  # the same person as the store tests


def new_person(uow: FakeUnitOfWork) -> int:
    with uow:
        person_id = uow.people.add(display_name="Sam").id
        uow.commit()
    return person_id


def started(uow: FakeUnitOfWork, library: Library, *, profile: dict[str, Any] | None = None) -> int:
    """A new person with a programme from START; their id."""
    person_id = new_person(uow)
    start.start(uow, library, profile or PROFILE, start_date=START, person_id=person_id)
    return person_id


def as_due(
    plan: TodayPlan, *, reps: int = 15, rir: int = 3, pain: int = 0, felt_in: tuple[str, ...] = ("glutes",)
) -> dict[str, Any]:
    """SESSION.json for the day's session done as shown: every set, `reps` reps with `rir` in reserve."""
    return {
        "date": plan.date.isoformat(),
        "exercises": [
            {
                "exercise_id": item.exercise_id,
                "sets": [{"reps": reps, "rir": rir}] * item.dose.sets,
                "pain_during": pain,
                "felt_in": list(felt_in),
            }
            for item in plan.items
        ],
    }


def log_due(uow: FakeUnitOfWork, library: Library, person_id: int, on: date, **how: Any) -> log_session.LogOutcome:
    """Log the session due `on` as it was shown."""
    plan = today.today(uow, library, on=on, person_id=person_id)
    return log_session.log_session(uow, library, as_due(plan, **how), person_id=person_id)
