"""The reason-parts migration on a store made at the previous head (reasons as words): every word is kept as one
`text` part said as written ('' as no part), the programme reads back with the same words, new reasons are stored as
parts and read in pounds, the schema matches the models, and down again writes each reason's words back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from gluterx.adapters.db.engine import make_engine
from gluterx.adapters.db.models import Base
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.domain.dose import Dose, Load, RepRange
from gluterx.domain.progression import Action, Prescription
from gluterx.domain.said import Reason, said
from gluterx.domain.units import MassUnit
from gluterx.services.records import StoredPrescription
from tests.adapters.db.test_migration_doses import migrate_to

PREVIOUS = "8c4f1a7d2e90"  # care invitations by email and unread markers
REVISION = "9a4e2c71b8d0"
DAY = date(2026, 12, 7)
OLD_WORDS = "You reached the top of the range (12) in every set with reps to spare, so it is time for a little more weight: 22.5 kg instead of 20 kg. Start again at 8 and build back up."


def _json(value: object) -> object:
    import json

    return json.loads(value) if isinstance(value, str) else value


@pytest.fixture
def old_engine(database_url: str) -> Iterator[Engine]:
    """A store at the previous head with a person, a programme (two planned items) and two prescriptions written as
    words, one of them empty."""
    engine = make_engine(database_url)
    migrate_to(engine, PREVIOUS)
    with engine.begin() as conn:
        at = {"at": DAY}
        conn.execute(
            sa.text(
                "insert into people (id, uuid, display_name, role, created_at) values (1, :u, 'Sam', 'person', :at)"
            ),
            {"u": "00000000-0000-4000-8000-000000000001", **at},
        )
        conn.execute(
            sa.text("insert into profiles (id, person_id, version, data, created_at) values (1, 1, 1, '{}', :at)"), at
        )
        conn.execute(
            sa.text(
                "insert into programs (id, person_id, profile_id, start_date, weeks, status, screening, active, "
                "created_at) values (1, 1, 1, :at, 12, 'ok', '{}', true, :at)"
            ),
            at,
        )
    yield engine
    engine.dispose()


def _columns(engine: Engine, table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(engine).get_columns(table)}


def _reasons(engine: Engine, table: str, *, parts: bool = False) -> list[object]:
    with engine.connect() as conn:
        found = [r for (r,) in conn.execute(sa.text(f"select reason from {table} order by id"))]  # noqa: S608
    return [_json(r) for r in found] if parts else found


def _insert(conn: sa.Connection, table: str, **values: object) -> None:
    conn.execute(sa.insert(sa.table(table, *(sa.column(name) for name in values))).values(**values))


def _insert_old_rows(engine: Engine) -> None:
    """Rows as the previous head wrote them: planned items and prescriptions with their reason in words."""
    dose = {"sets": 3, "work_kind": "reps", "rep_low": 8, "rep_high": 12, "per_side": False, "load_kind": "kg",
            "load_kg": 20.0, "rest_s": 90}  # fmt: skip
    with engine.begin() as conn:
        _insert(conn, "planned_sessions", id=1, program_id=1, week=1, day=1, date=DAY, phase=1,
                phase_name="Activation", deload=False, kind="strength", minutes=30.0)  # fmt: skip
        for position, (exercise_id, reason) in enumerate([("hip_thrust", OLD_WORDS), ("clamshell", "")]):
            _insert(conn, "planned_items", planned_session_id=1, position=position, exercise_id=exercise_id,
                    slot="hip_extension", reason=reason, sources='["acsm2009"]', seconds=300.0, **dose)  # fmt: skip
            _insert(conn, "prescriptions", person_id=1, program_id=1, planned_exercise_id=exercise_id,
                    exercise_id=exercise_id, action="progress_load", reason=reason, sources='["acsm2009"]',
                    created_at=DAY, **dose)  # fmt: skip


def test_words_become_one_text_part_and_read_back_the_same(old_engine: Engine) -> None:
    _insert_old_rows(old_engine)
    assert _reasons(old_engine, "planned_items") == [OLD_WORDS, ""]
    migrate_to(old_engine, REVISION)
    as_written = [[{"code": "text", "params": {"words": OLD_WORDS}}], []]
    assert _reasons(old_engine, "planned_items", parts=True) == as_written
    assert _reasons(old_engine, "prescriptions", parts=True) == as_written
    migrate_to(old_engine, "head")
    uow = SqlUnitOfWork(old_engine)
    with uow:
        got = uow.prescriptions.current_for_slots(1, ["hip_thrust", "clamshell"])
        (session,) = uow.programs.planned_all(1)
    assert got["hip_thrust"].reason == Reason.as_written(OLD_WORDS)
    assert got["hip_thrust"].reason.words(MassUnit.LB) == OLD_WORDS  # words from before have no parts to convert
    assert got["clamshell"].reason == Reason()
    assert [i.reason.words() for i in session.items] == [OLD_WORDS, ""]
    with old_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_new_reasons_are_parts_read_in_pounds_and_down_again_writes_their_words(old_engine: Engine) -> None:
    _insert_old_rows(old_engine)
    migrate_to(old_engine, "head")
    reason = Reason.of(said("more_weight", unit="reps", high=12, new_kg=22.5, old_kg=20.0), said("start_again", low=8))
    p = Prescription("hip_thrust", Dose(3, RepRange(8, 12), Load.of_kg(22.5)), Action.PROGRESS_LOAD, reason, ())
    uow = SqlUnitOfWork(old_engine)
    with uow:
        uow.prescriptions.add_many([StoredPrescription(1, "glute_bridge", p)], person_id=1)
        uow.commit()
    with uow:
        back = uow.prescriptions.current_for_slots(1, ["glute_bridge"])["glute_bridge"]
    assert back.reason == reason and back.reason.words() == OLD_WORDS
    assert "49.6 lb instead of 44.1 lb" in back.reason.words(MassUnit.LB)
    migrate_to(old_engine, PREVIOUS, down=True)
    assert _reasons(old_engine, "prescriptions") == [OLD_WORDS, "", OLD_WORDS]
    assert _reasons(old_engine, "planned_items") == [OLD_WORDS, ""]
    assert "reason" in _columns(old_engine, "prescriptions")
