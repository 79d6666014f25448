"""The programme at a glance: phases, weeks, and each planned session's exercises."""

from __future__ import annotations

from datetime import date, timedelta

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
    # swap, skip and move are offered for the next two weeks' sessions (a page of every week's forms would be heavy)
    context = {"overview": overview, "today": today, "shape_until": today + timedelta(days=13)}
    return render(request, "program.html", context, user=user, active="program")
