"""Prescriptions: the engine's word per planned slot (the newest of a slot is current), its dose as columns."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Table, Text, bindparam, delete, func, insert, select
from sqlalchemy import cast as sa_cast
from sqlalchemy.orm import Session

from gluterx.adapters.db.dose_columns import DOSE_COLUMN_NAMES, dose_columns, dose_from
from gluterx.adapters.db.models import PerformedSessionRow, PrescriptionRow
from gluterx.adapters.db.repositories.prepared import Prepared, inserting
from gluterx.domain.progression import Action, Prescription
from gluterx.domain.said import Reason
from gluterx.services.records import StoredPrescription

__all__ = ["PrescriptionsRepository", "prescription_columns", "prescription_from", "stored_prescription_from"]


class PrescriptionsRepository:
    """The engine's word per planned slot; the newest of a slot is current. Takes and gives domain values."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def current_for_slots(self, program_id: int, planned_exercise_ids: Sequence[str]) -> dict[str, Prescription]:
        """The newest prescription of each of these slots that has one, in one query (not one per slot)."""
        if not planned_exercise_ids:
            return {}
        slots = list(dict.fromkeys(planned_exercise_ids))
        params: dict[str, Any] = {"program_id": program_id} | {f"slot{i}": slot for i, slot in enumerate(slots)}
        rows = _current_for_slots(len(slots)).rows(self.session, params)
        return {row[0]: _current(row) for row in rows}

    def add_many(self, records: Sequence[StoredPrescription], *, person_id: int) -> None:
        """Several prescriptions in one batched INSERT."""
        if records:
            rows = [prescription_columns(r, person_id=person_id) for r in records]
            _INSERT_NEW_PRESCRIPTIONS.run_many(self.session, rows, person_id=person_id)

    def create(self, record: StoredPrescription, *, person_id: int, created_at: datetime | None = None) -> int:
        """One prescription (`created_at` for a restore; now by default); returns its id."""
        fields = prescription_columns(record, person_id=person_id)
        if created_at is not None:
            fields["created_at"] = created_at
        prescription_id: int = self.session.execute(_INSERT_ONE_PRESCRIPTION, fields).scalar_one()
        return prescription_id

    def before_session(
        self, program_id: int, planned_exercise_id: str, performed_session_id: int | None
    ) -> Prescription | None:
        if performed_session_id is None:
            return None
        params = {"program_id": program_id, "slot": planned_exercise_id, "session_id": performed_session_id}
        row = self.session.execute(_RX_BEFORE_SESSION, params).first()
        return prescription_from(row) if row is not None else None

    def from_session(self, performed_session_id: int) -> list[StoredPrescription]:
        """The prescriptions a logged session (and its next-morning check-in) wrote, oldest first."""
        rows = self.session.execute(_RX_FROM_SESSION, {"session_id": performed_session_id})
        return [stored_prescription_from(row) for row in rows]

    def dated_for_person(self, person_id: int) -> list[tuple[StoredPrescription, datetime]]:
        """Every prescription of the person, oldest first, with when it was written (for the backup)."""
        rows = self.session.execute(_RX_OF_PERSON, {"person_id": person_id})
        return [(stored_prescription_from(row), row.created_at) for row in rows]

    def delete_from_sessions(self, session_ids: Sequence[int], *, program_id: int | None = None) -> None:
        if not session_ids:
            return
        stmt = _DELETE_FROM_SESSIONS if program_id is None else _DELETE_FROM_SESSIONS_OF_PROGRAM
        self.session.execute(stmt, {"session_ids": list(session_ids), "program_id": program_id})

    def restore_many(self, rows: Sequence[tuple[StoredPrescription, datetime]], *, person_id: int) -> None:
        """Prescriptions with when each was written (a restore), in order, in one batched INSERT."""
        if rows:
            params = [prescription_columns(r, person_id=person_id) | {"created_at": at} for r, at in rows]
            self.session.execute(_INSERT_PRESCRIPTION, params, execution_options={"render_nulls": True})


def prescription_columns(record: StoredPrescription, *, person_id: int) -> dict[str, Any]:
    """A stored prescription as a prescriptions row (without id and created_at)."""
    p = record.prescription
    return {
        "person_id": person_id,
        "program_id": record.program_id,
        "planned_exercise_id": record.planned_exercise_id,
        "logged_exercise_id": record.logged_exercise_id,
        "performed_session_id": record.performed_session_id,
        "exercise_id": p.exercise_id,
        "action": p.action.value,
        "reason": p.reason.as_json(),
        "sources": list(p.sources),
        "cue": p.cue,
        **dose_columns(p.dose),
    }


def prescription_from(row: Any) -> Prescription:
    """A prescriptions row (ORM object or Core row) as the domain Prescription."""
    reason = Reason.from_json(row.reason)
    return Prescription(row.exercise_id, dose_from(row), Action(row.action), reason, tuple(row.sources), row.cue)


def stored_prescription_from(row: Any) -> StoredPrescription:
    return StoredPrescription(
        program_id=row.program_id,
        planned_exercise_id=row.planned_exercise_id,
        prescription=prescription_from(row),
        performed_session_id=row.performed_session_id,
        logged_exercise_id=row.logged_exercise_id,
    )


