"""Accounts, API tokens and sign-in attempts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from gluterx.adapters.db.models import AccountRow, ApiTokenRow, LoginAttemptRow, Person
from gluterx.services.records import AccountRecord, UserRecord

__all__ = ["AccountsRepository"]


class AccountsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_email(self, email: str) -> AccountRecord | None:
        row = self.session.execute(_ACCOUNT_BY_EMAIL, {"email": email}).first()
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
        self.session.execute(update(AccountRow).where(AccountRow.id == account_id).values(**values))

    def add_token(self, *, account_id: int, token_hash: str, name: str) -> None:
        self.session.add(ApiTokenRow(account_id=account_id, token_hash=token_hash, name=name))
        self.session.flush()

    def user_by_token(self, token_hash: str) -> UserRecord | None:
        """The signed-in person behind the token, in one query."""
        row = self.session.execute(_USER_BY_TOKEN, {"token_hash": token_hash}).first()
        return UserRecord(*row) if row is not None else None

    def user(self, account_id: int) -> UserRecord | None:
        """The person behind the account, in one query."""
        row = self.session.execute(_USER_BY_ACCOUNT, {"account_id": account_id}).first()
        return UserRecord(*row) if row is not None else None

    def record_attempt(self, *, email: str, client: str, success: bool, at: datetime) -> None:
        self.session.add(LoginAttemptRow(email=email, client=client, success=success, at=at))
        self.session.flush()

    def failures_since(self, *, email: str, client: str, since: datetime) -> tuple[int, int]:
        """Failed attempts since `since`: (for this email, from this client)."""
        base = select(func.count(LoginAttemptRow.id)).where(
            LoginAttemptRow.success.is_(False), LoginAttemptRow.at >= since
        )
        by_email = self.session.scalar(base.where(LoginAttemptRow.email == email)) or 0
        by_client = self.session.scalar(base.where(LoginAttemptRow.client == client)) or 0
        return int(by_email), int(by_client)


# A signed-in request runs one of these, built once: building a SELECT costs more CPU than SQLite takes to answer it.
_ACCOUNT_BY_EMAIL = select(AccountRow.id, AccountRow.email, AccountRow.password_hash, AccountRow.person_id).where(
    AccountRow.email == bindparam("email")
)
_USER_COLUMNS = (
    AccountRow.id.label("account_id"),
    AccountRow.person_id,
    AccountRow.email,
    Person.display_name,
    Person.role,
)
_USER_BY_TOKEN = (
    select(*_USER_COLUMNS)
    .join(Person, Person.id == AccountRow.person_id)
    .join(ApiTokenRow, ApiTokenRow.account_id == AccountRow.id)
    .where(ApiTokenRow.token_hash == bindparam("token_hash"))
)
_USER_BY_ACCOUNT = (
    select(*_USER_COLUMNS)
    .join(Person, Person.id == AccountRow.person_id)
    .where(AccountRow.id == bindparam("account_id"))
)
