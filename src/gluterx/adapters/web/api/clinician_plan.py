"""A clinician adjusts a client's programme (issue 16): the alternatives for an item, a swap, a skip, a note, a lock,
a dose, the exercises that can be added and adding one, taking back a clinician's change (services/clinician_plan.py).
Every change is routed by `_change_route` and made by `_made` (a session item's by `_item_made`), so a route says
only its path, its body and its use case. The grant is checked in the store on every request; without it: 404 (403
for a person who is not a clinician). The change lands in the client's own log, by the clinician, with the reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal, Protocol, TypeVar

from fastapi import Path, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from gluterx.domain.dose import Dose, Hold, RepRange
from gluterx.domain.planner.adjustments import Scope
from gluterx.services import clinician_plan
from gluterx.services.plan_changes import MAX_NOTE_LENGTH, MAX_REASON_LENGTH, ChangeNote, set_dose_words

from ..deps import ApiUser, ContainerDep
from . import router
from .care import CLIENT_READ, ClientId
from .plan import (
    CONFLICT,
    AddIn,
    AdditionsOut,
    AlternativesOut,
    ChangeOut,
    Day,
    DoseIn,
    ExerciseId,
    SessionDate,
    SkipIn,
    SwapIn,
    ToReplace,
    additions_json,
    alternatives_json,
    change_json,
    change_route,
)

Why = Annotated[
    str, Field(min_length=1, max_length=MAX_REASON_LENGTH, description="Why, in words the client will read.")
]


NoteText = Annotated[str, Field(max_length=MAX_NOTE_LENGTH)]
_Route = TypeVar("_Route", bound=Callable[..., Any])
_Found = TypeVar("_Found")


class ClientNoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: Day = Field(description="The session's day (onward: the first session the note is read in).")
    exercise_id: ExerciseId
    text: Annotated[str, Field(min_length=1, max_length=MAX_NOTE_LENGTH, description="What the client reads.")]
    scope: Scope = Field(default=Scope.ONWARD, description="once: that session only; onward: and every later one.")
    reason: Annotated[str, Field(max_length=MAX_REASON_LENGTH)] = ""


class ClientLockIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: Day = Field(description="From this session's day on.")
    exercise_id: ExerciseId
    locked: bool = Field(default=True, description="true: no automatic steps up; false: steps up again.")
    reason: Why


class ClientSwapIn(SwapIn):  # SwapIn, but a clinician always says why, and may add a note
    to: ExerciseId = Field(description="One of GET .../plan/alternatives for it.")
    reason: Why
    note: NoteText = Field(default="", description="A note on the new exercise the client reads beside its cues.")


class ClientSkipIn(SkipIn):  # SkipIn, but a clinician always says why
    reason: Why


class _ItemChange(Protocol):
    """What every change to an item of the client's session says: its day, its exercise and why."""

    @property
    def date(self) -> dt.date: ...
    @property
    def exercise_id(self) -> str | None: ...
    @property
    def reason(self) -> str: ...


def _change_route(path: str, *, conflict: bool = False) -> Callable[[_Route], _Route]:
    """POST /clinician/clients/{client_id}/plan/`path`: a change to the client's plan, answered 201 with the change
    (409 too where the change can clash with the plan as it is)."""
    return change_route(
        f"/clinician/clients/{{client_id}}/plan/{path}",
        tag="clinician",
        responses={**CLIENT_READ, **CONFLICT} if conflict else CLIENT_READ,
    )


async def _as_clinician(
    user: ApiUser, container: ContainerDep, client_id: int, use_case: Callable[..., _Found], **given: Any
) -> _Found:
    """Run `use_case` of services/clinician_plan.py (it checks the grant in the store) in the threadpool, as this
    clinician, for this client."""
    return await run_in_threadpool(
        use_case, container.uow(), container.library, person_id=user.person_id, client_id=client_id, **given
    )


async def _made(
    response: Response, user: ApiUser, container: ContainerDep, client_id: int, use_case: Callable[..., ChangeNote],
    **given: Any,
) -> dict[str, Any]:  # fmt: skip
    """Run a clinician's change to the client's plan (`use_case` of services/clinician_plan.py, as this clinician,
    for this client) and answer it as the change made, with where to read the client."""
    note = await _as_clinician(user, container, client_id, use_case, **given)
    response.headers["Location"] = f"/api/v1/clinician/clients/{client_id}"
    return change_json(note)


