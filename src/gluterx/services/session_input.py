"""SESSION.json in: the pydantic models of a performed session and `parse_session`, which names every bad field."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from gluterx.domain.exercise import Library
from gluterx.domain.progression import BAND_ORDER, FELT_IN
from gluterx.services.errors import Problem, problems_from_validation
from gluterx.services.guards import FIRST_DAY, LAST_DAY
from gluterx.services.ports import ServiceError
from gluterx.services.text import control_character_problem

__all__ = ["ExerciseIn", "SessionIn", "SetIn", "parse_session"]

Day = date  # for annotations inside SessionIn, whose `date` field hides the type


class SetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reps: Annotated[int, Field(ge=0, le=1000, strict=True)]
    load_kg: Annotated[float, Field(ge=0, le=1000)] | None = None
    band: str | None = None
    rir: Annotated[int, Field(ge=0, le=10, strict=True)] | None = None
    rpe: Annotated[float, Field(ge=1, le=10)] | None = None

    @field_validator("band")
    @classmethod
    def _known_band(cls, value: str | None) -> str | None:
        if value is not None and value not in BAND_ORDER:
            raise ValueError(f"unknown band {value!r}; use one of {', '.join(BAND_ORDER)}")
        return value


class ExerciseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    exercise_id: Annotated[str, Field(min_length=1, max_length=80)]
    sets: Annotated[list[SetIn], Field(min_length=1, max_length=50)]
    pain_during: Annotated[int, Field(ge=0, le=10, strict=True)] = 0
    felt_in: list[str] = Field(default_factory=list, max_length=7)

    @field_validator("felt_in")
    @classmethod
    def _known_places(cls, value: list[str]) -> list[str]:
        if bad := sorted(set(value) - FELT_IN):
            raise ValueError(f"unknown place(s) {', '.join(bad)}; use any of {', '.join(sorted(FELT_IN))}")
        return list(dict.fromkeys(value))


class SessionIn(BaseModel):
    """SESSION.json, as DESIGN.md defines it."""

    model_config = ConfigDict(extra="forbid")

    date: date
    exercises: Annotated[list[ExerciseIn], Field(min_length=1, max_length=40)]
    notes: Annotated[str, Field(max_length=5000)] = ""
    # For people with leg pain: did the leg symptoms spread further down the leg? (null: not asked)
    leg_symptoms_spread: Annotated[bool, Field(strict=True)] | None = None

    @field_validator("date")
    @classmethod
    def _in_range(cls, value: Day) -> Day:
        if not FIRST_DAY <= value <= LAST_DAY:
            raise ValueError(f"must be between {FIRST_DAY} and {LAST_DAY}")
        return value

    @field_validator("notes")
    @classmethod
    def _plain_text(cls, value: str) -> str:
        if problem := control_character_problem(value):
            raise ValueError(problem)
        return value


def parse_session(data: Any, library: Library) -> SessionIn:
    """A validated SESSION.json, or ServiceError with one line per bad field."""
    if not isinstance(data, dict):
        raise ServiceError([Problem("", "not_an_object", {"fields": list(SessionIn.model_fields)})])
    try:
        session = SessionIn.model_validate(data)
    except ValidationError as exc:
        raise ServiceError(problems_from_validation(exc, model=SessionIn)) from exc
    problems = []
    for i, ex in enumerate(session.exercises):
        if ex.exercise_id not in library:
            close = library.closest_ids(ex.exercise_id)
            problems.append(
                Problem(f"exercises.{i}.exercise_id", "unknown_exercise", {"value": ex.exercise_id, "close": close})
            )
    if problems:
        raise ServiceError(problems)
    return session
