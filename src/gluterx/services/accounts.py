"""Accounts: sign up, sign in (throttled), browser sessions and API tokens that can be ended, password changes.

Passwords are stored only as argon2 hashes of their NFKC form; session ids and API tokens only as SHA-256 hashes.
Everything that says who is signed in lives in the store, so several server processes on one database agree: a session
or token ended through one is refused by every other on its next request.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from gluterx.data.passwords import common_passwords
from gluterx.services.ports import Problem, ServiceError, UnitOfWork, read_only
from gluterx.services.records import (
    AccountRecord,
    NoticeRecord,
    SessionInfo,
    SignedInRecord,
    TokenInfo,
    UserRecord,
)
from gluterx.services.text import control_character

_hasher = PasswordHasher()
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
MAX_EMAIL = 254

SESSION_DAYS = 14  # a browser stays signed in this long at most
TOKEN_DAYS = 90  # an API token's lifetime unless asked otherwise
MAX_TOKEN_DAYS = 365
SEEN_EVERY = timedelta(minutes=5)  # "last seen" / "last used" is written at most this often per session or token

# The throttle. A pair (email, client address) may fail FREE_FAILURES times; after that each further attempt waits
# BASE_DELAY, doubling with every failure up to MAX_DELAY. Failures count since the pair's last success, over
# PAIR_WINDOW at most, so someone guessing from one address cannot lock the owner out from another. A client address
# that fails MAX_FAILURES_PER_CLIENT times (any emails) in CLIENT_WINDOW waits until the oldest of those is older.
FREE_FAILURES = 5
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(minutes=15)
PAIR_WINDOW = timedelta(hours=24)
MAX_FAILURES_PER_CLIENT = 20
CLIENT_WINDOW = timedelta(minutes=15)

SIGN_UP_ATTEMPT = "sign_up_attempt"  # a notice kind: someone tried to sign up again with the account's email


@cache
def _dummy_hash() -> str:
    """Checked when the email is unknown, so timing does not tell which emails have accounts.

    Made at the first sign-in, not at import: argon2 takes ~0.1 s, which every CLI command used to pay.
    """
    return _hasher.hash("not-a-real-password-0")


@dataclass(frozen=True, slots=True)
class Account:
    """An account and the person it signs in: made by sign-up, or found by sign-in (with the notices waiting for its
    owner; `take_notices` marks them shown once the adapter has shown them)."""

    account_id: int
    person_id: int
    email: str
    role: str = "person"
    notices: tuple[NoticeRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class NewToken:
    """An API token just made: the token itself (shown this once, never stored) and what its list shows."""

    token: str
    info: TokenInfo


@dataclass(frozen=True, slots=True)
class SignedOut:
    """What "sign out everywhere" ended."""

    sessions: int
    tokens: int


def normalise_email(email: str) -> str:
    return email.strip().lower()


def normalise_password(password: str) -> str:
    """NFKC: the same password typed on another keyboard (full-width digits, a composed accent) is the same."""
    return unicodedata.normalize("NFKC", password)


def password_problems(password: str, field: str = "password") -> list[Problem]:
    """What makes a new password unfit: too short or long, control characters, only spaces, or commonly used.

    As NIST SP 800-63B §5.1.1.2 asks of a verifier: no composition rules, Unicode normalised (NFKC), and a new
    password compared with a list of commonly used or compromised ones (docs/deploy.md).
    """
    password = normalise_password(password)
    if len(password) > MAX_PASSWORD:
        return [Problem(field, "too_long", {"max_length": MAX_PASSWORD, "unit": "characters"})]
    for position, char in enumerate(password):
        if unicodedata.category(char) == "Cc":  # tabs and line breaks too: nobody types them into a password box
            return [Problem(field, "control_character", {"codepoint": f"U+{ord(char):04X}", "position": position + 1})]
    if len(password) < MIN_PASSWORD:
        return [Problem(field, "too_short", {"min_length": MIN_PASSWORD, "unit": "characters"})]
    if not password.strip():
        return [Problem(field, "password_blank")]
    if password.casefold() in common_passwords():
        return [Problem(field, "password_common")]
    return []


def _valid_email(email: str) -> bool:
    """An address (something@somewhere.tld) of at most MAX_EMAIL characters with no control characters."""
    return bool(EMAIL.match(email)) and len(email) <= MAX_EMAIL and not control_character("email", email)


def _details_problems(email: str, password: str, display_name: str) -> list[Problem]:
    problems = []
    if not _valid_email(email):
        problems.append(Problem("email", "invalid_email"))
    problems.extend(password_problems(password))
    if len(display_name) > 120:
        problems.append(Problem("display_name", "too_long", {"max_length": 120, "unit": "characters"}))
    if problem := control_character("display_name", display_name):
        problems.append(problem)
    return problems


def sign_up(uow: UnitOfWork, *, email: str, password: str, display_name: str = "") -> Account:
    """A new person and their account; one Problem per thing to fix, and "conflict" when the email has an account.

    For the pages and the API use `register`, which does not tell whether an email is registered.
    """
    email = normalise_email(email)
    if problems := _details_problems(email, password, display_name):
        raise ServiceError(problems)
    password_hash = _hasher.hash(normalise_password(password))
    with uow:
        if uow.accounts.by_email(email) is not None:
            raise ServiceError([Problem("email", "email_taken")], code="conflict")
        person = uow.people.add(display_name=display_name.strip())
        account = uow.accounts.create(email=email, password_hash=password_hash, person_id=person.id)
        uow.commit()
        return Account(account.id, person.id, email, person.role)


def register(uow: UnitOfWork, *, email: str, password: str, display_name: str = "", now: datetime) -> None:
    """Sign up without telling whether the email has an account already: the same answer and about the same time.

    Bad details are still named (they say nothing about anyone). When the email has an account, nothing is made: its
    owner finds a notice at their next sign-in (there is no mail server to tell them sooner). Either way the caller
    says the same thing: sign in with the email and password just given.
    """
    email = normalise_email(email)
    if problems := _details_problems(email, password, display_name):
        raise ServiceError(problems)
    password_hash = _hasher.hash(normalise_password(password))  # hashed either way: the same work, the same time
    with uow:
        existing = uow.accounts.by_email(email)
        if existing is not None:
            uow.accounts.add_notice(existing.id, kind=SIGN_UP_ATTEMPT, at=now)
        else:
            person = uow.people.add(display_name=display_name.strip())
            uow.accounts.create(email=email, password_hash=password_hash, person_id=person.id)
        uow.commit()


def throttle_wait(uow: UnitOfWork, *, email: str, client: str, now: datetime) -> int:
    """Seconds this client must wait before trying this email again (0: it may try now)."""
    with read_only(uow) as reading:
        return _wait(reading, email=normalise_email(email), client=client, now=now)


def _wait(uow: UnitOfWork, *, email: str, client: str, now: datetime) -> int:
    """throttle_wait inside an open unit of work."""
    counts = uow.accounts.failures(
        email=email, client=client, pair_since=now - PAIR_WINDOW, client_since=now - CLIENT_WINDOW
    )
    until = now
    if counts.client >= MAX_FAILURES_PER_CLIENT and counts.client_first is not None:
        until = max(until, counts.client_first + CLIENT_WINDOW)
    if counts.pair >= FREE_FAILURES and counts.pair_last is not None:
        delay = min(BASE_DELAY * 2 ** min(counts.pair - FREE_FAILURES, 32), MAX_DELAY)
        until = max(until, counts.pair_last + delay)
    return math.ceil((until - now).total_seconds())


def sign_in(uow: UnitOfWork, *, email: str, password: str, client: str, now: datetime) -> Account:
    """The account for these credentials. Failures slow down further tries from the same client (`throttle_wait`):
    "locked" with the seconds to wait."""
    email = normalise_email(email)
    if control_character("email", email):  # no such account can exist (sign-up refuses them); PostgreSQL refuses NUL
        raise ServiceError([Problem("", "wrong_credentials")], code="unauthorized")
    with uow:
        wait = _wait(uow, email=email, client=client, now=now)
        if wait > 0:
            raise ServiceError([Problem("", "locked", {"seconds": wait})], code="locked")
        account = uow.accounts.by_email(email)
        stored, normalised = account.password_hash if account else _dummy_hash(), normalise_password(password)
        ok = _verify(stored, normalised) and account is not None
        legacy = False
        if not ok and normalised != password:  # hashed before passwords were normalised (checked alike for anyone)
            ok = legacy = _verify(stored, password) and account is not None
        uow.accounts.record_attempt(email=email, client=client, success=ok, at=now)
        if not ok or account is None:
            uow.commit()
            raise ServiceError([Problem("", "wrong_credentials")], code="unauthorized")
        uow.accounts.forget_old(attempts_before=now - PAIR_WINDOW, now=now)  # what the throttle no longer reads
        needs_rehash = legacy or _hasher.check_needs_rehash(account.password_hash)
        uow.accounts.signed_in(account.id, at=now, password_hash=_hasher.hash(normalised) if needs_rehash else None)
        notices = uow.accounts.unseen_notices(account.id)
        person = uow.people.get(account.person_id)
        if person is None:  # cannot happen (a foreign key), but an account without a person signs no one in
            raise ServiceError([Problem("", "wrong_credentials")], code="unauthorized")
        uow.commit()
        return Account(account.id, account.person_id, email, person.role, tuple(notices))


def take_notices(uow: UnitOfWork, *, account_id: int, now: datetime) -> list[NoticeRecord]:
    """The notices for the account's owner not yet shown, marked as shown now."""
    with uow:
        found = uow.accounts.unseen_notices(account_id)
        if found:
            uow.accounts.notices_seen(account_id, at=now)
            uow.commit()
    return found


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# ------------------------------------------------------------------------------------------------ browser sessions


