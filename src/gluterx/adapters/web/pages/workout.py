"""The workout player: one long form (every exercise and its sets) that app.js turns into one exercise at a time
with a rest timer; then a summary of what changes next time, and why."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from fastapi import HTTPException, Query, Request, status
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from gluterx.bootstrap import Container
from gluterx.domain.dose import describe, target
from gluterx.domain.exercise import Fault, Library, LoadType, Measure
from gluterx.domain.notes import sentences_of
from gluterx.domain.progression import BAND_ORDER, FELT_IN
from gluterx.domain.units import MassUnit, to_kg
from gluterx.services import log_session
from gluterx.services.exercise_history import last_time, milestones_for
from gluterx.services.figures import FaultDemonstration, fault_demonstrations
from gluterx.services.ports import Problem, ServiceError
from gluterx.services.session_input import MAX_SESSION_MINUTES
from gluterx.services.settings import unit_of
from gluterx.services.today import SessionItem, TodayPlan

from ..deps import ContainerDep, Csrf, CurrentUser, PageUser
from . import _labels as labels
from . import router
from ._common import due_page, form_float, form_int, load_today, parse_day, render
from ._problems import page_words
from .exercises import FAULT_LABELS

MAX_SETS = 20
MAX_EXERCISES = 40
FELT_ORDER = [p for p in labels.FELT_IN if p in FELT_IN]
# The session rating the training load is made of: Foster's CR-10 and its words (session_rpe.foster2001); asked at
# the end of the session, which gives the same rating as later (session_rpe_timing.foster2021).
SESSION_RPE_SCALE = [
    (0, "Rest"),
    (1, "Very, very easy"),
    (2, "Easy"),
    (3, "Moderate"),
    (4, "Somewhat hard"),
    (5, "Hard"),
    (6, ""),
    (7, "Very hard"),
    (8, ""),
    (9, ""),
    (10, "Maximal"),
]


AS_BEFORE = "Then the other side."  # a side note ("Finish one side, then ...") an earlier exercise said in full


def _once(sentence: str, seen: set[str]) -> str:
    """A how-to sentence, or in short when it is the side note an earlier exercise of the session said in full."""
    return AS_BEFORE if sentence in seen and sentence.startswith("Finish one side") else sentence


def player_exercises(
    items: Sequence[SessionItem], library: Library, unit: MassUnit = MassUnit.KG
) -> list[dict[str, Any]]:
    """Today's items with what the player shows: how-to, cues, what to feel, and which fields to log (weights in
    the person's `unit`)."""
    out = []
    seen: set[str] = set()  # a how-to line said for an earlier exercise (a side note) is said once, then in short
    for i, item in enumerate(items):
        ex = library.get(item.exercise_id)
        how_to = [sentences_of(line) for line in ex.how_to.splitlines() if line.strip()]
        words = describe(item.dose, unit=unit)
        out.append(
            {
                "exercise_id": item.exercise_id,
                "sets": item.dose.sets,
                "reps": words.work,
                "load": words.load,
                "tempo": words.tempo,
                "counted": words.counted,
                "rest_s": item.dose.rest_s,
                "reason": item.reason.words(unit),
                "caution": item.caution,
                "supported_option": item.supported_option,
                "index": i,
                "name": ex.name,
                "how_to": [" ".join(_once(s, seen) for s in line) for line in how_to],
                "cues": list(ex.cues),
                "feel": ex.feel,
                "faults": dict(ex.faults),
                "count_label": {Measure.SECONDS: "Seconds", Measure.MINUTES: "Minutes"}.get(ex.dose, "Reps"),
                "target": target(item.dose.work).low,
                "weights": ex.load_type is LoadType.WEIGHTS,
                "band": ex.load_type is LoadType.BAND,
                "effort": ex.dose is Measure.REPS,
            }
        )
        seen.update(s for line in how_to for s in line)
    return out


def felt_elsewhere(pairs: dict[Fault, FaultDemonstration]) -> str:
    """The player's heading over an exercise's "this, not this" pairs: the places they are for, in the library's
    order ("If you feel it in your lower back or your knees")."""
    places = [FAULT_LABELS[f].removeprefix("If you feel it in ") for f in Fault if f in pairs]
    listed = places[0] if len(places) == 1 else f"{', '.join(places[:-1])} or {places[-1]}"
    return f"If you feel it in {listed}"


