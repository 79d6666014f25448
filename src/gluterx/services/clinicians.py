"""Clinicians and their clients (issue 16): becoming a clinician, invitations both ways, grants the client can end,
the caseload dashboard, a client's page, the thread, notes and acknowledged alerts.

Every read of a client's data goes through `require_access` first: a live, accepted grant of the client's to the
clinician (or to the clinician's practice), read from the store on this request (nothing is cached, so a grant
ended through one server is refused by every other at once). A clinician without access gets "missing" (404), the
same as for a person who does not exist, so a probe learns nothing. The client's data itself is read by the
person's own use cases (today, programme, outcomes, history, report) with the client's person id, never copied.

Plan editing by the clinician (swap, add/remove, dose, lock, item notes) belongs to the plan-adjustment model
(services/adjustments, another engineer's); `ClientView.programme` is what it will act on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from gluterx.domain.care import (
    INVITATION_DAYS,
    ClinicianKind,
    Direction,
    PainTrend,
    PracticeRole,
    adherence,
    attention_key,
    pain_trend,
)
from gluterx.domain.exercise import Library
from gluterx.domain.outcomes import Verdict, pain_change, psfs_change
from gluterx.domain.progression.alerts import Alert, AlertLevel, alerts
from gluterx.services import history as history_service
from gluterx.services.accounts import EMAIL, normalise_email
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
from gluterx.services.outcomes import OutcomeHistory, outcome_history
from gluterx.services.ports import UnitOfWork, read_only
from gluterx.services.programme import Programme, programme
from gluterx.services.text import control_character

__all__ = [
    "CODE_ALPHABET",
    "Caseload",
    "CaseloadRow",
    "ClientAlert",
    "ClientView",
    "Member",
    "NewInvitation",
    "PracticeInvitation",
    "Thread",
    "ThreadMessage",
    "WhoCanSee",
    "accept_invitation",
    "acknowledge_alert",
    "add_note",
    "add_practice_member",
    "assign_outcomes",
    "become_clinician",
    "cancel_practice_invitation",
    "caseload",
    "check_client",
    "client_checkins",
    "client_invite",
    "client_programme",
    "client_view",
    "clinician_invite",
    "clinician_of",
    "decline_practice_invitation",
    "invitation_preview",
    "invited_colleagues",
    "join_practice",
    "mark_thread_read",
    "practice_invitations",
    "practice_members",
    "require_access",
    "require_clinician",
    "revoke_grant",
    "send_message",
    "thread",
    "unread_messages",
    "who_can_see",
]

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from paper
CODE_LENGTH = 12  # 60 bits: guessing one of the live codes is hopeless
MAX_PRACTICE_NAME = 120
MAX_MESSAGE = 4000
MAX_EMAIL = 254
ADHERENCE_DAYS = (7, 28)
PAIN_DAYS = 42  # readings the trend and alerts read (three weeks are needed for "rising week to week")


# ------------------------------------------------------------------------------------------------ results


@dataclass(frozen=True, slots=True)
class NewInvitation:
    """A code just made: shown this once (only its hash is stored), single use, until `expires_at`."""

    code: str
    direction: Direction
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Member:
    """A clinician as a client sees them: name, kind and practice."""

    person_id: int
    name: str
    kind: ClinicianKind
    practice_name: str | None


@dataclass(frozen=True, slots=True)
class PracticeInvitation:
    """An invitation to join a practice, waiting for the clinician signed in with `email` to accept (or decline) it
    until `expires_at` (as long as a client's invitation lasts); an expired one (`status` expired,
    listed to its practice only) can only be cancelled, or made anew by inviting the email again."""

    id: int
    practice_name: str
    email: str
    invited_by: str
    created_at: datetime
    expires_at: datetime
    status: Literal["invited", "expired"]

    @property
    def expired(self) -> bool:
        return self.status == "expired"


@dataclass(frozen=True, slots=True)
class InvitationView:
    """What accepting a code would do: who made it, and who would see whose data."""

    direction: Direction
    from_name: str
    clinician: Member | None  # a clinician's invitation: that clinician
    practice_members: tuple[Member, ...]  # everyone in that clinician's practice, who would see the data too
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class GrantView:
    """One grant the client gave: to whom, since when, and who in the practice sees the data through it."""

    id: int
    clinician: Member
    accepted_at: datetime | None
    practice_members: tuple[Member, ...]


@dataclass(frozen=True, slots=True)
class WhoCanSee:
    """Everyone who can see the client's data now, grant by grant (each can be ended)."""

    grants: tuple[GrantView, ...]


