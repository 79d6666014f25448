"""Correcting or deleting a logged session (and its exercises, sets and what it prescribed) names its person: only
their revision moves, not the epoch that every person's kept results hang on (issue 13); and the correction is seen
at once through another engine on the same store, as through a second server."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from gluterx.adapters.db.engine import make_engine
from gluterx.adapters.db.models import PerformedSessionRow, PrescriptionRow, SetRow
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.data import load_library
from gluterx.domain.exercise import Library
from gluterx.services import history, session_edits
from gluterx.services.contract import today_json
from gluterx.services.log_session import log_session
from gluterx.services.start import start
from gluterx.services.today import today
from tests.adapters.db.test_revision import epoch, revision, seen
from tests.adapters.web.conftest import make_profile

START = date(2026, 11, 23)


def _body(uow: SqlUnitOfWork, library: Library, person_id: int, *, reps: int) -> dict[str, Any]:
    due = today_json(today(uow, library, on=START, person_id=person_id))
    return {
        "date": START.isoformat(),
        "exercises": [
            {"exercise_id": i["exercise_id"], "sets": [{"reps": reps, "load_kg": None, "band": None, "rir": 3}] * 2,
             "pain_during": 1, "felt_in": ["glutes"]}
            for i in due["items"]
        ],
    }  # fmt: skip


@pytest.fixture
def logged(uow: SqlUnitOfWork) -> tuple[Library, list[tuple[int, int]]]:
    """Two people, each started and with one session logged: [(person, session)]."""
    library = load_library()
    found = []
    for name in ("A", "B"):
        with uow:
            person = uow.people.add(display_name=name).id
            uow.commit()
        start(uow, library, make_profile(), start_date=START, person_id=person)
        outcome = log_session(uow, library, _body(uow, library, person, reps=15), person_id=person)
        assert not isinstance(outcome, int)
        found.append((person, outcome.session_id))
    return library, found


def test_correcting_a_session_moves_its_persons_revision_only_and_is_seen_through_another_engine(
    engine: Engine, uow: SqlUnitOfWork, logged: tuple[Library, list[tuple[int, int]]]
) -> None:
    """A's session corrected (its columns, its exercises and sets written again, the history judged again): A's
    revision moves once, B's and the epoch do not (they moved before: the sets were deleted by an IN of a SELECT,
    and what the session prescribed by the sessions' ids, which named no one). A second engine sees it at once."""
    library, [(a, mine), (b, _)] = logged
    before = seen(engine, a), seen(engine, b), epoch(engine)
    session_edits.edit_session(uow, library, _body(uow, library, a, reps=9), person_id=a, session_id=mine)
    assert (seen(engine, a), seen(engine, b), epoch(engine)) == (before[0] + 1, before[1], before[2])
    other = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        assert seen(other, a) == before[0] + 1
        corrected = history.session(SqlUnitOfWork(other), person_id=a, session_id=mine)
        assert {s.reps for e in corrected.exercises for s in e.sets} == {9}
    finally:
        other.dispose()


def test_deleting_a_session_moves_its_persons_revision_only(
    engine: Engine, uow: SqlUnitOfWork, logged: tuple[Library, list[tuple[int, int]]]
) -> None:
    """A's session deleted with its sets, exercises and prescriptions: A's revision moves, B's and the epoch do not
    (the DELETE of the session by its id alone named no one: the row is gone when its person would be looked up)."""
    library, [(a, mine), (b, theirs)] = logged
    before = seen(engine, a), seen(engine, b), epoch(engine)
    session_edits.delete_session(uow, library, person_id=a, session_id=mine)
    assert (seen(engine, a), seen(engine, b), epoch(engine)) == (before[0] + 1, before[1], before[2])
    with engine.connect() as conn:
        left = conn.execute(sa.select(PerformedSessionRow.id)).scalars().all()
        prescribed = conn.execute(sa.select(sa.func.count()).where(PrescriptionRow.performed_session_id == mine))
        assert left == [theirs] and prescribed.scalar_one() == 0
        assert conn.execute(sa.select(sa.func.count()).select_from(SetRow)).scalar_one() > 0  # B's are kept


def test_another_persons_session_is_neither_corrected_nor_deleted_and_their_revision_stays(
    engine: Engine, uow: SqlUnitOfWork, logged: tuple[Library, list[tuple[int, int]]]
) -> None:
    """B's session id asked for as A's: refused, nothing of B's written, and neither B's revision nor the epoch moved
    (A's may: the refused UPDATE named A)."""
    _, [(a, _), (b, theirs)] = logged
    before = revision(engine, b), epoch(engine)
    with uow:
        assert uow.sessions.delete(a, theirs) is False
        assert uow.sessions.update(a, theirs, day=START, notes="x", exercises=[], leg_symptoms_spread=None) is False
        uow.commit()
    assert (revision(engine, b), epoch(engine)) == before
    assert history.session(uow, person_id=b, session_id=theirs).exercises
