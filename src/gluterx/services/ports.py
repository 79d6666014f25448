"""What the services need from the store, as Protocols: the services never import an adapter.

Each repository declares exactly the methods the use cases call, in domain values and the read models of
`services/records.py`; the SQL store (adapters/db) and the in-memory one of the tests (tests/fakes.py) both fit them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from types import TracebackType
from typing import Any, Protocol

from gluterx.domain.outcomes import Answers
from gluterx.domain.progression import Prescription
from gluterx.domain.schedule import ScheduledSession
from gluterx.services.errors import Problem, ServiceError
from gluterx.services.records import (
    AccountRecord,
    FailureCounts,
    HistoryRow,
    LoggedSession,
    NoticeRecord,
    PersonRecord,
    ProfileRecord,
    ProgramRecord,
    SessionInfo,
    SignedInRecord,
    StoredCheckin,
    StoredOutcome,
    StoredPrescription,
    TokenInfo,
    UserRecord,
)

__all__ = [
    "AccountsRepository",
    "CheckinsRepository",
    "OutcomesRepository",
    "PeopleRepository",
    "PrescriptionsRepository",
    "Problem",
    "ProfilesRepository",
    "ProgramsRepository",
    "ServiceError",
    "SessionsRepository",
    "UnitOfWork",
    "read_only",
]

# A performed exercise to store: exercise_id, pain_during, felt_in, and `sets` (each a mapping of the set's fields:
# reps, load, unit, band, rir, rpe, duration_s, e1rm_kg, warmup; absent ones take the store's defaults).
NewExercise = Mapping[str, Any]


class PeopleRepository(Protocol):
    def local(self) -> PersonRecord | None:
        """The one person of a single-user (CLI) store: the first created."""
        ...

    def get(self, person_id: int) -> PersonRecord | None: ...

    def add(
        self,
        *,
        display_name: str = "",
        role: str = "person",
        person_uuid: str | None = None,
        created_at: datetime | None = None,
    ) -> PersonRecord: ...

    def all(self) -> Sequence[PersonRecord]: ...

    def delete_all(self) -> None:
        """Every person and everything of theirs (a restore with --replace)."""
        ...


class ProfilesRepository(Protocol):
    def latest(self, person_id: int) -> ProfileRecord | None: ...

    def latest_data(self, person_id: int) -> dict[str, Any] | None:
        """The newest profile's PROFILE.json, and nothing else."""
        ...

    def all(self, person_id: int) -> Sequence[ProfileRecord]:
        """Every version, oldest first."""
        ...

    def add_version(self, person_id: int, data: dict[str, Any]) -> ProfileRecord:
        """A new version (or the newest, when `data` is unchanged); the previous versions stay as they were."""
        ...

    def restore(self, person_id: int, *, version: int, data: dict[str, Any], created_at: datetime) -> ProfileRecord: ...


class ProgramsRepository(Protocol):
    def active(self, person_id: int) -> ProgramRecord | None: ...

    def all(self, person_id: int) -> Sequence[ProgramRecord]:
        """Every programme of the person, oldest first."""
        ...

    def create_active(
        self,
        *,
        person_id: int,
        profile_id: int,
        start_date: date,
        weeks: int,
        status: str,
        screening: dict[str, Any],
        sessions: Sequence[ScheduledSession],
        active: bool = True,
        created_at: datetime | None = None,
    ) -> ProgramRecord:
        """A new programme with its planned sessions; when active, the person's older programmes go inactive."""
        ...

    def planned_on(self, program_id: int, day: date) -> ScheduledSession | None: ...

    def planned_from(self, program_id: int, day: date, *, limit: int = 2) -> list[ScheduledSession]:
        """The planned sessions on or after `day`, soonest first, at most `limit`."""
        ...

    def planned_between(self, program_id: int, first: date, last: date) -> list[ScheduledSession]:
        """The planned sessions from `first` to `last` (both included), soonest first."""
        ...

    def planned_all(self, program_id: int) -> list[ScheduledSession]: ...


