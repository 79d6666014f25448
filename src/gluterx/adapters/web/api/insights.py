"""Progress and interop: the analysis as JSON, another app's history in, the report, calendar and sets out.

The pages (`pages/progress.py`, `pages/imports.py`) read and import uploads and make the downloads with the same
`..files` helpers, so a browser and an API client get the same bytes, the same import report and the same messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal, NoReturn

from fastapi import File, Form, Query, Response, UploadFile, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, TypeAdapter

from gluterx.services.exports import NothingToExport
from gluterx.services.importing import ImportReport
from gluterx.services.ports import Problem, ServiceError
from gluterx.services.progress import ProgressReport, progress_report

from ..deps import ApiUser, ContainerDep
from ..files import NOTHING_YET, BadUpload, download, import_upload, read_upload
from . import router
from ._models import FIRST_DAY, LAST_DAY
from ._openapi import INVALID, MISSING, NOT_SIGNED_IN, FieldProblem

__all__ = ["ImportProblems"]


# ------------------------------------------------------------------------------------------------ response models


class ImportProblems(BaseModel):
    """A file that cannot be imported: every problem (field `file` or `kind`); nothing was stored. With row errors,
    `report` says what was read and where each error is."""

    detail: list[FieldProblem]
    report: ImportReport | None = None


def _binary(media_type: str, what: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {
            "description": f"{what}, as an attachment.",
            "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
        }
    }


def _missing(message: str) -> NoReturn:
    raise ServiceError([Problem("", "nothing_to_export", {"reason": message})], code="missing")


# The report in the answer is its `as_dict` (the CLI's JSON: the balance's shares to 3 places) read as the response
# model, whether a 201, a 200 or inside a 422.
_REPORT: TypeAdapter[ImportReport] = TypeAdapter(ImportReport)


def _bad_upload(exc: BadUpload) -> JSONResponse:
    detail = [{"field": exc.field, "code": exc.code, "message": p} for p in exc.problems]
    body: dict[str, Any] = {"detail": detail}
    if exc.report is not None:
        body["report"] = _REPORT.dump_python(_REPORT.validate_python(exc.report.as_dict()), mode="json")
    return JSONResponse(body, status_code=exc.status_code)


# ------------------------------------------------------------------------------------------------ routes

DayQuery = Annotated[
    dt.date | None,
    Query(ge=FIRST_DAY, le=LAST_DAY, description="Analyse as if it were this day, YYYY-MM-DD (default: today)."),
]
TOO_LARGE: dict[int | str, dict[str, Any]] = {413: {"model": ImportProblems, "description": "The file is over 10 MB."}}


@router.get("/progress", response_model=ProgressReport, tags=["progress"], responses={**NOT_SIGNED_IN, **INVALID})
def get_progress(user: ApiUser, container: ContainerDep, date: DayQuery = None) -> ProgressReport:
    """Your progress: everything you logged or imported, analysed up to the day."""
    return progress_report(container.uow(), container.library, today=date or dt.date.today(), person_id=user.person_id)


@router.post(
    "/imports",
    status_code=status.HTTP_201_CREATED,
    response_model=ImportReport,
    tags=["progress"],
    responses={
        200: {"model": ImportReport, "description": "A dry run: the report of what would be imported; nothing stored."},
        **NOT_SIGNED_IN,
        **TOO_LARGE,
        422: {
            "model": ImportProblems,
            "description": "Not a readable export, no valid row, or row errors with `strict`; nothing stored.",
        },
    },
)
def post_import(
    user: ApiUser,
    container: ContainerDep,
    response: Response,
    file: Annotated[UploadFile, File(description="The CSV file exported from Strong, Hevy or FitNotes (≤ 10 MB).")],
    kind: Annotated[
        Literal["strong", "hevy", "fitnotes", ""],
        Form(description="The app the file comes from; detected from the header when left out or empty."),
    ] = "",
    dry_run: Annotated[bool, Form(description="Read and report everything, store nothing.")] = False,
    strict: Annotated[
        bool,
        Form(
            description="All or nothing: refuse the whole file when any row has an error (else those rows are "
            "left out and reported by line)."
        ),
    ] = False,
    unit: Annotated[
        Literal["kg", "lb", ""],
        Form(description="The weight unit, for a file that does not say (else guessed and reported)."),
    ] = "",
) -> Any:
    """Import your history from another app: 201 with the report (re-importing the same file adds nothing). Rows
    with a bad value are left out and listed by line (`row_errors`, `errors`) unless `strict`; with `dry_run`, 200
    and nothing stored."""
    try:
        data, name = read_upload(file)
        report = import_upload(
            container, user.person_id, data, file_name=name, kind=kind, dry_run=dry_run, strict=strict, unit=unit
        )
    except BadUpload as exc:
        return _bad_upload(exc)
    if dry_run:
        response.status_code = status.HTTP_200_OK
    return report.as_dict()


# The downloads, one GET route each: path, what `download` makes, its media type, what it is, the route's name
# and its description.
_DOWNLOADS = (
    ("/report.pdf", "pdf", "application/pdf", "The clinician report", "get_report",
     "Your clinician report (PDF): goals, screening, programme, adherence, pain, strength, balance and alerts."),
    ("/calendar.ics", "ics", "text/calendar", "The planned sessions with reminders", "get_calendar",
     "Your planned sessions as an iCalendar file, each with a reminder; 404 without a programme."),
    ("/sets.csv", "csv", "text/csv", "Every logged set, one per row", "get_sets",
     "Every set you logged or imported, as CSV; 404 before the first set."),
)  # fmt: skip


def _download_route(kind: str) -> Callable[[ApiUser, ContainerDep], Response]:
    def route(user: ApiUser, container: ContainerDep) -> Response:
        try:
            return download(kind, container, user.person_id)
        except NothingToExport as exc:
            _missing(NOTHING_YET[exc.what])

    return route


for _path, _kind, _media_type, _what, _name, _description in _DOWNLOADS:
    router.add_api_route(
        _path,
        _download_route(_kind),
        methods=["GET"],
        name=_name,
        description=_description,
        response_class=Response,
        tags=["progress"],
        responses={**_binary(_media_type, _what), **NOT_SIGNED_IN, **MISSING},
    )
