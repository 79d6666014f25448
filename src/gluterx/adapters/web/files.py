"""Files in and out of the web, shared by the API and the pages: an upload read within its limits and imported, and
the downloads (clinician report, calendar, every set) rendered from the services' results.

A browser and an API client so get the same bytes, the same import report and the same messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from fastapi import Response, UploadFile, status

from gluterx.adapters.interop.csv_export import sets_csv_file
from gluterx.adapters.interop.csv_import import FORMATS, MAX_EXPORT_BYTES, ImportFileError, parse_export
from gluterx.adapters.interop.ics import calendar_ics
from gluterx.adapters.interop.pdf_report import report_pdf
from gluterx.bootstrap import Container
from gluterx.services import calendar, exports, importing, report
from gluterx.services.errors import words
from gluterx.services.importing import ImportReport

__all__ = [
    "DOWNLOADS",
    "MAX_UPLOAD_BYTES",
    "NOTHING_YET",
    "UNITS",
    "BadUpload",
    "Download",
    "check_kind",
    "check_unit",
    "download",
    "import_upload",
    "read_upload",
]

MAX_UPLOAD_BYTES = MAX_EXPORT_BYTES  # the same limit as `gluterx import`
MAX_FILE_NAME = 200
UNITS = ("kg", "lb")
NO_FILE = "Choose the CSV file you exported from Strong, Hevy or FitNotes."
# What each download says when the person has nothing for it yet (services.exports.NothingToExport.what).
NOTHING_YET = {
    "report": (
        "There is nothing to put in a report yet. Answer the questions for a programme, log a session or import your "
        "history first, then download it again."
    ),
    "calendar": (
        "There are no planned sessions to put in a calendar yet. Answer the questions to get a programme, then "
        "download it again."
    ),
    "sets": "No sets logged yet, so there is nothing to export. Log a session or import your history first.",
}


# ------------------------------------------------------------------------------------------------ uploads


class BadUpload(Exception):
    """An upload that cannot be imported: nothing was stored. `problems[0]` is the headline; `field` (file or kind)
    is the form field they are about, `code` a stable id."""

    def __init__(
        self,
        problems: list[str],
        *,
        status_code: int = 422,
        report: ImportReport | None = None,
        field: str = "file",
        code: str = "unreadable_file",
    ) -> None:
        super().__init__(problems[0])
        self.problems = problems
        self.field = field
        self.code = code
        self.status_code = status_code
        self.report = report


def _file_name(upload: UploadFile) -> str:
    """The uploaded file's own name, without any folders a browser sent along."""
    raw = upload.filename or ""
    name = PureWindowsPath(PurePosixPath(raw).name).name.strip()
    return name[:MAX_FILE_NAME] or "upload.csv"


def read_upload(upload: UploadFile | None) -> tuple[bytes, str]:
    """The upload's bytes and file name; BadUpload when no file was chosen, it is empty or larger than 10 MB."""
    if upload is None or (not upload.filename and not upload.size):
        raise BadUpload([NO_FILE])
    name = _file_name(upload)
    data = upload.file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise BadUpload(
            [
                f"{name} is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB, more than any training export we "
                "know of; check it is the CSV your app exported (a shorter date range also works)."
            ],
            status_code=status.HTTP_413_CONTENT_TOO_LARGE,
        )
    if not data.strip():
        raise BadUpload([f"{name} is empty: export your workouts from the app again and upload that file."])
    return data, name


def check_kind(kind: str | None) -> str | None:
    """'' or None: detect the app from the header; else one of strong | hevy | fitnotes."""
    words = f"is not an app we can read; choose one of {', '.join(FORMATS)} or leave it out"
    return _one_of(kind, FORMATS, words, field="kind", code="unknown_app")


def check_unit(unit: str | None) -> str | None:
    """'' or None: the unit the file states (or the importer's guess); else kg or lb."""
    words = "is not a weight unit we know; choose kg or lb, or leave it out"
    return _one_of(unit, UNITS, words, field="unit", code="unknown_unit")


def _one_of(given: str | None, allowed: Collection[str], words: str, *, field: str, code: str) -> str | None:
    """`given` in lower case when it is one of `allowed`; None when it is blank (the importer decides); else the
    upload is refused, naming the field and what it may be."""
    value = (given or "").strip().lower()
    if value and value not in allowed:
        raise BadUpload([f"{given!r} {words}"], field=field, code=code)
    return value or None


def import_upload(
    container: Container,
    person_id: int,
    data: bytes,
    *,
    file_name: str,
    kind: str | None,
    dry_run: bool,
    strict: bool = False,
    unit: str | None = None,
) -> ImportReport:
    """Parse an export and import it (or only check it) for the person (services.importing.import_file): every valid
    row, the bad ones reported by line, or with `strict` all or nothing. `unit` (kg | lb) for a file that does not
    say its weight unit.

    BadUpload (nothing stored) for a file that is not a readable export, or has row errors and `strict`.
    """
    try:
        parsed = parse_export(data, kind=check_kind(kind), unit=check_unit(unit))
    except ImportFileError as exc:
        raise BadUpload([f"{file_name}: {exc}"]) from exc
    try:
        return importing.import_file(
            container.uow(),
            container.library,
            parsed,
            person_id=person_id,
            file_name=file_name,
            dry_run=dry_run,
            strict=strict,
        )
    except importing.ImportRejected as exc:
        raise BadUpload([words(p) for p in exc.problems], report=exc.report, code="rows_rejected") from exc


# ------------------------------------------------------------------------------------------------ downloads


def _report(container: Container, person_id: int, today: dt.date) -> bytes:
    data = report.report_data(
        container.uow(), container.library, today=today, person_id=person_id, figures=container.figures
    )
    return report_pdf(data, container.library)


def _calendar(container: Container, person_id: int, today: dt.date) -> bytes:
    data = calendar.calendar(container.uow(), container.library, today=today, person_id=person_id)
    return calendar_ics(data, tz=data.time_zone or "UTC")  # the person's time zone and time (18:00 UTC unchosen)


def _sets(container: Container, person_id: int, today: dt.date) -> bytes:
    return sets_csv_file(exports.sets_export(container.uow(), person_id=person_id))


@dataclass(frozen=True, slots=True)
class Download:
    """One download: how its bytes are made, what they are and what the saved file is called on a day."""

    make: Callable[[Container, int, dt.date], bytes]
    media_type: str
    file_name: Callable[[dt.date], str]


DOWNLOADS = {
    "pdf": Download(_report, "application/pdf", lambda today: f"gluterx-report-{today.isoformat()}.pdf"),
    "ics": Download(_calendar, "text/calendar; charset=utf-8", lambda today: "gluterx-sessions.ics"),
    "csv": Download(_sets, "text/csv; charset=utf-8", lambda today: f"gluterx-sets-{today.isoformat()}.csv"),
}


def download(kind: str, container: Container, person_id: int) -> Response:
    """The `kind` download (pdf | ics | csv) as an attachment the browser saves, never caches and never sniffs;
    services.exports.NothingToExport when the person has nothing for it yet (NOTHING_YET says what to do)."""
    today = dt.date.today()
    what = DOWNLOADS[kind]
    return Response(
        what.make(container, person_id, today),
        media_type=what.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{what.file_name(today)}"',
            "Cache-Control": "no-store",
        },
    )