def _context(
    container: Container,
    user: CurrentUser,
    view: TodayPlan,
    *,
    fast: bool,
    key: str | None = None,
    unit: MassUnit = MassUnit.KG,
) -> dict[str, Any]:
    exercises = player_exercises(view.items, container.library, unit)
    last = last_time(
        container.uow(),
        container.library,
        person_id=user.person_id,
        exercise_ids=[e["exercise_id"] for e in exercises],
        before=view.date,
        unit=unit,
    )
    ids = {e["exercise_id"] for e in exercises}
    pairs = {i: p for i in ids if (p := fault_demonstrations(container.figures, container.library, i))}
    return {
        "view": view,
        "exercises": exercises,
        "last": last,
        # "this, not this" for the advice on where else it is felt, under its own closed <details>
        "fault_pairs": pairs,
        "fault_labels": FAULT_LABELS,
        "felt_elsewhere": {i: felt_elsewhere(p) for i, p in pairs.items()},
        "fast": fast,
        "first_rest": exercises[0]["rest_s"] if exercises else 0,
        "felt_order": FELT_ORDER,
        "bands": [(b, labels.BANDS.get(b, b)) for b in BAND_ORDER],
        "max_sets": MAX_SETS,
        "rpe_scale": SESSION_RPE_SCALE,
        "max_minutes": MAX_SESSION_MINUTES,
        # A new key for each fresh player: the same form sent twice (a double tap, a resend) stores one session.
        "idempotency_key": key or uuid.uuid4().hex,
        # Where the browser keeps unsaved entries: this person, this day, this session of the programme.
        "draft_key": f"gluterx.workout.{user.person_id}.{view.date.isoformat()}.{view.week}-{view.day}",
        "duplicate": None,
        "unit": unit,
    }


def draft_prefix(person_id: int, day: date) -> str:
    """The start of every key the player keeps a day's unsaved entries under (the summary clears them)."""
    return f"gluterx.workout.{person_id}.{day.isoformat()}."


@router.get("/workout")
def workout_page(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    day: Annotated[str | None, Query(alias="date")] = None,
    fast: str | None = None,
) -> Response:
    due = due_page(container, user, day)
    if isinstance(due, Response):
        return due
    view, date_error = due.view, due.date_error
    if view is None:
        return RedirectResponse("/onboarding", status_code=303)
    unit = unit_of(container.uow(), person_id=user.person_id)
    context = {
        **_context(container, user, view, fast=fast == "1", unit=unit),
        "values": {},
        "errors": {},
        "general": [],
    }
    context["date_error"] = date_error
    return render(request, "workout.html", context, user=user, active="today")


def form_unit(form: FormData) -> MassUnit:
    """The unit a session form's weights were typed in (its hidden `unit`; kg when missing or unknown)."""
    return MassUnit(str(form.get("unit"))) if form.get("unit") in ("kg", "lb") else MassUnit.KG


def exercise_entry(form: FormData, i: int, sets: list[dict[str, Any]]) -> dict[str, Any]:
    """Exercise `i` of a session form with its parsed `sets`: its id, pain during it and where it was felt."""
    pain = form_int(str(form.get(f"ex{i}_pain", "0")).strip() or "0")
    felt = [str(v) for v in form.getlist(f"ex{i}_felt")]
    return {"exercise_id": str(form.get(f"ex{i}_id", "")), "sets": sets, "pain_during": pain, "felt_in": felt}


# The whole session's optional numbers: the form field (SESSION.json's too), how it is read, and what to say when
# it is not a number.
SESSION_NUMBERS: tuple[tuple[str, Callable[[str], Any], str], ...] = (
    ("session_rpe", form_float, "Please choose how hard the session was, from 0 (rest) to 10 (maximal)."),
    ("duration_min", form_int, "Please give the minutes as a whole number, like 35."),
)


def form_number(
    form: FormData, field: str, read: Callable[[str], Any], errors: dict[str, str], wrong: str
) -> int | float | None:
    """The number typed in `field`, read by `read` (form_int or form_float); None when the field is empty, and when
    it is not a number, with `wrong` put into `errors` under the field."""
    text = str(form.get(field, "")).strip()
    if not text:
        return None
    value: int | float | str = read(text)
    if isinstance(value, str):
        errors[field] = wrong
        return None
    return value


