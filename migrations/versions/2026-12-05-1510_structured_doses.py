"""structured doses: planned items as rows, doses as columns

Revision ID: d67e160af6d6
Revises: cb50191db913
Create Date: 2026-12-05 15:10:00

Planned sessions kept their items as a JSON list with the dose in words ("8-12 per side", "medium band",
"2-1-2 (...)"); prescriptions kept sets, rep_low, rep_high, load_kg and band. Now both keep a dose as columns
(adapters/db/dose_columns.py):

- `planned_items` (one row per item, in its position) replaces `planned_sessions.items`; every old item is read once
  by services/legacy_dose.py (the texts the planner wrote up to 58f0add) and written with `dose_columns`.
- `prescriptions` gains the missing dose columns; rep_low/rep_high become NULL for holds and minutes. What the old
  row's numbers meant (reps, seconds or minutes, per side or not) comes from the exercise library (ids are stable),
  or from the planned item of the slot; its rest and tempo (the old row had none) are that planned item's. A weights
  exercise with no weight is "a weight you could lift 2 more times" (reps in reserve 2-2), as the old engine said.

The rows are converted in chunks while the old column is still there, so a large PostgreSQL store is never read
into memory at once. On SQLite the old column goes with a native DROP COLUMN (SQLite >= 3.35), not batch mode's
table copy: copying planned_sessions would drop the original table, and with foreign keys on, the drop would
cascade to the planned_items just written.

The downgrade writes the old texts back with the same words (describe() reproduces them) and the old prescription
numbers; what the old schema cannot hold (a prescription's rest, tempo and guidance) is lost, as it must be.

This migration uses gluterx code (the legacy reader and the column mapper): if `dose_columns` ever changes with a
later schema change, freeze a copy of the present one here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "d67e160af6d6"
down_revision: str | None = "cb50191db913"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHUNK = 1000


# The prescription columns this revision adds (the dose columns prescriptions did not have yet).
def _new_prescription_columns() -> tuple[sa.Column[Any], ...]:
    return (
        sa.Column("work_kind", sa.String(length=8), nullable=True),
        sa.Column("hold_s", sa.Integer(), nullable=True),
        sa.Column("hold_reps", sa.Integer(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("per_side", sa.Boolean(), nullable=True),
        sa.Column("load_kind", sa.String(length=16), nullable=True),
        sa.Column("guidance", sa.String(length=32), nullable=True),
        sa.Column("rir_low", sa.Integer(), nullable=True),
        sa.Column("rir_high", sa.Integer(), nullable=True),
        sa.Column("rest_s", sa.Integer(), nullable=True),
        sa.Column("tempo_up", sa.Integer(), nullable=True),
        sa.Column("tempo_squeeze", sa.Integer(), nullable=True),
        sa.Column("tempo_down", sa.Integer(), nullable=True),
        sa.Column("tempo_explosive", sa.Boolean(), nullable=True),
    )


NOT_NULL_AFTER_FILL = ("work_kind", "per_side", "load_kind", "rest_s")
WORK_KIND_CHECK = "work_kind in ('reps', 'hold', 'minutes')"
LOAD_KIND_CHECK = "load_kind in ('bodyweight', 'band', 'kg', 'guidance')"


def _dose_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("sets", sa.Integer(), nullable=False),
        sa.Column("work_kind", sa.String(length=8), nullable=False),
        sa.Column("rep_low", sa.Integer(), nullable=True),
        sa.Column("rep_high", sa.Integer(), nullable=True),
        sa.Column("hold_s", sa.Integer(), nullable=True),
        sa.Column("hold_reps", sa.Integer(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("per_side", sa.Boolean(), nullable=False),
        sa.Column("load_kind", sa.String(length=16), nullable=False),
        sa.Column("load_kg", sa.Float(), nullable=True),
        sa.Column("band", sa.String(length=32), nullable=True),
        sa.Column("guidance", sa.String(length=32), nullable=True),
        sa.Column("rir_low", sa.Integer(), nullable=True),
        sa.Column("rir_high", sa.Integer(), nullable=True),
        sa.Column("rest_s", sa.Integer(), nullable=False),
        sa.Column("tempo_up", sa.Integer(), nullable=True),
        sa.Column("tempo_squeeze", sa.Integer(), nullable=True),
        sa.Column("tempo_down", sa.Integer(), nullable=True),
        sa.Column("tempo_explosive", sa.Boolean(), nullable=True),
    ]


DOSE_NAMES = tuple(c.name for c in _dose_columns())

planned_sessions = sa.table(
    "planned_sessions",
    sa.column("id", sa.Integer),
    sa.column("program_id", sa.Integer),
    sa.column("date", sa.Date),
    sa.column("items", sa.JSON),
)
planned_items = sa.table(
    "planned_items",
    sa.column("id", sa.Integer),
    sa.column("planned_session_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("exercise_id", sa.String),
    sa.column("slot", sa.String),
    sa.column("reason", sa.Text),
    sa.column("sources", sa.JSON),
    sa.column("seconds", sa.Float),
    *(sa.column(c.name, c.type) for c in _dose_columns()),
)
prescriptions = sa.table(
    "prescriptions",
    sa.column("id", sa.Integer),
    sa.column("program_id", sa.Integer),
    sa.column("planned_exercise_id", sa.String),
    sa.column("exercise_id", sa.String),
    sa.column("performed_session_id", sa.Integer),
    *(sa.column(c.name, c.type) for c in _dose_columns()),
)
performed_sessions = sa.table("performed_sessions", sa.column("id", sa.Integer), sa.column("date", sa.Date))


def _chunks(conn: sa.Connection, stmt: sa.Select[Any], key: sa.ColumnElement[int]) -> Iterator[Sequence[Any]]:
    """The rows of `stmt` in chunks, by ascending `key` (keyset paging: no cursor held open across writes)."""
    last = 0
    while True:
        rows = conn.execute(stmt.where(key > last).order_by(key).limit(CHUNK)).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


# ------------------------------------------------------------------------------------------------ upgrade


def upgrade() -> None:
    op.create_table(
        "planned_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("planned_session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(length=80), nullable=False),
        sa.Column("slot", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        *_dose_columns(),
        sa.CheckConstraint(WORK_KIND_CHECK, name=op.f("ck_planned_items_work_kind")),
        sa.CheckConstraint(LOAD_KIND_CHECK, name=op.f("ck_planned_items_load_kind")),
        sa.ForeignKeyConstraint(
            ["planned_session_id"],
            ["planned_sessions.id"],
            name=op.f("fk_planned_items_planned_session_id_planned_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planned_items")),
        sa.UniqueConstraint("planned_session_id", "position", name="planned_session_position"),
    )
    conn = op.get_bind()
    _items_to_rows(conn)
    # Native DROP COLUMN on SQLite too (see the module docstring: a table copy would cascade to planned_items).
    with op.batch_alter_table("planned_sessions", recreate="never") as batch_op:
        batch_op.drop_column("items")

    with op.batch_alter_table("prescriptions") as batch_op:
        for column in _new_prescription_columns():
            batch_op.add_column(column)
        batch_op.alter_column("rep_low", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("rep_high", existing_type=sa.Integer(), nullable=True)
    _fill_prescriptions(conn)
    with op.batch_alter_table("prescriptions") as batch_op:
        for column in _new_prescription_columns():
            if column.name in NOT_NULL_AFTER_FILL:
                batch_op.alter_column(column.name, existing_type=column.type, nullable=False)
        batch_op.create_check_constraint(op.f("ck_prescriptions_work_kind"), WORK_KIND_CHECK)
        batch_op.create_check_constraint(op.f("ck_prescriptions_load_kind"), LOAD_KIND_CHECK)


def _items_to_rows(conn: sa.Connection) -> None:
    from gluterx.adapters.db.dose_columns import dose_columns
    from gluterx.services.legacy_dose import LegacyDoseError, legacy_item_dose

    stmt = sa.select(planned_sessions.c.id, planned_sessions.c["items"])
    for chunk in _chunks(conn, stmt, planned_sessions.c.id):
        rows = []
        for session_id, items in chunk:
            for position, item in enumerate(items or []):
                try:
                    dose = legacy_item_dose(item)
                except (LegacyDoseError, KeyError, TypeError, ValueError) as exc:
                    raise RuntimeError(f"planned session {session_id}, item {position}: {exc}") from exc
                rows.append(
                    {
                        "planned_session_id": session_id,
                        "position": position,
                        "exercise_id": item["exercise_id"],
                        "slot": item.get("slot") or "",
                        "reason": item.get("reason") or "",
                        "sources": list(item.get("sources") or []),
                        "seconds": float(item.get("seconds") or 0.0),
                        **dose_columns(dose),
                    }
                )
        if rows:
            conn.execute(planned_items.insert(), rows)


def _fill_prescriptions(conn: sa.Connection) -> None:
    from gluterx.adapters.db.dose_columns import dose_columns
    from gluterx.data import load_library
    from gluterx.services.legacy_dose import legacy_prescription_dose

    library = load_library()
    planned_for = _PlannedSlots(conn)
    rx = prescriptions.c
    stmt = (
        sa.select(rx.id, rx.program_id, rx.planned_exercise_id, rx.exercise_id, rx.sets, rx.rep_low, rx.rep_high,
                  rx.load_kg, rx.band, performed_sessions.c.date)
        .select_from(prescriptions)
        .outerjoin(performed_sessions, performed_sessions.c.id == rx.performed_session_id)
    )  # fmt: skip
    update = (
        prescriptions.update()
        .where(rx.id == sa.bindparam("_id"))
        .values({name: sa.bindparam(name) for name in DOSE_NAMES})
    )
    for chunk in _chunks(conn, stmt, rx.id):
        values = []
        for row in chunk:
            planned = planned_for(row.program_id, row.planned_exercise_id, row.date)
            dose = legacy_prescription_dose(
                sets=row.sets,
                rep_low=row.rep_low,
                rep_high=row.rep_high,
                load_kg=row.load_kg,
                band=row.band,
                exercise=library.get(row.exercise_id) if row.exercise_id in library else None,
                planned=planned,
            )
            values.append({"_id": row.id, **dose_columns(dose)})
        conn.execute(update, values)


class _PlannedSlots:
    """The planned dose of a programme's slot on a day: the item on that day, else the latest before it, else the
    first (a prescription written before the first session)."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self.cache: dict[tuple[int, str], list[tuple[date, Any]]] = {}

    def __call__(self, program_id: int, slot: str, day: date | None) -> Any:
        key = (program_id, slot)
        if key not in self.cache:
            self.cache[key] = self._load(program_id, slot)
        found = self.cache[key]
        if not found:
            return None
        if day is None:
            return found[0][1]
        before = [dose for d, dose in found if d <= day]
        return before[-1] if before else found[0][1]

    def _load(self, program_id: int, slot: str) -> list[tuple[date, Any]]:
        from gluterx.adapters.db.dose_columns import dose_from

        stmt = (
            sa.select(planned_sessions.c.date, *(planned_items.c[name] for name in DOSE_NAMES))
            .join(planned_sessions, planned_sessions.c.id == planned_items.c.planned_session_id)
            .where(planned_sessions.c.program_id == program_id, planned_items.c.exercise_id == slot)
            .order_by(planned_sessions.c.date, planned_items.c.position)
        )
        return [(row.date, dose_from(row)) for row in self.conn.execute(stmt)]


