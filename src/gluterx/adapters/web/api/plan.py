"""Shaping the plan: the alternatives for an exercise, swapping it, skipping an exercise or a session, moving a
session, the exercises that can be added and adding one, taking a change back, and the log of changes
(services/plan_changes.py). The dose and addition models are the clinician's routes' too (api/clinician_plan.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import Path, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from gluterx.domain.planner.adjustments import Scope
from gluterx.services import plan_changes
from gluterx.services.contract import additions_json as additions_json  # also clinician_plan's
from gluterx.services.contract import alternatives_json as alternatives_json  # also clinician_plan's
from gluterx.services.contract import plan_change_json
from gluterx.services.plan_changes import (
    MAX_HOLD_SECONDS,
    MAX_REASON_LENGTH,
    MAX_REPS_SET,
    MAX_REST_SECONDS,
    MAX_SETS,
    PART_TITLES,
    AddChoices,
    ChangeNote,
    DoseParts,
)

from ..deps import ApiUser, ContainerDep
from . import router
from ._models import FIRST_DAY, LAST_DAY
from ._openapi import MISSING, NOT_SIGNED_IN

Day = Annotated[dt.date, Field(ge=FIRST_DAY, le=LAST_DAY)]
ExerciseId = Annotated[str, Field(min_length=1, max_length=100, description="An exercise id from GET /exercises.")]
Reason = Annotated[str, Field(max_length=MAX_REASON_LENGTH, description="Why, in your own words (optional).")]
SessionDate = Annotated[dt.date, Query(ge=FIRST_DAY, le=LAST_DAY, description="The session's day.")]
ToReplace = Annotated[str, Query(min_length=1, max_length=100, description="The exercise to replace.")]
YOURS: dict[int | str, dict[str, Any]] = {**NOT_SIGNED_IN, **MISSING}  # what every route here may answer too
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": MISSING[404]["model"], "description": "The day is taken, or the change was undone already."}
}


class AlternativeOut(BaseModel):
    """An exercise that can take the item's place: why it fits, and its figures."""

    exercise_id: str
    name: str
    reasons: list[str]
    activation_percent: float = Field(description="%MVIC for the slot's muscle: measured, rated or our estimate.")
    measured: bool = Field(description="A checked %MVIC figure for this muscle (not a rating or our estimate).")
    level: int
    sources: list[str]


class AlternativesOut(BaseModel):
    date: dt.date
    exercise_id: str
    name: str
    alternatives: list[AlternativeOut]


class ChangeOut(BaseModel):
    """One change to the plan: what it did, who made it (you, or a clinician caring for you), why and when."""

    id: int
    kind: Literal[
        "swap", "skip_item", "skip_session", "move_session", "undo", "item_note", "lock", "set_dose", "add_item"
    ]
    date: dt.date = Field(description="The session's day it concerns (a moved session: its new day).")
    from_date: dt.date | None = Field(description="A moved session's day before.")
    exercise_id: str | None = Field(description="The exercise it concerns (a swap: the one swapped in).")
    words: str
    by: Literal["person", "clinician"]
    author_id: int
    reason: str
    created_at: dt.datetime
    undone: bool
    undoable: bool
    author_name: str = Field(default="", description="A clinician author's name (empty for your own changes).")
    note: str = Field(default="", description="An item note's words (kind item_note).")


class SwapIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: Day = Field(description="The session's day.")
    exercise_id: ExerciseId
    to: ExerciseId = Field(description="One of GET /plan/alternatives for it.")
    scope: Scope = Field(default=Scope.ONWARD, description="once: that session only; onward: and every later one.")
    reason: Reason = ""


class SkipIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: Day = Field(description="The session's day.")
    exercise_id: ExerciseId | None = Field(
        default=None, description="Leave out this exercise; without it, the session."
    )
    reason: Reason = ""


class MoveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    from_date: Day
    to_date: Day = Field(description="A free day of the programme, today or later.")
    reason: Reason = ""


class UndoIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason = ""