@dataclass(frozen=True, slots=True)
class ThreadMessage:
    id: int
    author_person_id: int | None
    author_name: str
    from_client: bool
    body: str
    created_at: datetime
    unread: bool = False  # from the other side, and after what the reader has seen


@dataclass(frozen=True, slots=True)
class Thread:
    """A client's thread as one reader sees it (the client, or one of their clinicians): each message marked unread
    when it came from the other side after what that reader last saw."""

    client_person_id: int
    messages: tuple[ThreadMessage, ...]

    @property
    def latest_from_clinician(self) -> ThreadMessage | None:
        return next((m for m in reversed(self.messages) if not m.from_client), None)

    @property
    def unread(self) -> int:
        return sum(1 for m in self.messages if m.unread)

    @property
    def latest_id(self) -> int | None:
        return self.messages[-1].id if self.messages else None


@dataclass(frozen=True, slots=True)
class ClientAlert:
    """An alert the engine raises for the client today, with the key a clinician acknowledges it by."""

    key: str
    level: AlertLevel
    message: str
    sources: tuple[str, ...]
    acknowledged: bool


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    person_id: int
    name: str
    adherence_7: float | None
    adherence_28: float | None
    pain_trend: PainTrend
    latest_pain: int | None
    latest_pain_date: dt.date | None
    open_alerts: tuple[ClientAlert, ...]
    pain_verdict: Verdict | None  # NPRS, first against latest, against its MIC
    function_verdict: Verdict | None  # PSFS likewise
    last_session: dt.date | None
    unread: int = 0  # the client's messages this clinician has not read

    @property
    def top_level(self) -> AlertLevel | None:
        return max((a.level for a in self.open_alerts), key=lambda lv: lv.rank, default=None)


@dataclass(frozen=True, slots=True)
class Caseload:
    """The clinician's clients, who needs attention first (domain/care.attention_key), after the filters."""

    today: dt.date
    clinician: ClinicianRecord
    rows: tuple[CaseloadRow, ...]
    total: int  # before the filters
    query: str
    only_alerts: bool


@dataclass(frozen=True, slots=True)
class ClientView:
    """A client's page: their overview row, profile data, programme (with each item's reason), history,
    outcome measures, alerts, notes and the thread."""

    row: CaseloadRow
    profile: dict[str, object] | None
    programme: Programme | None
    history: history_service.History
    outcomes: OutcomeHistory
    alerts: tuple[ClientAlert, ...]
    notes: tuple[tuple[str, CareNoteRecord], ...]  # (author's name, note)
    thread: Thread


# ------------------------------------------------------------------------------------------------ helpers


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).upper()


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def _name(uow: UnitOfWork, person_id: int | None) -> str:
    person = uow.people.get(person_id) if person_id is not None else None
    return (person.display_name if person else "") or "Someone"


def _member(uow: UnitOfWork, clinician: ClinicianRecord) -> Member:
    return Member(clinician.person_id, clinician.display_name or "Your clinician", clinician.kind,
                  clinician.practice_name)  # fmt: skip


def _text(field: str, value: str, limit: int) -> str:
    value = value.strip()
    problems = []
    if not value:
        problems.append(Problem(field, "required"))
    elif len(value) > limit:
        problems.append(Problem(field, "too_long", {"max_length": limit, "unit": "characters"}))
    elif problem := control_character(field, value):
        problems.append(problem)
    if problems:
        raise ServiceError(problems)
    return value


