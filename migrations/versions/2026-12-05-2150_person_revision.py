"""a revision counter on each person

Revision ID: 7c0ffee13a21
Revises: 5b1e7c2a9d40
Create Date: 2026-12-05 21:10:00

`people.revision` (issue 13, "trust at scale"): a number bumped in the same transaction as every write that changes
what the person is shown (adapters/db/revision.py). A server keeps a person's "today" result for as long as it has not
moved, and reads it with the token in one query, so a write through any server is seen through every other at once.

Existing rows get 0 (NOT NULL, server default 0): nothing is lost or changed. The downgrade drops the column with a
plain DROP COLUMN (tested: every row that refers to a person stays).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c0ffee13a21"
down_revision: str | None = "7ad1c0a5e214"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("people", sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    # A plain DROP COLUMN, never SQLite's batch copy: re-creating `people` would cascade-delete every row that
    # refers to a person (sessions, check-ins, programmes).
    op.drop_column("people", "revision")