async def _item_made(
    response: Response, user: ApiUser, container: ContainerDep, client_id: int, use_case: Callable[..., ChangeNote],
    body: _ItemChange, **given: Any,
) -> dict[str, Any]:  # fmt: skip
    """`_made` for a change to an item of the client's session (`body`: its day, its exercise, why), made today."""
    return await _made(
        response, user, container, client_id, use_case, on=body.date, exercise_id=body.exercise_id,
        reason=body.reason, today=dt.date.today(), **given,
    )  # fmt: skip


@router.get(
    "/clinician/clients/{client_id}/plan/alternatives",
    response_model=AlternativesOut,
    tags=["clinician"],
    responses=CLIENT_READ,
)
async def get_client_alternatives(
    client_id: ClientId,
    user: ApiUser,
    container: ContainerDep,
    date: SessionDate,
    exercise_id: ToReplace,
) -> dict[str, Any]:
    """What can take an exercise's place in a client's session: the same slot, the client's equipment and
    screening, best first, each with why it fits and its activation figure."""
    found = await _as_clinician(
        user, container, client_id, clinician_plan.client_swap_choices, on=date, exercise_id=exercise_id, limit=None
    )
    return alternatives_json(found)


@_change_route("swaps")
async def post_client_swap(
    client_id: ClientId, body: ClientSwapIn, user: ApiUser, container: ContainerDep, response: Response
) -> dict[str, Any]:
    """Swap an exercise of the client's plan for one of its alternatives; the client sees who changed it and why."""
    return await _item_made(
        response, user, container, client_id, clinician_plan.client_swap, body, to=body.to, scope=body.scope,
        note=body.note,
    )  # fmt: skip


@_change_route("skips")
async def post_client_skip(
    client_id: ClientId, body: ClientSkipIn, user: ApiUser, container: ContainerDep, response: Response
) -> dict[str, Any]:
    """Skip one exercise of the client's session, or (without `exercise_id`) the whole session, with why."""
    return await _item_made(response, user, container, client_id, clinician_plan.client_skip_item, body)


@_change_route("notes")
async def post_client_note(
    client_id: ClientId, body: ClientNoteIn, user: ApiUser, container: ContainerDep, response: Response
) -> dict[str, Any]:
    """A note on an exercise of the client's plan, which the client reads beside its cues (Today, the player)."""
    return await _item_made(
        response, user, container, client_id, clinician_plan.client_note, body, text=body.text, scope=body.scope
    )


@_change_route("locks")
async def post_client_lock(
    client_id: ClientId, body: ClientLockIn, user: ApiUser, container: ContainerDep, response: Response
) -> dict[str, Any]:
    """Turn the automatic steps up off (`locked`) or on again for an exercise of the client's plan, from a day on;
    the pain and safety rules can still ease it."""
    return await _item_made(response, user, container, client_id, clinician_plan.client_lock, body, locked=body.locked)


class ClientDoseIn(DoseIn):
    """A dose for an exercise of the client's plan (the dose's fields, as DoseIn), from a day on."""

    date: Day = Field(description="The session's day (onward: the first session at this dose).")
    exercise_id: ExerciseId
    scope: Scope = Field(default=Scope.ONWARD, description="once: that session only; onward: and every later one.")
    reason: Why


@_change_route("doses")
async def post_client_dose(
    client_id: ClientId, body: ClientDoseIn, user: ApiUser, container: ContainerDep, response: Response
) -> dict[str, Any]:
    """Set the dose of an exercise of the client's plan from a day on (sets, reps or hold, load, rest, tempo): the
    client sees it on Today and in the player, and the engine steps on from it once they have done it."""
    return await _item_made(
        response, user, container, client_id, clinician_plan.client_set_dose, body, parts=body.parts(),
        scope=body.scope,
    )  # fmt: skip


@router.get(
    "/clinician/clients/{client_id}/plan/additions",
    response_model=AdditionsOut,
    tags=["clinician"],
    responses=CLIENT_READ,
)
async def get_client_additions(
    client_id: ClientId,
    user: ApiUser,
    container: ContainerDep,
    date: SessionDate,
) -> dict[str, Any]:
    """What can be added to a client's strength session: the library's exercises that suit the client's equipment,
    screening and phase, grouped by the part of the session they fill, best first, each with why and its dose."""
    found = await _as_clinician(user, container, client_id, clinician_plan.client_add_choices, on=date)
    return additions_json(found)


class ClientAddIn(AddIn):  # AddIn, but a clinician always says why
    exercise_id: ExerciseId = Field(description="One of GET .../plan/additions for that day.")
    reason: Why


