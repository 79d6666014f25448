"""A person's settings: the unit weights are shown and entered in, body mass, training days, time of day and time
zone. Changing the training days re-plans the programme from the next session on (services/profile_edit.py); the
unit changes only words (every stored load stays in kg)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, time
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from gluterx.domain.exercise import Library
from gluterx.domain.units import MassUnit, from_kg, to_kg
from gluterx.services.errors import Problem, ServiceError, validated
from gluterx.services.fields import Whole
from gluterx.services.ports import UnitOfWork, read_only
from gluterx.services.profile_edit import replan
from gluterx.services.records import PersonSettings

__all__ = [
    "DEFAULT_SETTINGS",
    "DEFAULT_TIME",
    "Settings",
    "SettingsIn",
    "SettingsSaved",
    "mass_unit",
    "parse_settings",
    "settings_of",
    "unit_of",
    "update_settings",
]

DEFAULT_SETTINGS = PersonSettings()
DEFAULT_TIME = time(18, 0)  # the calendar's start time before a person chooses one (gluterx_policy)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
BODY_MASS_KG = (20.0, 400.0)  # PROFILE.json's range for body_mass_kg (services/profiles.py)


@dataclass(frozen=True, slots=True)
class Settings:
    """The settings as every adapter shows them: the stored choices, the body mass (kg, from the profile) and
    whether each was chosen or is the default."""

    unit: MassUnit
    training_days: tuple[int, ...]
    training_time: time | None
    time_zone: str | None
    body_mass_kg: float | None
    sessions_per_week: int | None  # from the profile: how many training days to choose
    chosen: bool = False  # the person has saved settings (before that, a page may offer the browser's own)

    @property
    def body_mass(self) -> float | None:
        """The body mass in the person's unit, to 0.1."""
        return round(from_kg(self.body_mass_kg, self.unit), 1) if self.body_mass_kg is not None else None

    @property
    def day_names(self) -> tuple[str, ...]:
        return tuple(WEEKDAY_NAMES[d - 1] for d in self.training_days)

    @property
    def calendar_time(self) -> time:
        return self.training_time or DEFAULT_TIME

    @property
    def calendar_zone(self) -> str:
        return self.time_zone or "UTC"


@dataclass(frozen=True, slots=True)
class SettingsSaved:
    """What saving did: the settings now, and whether the programme was re-planned (from `replanned_from`)."""

    settings: Settings
    replanned_from: date | None


def _time_text(value: Any) -> Any:
    if isinstance(value, str) and not _HHMM.match(value.strip()):
        raise PydanticCustomError("not_a_time", "not a time of day", {"value": value})
    return value.strip() if isinstance(value, str) else value


class SettingsIn(BaseModel):
    """The settings to change; a field left out stays as it is (`null` clears a choice)."""

    model_config = ConfigDict(extra="forbid")

    unit: Literal["kg", "lb"] | None = Field(default=None, description="How weights are shown and entered.")
    body_mass: Annotated[float, Field(gt=0, le=900, strict=True, allow_inf_nan=False)] | None = Field(
        default=None, description="Body mass in `unit` (or the unit already chosen); null clears it."
    )
    training_days: list[Annotated[int, Field(ge=1, le=7), Whole]] | None = Field(
        default=None,
        max_length=7,
        description="ISO weekdays (1 Monday .. 7 Sunday), as many as the profile's sessions a week; [] lets GluteRx "
        "space them.",
    )
    training_time: str | None = Field(default=None, description="HH:MM, when sessions start (the calendar).")
    time_zone: str | None = Field(default=None, description="An IANA time zone name, such as Europe/London.")

    @field_validator("training_time", mode="before")
    @classmethod
    def _hhmm(cls, value: Any) -> Any:
        return _time_text(value)

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if value not in _zones():
            raise PydanticCustomError("unknown_time_zone", "unknown time zone", {"value": value})
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:  # pragma: no cover - listed zones load
            raise PydanticCustomError("unknown_time_zone", "unknown time zone", {"value": value}) from exc
        return value


_ZONES: set[str] = set()


def _zones() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones() | {"UTC"})
    return _ZONES


def mass_unit(settings: PersonSettings | None) -> MassUnit:
    return MassUnit(settings.unit) if settings is not None else MassUnit.KG


