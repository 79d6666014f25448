"""Idempotency keys and "last time" on the real stores (SQLite and PostgreSQL): the migration from the previous head,
a key kept once per person, let go with its session or when expired, a replayed log, and each exercise's last sets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from gluterx.adapters.db.engine import make_engine
from gluterx.adapters.db.models import Base
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.domain.exercise import Library
from gluterx.services import log_session
from gluterx.services.exercise_history import last_time
from gluterx.services.ports import ServiceError
from tests.adapters.db.test_migration_doses import migrate_to
from tests.adapters.db.test_store import first_session, me, perform

PREVIOUS = "5b1e7c2a9d40"
REVISION = "7d3a91c4e2b8"
NOW = datetime(2026, 12, 5, 20, 0, tzinfo=UTC)


@pytest.fixture
def old_engine(database_url: str) -> Iterator[Engine]:
    """A database at the previous head with a person and a logged session."""
    engine = make_engine(database_url)
    migrate_to(engine, PREVIOUS)
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        conn.execute(
            meta.tables["people"].insert(),
            [{"id": 1, "uuid": "00000000-0000-0000-0000-000000000001", "display_name": "Sam", "role": "person",
              "created_at": NOW}],
        )  # fmt: skip
        conn.execute(
            meta.tables["performed_sessions"].insert(),
            [{"id": 1, "person_id": 1, "date": date(2026, 11, 30), "notes": "fine", "source": "gluterx",
              "created_at": NOW, "duration_s": 1800, "session_rpe": 5.0}],
        )  # fmt: skip
    yield engine
    engine.dispose()


def _sessions(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.text("select * from performed_sessions"))]


def test_the_migration_adds_the_key_table_and_leaves_sessions_as_they_were(old_engine: Engine) -> None:
    before = _sessions(old_engine)
    migrate_to(old_engine, REVISION)
    assert "idempotency_keys" in sa.inspect(old_engine).get_table_names()
    assert _sessions(old_engine) == before
    migrate_to(old_engine, "head")
    with old_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    migrate_to(old_engine, PREVIOUS, down=True)
    assert "idempotency_keys" not in sa.inspect(old_engine).get_table_names()
    assert _sessions(old_engine) == before


def test_a_key_is_kept_once_per_person_and_goes_with_its_session(uow: SqlUnitOfWork, library: Library) -> None:
    """claim() keeps a key once (a second claim is refused, nothing kept); another person may hold the same key;
    forget_before() lets expired keys go; deleting the session deletes its key."""
    view = first_session(uow, library)
    person = me(uow)
    outcome = log_session.log_session(uow, library, perform(view), person_id=person)
    with uow:
        other = uow.people.add(display_name="Other").id
        assert uow.idempotency.claim(person, "k", "h" * 64, outcome.session_id, now=NOW)
        assert not uow.idempotency.claim(person, "k", "x" * 64, outcome.session_id, now=NOW)
        assert uow.idempotency.claim(other, "k", "h" * 64, outcome.session_id, now=NOW)
        uow.commit()
    with uow:
        kept = uow.idempotency.find(person, "k")
        assert kept is not None and (kept.request_hash, kept.session_id) == ("h" * 64, outcome.session_id)
        assert kept.created_at == NOW
        uow.idempotency.forget_before(other, NOW + timedelta(seconds=1))
        uow.commit()
    with uow:
        assert uow.idempotency.find(other, "k") is None and uow.idempotency.find(person, "k") is not None
        uow.session.execute(sa.text("delete from performed_sessions where id = :id"), {"id": outcome.session_id})
        uow.commit()
    with uow:
        assert uow.idempotency.find(person, "k") is None


def test_a_logged_session_replays_by_key_and_a_duplicate_is_refused(uow: SqlUnitOfWork, library: Library) -> None:
    view = first_session(uow, library)
    person = me(uow)
    body = perform(view) | {"session_rpe": 7, "duration_min": 32}
    first = log_session.log_session(uow, library, body, person_id=person, idempotency_key="abc")
    again = log_session.log_session(uow, library, body, person_id=person, idempotency_key="abc")
    assert again.replayed and again.session_id == first.session_id
    with pytest.raises(ServiceError) as caught:
        log_session.log_session(uow, library, body, person_id=person)
    assert caught.value.code == "conflict"
    with uow:
        (stored,) = uow.sessions.logged(person)
    assert (stored.session_rpe, stored.duration_s) == (7, 1920)


def test_last_time_is_each_exercises_newest_sets_before_the_day(uow: SqlUnitOfWork, library: Library) -> None:
    """Two sessions: the player on the third day shows the second one's sets; on the second day, the first's; on
    the first day nothing; exercises never done are left out."""
    view = first_session(uow, library)
    person = me(uow)
    ids = [i.exercise_id for i in view.items]
    log_session.log_session(uow, library, perform(view, reps=8), person_id=person)
    later = perform(view, reps=11) | {"date": (view.date + timedelta(days=2)).isoformat()}
    log_session.log_session(uow, library, later, person_id=person, allow_duplicate=True)
    after = last_time(uow, library, person_id=person, exercise_ids=[*ids, "no_such"], before=view.date + timedelta(3))
    assert set(after) == set(ids)
    assert all(t.day == view.date + timedelta(days=2) for t in after.values())
    assert {s.count for t in after.values() for s in t.sets} == {11}
    between = last_time(uow, library, person_id=person, exercise_ids=ids, before=view.date + timedelta(days=1))
    assert {s.count for t in between.values() for s in t.sets} == {8}
    assert [len(between[i].sets) for i in ids] == [i.dose.sets for i in view.items]
    assert last_time(uow, library, person_id=person, exercise_ids=ids, before=view.date) == {}
