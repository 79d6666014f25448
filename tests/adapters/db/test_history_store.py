"""Correcting and deleting a logged session on SQLite and PostgreSQL: the store's update, delete, page and count, the
prescriptions a session wrote, and the use cases on the real store (one transaction: a failure keeps nothing)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from gluterx.adapters.db.models import PerformedExerciseRow, SetRow
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.domain.exercise import Library
from gluterx.services import check_in, history, session_edits, today
from tests.services.loop import START, as_due, log_due, started

DAY = date(2026, 3, 2)


def _exercise(exercise_id: str = "glute_bridge", *reps: int) -> dict[str, Any]:
    return {"exercise_id": exercise_id, "pain_during": 1, "felt_in": ["glutes"],
            "sets": [{"reps": r, "load": 10.0, "unit": "kg"} for r in reps or (10,)]}  # fmt: skip


def _person(uow: SqlUnitOfWork) -> int:
    with uow:
        person_id = uow.people.add().id
        uow.commit()
    return person_id


def _count(uow: SqlUnitOfWork, table: Any) -> int:
    with uow:
        return int(uow.session.scalar(select(func.count()).select_from(table)) or 0)


def test_update_corrects_a_session_in_place_and_keeps_what_it_does_not_name(uow: SqlUnitOfWork) -> None:
    """Same id; new day, notes and sets; its duration, effort, source and creation time as they were; the old
    exercise and set rows gone."""
    person_id = _person(uow)
    with uow:
        sid = uow.sessions.create(person_id=person_id, day=DAY, notes="old", exercises=[_exercise("glute_bridge", 8, 9)],
                                  duration_s=1800, session_rpe=7.0, leg_symptoms_spread=True)  # fmt: skip
        uow.commit()
    with uow:
        (before,) = uow.sessions.logged(person_id)
    with uow:
        changed = uow.sessions.update(person_id, sid, day=DAY + timedelta(days=1), notes="new",
                                      exercises=[_exercise("clamshell", 12)], leg_symptoms_spread=None)  # fmt: skip
        uow.commit()
    assert changed
    with uow:
        (after,) = uow.sessions.logged(person_id)
    assert (after.id, after.date, after.notes, after.leg_symptoms_spread) == (sid, DAY + timedelta(days=1), "new", None)
    assert (after.duration_s, after.session_rpe, after.source, after.created_at) == (
        before.duration_s, before.session_rpe, before.source, before.created_at,
    )  # fmt: skip
    assert [(e.exercise_id, [s.reps for s in e.sets]) for e in after.exercises] == [("clamshell", [12])]
    assert _count(uow, PerformedExerciseRow) == 1 and _count(uow, SetRow) == 1


def test_another_persons_session_is_neither_updated_nor_deleted(uow: SqlUnitOfWork) -> None:
    """update and delete answer False for someone else's session, and change nothing of it."""
    owner, other = _person(uow), _person(uow)
    with uow:
        sid = uow.sessions.add(person_id=owner, day=DAY, notes="mine", exercises=[_exercise()])
        uow.commit()
    with uow:
        moved = uow.sessions.update(other, sid, day=DAY, notes="theirs", exercises=[], leg_symptoms_spread=None)
        gone = uow.sessions.delete(other, sid)
        uow.commit()
    assert (moved, gone) == (False, False)
    with uow:
        (kept,) = uow.sessions.logged(owner)
    assert kept.notes == "mine" and [len(e.sets) for e in kept.exercises] == [1]


def test_delete_removes_the_session_with_its_exercises_and_sets(uow: SqlUnitOfWork) -> None:
    """Its rows go; the person's other session stays whole."""
    person_id = _person(uow)
    with uow:
        gone = uow.sessions.add(person_id=person_id, day=DAY, notes="", exercises=[_exercise("glute_bridge", 8, 9)])
        kept = uow.sessions.add(person_id=person_id, day=DAY, notes="", exercises=[_exercise("clamshell", 12)])
        uow.commit()
    with uow:
        assert uow.sessions.delete(person_id, gone)
        uow.commit()
    with uow:
        assert [s.id for s in uow.sessions.logged(person_id)] == [kept]
    assert _count(uow, PerformedExerciseRow) == 1 and _count(uow, SetRow) == 1