class DoseIn(BaseModel):
    """A dose. Reps (`reps_low`, and `reps_high` for a range) or a hold (`hold_s`), as the exercise is done; the load
    by `load_kind`: `kg` with a weight (an exercise with weights), `band` with a band (one with a band), or
    `bodyweight`. A load or work the exercise does not take is refused (load_unfit, work_unfit)."""

    model_config = ConfigDict(extra="forbid")

    sets: int = Field(description=f"1 to {MAX_SETS}.")
    reps_low: int | None = Field(default=None, description=f"Reps per set, 1 to {MAX_REPS_SET}.")
    reps_high: int | None = Field(
        default=None, description="The top of the rep range (the same as reps_low if not given)."
    )
    hold_s: int | None = Field(default=None, description=f"A hold's seconds instead of reps, 1 to {MAX_HOLD_SECONDS}.")
    load_kind: str = Field(default="bodyweight", description="kg, band or bodyweight.")
    kg: float | None = Field(default=None, description="The weight in kg, with load_kind kg.")
    band: str | None = Field(default=None, description="light, medium, heavy or extra_heavy, with load_kind band.")
    rest_s: int = Field(default=60, description=f"Rest between sets in seconds, 0 to {MAX_REST_SECONDS}.")
    tempo_up: int | None = Field(default=None, description="Tempo (all three or none): seconds up.")
    tempo_squeeze: int | None = Field(default=None, description="Seconds squeezing at the top.")
    tempo_down: int | None = Field(default=None, description="Seconds down.")

    def parts(self) -> DoseParts:
        return DoseParts(
            self.sets, self.reps_low, self.reps_high, self.hold_s, self.load_kind, self.kg, self.band, self.rest_s,
            self.tempo_up, self.tempo_squeeze, self.tempo_down,
        )  # fmt: skip


class AdditionOut(BaseModel):
    """An exercise that can be added: what it is for, why it suits the person, its figures and the planner's dose."""

    exercise_id: str
    name: str
    slot: str = Field(description="The planner's slot it fills.")
    part: str = Field(
        description=f"The part of the session it fills, to group the choices by: {', '.join(PART_TITLES)}."
    )
    purpose: str = Field(description="What that part of the session is for, in words.")
    reasons: list[str]
    activation_percent: float = Field(description="%MVIC for the slot's muscle: measured, rated or our estimate.")
    measured: bool = Field(description="A checked %MVIC figure for this muscle (not a rating or our estimate).")
    level: int
    sources: list[str]
    dose: str = Field(description="The planner's dose for it in this phase, in words (sent without a dose: this).")


class AdditionsOut(BaseModel):
    date: dt.date
    phase_name: str
    in_session: list[str] = Field(description="The names of the exercises the session already holds.")
    additions: list[AdditionOut]


class AddIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: Day = Field(description="The session's day (onward: the first session with it).")
    exercise_id: ExerciseId = Field(description="One of GET /plan/additions for that day.")
    dose: DoseIn | None = Field(default=None, description="Its dose; without one, the planner's in each phase.")
    scope: Scope = Field(
        default=Scope.ONWARD, description="once: that session only; onward: and every later strength session."
    )
    reason: Reason = ""


change_json = plan_change_json  # the name the plan routes (and clinician_plan's) use


_Route = TypeVar("_Route", bound=Callable[..., Any])


def change_route(path: str, *, tag: str, responses: dict[int | str, dict[str, Any]]) -> Callable[[_Route], _Route]:
    """POST `path`: a change to a plan, answered 201 with the change made (ChangeOut); clinician_plan's routes too."""
    return router.post(
        path, status_code=status.HTTP_201_CREATED, response_model=ChangeOut, tags=[tag], responses=responses
    )


def _change_route(path: str, *, conflict: bool = False) -> Callable[[_Route], _Route]:
    """POST /plan/`path`: a change to your plan (409 too where the change can clash with the plan as it is)."""
    return change_route(f"/plan/{path}", tag="plan", responses={**YOURS, **CONFLICT} if conflict else YOURS)


async def _made(
    response: Response, user: ApiUser, container: ContainerDep, use_case: Callable[..., ChangeNote], **given: Any
) -> dict[str, Any]:
    """Run a change to your plan (`use_case` of services/plan_changes.py, as you) in the threadpool and answer it as
    the change made, with where to read the log of changes."""
    note = await run_in_threadpool(use_case, container.uow(), container.library, person_id=user.person_id, **given)
    response.headers["Location"] = "/api/v1/plan/changes"
    return change_json(note)


