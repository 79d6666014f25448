"""Outcome measures over the API: your answers with their change against the minimal important change, and a new
set of answers (pain, your own activities, and after the start how you are compared with then)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import Body, Query, status
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from gluterx.services.outcomes import AnswersIn, outcome_history, outcomes_json, record_outcomes

from ..deps import ApiUser, ContainerDep
from . import router
from ._models import FIRST_DAY, LAST_DAY
from ._openapi import INVALID, NOT_SIGNED_IN, json_body

DayQuery = Annotated[
    dt.date | None,
    Query(ge=FIRST_DAY, le=LAST_DAY, description="Act as if it were this day, YYYY-MM-DD (default: today)."),
]
Verdict = Literal["better", "worse", "no_clear_change"]


class DueCheck(BaseModel):
    """Whether a check is due: check 0 is the start, then one every 4 weeks from the programme's start (or as often
    as the person's clinician chose)."""

    due: bool
    check: int
    since: dt.date
    next_date: dt.date


class ActivityOut(BaseModel):
    name: str
    score: int


class AnswersOut(BaseModel):
    """One day's answers: pain 0-10, the PSFS activities (0 cannot do it .. 10 as before) and their mean, and the
    global rating of change (-7..+7; null at the start)."""

    date: dt.date
    pain: int
    psfs: float
    activities: list[ActivityOut]
    groc: int | None


class ScoreChange(BaseModel):
    """Latest against first; `mic` is the minimal important change in the measure's points, `sources` its
    evidence-registry ids."""

    first: float
    latest: float
    difference: float
    verdict: Verdict
    mic: float
    sources: list[str]


class GrocOut(BaseModel):
    latest: int
    verdict: Verdict
    mic: float
    sources: list[str]


class Changes(BaseModel):
    pain: ScoreChange | None
    psfs: ScoreChange | None
    groc: GrocOut | None


class Outcomes(BaseModel):
    """Your outcome measures: every set of answers, the change since the first, the check due (null without a
    programme) and the activities to rate again."""

    date: dt.date
    due: DueCheck | None
    answers: list[AnswersOut]
    change: Changes
    activity_names: list[str]


@router.get("/outcomes", response_model=Outcomes, tags=["outcomes"], responses={**NOT_SIGNED_IN, **INVALID})
async def get_outcomes(user: ApiUser, container: ContainerDep, date: DayQuery = None) -> dict[str, Any]:
    """Your outcome measures (NPRS, PSFS, global rating of change), their change and whether a check is due."""
    on = date or dt.date.today()
    found = await run_in_threadpool(outcome_history, container.uow(), person_id=user.person_id, today=on)
    return outcomes_json(found)


@router.post(
    "/outcomes",
    status_code=status.HTTP_201_CREATED,
    response_model=Outcomes,
    tags=["outcomes"],
    responses={**NOT_SIGNED_IN, **INVALID},
    openapi_extra=json_body(
        AnswersIn,
        "OUTCOMES.json: pain 0-10, 3 to 5 activities of your own each 0-10, and `groc` (-7..+7) at every check "
        "after the first (not at the first). Answering again the same day replaces that day's answers; bad input "
        "stores nothing.",
    ),
)
async def post_outcomes(
    body: Annotated[Any, Body()], user: ApiUser, container: ContainerDep, date: DayQuery = None
) -> dict[str, Any]:
    """Record a set of outcome answers for the day (default today); gives back the whole history with it."""
    on = date or dt.date.today()
    found = await run_in_threadpool(record_outcomes, container.uow(), body, on=on, person_id=user.person_id)
    return outcomes_json(found)
