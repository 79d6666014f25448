"""The history: past sessions newest first, a page at a time; one session with what it now says for next time; and
correcting or deleting a session (services/session_edits), after which what comes next is worked out again."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any

from fastapi import HTTPException, Query, Request, status
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from gluterx.adapters.interop.csv_import import app_name
from gluterx.bootstrap import Container
from gluterx.domain.exercise import Library, LoadType, Measure
from gluterx.domain.progression import BAND_ORDER
from gluterx.domain.units import MassUnit, from_kg
from gluterx.services import history, log_session, session_edits
from gluterx.services.history import SessionRecord
from gluterx.services.ports import ServiceError
from gluterx.services.settings import unit_of

from ..deps import ContainerDep, Csrf, CurrentUser, PageUser
from ..templating import templates
from . import _labels as labels
from . import router
from ._common import form_int, render
from ._problems import page_words
from .workout import FELT_ORDER, MAX_SETS, form_errors, form_exercises

NOT_FOUND = "We could not find that session in your history."


def source_name(source: str) -> str:
    return app_name(source)


templates.env.filters["source_name"] = source_name


def count_units(library: Library, exercise_ids: Iterable[str]) -> dict[str, str]:
    """What each exercise's logged count is in: 'reps', 's' (held) or 'min' (timed)."""
    found = {}
    for exercise_id in exercise_ids:
        known = library.exercises.get(exercise_id)
        measure = known.dose if known is not None else Measure.REPS
        found[exercise_id] = {Measure.SECONDS: "s", Measure.MINUTES: "min"}.get(measure, "reps")
    return found


def _session_id(text: str) -> int:
    """The path's session id, or the styled 404 (a word or a huge number is no session of anybody's)."""
    if not text.isdigit() or len(text) > 9:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    return int(text)


def _own(container: Container, user: CurrentUser, session_id: int) -> SessionRecord:
    try:
        return history.session(container.uow(), person_id=user.person_id, session_id=session_id)
    except ServiceError as exc:
        if exc.code == "missing":
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND) from exc
        raise


@router.get("/history")
def history_list(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    page: str | None = None,
    deleted: Annotated[str | None, Query()] = None,
) -> Response:
    number = int(page) if page and page.isdigit() and len(page) < 7 else 1
    found = history.history_page(container.uow(), container.library.display_name, person_id=user.person_id, page=number)
    gone = None
    if deleted:
        try:
            gone = date.fromisoformat(deleted)
        except ValueError:
            gone = None
    context = {"found": found, "deleted": gone, "units": count_units(container.library, found.names)}
    return render(request, "history.html", context, user=user, active="history")


@router.get("/history/{session_id}")
def history_session(
    request: Request, container: ContainerDep, user: PageUser, session_id: str, saved: str | None = None
) -> Response:
    number = _session_id(session_id)
    summary = log_session.workout_summary(
        container.uow(), container.library, person_id=user.person_id, session_id=number
    )
    if summary is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    units = count_units(container.library, summary.names)
    context = {"summary": summary, "saved": saved == "1", "units": units}
    return render(request, "history_session.html", context, user=user, active="history")


# ------------------------------------------------------------------------------------------------ correcting


def _rows(library: Library, done: SessionRecord) -> list[dict[str, Any]]:
    """Each exercise of the session with the fields its sets are logged with, and one blank set row to add one."""
    out = []
    for i, ex in enumerate(done.exercises):
        known = library.exercises.get(ex.exercise_id)
        out.append(
            {
                "index": i,
                "exercise_id": ex.exercise_id,
                "name": library.display_name(ex.exercise_id),
                "count_label": {Measure.SECONDS: "Seconds", Measure.MINUTES: "Minutes"}.get(
                    known.dose if known else Measure.REPS, "Reps"
                ),
                "weights": known is None or known.load_type is LoadType.WEIGHTS or any(s.load_kg for s in ex.sets),
                "band": known is None or known.load_type is LoadType.BAND or any(s.band for s in ex.sets),
                "rpe": any(s.rpe is not None for s in ex.sets),
                "sets": len(ex.sets) + 1,
            }
        )
    return out


def _values(done: SessionRecord, unit: MassUnit) -> dict[str, Any]:
    """The stored session as the form's fields (weights in the person's `unit`)."""
    values: dict[str, Any] = {"date": done.date.isoformat(), "notes": done.notes}
    for i, ex in enumerate(done.exercises):
        values[f"ex{i}_pain"] = str(ex.pain_during)
        values[f"ex{i}_felt"] = list(ex.felt_in)
        for j, s in enumerate(ex.sets):
            p = f"ex{i}_s{j}"
            values[f"{p}_reps"] = str(s.reps)
            values[f"{p}_load"] = f"{round(from_kg(s.load_kg, unit), 2):g}" if s.load_kg is not None else ""
            values[f"{p}_band"] = s.band or ""
            values[f"{p}_rir"] = "" if s.rir is None else str(s.rir)
            values[f"{p}_rpe"] = "" if s.rpe is None else f"{s.rpe:g}"
    return values


