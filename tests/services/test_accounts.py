"""Accounts on both stores (the in-memory fake and SQLite): the throttle, the password rules, sign-up that does not
tell who has an account, sessions and tokens that end."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine

from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.services import accounts
from gluterx.services.ports import ServiceError, UnitOfWork
from tests.fakes import FakeUnitOfWork

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"  # noqa: S105
EMAIL = "owner@example.com"
WRONG = "not the password at all"
OTHER = "another long passphrase"
NEW = "a new passphrase 9"


@pytest.fixture(params=["fake", "sqlite"])
def store(request: pytest.FixtureRequest, engine: Engine) -> UnitOfWork:
    return FakeUnitOfWork() if request.param == "fake" else SqlUnitOfWork(engine)


def _codes(exc: pytest.ExceptionInfo[ServiceError]) -> list[tuple[str, str]]:
    return [(p.field, p.code) for p in exc.value.problems]


def _account(store: UnitOfWork, email: str = EMAIL) -> accounts.Account:
    return accounts.sign_up(store, email=email, password=PASSWORD)


def _fail(store: UnitOfWork, *, client: str, at: datetime, email: str = EMAIL) -> str:
    with pytest.raises(ServiceError) as exc:
        accounts.sign_in(store, email=email, password=WRONG, client=client, now=at)
    return exc.value.code


# ------------------------------------------------------------------------------------------------ the throttle


def test_failures_from_one_address_do_not_lock_the_owner_out_from_another(store: UnitOfWork) -> None:
    """Before: five wrong passwords from anyone locked the account for 15 minutes, for everyone."""
    _account(store)
    for i in range(accounts.FREE_FAILURES + 3):
        _fail(store, client="203.0.113.9", at=NOW + timedelta(seconds=i * 600))
    later = NOW + timedelta(seconds=(accounts.FREE_FAILURES + 2) * 600 + 1)
    assert _fail(store, client="203.0.113.9", at=later) == "locked"
    signed_in = accounts.sign_in(store, email=EMAIL, password=PASSWORD, client="198.51.100.7", now=later)
    assert signed_in.email == EMAIL


def test_the_delay_grows_with_each_failure_up_to_a_cap(store: UnitOfWork) -> None:
    _account(store)
    at, waits = NOW, []
    for _ in range(accounts.FREE_FAILURES + 8):
        wait = accounts.throttle_wait(store, email=EMAIL, client="c", now=at)
        waits.append(wait)
        at += timedelta(seconds=wait)
        assert _fail(store, client="c", at=at) == "unauthorized"  # waited long enough: the password is checked
    assert waits[: accounts.FREE_FAILURES] == [0] * accounts.FREE_FAILURES
    grown = waits[accounts.FREE_FAILURES :]
    assert grown[0] == accounts.BASE_DELAY.total_seconds()
    assert all(b >= a for a, b in itertools.pairwise(grown))
    assert grown[-1] == accounts.MAX_DELAY.total_seconds()


def test_a_throttled_try_says_how_long_to_wait_and_is_not_checked(store: UnitOfWork) -> None:
    _account(store)
    for _ in range(accounts.FREE_FAILURES):
        _fail(store, client="c", at=NOW)
    with pytest.raises(ServiceError) as exc:  # the right password, but too soon: not even checked
        accounts.sign_in(store, email=EMAIL, password=PASSWORD, client="c", now=NOW + timedelta(seconds=1))
    assert exc.value.code == "locked"
    assert exc.value.problems[0].params["seconds"] == accounts.BASE_DELAY.total_seconds() - 1
    ok = accounts.sign_in(store, email=EMAIL, password=PASSWORD, client="c", now=NOW + accounts.BASE_DELAY)
    assert ok.email == EMAIL


def test_a_success_starts_the_count_again(store: UnitOfWork) -> None:
    _account(store)
    for _ in range(accounts.FREE_FAILURES - 1):
        _fail(store, client="c", at=NOW)
    accounts.sign_in(store, email=EMAIL, password=PASSWORD, client="c", now=NOW + timedelta(seconds=1))
    for _ in range(accounts.FREE_FAILURES - 1):
        _fail(store, client="c", at=NOW + timedelta(seconds=2))
    assert accounts.throttle_wait(store, email=EMAIL, client="c", now=NOW + timedelta(seconds=3)) == 0


def test_one_address_spraying_many_accounts_is_stopped(store: UnitOfWork) -> None:
    """The per-address ceiling: many emails, a few tries each, from one address."""
    for i in range(accounts.MAX_FAILURES_PER_CLIENT):
        _fail(store, client="sprayer", at=NOW + timedelta(seconds=i), email=f"user{i}@example.com")
    assert _fail(store, client="sprayer", at=NOW + timedelta(seconds=30), email="someone@example.com") == "locked"
    wait = accounts.throttle_wait(store, email="x@example.com", client="sprayer", now=NOW + timedelta(seconds=30))
    assert wait == (accounts.CLIENT_WINDOW - timedelta(seconds=30)).total_seconds()
    assert accounts.throttle_wait(store, email="x@example.com", client="elsewhere", now=NOW) == 0


# ------------------------------------------------------------------------------------------------ passwords


@pytest.mark.parametrize(
    ("password", "code"),
    [
        (" " * 10, "password_blank"),
        ("\u3000" * 12, "password_blank"),  # ideographic spaces: NFKC makes them plain spaces
        ("\x00" * 12, "control_character"),
        ("password12", "password_common"),
        ("PASSWORD12", "password_common"),
        ("ｐａｓｓｗｏｒｄ１２", "password_common"),  # full-width letters and digits are the same password
        ("qwertyuiop", "password_common"),
        ("abc\x07defghijk", "control_character"),
        ("short", "too_short"),
    ],
)
def test_weak_passwords_are_refused_naming_the_field(store: UnitOfWork, password: str, code: str) -> None:
    """Before: only the length was checked, so ten spaces, twelve NULs and 'password12' were accepted."""
    with pytest.raises(ServiceError) as exc:
        accounts.register(store, email=EMAIL, password=password, now=NOW)
    assert _codes(exc) == [("password", code)]
    with store:
        assert store.accounts.by_email(EMAIL) is None


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40))
def test_every_password_is_either_refused_with_a_reason_or_normalised(password: str) -> None:
    """Whatever is typed: a list of problems naming the password, or none and a password that stays the same after
    NFKC (so signing in with another form of it works)."""
    problems = accounts.password_problems(password)
    assert all(p.field == "password" for p in problems)
    normalised = accounts.normalise_password(password)
    assert accounts.normalise_password(normalised) == normalised
    if not problems:
        assert normalised.strip() and len(normalised) >= accounts.MIN_PASSWORD


def test_a_password_is_the_same_in_any_unicode_form(store: UnitOfWork) -> None:
    """Signed up with full-width digits (NFKC-normalised before hashing), signed in with plain ones."""
    wide, plain = "Ｇlute bridge ２０２６", "Glute bridge 2026"
    accounts.register(store, email=EMAIL, password=wide, now=NOW)
    assert accounts.sign_in(store, email=EMAIL, password=plain, client="c", now=NOW).email == EMAIL


# ------------------------------------------------------------------------------------------------ who has an account


def test_signing_up_with_a_known_email_changes_nothing_and_tells_the_owner(store: UnitOfWork) -> None:
    """register() answers alike either way (it returns nothing), makes no second account, leaves the owner's password,
    and leaves a notice the owner sees once at their next sign-in."""
    accounts.register(store, email=EMAIL, password=PASSWORD, now=NOW)
    assert accounts.register(store, email=EMAIL.upper(), password=OTHER, now=NOW) is None
    first = accounts.sign_in(store, email=EMAIL, password=PASSWORD, client="c", now=NOW)
    assert [n.kind for n in first.notices] == [accounts.SIGN_UP_ATTEMPT]
    assert [n.kind for n in accounts.take_notices(store, account_id=first.account_id, now=NOW)] == ["sign_up_attempt"]
    again = accounts.sign_in(store, email=EMAIL, password=PASSWORD, client="c", now=NOW)
    assert again.notices == ()
    with pytest.raises(ServiceError):
        accounts.sign_in(store, email=EMAIL, password=OTHER, client="d", now=NOW)


def test_sign_up_hashes_a_password_whether_or_not_the_email_is_known(
    store: UnitOfWork, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same work either way (an argon2 hash), so the time taken does not tell who has an account."""
    accounts.register(store, email=EMAIL, password=PASSWORD, now=NOW)
    real, hashed = accounts._hasher, []

    class Counting:
        def hash(self, password: str) -> str:
            hashed.append(password)
            return real.hash(password)

    monkeypatch.setattr(accounts, "_hasher", Counting())
    accounts.register(store, email=EMAIL, password=OTHER, now=NOW)
    accounts.register(store, email="new@example.com", password=OTHER, now=NOW)
    assert len(hashed) == 2


