"""What the services need from the store, as Protocols: the services never import an adapter.

Each repository declares exactly the methods the use cases call, in domain values and the read models of
`services/records.py`; the SQL store (adapters/db) and the in-memory one of the tests (tests/fakes.py) both fit them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from types import TracebackType
from typing import Any, Protocol

from gluterx.domain.care import ClinicianKind, Direction
from gluterx.domain.outcomes import Answers
from gluterx.domain.planner.adjustments import Adjustment, Author, Change
from gluterx.domain.progression import Prescription
from gluterx.domain.schedule import ScheduledSession
from gluterx.services.backup_records import AccountOf, CareOf, PracticeInvitationOf, PracticeOf
from gluterx.services.care_records import (
    CareMessageRecord,
    CareNoteRecord,
    CaseloadInputs,
    ClinicianRecord,
    GrantRecord,
    InvitationRecord,
    PracticeInvitationRecord,
)
from gluterx.services.errors import Problem, ServiceError
from gluterx.services.records import (
    AccountRecord,
    FailureCounts,
    HistoryRow,
    LoggedSession,
    LoggedSet,
    NoticeRecord,
    PersonRecord,
    PersonSettings,
    ProfileRecord,
    ProgramRecord,
    SessionInfo,
    SignedInRecord,
    StoredCheckin,
    StoredKey,
    StoredOutcome,
    StoredPrescription,
    TokenInfo,
    UserRecord,
)

__all__ = [
    "AccountsRepository",
    "CareRepository",
    "CheckinsRepository",
    "IdempotencyRepository",
    "OutcomesRepository",
    "PeopleRepository",
    "PrescriptionsRepository",
    "Problem",
    "ProfilesRepository",
    "ProgramsRepository",
    "ServiceError",
    "SessionsRepository",
    "SettingsRepository",
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

    def delete(self, person_id: int) -> bool:
        """Remove the person and, by cascade, every row of theirs in every table; False when there was none."""
        ...

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

    def replan_from(
        self,
        program_id: int,
        day: date,
        *,
        profile_id: int,
        weeks: int,
        status: str,
        screening: dict[str, Any],
        sessions: Sequence[ScheduledSession],
    ) -> None:
        """The programme re-planned from `day` on: its planned sessions on or after `day` are replaced by `sessions`
        (those before it stay as they were), and it now rests on `profile_id` with its weeks, status and screening."""
        ...


class SessionsRepository(Protocol):
    def add(
        self,
        *,
        person_id: int,
        day: date,
        notes: str,
        exercises: Sequence[NewExercise],
        leg_symptoms_spread: bool | None = None,
        duration_s: int | None = None,
        session_rpe: float | None = None,
    ) -> int:
        """A performed session with its exercises and sets (and, when asked, whether leg symptoms spread, how long it
        took and how hard it was); its id."""
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

    def update(
        self,
        person_id: int,
        session_id: int,
        *,
        day: date,
        notes: str,
        exercises: Sequence[NewExercise],
        leg_symptoms_spread: bool | None,
    ) -> bool:
        """The person's session corrected in place (same id): its day, notes and leg answer, and its exercises and
        sets replaced by `exercises`; its duration, effort, source and creation time kept. False when it is not
        theirs (or not there)."""
        ...

    def delete(self, person_id: int, session_id: int) -> bool:
        """The person's session, its exercises and sets removed; False when it is not theirs (or not there)."""
        ...

    def page(self, person_id: int, *, offset: int, limit: int) -> list[LoggedSession]:
        """A page of the person's sessions, newest first (by day, then the latest logged first)."""
        ...

    def count(self, person_id: int) -> int:
        """How many sessions the person has logged or imported."""

    def last_sets(
        self, person_id: int, exercise_ids: Sequence[str], *, before: date
    ) -> dict[str, tuple[date, list[LoggedSet]]]:
        """For each exercise the person did before `before`: the day they last did it and that time's sets, in order
        (the newest session with it; an exercise never done is not in the result)."""

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

    def delete_from_sessions(self, session_ids: Sequence[int], *, program_id: int | None = None) -> None:
        """What these logged sessions (and their check-ins) wrote: in one programme, or in every one when None."""

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

    def set_email(self, account_id: int, email: str) -> None: ...

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

    # backups: the sign-in travels (services/backup.py says why sessions, tokens and the rest do not)
    def account_of(self, person_id: int) -> AccountOf | None: ...

    def restore_account(self, person_id: int, account: AccountOf) -> None: ...


