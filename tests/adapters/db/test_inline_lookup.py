"""The signed-in lookup answered on the calling thread (adapters/db/inline.py, for a kept GET /today on SQLite): the
same record as the repository's query in every case, a write seen at once, and never a wait for a lock."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from gluterx.adapters.db.engine import make_engine, migrate
from gluterx.adapters.db.inline import InlineQuery, Unanswered, inline_supported
from gluterx.adapters.db.models import Person
from gluterx.adapters.db.repositories.accounts import user_by_token_alone, user_by_token_inline
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.services import accounts

PASSWORD = "a long enough password"  # noqa: S105 - a test fixture
NOW = datetime(2026, 12, 6, 7, 0, tzinfo=UTC)


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'inline.db'}")
    migrate(engine)
    yield engine  # type: ignore[misc]
    engine.dispose()


def _token(engine: Engine, email: str = "inline@example.com") -> tuple[int, str]:
    created = accounts.sign_up(SqlUnitOfWork(engine), email=email, password=PASSWORD)
    token = accounts.create_token(SqlUnitOfWork(engine), account_id=created.account_id, now=NOW, days=30).token
    return created.account_id, token


def test_it_finds_what_the_repositorys_query_finds_in_every_case(sqlite_engine: Engine) -> None:
    account_id, token = _token(sqlite_engine)
    _other, expired = _token(sqlite_engine, "other@example.com")
    inline = user_by_token_inline(sqlite_engine)

    def both(secret: str, now: datetime = NOW) -> object:
        hashed = accounts.hash_token(secret)
        found = inline(hashed, now)
        assert found == user_by_token_alone(sqlite_engine, hashed, now=now)
        return found

    fresh = both(token)
    assert fresh is not None and fresh.seen_at is None and fresh.user.account_id == account_id  # type: ignore[attr-defined]
    accounts.note_seen(SqlUnitOfWork(sqlite_engine), token, now=NOW, token=True)
    seen = both(token)
    assert seen is not None and seen.seen_at == NOW  # type: ignore[attr-defined]  # read back as an aware UTC datetime
    assert both("glx_unknown") is None
    assert both(expired, NOW + timedelta(days=31)) is None  # past its expiry
    (listed,) = accounts.tokens(SqlUnitOfWork(sqlite_engine), account_id=account_id, now=NOW)
    accounts.revoke_token(SqlUnitOfWork(sqlite_engine), account_id=account_id, token_id=listed.id, now=NOW)
    assert both(token) is None  # revoked: refused on the next request


def test_a_write_is_seen_by_the_next_lookup_on_the_same_connection(sqlite_engine: Engine) -> None:
    """The thread keeps its connection, in autocommit: each lookup reads the newest committed revision."""
    _account, token = _token(sqlite_engine)
    inline, hashed = user_by_token_inline(sqlite_engine), accounts.hash_token(token)
    before = inline(hashed, NOW)
    assert before is not None
    with SqlUnitOfWork(sqlite_engine) as uow:  # a write of this person's (another process could have made it)
        uow.checkins.upsert(before.user.person_id, NOW.date(), 3)
        uow.commit()
    after = inline(hashed, NOW)
    assert after is not None and after.revision > before.revision
    assert after == user_by_token_alone(sqlite_engine, hashed, now=NOW)


def test_a_locked_database_is_unanswered_at_once_and_the_next_lookup_reads_again(sqlite_engine: Engine) -> None:
    """A lookup on the event loop's thread must never wait: a busy database raises Unanswered (the caller takes the
    thread pool, which waits), and the lookup after it reads again."""
    _account, token = _token(sqlite_engine)
    sqlite_engine.dispose()  # no other connection open: the holder below can shut every reader out
    inline, hashed = user_by_token_inline(sqlite_engine), accounts.hash_token(token)
    holder = sqlite3.connect(str(sqlite_engine.url.database), isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")  # in WAL mode, an exclusive locking mode shuts every other reader out
        began = time.monotonic()
        with pytest.raises(Unanswered):
            inline(hashed, NOW)
        assert time.monotonic() - began < 1.0  # no busy wait (the engine's own connections wait up to 30 s)
    finally:
        holder.close()
    found = inline(hashed, NOW)
    assert found is not None and found == user_by_token_alone(sqlite_engine, hashed, now=NOW)


def test_it_refuses_to_write(sqlite_engine: Engine) -> None:
    query = InlineQuery(sqlite_engine, select(Person.id))
    query.first({})
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        query._connection().execute("DELETE FROM people")


def test_only_an_sqlite_file_is_read_inline(tmp_path: Path) -> None:
    memory = make_engine("sqlite://")
    assert inline_supported(make_engine(f"sqlite:///{tmp_path / 'x.db'}"))
    assert not inline_supported(memory)
    assert not inline_supported(make_engine("postgresql://postgres@127.0.0.1:5432/postgres"))
    with pytest.raises(ValueError, match="SQLite file"):
        InlineQuery(memory, select(Person.id))
