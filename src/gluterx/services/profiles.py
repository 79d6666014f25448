"""Reading a person's profile (PROFILE.json, API bodies, questionnaire answers) into the domain Profile.

Every problem is reported at once, one Problem per field, saying what is allowed, so a person can fix them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from gluterx.domain.exercise import Equipment
from gluterx.domain.profile import Experience, Goal, PainRegion, PainReport, Profile, Side
from gluterx.domain.screening import FLAG_IDS, unknown_flags
from gluterx.services.errors import Problem, ServiceError, problems_from_validation
from gluterx.services.fields import Whole
from gluterx.services.ports import UnitOfWork, read_only


class ProfileError(ServiceError, ValueError):
    """A profile that cannot be used; `problems` has one Problem per bad field."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(problems, code="invalid")


class PainIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    region: PainRegion
    side: Side = Side.BOTH
    intensity: Annotated[int, Field(ge=0, le=10), Whole]
    weeks: Annotated[int, Field(ge=0, le=2600), Whole] = 0


class ProfileIn(BaseModel):
    """PROFILE.json, as DESIGN.md defines it."""

    model_config = ConfigDict(extra="forbid")

    age: Annotated[int, Field(ge=16, le=110), Whole]
    body_mass_kg: Annotated[float, Field(gt=20, le=400, strict=True)] | None = None
    goals: list[Goal] = Field(default_factory=list)
    pain: list[PainIn] = Field(default_factory=list, max_length=12)
    red_flags: list[str] = Field(default_factory=list)
    sitting_hours_per_day: Annotated[float, Field(ge=0, le=24, strict=True)] = 0
    experience: Experience = Experience.NONE
    equipment: list[Equipment] = Field(default_factory=list)
    sessions_per_week: Annotated[int, Field(ge=1, le=6), Whole] = 3
    minutes_per_session: Annotated[int, Field(ge=10, le=120), Whole] = 30
    weeks: Annotated[int, Field(ge=1, le=52), Whole] = 12

    @field_validator("red_flags")
    @classmethod
    def _known_flags(cls, value: list[str]) -> list[str]:
        if bad := unknown_flags(value):
            raise PydanticCustomError("unknown_flags", "unknown flag id(s)", {"values": bad, "count": len(FLAG_IDS)})
        return value

    def to_domain(self) -> Profile:
        return Profile(
            age=self.age,
            body_mass_kg=self.body_mass_kg,
            goals=tuple(dict.fromkeys(self.goals)),
            pain=tuple(PainReport(p.region, p.side, p.intensity, p.weeks) for p in self.pain),
            red_flags=frozenset(self.red_flags),
            sitting_hours_per_day=self.sitting_hours_per_day,
            experience=self.experience,
            equipment=frozenset(self.equipment),
            sessions_per_week=self.sessions_per_week,
            minutes_per_session=self.minutes_per_session,
            weeks=self.weeks,
        )


def parse_profile(data: Any, *, weeks: int | None = None) -> Profile:
    """A validated Profile from decoded JSON, or ProfileError listing every problem."""
    if not isinstance(data, dict):
        raise ProfileError([Problem("", "not_an_object", {"fields": ["age", "goals", "pain", "equipment"]})])
    if weeks is not None:
        data = {**data, "weeks": weeks}
    try:
        return ProfileIn.model_validate(data).to_domain()
    except ValidationError as exc:
        raise ProfileError(problems_from_validation(exc, model=ProfileIn)) from exc


def profile_to_json(profile: Profile) -> dict[str, Any]:
    """The PROFILE.json form of a domain Profile (round-trips through parse_profile)."""
    return {
        "age": profile.age,
        "body_mass_kg": profile.body_mass_kg,
        "goals": [g.value for g in profile.goals],
        "pain": [
            {"region": p.region.value, "side": p.side.value, "intensity": p.intensity, "weeks": p.weeks}
            for p in profile.pain
        ],
        "red_flags": sorted(profile.red_flags),
        "sitting_hours_per_day": profile.sitting_hours_per_day,
        "experience": profile.experience.value,
        "equipment": sorted(e.value for e in profile.equipment),
        "sessions_per_week": profile.sessions_per_week,
        "minutes_per_session": profile.minutes_per_session,
        "weeks": profile.weeks,
    }


def stored_profile(uow: UnitOfWork, *, person_id: int) -> dict[str, Any] | None:
    """The person's newest PROFILE.json answers, or None before the questionnaire."""
    with read_only(uow) as reading:
        row = reading.profiles.latest(person_id)
        return dict(row.data) if row is not None else None
