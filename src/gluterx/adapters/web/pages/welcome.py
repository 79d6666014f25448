"""The welcome after the questionnaire: the new programme in short (services/welcome.py, as `gluterx start` prints)."""

from __future__ import annotations

from datetime import date

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from gluterx.services.ports import ServiceError
from gluterx.services.welcome import welcome

from ..deps import ContainerDep, PageUser
from . import router
from ._common import render


@router.get("/welcome")
def welcome_page(request: Request, container: ContainerDep, user: PageUser) -> Response:
    try:
        summary = welcome(container.uow(), container.library, person_id=user.person_id, today=date.today())
    except ServiceError as exc:
        if exc.code != "missing":
            raise
        return RedirectResponse("/onboarding", status_code=303)
    if summary.status == "referral":
        return RedirectResponse("/referral", status_code=303)
    return render(request, "welcome.html", {"welcome": summary, "today": date.today()}, user=user, active=None)
