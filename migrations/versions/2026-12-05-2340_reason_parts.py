"""reasons as parts: prescriptions.reason and planned_items.reason hold the reason's parts (JSON), not its words

Revision ID: 9a4e2c71b8d0
Revises: 8c4f1a7d2e90
Create Date: 2026-12-05 23:40:00

A reason is a list of sentences, each a code and its parameters (domain/said.py), so it can be said in the reader's
unit and compared sentence by sentence. Words stored before this have no parts to recover: each becomes one part
of code `text` that says it as written ('' becomes no part at all), so nothing is lost. The upgrade is one
statement a table. The downgrade writes each reason's words back (in kg, as the engine wrote them), with the
domain's renderer.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9a4e2c71b8d0"
down_revision: str | None = "8c4f1a7d2e90"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("prescriptions", "planned_items")
# SQLite: the words as one `text` part ('' as none), as JSON text (the column then takes the JSON type).
_AS_WRITTEN = (
    "update {table} set reason = case when reason = '' then '[]' else json_array(json_object('code', 'text', "
    "'params', json_object('words', reason))) end"
)


def upgrade() -> None:
    bind = op.get_bind()
    for table in TABLES:
        if bind.dialect.name == "postgresql":
            op.execute(
                f"alter table {table} alter column reason type json using case when reason = '' then '[]'::json "
                "else json_build_array(json_build_object('code', 'text', 'params', json_build_object('words', "
                "reason))) end"
            )
            continue
        op.execute(_AS_WRITTEN.format(table=table))
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column("reason", type_=sa.JSON(), existing_type=sa.Text(), existing_nullable=False)


def downgrade() -> None:
    from gluterx.domain.said import Reason

    bind = op.get_bind()
    for table in TABLES:
        rows = bind.execute(sa.text(f"select id, reason from {table}")).all()  # noqa: S608
        words = [
            {"id": row_id, "words": Reason.from_json(json.loads(parts) if isinstance(parts, str) else parts).words()}
            for row_id, parts in rows
        ]
        if bind.dialect.name == "postgresql":
            op.execute(f"alter table {table} alter column reason type text using reason::text")
        else:
            with op.batch_alter_table(table) as batch_op:
                batch_op.alter_column("reason", type_=sa.Text(), existing_type=sa.JSON(), existing_nullable=False)
        if words:
            bind.execute(sa.text(f"update {table} set reason = :words where id = :id"), words)  # noqa: S608