class SessionsRepository(Protocol):
    def add(
        self,
        *,
        person_id: int,
        day: date,
        notes: str,
        exercises: Sequence[NewExercise],
        leg_symptoms_spread: bool | None = None,
    ) -> int:
        """A performed session with its exercises and sets (and, when asked, whether leg symptoms spread); its id."""
        ...

    def create(
        self,
        *,
        person_id: int,
        day: date,
        notes: str,
        exercises: Sequence[NewExercise],
        duration_s: int | None = None,
        session_rpe: float | None = None,
        source: str = "gluterx",
        source_key: str | None = None,
        created_at: datetime | None = None,
        leg_symptoms_spread: bool | None = None,
    ) -> int:
        """`add` with every field of a session (a restore, an import); its id."""
        ...

    def add_imported(self, person_id: int, sessions: Sequence[Mapping[str, Any]]) -> int:
        """Many sessions at once (each `create`'s fields, `date` for `day`); the number of sets added."""
        ...

    def restore_many(self, person_id: int, sessions: Sequence[Mapping[str, Any]]) -> list[int]:
        """Many sessions at once with every field of one (a restore: `date`, `notes`, `duration_s`, `session_rpe`,
        `source`, `source_key`, `created_at`, `exercises`); their ids, in order."""
        ...

    def logged(self, person_id: int, *, session_id: int | None = None) -> list[LoggedSession]:
        """The person's sessions (or only `session_id`, when it is theirs), oldest first, in the order logged."""
        ...

    def on(self, person_id: int, day: date) -> list[LoggedSession]:
        """The person's sessions logged for `day`, in the order logged."""
        ...

    def history_rows(self, person_id: int) -> list[HistoryRow]:
        """The whole history as flat rows, one per set, oldest session first."""
        ...

    def last_date(self, person_id: int, *, before: date | None = None) -> date | None: ...

    def source_keys(self, person_id: int, source: str) -> set[str]: ...

    def felt_in_history(
        self, person_id: int, exercise_ids: Sequence[str], *, before: date, sessions: int
    ) -> dict[str, list[list[str]]]:
        """Where each exercise was felt in the person's `sessions` newest sessions before `before`, newest first."""
        ...

    def pain_by_day(self, person_id: int, *, since: date, until: date) -> list[tuple[date, int]]:
        """Each day from `since` to `until` with a logged session, and the highest pain during it (0 with no
        exercises), oldest first."""
        ...

    def logged_ids(self, person_id: int) -> list[int]:
        """The ids of the person's sessions in `logged`'s order."""
        ...

    def logged_pages(self, person_id: int, size: int) -> Iterator[list[LoggedSession]]:
        """`logged`, `size` sessions at a time (a backup written in bounded memory)."""
        ...


class CheckinsRepository(Protocol):
    def upsert(self, person_id: int, day: date, pain: int, *, soreness: int | None = None) -> None: ...

    def restore(
        self, person_id: int, *, day: date, pain: int, created_at: datetime, soreness: int | None = None
    ) -> None: ...

    def for_person(self, person_id: int) -> Sequence[StoredCheckin]:
        """Every check-in, oldest first."""
        ...

    def pain_between(self, person_id: int, *, since: date, until: date, latest: int = 2) -> list[tuple[date, int]]:
        """(date, pain) from `since` to `until`, and the `latest` readings up to `until` however old, oldest first."""
        ...


class OutcomesRepository(Protocol):
    def upsert(self, person_id: int, answers: Answers) -> None:
        """Store a set of answers; one per person and day, so a second the same day replaces the first."""
        ...

    def restore(self, person_id: int, answers: Answers, *, created_at: datetime) -> None: ...

    def for_person(self, person_id: int) -> list[StoredOutcome]:
        """Every set of answers of the person, oldest first, activities in the order named."""
        ...


class PrescriptionsRepository(Protocol):
    def current_for_slots(self, program_id: int, planned_exercise_ids: Sequence[str]) -> dict[str, Prescription]:
        """The newest prescription of each of these slots that has one."""
        ...

    def add_many(self, records: Sequence[StoredPrescription], *, person_id: int) -> None: ...

    def create(self, record: StoredPrescription, *, person_id: int, created_at: datetime | None = None) -> int: ...

    def before_session(
        self, program_id: int, planned_exercise_id: str, performed_session_id: int | None
    ) -> Prescription | None:
        """The newest prescription for the slot written before that session's first one (None without a session)."""
        ...

    def from_session(self, performed_session_id: int) -> list[StoredPrescription]:
        """What a logged session (and its next-morning check-in) wrote, oldest first."""
        ...

    def dated_for_person(self, person_id: int) -> list[tuple[StoredPrescription, datetime]]:
        """Every prescription of the person, oldest first, with when it was written."""
        ...

    def restore_many(self, rows: Sequence[tuple[StoredPrescription, datetime]], *, person_id: int) -> None:
        """Prescriptions with when each was written (a restore), kept in this order."""
        ...