def parse_set(form: FormData, prefix: str, unit: MassUnit, errors: dict[str, str]) -> dict[str, Any] | None:
    """One set of a session form (fields `{prefix}_reps`, `_load` in `unit`, `_band`, `_rir`, `_rpe`) as SESSION.json
    wants it; None for a row left empty or whose count is not a whole number. What is wrong goes into `errors` by
    field name. The player and the history's correction form read their sets with this."""
    reps_text = str(form.get(f"{prefix}_reps", "")).strip()
    if not reps_text:
        return None
    reps = form_int(reps_text)
    if not isinstance(reps, int) or reps < 0:
        errors[f"{prefix}_reps"] = "Please give a whole number, like 12."
        return None
    entry: dict[str, Any] = {"reps": reps}
    kg = form_number(
        form, f"{prefix}_load", form_float, errors, f"Please give the weight in {unit} as a number, like 12.5."
    )
    if kg is not None:
        entry["load_kg"] = to_kg(kg, unit)
    if band := str(form.get(f"{prefix}_band", "")).strip():
        entry["band"] = band
    if rir := str(form.get(f"{prefix}_rir", "")).strip():
        entry["rir"] = form_int(rir)
    effort = form_number(form, f"{prefix}_rpe", form_float, errors, "Please give a number from 1 to 10, like 7.5.")
    if effort is not None:
        entry["rpe"] = effort
    return entry


def form_exercises(
    form: FormData, rows: Callable[[int], int], errors: dict[str, str]
) -> tuple[list[dict[str, Any]], list[tuple[int, list[int]]]]:
    """The exercises of a session form (the player's or the history's correction form) as SESSION.json wants them,
    and which form exercise and set rows each came from. Exercise `i` has `rows(i)` set rows; a row ticked `_remove`
    (only the correction form has them) or left without reps is left out, and so is an exercise with no sets left."""
    exercises: list[dict[str, Any]] = []
    origin: list[tuple[int, list[int]]] = []
    unit = form_unit(form)
    count = form_int(str(form.get("n", "0")))
    # A session has at most MAX_EXERCISES exercises (SESSION.json's limit): a forged huge `n` must not loop for ever.
    for i in range(min(count, MAX_EXERCISES) if isinstance(count, int) else 0):
        sets, kept = [], []
        for j in range(rows(i)):
            p = f"ex{i}_s{j}"
            if form.get(f"{p}_remove"):
                continue
            entry = parse_set(form, p, unit, errors)
            if entry is None:
                continue
            sets.append(entry)
            kept.append(j)
        if sets:
            exercises.append(exercise_entry(form, i, sets))
            origin.append((i, kept))
    return exercises, origin


def parse_workout(form: FormData) -> tuple[dict[str, Any], list[tuple[int, list[int]]], dict[str, str]]:
    """SESSION.json from the player's form; which form exercise and sets each entry came from; early problems.

    A set with no reps was not done and is left out; so is an exercise with no sets done.
    """
    errors: dict[str, str] = {}
    exercises, origin = form_exercises(form, lambda i: MAX_SETS, errors)
    session: dict[str, Any] = {
        "date": str(form.get("date", "")),
        "exercises": exercises,
        "notes": str(form.get("notes", ""))[:5000],
    }
    spread = {"yes": True, "no": False}.get(str(form.get("leg_symptoms_spread", "")))
    if spread is not None:
        session["leg_symptoms_spread"] = spread
    for name, read, wrong in SESSION_NUMBERS:
        if (value := form_number(form, name, read, errors, wrong)) is not None:
            session[name] = value
    return session, origin, errors


def form_errors(problems: list[Problem], origin: list[tuple[int, list[int]]]) -> tuple[dict[str, str], list[str]]:
    """Each problem on its form field: field `exercises.2.sets.1.reps` -> 'ex{i}_s{j}_reps' in the form's own
    numbering; the problems of no form field (the date, the whole session) as general messages."""
    errors: dict[str, str] = {}
    general: list[str] = []
    for problem in problems:
        message = page_words(problem)
        parts = problem.field.split(".")
        if len(parts) >= 3 and parts[0] == "exercises" and parts[1].isdigit() and int(parts[1]) < len(origin):
            i, kept = origin[int(parts[1])]
            if parts[2] == "sets" and len(parts) >= 5 and parts[3].isdigit() and int(parts[3]) < len(kept):
                field = {"load_kg": "load"}.get(parts[4], parts[4])
                errors[f"ex{i}_s{kept[int(parts[3])]}_{field}"] = message
                continue
            if parts[2] in ("pain_during", "felt_in"):
                errors[f"ex{i}_{'pain' if parts[2] == 'pain_during' else 'felt'}"] = message
                continue
        if problem.field in ("session_rpe", "duration_min"):
            errors[problem.field] = message
            continue
        general.append(message)
    return errors, general