# ------------------------------------------------------------------------------------------------ sessions and tokens


def test_a_session_ends_at_sign_out_and_on_its_own_after_its_days(store: UnitOfWork) -> None:
    me = _account(store)
    sid = accounts.start_session(store, account_id=me.account_id, now=NOW, user_agent="Firefox", client="c")
    assert accounts.user_for_session(store, sid, now=NOW) is not None
    assert accounts.user_for_session(store, sid + "x", now=NOW) is None
    late = NOW + timedelta(days=accounts.SESSION_DAYS)
    assert accounts.user_for_session(store, sid, now=late) is None
    accounts.end_session(store, sid, now=NOW)
    assert accounts.user_for_session(store, sid, now=NOW + timedelta(seconds=1)) is None


def test_a_token_expires_and_can_be_revoked(store: UnitOfWork) -> None:
    me = _account(store)
    made = accounts.create_token(store, account_id=me.account_id, now=NOW, name="script", days=2)
    assert made.token.startswith("glx_") and made.info.expires_at == NOW + timedelta(days=2)
    assert accounts.user_for_token(store, made.token, now=NOW + timedelta(days=1)) is not None
    assert accounts.user_for_token(store, made.token, now=NOW + timedelta(days=2)) is None
    other = accounts.create_token(store, account_id=me.account_id, now=NOW, name="phone")
    listed = accounts.tokens(store, account_id=me.account_id, now=NOW + timedelta(minutes=10))
    assert {t.name for t in listed} == {"script", "phone"}
    assert listed[0].last_used_at is None or listed[0].last_used_at >= NOW
    accounts.revoke_token(store, account_id=me.account_id, token_id=other.info.id, now=NOW)
    assert accounts.user_for_token(store, other.token, now=NOW + timedelta(seconds=1)) is None
    with pytest.raises(ServiceError) as exc:  # twice, or someone else's: not there
        accounts.revoke_token(store, account_id=me.account_id, token_id=other.info.id, now=NOW)
    assert exc.value.code == "missing"