class AccountsRepository(Protocol):
    """Accounts, and everything that signs one in: browser sessions, API tokens, the throttle's attempts, notices.

    All of it lives in the store, so every server process sharing the database sees the same (a revocation through
    one is refused by the others on their next request)."""

    def by_email(self, email: str) -> AccountRecord | None: ...

    def by_id(self, account_id: int) -> AccountRecord | None: ...

    def create(self, *, email: str, password_hash: str, person_id: int) -> AccountRecord: ...

    def signed_in(self, account_id: int, *, at: datetime, password_hash: str | None = None) -> None:
        """Note a sign-in (and a re-hashed password, when the hash's parameters changed)."""
        ...

    def set_password(self, account_id: int, password_hash: str) -> None: ...

    def user(self, account_id: int) -> UserRecord | None: ...

    # browser sessions: only the SHA-256 of the cookie's random id is stored
    def add_session(
        self, *, account_id: int, token_hash: str, at: datetime, expires_at: datetime, user_agent: str, client: str
    ) -> None: ...

    def user_by_session(self, token_hash: str, *, now: datetime) -> SignedInRecord | None:
        """The person behind a live (not revoked, not expired) session."""
        ...

    def session_seen(self, token_hash: str, *, at: datetime) -> None: ...

    def sessions_of(self, account_id: int, *, now: datetime) -> list[SessionInfo]:
        """The account's live sessions, most recently seen first."""
        ...

    def revoke_sessions(self, account_id: int, *, at: datetime, keep: str | None = None) -> int:
        """End every live session of the account but the one whose hash is `keep`; how many ended."""
        ...

    def revoke_session(self, token_hash: str, *, at: datetime) -> None: ...

    def revoke_session_id(self, account_id: int, session_id: int, *, at: datetime) -> bool:
        """End one live session of the account (by its id in the list); False when it has no such session."""
        ...

    # API tokens: only the SHA-256 of the token is stored
    def add_token(
        self, *, account_id: int, token_hash: str, name: str, at: datetime, expires_at: datetime
    ) -> TokenInfo: ...

    def user_by_token(self, token_hash: str, *, now: datetime) -> SignedInRecord | None:
        """The person behind a live (not revoked, not expired) token."""
        ...

    def token_used(self, token_hash: str, *, at: datetime) -> None: ...

    def tokens_of(self, account_id: int, *, now: datetime) -> list[TokenInfo]:
        """The account's live tokens, newest first."""
        ...

    def revoke_token(self, account_id: int, token_id: int, *, at: datetime) -> bool:
        """End one live token of the account; False when it has no such token."""
        ...

    def revoke_tokens(self, account_id: int, *, at: datetime) -> int: ...

    # the sign-in throttle
    def record_attempt(self, *, email: str, client: str, success: bool, at: datetime) -> None: ...

    def failures(self, *, email: str, client: str, pair_since: datetime, client_since: datetime) -> FailureCounts:
        """Failed sign-ins: of this email from this client since `pair_since` and the pair's last success; from this
        client for any email since `client_since`."""
        ...

    def forget_old(self, *, attempts_before: datetime, now: datetime) -> None:
        """Delete sign-in attempts made before `attempts_before` and sessions that have ended (revoked or expired)."""
        ...

    # notices for the owner (there is no mail server)
    def add_notice(self, account_id: int, *, kind: str, at: datetime) -> None: ...

    def unseen_notices(self, account_id: int) -> list[NoticeRecord]:
        """The notices not yet shown to the owner, oldest first."""
        ...

    def notices_seen(self, account_id: int, *, at: datetime) -> None: ...


class UnitOfWork(Protocol):
    """`with uow:` opens a transaction; leaving it without `uow.commit()` keeps nothing of what was done inside."""

    # Read-only properties: a store may hold its own repository classes (a Protocol's plain attribute is invariant).
    @property
    def people(self) -> PeopleRepository: ...

    @property
    def profiles(self) -> ProfilesRepository: ...

    @property
    def programs(self) -> ProgramsRepository: ...

    @property
    def sessions(self) -> SessionsRepository: ...

    @property
    def checkins(self) -> CheckinsRepository: ...

    @property
    def prescriptions(self) -> PrescriptionsRepository: ...

    @property
    def outcomes(self) -> OutcomesRepository: ...

    @property
    def accounts(self) -> AccountsRepository: ...

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...


def read_only(uow: UnitOfWork) -> UnitOfWork:
    """The same store for a use case that only reads, where the store offers that (SQLite then takes no lock).

    A store without `read_only()` gives back `uow` itself. The read-only one raises on commit().
    """
    reading = getattr(uow, "read_only", None)
    return reading() if callable(reading) else uow
