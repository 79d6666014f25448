"""What a backup reads of a person beyond their training (and writes back on a restore): their sign-in, their
clinician role with its invitations, and the care records kept about them as a client. People are referred to by
their store id here; `services/backup.py` turns those ids into uuids in the file and back into new ids."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = [
    "AccountOf",
    "AckOf",
    "CareOf",
    "ClinicianOf",
    "GrantOf",
    "InvitationOf",
    "PracticeOf",
    "ScheduleOf",
    "WrittenOf",
]


@dataclass(frozen=True, slots=True)
class PracticeOf:
    id: int
    name: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class AccountOf:
    """A person's sign-in: the email and the password's argon2 hash (never the password)."""

    email: str
    password_hash: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ClinicianOf:
    kind: str  # "trainer" | "physio"
    practice_id: int | None
    practice_role: str | None  # "owner" | "member"
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class InvitationOf:
    """An invitation the person made: only the SHA-256 of its code is stored."""

    code_hash: str
    direction: str  # "to_client" | "to_clinician"
    created_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None
    used_by_person_id: int | None


@dataclass(frozen=True, slots=True)
class GrantOf:
    """A grant the person (as a client) gave, live or revoked; `invitation_code_hash` names the invitation it came
    from, when it came from one."""

    clinician_person_id: int
    practice_id: int | None
    invitation_code_hash: str | None
    granted_at: dt.datetime
    accepted_at: dt.datetime | None
    revoked_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class WrittenOf:
    """A message of the client's thread, or a clinician's note on the client (author None: no longer here)."""

    author_person_id: int | None
    body: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class AckOf:
    alert_key: str
    by_person_id: int | None
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class ScheduleOf:
    every_days: int
    set_by_person_id: int | None
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class CareOf:
    """Everything of care that is the person's: their clinician role and the invitations they made, and as a client
    the grants they gave, their thread, the clinicians' notes on them, the acknowledged alerts and the outcome
    schedule. Oldest first in each."""

    clinician: ClinicianOf | None = None
    invitations: tuple[InvitationOf, ...] = ()
    grants: tuple[GrantOf, ...] = ()
    messages: tuple[WrittenOf, ...] = ()
    notes: tuple[WrittenOf, ...] = ()
    acks: tuple[AckOf, ...] = ()
    schedule: ScheduleOf | None = None
