"""The programme at a glance: phases, weeks, and each planned session's exercises."""

from __future__ import annotations

from datetime import date

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from gluterx.services.ports import ServiceError
from gluterx.services.programme import programme

from ..deps import ContainerDep, PageUser
from . import router
from ._common import render


@router.get("/program")
def program_page(request: Request, container: ContainerDep, user: PageUser) -> Response:
    today = date.today()
    try:
        overview = programme(container.uow(), container.library, person_id=user.person_id, today=today)
    except ServiceError as exc:
        if exc.code != "missing":
            raise
        overview = None
    if overview is not None and overview.status == "referral":
        return RedirectResponse("/referral", status_code=303)
    context = {"overview": overview, "today": today}
    return render(request, "program.html", context, user=user, active="program")
