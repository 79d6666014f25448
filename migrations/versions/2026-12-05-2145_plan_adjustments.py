"""plan adjustments: swaps, skips and moves, an append-only log (the audit trail)

Revision ID: 7ad1c0a5e214
Revises: 5b1e7c2a9d40
Create Date: 2026-12-05 21:30:00

Issue 14 ("Shape the plan"): a person swaps an exercise, skips one or a session, or moves a session; issue 16 will
let a clinician do the same. Each change is a row of `plan_adjustments` (domain.planner.adjustments), never updated
or deleted by the application: undoing one is a row of its own. A new table: nothing stored before changes, and
the downgrade drops it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7ad1c0a5e214"
down_revision: str | None = "7a3c51e0f2b8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan_adjustments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("to_date", sa.Date(), nullable=True),
        sa.Column("from_exercise", sa.String(length=100), nullable=True),
        sa.Column("to_exercise", sa.String(length=100), nullable=True),
        sa.Column("scope", sa.String(length=8), nullable=True),
        sa.Column("undoes", sa.Integer(), nullable=True),
        sa.Column("author_kind", sa.String(length=16), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind in ('swap', 'skip_item', 'skip_session', 'move_session', 'undo')",
            name=op.f("ck_plan_adjustments_kind"),
        ),
        sa.CheckConstraint("author_kind in ('person', 'clinician')", name=op.f("ck_plan_adjustments_author_kind")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_plan_adjustments_person_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["program_id"], ["programs.id"], name=op.f("fk_plan_adjustments_program_id_programs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_adjustments")),
    )
    op.create_index(op.f("ix_plan_adjustments_person_id"), "plan_adjustments", ["person_id"], unique=False)
    op.create_index(op.f("ix_plan_adjustments_program_id"), "plan_adjustments", ["program_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_plan_adjustments_program_id"), table_name="plan_adjustments")
    op.drop_index(op.f("ix_plan_adjustments_person_id"), table_name="plan_adjustments")
    op.drop_table("plan_adjustments")