@lru_cache(maxsize=64)
def _current_for_slots(count: int) -> Prepared:
    """The newest prescription of each of `count` slots (bound as slot0, slot1, ...), in one statement.

    One `max(id)` subquery per slot: with the (program_id, planned_exercise_id) index each is a single index probe
    on SQLite, where a GROUP BY over the slots read every prescription they ever had (one per logged exercise), so
    "today" and "log a session" grew slower with every session logged.
    """
    newest = [
        select(func.max(_PRESCRIPTIONS.c.id))
        .where(
            _PRESCRIPTIONS.c.program_id == bindparam("program_id"),
            _PRESCRIPTIONS.c.planned_exercise_id == bindparam(f"slot{i}"),
        )
        .scalar_subquery()
        for i in range(count)
    ]
    return Prepared(select(*_CURRENT_COLUMNS).where(_PRESCRIPTIONS.c.id.in_(newest)))


def _current(row: Any) -> Prescription:
    """A current prescription from its row (the slot, then what `prescription_from` reads, the reason and the sources as
    their JSON text). Prescriptions are frozen values of those columns alone, so one made before from the same
    values is the same prescription: each log and each "today" reads the same few, and only one not seen before has
    its JSON decoded."""
    key = tuple(row)[1:]
    found = _PRESCRIPTIONS_SEEN.get(key)
    if found is None:
        if len(_PRESCRIPTIONS_SEEN) >= _MAX_SEEN:
            _PRESCRIPTIONS_SEEN.clear()
        reason = Reason.from_json(json.loads(row.reason))
        sources = tuple(json.loads(row.sources))
        found = Prescription(row.exercise_id, dose_from(row), Action(row.action), reason, sources, row.cue)
        _PRESCRIPTIONS_SEEN[key] = found
    return found


_PRESCRIPTIONS_SEEN: dict[tuple[Any, ...], Prescription] = {}
_MAX_SEEN = 20_000


_PRESCRIPTIONS = cast(Table, PrescriptionRow.__table__)
_CURRENT_COLUMNS = (
    _PRESCRIPTIONS.c.planned_exercise_id,
    _PRESCRIPTIONS.c.exercise_id,
    _PRESCRIPTIONS.c.action,
    sa_cast(_PRESCRIPTIONS.c.reason, Text).label("reason"),
    sa_cast(_PRESCRIPTIONS.c.sources, Text).label("sources"),
    _PRESCRIPTIONS.c.cue,
    *(_PRESCRIPTIONS.c[name] for name in DOSE_COLUMN_NAMES),
)
_SESSIONS = cast(Table, PerformedSessionRow.__table__)
# What sessions prescribed: by their person too (the persons of those sessions, the same rows), so the write names
# its person and only theirs moves (adapters/db/revision.py), where a DELETE by the sessions' ids alone moved everyone's
_OF_SESSIONS: Any = bindparam("session_ids", expanding=True)
_DELETE_FROM_SESSIONS = delete(_PRESCRIPTIONS).where(
    _PRESCRIPTIONS.c.person_id.in_(select(_SESSIONS.c.person_id).where(_SESSIONS.c.id.in_(_OF_SESSIONS))),
    _PRESCRIPTIONS.c.performed_session_id.in_(_OF_SESSIONS),
)
_DELETE_FROM_SESSIONS_OF_PROGRAM = _DELETE_FROM_SESSIONS.where(_PRESCRIPTIONS.c.program_id == bindparam("program_id"))
_INSERT_PRESCRIPTION = insert(_PRESCRIPTIONS)
# A log's prescriptions (add_many): a prepared INSERT (repositories/prepared.py), created now
_INSERT_NEW_PRESCRIPTIONS = inserting(_PRESCRIPTIONS, [c.name for c in _PRESCRIPTIONS.columns if c.name != "id"])
_INSERT_ONE_PRESCRIPTION = insert(_PRESCRIPTIONS).returning(_PRESCRIPTIONS.c.id)
_RX_FROM_SESSION = (
    select(_PRESCRIPTIONS)
    .where(_PRESCRIPTIONS.c.performed_session_id == bindparam("session_id"))
    .order_by(_PRESCRIPTIONS.c.id)
)
_RX_OF_PERSON = (
    select(_PRESCRIPTIONS).where(_PRESCRIPTIONS.c.person_id == bindparam("person_id")).order_by(_PRESCRIPTIONS.c.id)
)
_FIRST_OF_SESSION = (
    select(func.min(_PRESCRIPTIONS.c.id))
    .where(_PRESCRIPTIONS.c.performed_session_id == bindparam("session_id"))
    .scalar_subquery()
)
_RX_BEFORE_SESSION = (
    select(_PRESCRIPTIONS)
    .where(
        _PRESCRIPTIONS.c.program_id == bindparam("program_id"),
        _PRESCRIPTIONS.c.planned_exercise_id == bindparam("slot"),
        _PRESCRIPTIONS.c.id < _FIRST_OF_SESSION,
    )
    .order_by(_PRESCRIPTIONS.c.id.desc())
    .limit(1)
)
