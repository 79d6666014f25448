"""Writes past the ORM session's statement events are not seen by the revision tracker (adapters/db/revision.py).
The repositories have one: the COPY of an import's or a restore's sets on PostgreSQL, on the raw connection. It
writes only sets of the sessions the same call has just INSERTed through the session, which name their person: the
person's revision moves with it, no one else's. Any other raw statement in a repository must be added here, with
the reason it cannot change what a person is shown without a bump."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import Engine

from gluterx.adapters.db.models import SetRow
from gluterx.adapters.db.uow import SqlUnitOfWork
from tests.adapters.db.test_revision import epoch, revision

REPOSITORIES = Path(__file__).resolve().parents[3] / "src" / "gluterx" / "adapters" / "db" / "repositories"
RAW = re.compile(r"\btext\(|exec_driver_sql|dbapi_connection|\.connection\(\)|\bcursor\(")
# file: the raw uses it has, and why each is safe
KNOWN = {
    "accounts.py": 2,  # the signed-in lookup's SELECT, read on the connection (a read, never a write)
    "sessions.py": 3,  # _copy_sets (its raw connection and cursor): the COPY of the sets of the sessions just INSERTed
    # Prepared statements (the session's connection, its DBAPI cursor twice, the connection checked after an error):
    # every write through them names its person (`person_id`, required), bumped as the tracker's are
    # (test_prepared.py: a prepared write moves its person's revision only)
    "prepared.py": 6,
}


def test_the_repositories_write_past_the_tracked_session_only_where_known() -> None:
    found = {}
    for path in sorted(REPOSITORIES.glob("*.py")):
        uses = sum(
            len(RAW.findall(line)) for line in path.read_text().splitlines() if not line.lstrip().startswith("#")
        )
        if uses:
            found[path.name] = uses
    assert found == KNOWN


def test_sets_copied_on_postgresql_move_their_persons_revision_only(engine: Engine, uow: SqlUnitOfWork) -> None:
    """An import of 3 sessions of 20 sets (COPY on PostgreSQL, batched INSERTs on SQLite): A's revision moves once,
    B's and the epoch do not, and every set is there."""
    with uow:
        a, b = uow.people.add(display_name="A").id, uow.people.add(display_name="B").id
        uow.commit()
    before = revision(engine, a), revision(engine, b), epoch(engine)
    sessions = [
        {"date": date(2026, 11, 20 + n), "notes": "", "duration_s": None, "source": "strong", "source_key": f"k{n}",
         "exercises": [{"exercise_id": "glute_bridge", "pain_during": 0, "felt_in": [],
                        "sets": [{"reps": 10, "load": 20.0, "unit": "kg"}] * 20}]}
        for n in range(3)
    ]  # fmt: skip
    with uow:
        assert uow.sessions.add_imported(a, sessions) == 60
        uow.commit()
    assert (revision(engine, a), revision(engine, b), epoch(engine)) == (before[0] + 1, before[1], before[2])
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(SetRow)).scalar_one() == 60
