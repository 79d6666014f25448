"""Import: upload a Strong, Hevy or FitNotes export, see what was read and stored, then the balance of that history."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import File, Form, Request, UploadFile, status
from fastapi.responses import Response

from gluterx.adapters.interop.csv_import import FORMATS
from gluterx.domain.exercise import Library
from gluterx.services.settings import unit_of

from ..deps import ContainerDep, Csrf, PageUser
from ..files import MAX_UPLOAD_BYTES, BadUpload, import_upload, read_upload
from . import router
from ._common import render

UNITS = (("kg", "Kilograms (kg)"), ("lb", "Pounds (lb)"))
NAMES_SHOWN = 25
VERDICTS = {
    "quad_dominant": "Quad-dominant",
    "knee_leaning": "Leans to the knees",
    "balanced": "Balanced",
    "hip_dominant": "Hip-dominant",
    "not_enough_data": "Not enough data",
}


def exercise_links(ids: list[str], library: Library) -> list[dict[str, str]]:
    """Library exercises to suggest, with their names, for links to their pages."""
    return [{"id": i, "name": library.get(i).name} for i in ids if i in library]


def _context(**values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "apps": tuple(FORMATS.items()),
        "form": {"kind": "", "unit": "", "check_only": False, "strict": False},
        "units": UNITS,
        "report": None,
        "problems": [],
        "add": [],
        "library_names": {},
        "verdicts": VERDICTS,
        "names_shown": NAMES_SHOWN,
        "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return {**base, **values}


@router.get("/import")
def import_page(request: Request, container: ContainerDep, user: PageUser) -> Response:
    # a file that does not say its weight unit is read in the person's own unit (Profile & settings)
    unit = unit_of(container.uow(), person_id=user.person_id).value
    form = {"kind": "", "unit": unit, "check_only": False, "strict": False}
    return render(request, "import.html", _context(form=form), user=user, active="progress")


@router.post("/import")
def import_submit(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    _csrf: Csrf,
    file: Annotated[UploadFile | None, File()] = None,
    kind: Annotated[str, Form()] = "",
    check_only: Annotated[str, Form()] = "",
    strict: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "",
) -> Response:
    form = {
        "kind": kind if kind in FORMATS else "",
        "unit": unit if unit in dict(UNITS) else "",
        "check_only": bool(check_only),
        "strict": bool(strict),
    }
    try:
        data, name = read_upload(file)
        report = import_upload(
            container,
            user.person_id,
            data,
            file_name=name,
            kind=kind,
            dry_run=bool(check_only),
            strict=bool(strict),
            unit=unit,
        )
    except BadUpload as exc:
        shown = exc.report.as_dict() if exc.report is not None else None
        context = _context(form=form, problems=exc.problems, report=shown)
        return render(request, "import.html", context, user=user, active="progress", status_code=exc.status_code)
    library = container.library
    add = exercise_links(list(report.balance.add) if report.balance else [], library)
    names = {m.exercise_id: library.get(m.exercise_id).name for m in report.mapped if m.exercise_id in library}
    context = _context(form=form, report=report.as_dict(), add=add, library_names=names)
    return render(request, "import.html", context, user=user, active="progress", status_code=status.HTTP_200_OK)
