"""Clinicians and their clients on the web (issue 16).

/care: the person's own side (who can see my data, end it, invite a clinician, accept a code, the thread).
/clinician: a trainer's or physiotherapist's side (set up, the dashboard with filters, invite a client, a client's
page with its thread, notes, alerts to acknowledge, the report, the caseload CSV). Each client read checks the grant
in the database on this request (services.clinicians.require_access); without it: the styled 404.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import Form, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from gluterx.adapters.dates import now as _now
from gluterx.domain.care import ClinicianKind
from gluterx.domain.conditions import QUESTIONS
from gluterx.services import clinicians
from gluterx.services.ports import ServiceError

from ..care_files import caseload_download, client_report
from ..deps import ContainerDep, Csrf, CurrentUser, PageUser
from . import _labels as labels
from . import router
from ._charts import pain_chart
from ._common import render
from ._problems import page_errors

ClientId = Annotated[int, Path(ge=1, le=2**31 - 1)]
CHART_WEEKS = 8  # the client's page charts the latest 8 weeks of morning pain; the PDF report has the rest
GrantId = Annotated[int, Path(ge=1, le=2**31 - 1)]
InvitationId = Annotated[int, Path(ge=1, le=2**31 - 1)]


# ------------------------------------------------------------------------------------------------ the client's side


def _care_page(
    request: Request, container: ContainerDep, user: CurrentUser, status: int = 200, **extra: Any
) -> Response:
    context = {
        "who": clinicians.who_can_see(container.uow(), person_id=user.person_id),
        "thread": clinicians.thread(container.uow(), person_id=user.person_id),
        "clinician": clinicians.clinician_of(container.uow(), person_id=user.person_id),
        "errors": {},
        "message": None,
        "new_code": None,
        "code": "",
        **extra,
    }
    return render(request, "care.html", context, user=user, active="care", status_code=status)


@router.get("/care")
def care_page(request: Request, container: ContainerDep, user: PageUser) -> Response:
    """The page marks what is new in the thread, then counts it as read (up to the latest message shown)."""
    shown = clinicians.thread(container.uow(), person_id=user.person_id)
    page = _care_page(request, container, user, thread=shown)
    clinicians.mark_thread_read(container.uow(), person_id=user.person_id, up_to=shown.latest_id, now=_now())
    return page


@router.post("/care/invitations")
def care_invite(request: Request, container: ContainerDep, user: PageUser, _csrf: Csrf) -> Response:
    made = clinicians.client_invite(container.uow(), person_id=user.person_id, now=_now())
    return _care_page(request, container, user, new_code=made)


@router.get("/care/accept/{code}")
def accept_page(
    request: Request, container: ContainerDep, user: PageUser, code: Annotated[str, Path(max_length=64)]
) -> Response:
    try:
        preview = clinicians.invitation_preview(container.uow(), code=code, person_id=user.person_id, now=_now())
    except ServiceError as exc:
        return _care_page(request, container, user, status=404 if exc.code == "missing" else 409,
                          errors=page_errors(exc.problems), code=code)  # fmt: skip
    return render(request, "care_accept.html", {"preview": preview, "code": code}, user=user, active="care")


@router.post("/care/accept")
def accept_submit(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    _csrf: Csrf,
    code: Annotated[str, Form(max_length=200)] = "",
    confirmed: Annotated[str, Form()] = "",
) -> Response:
    if not confirmed:  # a code typed into the box: first say who would see what
        try:
            preview = clinicians.invitation_preview(container.uow(), code=code, person_id=user.person_id, now=_now())
        except ServiceError as exc:
            return _care_page(request, container, user, status=422, errors=page_errors(exc.problems), code=code)
        return render(request, "care_accept.html", {"preview": preview, "code": code}, user=user, active="care")
    try:
        grant = clinicians.accept_invitation(container.uow(), code=code, person_id=user.person_id, now=_now())
    except ServiceError as exc:
        return _care_page(request, container, user, status=422, errors=page_errors(exc.problems), code=code)
    if grant.clinician_person_id == user.person_id:
        return RedirectResponse(f"/clinician/clients/{grant.client_person_id}", status_code=303)
    return RedirectResponse("/care?shared=1", status_code=303)


@router.post("/care/grants/{grant_id}/revoke")
def revoke(grant_id: GrantId, container: ContainerDep, user: PageUser, _csrf: Csrf) -> Response:
    try:
        clinicians.revoke_grant(container.uow(), person_id=user.person_id, grant_id=grant_id, now=_now())
    except ServiceError as exc:
        raise HTTPException(404, detail="There is no such sharing any more; this page lists yours.") from exc
    return RedirectResponse("/care?ended=1", status_code=303)


@router.post("/care/messages")
def care_message(
    request: Request, container: ContainerDep, user: PageUser, _csrf: Csrf, body: Annotated[str, Form()] = ""
) -> Response:
    try:
        clinicians.send_message(container.uow(), person_id=user.person_id, body=body, now=_now())
    except ServiceError as exc:
        return _care_page(request, container, user, status=422, errors=page_errors(exc.problems), draft=body)
    return RedirectResponse("/care#thread", status_code=303)


# ------------------------------------------------------------------------------------------------ the clinician's side


@router.get("/clinician")
def dashboard(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    q: Annotated[str, Query(max_length=120)] = "",
    alerts: Annotated[str, Query(max_length=8)] = "",
) -> Response:
    me = clinicians.clinician_of(container.uow(), person_id=user.person_id)
    notice = NOTICES.get(request.query_params.get("done", ""))
    if me is None:
        invited = clinicians.practice_invitations(container.uow(), person_id=user.person_id, now=_now())
        return render(request, "clinician_setup.html", {"errors": {}, "form": {}, "kinds": list(ClinicianKind),
                      "invited": invited, "notice": notice}, user=user, active="care")  # fmt: skip
    return _dashboard(request, container, user, q=q, only_alerts=bool(alerts), notice=notice)


# What the dashboard says at its top after a practice invitation was acted on (?done=...).
NOTICES = {
    "joined": "You joined the practice: its clients are on your list now.",
    "declined": "You declined the invitation.",
    "cancelled": "Invitation cancelled: it can no longer be accepted.",
}


def _dashboard(request: Request, container: ContainerDep, user: CurrentUser, *, q: str = "", only_alerts: bool = False,
               status: int = 200, **extra: Any) -> Response:  # fmt: skip
    found = clinicians.caseload(container.uow(), person_id=user.person_id, today=date.today(), query=q,
                                only_alerts=only_alerts)  # fmt: skip
    members = clinicians.practice_members(container.uow(), person_id=user.person_id)
    context = {"caseload": found, "members": members, "new_code": None, "errors": {}, "message": None, "email": "",
               "notice": None,
               "invited": clinicians.practice_invitations(container.uow(), person_id=user.person_id, now=_now()),
               "colleagues_invited": clinicians.invited_colleagues(container.uow(), person_id=user.person_id, now=_now()),
               **extra}  # fmt: skip
    return render(request, "clinician.html", context, user=user, active="care", status_code=status)


@router.post("/clinician/setup")
def setup(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    _csrf: Csrf,
    kind: Annotated[str, Form(max_length=16)] = "",
    practice_name: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    try:
        clinicians.become_clinician(container.uow(), person_id=user.person_id, kind=kind, practice_name=practice_name,
                                    now=_now())  # fmt: skip
    except ServiceError as exc:
        if exc.code == "conflict":
            return RedirectResponse("/clinician", status_code=303)
        form = {"kind": kind, "practice_name": practice_name}
        invited = clinicians.practice_invitations(container.uow(), person_id=user.person_id, now=_now())
        return render(request, "clinician_setup.html", {"errors": page_errors(exc.problems), "form": form,
                      "kinds": list(ClinicianKind), "invited": invited}, user=user, active="care",
                      status_code=422)  # fmt: skip
    return RedirectResponse("/clinician", status_code=303)


@router.post("/clinician/invitations")
def clinician_invite(request: Request, container: ContainerDep, user: PageUser, _csrf: Csrf) -> Response:
    made = clinicians.clinician_invite(container.uow(), person_id=user.person_id, now=_now())
    return _dashboard(request, container, user, new_code=made)


@router.post("/clinician/practice/members")
def practice_member(
    request: Request, container: ContainerDep, user: PageUser, _csrf: Csrf,
    email: Annotated[str, Form(max_length=254)] = "",
) -> Response:  # fmt: skip
    """The same answer whatever the email (it does not tell whether the email has an account): invited."""
    try:
        made = clinicians.add_practice_member(container.uow(), person_id=user.person_id, email=email, now=_now())
    except ServiceError as exc:
        if exc.code == "forbidden":
            raise
        return _dashboard(request, container, user, errors=page_errors(exc.problems), email=email, status=422)
    message = (f"Invited {made.email}. Once they sign in as a trainer or physiotherapist with that email, they can "
               f"join {made.practice_name} from their clients page.")  # fmt: skip
    return _dashboard(request, container, user, message=message)


@router.post("/clinician/practice/invitations/{invitation_id}/accept")
def practice_join(
    request: Request, invitation_id: InvitationId, container: ContainerDep, user: PageUser, _csrf: Csrf
) -> Response:
    try:
        clinicians.join_practice(container.uow(), person_id=user.person_id, invitation_id=invitation_id, now=_now())
    except ServiceError as exc:
        if exc.code == "forbidden":
            raise
        if exc.code == "missing":
            raise HTTPException(404, detail="There is no such invitation for you; this page lists yours.") from exc
        return _dashboard(request, container, user, errors=page_errors(exc.problems), status=409)
    return RedirectResponse("/clinician?done=joined", status_code=303)


@router.post("/clinician/practice/invitations/{invitation_id}/decline")
def practice_decline(invitation_id: InvitationId, container: ContainerDep, user: PageUser, _csrf: Csrf) -> Response:
    """Say no to a practice's invitation (from the set-up page too: no clinician account is needed)."""
    try:
        clinicians.decline_practice_invitation(container.uow(), person_id=user.person_id, invitation_id=invitation_id)
    except ServiceError as exc:
        raise HTTPException(404, detail="There is no such invitation for you; this page lists yours.") from exc
    return RedirectResponse("/clinician?done=declined", status_code=303)


