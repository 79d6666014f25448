"""Logging a session writes its exercises in one INSERT (adapters/db/repositories/sessions.py), and stores them
exactly as before: each exercise in its position with its own sets, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, event

from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.data import load_library
from gluterx.services import history
from gluterx.services.log_session import log_session
from gluterx.services.start import start
from tests.adapters.web.conftest import make_profile

START = date(2026, 11, 23)
# Five exercises with 1, 2, 3, 4 and 5 sets, each set's reps saying which exercise and set it is
EXERCISES = ["glute_bridge", "clamshell", "side_lying_hip_abduction", "bird_dog", "deadlift"]


def body() -> dict[str, object]:
    return {
        "date": START.isoformat(),
        "exercises": [
            {
                "exercise_id": exercise,
                "sets": [{"reps": 10 * (i + 1) + s, "load_kg": None, "band": None, "rir": 3} for s in range(i + 1)],
                "pain_during": i,
                "felt_in": ["glutes"],
            }
            for i, exercise in enumerate(EXERCISES)
        ],
    }


def test_a_session_of_five_exercises_is_written_in_one_insert_each_table_and_read_back_as_sent(
    engine: Engine, uow: SqlUnitOfWork
) -> None:
    library = load_library()
    with uow:
        person = uow.people.add(display_name="A").id
        uow.commit()
    start(uow, library, make_profile(), start_date=START, person_id=person)
    inserts: list[str] = []
    event.listen(
        engine,
        "before_cursor_execute",
        lambda _c, _cur, statement, *_rest: (
            inserts.append(statement.split()[2]) if statement.startswith("INSERT") else None
        ),
    )
    logged = log_session(uow, library, body(), person_id=person)
    assert sorted(inserts) == ["performed_exercises", "performed_sessions", "prescriptions", "sets"]
    (stored,) = history.sessions(uow, person_id=person)
    assert stored.id == logged.session_id
    assert [e.exercise_id for e in stored.exercises] == EXERCISES
    for i, exercise in enumerate(stored.exercises):
        assert exercise.pain_during == i
        assert [s.reps for s in exercise.sets] == [10 * (i + 1) + s for s in range(i + 1)]