def test_last_use_is_due_to_be_noted_at_most_every_few_minutes(store: UnitOfWork) -> None:
    me = _account(store)
    made = accounts.create_token(store, account_id=me.account_id, now=NOW)
    first = accounts.user_for_token(store, made.token, now=NOW + timedelta(hours=1))
    assert first is not None and first.note_due  # never used yet
    accounts.note_seen(store, made.token, now=NOW + timedelta(hours=1), token=True)
    (listed,) = accounts.tokens(store, account_id=me.account_id, now=NOW + timedelta(hours=1))
    assert listed.last_used_at == NOW + timedelta(hours=1)
    soon = accounts.user_for_token(store, made.token, now=NOW + timedelta(hours=1) + accounts.SEEN_EVERY / 2)
    assert soon is not None and not soon.note_due
    sid = accounts.start_session(store, account_id=me.account_id, now=NOW)
    seen = accounts.user_for_session(store, sid, now=NOW + accounts.SEEN_EVERY / 2)
    assert seen is not None and not seen.note_due  # a new session was seen when it started
    later = accounts.user_for_session(store, sid, now=NOW + accounts.SEEN_EVERY)
    assert later is not None and later.note_due


@pytest.mark.parametrize("days", [0, -1, accounts.MAX_TOKEN_DAYS + 1])
def test_a_token_lifetime_out_of_range_is_refused(store: UnitOfWork, days: int) -> None:
    me = _account(store)
    with pytest.raises(ServiceError) as exc:
        accounts.create_token(store, account_id=me.account_id, now=NOW, days=days)
    assert _codes(exc) == [("expires_in_days", "day_count_out_of_range")]