def alert_key(alert: Alert) -> str:
    """The alert's stable identity (domain Alert.key: its kind, level and occasion), what an acknowledgement keys
    on: the inactivity alert says "N days" afresh each day and stays acknowledged until the client trains again."""
    return alert.key


def _legacy_key(alert: Alert) -> str:
    """The key acknowledgements were stored under before alerts had an identity (a hash of the level and words).
    Read tolerantly: such a stored key still covers the alert while its words are the same; new ones use `key`."""
    return hashlib.sha256(f"{alert.level.value}|{alert.message}".encode()).hexdigest()[:32]


def _acknowledged(alert: Alert, acknowledged: frozenset[str]) -> bool:
    return alert.key in acknowledged or _legacy_key(alert) in acknowledged


def require_clinician(uow: UnitOfWork, person_id: int) -> ClinicianRecord:
    """The clinician record, or "forbidden" for a person who is not a clinician."""
    found = uow.care.clinician(person_id)
    if found is None:
        raise ServiceError([Problem("", "not_a_clinician")], code="forbidden")
    return found


def _owned_practice(uow: UnitOfWork, person_id: int, refused: Problem) -> int:
    """The id of the practice the clinician owns; `refused` ("forbidden") when they own none (a member's practice
    is not theirs to invite to or cancel for)."""
    me = require_clinician(uow, person_id)
    if me.practice_id is None or me.practice_role is not PracticeRole.OWNER:
        raise ServiceError([refused], code="forbidden")
    return me.practice_id


def require_access(uow: UnitOfWork, viewer_person_id: int, client_person_id: int) -> None:
    """Refuse ("missing") unless the client has a live, accepted grant to the viewer or the viewer's practice.

    Read in the store on every call: never cached."""
    if client_person_id == viewer_person_id or not uow.care.can_see(viewer_person_id, client_person_id):
        raise ServiceError([Problem("client_id", "no_client", {"client_id": client_person_id})], code="missing")


def check_client(uow: UnitOfWork, *, person_id: int, client_id: int) -> None:
    """Refuse unless the person is a clinician who may see the client now (for a download made elsewhere)."""
    with read_only(uow) as reading:
        require_clinician(reading, person_id)
        require_access(reading, person_id, client_id)


# ------------------------------------------------------------------------------------------------ clinicians


def clinician_of(uow: UnitOfWork, *, person_id: int) -> ClinicianRecord | None:
    with read_only(uow) as reading:
        return reading.care.clinician(person_id)


def become_clinician(
    uow: UnitOfWork, *, person_id: int, kind: str, practice_name: str, now: datetime
) -> ClinicianRecord:
    """Make the signed-in person a trainer or physiotherapist; a practice name makes a practice they own."""
    problems = []
    try:
        chosen = ClinicianKind(kind)
    except ValueError:
        problems.append(Problem("kind", "not_a_choice", {"expected": "trainer, physio"}))
    practice = practice_name.strip()
    if len(practice) > MAX_PRACTICE_NAME:
        problems.append(Problem("practice_name", "too_long", {"max_length": MAX_PRACTICE_NAME, "unit": "characters"}))
    elif problem := control_character("practice_name", practice):
        problems.append(problem)
    if problems:
        raise ServiceError(problems)
    with uow:
        if uow.care.clinician(person_id) is not None:
            raise ServiceError([Problem("", "already_clinician")], code="conflict")
        made = uow.care.add_clinician(person_id, kind=chosen, practice_name=practice or None, at=now)
        uow.commit()
        return made


def practice_members(uow: UnitOfWork, *, person_id: int) -> tuple[ClinicianRecord, ...]:
    """Everyone in the clinician's practice (themselves included); empty without a practice."""
    with read_only(uow) as reading:
        me = require_clinician(reading, person_id)
        return tuple(reading.care.practice_members(me.practice_id)) if me.practice_id is not None else ()


