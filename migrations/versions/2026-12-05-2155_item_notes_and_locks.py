"""plan adjustments: item notes and progression locks (a clinician's, issue 16)

Revision ID: c11a2b0e7d35
Revises: 7c0ffee13a21
Create Date: 2026-12-05 21:55:00

Two new kinds of `plan_adjustments` row: `item_note` (a note on an exercise the person reads in the player and on
Today; its text in the new `note` column) and `lock` (automatic progression off for an exercise, or on again; the
new `locked` column). Both columns are nullable and no existing row is changed: the check on `kind` is widened. The
downgrade refuses while rows of the new kinds exist (it would have to drop what a clinician wrote), else narrows
the check and drops the columns.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c11a2b0e7d35"
down_revision: str | None = "7c0ffee13a21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = "kind in ('swap', 'skip_item', 'skip_session', 'move_session', 'undo')"
NEW_KINDS = "kind in ('swap', 'skip_item', 'skip_session', 'move_session', 'undo', 'item_note', 'lock')"


def upgrade() -> None:
    with op.batch_alter_table("plan_adjustments") as batch_op:
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("locked", sa.Boolean(), nullable=True))
        batch_op.drop_constraint(op.f("ck_plan_adjustments_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_plan_adjustments_kind"), NEW_KINDS)


def downgrade() -> None:
    found = (
        op.get_bind()
        .execute(sa.text("select count(*) from plan_adjustments where kind in ('item_note', 'lock')"))
        .scalar_one()
    )
    if found:
        raise RuntimeError(f"plan_adjustments: {found} item notes or locks would be lost; export them first")
    with op.batch_alter_table("plan_adjustments") as batch_op:
        batch_op.drop_constraint(op.f("ck_plan_adjustments_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_plan_adjustments_kind"), OLD_KINDS)
        batch_op.drop_column("locked")
        batch_op.drop_column("note")
