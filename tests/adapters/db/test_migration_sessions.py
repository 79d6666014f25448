"""The server-side sessions migration (5e55c0de7a11) on a store made by the previous head, on SQLite and PostgreSQL:
accounts and their tokens carry over (a token gets an expiry and keeps working), the new tables are there and match
the models, and a downgrade gives the old schema back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from gluterx.adapters.db.engine import make_engine
from gluterx.adapters.db.models import Base
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.services import accounts
from tests.adapters.db.test_migration_doses import migrate_to

PREVIOUS = "5e0c7a1f2b93"  # the outcome measures, the revision before this one
THIS = "5e55c0de7a11"
OLD_TOKEN = "glx_a-token-made-before-the-upgrade"  # noqa: S105 - a test value
NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)

people = sa.table("people", *(sa.column(c) for c in ("id", "uuid", "display_name", "role", "created_at")))
accounts_table = sa.table(
    "accounts", *(sa.column(c) for c in ("id", "email", "password_hash", "person_id", "created_at"))
)
tokens = sa.table("api_tokens", *(sa.column(c) for c in ("id", "account_id", "token_hash", "name", "created_at")))


@pytest.fixture
def old_engine(database_url: str) -> Iterator[Engine]:
    """A database at the previous head with an account and an API token in the old shape."""
    engine = make_engine(database_url)
    migrate_to(engine, PREVIOUS)
    with engine.begin() as conn:
        conn.execute(people.insert().values(id=1, uuid="00000000-0000-4000-8000-000000000001", display_name="Ann",
                                            role="person", created_at=NOW))  # fmt: skip
        conn.execute(accounts_table.insert().values(id=1, email="ann@example.com", password_hash="x", person_id=1,  # noqa: S106
                                                    created_at=NOW))  # fmt: skip
        conn.execute(tokens.insert().values(id=1, account_id=1, token_hash=accounts.hash_token(OLD_TOKEN), name="old",
                                            created_at=NOW))  # fmt: skip
    yield engine
    engine.dispose()


def test_a_token_made_before_keeps_working_with_an_expiry_and_sessions_start_empty(old_engine: Engine) -> None:
    before = datetime.now(UTC)
    migrate_to(old_engine, "head")  # the code of today reads the schema of today (people.revision too)
    uow = SqlUnitOfWork(old_engine)
    user = accounts.user_for_token(uow, OLD_TOKEN, now=datetime.now(UTC))
    assert user is not None and user.user.email == "ann@example.com"
    (listed,) = accounts.tokens(uow, account_id=1, now=datetime.now(UTC))
    assert before + timedelta(days=89) < listed.expires_at <= datetime.now(UTC) + timedelta(days=90)
    assert accounts.sessions(uow, account_id=1, now=datetime.now(UTC)) == []  # everyone signs in once more
    sid = accounts.start_session(uow, account_id=1, now=datetime.now(UTC))
    assert accounts.user_for_session(uow, sid, now=datetime.now(UTC)) is not None


def test_the_migrated_schema_matches_the_models(old_engine: Engine) -> None:
    migrate_to(old_engine, "head")
    with old_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_down_and_up_again(old_engine: Engine) -> None:
    migrate_to(old_engine, THIS)
    migrate_to(old_engine, PREVIOUS, down=True)
    inspector = sa.inspect(old_engine)
    assert {"web_sessions", "account_notices"}.isdisjoint(inspector.get_table_names())
    assert {c["name"] for c in inspector.get_columns("api_tokens")} == {
        "id", "account_id", "token_hash", "name", "created_at", "last_used_at"
    }  # fmt: skip
    with old_engine.connect() as conn:
        assert conn.execute(sa.select(tokens.c.name)).scalars().all() == ["old"]
    migrate_to(old_engine, "head")  # the code of today reads the schema of today (people.revision too)
    assert accounts.user_for_token(SqlUnitOfWork(old_engine), OLD_TOKEN, now=datetime.now(UTC)) is not None