def _view(stored: PersonSettings, profile: dict[str, Any] | None, *, chosen: bool = True) -> Settings:
    return Settings(
        unit=MassUnit(stored.unit),
        training_days=stored.training_days,
        training_time=time.fromisoformat(stored.training_time) if stored.training_time else None,
        time_zone=stored.time_zone,
        body_mass_kg=profile.get("body_mass_kg") if profile else None,
        sessions_per_week=profile.get("sessions_per_week") if profile else None,
        chosen=chosen,
    )


def settings_of(uow: UnitOfWork, *, person_id: int) -> Settings:
    """The person's settings (the defaults where they chose nothing)."""
    with read_only(uow) as reading:
        stored = reading.settings.get(person_id)
        return _view(stored or DEFAULT_SETTINGS, reading.profiles.latest_data(person_id), chosen=stored is not None)


def unit_of(uow: UnitOfWork, *, person_id: int) -> MassUnit:
    """Just the unit (one small read, for every page that shows a weight)."""
    with read_only(uow) as reading:
        return mass_unit(reading.settings.get(person_id))


def parse_settings(data: Any) -> SettingsIn:
    return validated(SettingsIn, data)


def update_settings(uow: UnitOfWork, library: Library, data: Any, *, person_id: int, today: date) -> SettingsSaved:
    """Change the settings given in `data` (the others stay). A new body mass is a new profile version; new training
    days re-plan the programme from the next session on. Nothing is stored while anything is wrong."""
    with read_only(uow) as reading:
        latest = reading.profiles.latest_data(person_id)
    wanted = latest.get("sessions_per_week") if latest else None
    try:
        given = parse_settings(data)
    except ServiceError as exc:  # every problem at once: the day count too, when the days themselves are fine
        days = data.get("training_days") if isinstance(data, dict) else None
        if not any(p.field.startswith("training_days") for p in exc.problems) and isinstance(days, list):
            exc.problems += _day_count_problems(tuple(set(days)), wanted)
        raise
    fields = given.model_fields_set
    with uow:
        if uow.people.get(person_id) is None:
            raise ServiceError([Problem("", "no_person", {"person_id": person_id})], code="missing")
        stored = uow.settings.get(person_id) or DEFAULT_SETTINGS
        profile = uow.profiles.latest_data(person_id)
        changed = stored
        if "unit" in fields:
            changed = replace(changed, unit=given.unit or "kg")
        if "training_days" in fields:
            days = tuple(sorted(set(given.training_days or ())))
            if problems := _day_count_problems(days, wanted):
                raise ServiceError(problems)
            changed = replace(changed, training_days=days)
        if "training_time" in fields:
            changed = replace(changed, training_time=given.training_time)
        if "time_zone" in fields:
            changed = replace(changed, time_zone=given.time_zone)
        if "body_mass" in fields:
            if profile is None:
                raise ServiceError([Problem("body_mass", "no_profile")], code="invalid")
            unit = MassUnit(changed.unit)
            kg = to_kg(given.body_mass, unit) if given.body_mass is not None else None
            if kg is not None and not BODY_MASS_KG[0] < kg <= BODY_MASS_KG[1]:
                low, high = (round(from_kg(b, unit)) for b in BODY_MASS_KG)
                code = "too_small" if kg <= BODY_MASS_KG[0] else "too_large"
                bound = {"minimum": low, "inclusive": False} if code == "too_small" else {"maximum": high}
                raise ServiceError([Problem("body_mass", code, bound)])
            if kg != profile.get("body_mass_kg"):
                profile = {**profile, "body_mass_kg": kg}
                uow.profiles.add_version(person_id, profile)
        uow.settings.put(person_id, changed)
        replanned = None
        if changed.training_days != stored.training_days:
            replanned = replan(uow, library, person_id=person_id, today=today, weekdays=changed.training_days)
        uow.commit()
        return SettingsSaved(_view(changed, profile), replanned)


def _day_count_problems(days: tuple[int, ...], wanted: int | None) -> list[Problem]:
    """None chosen, or one day for each session a week the profile asks for."""
    if days and wanted is not None and len(days) != wanted:
        return [Problem("training_days", "training_days_count", {"count": wanted})]
    return []
