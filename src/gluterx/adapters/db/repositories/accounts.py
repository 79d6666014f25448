"""Accounts, browser sessions, API tokens, sign-in attempts and notices: all in the database, shared by every server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, and_, bindparam, delete, func, or_, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from gluterx.adapters.db.engine import READ_ONLY, read_only_engine
from gluterx.adapters.db.inline import InlineQuery
from gluterx.adapters.db.models import (
    AccountNoticeRow,
    AccountRow,
    ApiTokenRow,
    LoginAttemptRow,
    Person,
    WebSessionRow,
)
from gluterx.adapters.db.revision import BOOKKEEPING, SEEN_REVISION
from gluterx.services.backup_records import AccountOf
from gluterx.services.records import (
    AccountRecord,
    FailureCounts,
    NoticeRecord,
    SessionInfo,
    SignedInRecord,
    TokenInfo,
    UserRecord,
)

__all__ = ["AccountsRepository"]


class AccountsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_email(self, email: str) -> AccountRecord | None:
        row = self.session.execute(_ACCOUNT_BY_EMAIL, {"email": email}).first()
        return AccountRecord(*row) if row is not None else None

    def by_id(self, account_id: int) -> AccountRecord | None:
        row = self.session.execute(_ACCOUNT_BY_ID, {"account_id": account_id}).first()
        return AccountRecord(*row) if row is not None else None

    def create(self, *, email: str, password_hash: str, person_id: int) -> AccountRecord:
        row = AccountRow(email=email, password_hash=password_hash, person_id=person_id)
        self.session.add(row)
        self.session.flush()
        return AccountRecord(row.id, row.email, row.password_hash, row.person_id)

    def signed_in(self, account_id: int, *, at: datetime, password_hash: str | None = None) -> None:
        """Note a sign-in (and a re-hashed password, when the hash's parameters changed)."""
        values: dict[str, Any] = {"last_login_at": at}
        if password_hash is not None:
            values["password_hash"] = password_hash
        self.session.execute(
            update(AccountRow).where(AccountRow.id == account_id).values(**values), execution_options=BOOKKEEPING
        )

    def set_password(self, account_id: int, password_hash: str) -> None:
        self.session.execute(update(AccountRow).where(AccountRow.id == account_id).values(password_hash=password_hash))

    def set_email(self, account_id: int, email: str) -> None:
        self.session.execute(update(AccountRow).where(AccountRow.id == account_id).values(email=email))

    def user(self, account_id: int) -> UserRecord | None:
        """The person behind the account, in one query."""
        row = self.session.execute(_USER_BY_ACCOUNT, {"account_id": account_id}).first()
        return UserRecord(*row) if row is not None else None

    # ------------------------------------------------------------------------------------------- browser sessions

    def add_session(
        self, *, account_id: int, token_hash: str, at: datetime, expires_at: datetime, user_agent: str, client: str
    ) -> None:
        self.session.add(
            WebSessionRow(account_id=account_id, token_hash=token_hash, created_at=at, last_seen_at=at,
                          expires_at=expires_at, user_agent=user_agent[:200], client=client[:64])
        )  # fmt: skip
        self.session.flush()

    def user_by_session(self, token_hash: str, *, now: datetime) -> SignedInRecord | None:
        row = self._signed_in_row(_USER_BY_SESSION, {"token_hash": token_hash, "now": now})
        return _signed_in_record(row)

    def session_seen(self, token_hash: str, *, at: datetime) -> None:
        self.session.execute(
            update(WebSessionRow).where(WebSessionRow.token_hash == token_hash).values(last_seen_at=at)
        )

    def sessions_of(self, account_id: int, *, now: datetime) -> list[SessionInfo]:
        rows = self.session.execute(
            select(WebSessionRow.id, WebSessionRow.created_at, WebSessionRow.last_seen_at, WebSessionRow.expires_at,
                   WebSessionRow.user_agent, WebSessionRow.client, WebSessionRow.token_hash)
            .where(WebSessionRow.account_id == account_id, *_live(WebSessionRow, now))
            .order_by(WebSessionRow.last_seen_at.desc(), WebSessionRow.id.desc())
        )  # fmt: skip
        return [SessionInfo(id_, _at(created), _at(seen), _at(expires), agent, client, token_hash)
                for id_, created, seen, expires, agent, client, token_hash in rows]  # fmt: skip

    def revoke_sessions(self, account_id: int, *, at: datetime, keep: str | None = None) -> int:
        query = update(WebSessionRow).where(WebSessionRow.account_id == account_id, *_live(WebSessionRow, at))
        if keep is not None:
            query = query.where(WebSessionRow.token_hash != keep)
        return int(self.session.execute(query.values(revoked_at=at)).rowcount)  # type: ignore[attr-defined]

    def revoke_session(self, token_hash: str, *, at: datetime) -> None:
        self.session.execute(
            update(WebSessionRow)
            .where(WebSessionRow.token_hash == token_hash, WebSessionRow.revoked_at.is_(None))
            .values(revoked_at=at)
        )

    def revoke_session_id(self, account_id: int, session_id: int, *, at: datetime) -> bool:
        query = update(WebSessionRow).where(
            WebSessionRow.id == session_id, WebSessionRow.account_id == account_id, *_live(WebSessionRow, at)
        )
        return bool(self.session.execute(query.values(revoked_at=at)).rowcount)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------------------------------------ API tokens

    def add_token(
        self, *, account_id: int, token_hash: str, name: str, at: datetime, expires_at: datetime
    ) -> TokenInfo:
        row = ApiTokenRow(account_id=account_id, token_hash=token_hash, name=name, created_at=at, expires_at=expires_at)
        self.session.add(row)
        self.session.flush()
        return TokenInfo(row.id, row.name, at, None, expires_at)

    def user_by_token(self, token_hash: str, *, now: datetime) -> SignedInRecord | None:
        """The signed-in person behind the token, in one query."""
        row = self._signed_in_row(_USER_BY_TOKEN, {"token_hash": token_hash, "now": now})
        return _signed_in_record(row)

    def _signed_in_row(self, query: Any, params: dict[str, Any]) -> Any:
        """The signed-in lookup's row, on the connection, past the ORM's statement handling (every request runs it).

        The first read of every signed-in request: when its pooled connection turns out dead (the database restarted;
        PostgreSQL connections are not pinged at every checkout, engine.py), SQLAlchemy empties the pool and this
        reads once more on a fresh connection. Only in a read-only unit of work, where rolling back loses nothing.
        """
        try:
            return self.session.connection().execute(query, params).first()
        except DBAPIError as exc:
            if not (exc.connection_invalidated and self.session.info.get(READ_ONLY)):
                raise
        self.session.rollback()
        return self.session.connection().execute(query, params).first()

    def token_used(self, token_hash: str, *, at: datetime) -> None:
        self.session.execute(update(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash).values(last_used_at=at))

    def tokens_of(self, account_id: int, *, now: datetime) -> list[TokenInfo]:
        rows = self.session.execute(
            select(ApiTokenRow.id, ApiTokenRow.name, ApiTokenRow.created_at, ApiTokenRow.last_used_at,
                   ApiTokenRow.expires_at)
            .where(ApiTokenRow.account_id == account_id, *_live(ApiTokenRow, now))
            .order_by(ApiTokenRow.created_at.desc(), ApiTokenRow.id.desc())
        )  # fmt: skip
        return [
            TokenInfo(id_, name, _at(created), _utc(used), _at(expires)) for id_, name, created, used, expires in rows
        ]

    def revoke_token(self, account_id: int, token_id: int, *, at: datetime) -> bool:
        query = update(ApiTokenRow).where(
            ApiTokenRow.id == token_id, ApiTokenRow.account_id == account_id, *_live(ApiTokenRow, at)
        )
        return bool(self.session.execute(query.values(revoked_at=at)).rowcount)  # type: ignore[attr-defined]

    def revoke_tokens(self, account_id: int, *, at: datetime) -> int:
        query = update(ApiTokenRow).where(ApiTokenRow.account_id == account_id, *_live(ApiTokenRow, at))
        return int(self.session.execute(query.values(revoked_at=at)).rowcount)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------------------------------------ the throttle

    def record_attempt(self, *, email: str, client: str, success: bool, at: datetime) -> None:
        self.session.add(LoginAttemptRow(email=email, client=client, success=success, at=at))
        self.session.flush()

    def failures(self, *, email: str, client: str, pair_since: datetime, client_since: datetime) -> FailureCounts:
        pair = and_(LoginAttemptRow.email == email, LoginAttemptRow.client == client)
        last_success = _utc(
            self.session.scalar(select(func.max(LoginAttemptRow.at)).where(pair, LoginAttemptRow.success.is_(True)))
        )
        after = LoginAttemptRow.at > last_success if last_success is not None and last_success >= pair_since else None
        pair_count, pair_last = self.session.execute(
            select(func.count(LoginAttemptRow.id), func.max(LoginAttemptRow.at)).where(
                pair,
                LoginAttemptRow.success.is_(False),
                after if after is not None else LoginAttemptRow.at >= pair_since,
            )
        ).one()
        failed = LoginAttemptRow.success.is_(False)
        client_count, client_first = self.session.execute(
            select(func.count(LoginAttemptRow.id), func.min(LoginAttemptRow.at)).where(
                LoginAttemptRow.client == client, failed, LoginAttemptRow.at >= client_since
            )
        ).one()
        return FailureCounts(int(pair_count), _utc(pair_last), int(client_count), _utc(client_first))

    def forget_old(self, *, attempts_before: datetime, now: datetime) -> None:
        self.session.execute(delete(LoginAttemptRow).where(LoginAttemptRow.at < attempts_before))
        self.session.execute(
            delete(WebSessionRow).where(or_(WebSessionRow.revoked_at.is_not(None), WebSessionRow.expires_at <= now))
        )

    # ------------------------------------------------------------------------------------------------ notices

    def add_notice(self, account_id: int, *, kind: str, at: datetime) -> None:
        self.session.add(AccountNoticeRow(account_id=account_id, kind=kind, created_at=at))
        self.session.flush()

    def unseen_notices(self, account_id: int) -> list[NoticeRecord]:
        rows = self.session.execute(
            select(AccountNoticeRow.kind, AccountNoticeRow.created_at)
            .where(AccountNoticeRow.account_id == account_id, AccountNoticeRow.seen_at.is_(None))
            .order_by(AccountNoticeRow.id)
        )
        return [NoticeRecord(kind, _at(created)) for kind, created in rows]

    def notices_seen(self, account_id: int, *, at: datetime) -> None:
        self.session.execute(
            update(AccountNoticeRow)
            .where(AccountNoticeRow.account_id == account_id, AccountNoticeRow.seen_at.is_(None))
            .values(seen_at=at)
        )

    # backups (services/backup.py): the sign-in travels, sessions, tokens, attempts and notices do not
    def account_of(self, person_id: int) -> AccountOf | None:
        row = self.session.scalars(select(AccountRow).where(AccountRow.person_id == person_id)).first()
        return AccountOf(row.email, row.password_hash, _at(row.created_at)) if row is not None else None

    def restore_account(self, person_id: int, account: AccountOf) -> None:
        self.session.add(AccountRow(email=account.email, password_hash=account.password_hash, person_id=person_id,
                                    created_at=account.created_at))  # fmt: skip
        self.session.flush()


def _utc(at: datetime | None) -> datetime | None:
    """SQLite gives timestamps back without their zone; they were written in UTC."""
    return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at


def _at(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def user_by_token_alone(engine: Engine, token_hash: str, *, now: datetime) -> SignedInRecord | None:
    """`AccountsRepository.user_by_token` without a unit of work: the same query on a pooled connection of the
    read-only engine, for the one caller that needs nothing else from the store (a kept GET /today,
    adapters/web/fast.py), where the unit of work's ORM session cost more CPU than the query. Like the repository's,
    it reads once more on a fresh connection when its pooled one turns out dead."""
    params = {"token_hash": token_hash, "now": now}
    reading = read_only_engine(engine)
    try:
        with reading.connect() as connection:
            return _signed_in_record(connection.execute(_USER_BY_TOKEN, params).first())
    except DBAPIError as exc:
        if not exc.connection_invalidated:
            raise
    with reading.connect() as connection:
        return _signed_in_record(connection.execute(_USER_BY_TOKEN, params).first())


def user_by_token_inline(engine: Engine) -> Callable[[str, datetime], SignedInRecord | None]:
    """`AccountsRepository.user_by_token`'s query answered on the calling thread (adapters/db/inline.py), for an
    SQLite file only: (token hash, now) -> the same record. Raises `Unanswered` when the read could not be made."""
    query = InlineQuery(engine, _USER_BY_TOKEN)

    def lookup(token_hash: str, now: datetime) -> SignedInRecord | None:
        return _signed_in_record(query.first({"token_hash": token_hash, "now": now}))

    return lookup


def _signed_in_record(row: Any) -> SignedInRecord | None:
    return SignedInRecord(UserRecord(*row[:5]), _utc(row[5]), row[6], row[7]) if row is not None else None


def _live(table: type[WebSessionRow] | type[ApiTokenRow], now: Any) -> tuple[Any, ...]:
    return table.revoked_at.is_(None), table.expires_at > now


# A signed-in request runs one of these, built once: building a SELECT costs more CPU than SQLite takes to answer it.
_ACCOUNT_COLUMNS = (AccountRow.id, AccountRow.email, AccountRow.password_hash, AccountRow.person_id)
_ACCOUNT_BY_EMAIL = select(*_ACCOUNT_COLUMNS).where(AccountRow.email == bindparam("email"))
_ACCOUNT_BY_ID = select(*_ACCOUNT_COLUMNS).where(AccountRow.id == bindparam("account_id"))
_USER_COLUMNS = (
    AccountRow.id.label("account_id"),
    AccountRow.person_id,
    AccountRow.email,
    Person.display_name,
    Person.role,
)


def _user_by(table: type[WebSessionRow] | type[ApiTokenRow], seen: Any) -> Any:
    """The person behind a live session or token (by its hash, at `now`), when it was last seen and the revision their
    kept results are valid for (theirs plus the epoch, adapters/db/revision.py), in one query."""
    return (
        select(*_USER_COLUMNS, seen, SEEN_REVISION, Person.uuid)
        .join(Person, Person.id == AccountRow.person_id)
        .join(table, table.account_id == AccountRow.id)
        .where(table.token_hash == bindparam("token_hash"), *_live(table, bindparam("now")))
    )


_USER_BY_TOKEN = _user_by(ApiTokenRow, ApiTokenRow.last_used_at)
_USER_BY_SESSION = _user_by(WebSessionRow, WebSessionRow.last_seen_at)
_USER_BY_ACCOUNT = (
    select(*_USER_COLUMNS)
    .join(Person, Person.id == AccountRow.person_id)
    .where(AccountRow.id == bindparam("account_id"))
)
