"""Accounts: sign up, sign in (with attempt limiting), API tokens. Passwords are stored only as argon2 hashes."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from gluterx.services.ports import Problem, ServiceError, UnitOfWork, read_only
from gluterx.services.records import UserRecord
from gluterx.services.text import control_character

_hasher = PasswordHasher()
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
LOCK_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_EMAIL = 5
MAX_FAILURES_PER_CLIENT = 20


@cache
def _dummy_hash() -> str:
    """Checked when the email is unknown, so timing does not tell which emails have accounts.

    Made at the first sign-in, not at import: argon2 takes ~0.1 s, which every CLI command used to pay.
    """
    return _hasher.hash("not-a-real-password-0")


@dataclass(frozen=True, slots=True)
class Account:
    """An account and the person it signs in: made by sign-up, or found by sign-in."""

    account_id: int
    person_id: int
    email: str
    role: str = "person"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def sign_up(uow: UnitOfWork, *, email: str, password: str, display_name: str = "") -> Account:
    """A new person and their account; one line per problem when the details will not do."""
    email = normalise_email(email)
    problems = []
    if not EMAIL.match(email) or len(email) > 254 or control_character("email", email):
        problems.append(Problem("email", "invalid_email"))
    if len(password) < MIN_PASSWORD:
        problems.append(Problem("password", "too_short", {"min_length": MIN_PASSWORD, "unit": "characters"}))
    if len(password) > 1024:
        problems.append(Problem("password", "too_long", {"max_length": 1024, "unit": "characters"}))
    if len(display_name) > 120:
        problems.append(Problem("display_name", "too_long", {"max_length": 120, "unit": "characters"}))
    if problem := control_character("display_name", display_name):
        problems.append(problem)
    if problems:
        raise ServiceError(problems)
    with uow:
        if uow.accounts.by_email(email) is not None:
            raise ServiceError([Problem("email", "email_taken")], code="conflict")
        person = uow.people.add(display_name=display_name.strip())
        account = uow.accounts.create(email=email, password_hash=_hasher.hash(password), person_id=person.id)
        uow.commit()
        return Account(account.id, person.id, email, person.role)


def sign_in(uow: UnitOfWork, *, email: str, password: str, client: str, now: datetime) -> Account:
    """The account for these credentials; too many recent failures lock sign-in for a while."""
    email = normalise_email(email)
    if control_character("email", email):  # no such account can exist (sign-up refuses them); PostgreSQL refuses NUL
        raise ServiceError([Problem("", "wrong_credentials")], code="unauthorized")
    with uow:
        by_email, by_client = uow.accounts.failures_since(email=email, client=client, since=now - LOCK_WINDOW)
        if by_email >= MAX_FAILURES_PER_EMAIL or by_client >= MAX_FAILURES_PER_CLIENT:
            minutes = int(LOCK_WINDOW.total_seconds() // 60)
            raise ServiceError([Problem("", "locked", {"minutes": minutes})], code="locked")
        account = uow.accounts.by_email(email)
        ok = _verify(account.password_hash if account else _dummy_hash(), password) and account is not None
        uow.accounts.record_attempt(email=email, client=client, success=ok, at=now)
        if not ok or account is None:
            uow.commit()
            raise ServiceError([Problem("", "wrong_credentials")], code="unauthorized")
        rehashed = _hasher.hash(password) if _hasher.check_needs_rehash(account.password_hash) else None
        uow.accounts.signed_in(account.id, at=now, password_hash=rehashed)
        uow.commit()
        person = uow.people.get(account.person_id)
        if person is None:  # cannot happen (a foreign key), but an account without a person signs no one in
            raise ServiceError([Problem("", "wrong_credentials")], code="unauthorized")
        return Account(account.id, account.person_id, email, person.role)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(uow: UnitOfWork, *, account_id: int, name: str = "api") -> str:
    """A new API token, shown once; only its hash is kept."""
    if problem := control_character("name", name):
        raise ServiceError([problem])
    token = "glx_" + secrets.token_urlsafe(32)
    with uow:
        uow.accounts.add_token(account_id=account_id, token_hash=hash_token(token), name=name[:80])
        uow.commit()
    return token


def user_for_token(uow: UnitOfWork, token: str) -> UserRecord | None:
    """The signed-in person behind an API token (account, person, email, name, role), in one read."""
    with read_only(uow) as reading:
        return reading.accounts.user_by_token(hash_token(token))


def account_info(uow: UnitOfWork, account_id: int) -> UserRecord | None:
    """The signed-in person behind an account (a browser session), in one read."""
    with read_only(uow) as reading:
        return reading.accounts.user(account_id)
