"""care: practice invitations by email, and how far each reader has read a thread (issue 16)

Revision ID: 8c4f1a7d2e90
Revises: 7a1c3d9e2f40
Create Date: 2026-12-05 23:30:00

Two new tables, nothing existing changes. `practice_invitations`: an owner's invitation of a colleague by email
(pending until the clinician with that email accepts it). `care_reads`: per client thread and reader, the latest
message id the reader saw (the unread markers). Down drops both (pending invitations and read markers go; no
message, grant or membership is touched).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8c4f1a7d2e90"
down_revision: str | None = "7a1c3d9e2f40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "practice_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("invited_by_person_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["invited_by_person_id"],
            ["people.id"],
            name=op.f("fk_practice_invitations_invited_by_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practices.id"],
            name=op.f("fk_practice_invitations_practice_id_practices"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_invitations")),
        sa.UniqueConstraint("practice_id", "email", name="practice_email"),
    )
    with op.batch_alter_table("practice_invitations") as batch_op:
        batch_op.create_index(batch_op.f("ix_practice_invitations_email"), ["email"], unique=False)
    op.create_table(
        "care_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_person_id", sa.Integer(), nullable=False),
        sa.Column("reader_person_id", sa.Integer(), nullable=False),
        sa.Column("last_message_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_person_id"], ["people.id"], name=op.f("fk_care_reads_client_person_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["reader_person_id"], ["people.id"], name=op.f("fk_care_reads_reader_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_reads")),
        sa.UniqueConstraint("client_person_id", "reader_person_id", name="client_reader"),
    )
    with op.batch_alter_table("care_reads") as batch_op:
        batch_op.create_index(batch_op.f("ix_care_reads_reader_person_id"), ["reader_person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("care_reads") as batch_op:
        batch_op.drop_index(batch_op.f("ix_care_reads_reader_person_id"))
    op.drop_table("care_reads")
    with op.batch_alter_table("practice_invitations") as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_invitations_email"))
    op.drop_table("practice_invitations")