@router.post("/clinician/practice/invitations/{invitation_id}/cancel")
def practice_cancel(invitation_id: InvitationId, container: ContainerDep, user: PageUser, _csrf: Csrf) -> Response:
    """The owner takes back an invitation the practice sent."""
    try:
        clinicians.cancel_practice_invitation(container.uow(), person_id=user.person_id, invitation_id=invitation_id)
    except ServiceError as exc:
        if exc.code == "forbidden":
            raise
        raise HTTPException(404, detail="Your practice has no such pending invitation; this page lists them.") from exc
    return RedirectResponse("/clinician?done=cancelled#practice", status_code=303)


@router.get("/clinician/caseload.csv")
def caseload_csv(container: ContainerDep, user: PageUser) -> Response:
    return caseload_download(container, user.person_id)


def _client_page(request: Request, container: ContainerDep, user: CurrentUser, client_id: int, status: int = 200,
                 view: clinicians.ClientView | None = None, **extra: Any) -> Response:  # fmt: skip
    if view is None:
        view = clinicians.client_view(container.uow(), container.library, person_id=user.person_id,
                                      client_id=client_id, today=date.today())  # fmt: skip
    words = {
        "goals": labels.GOALS, "regions": labels.PAIN_REGIONS, "sides": labels.SIDES,
        "conditions": {q.id.value: q.name for q in QUESTIONS},
    }  # fmt: skip
    since = date.today() - timedelta(weeks=CHART_WEEKS)
    recent = [c for c in view.history.checkins if c.date >= since]
    chart = (
        pain_chart([c.date for c in recent], [c.pain for c in recent], chart_id="client-pain-chart") if recent else None
    )
    context = {"view": view, "errors": {}, "draft": "", "note_draft": "", "words": words, "pain_svg": chart,
               "today_date": date.today(), **extra}  # fmt: skip
    return render(request, "clinician_client.html", context, user=user, active="care", status_code=status)