@router.get("/plan/alternatives", response_model=AlternativesOut, tags=["plan"], responses=YOURS)
async def get_alternatives(
    user: ApiUser,
    container: ContainerDep,
    date: SessionDate,
    exercise_id: ToReplace,
) -> dict[str, Any]:
    """What can take an exercise's place in that day's session: the same slot, your equipment and screening, best
    first, each with why it fits and its activation figure."""
    found = await run_in_threadpool(
        plan_changes.swap_choices,
        container.uow(),
        container.library,
        person_id=user.person_id,
        on=date,
        exercise_id=exercise_id,
        limit=None,
    )
    return alternatives_json(found)


@_change_route("swaps")
async def post_swap(body: SwapIn, user: ApiUser, container: ContainerDep, response: Response) -> dict[str, Any]:
    """Swap an exercise for one of its alternatives; the engine then tracks the new one under its own history."""
    return await _made(
        response, user, container, plan_changes.swap, on=body.date, exercise_id=body.exercise_id, to=body.to,
        scope=body.scope, reason=body.reason, today=dt.date.today(),
    )  # fmt: skip


@_change_route("skips")
async def post_skip(body: SkipIn, user: ApiUser, container: ContainerDep, response: Response) -> dict[str, Any]:
    """Skip one exercise of a day's session, or (without `exercise_id`) the whole session."""
    skip = {"on": body.date, "today": dt.date.today(), "reason": body.reason}
    if body.exercise_id is None:
        return await _made(response, user, container, plan_changes.skip_session, **skip)
    return await _made(response, user, container, plan_changes.skip_item, exercise_id=body.exercise_id, **skip)


@_change_route("moves", conflict=True)
async def post_move(body: MoveIn, user: ApiUser, container: ContainerDep, response: Response) -> dict[str, Any]:
    """Move a session to a free day of the programme."""
    return await _made(
        response, user, container, plan_changes.move_session, from_date=body.from_date, to_date=body.to_date,
        today=dt.date.today(), reason=body.reason,
    )  # fmt: skip


Part = Annotated[
    str | None,
    Query(max_length=20, description=f"Only the choices for one part of the session: {', '.join(PART_TITLES)}."),
]


@router.get("/plan/additions", response_model=AdditionsOut, tags=["plan"], responses=YOURS)
async def get_additions(
    user: ApiUser,
    container: ContainerDep,
    date: SessionDate,
    part: Part = None,
) -> dict[str, Any]:
    """What you can add to a strength session: the library's exercises that suit your equipment, screening and
    phase, grouped by the part of the session they fill, best first, each with why it suits you and its dose."""

    def found() -> AddChoices:
        every = plan_changes.add_choices(container.uow(), container.library, person_id=user.person_id, on=date)
        return plan_changes.additions_in_part(every, part)

    return additions_json(await run_in_threadpool(found))


@_change_route("additions", conflict=True)
async def post_addition(body: AddIn, user: ApiUser, container: ContainerDep, response: Response) -> dict[str, Any]:
    """Add an exercise to a session (and, onward, every later strength session it fits), at your dose or the
    planner's: it shows on Today and in the player, and the engine steps it on from its own history. You can take
    it back (POST /plan/changes/{id}/undo)."""
    return await _made(
        response, user, container, plan_changes.add_item, on=body.date, exercise_id=body.exercise_id,
        parts=body.dose.parts() if body.dose is not None else None, scope=body.scope, reason=body.reason,
        today=dt.date.today(),
    )  # fmt: skip


@_change_route("changes/{change_id}/undo", conflict=True)
async def post_undo(
    change_id: Annotated[int, Path(ge=1, le=2**31 - 1, description="The change's id.")],
    user: ApiUser,
    container: ContainerDep,
    response: Response,
    body: UndoIn | None = None,
) -> dict[str, Any]:
    """Take back one of your changes (the log keeps both: it is the record of what changed, by whom and why)."""
    return await _made(
        response, user, container, plan_changes.undo, adjustment_id=change_id, reason=body.reason if body else ""
    )


@router.get("/plan/changes", response_model=list[ChangeOut], tags=["plan"], responses=YOURS)
async def get_changes(user: ApiUser, container: ContainerDep) -> list[dict[str, Any]]:
    """Every change made to your active programme, newest first, undone ones included: who made it, why, when."""
    found = await run_in_threadpool(
        plan_changes.plan_changes, container.uow(), container.library, person_id=user.person_id, today=dt.date.today()
    )
    return [change_json(n) for n in found.entries]