def _form_values(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {k: str(v) for k, v in form.multi_items() if not k.endswith("_felt")}
    values.update({k: [str(v) for v in form.getlist(k)] for k in form if k.endswith("_felt")})
    return values


def _set_rows(form: FormData, i: int) -> int:
    """How many set rows the correction form had for exercise `i` (its hidden `ex{i}_rows`; one spare at most)."""
    rows = form_int(str(form.get(f"ex{i}_rows", "0")))
    return min(rows, MAX_SETS + 1) if isinstance(rows, int) else 0


def parse_edit(form: FormData) -> tuple[dict[str, Any], list[tuple[int, list[int]]], dict[str, str]]:
    """SESSION.json from the correction form; which form exercise and set rows each entry came from; the problems
    found before the session's own checks. A set ticked 'remove', or left without reps, is left out; so is an
    exercise with no sets left."""
    errors: dict[str, str] = {}
    exercises, origin = form_exercises(form, lambda i: _set_rows(form, i), errors)
    session = {"date": str(form.get("date", "")).strip(), "exercises": exercises, "notes": str(form.get("notes", ""))}
    return session, origin, errors


def _edit_context(
    container: Container, done: SessionRecord, values: dict[str, Any], errors: dict[str, str], general: list[str]
) -> dict[str, Any]:
    exercises = _rows(container.library, done)
    for ex in exercises:  # after a refused correction, as many set rows as the form had
        posted = form_int(str(values.get(f"ex{ex['index']}_rows", "")))
        if isinstance(posted, int) and 0 < posted <= MAX_SETS + 1:
            ex["sets"] = posted
    return {
        "done": done,
        "exercises": exercises,
        "values": values,
        "errors": errors,
        "general": general,
        "felt_order": FELT_ORDER,
        "bands": [(b, labels.BANDS.get(b, b)) for b in BAND_ORDER],
        "editable": done.source == session_edits.EDITABLE_SOURCE,
    }


@router.get("/history/{session_id}/edit")
def edit_page(request: Request, container: ContainerDep, user: PageUser, session_id: str) -> Response:
    done = _own(container, user, _session_id(session_id))
    unit = unit_of(container.uow(), person_id=user.person_id)
    context = {**_edit_context(container, done, _values(done, unit), {}, []), "unit": unit}  # read once: render's too
    return render(request, "history_edit.html", context, user=user, active="history")


def _save(
    container: Container, user: CurrentUser, session_id: int, form: FormData
) -> tuple[bool, dict[str, str], list[str]]:
    session, origin, errors = parse_edit(form)
    if errors:
        return False, errors, []
    if not session["exercises"]:
        return False, {}, ["Nothing is left in this session. To remove it altogether, delete it instead."]
    try:
        session_edits.edit_session(
            container.uow(), container.library, session, person_id=user.person_id, session_id=session_id
        )
    except ServiceError as exc:
        if exc.code == "missing":
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND) from exc
        dated = [p for p in exc.problems if p.field == "date"]
        found, general = form_errors([p for p in exc.problems if p.field != "date"], origin)
        if dated:
            found["date"] = page_words(dated[0])
        return False, found, general
    return True, {}, []


@router.post("/history/{session_id}/edit")
async def edit_submit(
    request: Request, container: ContainerDep, user: PageUser, session_id: str, _csrf: Csrf
) -> Response:
    number = _session_id(session_id)
    form = await request.form()
    done = await run_in_threadpool(_own, container, user, number)
    saved, errors, general = await run_in_threadpool(_save, container, user, number, form)
    if saved:
        return RedirectResponse(f"/history/{number}?saved=1", status_code=303)
    context = _edit_context(container, done, _form_values(form), errors, general)
    return render(request, "history_edit.html", context, user=user, active="history", status_code=422)


# ------------------------------------------------------------------------------------------------ deleting


@router.get("/history/{session_id}/delete")
def delete_page(request: Request, container: ContainerDep, user: PageUser, session_id: str) -> Response:
    done = _own(container, user, _session_id(session_id))
    names = {e.exercise_id: container.library.display_name(e.exercise_id) for e in done.exercises}
    return render(request, "history_delete.html", {"done": done, "names": names}, user=user, active="history")


def _delete(container: Container, user: CurrentUser, session_id: int) -> date:
    try:
        outcome = session_edits.delete_session(
            container.uow(), container.library, person_id=user.person_id, session_id=session_id
        )
    except ServiceError as exc:
        if exc.code == "missing":
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND) from exc
        raise
    return outcome.date


@router.post("/history/{session_id}/delete")
async def delete_submit(container: ContainerDep, user: PageUser, session_id: str, _csrf: Csrf) -> Response:
    day = await run_in_threadpool(_delete, container, user, _session_id(session_id))
    return RedirectResponse(f"/history?deleted={day.isoformat()}", status_code=303)


__all__ = ["parse_edit", "source_name"]
