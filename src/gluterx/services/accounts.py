"""Accounts: sign up, sign in (with attempt limiting), API tokens. Passwords are stored only as argon2 hashes."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from gluterx.services.ports import ServiceError, UnitOfWork

_hasher = PasswordHasher()
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
LOCK_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_EMAIL = 5
MAX_FAILURES_PER_CLIENT = 20
# Checked against a dummy hash when the email is unknown, so timing does not tell which emails have accounts.
_DUMMY_HASH = _hasher.hash("not-a-real-password-0")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def sign_up(uow: UnitOfWork, *, email: str, password: str, display_name: str = "") -> dict[str, Any]:
    """A new person and their account; one line per problem when the details will not do."""
    email = normalise_email(email)
    problems = []
    if not EMAIL.match(email) or len(email) > 254:
        problems.append("email: please give a valid email address, like name@example.com")
    if len(password) < MIN_PASSWORD:
        problems.append(f"password: use at least {MIN_PASSWORD} characters")
    if len(password) > 1024:
        problems.append("password: at most 1024 characters")
    if len(display_name) > 120:
        problems.append("display_name: at most 120 characters")
    if problems:
        raise ServiceError(problems)
    with uow:
        if uow.accounts.by_email(email) is not None:
            raise ServiceError(["email: an account with this email exists already; sign in instead"], code="conflict")
        person = uow.people.add(display_name=display_name.strip())
        account = uow.accounts.create(email=email, password_hash=_hasher.hash(password), person_id=person.id)
        uow.commit()
        return {"account_id": account.id, "person_id": person.id, "email": email}


def sign_in(uow: UnitOfWork, *, email: str, password: str, client: str, now: datetime) -> dict[str, Any]:
    """The account for these credentials; too many recent failures lock sign-in for a while."""
    email = normalise_email(email)
    with uow:
        by_email, by_client = uow.accounts.failures_since(email=email, client=client, since=now - LOCK_WINDOW)
        if by_email >= MAX_FAILURES_PER_EMAIL or by_client >= MAX_FAILURES_PER_CLIENT:
            minutes = int(LOCK_WINDOW.total_seconds() // 60)
            raise ServiceError(
                [f"too many failed sign-ins; please wait {minutes} minutes and try again"], code="locked"
            )
        account = uow.accounts.by_email(email)
        ok = _verify(account.password_hash if account else _DUMMY_HASH, password) and account is not None
        uow.accounts.record_attempt(email=email, client=client, success=ok, at=now)
        if not ok or account is None:
            uow.commit()
            raise ServiceError(["email or password is not right"], code="unauthorized")
        if _hasher.check_needs_rehash(account.password_hash):
            account.password_hash = _hasher.hash(password)
        account.last_login_at = now
        uow.commit()
        person = uow.people.get(account.person_id)
        return {"account_id": account.id, "person_id": account.person_id, "role": person.role, "email": email}


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(uow: UnitOfWork, *, account_id: int, name: str = "api") -> str:
    """A new API token, shown once; only its hash is kept."""
    token = "glx_" + secrets.token_urlsafe(32)
    with uow:
        uow.accounts.add_token(account_id=account_id, token_hash=hash_token(token), name=name[:80])
        uow.commit()
    return token


def account_for_token(uow: UnitOfWork, token: str) -> dict[str, Any] | None:
    with uow:
        account = uow.accounts.by_token(hash_token(token))
        if account is None:
            return None
        return {"account_id": account.id, "person_id": account.person_id, "email": account.email}


def account_info(uow: UnitOfWork, account_id: int) -> dict[str, Any] | None:
    with uow:
        account = uow.accounts.get(account_id)
        if account is None:
            return None
        person = uow.people.get(account.person_id)
        return {
            "account_id": account.id,
            "person_id": account.person_id,
            "email": account.email,
            "display_name": person.display_name,
            "role": person.role,
        }
