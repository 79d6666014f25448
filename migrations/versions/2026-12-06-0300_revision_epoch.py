"""one revision epoch, bumped by a write that names no person, instead of every person's revision

Revision ID: b3e1d5f0a7c4
Revises: 9a4e2c71b8d0
Create Date: 2026-12-06 03:00:00

Issue 13: a write that cannot name whose rows it changed (a DELETE by a row's id) bumped every person's
`people.revision` with an UPDATE of the whole table, and concurrent ones deadlocked on PostgreSQL (each locked the
people rows in its own order). Such a write now bumps this one row (adapters/db/revision.py), and a kept result is
valid while the person's revision and this number both stay.

A new table of one row (id 1, number 0): every stored row stays as it was, and results computed before keep their
numbers (revision + 0). The downgrade drops the table; the old code then bumps everyone again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b3e1d5f0a7c4"
down_revision: str | None = "9a4e2c71b8d0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    epoch = op.create_table(
        "revision_epoch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False, server_default="0"),
        sa.CheckConstraint("id = 1", name=op.f("ck_revision_epoch_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revision_epoch")),
    )
    op.bulk_insert(epoch, [{"id": 1, "number": 0}])


def downgrade() -> None:
    op.drop_table("revision_epoch")