def test_sign_out_everywhere_ends_every_session_and_token_of_the_account_only(store: UnitOfWork) -> None:
    me, other = _account(store), _account(store, "other@example.com")
    mine = [accounts.start_session(store, account_id=me.account_id, now=NOW) for _ in range(2)]
    token = accounts.create_token(store, account_id=me.account_id, now=NOW).token
    theirs = accounts.start_session(store, account_id=other.account_id, now=NOW)
    ended = accounts.sign_out_everywhere(store, account_id=me.account_id, now=NOW)
    assert (ended.sessions, ended.tokens) == (2, 1)
    later = NOW + timedelta(seconds=1)
    assert all(accounts.user_for_session(store, sid, now=later) is None for sid in mine)
    assert accounts.user_for_token(store, token, now=later) is None
    assert accounts.user_for_session(store, theirs, now=later) is not None


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(store: UnitOfWork) -> None:
    me = _account(store)
    here, there = (accounts.start_session(store, account_id=me.account_id, now=NOW) for _ in range(2))
    with pytest.raises(ServiceError) as exc:
        accounts.change_password(store, account_id=me.account_id, current="wrong one!", new=NEW,
                                 now=NOW, keep_session=here)  # fmt: skip
    assert _codes(exc) == [("current_password", "wrong_password")]
    with pytest.raises(ServiceError) as exc:
        accounts.change_password(store, account_id=me.account_id, current=PASSWORD, new="password12", now=NOW)
    assert _codes(exc) == [("new_password", "password_common")]
    ended = accounts.change_password(
        store, account_id=me.account_id, current=PASSWORD, new=NEW, now=NOW, keep_session=here
    )
    assert ended == 1
    later = NOW + timedelta(seconds=1)
    assert accounts.user_for_session(store, here, now=later) is not None
    assert accounts.user_for_session(store, there, now=later) is None
    assert accounts.sign_in(store, email=EMAIL, password=NEW, client="c", now=later).email == EMAIL


def test_a_password_hashed_before_normalising_still_signs_in_and_is_rehashed(store: UnitOfWork) -> None:
    """An account made by the code before NFKC kept the hash of the password as typed: it keeps working, and from
    its next sign-in on any form of the password does."""
    wide = "ｆｕｌｌ width passphrase"
    with store:
        person = store.people.add(display_name="Old")
        store.accounts.create(email=EMAIL, password_hash=accounts._hasher.hash(wide), person_id=person.id)
        store.commit()
    assert accounts.sign_in(store, email=EMAIL, password=wide, client="c", now=NOW).email == EMAIL
    plain = accounts.normalise_password(wide)
    assert plain == "full width passphrase"
    assert accounts.sign_in(store, email=EMAIL, password=plain, client="c", now=NOW).email == EMAIL


def test_a_sign_in_forgets_what_the_throttle_no_longer_reads_and_ended_sessions(store: UnitOfWork) -> None:
    """The attempts table does not grow for ever: a sign-in clears attempts older than the throttle's window (of
    anyone), and the sessions that have ended; live sessions and recent failures stay."""
    me = _account(store)
    _fail(store, client="old", at=NOW - accounts.PAIR_WINDOW - timedelta(minutes=1), email="x@example.com")
    _fail(store, client="recent", at=NOW - timedelta(minutes=1), email="y@example.com")
    ended = accounts.start_session(store, account_id=me.account_id, now=NOW - timedelta(days=1))
    accounts.end_session(store, ended, now=NOW - timedelta(hours=1))
    live = accounts.start_session(store, account_id=me.account_id, now=NOW - timedelta(days=1))
    accounts.sign_in(store, email=EMAIL, password=PASSWORD, client="c", now=NOW)
    with store:
        counts = store.accounts.failures(
            email="x@example.com",
            client="old",
            pair_since=NOW - timedelta(days=9),
            client_since=NOW - timedelta(days=9),
        )
        assert (counts.pair, counts.client) == (0, 0)
        recent = store.accounts.failures(email="y@example.com", client="recent", pair_since=NOW - timedelta(days=1),
                                          client_since=NOW - timedelta(days=1))  # fmt: skip
        assert (recent.pair, recent.client) == (1, 1)
    assert [s.id for s in accounts.sessions(store, account_id=me.account_id, now=NOW)] != []
    assert accounts.user_for_session(store, live, now=NOW) is not None
    assert accounts.user_for_session(store, ended, now=NOW) is None


def test_one_session_of_the_account_can_be_ended_and_no_one_elses(store: UnitOfWork) -> None:
    me, other = _account(store), _account(store, "other@example.com")
    lost = accounts.start_session(store, account_id=me.account_id, now=NOW)
    theirs = accounts.start_session(store, account_id=other.account_id, now=NOW)
    (their_id,) = [s.id for s in accounts.sessions(store, account_id=other.account_id, now=NOW)]
    with pytest.raises(ServiceError) as exc:
        accounts.end_other_session(store, account_id=me.account_id, session_id=their_id, now=NOW)
    assert exc.value.code == "missing"
    (lost_id,) = [s.id for s in accounts.sessions(store, account_id=me.account_id, now=NOW)]
    accounts.end_other_session(store, account_id=me.account_id, session_id=lost_id, now=NOW)
    assert accounts.user_for_session(store, lost, now=NOW) is None
    assert accounts.user_for_session(store, theirs, now=NOW) is not None