def add_practice_member(uow: UnitOfWork, *, person_id: int, email: str, now: datetime) -> PracticeInvitation:
    """The practice's owner invites a colleague by email. The answer is the same whatever the email: whether it has
    an account, is a clinician's or is in a practice already is not told (so the form cannot be used to find out who
    has an account). The colleague sees the invitation once signed in as a clinician with that email, and joins
    the practice by accepting it (`join_practice`) before it expires; inviting again changes nothing while it is
    live, and makes an expired one anew (from now)."""
    address = normalise_email(email)
    if not EMAIL.match(address) or len(email.strip()) > MAX_EMAIL or control_character("email", address):
        raise ServiceError([Problem("email", "invalid_email")])
    with uow:
        practice_id = _owned_practice(uow, person_id, Problem("email", "not_practice_owner"))
        pending = {i.email: i for i in uow.care.pending_practice_invitations(practice_id)}
        if address in pending and _expires(pending[address]) <= now:  # expired: made anew, from now
            uow.care.drop_practice_invitation(pending[address].id)
        uow.care.invite_to_practice(practice_id, address, by_person_id=person_id, at=now)
        uow.commit()
        found = next(i for i in uow.care.pending_practice_invitations(practice_id) if i.email == address)
        return _practice_invitation(uow, found, now)


def _expires(found: PracticeInvitationRecord) -> datetime:
    return found.created_at + timedelta(days=INVITATION_DAYS.value)


def _practice_invitation(uow: UnitOfWork, found: PracticeInvitationRecord, now: datetime) -> PracticeInvitation:
    expires = _expires(found)
    return PracticeInvitation(found.id, found.practice_name, found.email, _name(uow, found.invited_by_person_id),
                              found.created_at, expires, "expired" if expires <= now else "invited")  # fmt: skip


def practice_invitations(uow: UnitOfWork, *, person_id: int, now: datetime) -> tuple[PracticeInvitation, ...]:
    """The practices that invited the email of the person's account, waiting for them to accept or decline (a
    person who is not a clinician yet sees them too: they set up their clinician account first, then accept).
    Expired invitations are left out: the practice's owner invites again."""
    with read_only(uow) as reading:
        found = (_practice_invitation(reading, i, now) for i in reading.care.practice_invitations_for(person_id))
        return tuple(i for i in found if not i.expired)


def invited_colleagues(uow: UnitOfWork, *, person_id: int, now: datetime) -> tuple[PracticeInvitation, ...]:
    """The colleagues the clinician's practice invited who have not accepted (nor declined) yet, the expired ones
    marked so (empty without a practice)."""
    with read_only(uow) as reading:
        me = require_clinician(reading, person_id)
        if me.practice_id is None:
            return ()
        return tuple(
            _practice_invitation(reading, i, now) for i in reading.care.pending_practice_invitations(me.practice_id)
        )


def cancel_practice_invitation(uow: UnitOfWork, *, person_id: int, invitation_id: int) -> None:
    """The practice's owner takes back a pending invitation (live or expired): it can no longer be accepted."""
    with uow:
        practice_id = _owned_practice(uow, person_id, Problem("invitation_id", "only_owner_cancels"))
        ours = {i.id for i in uow.care.pending_practice_invitations(practice_id)}
        if invitation_id not in ours or not uow.care.drop_practice_invitation(invitation_id):
            raise ServiceError([Problem("invitation_id", "no_sent_practice_invitation")], code="missing")
        uow.commit()


def decline_practice_invitation(uow: UnitOfWork, *, person_id: int, invitation_id: int) -> None:
    """Say no to a practice's invitation to the email of the person's account (a clinician or not yet): it goes,
    and the owner's list no longer shows it (they may invite again)."""
    with uow:
        mine = {i.id for i in uow.care.practice_invitations_for(person_id)}
        if invitation_id not in mine or not uow.care.drop_practice_invitation(invitation_id):
            raise ServiceError([Problem("invitation_id", "no_practice_invitation")], code="missing")
        uow.commit()


