"""services.exercise_history on the in-memory store: one exercise's history and the records and milestones."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from gluterx.domain.exercise import Library
from gluterx.domain.milestones import Kind
from gluterx.services.exercise_history import exercise_history, exercise_history_json, milestones_for
from gluterx.services.ports import ServiceError
from tests.fakes import FakeUnitOfWork
from tests.services.loop import START, new_person


def _log(uow: FakeUnitOfWork, person_id: int, day_offset: int, *exercises: dict[str, Any]) -> int:
    with uow:
        session_id = uow.sessions.create(
            person_id=person_id, day=START + timedelta(days=day_offset), notes="", source="gluterx",
            exercises=[{"pain_during": 0, "felt_in": [], **e} for e in exercises],
        )  # fmt: skip
        uow.commit()
    return int(session_id)


def thrust(*sets: tuple[int, float], unit: str = "kg") -> dict[str, Any]:
    return {"exercise_id": "hip_thrust", "sets": [{"reps": r, "load": w, "unit": unit} for r, w in sets]}


def plank(*seconds: float) -> dict[str, Any]:
    return {"exercise_id": "side_plank", "sets": [{"reps": 1, "duration_s": s} for s in seconds]}


def test_an_exercise_history_counts_sessions_finds_the_best_set_and_the_e1rm_trend(library: Library) -> None:
    uow = FakeUnitOfWork()
    me = new_person(uow)
    _log(uow, me, 0, thrust((10, 20.0), (10, 20.0)))
    _log(uow, me, 2, {"exercise_id": "glute_bridge", "sets": [{"reps": 12}]})
    third = _log(uow, me, 4, thrust((8, 30.0)))
    _log(uow, me, 6, thrust((10, 50.0), (12, 50.0), unit="lb"))  # 22.7 kg: not the best; 12 reps: no e1RM
    found = exercise_history(uow, library, person_id=me, exercise_id="Hip Thrust (Barbell)")
    assert found.exercise_id == "hip_thrust" and found.sessions == 3
    assert (found.first_done, found.last_done) == (START, START + timedelta(days=6))
    assert found.best is not None and (found.best.reps, found.best.load_kg) == (8, 30.0)
    assert found.best_on == START + timedelta(days=4) and found.best_words == "8 × 30 kg"
    assert [p.day for p in found.e1rm] == [START, START + timedelta(days=4), START + timedelta(days=6)]
    assert found.e1rm[1].e1rm_kg == pytest.approx(30 * (1 + 8 / 30), abs=0.1)
    assert [(r.milestone.kind, r.milestone.session_id) for r in found.records] == [(Kind.HEAVIEST, third)]
    assert found.records[0].words == "New best on Barbell hip thrust: 8 × 30 kg, the heaviest you have lifted in it."
    as_json = exercise_history_json(found)
    assert as_json["best_set"]["load_kg"] == 30.0 and len(as_json["e1rm"]) == 3


def test_nothing_done_yet_and_an_unknown_exercise(library: Library) -> None:
    uow = FakeUnitOfWork()
    me = new_person(uow)
    empty = exercise_history(uow, library, person_id=me, exercise_id="clamshell")
    assert (empty.sessions, empty.best, empty.e1rm, empty.last_done) == (0, None, (), None)
    with pytest.raises(ServiceError) as raised:
        exercise_history(uow, library, person_id=me, exercise_id="quad_blaster")
    assert raised.value.code == "missing" and raised.value.problems[0].field == "exercise_id"


def test_holds_are_seconds_and_milestones_are_said_once_each_at_their_session(library: Library) -> None:
    uow = FakeUnitOfWork()
    me = new_person(uow)
    first = _log(uow, me, 0, plank(20, 20))
    second = _log(uow, me, 2, plank(30), thrust((10, 20.0)))
    found = exercise_history(uow, library, person_id=me, exercise_id="side_plank")
    assert found.best_words == "a 30-second hold"
    assert found.e1rm == ()  # a hold has no estimated 1RM
    words = [v.words for v in milestones_for(uow, library, person_id=me, session_id=second)]
    assert words == ["Your first session with a weight.", "New best on Side plank: a 30-second hold, your longest yet."]
    assert [v.words for v in milestones_for(uow, library, person_id=me, session_id=first)] == [
        "Your first session is done."
    ]
    everything = milestones_for(uow, library, person_id=me)
    assert [v.milestone.session_id for v in everything] == [second, second, first]  # newest first
    other = new_person(uow)
    assert milestones_for(uow, library, person_id=other) == ()
