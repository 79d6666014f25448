"""PostgreSQL connections (adapters/db/engine.py): a read-only unit of work reads without BEGIN and ROLLBACK, a pooled
connection is not pinged at every checkout, and a connection the server dropped is still handled: the signed-in
lookup reads again on a fresh one, and a connection idle for a while is pinged before it is used."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.pool import NullPool

from gluterx.adapters.db import engine as engine_module
from gluterx.adapters.db.engine import make_engine, migrate
from gluterx.adapters.db.repositories.accounts import user_by_token_alone
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.services import accounts
from gluterx.services.ports import read_only
from tests.adapters.db.conftest import PG_ADMIN_URL, _postgres_database

pytestmark = pytest.mark.postgres
NOW = datetime.now(UTC)


@pytest.fixture
def pg() -> Iterator[Engine]:
    for url in _postgres_database():
        engine = make_engine(url)
        migrate(engine)
        yield engine
        engine.dispose()


@pytest.fixture
def token(pg: Engine) -> str:
    uow = SqlUnitOfWork(pg)
    with uow:
        person = uow.people.add(display_name="A").id
        account = uow.accounts.create(email="a@example.com", password_hash="x", person_id=person).id  # noqa: S106
        uow.commit()
    secret = "glx_test-token"  # noqa: S105 - a test fixture
    with uow:
        uow.accounts.add_token(
            account_id=account, token_hash=accounts.hash_token(secret), name="t", at=NOW, expires_at=NOW + timedelta(1)
        )
        uow.commit()
    return secret


def drop_connections(pg: Engine) -> None:
    """What a server restart does to the pooled connections: each is cut (from a connection of another engine)."""
    admin = create_engine(PG_ADMIN_URL, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    name = pg.url.database
    query = text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name")
    left = text("SELECT count(*) FROM pg_stat_activity WHERE datname = :name")
    with admin.connect() as conn:
        assert conn.execute(query, {"name": name}).all()  # there was one to cut
        for _ in range(100):
            if conn.execute(left, {"name": name}).scalar_one() == 0:
                break
            time.sleep(0.05)
    admin.dispose()


def test_a_read_only_unit_of_work_runs_each_read_on_its_own_without_begin(pg: Engine) -> None:
    """In a transaction now() is when it began; in autocommit every statement is its own transaction. Either way, at
    READ COMMITTED every statement reads a fresh snapshot: the same rows as before, two round trips fewer."""
    with read_only(SqlUnitOfWork(pg)) as reading:
        reading.session.execute(text("SELECT pg_sleep(0.02)"))
        alone = reading.session.execute(text("SELECT now() = statement_timestamp()")).scalar_one()
        level = reading.session.execute(text("SHOW transaction_isolation")).scalar_one()
    assert alone is True and level == "read committed"
    uow = SqlUnitOfWork(pg)
    with uow:  # a writing unit of work is one transaction, as before
        uow.session.execute(text("SELECT pg_sleep(0.02)"))
        assert uow.session.execute(text("SELECT now() = statement_timestamp()")).scalar_one() is False


def test_no_ping_at_checkout(pg: Engine, token: str) -> None:
    statements: list[str] = []
    event.listen(pg, "before_cursor_execute", lambda *args: statements.append(args[2]))
    for _ in range(3):
        assert accounts.user_for_token(SqlUnitOfWork(pg), token, now=NOW) is not None
    assert len(statements) == 3  # the lookup, and nothing else (the ping goes through the driver, not counted here)
    pings: list[int] = []
    event.listen(pg.pool, "checkout", lambda *args: pings.append(1))
    real = pg.dialect.do_ping
    pg.dialect.do_ping = lambda conn: pings.append(2) or real(conn)  # type: ignore[method-assign]
    accounts.user_for_token(SqlUnitOfWork(pg), token, now=NOW)
    assert pings == [1]  # checked out, not pinged


def test_the_signed_in_lookup_survives_a_dropped_connection_and_the_pool_is_renewed(pg: Engine, token: str) -> None:
    for _ in range(2):
        assert accounts.user_for_token(SqlUnitOfWork(pg), token, now=NOW) is not None
    drop_connections(pg)
    found = accounts.user_for_token(SqlUnitOfWork(pg), token, now=NOW)
    assert found is not None and found.user.email == "a@example.com"
    uow = SqlUnitOfWork(pg)  # the next unit of work gets a fresh connection too
    with uow:
        uow.people.add(display_name="B")
        uow.commit()


def test_a_connection_idle_for_a_while_is_pinged_before_use(
    pg: Engine, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    uow = SqlUnitOfWork(pg)
    with uow:
        uow.people.add(display_name="B")
        uow.commit()
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_S", 0.0)
    drop_connections(pg)
    with uow:  # a writing unit of work: no retry of its own, so the ping is what saves it
        uow.people.add(display_name="C")
        uow.commit()


def test_the_lookup_without_a_unit_of_work_reads_as_the_repository_and_survives_a_dropped_connection(
    pg: Engine, token: str
) -> None:
    """The fast path's lookup (adapters/web/fast.py) is the repository's query without the unit of work around it."""
    hashed = accounts.hash_token(token)
    with read_only(SqlUnitOfWork(pg)) as reading:
        expected = reading.accounts.user_by_token(hashed, now=NOW)
    assert expected is not None
    assert user_by_token_alone(pg, hashed, now=NOW) == expected
    assert user_by_token_alone(pg, accounts.hash_token("glx_another"), now=NOW) is None
    drop_connections(pg)
    assert user_by_token_alone(pg, hashed, now=NOW) == expected
