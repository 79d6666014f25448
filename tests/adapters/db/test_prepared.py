"""Prepared statements (adapters/db/repositories/prepared.py): the reads of logging a session run straight on the
unit of work's DBAPI connection, and give what SQLAlchemy's execution gives, on SQLite and PostgreSQL; their writes
bump the person they name, stay inside the unit of work's transaction, and fail as SQLAlchemy's do."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from gluterx.adapters.db.repositories import sessions as sessions_module
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.data import load_library
from gluterx.domain.planner.adjustments import Author, AuthorKind, Scope, Swap
from gluterx.services.check_in import checkin
from gluterx.services.log_session import log_session
from tests.adapters.db.seeding import started
from tests.adapters.db.test_dose_store import counting
from tests.adapters.db.test_revision import revision

START = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def a_session(day: date) -> dict[str, Any]:
    sets = [{"reps": 10, "load_kg": 20.0, "band": None, "rir": 2}, {"reps": 9, "load_kg": 20.0, "band": None, "rir": 1}]
    return {
        "date": day.isoformat(),
        "exercises": [
            {"exercise_id": "glute_bridge", "sets": sets, "pain_during": 2, "felt_in": ["glutes", "hamstrings"]},
            {"exercise_id": "clamshell", "sets": sets[:1], "pain_during": 0, "felt_in": []},
        ],
        "notes": "fine",
        "leg_symptoms_spread": False,
    }


def reads(uow: SqlUnitOfWork, person_id: int, program_id: int) -> list[Any]:
    """What logging a session reads, through the repositories."""
    with uow:
        slots = [i.exercise_id for s in uow.programs.planned_from(program_id, START, limit=3) for i in s.items]
        return [
            uow.programs.active(person_id),
            uow.programs.planned_from(program_id, START, limit=3),
            uow.programs.planned_on(program_id, START),
            uow.profiles.latest_data(person_id),
            uow.checkins.pain_between(person_id, since=START - timedelta(days=35), until=START + timedelta(days=9)),
            uow.prescriptions.current_for_slots(program_id, slots),
            uow.sessions.last_date(person_id, before=START + timedelta(days=9)),
            uow.sessions.last_date(person_id),
            uow.sessions.felt_in_history(
                person_id, ["glute_bridge", "clamshell"], before=START + timedelta(days=9), sessions=30
            ),
            uow.adjustments.for_program(program_id),
        ]


def test_the_reads_of_a_log_give_what_sqlalchemys_execution_gives(engine: Engine, uow: SqlUnitOfWork) -> None:
    library = load_library()
    person_id, program_id = started(uow, START)
    log_session(uow, library, a_session(START), person_id=person_id)
    log_session(uow, library, a_session(START + timedelta(days=2)), person_id=person_id)
    checkin(uow, library, on=START + timedelta(days=3), pain=3, person_id=person_id)
    with uow:
        swap = Swap(START + timedelta(days=7), "clamshell", "side_lying_hip_abduction", Scope.ONCE)
        uow.adjustments.add(person_id=person_id, program_id=program_id, change=swap,
                            author=Author(AuthorKind.PERSON, person_id), reason="", at=NOW)  # fmt: skip
        uow.commit()
    straight = reads(uow, person_id, program_id)
    with counting(engine) as seen:  # a listener: the prepared statements go through SQLAlchemy's execution
        through_sqlalchemy = reads(uow, person_id, program_id)
    assert len(seen) >= len(through_sqlalchemy)  # every read went through SQLAlchemy's execution
    assert straight == through_sqlalchemy
    assert all(found not in (None, [], {}) for found in straight)  # each read found something to compare


def test_a_prepared_write_bumps_its_person_only_and_rolls_back_with_the_unit_of_work(
    engine: Engine, uow: SqlUnitOfWork
) -> None:
    library = load_library()
    person_id, _ = started(uow, START)
    other, _ = started(uow, START)
    before, others = revision(engine, person_id), revision(engine, other)
    log_session(uow, library, a_session(START), person_id=person_id)
    assert revision(engine, person_id) == before + 1
    assert revision(engine, other) == others
    with uow:
        uow.sessions.add(person_id=person_id, day=START, notes="", exercises=[])  # not committed
    with uow:
        assert len(uow.sessions.logged(person_id)) == 1
    assert revision(engine, person_id) == before + 1


def test_a_failing_prepared_write_raises_sqlalchemys_error(uow: SqlUnitOfWork) -> None:
    person_id, _ = started(uow, START)
    row = {"session_id": 10_000, "position": 0, "exercise_id": "glute_bridge", "pain_during": 0, "felt_in": []}
    with uow, pytest.raises(IntegrityError):  # no such session: the foreign key refuses the exercise
        sessions_module._INSERT_EXERCISES.run_many(uow.session, [row], person_id=person_id)
