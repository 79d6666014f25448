"""Typed records the store hands the use cases (and takes from them): domain values plus where they belong.

Read models only: frozen, no behaviour, no database types. The store (adapters/db) maps its rows to these, and the
in-memory store of the tests builds them directly, so a use case cannot tell the two apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from gluterx.domain.outcomes import Answers
from gluterx.domain.progression import Prescription

__all__ = [
    "AccountRecord",
    "FailureCounts",
    "HistoryRow",
    "LoggedExercise",
    "LoggedSession",
    "LoggedSet",
    "NoticeRecord",
    "PersonRecord",
    "PersonSettings",
    "ProfileRecord",
    "ProgramRecord",
    "SessionInfo",
    "SignedInRecord",
    "StoredCheckin",
    "StoredKey",
    "StoredOutcome",
    "StoredPrescription",
    "TokenInfo",
    "UserRecord",
]


@dataclass(frozen=True, slots=True)
class StoredPrescription:
    """The engine's word for one planned slot of a programme, and the logged session that produced it."""

    program_id: int
    planned_exercise_id: str  # the slot: the exercise the plan put there
    prescription: Prescription
    performed_session_id: int | None = None
    logged_exercise_id: str | None = None


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """Someone GluteRx coaches (or a coach)."""

    id: int
    uuid: str
    display_name: str
    role: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ProfileRecord:
    """One version of a person's profile: PROFILE.json as it was stored."""

    id: int
    person_id: int
    version: int
    data: dict[str, Any]
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ProgramRecord:
    """A programme's own fields (its planned sessions are read apart, as domain ScheduledSessions)."""

    id: int
    person_id: int
    profile_id: int
    start_date: dt.date
    weeks: int
    status: str
    screening: dict[str, Any]
    active: bool
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class StoredCheckin:
    """A next-morning pain reading and when it was written."""

    date: dt.date
    pain: int
    created_at: dt.datetime
    soreness: int | None = None  # muscle soreness, asked apart from pain (None when not given)


@dataclass(frozen=True, slots=True)
class StoredOutcome:
    """A set of outcome-measure answers and when it was written."""

    answers: Answers
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class AccountRecord:
    """A sign-in: email, password hash (never the password) and whose it is."""

    id: int
    email: str
    password_hash: str
    person_id: int


@dataclass(frozen=True, slots=True)
class UserRecord:
    """The signed-in person behind an account or a token, in one read."""

    account_id: int
    person_id: int
    email: str
    display_name: str
    role: str


# The flat history reads are NamedTuples: the store builds tens of thousands of them with `_make` straight from its
# result rows (bench/history_reads.py), several times faster than dataclasses with keyword arguments.
class LoggedSet(NamedTuple):
    reps: int
    load: float | None
    unit: str
    band: str | None
    rir: int | None
    rpe: float | None
    duration_s: float | None
    e1rm_kg: float | None
    warmup: bool


class LoggedExercise(NamedTuple):
    exercise_id: str
    pain_during: int
    felt_in: list[Any]
    sets: list[LoggedSet]


class LoggedSession(NamedTuple):
    id: int
    date: dt.date
    notes: str
    duration_s: int | None
    session_rpe: float | None
    source: str
    source_key: str | None
    created_at: dt.datetime
    leg_symptoms_spread: bool | None
    exercises: list[LoggedExercise]


class HistoryRow(NamedTuple):
    """One logged set with its session and exercise (an exercise without sets, or a session without exercises,
    gives one row with None in the columns it lacks)."""

    session_id: int
    date: dt.date
    duration_s: int | None
    session_rpe: float | None
    exercise_id: str | None
    pain_during: int | None
    reps: int | None
    load: float | None
    unit: str | None
    rir: int | None
    rpe: float | None
    warmup: bool | None


@dataclass(frozen=True, slots=True)
class SignedInRecord:
    """The person behind a live browser session or API token, and when it was last seen (to note use sparingly)."""

    user: UserRecord
    seen_at: dt.datetime | None
    revision: int = 0  # the person's revision (adapters/db/revision.py): what a result kept for them is valid for
    person_uuid: str = ""  # never reused, unlike an id: with the revision, what a kept result is valid for


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """A signed-in browser, as its owner sees it in the list of their sessions."""

    id: int
    created_at: dt.datetime
    last_seen_at: dt.datetime
    expires_at: dt.datetime
    user_agent: str
    client: str
    token_hash: str


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """An API token as its owner sees it (never the token itself)."""

    id: int
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime


@dataclass(frozen=True, slots=True)
class NoticeRecord:
    """Something the owner of an account should hear (kind: a notice code) and when it happened."""

    kind: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class FailureCounts:
    """Failed sign-ins, for the throttle: of this email from this client (since the pair's last success), the last
    of them, and from this client for any email (with the first of those)."""

    pair: int
    pair_last: dt.datetime | None
    client: int
    client_first: dt.datetime | None


@dataclass(frozen=True, slots=True)
class StoredKey:
    """An idempotency key of a logged session: the hash of the body it came with, the session it stored, and when."""

    key: str
    request_hash: str
    session_id: int
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class PersonSettings:
    """A person's settings: the unit weights are shown and entered in ("kg" | "lb"; the store keeps kg), the training
    days (ISO weekdays, 1 Monday .. 7 Sunday; empty: the planner spaces them), the time of day sessions start
    ("HH:MM", None: not chosen) and the IANA time zone they mean (None: not chosen)."""

    unit: str = "kg"
    training_days: tuple[int, ...] = ()
    training_time: str | None = None
    time_zone: str | None = None
