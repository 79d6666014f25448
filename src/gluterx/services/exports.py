"""Every logged set, for the CSV export; and `NothingToExport`, which every download raises when it has nothing yet.

Typed records, so the CLI, the web download and the interop writers all get the same rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from gluterx.domain.exercise import CUSTOM_PREFIX, Library, readable_name
from gluterx.domain.progression import epley_e1rm
from gluterx.domain.units import from_kg
from gluterx.services.history import in_kg
from gluterx.services.ports import UnitOfWork, read_only
from gluterx.services.settings import mass_unit

__all__ = [
    "CUSTOM_PREFIX",
    "SET_FIELDS",
    "NothingToExport",
    "SetRecord",
    "SetsExport",
    "all_sets",
    "exercise_name",
    "sets_export",
]


class NothingToExport(Exception):
    """The person has nothing yet for this download; `what` (report | calendar | sets) says which, so each adapter
    can say in its own words what to do first."""

    def __init__(self, what: str) -> None:
        super().__init__(f"nothing to export yet: no {what}")
        self.what = what


@dataclasses.dataclass(frozen=True, slots=True)
class SetRecord:
    """One logged set, as the CSV export writes it. `load` and `unit` are in the person's unit (kg or lb, Profile &
    settings; to 0.01); `load_kg` is the same load in kg; `e1rm_kg` is the stored estimate, or Epley's where none
    was stored."""

    date: dt.date
    session_id: int
    source: str
    exercise_id: str
    exercise: str
    set: int
    reps: int
    load: float | None
    unit: str
    load_kg: float | None
    band: str | None
    rir: int | None
    rpe: float | None
    duration_s: float | None
    warmup: bool
    e1rm_kg: float | None
    pain_during: int

    def as_row(self) -> dict[str, Any]:
        """The record as a plain row with an ISO date, in SET_FIELDS order."""
        return {**dataclasses.asdict(self), "date": self.date.isoformat()}


SET_FIELDS = tuple(field.name for field in dataclasses.fields(SetRecord))


@dataclasses.dataclass(frozen=True, slots=True)
class SetsExport:
    """Every set the person logged or imported, oldest first (never empty)."""

    sets: tuple[SetRecord, ...]


def exercise_name(exercise_id: str, library: Library | None) -> str:
    """The library's name, a custom (imported) exercise's own name, or the id made readable."""
    return library.display_name(exercise_id) if library is not None else readable_name(exercise_id)


def all_sets(uow: UnitOfWork, *, person_id: int, library: Library | None = None) -> list[SetRecord]:
    """Every logged set, oldest first; [] when there is no person or history. Without `library`, names come from
    the ids."""
    with read_only(uow) as uow:
        unit = mass_unit(uow.settings.get(person_id))
        out: list[SetRecord] = []
        for session in uow.sessions.logged(person_id):
            for ex in session.exercises:
                name = exercise_name(ex.exercise_id, library)
                for number, s in enumerate(ex.sets, start=1):
                    load_kg = in_kg(s.load, s.unit)
                    e1rm = s.e1rm_kg
                    if e1rm is None and not s.warmup and (estimate := epley_e1rm(load_kg, s.reps)) is not None:
                        e1rm = round(estimate, 2)
                    out.append(
                        SetRecord(
                            date=session.date,
                            session_id=session.id,
                            source=session.source,
                            exercise_id=ex.exercise_id,
                            exercise=name,
                            set=number,
                            reps=s.reps,
                            load=s.load
                            if s.unit == unit.value or load_kg is None
                            else round(from_kg(load_kg, unit), 2),
                            unit=unit.value if load_kg is not None else s.unit,
                            load_kg=load_kg,
                            band=s.band,
                            rir=s.rir,
                            rpe=s.rpe,
                            duration_s=s.duration_s,
                            warmup=s.warmup,
                            e1rm_kg=e1rm,
                            pain_during=ex.pain_during,
                        )
                    )
        return out


def sets_export(uow: UnitOfWork, *, person_id: int, library: Library | None = None) -> SetsExport:
    """Every logged set for the CSV download; NothingToExport("sets") before the first set."""
    rows = all_sets(uow, person_id=person_id, library=library)
    if not rows:
        raise NothingToExport("sets")
    return SetsExport(tuple(rows))
