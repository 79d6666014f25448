"""The programme at a glance: phases, weeks, and each planned session's exercises."""

from __future__ import annotations

from datetime import date

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from gluterx.services import views

from ..deps import ContainerDep, PageUser
from . import router
from ._common import render


@router.get("/program")
def program_page(request: Request, container: ContainerDep, user: PageUser) -> Response:
    overview = views.program_overview(container.uow(), container.library, user.person_id, today=date.today())
    if overview is not None and overview["status"] == "referral":
        return RedirectResponse("/referral", status_code=303)
    context = {"overview": overview, "today": date.today().isoformat()}
    return render(request, "program.html", context, user=user, active="program")
