"""outcome measures: answers (pain, global rating of change) and their PSFS activities

Revision ID: 5e0c7a1f2b93
Revises: d67e160af6d6
Create Date: 2026-12-05 18:00:00

Two new tables, nothing existing changes: `outcome_answers` (one set per person and day) and `outcome_activities`
(the person's own PSFS activities, in the order named). The downgrade drops them, and the answers with them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5e0c7a1f2b93"
down_revision: str | None = "d67e160af6d6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outcome_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.Column("groc", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("pain between 0 and 10", name=op.f("ck_outcome_answers_pain")),
        sa.CheckConstraint("groc is null or groc between -7 and 7", name=op.f("ck_outcome_answers_groc")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_outcome_answers_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_answers")),
        sa.UniqueConstraint("person_id", "date", name=op.f("uq_outcome_answers_person_id")),
    )
    op.create_table(
        "outcome_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answers_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.CheckConstraint("score between 0 and 10", name=op.f("ck_outcome_activities_score")),
        sa.ForeignKeyConstraint(
            ["answers_id"],
            ["outcome_answers.id"],
            name=op.f("fk_outcome_activities_answers_id_outcome_answers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_activities")),
        sa.UniqueConstraint("answers_id", "position", name=op.f("uq_outcome_activities_answers_id")),
    )


def downgrade() -> None:
    op.drop_table("outcome_activities")
    op.drop_table("outcome_answers")
