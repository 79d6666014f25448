"""plan adjustments: a dose set by the clinician (issue 16)

Revision ID: 5e7d05e1a2b3
Revises: c11a2b0e7d35
Create Date: 2026-12-05 22:10:00

A new kind of `plan_adjustments` row, `set_dose`: an exercise done at a dose the clinician set, from a day on. The
dose's parts go in new nullable columns named as the dose columns of `prescriptions` (adapters/db/dose_columns.py),
so one mapper reads both; no existing row is changed: the check on `kind` is widened. The downgrade refuses while
set doses exist (it would drop what a clinician wrote), else narrows the check and drops the columns.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5e7d05e1a2b3"
down_revision: str | None = "c11a2b0e7d35"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = "kind in ('swap', 'skip_item', 'skip_session', 'move_session', 'undo', 'item_note', 'lock')"
NEW_KINDS = "kind in ('swap', 'skip_item', 'skip_session', 'move_session', 'undo', 'item_note', 'lock', 'set_dose')"

COLUMNS: tuple[tuple[str, sa.types.TypeEngine[object]], ...] = (
    ("sets", sa.Integer()),
    ("work_kind", sa.String(8)),
    ("rep_low", sa.Integer()),
    ("rep_high", sa.Integer()),
    ("hold_s", sa.Integer()),
    ("hold_reps", sa.Integer()),
    ("minutes", sa.Integer()),
    ("per_side", sa.Boolean()),
    ("load_kind", sa.String(16)),
    ("load_kg", sa.Float()),
    ("band", sa.String(32)),
    ("guidance", sa.String(32)),
    ("rir_low", sa.Integer()),
    ("rir_high", sa.Integer()),
    ("rest_s", sa.Integer()),
    ("tempo_up", sa.Integer()),
    ("tempo_squeeze", sa.Integer()),
    ("tempo_down", sa.Integer()),
    ("tempo_explosive", sa.Boolean()),
)


def upgrade() -> None:
    with op.batch_alter_table("plan_adjustments") as batch_op:
        for name, kind in COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))
        batch_op.drop_constraint(op.f("ck_plan_adjustments_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_plan_adjustments_kind"), NEW_KINDS)


def downgrade() -> None:
    found = op.get_bind().execute(sa.text("select count(*) from plan_adjustments where kind = 'set_dose'")).scalar_one()
    if found:
        raise RuntimeError(f"plan_adjustments: {found} doses set by a clinician would be lost; export them first")
    with op.batch_alter_table("plan_adjustments") as batch_op:
        batch_op.drop_constraint(op.f("ck_plan_adjustments_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_plan_adjustments_kind"), OLD_KINDS)
        for name, _ in reversed(COLUMNS):
            batch_op.drop_column(name)
