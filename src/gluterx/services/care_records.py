"""The read models of care (issue 16): what the store gives back about clinicians, grants, invitations, messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gluterx.domain.care import ClinicianKind, Direction, PracticeRole


@dataclass(frozen=True, slots=True)
class ClinicianRecord:
    person_id: int
    display_name: str
    kind: ClinicianKind
    practice_id: int | None
    practice_name: str | None
    practice_role: PracticeRole | None


@dataclass(frozen=True, slots=True)
class InvitationRecord:
    id: int
    direction: Direction
    from_person_id: int
    created_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class GrantRecord:
    """A client's consent: `clinician_person_id` (and everyone in `practice_id`) may see the client's data from
    `accepted_at` until `revoked_at`."""

    id: int
    client_person_id: int
    clinician_person_id: int
    practice_id: int | None
    granted_at: dt.datetime
    accepted_at: dt.datetime | None
    revoked_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class CareText:
    """Words written about a client (`author_person_id` None once the author's account is gone)."""

    id: int
    client_person_id: int
    author_person_id: int | None
    body: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class CareMessageRecord(CareText):
    """A message of the thread between a client and their clinicians."""


@dataclass(frozen=True, slots=True)
class CareNoteRecord(CareText):
    """A clinician's note about a client (not shown to the client)."""


@dataclass(frozen=True, slots=True)
class CaseloadInputs:
    """What the dashboard reads of one client, read for the whole caseload at once (a few queries, not a few per
    client): the planned (not optional) and logged session days in the adherence window, the last session, the pain
    readings in the alert window (with at least the latest two however old), the first and latest outcome answers
    as (pain, PSFS mean), and the keys of the alerts already acknowledged."""

    person_id: int
    name: str
    planned: tuple[dt.date, ...]
    done: tuple[dt.date, ...]
    last_session: dt.date | None
    readings: tuple[tuple[dt.date, int], ...]
    first_outcome: tuple[int, float] | None
    latest_outcome: tuple[int, float] | None
    acknowledged: frozenset[str]


@dataclass(frozen=True, slots=True)
class PracticeInvitationRecord:
    """A practice owner's pending invitation of a colleague, by the email they typed."""

    id: int
    practice_id: int
    practice_name: str
    email: str
    invited_by_person_id: int | None
    created_at: dt.datetime
