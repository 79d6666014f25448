"""Plan adjustments: the append-only log of changes to a programme's plan, rows <-> domain Adjustments."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from gluterx.adapters.db.dose_columns import dose_columns, dose_from
from gluterx.adapters.db.models import PlanAdjustmentRow
from gluterx.adapters.db.repositories.prepared import Prepared
from gluterx.domain.planner.adjustments import (
    Adjustment,
    Author,
    AuthorKind,
    Change,
    ChangeParts,
    Scope,
    change_of,
    change_parts,
)

__all__ = ["AdjustmentsRepository", "adjustment_columns", "adjustment_from"]


def adjustment_columns(change: Change) -> dict[str, Any]:
    """A change as the columns of its row (the kind, then only the columns it uses). An added exercise is kept in
    `to_exercise`, every other exercise a change names first in `from_exercise`."""
    p = change_parts(change)
    added = p.kind == "add_item"
    columns = {
        "on_date": p.on,
        "to_date": p.to,
        "from_exercise": None if added else p.exercise_id,
        "to_exercise": p.exercise_id if added else p.to_exercise_id,
        "scope": p.scope.value if p.scope is not None else None,
        "undoes": p.undoes,
        "note": p.text,
        "locked": p.locked,
    }
    given = {name: value for name, value in columns.items() if value is not None}
    return {"kind": p.kind} | given | (dose_columns(p.dose) if p.dose is not None else {})


def _change(row: Any) -> Change:
    added = row.kind == "add_item"
    return change_of(
        ChangeParts(
            row.kind,
            on=row.on_date,
            to=row.to_date,
            exercise_id=row.to_exercise if added else row.from_exercise,
            to_exercise_id=None if added else row.to_exercise,
            scope=Scope(row.scope) if row.scope is not None else None,  # rows without one: onward
            undoes=row.undoes,
            text=(row.note or "") if row.kind == "item_note" else None,
            locked=bool(row.locked) if row.kind == "lock" else None,
            dose=dose_from(row) if row.work_kind is not None else None,  # an added item without one: the planner's
        )
    )


def adjustment_from(row: Any) -> Adjustment:
    created: datetime = row.created_at
    if created.tzinfo is None:  # SQLite gives back naive times; they were written in UTC
        created = created.replace(tzinfo=UTC)
    return Adjustment(row.id, _change(row), Author(AuthorKind(row.author_kind), row.author_id), row.reason, created)


# Read on every session logged and every "today" computed: built once (building a SELECT, and its cache key, cost more
# CPU than SQLite takes to answer it), on the table: its rows as Core rows, not ORM objects
_ADJUSTMENTS = cast(Table, PlanAdjustmentRow.__table__)
_FOR_PROGRAM = Prepared(
    select(_ADJUSTMENTS)
    .where(_ADJUSTMENTS.c.program_id == bindparam("program_id"))
    .order_by(_ADJUSTMENTS.c.created_at, _ADJUSTMENTS.c.id)
)


class AdjustmentsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_program(self, program_id: int) -> list[Adjustment]:
        """Every adjustment of the programme, oldest first (undone ones and the undos too: the audit trail)."""
        rows = _FOR_PROGRAM.rows(self.session, {"program_id": program_id})
        return [adjustment_from(r) for r in rows]

    def add(
        self, *, person_id: int, program_id: int, change: Change, author: Author, reason: str, at: datetime
    ) -> Adjustment:
        row = PlanAdjustmentRow(
            person_id=person_id,
            program_id=program_id,
            author_kind=author.kind.value,
            author_id=author.id,
            reason=reason,
            created_at=at,
            **adjustment_columns(change),
        )
        self.session.add(row)
        self.session.flush()
        return adjustment_from(row)
