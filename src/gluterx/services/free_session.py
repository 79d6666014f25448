"""A free session: exercises picked from the library, outside the plan, logged with the one logging use case
(`log_session`), so their sets count in the history and the progress like any other session's.

The choice offered is the library's exercises the person can do: what they own, and nothing their screening rules out
in the phase they are in (`Screening.allows`, the same rule the planner and the engine obey)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from gluterx.domain.exercise import Category, Library, Measure, Pattern
from gluterx.domain.planner.selection import DAILY_LIFE_CHAIN
from gluterx.domain.screening import screen
from gluterx.services.guards import active_program, check_day, program_profile
from gluterx.services.log_session import LogOutcome, log_session
from gluterx.services.ports import UnitOfWork, read_only

__all__ = ["FREE_NOTES", "FreeChoice", "FreeChoices", "FreeExercise", "free_choices", "log_free_session"]

FREE_NOTES = "A free session, chosen from the library."
# The groups a person picks from, in this order: each exercise goes under the first of its patterns listed here.
_GROUPS: tuple[tuple[Pattern, str], ...] = (
    (Pattern.HIP_EXTENSION, "Hip extension: bridges, thrusts and kickbacks"),
    (Pattern.HIP_ABDUCTION, "Side glutes"),
    (Pattern.HIP_EXTERNAL_ROTATION, "Side glutes"),
    (Pattern.HINGE, "Hip hinge"),
    (Pattern.SQUAT, "Squats, lunges and steps"),
    (Pattern.LUNGE, "Squats, lunges and steps"),
    (Pattern.STEP, "Squats, lunges and steps"),
)


@dataclass(frozen=True, slots=True)
class FreeChoice:
    exercise_id: str
    name: str


@dataclass(frozen=True, slots=True)
class FreeChoices:
    """The exercises a person can log in a free session, by what they work."""

    date: date
    groups: tuple[tuple[str, tuple[FreeChoice, ...]], ...]

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(c.exercise_id for _, choices in self.groups for c in choices)


@dataclass(frozen=True, slots=True)
class FreeExercise:
    """One exercise of a free session: its sets as (reps, load in kg or None), and the pain during it (0-10)."""

    exercise_id: str
    sets: tuple[tuple[Any, Any], ...]
    pain_during: Any = 0


def free_choices(uow: UnitOfWork, library: Library, *, person_id: int, on: date) -> FreeChoices:
    check_day(on)
    with read_only(uow) as reading:
        program = active_program(reading, person_id)
        profile = program_profile(reading, program)
        upcoming = reading.programs.planned_from(program.id, on, limit=1)
    phase = upcoming[0].phase if upcoming else 3
    screening = screen(profile)
    groups: dict[str, list[FreeChoice]] = {}
    for ex in sorted(library, key=lambda e: (e.level, e.name)):
        if ex.chain == DAILY_LIFE_CHAIN or ex.dose is not Measure.REPS or ex.category is Category.MOBILITY:
            continue
        if not ex.fits_equipment(profile.equipment) or not screening.allows(ex, phase):
            continue
        group = next((words for pattern, words in _GROUPS if pattern in ex.patterns), None)
        if group is not None:
            groups.setdefault(group, []).append(FreeChoice(ex.id, ex.name))
    order = list(dict.fromkeys(words for _, words in _GROUPS))
    return FreeChoices(on, tuple((g, tuple(groups[g])) for g in order if g in groups))


def log_free_session(
    uow: UnitOfWork,
    library: Library,
    *,
    person_id: int,
    on: date,
    exercises: Sequence[FreeExercise],
    allow_duplicate: bool = False,
) -> LogOutcome:
    """Log the free session as SESSION.json through `log_session`: every field checked the same way, nothing
    stored while any is wrong; the same session twice on a day only when `allow_duplicate` says it is meant."""
    data = {
        "date": on.isoformat(),
        "exercises": [
            {
                "exercise_id": ex.exercise_id,
                "sets": [{"reps": reps, "load_kg": load} for reps, load in ex.sets],
                "pain_during": ex.pain_during,
            }
            for ex in exercises
        ],
        "notes": FREE_NOTES,
    }
    return log_session(uow, library, data, person_id=person_id, allow_duplicate=allow_duplicate)
