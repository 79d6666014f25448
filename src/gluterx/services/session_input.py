"""SESSION.json in: the pydantic models of a performed session and `parse_session`, which names every bad field."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from gluterx.domain.exercise import Library
from gluterx.services.errors import Problem, validated
from gluterx.services.fields import Band, FeltIn, Pain, Rir, Rpe, Whole
from gluterx.services.guards import FIRST_DAY, LAST_DAY
from gluterx.services.ports import ServiceError
from gluterx.services.text import PLAIN_TEXT_PATTERN, control_character_problem

__all__ = ["MAX_SESSION_MINUTES", "ExerciseIn", "SessionIn", "SetIn", "parse_session"]

Day = date  # for annotations inside SessionIn, whose `date` field hides the type
LIVE_MAX_REPS = 1000
LIVE_MAX_LOAD_KG = 1000.0


# A session's rating: Foster's CR-10, 0 (rest) to 10 (maximal) (session_rpe.foster2001).
SessionRpe = Annotated[float, Field(ge=0, le=10, strict=True, allow_inf_nan=False)]
# A session's minutes as a person gives them: a whole number, up to ten hours (the store keeps seconds).
MAX_SESSION_MINUTES = 600
DurationMinutes = Annotated[int, Field(ge=1, le=MAX_SESSION_MINUTES), Whole]


class SetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # What a person logs by hand: tighter than what a store keeps (domain/limits.py, which imports may reach).
    reps: Annotated[int, Field(ge=0, le=LIVE_MAX_REPS), Whole]
    load_kg: Annotated[float, Field(ge=0, le=LIVE_MAX_LOAD_KG, strict=True, allow_inf_nan=False)] | None = None
    band: Band | None = None
    rir: Rir | None = None
    rpe: Rpe | None = None


class ExerciseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    exercise_id: Annotated[str, Field(min_length=1, max_length=80)]
    sets: Annotated[list[SetIn], Field(min_length=1, max_length=50)]
    pain_during: Pain = 0
    felt_in: FeltIn = Field(default_factory=list, max_length=7)

    @field_validator("felt_in")
    @classmethod
    def _once_each(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


class SessionIn(BaseModel):
    """SESSION.json, as DESIGN.md defines it."""

    model_config = ConfigDict(extra="forbid")

    date: date
    exercises: Annotated[list[ExerciseIn], Field(min_length=1, max_length=40)]
    notes: Annotated[str, Field(max_length=5000, json_schema_extra={"pattern": PLAIN_TEXT_PATTERN})] = ""
    # For people with leg pain: did the leg symptoms spread further down the leg? (null: not asked)
    leg_symptoms_spread: Annotated[bool, Field(strict=True)] | None = None
    # How hard the whole session was, on the CR-10 scale (0 rest .. 10 maximal), and how long it took: the
    # training-load figures are this rating times the minutes (session_rpe.foster2001). Both optional.
    session_rpe: SessionRpe | None = None
    duration_min: DurationMinutes | None = None

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
    session = validated(SessionIn, data)
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
