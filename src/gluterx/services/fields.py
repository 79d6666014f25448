"""The typed fields every input model shares (live SESSION.json, the API's bodies, a backup being restored): strict
numbers (a boolean or a numeric string is refused, naming the field) within the ranges of domain/limits.py."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

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
from gluterx.domain.progression import BAND_ORDER, FELT_IN

__all__ = ["Band", "Day", "FeltIn", "LoadKg", "Pain", "Reps", "Rir", "Rpe", "SetSeconds", "Whole", "WorkoutSeconds"]


def _number_not_bool_or_text(value: object) -> object:
    """A whole number as JSON has it: 12 or 12.0, never true, false or "12" (which pydantic's lax mode would take)."""
    if isinstance(value, bool | str | bytes):
        raise PydanticCustomError("int_type", "must be a whole number")
    return value


# On a whole-number field, after its Field (so the schema keeps the bounds): refuses booleans and text; 12.0 is 12
# (JSON Schema counts it an integer), 12.5 is refused.
Whole = BeforeValidator(_number_not_bool_or_text)

Day = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]
Reps = Annotated[int, Field(ge=0, le=MAX_REPS), Whole]
LoadKg = Annotated[float, Field(ge=0, le=MAX_LOAD_KG, strict=True, allow_inf_nan=False)]
Rir = Annotated[int, Field(ge=0, le=RIR_HIGH), Whole]
Rpe = Annotated[float, Field(ge=RPE_LOW, le=RPE_HIGH, strict=True, allow_inf_nan=False)]
Pain = Annotated[int, Field(ge=PAIN_LOW, le=PAIN_HIGH), Whole]
SetSeconds = Annotated[float, Field(ge=0, le=MAX_SET_SECONDS, strict=True, allow_inf_nan=False)]
WorkoutSeconds = Annotated[int, Field(ge=0, le=MAX_WORKOUT_SECONDS), Whole]


def _known_band(value: str) -> str:
    if value not in BAND_ORDER:
        raise ValueError(f"unknown band {value!r}; use one of {', '.join(BAND_ORDER)}")
    return value


def _known_places(value: list[str]) -> list[str]:
    if bad := sorted(set(value) - FELT_IN):
        raise ValueError(f"unknown place(s) {', '.join(bad)}; use any of {', '.join(sorted(FELT_IN))}")
    return value


Band = Annotated[str, AfterValidator(_known_band)]  # a resistance band's colour word: light ... extra_heavy
FeltIn = Annotated[list[str], AfterValidator(_known_places)]  # where an exercise was felt
