"""The typed fields every input model shares (live SESSION.json, the API's bodies, a backup being restored): strict
numbers (a boolean or a numeric string is refused, naming the field) within the ranges of domain/limits.py."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from gluterx.domain.limits import (
    FIRST_DAY,
    LAST_DAY,
    MAX_LOAD_KG,
    MAX_REPS,
    MAX_SET_SECONDS,
    MAX_WORKOUT_SECONDS,
    PAIN_HIGH,
    PAIN_LOW,
    RIR_HIGH,
    RPE_HIGH,
    RPE_LOW,
)

__all__ = ["Day", "LoadKg", "Pain", "Reps", "Rir", "Rpe", "SetSeconds", "WorkoutSeconds"]

Day = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]
Reps = Annotated[int, Field(ge=0, le=MAX_REPS, strict=True)]
LoadKg = Annotated[float, Field(ge=0, le=MAX_LOAD_KG, strict=True, allow_inf_nan=False)]
Rir = Annotated[int, Field(ge=0, le=RIR_HIGH, strict=True)]
Rpe = Annotated[float, Field(ge=RPE_LOW, le=RPE_HIGH, strict=True, allow_inf_nan=False)]
Pain = Annotated[int, Field(ge=PAIN_LOW, le=PAIN_HIGH, strict=True)]
SetSeconds = Annotated[float, Field(ge=0, le=MAX_SET_SECONDS, strict=True, allow_inf_nan=False)]
WorkoutSeconds = Annotated[int, Field(ge=0, le=MAX_WORKOUT_SECONDS, strict=True)]