@dataclass(frozen=True, slots=True)
class _Attempt:
    """What a save of the player's form came to: the session stored (or given back), or what to show again."""

    session_id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    duplicate: dict[str, Any] | None = None  # the same session already stored that day: its id and day
    new_key: bool = False  # the form's key was used for another session: the form gets a new one


def _form_key(form: FormData) -> str | None:
    key = str(form.get("idempotency_key", "")).strip()
    return key or None


def _log(container: Container, user: CurrentUser, form: FormData) -> _Attempt:
    session, origin, errors = parse_workout(form)
    if errors:
        return _Attempt(errors=errors)
    if not session["exercises"]:
        return _Attempt(general=["Nothing to save yet: fill in the reps (or seconds) for each set you did, then save."])
    try:
        result = log_session.log_session(
            container.uow(),
            container.library,
            session,
            person_id=user.person_id,
            idempotency_key=_form_key(form),
            allow_duplicate=form.get("allow_duplicate") == "1",
        )
    except ServiceError as exc:
        codes = {p.code for p in exc.problems}
        if "duplicate_session" in codes:
            params = next(p.params for p in exc.problems if p.code == "duplicate_session")
            return _Attempt(duplicate={"session_id": params["session_id"], "date": date.fromisoformat(params["date"])})
        if codes & {"idempotency_key_reused", "bad_idempotency_key"}:
            words = "This form was already saved as another workout. Check your entries, then save again to log them."
            return _Attempt(general=[words], new_key=True)
        found, general = form_errors(exc.problems, origin)
        return _Attempt(errors=found, general=general)
    return _Attempt(session_id=result.session_id)


@router.post("/workout")
async def workout_submit(request: Request, container: ContainerDep, user: PageUser, _csrf: Csrf) -> Response:
    form = await request.form()
    attempt = await run_in_threadpool(_log, container, user, form)
    if attempt.session_id is not None:
        return RedirectResponse(f"/workout/summary/{attempt.session_id}", status_code=303)
    on, _ = parse_day(str(form.get("date", "")), default=date.today())
    view = await run_in_threadpool(load_today, container, user, on)
    if view is None:
        return RedirectResponse("/onboarding", status_code=303)
    skip = ("_felt", "allow_duplicate", "idempotency_key")
    values: dict[str, Any] = {k: str(v) for k, v in form.multi_items() if not k.endswith(skip)}
    values.update({k: [str(v) for v in form.getlist(k)] for k in form if k.endswith("_felt")})
    key = None if attempt.new_key else _form_key(form)
    unit = await run_in_threadpool(unit_of, container.uow(), person_id=user.person_id)
    context = await run_in_threadpool(_context, container, user, view, fast=False, key=key, unit=unit)
    context.update(values=values, errors=attempt.errors, general=attempt.general, date_error=None)
    context.update(duplicate=attempt.duplicate, today=date.today())
    status_code = 409 if attempt.duplicate else 422
    return render(request, "workout.html", context, user=user, active="today", status_code=status_code)


@router.get("/workout/summary/{session_id}")
def workout_summary(request: Request, container: ContainerDep, user: PageUser, session_id: str) -> Response:
    summary = None
    if session_id.isdigit() and len(session_id) < 19:
        summary = log_session.workout_summary(
            container.uow(), container.library, person_id=user.person_id, session_id=int(session_id)
        )
    if summary is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="We could not find that workout.")
    said = milestones_for(container.uow(), container.library, person_id=user.person_id, session_id=int(session_id))
    day = summary.session.date
    context = {"summary": summary, "milestones": said, "draft_prefix": draft_prefix(user.person_id, day)}
    return render(request, "workout_summary.html", context, user=user, active="today")