def join_practice(uow: UnitOfWork, *, person_id: int, invitation_id: int, now: datetime) -> ClinicianRecord:
    """Accept a practice's invitation to the email of the person's account, before it expires: from now on they
    share its client list. A clinician in a practice already must leave it first (there is one practice each)."""
    with uow:
        me = require_clinician(uow, person_id)
        found = next((i for i in uow.care.practice_invitations_for(person_id) if i.id == invitation_id), None)
        if found is None:
            raise ServiceError([Problem("invitation_id", "no_practice_invitation")], code="missing")
        if _expires(found) <= now:
            raise ServiceError([Problem("invitation_id", "practice_invitation_expired")], code="conflict")
        if me.practice_id is not None:
            raise ServiceError([Problem("invitation_id", "in_a_practice")], code="conflict")
        if not uow.care.accept_practice_invitation(found.id, at=now):
            raise ServiceError([Problem("invitation_id", "no_practice_invitation")], code="missing")
        uow.care.join_practice(person_id, found.practice_id)
        uow.commit()
        return require_clinician(uow, person_id)


# ------------------------------------------------------------------------------------------------ invitations


def _invite(uow: UnitOfWork, person_id: int, direction: Direction, now: datetime) -> NewInvitation:
    code = _new_code()
    expires = now + timedelta(days=INVITATION_DAYS.value)
    uow.care.add_invitation(code_hash=hash_code(code), direction=direction, from_person_id=person_id, at=now,
                            expires_at=expires)  # fmt: skip
    uow.commit()
    return NewInvitation(code, direction, expires)


def clinician_invite(uow: UnitOfWork, *, person_id: int, now: datetime) -> NewInvitation:
    """A clinician's single-use code for a client (care_invitation_days, gluterx_policy)."""
    with uow:
        require_clinician(uow, person_id)
        return _invite(uow, person_id, Direction.TO_CLIENT, now)


def client_invite(uow: UnitOfWork, *, person_id: int, now: datetime) -> NewInvitation:
    """A client's single-use code for a clinician of their choice."""
    with uow:
        return _invite(uow, person_id, Direction.TO_CLINICIAN, now)


def _usable(uow: UnitOfWork, code: str, person_id: int, now: datetime) -> tuple[InvitationRecord, ClinicianRecord]:
    """A live code this person may accept, and the clinician it joins the client to; the reasons otherwise."""
    found = None
    if code.strip() and len(code) <= 64 and not control_character("code", code):
        found = uow.care.invitation(hash_code(code))
    if found is None:
        raise ServiceError([Problem("code", "invitation_unknown")], code="missing")
    if found.used_at is not None:
        raise ServiceError([Problem("code", "invitation_used")], code="conflict")
    if found.expires_at <= now:
        raise ServiceError([Problem("code", "invitation_expired")], code="conflict")
    if found.from_person_id == person_id:
        raise ServiceError([Problem("code", "invitation_own")])
    _client, clinician_id = _parties(found.direction, found.from_person_id, person_id)
    clinician = uow.care.clinician(clinician_id)
    if clinician is None and found.direction is Direction.TO_CLINICIAN:
        raise ServiceError([Problem("code", "invitation_for_clinician")], code="forbidden")
    if clinician is None:  # the clinician who made it is no longer one
        raise ServiceError([Problem("code", "invitation_unknown")], code="missing")
    return found, clinician


def _parties(direction: Direction, from_person: int, acceptor: int) -> tuple[int, int]:
    """(client, clinician) of an invitation."""
    return (acceptor, from_person) if direction is Direction.TO_CLIENT else (from_person, acceptor)


def invitation_preview(uow: UnitOfWork, *, code: str, person_id: int, now: datetime) -> InvitationView:
    """What accepting the code would do, before the person says yes."""
    with read_only(uow) as reading:
        found, clinician = _usable(reading, code, person_id, now)
        members = _practice(reading, clinician)
        return InvitationView(found.direction, _name(reading, found.from_person_id), _member(reading, clinician),
                              members, found.expires_at)  # fmt: skip