def start_session(uow: UnitOfWork, *, account_id: int, now: datetime, user_agent: str = "", client: str = "") -> str:
    """A new browser session: the random id for the cookie (only its hash is stored)."""
    session_id = secrets.token_urlsafe(32)
    with uow:
        uow.accounts.add_session(
            account_id=account_id, token_hash=hash_token(session_id), at=now,
            expires_at=now + timedelta(days=SESSION_DAYS), user_agent=user_agent, client=client,
        )  # fmt: skip
        uow.commit()
    return session_id


@dataclass(frozen=True, slots=True)
class Caller:
    """Who a live session id or API token signs in, and whether its "last seen" is due to be noted (it is written at
    most every SEEN_EVERY, after the answer: see `note_seen`)."""

    user: UserRecord
    note_due: bool
    revision: int = 0  # what the person has seen change (their revision plus the store's epoch), a cached result's key
    person_uuid: str = ""


def user_for_session(uow: UnitOfWork, session_id: str, *, now: datetime) -> Caller | None:
    """The person behind a live browser session (None when it ended, expired or never was). Reads only."""
    return _signed_in(uow, session_id, now=now, token=False)


def _signed_in(uow: UnitOfWork, secret: str, *, now: datetime, token: bool) -> Caller | None:
    with read_only(uow) as reading:
        look_up = reading.accounts.user_by_token if token else reading.accounts.user_by_session
        found = look_up(hash_token(secret), now=now)
    return caller(found, now=now)


