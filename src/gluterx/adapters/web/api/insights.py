"""Progress and interop: the analysis as JSON, another app's history in, the report, calendar and sets out.

The page routes (`pages/progress.py`, `pages/imports.py`) call the same helpers, so a browser and an API client get
the same bytes, the same import report and the same messages.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated, Any, Literal, NoReturn

from fastapi import File, Form, Query, Response, UploadFile, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from gluterx.adapters.interop.csv_import import FORMATS, ImportFileError, ParsedExport, parse_export
from gluterx.bootstrap import Container
from gluterx.domain.analysis import (
    AdherenceReport,
    BalanceReport,
    CustomExercise,
    EnergyReport,
    LoadReport,
    LoggedSet,
    PainTrend,
    StrengthReport,
    VolumeReport,
    balance,
)
from gluterx.domain.exercise import Library, Pattern
from gluterx.services import importing
from gluterx.services.errors import words
from gluterx.services.ports import Problem, ServiceError
from gluterx.services.progress import ProgressData, jsonable, load_progress, progress_view

from ..deps import ApiUser, ContainerDep
from . import router
from ._models import FIRST_DAY, LAST_DAY, Alert
from ._openapi import INVALID, MISSING, NOT_SIGNED_IN, FieldProblem

__all__ = [
    "MAX_UPLOAD_BYTES",
    "BadUpload",
    "NothingToExport",
    "calendar_ics",
    "check_kind",
    "download",
    "file_balance",
    "file_names",
    "import_upload",
    "read_upload",
    "report_pdf",
    "sets_csv",
]

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_FILE_NAME = 200
NO_FILE = "Choose the CSV file you exported from Strong, Hevy or FitNotes."
NOTHING_FOR_REPORT = (
    "There is nothing to put in a report yet. Answer the questions for a programme, log a session or import your "
    "history first, then download it again."
)
NOTHING_FOR_CALENDAR = (
    "There are no planned sessions to put in a calendar yet. Answer the questions to get a programme, then download "
    "it again."
)
NOTHING_FOR_CSV = "No sets logged yet, so there is nothing to export. Log a session or import your history first."
# What the importer's guess for an exercise the library does not know means for the balance analysis.
_GUESS: dict[str, tuple[Pattern, bool]] = {
    "hip_dominant": (Pattern.HINGE, True),
    "knee_dominant": (Pattern.SQUAT, False),
    "abduction": (Pattern.HIP_ABDUCTION, True),
}


# ------------------------------------------------------------------------------------------------ shared helpers


class NothingToExport(Exception):
    """The person has nothing yet for this download; `message` says what to do first."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadUpload(Exception):
    """An upload that cannot be imported: nothing was stored. `problems[0]` is the headline; `field` (file or kind)
    is the form field they are about, `code` a stable id."""

    def __init__(
        self,
        problems: list[str],
        *,
        status_code: int = 422,
        report: dict[str, Any] | None = None,
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
    value = (kind or "").strip().lower()
    if not value:
        return None
    if value not in FORMATS:
        raise BadUpload(
            [f"{kind!r} is not an app we can read; choose one of {', '.join(FORMATS)} or leave it out"],
            field="kind",
            code="unknown_app",
        )
    return value


def file_balance(parsed: ParsedExport, library: Library) -> BalanceReport:
    """Hip- vs knee-dominant work in the file's history alone, names mapped as the importer maps them."""
    matches = importing.match_names((s.exercise for s in parsed.sets), library)
    customs: dict[str, CustomExercise] = {}
    sets = []
    for s in parsed.sets:
        match = matches[s.exercise]
        if not match.mapped and match.exercise_id not in customs:
            pattern, hip = _GUESS.get(match.pattern, (None, None))
            customs[match.exercise_id] = CustomExercise(
                match.exercise_id, name=s.exercise, pattern=pattern, hip_dominant=hip
            )
        sets.append(LoggedSet(s.workout_date, match.exercise_id, max(s.reps, 0), warmup=s.warmup))
    return balance(sets, library, customs=customs)


def import_upload(
    container: Container, person_id: int, data: bytes, *, file_name: str, kind: str | None, dry_run: bool
) -> dict[str, Any]:
    """Parse and import (or only check) an export for the person; the report with the file's balance analysis.

    BadUpload (nothing stored) for a file that is not a readable export or has row errors.
    """
    try:
        parsed = parse_export(data, kind=check_kind(kind))
    except ImportFileError as exc:
        raise BadUpload([f"{file_name}: {exc}"]) from exc
    try:
        report = importing.import_history(
            container.uow(), container.library, parsed, dry_run=dry_run, person_id=person_id, file_name=file_name
        )
    except importing.ImportRejected as exc:
        raise BadUpload([words(p) for p in exc.problems], report=exc.report, code="rows_rejected") from exc
    report["balance"] = jsonable(file_balance(parsed, container.library))
    return report


def _progress(container: Container, person_id: int, today: dt.date) -> ProgressData:
    return load_progress(container.uow(), container.library, today=today, person_id=person_id)


def report_pdf(container: Container, person_id: int, *, today: dt.date) -> bytes:
    """The clinician report as PDF; NothingToExport with no profile, sets or check-ins."""
    from gluterx.adapters.interop import pdf_report

    try:
        data = _progress(container, person_id, today)
    except ServiceError as exc:
        if exc.code == "missing":
            raise NothingToExport(NOTHING_FOR_REPORT) from exc
        raise
    if data.total_sets == 0 and data.profile is None and not data.analysis.pain.days:
        raise NothingToExport(NOTHING_FOR_REPORT)
    return pdf_report.render_report(data, container.library)


def calendar_ics(container: Container, person_id: int) -> bytes:
    """The planned sessions as iCalendar with reminders; NothingToExport without a programme."""
    from gluterx.adapters.interop import ics
    from gluterx.services import exports

    try:
        sessions = exports.calendar_sessions(container.uow(), person_id=person_id)
    except ServiceError as exc:
        if exc.code == "missing":
            raise NothingToExport(NOTHING_FOR_CALENDAR) from exc
        raise
    if not sessions:
        raise NothingToExport(NOTHING_FOR_CALENDAR)
    return ics.planned_sessions_ics(sessions)


def sets_csv(container: Container, person_id: int) -> bytes:
    """Every logged set as CSV (UTF-8); NothingToExport before the first set."""
    from gluterx.adapters.interop import csv_export
    from gluterx.services import exports

    try:
        rows = exports.all_sets(container.uow(), person_id=person_id)
    except ServiceError as exc:
        if exc.code == "missing":
            raise NothingToExport(NOTHING_FOR_CSV) from exc
        raise
    if not rows:
        raise NothingToExport(NOTHING_FOR_CSV)
    return csv_export.sets_csv(rows).encode("utf-8")


def download(body: bytes, *, media_type: str, filename: str) -> Response:
    """An attachment the browser saves, never caches and never sniffs."""
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


def file_names(today: dt.date) -> dict[str, str]:
    return {
        "pdf": f"gluterx-report-{today.isoformat()}.pdf",
        "ics": "gluterx-sessions.ics",
        "csv": f"gluterx-sets-{today.isoformat()}.csv",
    }


# ------------------------------------------------------------------------------------------------ response models


class PersonInfo(BaseModel):
    display_name: str
    created_at: dt.date


class ProgramInfo(BaseModel):
    start: dt.date
    weeks: int
    status: str


class Progress(BaseModel):
    """The whole analysis up to the day: pain trend, estimated strength, weekly volume per glute region and force
    vector, hip/knee balance, adherence, training load and energy. Every message is plain words; `sources` are
    evidence ids (GET /evidence)."""

    person: PersonInfo
    program: ProgramInfo | None
    alerts: list[Alert]
    total_sets: int
    first_day: dt.date | None
    last_day: dt.date | None
    pain: PainTrend
    strength: StrengthReport
    volume: VolumeReport
    balance: BalanceReport
    adherence: AdherenceReport
    load: LoadReport
    energy: EnergyReport


class ReasonGroup(BaseModel):
    """Rows skipped or repaired for one reason: how many, the first line numbers and an example."""

    reason: str
    count: int
    lines: list[int]
    example: str


class MappedName(BaseModel):
    name: str
    exercise_id: str
    how: Literal["exact", "fuzzy"]
    score: float | None
    sets: int


class GuessedName(BaseModel):
    name: str
    exercise_id: str
    pattern: str
    sets: int


class UnknownName(BaseModel):
    name: str
    exercise_id: str
    sets: int


class Workouts(BaseModel):
    in_file: int
    added: int
    already_present: int


class ImportReport(BaseModel):
    """What was read, what was stored (or, on a dry run, would be), every skipped row and row error by line number,
    how each exercise name was mapped, and the balance of hip- vs knee-dominant work in the file's history."""

    status: Literal["imported", "dry_run", "checked", "rejected"]
    file: str
    format: str
    variant: str
    weight_unit: str
    unit_note: str
    first_date: dt.date | None
    last_date: dt.date | None
    rows_read: int
    sets_in_file: int
    sets_imported: int
    sets_already_present: int
    warmup_sets: int
    rows_skipped: int
    skipped: list[ReasonGroup]
    row_errors: list[str]
    rows_repaired: int
    repaired: list[ReasonGroup]
    notices: list[str]
    workouts: Workouts
    mapped_share: float
    mapped_sets: int
    mapped: list[MappedName]
    guessed: list[GuessedName]
    unknown: list[UnknownName]
    dry_run: bool
    stored: bool
    balance: BalanceReport | None = None


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


def _bad_upload(exc: BadUpload) -> JSONResponse:
    detail = [{"field": exc.field, "code": exc.code, "message": p} for p in exc.problems]
    body: dict[str, Any] = {"detail": detail}
    if exc.report is not None:
        body["report"] = ImportReport.model_validate(exc.report).model_dump(mode="json")
    return JSONResponse(body, status_code=exc.status_code)


# ------------------------------------------------------------------------------------------------ routes

DayQuery = Annotated[
    dt.date | None,
    Query(ge=FIRST_DAY, le=LAST_DAY, description="Analyse as if it were this day, YYYY-MM-DD (default: today)."),
]
TOO_LARGE: dict[int | str, dict[str, Any]] = {413: {"model": ImportProblems, "description": "The file is over 10 MB."}}


@router.get("/progress", response_model=Progress, tags=["progress"], responses={**NOT_SIGNED_IN, **INVALID})
def get_progress(user: ApiUser, container: ContainerDep, date: DayQuery = None) -> dict[str, Any]:
    """Your progress: everything you logged or imported, analysed up to the day."""
    return progress_view(_progress(container, user.person_id, date or dt.date.today()))


@router.post(
    "/imports",
    status_code=status.HTTP_201_CREATED,
    response_model=ImportReport,
    tags=["progress"],
    responses={
        200: {"model": ImportReport, "description": "A dry run: the report of what would be imported; nothing stored."},
        **NOT_SIGNED_IN,
        **TOO_LARGE,
        422: {"model": ImportProblems, "description": "Not a readable export, or it has row errors; nothing stored."},
    },
)
def post_import(
    user: ApiUser,
    container: ContainerDep,
    response: Response,
    file: Annotated[UploadFile, File(description="The CSV file exported from Strong, Hevy or FitNotes (≤ 10 MB).")],
    kind: Annotated[
        Literal["strong", "hevy", "fitnotes", ""] | None,
        Form(description="The app the file comes from; detected from the header when left out."),
    ] = None,
    dry_run: Annotated[bool, Form(description="Read and report everything, store nothing.")] = False,
) -> Any:
    """Import your history from another app: 201 with the report (re-importing the same file adds nothing);
    with `dry_run`, 200 and nothing stored."""
    try:
        data, name = read_upload(file)
        report = import_upload(container, user.person_id, data, file_name=name, kind=kind, dry_run=dry_run)
    except BadUpload as exc:
        return _bad_upload(exc)
    if dry_run:
        response.status_code = status.HTTP_200_OK
    return report


def _export(kind: str, user: ApiUser, container: Container) -> Response:
    today = dt.date.today()
    names = file_names(today)
    try:
        if kind == "pdf":
            return download(
                report_pdf(container, user.person_id, today=today), media_type="application/pdf", filename=names["pdf"]
            )
        if kind == "ics":
            return download(
                calendar_ics(container, user.person_id),
                media_type="text/calendar; charset=utf-8",
                filename=names["ics"],
            )
        return download(
            sets_csv(container, user.person_id), media_type="text/csv; charset=utf-8", filename=names["csv"]
        )
    except NothingToExport as exc:
        _missing(exc.message)


@router.get(
    "/report.pdf",
    response_class=Response,
    tags=["progress"],
    responses={**_binary("application/pdf", "The clinician report"), **NOT_SIGNED_IN, **MISSING},
)
def get_report(user: ApiUser, container: ContainerDep) -> Response:
    """Your clinician report (PDF): goals, screening, programme, adherence, pain, strength, balance and alerts."""
    return _export("pdf", user, container)


@router.get(
    "/calendar.ics",
    response_class=Response,
    tags=["progress"],
    responses={**_binary("text/calendar", "The planned sessions with reminders"), **NOT_SIGNED_IN, **MISSING},
)
def get_calendar(user: ApiUser, container: ContainerDep) -> Response:
    """Your planned sessions as an iCalendar file, each with a reminder; 404 without a programme."""
    return _export("ics", user, container)


@router.get(
    "/sets.csv",
    response_class=Response,
    tags=["progress"],
    responses={**_binary("text/csv", "Every logged set, one per row"), **NOT_SIGNED_IN, **MISSING},
)
def get_sets(user: ApiUser, container: ContainerDep) -> Response:
    """Every set you logged or imported, as CSV; 404 before the first set."""
    return _export("csv", user, container)