def _practice(uow: UnitOfWork, clinician: ClinicianRecord) -> tuple[Member, ...]:
    if clinician.practice_id is None:
        return ()
    return tuple(
        _member(uow, m) for m in uow.care.practice_members(clinician.practice_id) if m.person_id != clinician.person_id
    )


def accept_invitation(uow: UnitOfWork, *, code: str, person_id: int, now: datetime) -> GrantRecord:
    """Use the code once: the client's data becomes visible to the clinician (and their practice) from now on."""
    with uow:
        found, clinician = _usable(uow, code, person_id, now)
        client, _clinician = _parties(found.direction, found.from_person_id, person_id)
        if uow.care.can_see(clinician.person_id, client):
            raise ServiceError([Problem("code", "already_connected")], code="conflict")
        if not uow.care.use_invitation(found.id, by_person_id=person_id, at=now):  # someone was faster
            raise ServiceError([Problem("code", "invitation_used")], code="conflict")
        grant = uow.care.add_grant(client_person_id=client, clinician_person_id=clinician.person_id,
                                   practice_id=clinician.practice_id, invitation_id=found.id, at=now)  # fmt: skip
        uow.commit()
        return grant


def who_can_see(uow: UnitOfWork, *, person_id: int) -> WhoCanSee:
    """The person's live grants: each clinician and the practice colleagues who see the data through them."""
    with read_only(uow) as reading:
        views = []
        for grant in reading.care.grants_of_client(person_id):
            clinician = reading.care.clinician(grant.clinician_person_id)
            if clinician is None:
                continue
            members = _practice(reading, clinician) if grant.practice_id == clinician.practice_id else ()
            views.append(GrantView(grant.id, _member(reading, clinician), grant.accepted_at, members))
        return WhoCanSee(tuple(views))


def revoke_grant(uow: UnitOfWork, *, person_id: int, grant_id: int, now: datetime) -> None:
    """End one of the person's grants: from this moment its clinician (and practice) see nothing more."""
    with uow:
        if not uow.care.revoke_grant(person_id, grant_id, at=now):
            raise ServiceError([Problem("grant_id", "no_grant", {"grant_id": grant_id})], code="missing")
        uow.commit()


# ------------------------------------------------------------------------------------------------ the thread


def _thread(uow: UnitOfWork, client: int, reader: int) -> Thread:
    names: dict[int | None, str] = {}
    messages = []
    seen = uow.care.last_read(client, reader)
    for m in uow.care.messages(client):
        if m.author_person_id not in names:
            names[m.author_person_id] = _name(uow, m.author_person_id)
        from_client = m.author_person_id == client
        other_side = from_client if reader != client else not from_client
        messages.append(ThreadMessage(m.id, m.author_person_id, names[m.author_person_id], from_client, m.body,
                                      m.created_at, other_side and m.id > seen))  # fmt: skip
    return Thread(client, tuple(messages))


def thread(uow: UnitOfWork, *, person_id: int, client_id: int | None = None) -> Thread:
    """The thread of a client: the person's own (client_id None), or a client's the person may see; what the person
    has not read yet is marked (reading it does not mark it read: `mark_thread_read` does)."""
    with read_only(uow) as reading:
        client = person_id if client_id is None else client_id
        if client_id is not None:
            require_access(reading, person_id, client_id)
        return _thread(reading, client, person_id)


def mark_thread_read(
    uow: UnitOfWork, *, person_id: int, up_to: int | None, now: datetime, client_id: int | None = None
) -> None:
    """The person has seen the thread (their own, or a client's they may see) up to message `up_to`, the latest they
    were shown (a message that came in meanwhile stays unread). Each reader has their own mark."""
    if up_to is None:
        return
    with uow:
        client = person_id if client_id is None else client_id
        if client_id is not None:
            require_access(uow, person_id, client_id)
        uow.care.mark_read(client, person_id, up_to, at=now)
        uow.commit()