def caller(found: SignedInRecord | None, *, now: datetime) -> Caller | None:
    """Who a looked-up session or token signs in (None when the lookup found none), and whether "last seen" is due."""
    if found is None:
        return None
    due = found.seen_at is None or now - found.seen_at >= SEEN_EVERY
    return Caller(found.user, due, found.revision, found.person_uuid)


def note_seen(uow: UnitOfWork, secret: str, *, now: datetime, token: bool) -> None:
    """Write when a session (token=False) or an API token was last used."""
    with uow:
        (uow.accounts.token_used if token else uow.accounts.session_seen)(hash_token(secret), at=now)
        uow.commit()


def end_session(uow: UnitOfWork, session_id: str, *, now: datetime) -> None:
    """Sign this browser out: its session is refused from now on, by every server."""
    with uow:
        uow.accounts.revoke_session(hash_token(session_id), at=now)
        uow.commit()


def end_other_session(uow: UnitOfWork, *, account_id: int, session_id: int, now: datetime) -> None:
    """Sign one of the account's browsers out (by its id in the list); "missing" when it has no such live session."""
    with uow:
        if not uow.accounts.revoke_session_id(account_id, session_id, at=now):
            raise ServiceError(
                [Problem("session_id", "no_browser_session", {"session_id": session_id})], code="missing"
            )
        uow.commit()


def sessions(uow: UnitOfWork, *, account_id: int, now: datetime) -> list[SessionInfo]:
    with read_only(uow) as reading:
        return reading.accounts.sessions_of(account_id, now=now)


def sign_out_everywhere(uow: UnitOfWork, *, account_id: int, now: datetime) -> SignedOut:
    """End every browser session and every API token of the account (this one too)."""
    with uow:
        ended = SignedOut(
            uow.accounts.revoke_sessions(account_id, at=now), uow.accounts.revoke_tokens(account_id, at=now)
        )
        uow.commit()
    return ended


