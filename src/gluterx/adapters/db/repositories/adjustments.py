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
    AddItem,
    Adjustment,
    Author,
    AuthorKind,
    Change,
    ItemNote,
    Lock,
    MoveSession,
    Scope,
    SetDose,
    SkipItem,
    SkipSession,
    Swap,
    Undo,
    kind_of,
)

__all__ = ["AdjustmentsRepository", "adjustment_columns", "adjustment_from"]


def adjustment_columns(change: Change) -> dict[str, Any]:
    """A change as the columns of its row (the kind, then only the columns it uses)."""
    columns: dict[str, Any] = {"kind": kind_of(change)}
    match change:
        case Swap(on=on, from_id=from_id, to_id=to_id, scope=scope):
            columns |= {"on_date": on, "from_exercise": from_id, "to_exercise": to_id, "scope": scope.value}
        case SkipItem(on=on, exercise_id=exercise_id):
            columns |= {"on_date": on, "from_exercise": exercise_id}
        case SkipSession(on=on):
            columns |= {"on_date": on}
        case MoveSession(from_date=from_date, to_date=to_date):
            columns |= {"on_date": from_date, "to_date": to_date}
        case Undo(adjustment_id=adjustment_id):
            columns |= {"undoes": adjustment_id}
        case ItemNote(on=on, exercise_id=exercise_id, text=text, scope=scope):
            columns |= {"on_date": on, "from_exercise": exercise_id, "note": text, "scope": scope.value}
        case Lock(on=on, exercise_id=exercise_id, locked=locked):
            columns |= {"on_date": on, "from_exercise": exercise_id, "locked": locked}
        case SetDose(on=on, exercise_id=exercise_id, dose=dose, scope=scope):
            columns |= {"on_date": on, "from_exercise": exercise_id, "scope": scope.value} | dose_columns(dose)
        case AddItem(on=on, exercise_id=exercise_id, dose=dose, scope=scope):
            columns |= {"on_date": on, "to_exercise": exercise_id, "scope": scope.value}
            columns |= dose_columns(dose) if dose is not None else {}
    return columns


def _change(row: Any) -> Change:
    match row.kind:
        case "swap":
            return Swap(row.on_date, row.from_exercise, row.to_exercise, Scope(row.scope))
        case "skip_item":
            return SkipItem(row.on_date, row.from_exercise)
        case "skip_session":
            return SkipSession(row.on_date)
        case "move_session":
            return MoveSession(row.on_date, row.to_date)
        case "undo":
            return Undo(row.undoes)
        case "item_note":
            return ItemNote(row.on_date, row.from_exercise, row.note or "", Scope(row.scope or "onward"))
        case "lock":
            return Lock(row.on_date, row.from_exercise, bool(row.locked))
        case "set_dose":
            return SetDose(row.on_date, row.from_exercise, dose_from(row), Scope(row.scope or "onward"))
        case "add_item":
            dose = dose_from(row) if row.work_kind is not None else None  # no dose: the planner's
            return AddItem(row.on_date, row.to_exercise, dose, Scope(row.scope or "onward"))
    raise ValueError(f"plan_adjustments.kind: unknown kind {row.kind!r}")  # the check constraint forbids it


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