def unread_messages(uow: UnitOfWork, *, person_id: int) -> int:
    """The clinicians' messages in the person's own thread they have not read yet."""
    with read_only(uow) as reading:
        return reading.care.unread(person_id, [person_id]).get(person_id, 0)


def send_message(
    uow: UnitOfWork, *, person_id: int, body: str, now: datetime, client_id: int | None = None
) -> CareMessageRecord:
    """A message in a client's thread: by the client (client_id None), or by a clinician who may see them. A client
    writes only while someone can read it (a live grant)."""
    text = _text("body", body, MAX_MESSAGE)
    with uow:
        client = person_id if client_id is None else client_id
        if client_id is not None:
            require_access(uow, person_id, client_id)
        elif not uow.care.grants_of_client(person_id):
            raise ServiceError([Problem("body", "no_clinician")], code="conflict")
        made = uow.care.add_message(client, author_person_id=person_id, body=text, at=now)
        uow.commit()
        return made


def add_note(uow: UnitOfWork, *, person_id: int, client_id: int, body: str, now: datetime) -> CareNoteRecord:
    text = _text("body", body, MAX_MESSAGE)
    with uow:
        require_access(uow, person_id, client_id)
        made = uow.care.add_note(client_id, author_person_id=person_id, body=text, at=now)
        uow.commit()
        return made


def acknowledge_alert(
    uow: UnitOfWork, *, person_id: int, client_id: int, key: str, today: dt.date, now: datetime
) -> None:
    """Acknowledge one of the client's alerts of `today` (by its key): it leaves the open alerts."""
    with uow:
        require_access(uow, person_id, client_id)
        keys = {a.key for a in _alerts(uow, client_id, today)}
        if not any(hmac.compare_digest(key, k) for k in keys):
            raise ServiceError([Problem("key", "no_alert")], code="missing")
        uow.care.acknowledge(client_id, key, by_person_id=person_id, at=now)
        uow.commit()


OUTCOME_WEEKS = (1, 12)  # the intervals a clinician may choose, in weeks (gluterx_policy)


def assign_outcomes(uow: UnitOfWork, *, person_id: int, client_id: int, every_weeks: int, now: datetime) -> None:
    """Ask the client the outcome measures every `every_weeks` weeks from their programme's start (their Today
    page, the outcomes page and the API follow it); 4 weeks until a clinician chooses (outcome_interval_days)."""
    low, high = OUTCOME_WEEKS
    if isinstance(every_weeks, bool) or not isinstance(every_weeks, int) or not low <= every_weeks <= high:
        raise ServiceError([Problem("every_weeks", "week_count_out_of_range", {"low": low, "high": high})])
    with uow:
        require_clinician(uow, person_id)
        require_access(uow, person_id, client_id)
        uow.care.set_outcome_interval(client_id, every_weeks * 7, by_person_id=person_id, at=now)
        uow.commit()


# ------------------------------------------------------------------------------------------------ reading clients


def _inputs(uow: UnitOfWork, clients: list[int], today: dt.date) -> list[CaseloadInputs]:
    since = today - timedelta(days=max(ADHERENCE_DAYS) - 1)
    return uow.care.caseload_inputs(clients, since=since, until=today, pain_since=today - timedelta(days=PAIN_DAYS))


def _alerts_of(found: CaseloadInputs, today: dt.date) -> tuple[ClientAlert, ...]:
    """The engine's pain and engagement alerts for the client today (MedBridge's levels, with inactivity: the same
    rule and words as the client's own Today page), each marked acknowledged or not."""
    raised = alerts(found.readings, today=today, last_session=found.last_session)
    return tuple(
        ClientAlert(alert_key(a), a.level, a.message, a.sources, _acknowledged(a, found.acknowledged)) for a in raised
    )


def _alerts(uow: UnitOfWork, client: int, today: dt.date) -> tuple[ClientAlert, ...]:
    return _alerts_of(_inputs(uow, [client], today)[0], today)


