"""idempotency keys of logged sessions

Revision ID: 7d3a91c4e2b8
Revises: 5b1e7c2a9d40
Create Date: 2026-12-05 21:30:00

Issue 14: logging the same session twice is caught. A client that sends an Idempotency-Key with a logged session
(the API's header, the workout player's hidden key) gets the stored session back when it sends the same key and
body again, on any server sharing the database. One row per (person, key), kept a day; it goes with its session
(a deleted session frees its key) and its person.

A new table only: every stored row stays as it was, and the downgrade drops the table (the keys are a day's memory,
nothing a person entered).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7d3a91c4e2b8"
down_revision: str | None = "5b1e7c2a9d40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_idempotency_keys_person_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["performed_sessions.id"],
            name=op.f("fk_idempotency_keys_session_id_performed_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_keys")),
        sa.UniqueConstraint("person_id", "key", name="person_key"),
    )
    op.create_index("ix_idempotency_keys_person_created", "idempotency_keys", ["person_id", "created_at"])
    op.create_index(op.f("ix_idempotency_keys_session_id"), "idempotency_keys", ["session_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_idempotency_keys_session_id"), table_name="idempotency_keys")
    op.drop_index("ix_idempotency_keys_person_created", table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
