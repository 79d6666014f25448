"""person settings: units, training days, time of day and time zone

Revision ID: 7a3c51e0f2b8
Revises: 5b1e7c2a9d40
Create Date: 2026-12-05 21:30:00

One new table, `person_settings` (one row per person, deleted with the person): the unit weights are shown and
entered in (kg | lb; every stored load stays in kg), the chosen training days (ISO weekdays, a JSON list), the time of
day sessions start ("HH:MM") and its IANA time zone. No stored row changes: a person without a row has the defaults
(kg, the planner's days, 18:00 UTC in the calendar), as before. The downgrade drops the table (the choices are lost).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7a3c51e0f2b8"
down_revision: str | None = "c1a9e7d4b216"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person_settings",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=2), nullable=False),
        sa.Column("training_days", sa.JSON(), nullable=False),
        sa.Column("training_time", sa.String(length=5), nullable=True),
        sa.Column("time_zone", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("unit in ('kg', 'lb')", name=op.f("ck_person_settings_unit")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_person_settings_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_settings")),
    )


def downgrade() -> None:
    op.drop_table("person_settings")