def _row(found: CaseloadInputs, today: dt.date, unread: int = 0) -> CaseloadRow:
    windows = {
        n: adherence(found.planned, found.done, first=today - timedelta(days=n - 1), last=today) for n in ADHERENCE_DAYS
    }
    latest = found.readings[-1] if found.readings else None
    open_alerts = tuple(a for a in _alerts_of(found, today) if not a.acknowledged)
    pain_v = fn_v = None
    if (
        found.first_outcome is not None
        and found.latest_outcome is not None
        and found.first_outcome != found.latest_outcome
    ):
        pain_v = pain_change(found.first_outcome[0], found.latest_outcome[0]).verdict
        fn_v = psfs_change(found.first_outcome[1], found.latest_outcome[1]).verdict
    return CaseloadRow(
        found.person_id, found.name or "Someone", windows[7], windows[28], pain_trend(found.readings, today=today),
        latest[1] if latest else None, latest[0] if latest else None, open_alerts, pain_v, fn_v, found.last_session,
        unread,
    )  # fmt: skip


def caseload(
    uow: UnitOfWork, *, person_id: int, today: dt.date, query: str = "", only_alerts: bool = False
) -> Caseload:
    """The clinician's clients (their own and their practice's), who needs attention first."""
    with read_only(uow) as reading:
        me = require_clinician(reading, person_id)
        clients = reading.care.clients_of(person_id)
        unread = reading.care.unread(person_id, clients)
        rows = [_row(found, today, unread.get(found.person_id, 0)) for found in _inputs(reading, clients, today)]
    total = len(rows)
    wanted = query.strip().casefold()
    if wanted:
        rows = [r for r in rows if wanted in r.name.casefold()]
    if only_alerts:
        rows = [r for r in rows if r.open_alerts]
    rows.sort(
        key=lambda r: (
            attention_key([a.level for a in r.open_alerts], r.adherence_28, r.pain_trend, r.last_session, today=today),
            r.name.casefold(),
        )
    )
    return Caseload(today, me, tuple(rows), total, query.strip(), only_alerts)


def client_view(uow: UnitOfWork, library: Library, *, person_id: int, client_id: int, today: dt.date) -> ClientView:
    """A client's page for a clinician who may see them; "missing" otherwise (the same for a stranger)."""
    with read_only(uow) as reading:
        require_clinician(reading, person_id)
        require_access(reading, person_id, client_id)
        found = _inputs(reading, [client_id], today)[0]
        row = _row(found, today, reading.care.unread(person_id, [client_id]).get(client_id, 0))
        profile = reading.profiles.latest_data(client_id)
        all_alerts = _alerts_of(found, today)
        notes = tuple((_name(reading, n.author_person_id), n) for n in reading.care.notes(client_id))
        messages = _thread(reading, client_id, person_id)
    # the client's own use cases, with the client's person id (each opens its own read)
    try:
        plan: Programme | None = programme(uow, library, person_id=client_id, today=today)
    except ServiceError:
        plan = None
    past = history_service.history(uow, person_id=client_id)
    measures = outcome_history(uow, person_id=client_id, today=today)
    return ClientView(row, profile, plan, past, measures, all_alerts, notes, messages)


def client_checkins(uow: UnitOfWork, *, person_id: int, client_id: int) -> tuple[history_service.CheckinRecord, ...]:
    """A client's next-morning pain check-ins, oldest first (what the client's page charts), for a clinician who may
    see them; "missing" otherwise."""
    check_client(uow, person_id=person_id, client_id=client_id)
    return history_service.checkins(uow, person_id=client_id)


def client_programme(uow: UnitOfWork, library: Library, *, person_id: int, client_id: int, today: dt.date) -> Programme:
    """A client's whole active programme (every week and session, each item with its reason, as the plan to follow
    with every change made to it), for a clinician who may see them; "missing" otherwise, or without a programme."""
    check_client(uow, person_id=person_id, client_id=client_id)
    return programme(uow, library, person_id=client_id, today=today)