# ------------------------------------------------------------------------------------------------ downgrade


def downgrade() -> None:
    conn = op.get_bind()
    with op.batch_alter_table("planned_sessions", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("items", sa.JSON(), nullable=True))
    _rows_to_items(conn)
    op.drop_table("planned_items")  # before planned_sessions is copied on SQLite (it would cascade otherwise)
    with op.batch_alter_table("planned_sessions") as batch_op:
        batch_op.alter_column("items", existing_type=sa.JSON(), nullable=False)

    _prescriptions_to_old(conn)
    with op.batch_alter_table("prescriptions") as batch_op:
        batch_op.drop_constraint(op.f("ck_prescriptions_work_kind"), type_="check")
        batch_op.drop_constraint(op.f("ck_prescriptions_load_kind"), type_="check")
        for column in reversed(_new_prescription_columns()):
            batch_op.drop_column(column.name)
        batch_op.alter_column("rep_low", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("rep_high", existing_type=sa.Integer(), nullable=False)


def _rows_to_items(conn: sa.Connection) -> None:
    from gluterx.adapters.db.dose_columns import dose_from
    from gluterx.domain.planner import PlanItem
    from gluterx.domain.said import Reason
    from gluterx.services.legacy_dose import legacy_item_json

    it = planned_items.c
    update = (
        planned_sessions.update()
        .where(planned_sessions.c.id == sa.bindparam("_id"))
        .values(items=sa.bindparam("items"))
    )
    for chunk in _chunks(conn, sa.select(planned_sessions.c.id), planned_sessions.c.id):
        ids = [row.id for row in chunk]
        found: dict[int, list[dict[str, Any]]] = {session_id: [] for session_id in ids}
        stmt = (
            sa.select(planned_items).where(it.planned_session_id.in_(ids)).order_by(it.planned_session_id, it.position)
        )
        for row in conn.execute(stmt):
            reason = Reason.as_written(row.reason)  # the words, as the later migrations' downgrades left them
            item = PlanItem(row.exercise_id, dose_from(row), reason, tuple(row.sources), row.slot, row.seconds)
            found[row.planned_session_id].append(legacy_item_json(item))
        conn.execute(update, [{"_id": session_id, "items": items} for session_id, items in found.items()])


def _prescriptions_to_old(conn: sa.Connection) -> None:
    """rep_low/rep_high as the old row kept them (seconds of a hold, or its count of squeezes; minutes), and the load
    as a weight or a band or neither."""
    rx = prescriptions.c
    stmt = sa.select(rx.id, rx.work_kind, rx.rep_low, rx.rep_high, rx.hold_s, rx.hold_reps, rx.minutes)
    update = (
        prescriptions.update()
        .where(rx.id == sa.bindparam("_id"))
        .values(rep_low=sa.bindparam("low"), rep_high=sa.bindparam("high"))
    )
    for chunk in _chunks(conn, stmt, rx.id):
        values = []
        for row in chunk:
            if row.work_kind == "reps":
                continue
            number = row.minutes if row.work_kind == "minutes" else _old_hold_number(row.hold_s, row.hold_reps)
            values.append({"_id": row.id, "low": number, "high": number})
        if values:
            conn.execute(update, values)


def _old_hold_number(seconds: int, reps: int) -> int:
    """The one number an old row kept for a hold: its seconds, or for the sitting break ('10 x 5 s') its count."""
    return reps if reps > 1 else seconds