def test_a_page_is_newest_first_and_the_count_is_the_persons(uow: SqlUnitOfWork) -> None:
    """Five sessions over four days (two on one day): pages of two, newest day first and the later logged first;
    another person's sessions are not counted."""
    person_id, other = _person(uow), _person(uow)
    with uow:
        ids = [uow.sessions.add(person_id=person_id, day=DAY + timedelta(days=d), notes=str(n), exercises=[_exercise()])
               for n, d in enumerate([0, 2, 1, 3, 3])]  # fmt: skip
        uow.sessions.add(person_id=other, day=DAY, notes="other", exercises=[])
        uow.commit()
    with uow:
        pages = [uow.sessions.page(person_id, offset=o, limit=2) for o in (0, 2, 4, 6)]
        total = uow.sessions.count(person_id)
    assert [[s.id for s in p] for p in pages] == [[ids[4], ids[3]], [ids[1], ids[2]], [ids[0]], []]
    assert total == 5 and all(len(s.exercises[0].sets) == 1 for p in pages for s in p)


def test_the_use_cases_on_the_real_store_judge_the_history_again(uow: SqlUnitOfWork, library: Library) -> None:
    """Two weeks logged with check-ins: recomputing from the start gives back every stored word; deleting the first
    session leaves the others' words as a history without it gives them."""
    person_id = started(uow, library)  # type: ignore[arg-type]
    days = [START + timedelta(days=n) for n in range(14)]
    first = None
    for i, day in enumerate(d for d in days if not today.today(uow, library, on=d, person_id=person_id).rest_day):
        outcome = log_due(uow, library, person_id, day, reps=15 if i % 3 else 10)  # type: ignore[arg-type]
        first = first or outcome.session_id
        check_in.checkin(uow, library, pain=6 if i == 3 else 1, on=day + timedelta(days=1), person_id=person_id)

    def words() -> list[Any]:
        with uow:
            return sorted((repr(r) for r, _ in uow.prescriptions.dated_for_person(person_id)))

    logged = words()
    with uow:
        session_edits.recompute(uow, library, person_id=person_id, since=START)
        uow.commit()
    assert words() == logged
    assert first is not None
    outcome = session_edits.delete_session(uow, library, person_id=person_id, session_id=first)
    assert outcome.rejudged == len(history.sessions(uow, person_id=person_id))
    with uow:
        assert uow.prescriptions.from_session(first) == []


def test_a_failure_while_judging_again_keeps_nothing(
    uow: SqlUnitOfWork, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine failing on the second session judged: the correction is not stored and every word stands."""
    person_id = started(uow, library)  # type: ignore[arg-type]
    first = log_due(uow, library, person_id, START)  # type: ignore[arg-type]
    nxt = today.today(uow, library, on=START, person_id=person_id).next_session_date
    assert nxt is not None
    log_due(uow, library, person_id, nxt)  # type: ignore[arg-type]
    with uow:
        words = sorted(repr(r) for r, _ in uow.prescriptions.dated_for_person(person_id))
    before = history.sessions(uow, person_id=person_id)
    calls = {"n": 0}
    judge = session_edits.judge

    def failing(*args: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("the engine failed")
        return judge(*args)

    monkeypatch.setattr(session_edits, "judge", failing)
    body = {**as_due(today.today(uow, library, on=START, person_id=person_id), reps=8), "notes": "changed"}
    with pytest.raises(RuntimeError):
        session_edits.edit_session(uow, library, body, person_id=person_id, session_id=first.session_id)
    assert calls["n"] == 2
    assert history.sessions(uow, person_id=person_id) == before
    with uow:
        assert sorted(repr(r) for r, _ in uow.prescriptions.dated_for_person(person_id)) == words
