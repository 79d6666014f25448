"""The care downloads, shared by the API and the pages: the caseload CSV and a client's PDF report (after the access
check, read in the database on this request)."""

from __future__ import annotations

import datetime as dt

from fastapi.responses import Response

from gluterx.adapters.interop.caseload_csv import caseload_csv
from gluterx.bootstrap import Container
from gluterx.services import clinicians
from gluterx.services.exports import NothingToExport
from gluterx.services.ports import Problem, ServiceError

from .files import NOTHING_YET, download


def caseload_download(container: Container, person_id: int) -> Response:
    """The clinician's caseload as a CSV attachment, in the dashboard's order."""
    today = dt.date.today()
    found = clinicians.caseload(container.uow(), person_id=person_id, today=today)
    return Response(
        caseload_csv(found),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="gluterx-caseload-{today.isoformat()}.csv"',
            "Cache-Control": "no-store",
        },
    )


def client_report(container: Container, viewer: int, client_id: int) -> Response:
    """The client's PDF report (the same bytes the client downloads), for a clinician who may see them now."""
    clinicians.check_client(container.uow(), person_id=viewer, client_id=client_id)
    try:
        return download("pdf", container, client_id)
    except NothingToExport as exc:
        reason = {"reason": NOTHING_YET[exc.what]}
        raise ServiceError([Problem("", "nothing_to_export", reason)], code="missing") from exc
