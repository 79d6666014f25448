"""Progress: the morning-pain trend and sessions done per week, as small SVG charts with tables behind them."""

from __future__ import annotations

from datetime import date

from fastapi import Request
from fastapi.responses import Response

from gluterx.services import views

from ..deps import ContainerDep, PageUser
from . import router
from ._charts import pain_chart, sessions_chart
from ._common import render


@router.get("/progress")
def progress_page(request: Request, container: ContainerDep, user: PageUser) -> Response:
    found = views.progress(container.uow(), user.person_id, today=date.today())
    context = {
        "progress": found,
        "pain_svg": pain_chart(found["checkins"]) if found else None,
        "sessions_svg": sessions_chart(found["weeks"]) if found else None,
    }
    return render(request, "progress.html", context, user=user, active="progress")