class IdempotencyRepository(Protocol):
    """The keys clients send with a logged session, so the same request twice stores one session."""

    def find(self, person_id: int, key: str) -> StoredKey | None: ...

    def claim(self, person_id: int, key: str, request_hash: str, session_id: int, *, now: datetime) -> bool:
        """Keep `key` for the session just stored; False (and nothing kept) when the person holds the key already
        (another request with it was stored meanwhile)."""
        ...

    def forget_before(self, person_id: int, cutoff: datetime) -> None:
        """Let go of the person's keys kept since before `cutoff` (expired)."""


class CareRepository(Protocol):
    """Clinicians, practices, invitations and the clients' grants (issue 16), with the thread, notes and
    acknowledged alerts. Who may see whom is read from here on every request: nothing of it is cached."""

    def clinician(self, person_id: int) -> ClinicianRecord | None: ...

    def add_clinician(
        self, person_id: int, *, kind: ClinicianKind, practice_name: str | None, at: datetime
    ) -> ClinicianRecord:
        """Make the person a clinician; with a practice name, a new practice they own."""
        ...

    def join_practice(self, person_id: int, practice_id: int) -> None:
        """A clinician without a practice joins one as a member."""
        ...

    def practice_members(self, practice_id: int) -> list[ClinicianRecord]: ...

    def add_invitation(
        self, *, code_hash: str, direction: Direction, from_person_id: int, at: datetime, expires_at: datetime
    ) -> InvitationRecord: ...

    def invitation(self, code_hash: str) -> InvitationRecord | None: ...

    def use_invitation(self, invitation_id: int, *, by_person_id: int, at: datetime) -> bool:
        """Mark it used, only if no one has: False when it was used already (single use, even under a race)."""
        ...

    def add_grant(
        self, *, client_person_id: int, clinician_person_id: int, practice_id: int | None, invitation_id: int | None,
        at: datetime,
    ) -> GrantRecord: ...  # fmt: skip

    def grants_of_client(self, client_person_id: int) -> list[GrantRecord]:
        """The client's live (not revoked) grants, oldest first."""
        ...

    def revoke_grant(self, client_person_id: int, grant_id: int, *, at: datetime) -> bool:
        """End one of the client's live grants; False when the client has no such live grant."""
        ...

    def can_see(self, viewer_person_id: int, client_person_id: int) -> bool:
        """A live, accepted grant of the client's to the viewer or to the viewer's practice."""
        ...

    def clients_of(self, viewer_person_id: int) -> list[int]:
        """Every client the viewer may see now (their own and their practice's), by person id, ascending."""
        ...

    def add_message(
        self, client_person_id: int, *, author_person_id: int, body: str, at: datetime
    ) -> CareMessageRecord: ...

    def messages(self, client_person_id: int) -> list[CareMessageRecord]:
        """The client's thread, oldest first."""
        ...

    def add_note(self, client_person_id: int, *, author_person_id: int, body: str, at: datetime) -> CareNoteRecord: ...

    def notes(self, client_person_id: int) -> list[CareNoteRecord]:
        """The clinicians' notes on the client, oldest first."""
        ...

    def acknowledge(self, client_person_id: int, alert_key: str, *, by_person_id: int, at: datetime) -> None:
        """Note an alert as acknowledged (once: a second acknowledgement changes nothing)."""
        ...

    def acknowledged(self, client_person_id: int) -> set[str]: ...

    def outcome_interval(self, client_person_id: int) -> int | None:
        """The days between outcome checks a clinician chose for the client (None: the default)."""
        ...

    def set_outcome_interval(
        self, client_person_id: int, every_days: int, *, by_person_id: int, at: datetime
    ) -> None: ...

    def caseload_inputs(
        self, client_person_ids: Sequence[int], *, since: date, until: date, pain_since: date
    ) -> list[CaseloadInputs]:
        """The dashboard's reads of every client at once (planned and logged days from `since` to `until`, the last
        session up to `until`, pain readings from `pain_since` and the latest two, outcome answers, acks)."""

    # backups (services/backup.py)
    def practices(self, practice_ids: Sequence[int] | None = None) -> list[PracticeOf]:
        """Every practice (or those of `practice_ids`), by id."""
        ...

    def restore_practice(self, name: str, *, created_at: datetime) -> int: ...

    def delete_practices(self) -> None:
        """Every practice (a restore with --replace: no person's cascade takes them)."""
        ...

    def care_of(self, person_id: int) -> CareOf:
        """The person's clinician role and invitations, and as a client their grants (revoked ones too), thread,
        the notes and acknowledged alerts about them, their outcome schedule, and each reader's read mark on their
        thread (a message named by its place in the thread)."""
        ...

    def restore_care(self, person_id: int, care: CareOf) -> None:
        """Write `care` as the person's (a grant's invitation, named by its code's hash, must be stored already)."""
        ...

    def invite_to_practice(self, practice_id: int, email: str, *, by_person_id: int, at: datetime) -> None:
        """A pending invitation of `email` (lower case) to the practice; inviting again changes nothing."""
        ...

    def pending_practice_invitations(self, practice_id: int) -> list[PracticeInvitationRecord]:
        """The practice's invitations no one has accepted yet, oldest first."""
        ...

    def practice_invitations_for(self, person_id: int) -> list[PracticeInvitationRecord]:
        """The pending invitations to the email of the person's account, oldest first."""
        ...

    def accept_practice_invitation(self, invitation_id: int, *, at: datetime) -> bool:
        """Mark it accepted, only if pending: False when it was accepted already."""
        ...

    def drop_practice_invitation(self, invitation_id: int) -> bool:
        """Delete a pending invitation (cancelled, declined, or expired and made anew): False when none is pending
        with that id. Takes effect at once, so the same email may be invited again in the same transaction."""
        ...

    def mark_read(self, client_person_id: int, reader_person_id: int, message_id: int, *, at: datetime) -> None:
        """The reader has seen the client's thread up to `message_id` (a later call never moves it back)."""
        ...

    def unread(self, reader_person_id: int, client_person_ids: Sequence[int]) -> dict[int, int]:
        """For each client thread, the messages from the other side the reader has not seen: for the client, their
        clinicians' messages; for a clinician, the client's. Threads with none are left out."""
        ...

    def last_read(self, client_person_id: int, reader_person_id: int) -> int:
        """The latest message id of the thread the reader has seen (0: none)."""
        ...

    def practice_invitation_records(self, practice_ids: Sequence[int] | None = None) -> list[PracticeInvitationOf]:
        """Every practice's invitations by email (or those of `practice_ids`), pending and accepted, oldest first
        (backups: services/backup.py)."""
        ...

    def restore_practice_invitations(self, invitations: Sequence[PracticeInvitationOf]) -> None:
        """Write the invitations back as they were (their practices stored already)."""
        ...


class SettingsRepository(Protocol):
    def get(self, person_id: int) -> PersonSettings | None:
        """The person's settings, or None when they have not chosen any."""
        ...

    def put(self, person_id: int, settings: PersonSettings) -> None:
        """Store the person's settings (replacing what was there)."""
        ...


class AdjustmentsRepository(Protocol):
    """The append-only log of changes to a programme's plan (domain.planner.adjustments): the audit trail."""

    def for_program(self, program_id: int) -> list[Adjustment]:
        """Every adjustment of the programme, oldest first, undone ones and the undos included."""
        ...

    def add(
        self, *, person_id: int, program_id: int, change: Change, author: Author, reason: str, at: datetime
    ) -> Adjustment: ...


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

    @property
    def idempotency(self) -> IdempotencyRepository: ...

    @property
    def care(self) -> CareRepository: ...

    @property
    def settings(self) -> SettingsRepository: ...

    @property
    def adjustments(self) -> AdjustmentsRepository: ...

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