def _on_client_page(
    request: Request, container: ContainerDep, user: CurrentUser, client_id: int, *, write: Callable[[], object],
    part: str, prefix: str = "", **kept: Any,
) -> Response:  # fmt: skip
    """`write` something from the client's page (a message, a note, the outcomes' schedule): done, back to its part
    of the page (`#part`); refused as invalid, the page again (422) with why beside that part's form (whose fields'
    names start with `prefix`) and what was typed (`kept`)."""
    try:
        write()
    except ServiceError as exc:
        if exc.code != "invalid":
            raise
        errors = page_errors(exc.problems, prefix)
        return _client_page(request, container, user, client_id, status=422, errors=errors, **kept)
    return RedirectResponse(f"/clinician/clients/{client_id}#{part}", status_code=303)


@router.get("/clinician/clients/{client_id}")
def client_page(request: Request, client_id: ClientId, container: ContainerDep, user: PageUser) -> Response:
    """The thread shows what is new since this clinician last looked, then counts as read up to what was shown."""
    view = clinicians.client_view(container.uow(), container.library, person_id=user.person_id, client_id=client_id,
                                  today=date.today())  # fmt: skip
    page = _client_page(request, container, user, client_id, view=view)
    clinicians.mark_thread_read(container.uow(), person_id=user.person_id, client_id=client_id,
                                up_to=view.thread.latest_id, now=_now())  # fmt: skip
    return page


