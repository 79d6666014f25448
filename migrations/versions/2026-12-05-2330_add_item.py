"""plan adjustments: an exercise added to the plan (issue 16)

Revision ID: 7a1c3d9e2f40
Revises: 5e7d05e1a2b3
Create Date: 2026-12-05 23:30:00

A new kind of `plan_adjustments` row, `add_item`: an exercise added to a session (and, onward, every later one), in
`to_exercise`, with `scope`, and its dose in the dose columns the set dose added (all NULL: the planner's dose). No
column is added and no existing row is changed: the check on `kind` is widened. The downgrade refuses while added
exercises exist (it would drop what a clinician wrote), else narrows the check again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7a1c3d9e2f40"
down_revision: str | None = "5e7d05e1a2b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = "kind in ('swap', 'skip_item', 'skip_session', 'move_session', 'undo', 'item_note', 'lock', 'set_dose')"
NEW_KINDS = (
    "kind in ('swap', 'skip_item', 'skip_session', 'move_session', 'undo', 'item_note', 'lock', 'set_dose', 'add_item')"
)


def upgrade() -> None:
    with op.batch_alter_table("plan_adjustments") as batch_op:
        batch_op.drop_constraint(op.f("ck_plan_adjustments_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_plan_adjustments_kind"), NEW_KINDS)


def downgrade() -> None:
    found = op.get_bind().execute(sa.text("select count(*) from plan_adjustments where kind = 'add_item'")).scalar_one()
    if found:
        raise RuntimeError(f"plan_adjustments: {found} exercises added to a plan would be lost; export them first")
    with op.batch_alter_table("plan_adjustments") as batch_op:
        batch_op.drop_constraint(op.f("ck_plan_adjustments_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_plan_adjustments_kind"), OLD_KINDS)
