"""soreness on check-ins, leg symptoms spreading on sessions

Revision ID: 5b1e7c2a9d40
Revises: 5e55c0de7a11
Create Date: 2026-12-05 18:15:00

Two answers the progression engine now asks for (issue 12, "adaptation that respects tissue"):

- `checkins.soreness` (0-10, NULL when not given): muscle soreness, asked apart from pain, so soreness after
  training is never read as pain that steps the programme back.
- `performed_sessions.leg_symptoms_spread` (NULL when not asked): for people with leg pain, whether the leg
  symptoms spread further down the leg during or after the session.

Both are nullable, so every stored row stays as it was; the downgrade drops them (what they held is lost, as it
must be). `checkins` has no dependent table, so SQLite's batch copy is safe for its check constraint; the session
column needs no constraint and goes in with a plain ADD COLUMN.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5b1e7c2a9d40"
down_revision: str | None = "5e55c0de7a11"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.add_column(sa.Column("soreness", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(op.f("ck_checkins_soreness"), "soreness between 0 and 10")
    op.add_column("performed_sessions", sa.Column("leg_symptoms_spread", sa.Boolean(), nullable=True))


def downgrade() -> None:
    op.drop_column("performed_sessions", "leg_symptoms_spread")
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_checkins_soreness"), type_="check")
        batch_op.drop_column("soreness")