def change_password(
    uow: UnitOfWork, *, account_id: int, current: str, new: str, now: datetime, keep_session: str | None = None
) -> int:
    """Set a new password (the current one must be right); every other browser session ends. How many ended."""
    if problems := password_problems(new, "new_password"):
        raise ServiceError(problems)
    new_hash = _hasher.hash(normalise_password(new))
    with uow:
        account = uow.accounts.by_id(account_id)
        if account is None or not (
            _verify(account.password_hash, normalise_password(current)) or _verify(account.password_hash, current)
        ):
            raise ServiceError([Problem("current_password", "wrong_password")])
        uow.accounts.set_password(account_id, new_hash)
        keep = hash_token(keep_session) if keep_session is not None else None
        ended = uow.accounts.revoke_sessions(account_id, at=now, keep=keep)
        uow.commit()
    return ended


# ------------------------------------------------------------------------------------------------------ API tokens


def create_token(
    uow: UnitOfWork, *, account_id: int, now: datetime, name: str = "api", days: int = TOKEN_DAYS
) -> NewToken:
    """A new API token that works for `days` (1 to MAX_TOKEN_DAYS), shown once; only its hash is kept."""
    problems = []
    if problem := control_character("name", name):
        problems.append(problem)
    if len(name) > 80:
        problems.append(Problem("name", "too_long", {"max_length": 80, "unit": "characters"}))
    if not 1 <= days <= MAX_TOKEN_DAYS:
        problems.append(Problem("expires_in_days", "day_count_out_of_range", {"low": 1, "high": MAX_TOKEN_DAYS}))
    if problems:
        raise ServiceError(problems)
    token = "glx_" + secrets.token_urlsafe(32)
    with uow:
        info = uow.accounts.add_token(
            account_id=account_id,
            token_hash=hash_token(token),
            name=name,
            at=now,
            expires_at=now + timedelta(days=days),
        )
        uow.commit()
    return NewToken(token, info)


def user_for_token(uow: UnitOfWork, token: str, *, now: datetime) -> Caller | None:
    """The signed-in person behind a live API token (None when revoked, expired or unknown). Reads only."""
    return _signed_in(uow, token, now=now, token=True)


def tokens(uow: UnitOfWork, *, account_id: int, now: datetime) -> list[TokenInfo]:
    with read_only(uow) as reading:
        return reading.accounts.tokens_of(account_id, now=now)


def revoke_token(uow: UnitOfWork, *, account_id: int, token_id: int, now: datetime) -> None:
    """End one of the account's tokens; "missing" when it has no such live token."""
    with uow:
        if not uow.accounts.revoke_token(account_id, token_id, at=now):
            raise ServiceError([Problem("token_id", "no_token", {"token_id": token_id})], code="missing")
        uow.commit()


def account_info(uow: UnitOfWork, account_id: int) -> UserRecord | None:
    """The person behind an account, in one read."""
    with read_only(uow) as reading:
        return reading.accounts.user(account_id)


# ------------------------------------------------------------------------------------ email change, account deletion


def _check_password(account: AccountRecord | None, password: str, field: str) -> AccountRecord:
    if account is None or not (
        _verify(account.password_hash, normalise_password(password)) or _verify(account.password_hash, password)
    ):
        raise ServiceError([Problem(field, "wrong_password")])
    return account


def change_email(uow: UnitOfWork, *, account_id: int, new_email: str, password: str) -> str:
    """Sign in with `new_email` from now on (the current password must be right); the email as stored.
    "conflict" when another account has it."""
    email = normalise_email(new_email)
    if not _valid_email(email):
        raise ServiceError([Problem("email", "invalid_email")])
    with uow:
        account = _check_password(uow.accounts.by_id(account_id), password, "current_password")
        if account.email == email:
            raise ServiceError([Problem("email", "same_email")])
        if uow.accounts.by_email(email) is not None:
            raise ServiceError([Problem("email", "email_taken")], code="conflict")
        uow.accounts.set_email(account_id, email)
        uow.commit()
    return email


def delete_account(uow: UnitOfWork, *, account_id: int, confirm_email: str, password: str) -> None:
    """Delete the account and the person behind it with everything of theirs (profiles, programmes, sessions, sets,
    check-ins, prescriptions, outcomes, settings, tokens, browser sessions): gone from every table. The person
    confirms by typing their email and their password."""
    with uow:
        account = uow.accounts.by_id(account_id)
        if account is None:
            raise ServiceError([Problem("", "no_person", {"person_id": account_id})], code="missing")
        problems = []
        if normalise_email(confirm_email) != account.email:
            problems.append(Problem("confirm_email", "confirm_email"))
        try:
            _check_password(account, password, "password")
        except ServiceError as exc:
            problems += exc.problems
        if problems:
            raise ServiceError(problems)
        uow.people.delete(account.person_id)
        uow.commit()
