"""Clinicians and their clients over the API (issue 16).

/clinician/...: a trainer's or physiotherapist's side (set up, invite, the caseload, a client, the thread, notes,
alerts, the client's report, the caseload CSV). /care/...: the client's side (who can see my data, invite a
clinician, accept a code, end a sharing, the thread). Every client read checks the grant in the database on this
request; without it the answer is 404, as for someone who does not exist.
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Path, Query, Response, status
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from gluterx.adapters.dates import now as _now
from gluterx.services import clinicians
from gluterx.services.care_records import ClinicianRecord
from gluterx.services.clinicians import CaseloadRow, ClientAlert, NewInvitation, Thread
from gluterx.services.contract import checkins_json, programme_json
from gluterx.services.fields import Whole
from gluterx.services.outcomes import outcomes_json
from gluterx.services.ports import Problem, ServiceError
from gluterx.services.text import PLAIN_TEXT_PATTERN

from ..care_files import caseload_download, client_report
from ..deps import ApiUser, ContainerDep
from . import router
from ._models import FIRST_DAY, LAST_DAY
from ._openapi import INVALID, MISSING, NOT_SIGNED_IN, Problems
from .program import Program
from .training import Checkin

ClientId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The client's id, as the caseload gives it.")]
GrantId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The id `GET /care` gives each sharing.")]
InvitationId = Annotated[
    int, Path(ge=1, le=2**31 - 1, description="The id `GET /clinician/practice/invitations` gives an invitation.")
]
DayQuery = Annotated[
    dt.date | None,
    Query(ge=FIRST_DAY, le=LAST_DAY, description="Read as if it were this day, YYYY-MM-DD (default: today)."),
]
FORBIDDEN: dict[int | str, dict[str, Any]] = {
    403: {"model": Problems, "description": "Not a clinician account (or a cookie session without its CSRF header)."}
}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": Problems, "description": "Already done, or the code was used or has expired."}
}
CLINICIAN = {**NOT_SIGNED_IN, **FORBIDDEN}
CLIENT_READ = {**CLINICIAN, **MISSING, **INVALID}
Text = Annotated[str, Field(min_length=1, max_length=4000, json_schema_extra={"pattern": PLAIN_TEXT_PATTERN})]


# ------------------------------------------------------------------------------------------------ models


class ClinicianIn(BaseModel):
    kind: Literal["trainer", "physio"]
    practice_name: Annotated[str, Field(max_length=120, json_schema_extra={"pattern": PLAIN_TEXT_PATTERN})] = ""


class ClinicianOut(BaseModel):
    person_id: int
    name: str
    kind: Literal["trainer", "physio"]
    practice_id: int | None
    practice_name: str | None
    practice_role: Literal["owner", "member"] | None


class InvitationOut(BaseModel):
    """A single-use code (shown this once) and the link that opens it; it works until `expires_at`."""

    code: str
    link: str
    direction: Literal["to_client", "to_clinician"]
    expires_at: datetime


class CodeIn(BaseModel):
    code: Annotated[str, Field(min_length=1, max_length=64)]


class MemberOut(BaseModel):
    person_id: int
    name: str
    kind: Literal["trainer", "physio"]
    practice_name: str | None


class GrantOut(BaseModel):
    """One sharing: the clinician, when it began, and the colleagues in their practice who see the data too."""

    id: int
    clinician: MemberOut
    accepted_at: datetime | None
    practice_members: list[MemberOut]


class WhoCanSeeOut(BaseModel):
    grants: list[GrantOut]


class AcceptedOut(BaseModel):
    grant_id: int
    client_id: int
    clinician_id: int


class PreviewOut(BaseModel):
    direction: Literal["to_client", "to_clinician"]
    from_name: str
    clinician: MemberOut | None
    practice_members: list[MemberOut]
    expires_at: datetime


class MessageIn(BaseModel):
    body: Text


class MessageOut(BaseModel):
    id: int
    author_name: str
    from_client: bool
    body: str
    created_at: datetime
    unread: bool = Field(description="From the other side, and new to you: reading the thread marks it read.")


class ThreadOut(BaseModel):
    client_id: int
    messages: list[MessageOut]


class AlertOut(BaseModel):
    """An alert the engine raises for the client today (MedBridge's levels, and inactivity); `key` acknowledges it.
    The key is the alert's kind, level and occasion (e.g. `inactive:low:2026-12-01`, since that session): it stays
    the same while the words change from day to day, so an acknowledgement holds until something new happens."""

    key: str
    level: Literal["low", "high", "critical"]
    message: str
    sources: list[str]
    acknowledged: bool


class AckIn(BaseModel):
    key: Annotated[str, Field(min_length=1, max_length=64)]


class ClientRow(BaseModel):
    """One client on the dashboard: adherence (0..1, null with nothing planned) over 7 and 28 days, the pain trend,
    the latest next-morning pain, open alerts, the outcome change against its MIC and the last session."""

    client_id: int
    name: str
    adherence_7: float | None
    adherence_28: float | None
    pain_trend: Literal["rising", "steady", "easing", "unknown"]
    latest_pain: int | None
    latest_pain_date: dt.date | None
    open_alerts: list[AlertOut]
    pain_change: Literal["better", "worse", "no_clear_change"] | None
    function_change: Literal["better", "worse", "no_clear_change"] | None
    last_session: dt.date | None
    unread_messages: int = Field(description="The client's messages you have not read yet.")


class CaseloadOut(BaseModel):
    date: dt.date
    total: int
    clients: list[ClientRow]


class NoteIn(BaseModel):
    body: Text


class NoteOut(BaseModel):
    id: int
    author_name: str
    body: str
    created_at: datetime


class ProgrammeItemOut(BaseModel):
    exercise_id: str
    name: str
    reason: str


class ProgrammeSessionOut(BaseModel):
    date: dt.date
    items: list[ProgrammeItemOut]


class ClientSessionOut(BaseModel):
    session_id: int
    date: dt.date
    exercises: int
    highest_pain: int


class ClientOut(BaseModel):
    """A client's page: their overview, profile (PROFILE.json), programme status and this week's sessions with the
    reason for each item, history, outcome measures (as GET /outcomes gives them), alerts, notes and the thread."""

    overview: ClientRow
    profile: dict[str, Any] | None
    programme_status: str | None
    this_week: list[ProgrammeSessionOut]
    sessions: list[ClientSessionOut]
    outcomes: dict[str, Any]
    alerts: list[AlertOut]
    notes: list[NoteOut]
    thread: ThreadOut


# ------------------------------------------------------------------------------------------------ rendering


def invitation_out(made: NewInvitation) -> InvitationOut:
    return InvitationOut(code=made.code, link=f"/care/accept/{made.code}", direction=made.direction.value,
                         expires_at=made.expires_at)  # fmt: skip


def alert_out(a: ClientAlert) -> AlertOut:
    """One alert (the caseload, a client, acknowledging; `gluterx clinician ack`): the service's fields as they are."""
    return AlertOut.model_validate(a, from_attributes=True)


def row_out(r: CaseloadRow) -> ClientRow:
    return ClientRow(
        client_id=r.person_id, name=r.name, adherence_7=r.adherence_7, adherence_28=r.adherence_28,
        pain_trend=r.pain_trend.value, latest_pain=r.latest_pain, latest_pain_date=r.latest_pain_date,
        open_alerts=[alert_out(a) for a in r.open_alerts], pain_change=r.pain_verdict.value if r.pain_verdict else None,
        function_change=r.function_verdict.value if r.function_verdict else None, last_session=r.last_session,
        unread_messages=r.unread,
    )  # fmt: skip


def thread_out(t: Thread) -> ThreadOut:
    return ThreadOut(
        client_id=t.client_person_id,
        messages=[MessageOut.model_validate(m, from_attributes=True) for m in t.messages],
    )


# ------------------------------------------------------------------------------------------------ clinician side


@router.get("/clinician/me", response_model=ClinicianOut, tags=["clinician"], responses=CLINICIAN)
def get_clinician(user: ApiUser, container: ContainerDep) -> ClinicianOut:
    """Your clinician account: kind and practice (403 when this account is not set up as a clinician)."""
    found = clinicians.clinician_of(container.uow(), person_id=user.person_id)
    if found is None:
        raise ServiceError([Problem("", "not_a_clinician")], code="forbidden")
    return clinician_out(found)


@router.post(
    "/clinician/me", status_code=status.HTTP_201_CREATED, response_model=ClinicianOut, tags=["clinician"],
    responses={**NOT_SIGNED_IN, **CONFLICT, **INVALID},
)  # fmt: skip
def post_clinician(body: ClinicianIn, user: ApiUser, container: ContainerDep) -> ClinicianOut:
    """Set this account up as a trainer or physiotherapist; a practice name makes a practice you own."""
    clinicians.become_clinician(container.uow(), person_id=user.person_id, kind=body.kind,
                                practice_name=body.practice_name, now=_now())  # fmt: skip
    return get_clinician(user, container)


_PART = "[^@\\s\\u0000-\\u001F\\u007F-\\u009F]+"
EMAIL_PATTERN = f"^{_PART}@{_PART}\\.{_PART}$"  # what services.accounts.EMAIL accepts, as the schema says it


class MemberIn(BaseModel):
    email: Annotated[str, Field(min_length=3, max_length=254, json_schema_extra={"pattern": EMAIL_PATTERN})]


def clinician_out(found: ClinicianRecord) -> ClinicianOut:
    """A clinician account (GET /clinician/me, the practice; `gluterx clinician setup`)."""
    return ClinicianOut(person_id=found.person_id, name=found.display_name, kind=found.kind.value,
                        practice_id=found.practice_id, practice_name=found.practice_name,
                        practice_role=found.practice_role.value if found.practice_role else None)  # fmt: skip


@router.get("/clinician/practice", response_model=list[ClinicianOut], tags=["clinician"], responses=CLINICIAN)
def get_practice(user: ApiUser, container: ContainerDep) -> list[ClinicianOut]:
    """Everyone in your practice (they share its client list); empty without a practice."""
    return [clinician_out(m) for m in clinicians.practice_members(container.uow(), person_id=user.person_id)]


class PracticeInvitationsOut(BaseModel):
    received: list[clinicians.PracticeInvitation]  # to the email of your account: accept one to join that practice
    sent: list[clinicians.PracticeInvitation]  # your practice's, not accepted yet


def practice_invitations_out(
    received: tuple[clinicians.PracticeInvitation, ...], sent: tuple[clinicians.PracticeInvitation, ...]
) -> PracticeInvitationsOut:
    return PracticeInvitationsOut(received=list(received), sent=list(sent))


@router.post(
    "/clinician/practice/members", status_code=status.HTTP_201_CREATED,
    response_model=clinicians.PracticeInvitation, tags=["clinician"], responses={**CLINICIAN, **INVALID},
)  # fmt: skip
def post_practice_member(body: MemberIn, user: ApiUser, container: ContainerDep) -> clinicians.PracticeInvitation:
    """Invite a colleague by email to the practice you own. The answer is the same whatever the email (it does not
    tell whether it has an account): the colleague joins by accepting the invitation once signed in as a clinician
    with that email."""
    return clinicians.add_practice_member(container.uow(), person_id=user.person_id, email=body.email, now=_now())


@router.get(
    "/clinician/practice/invitations", response_model=PracticeInvitationsOut, tags=["clinician"], responses=CLINICIAN
)
def get_practice_invitations(user: ApiUser, container: ContainerDep) -> PracticeInvitationsOut:
    """The practices waiting for you to join them, and the colleagues your practice invited who have not yet."""
    received = clinicians.practice_invitations(container.uow(), person_id=user.person_id, now=_now())
    sent = clinicians.invited_colleagues(container.uow(), person_id=user.person_id, now=_now())
    return practice_invitations_out(received, sent)


@router.post(
    "/clinician/practice/invitations/{invitation_id}/accept", response_model=ClinicianOut, tags=["clinician"],
    responses={**CLINICIAN, **MISSING, **CONFLICT},
)  # fmt: skip
def post_practice_join(invitation_id: InvitationId, user: ApiUser, container: ContainerDep) -> ClinicianOut:
    """Join the practice that invited the email of your account (409 while you are in a practice)."""
    return clinician_out(clinicians.join_practice(container.uow(), person_id=user.person_id,
                                                   invitation_id=invitation_id, now=_now()))  # fmt: skip


@router.post(
    "/clinician/practice/invitations/{invitation_id}/decline", status_code=status.HTTP_204_NO_CONTENT,
    tags=["clinician"], responses={**NOT_SIGNED_IN, **MISSING},
)  # fmt: skip
def post_practice_decline(invitation_id: InvitationId, user: ApiUser, container: ContainerDep) -> Response:
    """Decline a practice's invitation to the email of your account (no clinician account is needed): it goes, and
    the practice may invite you again."""
    clinicians.decline_practice_invitation(container.uow(), person_id=user.person_id, invitation_id=invitation_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete(
    "/clinician/practice/invitations/{invitation_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["clinician"],
    responses={**CLINICIAN, **MISSING},
)  # fmt: skip
def delete_practice_invitation(invitation_id: InvitationId, user: ApiUser, container: ContainerDep) -> Response:
    """Cancel an invitation your practice sent (live or expired; the practice's owner only): it can no longer be
    accepted."""
    clinicians.cancel_practice_invitation(container.uow(), person_id=user.person_id, invitation_id=invitation_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/clinician/invitations", status_code=status.HTTP_201_CREATED, response_model=InvitationOut,
    tags=["clinician"], responses=CLINICIAN,
)  # fmt: skip
def post_clinician_invitation(user: ApiUser, container: ContainerDep) -> InvitationOut:
    """A single-use code for a client (7 days): they open the link or type the code, and see who you are first."""
    return invitation_out(clinicians.clinician_invite(container.uow(), person_id=user.person_id, now=_now()))


@router.get("/clinician/clients", response_model=CaseloadOut, tags=["clinician"], responses={**CLINICIAN, **INVALID})
def get_caseload(
    user: ApiUser,
    container: ContainerDep,
    date: DayQuery = None,
    q: Annotated[str, Query(max_length=120, description="Only clients whose name holds this.")] = "",
    alerts: Annotated[bool, Query(description="Only clients with an open alert.")] = False,
) -> CaseloadOut:
    """Your clients (and your practice's), who needs attention first."""
    on = date or dt.date.today()
    found = clinicians.caseload(container.uow(), person_id=user.person_id, today=on, query=q, only_alerts=alerts)
    return CaseloadOut(date=on, total=found.total, clients=[row_out(r) for r in found.rows])


@router.get(
    "/clinician/caseload.csv", response_class=Response, tags=["clinician"],
    responses={200: {"description": "The caseload as CSV.", "content": {"text/csv": {"schema": {"type": "string"}}}},
               **CLINICIAN},
)  # fmt: skip
def get_caseload_csv(user: ApiUser, container: ContainerDep) -> Response:
    """Your caseload as a spreadsheet, in the dashboard's order."""
    return caseload_download(container, user.person_id)


def client_out(view: clinicians.ClientView) -> ClientOut:
    plan = view.programme
    week = []
    if plan is not None and plan.current_week is not None:
        for w in plan.weeks:
            if w.week == plan.current_week:
                week = [ProgrammeSessionOut(date=s.date, items=[ProgrammeItemOut(exercise_id=i.exercise_id,
                        name=i.name, reason=i.reason.words()) for i in s.items]) for s in w.sessions]  # fmt: skip
    sessions = [
        ClientSessionOut(session_id=s.id, date=s.date, exercises=len(s.exercises),
                         highest_pain=s.highest_pain)
        for s in view.history.sessions
    ]  # fmt: skip
    notes = [NoteOut(id=n.id, author_name=name, body=n.body, created_at=n.created_at) for name, n in view.notes]
    return ClientOut(
        overview=row_out(view.row), profile=view.profile, programme_status=plan.status if plan else None,
        this_week=week, sessions=sessions, outcomes=outcomes_json(view.outcomes),
        alerts=[alert_out(a) for a in view.alerts], notes=notes, thread=thread_out(view.thread),
    )  # fmt: skip


@router.get("/clinician/clients/{client_id}", response_model=ClientOut, tags=["clinician"], responses=CLIENT_READ)
async def get_client(client_id: ClientId, user: ApiUser, container: ContainerDep, date: DayQuery = None) -> ClientOut:
    """One client's page (404 unless they share their data with you or your practice now)."""
    on = date or dt.date.today()
    view = await run_in_threadpool(
        clinicians.client_view, container.uow(), container.library, person_id=user.person_id, client_id=client_id,
        today=on,
    )  # fmt: skip
    await run_in_threadpool(_read, container, user.person_id, view.thread, client_id)
    return client_out(view)


def _read(container: ContainerDep, person_id: int, shown: Thread, client_id: int | None = None) -> Thread:
    """What was shown of the thread is read from now on (its `unread` marks are as they were before)."""
    clinicians.mark_thread_read(container.uow(), person_id=person_id, client_id=client_id, up_to=shown.latest_id,
                                now=_now())  # fmt: skip
    return shown


@router.get(
    "/clinician/clients/{client_id}/messages", response_model=ThreadOut, tags=["clinician"], responses=CLIENT_READ
)
def get_client_thread(client_id: ClientId, user: ApiUser, container: ContainerDep) -> ThreadOut:
    """The thread with this client; the client's messages new to you are marked `unread` (and read from now on)."""
    shown = clinicians.thread(container.uow(), person_id=user.person_id, client_id=client_id)
    return thread_out(_read(container, user.person_id, shown, client_id))


@router.post(
    "/clinician/clients/{client_id}/messages", status_code=status.HTTP_201_CREATED, response_model=ThreadOut,
    tags=["clinician"], responses=CLIENT_READ,
)  # fmt: skip
def post_client_message(client_id: ClientId, body: MessageIn, user: ApiUser, container: ContainerDep) -> ThreadOut:
    """Write to the client: they see it on Today and can reply."""
    clinicians.send_message(container.uow(), person_id=user.person_id, client_id=client_id, body=body.body, now=_now())
    return get_client_thread(client_id, user, container)


@router.post(
    "/clinician/clients/{client_id}/notes", status_code=status.HTTP_201_CREATED, response_model=NoteOut,
    tags=["clinician"], responses=CLIENT_READ,
)  # fmt: skip
def post_client_note(client_id: ClientId, body: NoteIn, user: ApiUser, container: ContainerDep) -> NoteOut:
    """A note about the client, for you and the client's other clinicians (the client does not see notes)."""
    made = clinicians.add_note(container.uow(), person_id=user.person_id, client_id=client_id, body=body.body,
                               now=_now())  # fmt: skip
    return NoteOut(id=made.id, author_name=user.display_name or "You", body=made.body, created_at=made.created_at)


@router.post(
    "/clinician/clients/{client_id}/alerts/acknowledge", response_model=list[AlertOut], tags=["clinician"],
    responses=CLIENT_READ,
)  # fmt: skip
def post_acknowledge(
    client_id: ClientId, body: AckIn, user: ApiUser, container: ContainerDep, date: DayQuery = None
) -> list[AlertOut]:
    """Acknowledge one of the client's alerts of the day (by its key); gives back the day's alerts."""
    on = date or dt.date.today()
    clinicians.acknowledge_alert(container.uow(), person_id=user.person_id, client_id=client_id, key=body.key,
                                 today=on, now=_now())  # fmt: skip
    view = clinicians.client_view(container.uow(), container.library, person_id=user.person_id, client_id=client_id,
                                  today=on)  # fmt: skip
    return [alert_out(a) for a in view.alerts]


class ScheduleIn(BaseModel):
    every_weeks: Annotated[int, Field(ge=1, le=12), Whole]


class ScheduleOut(BaseModel):
    """The client is asked the outcome measures every `every_weeks` weeks from their programme's start."""

    every_weeks: int


@router.put(
    "/clinician/clients/{client_id}/outcomes", response_model=ScheduleOut, tags=["clinician"], responses=CLIENT_READ
)
def put_client_outcomes(client_id: ClientId, body: ScheduleIn, user: ApiUser, container: ContainerDep) -> ScheduleOut:
    """How often the client is asked the outcome measures (NPRS, PSFS, global rating of change) in the app."""
    clinicians.assign_outcomes(container.uow(), person_id=user.person_id, client_id=client_id,
                               every_weeks=body.every_weeks, now=_now())  # fmt: skip
    return ScheduleOut(every_weeks=body.every_weeks)


@router.get(
    "/clinician/clients/{client_id}/report.pdf", response_class=Response, tags=["clinician"],
    responses={200: {"description": "The client's report, as an attachment.",
                     "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
               **CLINICIAN, **MISSING},
)  # fmt: skip
def get_client_report(client_id: ClientId, user: ApiUser, container: ContainerDep) -> Response:
    """The client's PDF report (the same the client downloads)."""
    return client_report(container, user.person_id, client_id)


# ------------------------------------------------------------------------------------------------ client side


@router.get("/care", response_model=WhoCanSeeOut, tags=["care"], responses=NOT_SIGNED_IN)
def get_care(user: ApiUser, container: ContainerDep) -> WhoCanSeeOut:
    """Who can see your data now: each clinician you accepted and their practice colleagues. End any with
    DELETE /care/grants/{id}."""
    return who_can_see_out(clinicians.who_can_see(container.uow(), person_id=user.person_id))


def who_can_see_out(found: clinicians.WhoCanSee) -> WhoCanSeeOut:
    """Who can see the person's data (GET /care; `gluterx care list`): each grant and clinician as the service has it."""
    return WhoCanSeeOut.model_validate(found, from_attributes=True)


@router.post(
    "/care/invitations", status_code=status.HTTP_201_CREATED, response_model=InvitationOut, tags=["care"],
    responses=NOT_SIGNED_IN,
)  # fmt: skip
def post_care_invitation(user: ApiUser, container: ContainerDep) -> InvitationOut:
    """A single-use code for your trainer or physiotherapist (7 days): they accept it from their clinician account."""
    return invitation_out(clinicians.client_invite(container.uow(), person_id=user.person_id, now=_now()))


@router.post(
    "/care/invitation", response_model=PreviewOut, tags=["care"],
    responses={**NOT_SIGNED_IN, **MISSING, **CONFLICT, **INVALID},
)  # fmt: skip
def post_care_preview(body: CodeIn, user: ApiUser, container: ContainerDep) -> PreviewOut:
    """What accepting a code would do (who would see your data), without accepting it."""
    found = clinicians.invitation_preview(container.uow(), code=body.code, person_id=user.person_id, now=_now())
    return PreviewOut.model_validate(found, from_attributes=True)


@router.post(
    "/care/accept", status_code=status.HTTP_201_CREATED, response_model=AcceptedOut, tags=["care"],
    responses={**NOT_SIGNED_IN, **MISSING, **CONFLICT, **INVALID},
)  # fmt: skip
def post_care_accept(body: CodeIn, user: ApiUser, container: ContainerDep) -> AcceptedOut:
    """Accept a code: a clinician's (you share your data with them) or, from a clinician account, a client's."""
    grant = clinicians.accept_invitation(container.uow(), code=body.code, person_id=user.person_id, now=_now())
    return AcceptedOut(grant_id=grant.id, client_id=grant.client_person_id, clinician_id=grant.clinician_person_id)


@router.delete(
    "/care/grants/{grant_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["care"],
    responses={**NOT_SIGNED_IN, **MISSING},
)  # fmt: skip
def delete_care_grant(grant_id: GrantId, user: ApiUser, container: ContainerDep) -> Response:
    """Stop sharing with this clinician (and their practice): refused by every server from the next request on."""
    clinicians.revoke_grant(container.uow(), person_id=user.person_id, grant_id=grant_id, now=_now())
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/care/messages", response_model=ThreadOut, tags=["care"], responses=NOT_SIGNED_IN)
def get_care_messages(user: ApiUser, container: ContainerDep) -> ThreadOut:
    """Your thread with your clinicians; their messages new to you are marked `unread` (and read from now on)."""
    return thread_out(_read(container, user.person_id, clinicians.thread(container.uow(), person_id=user.person_id)))


@router.post(
    "/care/messages", status_code=status.HTTP_201_CREATED, response_model=ThreadOut, tags=["care"],
    responses={**NOT_SIGNED_IN, **CONFLICT, **INVALID},
)  # fmt: skip
def post_care_message(body: MessageIn, user: ApiUser, container: ContainerDep) -> ThreadOut:
    """Write to your clinicians (409 when nobody can see your data)."""
    clinicians.send_message(container.uow(), person_id=user.person_id, body=body.body, now=_now())
    return get_care_messages(user, container)


@router.get(
    "/clinician/clients/{client_id}/checkins", response_model=list[Checkin], tags=["clinician"], responses=CLIENT_READ
)
def get_client_checkins(client_id: ClientId, user: ApiUser, container: ContainerDep) -> list[dict[str, Any]]:
    """The client's next-morning pain check-ins, oldest first (what the client's page charts)."""
    return checkins_json(clinicians.client_checkins(container.uow(), person_id=user.person_id, client_id=client_id))


@router.get("/clinician/clients/{client_id}/program", response_model=Program, tags=["clinician"], responses=CLIENT_READ)
def get_client_program(client_id: ClientId, user: ApiUser, container: ContainerDep) -> dict[str, Any]:
    """The client's whole active programme, as GET /program gives it to them (every week, each session's `day`
    counted from `start`, each item with its reason and every change made to it): the days and exercises the
    .../plan/ changes take. 404 also while the client has no programme."""
    found = clinicians.client_programme(container.uow(), container.library, person_id=user.person_id,
                                        client_id=client_id, today=dt.date.today())  # fmt: skip
    return programme_json(found)