@router.post("/clinician/clients/{client_id}/messages")
def client_message(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf,
    body: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    return _on_client_page(
        request, container, user, client_id, part="thread", draft=body,
        write=lambda: clinicians.send_message(container.uow(), person_id=user.person_id, client_id=client_id,
                                              body=body, now=_now()),
    )  # fmt: skip


@router.post("/clinician/clients/{client_id}/notes")
def client_note(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf,
    body: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    return _on_client_page(
        request, container, user, client_id, part="notes", prefix="note_", note_draft=body,
        write=lambda: clinicians.add_note(container.uow(), person_id=user.person_id, client_id=client_id, body=body,
                                          now=_now()),
    )  # fmt: skip


@router.post("/clinician/clients/{client_id}/alerts/acknowledge")
def client_ack(
    client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf,
    key: Annotated[str, Form(max_length=64)] = "",
) -> Response:  # fmt: skip
    clinicians.acknowledge_alert(container.uow(), person_id=user.person_id, client_id=client_id, key=key,
                                 today=date.today(), now=_now())  # fmt: skip
    return RedirectResponse(f"/clinician/clients/{client_id}#alerts", status_code=303)


@router.post("/clinician/clients/{client_id}/outcomes")
def client_outcomes(
    request: Request, client_id: ClientId, container: ContainerDep, user: PageUser, _csrf: Csrf,
    every_weeks: Annotated[str, Form(max_length=4)] = "",
) -> Response:  # fmt: skip
    weeks = int(every_weeks) if every_weeks.strip().isdigit() else 0
    return _on_client_page(
        request, container, user, client_id, part="outcomes",
        write=lambda: clinicians.assign_outcomes(container.uow(), person_id=user.person_id, client_id=client_id,
                                                 every_weeks=weeks, now=_now()),
    )  # fmt: skip


@router.get("/clinician/clients/{client_id}/report.pdf")
def client_pdf(client_id: ClientId, container: ContainerDep, user: PageUser) -> Response:
    return client_report(container, user.person_id, client_id)
