"""The person's active programme: phases, weeks and sessions, each item with its reason."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from gluterx.services.contract import programme_json
from gluterx.services.programme import programme

from ..deps import ApiUser, ContainerDep
from . import router
from ._models import PlanItem, Precaution, Referral, Review
from ._openapi import MISSING, NOT_SIGNED_IN


class PlannedSession(BaseModel):
    day: int
    minutes: float
    items: list[PlanItem]


class Week(BaseModel):
    week: int
    phase: str
    sessions: list[PlannedSession]


class Program(BaseModel):
    """The DESIGN.md plan contract, with the first day: with `status: referral`, `weeks` is empty."""

    status: Literal["ok", "referral"]
    referral: Referral | None
    cautions: list[str]
    precautions: list[Precaution] = []
    start: dt.date
    weeks: list[Week]
    review: Review | None = None


@router.get("/program", response_model=Program, tags=["programme"], responses={**NOT_SIGNED_IN, **MISSING})
async def get_program(user: ApiUser, container: ContainerDep) -> dict[str, Any]:
    """Your active programme; 404 until you have sent your profile."""
    found = await run_in_threadpool(
        programme, container.uow(), container.library, person_id=user.person_id, today=dt.date.today()
    )
    return programme_json(found)
