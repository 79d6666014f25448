"""A four-week loop in the domain for the precaution tests: plan, carry forward, log each session, next prescription."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from gluterx.domain.dose import target
from gluterx.domain.exercise import (
    Library,
)
from gluterx.domain.planner import plan_program
from gluterx.domain.profile import Profile
from gluterx.domain.progression import ExerciseLog, Prescription, SetLog, next_prescription
from gluterx.domain.schedule import ScheduledSession, due_items, schedule
from gluterx.domain.screening import Screening, screen

# --- a four-week loop in the domain: plan, carry forward, log, next prescription -------------------------------


@dataclass(frozen=True, slots=True)
class Step:
    """One exercise done in a session and what the engine said next."""

    session: ScheduledSession
    done: Prescription
    next: Prescription


Performance = Callable[[ScheduledSession, Prescription], tuple[int, frozenset[str]]]


def steady(_: ScheduledSession, __: Prescription) -> tuple[int, frozenset[str]]:
    """Top of the range, 1/10 pain, felt in the glutes."""
    return 1, frozenset({"glutes"})


def flaring(session: ScheduledSession, _: Prescription) -> tuple[int, frozenset[str]]:
    """Pain 7/10 in the second week (regressions and swaps), lower back in the third, steady otherwise."""
    if session.week == 2:
        return 7, frozenset({"glutes"})
    if session.week == 3:
        return 1, frozenset({"lower_back"})
    return 1, frozenset({"glutes"})


def run(
    profile: Profile,
    library: Library,
    *,
    weeks: int = 4,
    how: Performance = steady,
    start_week: int = 1,
) -> Iterator[Step]:
    """Weeks `start_week`.. of the profile's plan, every strength session logged as `how` says."""
    program = plan_program(profile, library, start=date(2026, 1, 5))
    screening = screen(profile)
    carried: dict[str, Prescription] = {}
    faults: dict[str, int] = {}
    for session in schedule(program):
        if not start_week <= session.week < start_week + weeks:
            continue
        for due in due_items(session, carried, gap_days=None, library=library):
            if not due.tracked:
                continue
            p = due.prescription
            pain, felt = how(session, p)
            reps = target(p.dose.work).high
            log = ExerciseLog(p.exercise_id, tuple(SetLog(reps, rir=3) for _ in range(p.dose.sets)), pain, felt)
            nxt = next_prescription(
                p,
                log,
                library=library,
                owned=profile.equipment,
                screening=screening,
                phase=session.phase,
                next_morning_pain=pain if pain >= 5 else profile.worst_pain,
                baseline_pain=profile.worst_pain,
                previous_faults=faults.get(p.exercise_id, 0),
            )
            faults[p.exercise_id] = faults.get(p.exercise_id, 0) + 1 if "glutes" not in felt else 0
            carried[due.planned.exercise_id] = nxt
            yield Step(session, p, nxt)


def breaches(screening: Screening, library: Library, exercise_id: str, phase: int) -> list[str]:
    """The precautions (ids) that `exercise_id` breaks in `phase`."""
    ex = library.get(exercise_id)
    return [p.id.value for p in screening.precautions_against(ex, phase)]