@_change_route("additions", conflict=True)
async def post_client_addition(
    client_id: ClientId, body: ClientAddIn, user: ApiUser, container: ContainerDep, response: Response
) -> dict[str, Any]:
    """Add an exercise to the client's session (and, onward, every later strength session it fits), at a dose or
    the planner's: the client sees it on Today and in the player, and the engine steps it on from its own history."""
    return await _item_made(
        response, user, container, client_id, clinician_plan.client_add, body,
        parts=body.dose.parts() if body.dose is not None else None, scope=body.scope,
    )  # fmt: skip


class ClientUndoIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Why


ChangeId = Annotated[int, Path(ge=1, le=2**31 - 1, description="A change's id, as the client's changes give it.")]


@_change_route("changes/{change_id}/undo", conflict=True)
async def post_client_undo(
    client_id: ClientId, change_id: ChangeId, body: ClientUndoIn, user: ApiUser, container: ContainerDep,
    response: Response,
) -> dict[str, Any]:  # fmt: skip
    """Take back a change a clinician made to the client's plan (the client's own changes are theirs); the log
    keeps both, with who and why."""
    return await _made(
        response, user, container, client_id, clinician_plan.client_undo, adjustment_id=change_id, reason=body.reason
    )


@router.get(
    "/clinician/clients/{client_id}/plan/changes", response_model=list[ChangeOut], tags=["clinician"],
    responses=CLIENT_READ,
)  # fmt: skip
async def get_client_changes(client_id: ClientId, user: ApiUser, container: ContainerDep) -> list[dict[str, Any]]:
    """Every change made to the client's active programme, newest first, undone ones included: what, who (`by`, the
    clinician's `author_name`), why and when, as the client reads it. `undoable` is the client's word; you take back
    any change `by` a clinician that is not `undone` with POST .../plan/changes/{id}/undo."""
    found = await _as_clinician(user, container, client_id, clinician_plan.client_changes, today=dt.date.today())
    return [change_json(n) for n in found.entries]


class ItemDoseOut(BaseModel):
    """An item's dose as due that day, in the fields POST .../plan/doses takes, and in words."""

    sets: int
    reps_low: int | None = Field(description="Reps per set (a rep range's bottom); null for a hold or minutes.")
    reps_high: int | None
    hold_s: int | None = Field(description="A hold's seconds; null for reps.")
    load_kind: Literal["kg", "band", "bodyweight"] = Field(description="bodyweight also for guidance words.")
    kg: float | None
    band: str | None
    rest_s: int
    tempo_up: int | None
    tempo_squeeze: int | None
    tempo_down: int | None
    words: str = Field(description="The dose as the client reads it, tempo included.")


class ItemStateOut(BaseModel):
    """What is set on an item of the client's session that day: automatic steps up off (`locked`) or on, the notes
    the client reads beside it, and its dose as due."""

    date: dt.date
    exercise_id: str
    locked: bool
    notes: list[str] = Field(description="The notes in force on it that day, oldest first.")
    dose: ItemDoseOut | None = Field(description="Null when the exercise is not in that day's session.")


def _dose_out(dose: Dose) -> ItemDoseOut:
    work, load, tempo = dose.work, dose.load, dose.tempo
    reps = (work.low, work.high) if isinstance(work, RepRange) else (None, None)
    kind: Literal["kg", "band", "bodyweight"] = (
        "kg" if load.kg is not None else "band" if load.band is not None else "bodyweight"
    )
    return ItemDoseOut(
        sets=dose.sets, reps_low=reps[0], reps_high=reps[1], hold_s=work.seconds if isinstance(work, Hold) else None,
        load_kind=kind, kg=load.kg, band=load.band.value if load.band is not None else None, rest_s=dose.rest_s,
        tempo_up=tempo.up if tempo else None, tempo_squeeze=tempo.squeeze if tempo else None,
        tempo_down=tempo.down if tempo else None, words=set_dose_words(dose),
    )  # fmt: skip


@router.get(
    "/clinician/clients/{client_id}/plan/item", response_model=ItemStateOut, tags=["clinician"], responses=CLIENT_READ
)
async def get_client_item(
    client_id: ClientId, user: ApiUser, container: ContainerDep, date: SessionDate, exercise_id: ToReplace
) -> ItemStateOut:
    """What you (or a colleague) have set on an exercise of the client's session that day: locked or not, the notes
    the client reads beside it, and its dose as due (what POST .../plan/doses would change)."""
    found = await run_in_threadpool(
        clinician_plan.client_item_state, container.uow(), person_id=user.person_id, client_id=client_id, on=date,
        exercise_id=exercise_id, library=container.library,
    )  # fmt: skip
    dose = _dose_out(found.dose) if found.dose is not None else None
    return ItemStateOut(date=date, exercise_id=exercise_id, locked=found.locked, notes=list(found.notes), dose=dose)
