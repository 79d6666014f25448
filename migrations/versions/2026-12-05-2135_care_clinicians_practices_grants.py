"""care: clinicians, practices, invitations, grants, messages, notes, alert acknowledgements

Revision ID: c1a9e7d4b216
Revises: 5b1e7c2a9d40
Create Date: 2026-12-05 21:20:00

Issue 16 (for clinicians and trainers). Only new tables: every stored row stays exactly as it was, so the upgrade
converts nothing; the downgrade drops the new tables (what they held is lost, as it must be).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c1a9e7d4b216"
down_revision: str | None = "7d3a91c4e2b8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "practices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practices")),
    )
    op.create_table(
        "alert_acks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_person_id", sa.Integer(), nullable=False),
        sa.Column("alert_key", sa.String(length=64), nullable=False),
        sa.Column("by_person_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_person_id"], ["people.id"], name=op.f("fk_alert_acks_by_person_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["client_person_id"], ["people.id"], name=op.f("fk_alert_acks_client_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_acks")),
        sa.UniqueConstraint("client_person_id", "alert_key", name="client_alert"),
    )
    op.create_table(
        "care_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("direction", sa.String(length=24), nullable=False),
        sa.Column("from_person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by_person_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("direction in ('to_client', 'to_clinician')", name=op.f("ck_care_invitations_direction")),
        sa.ForeignKeyConstraint(
            ["from_person_id"],
            ["people.id"],
            name=op.f("fk_care_invitations_from_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["used_by_person_id"],
            ["people.id"],
            name=op.f("fk_care_invitations_used_by_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_invitations")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_care_invitations_code_hash")),
    )
    with op.batch_alter_table("care_invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_care_invitations_from_person_id"), ["from_person_id"], unique=False)

    op.create_table(
        "care_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_person_id", sa.Integer(), nullable=False),
        sa.Column("author_person_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_person_id"],
            ["people.id"],
            name=op.f("fk_care_messages_author_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["client_person_id"],
            ["people.id"],
            name=op.f("fk_care_messages_client_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_messages")),
    )
    with op.batch_alter_table("care_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_care_messages_client_person_id"), ["client_person_id"], unique=False)

    op.create_table(
        "care_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_person_id", sa.Integer(), nullable=False),
        sa.Column("author_person_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_person_id"], ["people.id"], name=op.f("fk_care_notes_author_person_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["client_person_id"], ["people.id"], name=op.f("fk_care_notes_client_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_notes")),
    )
    with op.batch_alter_table("care_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_care_notes_client_person_id"), ["client_person_id"], unique=False)

    op.create_table(
        "clinicians",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=True),
        sa.Column("practice_role", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind in ('trainer', 'physio')", name=op.f("ck_clinicians_kind")),
        sa.CheckConstraint(
            "practice_role is null or practice_role in ('owner', 'member')", name=op.f("ck_clinicians_practice_role")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_clinicians_person_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_clinicians_practice_id_practices"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinicians")),
        sa.UniqueConstraint("person_id", name=op.f("uq_clinicians_person_id")),
    )
    with op.batch_alter_table("clinicians", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clinicians_practice_id"), ["practice_id"], unique=False)

    op.create_table(
        "care_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_person_id", sa.Integer(), nullable=False),
        sa.Column("clinician_person_id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=True),
        sa.Column("invitation_id", sa.Integer(), nullable=True),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_person_id"], ["people.id"], name=op.f("fk_care_grants_client_person_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["clinician_person_id"],
            ["people.id"],
            name=op.f("fk_care_grants_clinician_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["care_invitations.id"],
            name=op.f("fk_care_grants_invitation_id_care_invitations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_care_grants_practice_id_practices"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_grants")),
    )
    with op.batch_alter_table("care_grants", schema=None) as batch_op:
        batch_op.create_index("ix_care_grants_client", ["client_person_id", "revoked_at"], unique=False)
        batch_op.create_index("ix_care_grants_clinician", ["clinician_person_id", "revoked_at"], unique=False)
        batch_op.create_index("ix_care_grants_practice", ["practice_id", "revoked_at"], unique=False)

    op.create_table(
        "outcome_schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_person_id", sa.Integer(), nullable=False),
        sa.Column("every_days", sa.Integer(), nullable=False),
        sa.Column("set_by_person_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("every_days between 7 and 84", name=op.f("ck_outcome_schedules_every_days")),
        sa.ForeignKeyConstraint(
            ["client_person_id"],
            ["people.id"],
            name=op.f("fk_outcome_schedules_client_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_by_person_id"],
            ["people.id"],
            name=op.f("fk_outcome_schedules_set_by_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_schedules")),
        sa.UniqueConstraint("client_person_id", name=op.f("uq_outcome_schedules_client_person_id")),
    )


def downgrade() -> None:
    op.drop_table("outcome_schedules")
    with op.batch_alter_table("care_grants", schema=None) as batch_op:
        batch_op.drop_index("ix_care_grants_practice")
        batch_op.drop_index("ix_care_grants_clinician")
        batch_op.drop_index("ix_care_grants_client")

    op.drop_table("care_grants")
    with op.batch_alter_table("clinicians", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinicians_practice_id"))

    op.drop_table("clinicians")
    with op.batch_alter_table("care_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_care_notes_client_person_id"))

    op.drop_table("care_notes")
    with op.batch_alter_table("care_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_care_messages_client_person_id"))

    op.drop_table("care_messages")
    with op.batch_alter_table("care_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_care_invitations_from_person_id"))

    op.drop_table("care_invitations")
    op.drop_table("alert_acks")
    op.drop_table("practices")
