"""A person's own history with one exercise, and their personal records and milestones.

`exercise_history` answers "how have I done with this exercise?" (sessions done, best set, estimated 1RM by day,
last done) and `milestones_for` "what is worth noticing?", each one typed result that the exercise page, the API,
the CLI, the workout summary and Progress all render. The records themselves are found by the pure
`domain/milestones.py`; this module reads the history from the store and puts each in words once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from gluterx.domain.dose import Band, Load, LoadKind, Style, load_words
from gluterx.domain.exercise import Library, Measure
from gluterx.domain.limits import in_days
from gluterx.domain.milestones import ExerciseDone, Kind, Milestone, SessionDone, SetDone, best_set, milestones
from gluterx.domain.progression.logs import epley_e1rm
from gluterx.domain.thresholds import E1RM_MAX_REPS
from gluterx.domain.units import LB_TO_KG, MassUnit
from gluterx.services.ports import Problem, ServiceError, UnitOfWork, read_only
from gluterx.services.records import LoggedSession
from gluterx.services.records import LoggedSet as StoredSet
from gluterx.services.settings import mass_unit

E1RM_NOTE = (
    f"An estimate from your sets of {E1RM_MAX_REPS.value:g} reps or fewer (Epley's formula): good for following your "
    "own trend, not a tested maximum."
)


@dataclass(frozen=True, slots=True)
class E1rmDay:
    """The day's best estimated 1RM (Epley, sets of 10 reps or fewer) and the set it came from."""

    day: date
    e1rm_kg: float
    best: SetDone


@dataclass(frozen=True, slots=True)
class MilestoneView:
    """A record or milestone and its one calm line."""

    milestone: Milestone
    words: str  # the whole line: "New best on Glute bridge: 15 reps with body weight, more than before."
    detail: str  # the line where the exercise is already named: "15 reps with body weight, more than before."


@dataclass(frozen=True, slots=True)
class ExerciseHistory:
    """One person's history with one exercise: nothing done yet is `sessions == 0`."""

    exercise_id: str
    name: str
    sessions: int
    first_done: date | None
    last_done: date | None
    best: SetDone | None
    best_on: date | None
    e1rm: tuple[E1rmDay, ...]  # loaded work only, one point a day, oldest first
    records: tuple[MilestoneView, ...]  # this exercise's new bests, oldest first
    unit: MassUnit = MassUnit.KG  # the unit the person reads weights in

    @property
    def best_words(self) -> str:
        return set_words(self.best, self.unit) if self.best else ""


# ------------------------------------------------------------------------------------------------ reading the store


_BANDS = frozenset(b.value for b in Band)


def _set(stored: StoredSet, measure: Measure) -> SetDone:
    load = stored.load
    if load is not None and stored.unit == "lb":
        load *= LB_TO_KG
    band = Band(stored.band) if stored.band in _BANDS else None
    hold = stored.duration_s if measure is Measure.SECONDS and stored.duration_s else None
    return SetDone(stored.reps, round(load, 3) if load else None, band, hold, stored.warmup)


def sessions_done(logged: Iterable[LoggedSession], library: Library) -> list[SessionDone]:
    """The stored sessions as the domain's history (weights in kg; a hold's seconds for exercises dosed in seconds)."""
    out = []
    for s in logged:
        exercises = []
        for e in s.exercises:
            measure = library.get(e.exercise_id).dose if e.exercise_id in library else Measure.REPS
            exercises.append(ExerciseDone(e.exercise_id, tuple(_set(x, measure) for x in e.sets), e.pain_during))
        out.append(SessionDone(s.id, s.date, tuple(exercises)))
    return out


# ------------------------------------------------------------------------------------------------ words, said once


def set_words(s: SetDone, unit: MassUnit = MassUnit.KG) -> str:
    """'8 × 40 kg' (or lb), '15 reps with a medium band', '12 reps with body weight', 'a 45-second hold'."""
    if s.hold_s:
        return f"a {s.hold_s:g}-second hold"
    if s.loaded and s.load_kg:
        return f"{s.reps} × {load_words(Load(LoadKind.KG, kg=round(s.load_kg, 1)), unit=unit)}"
    reps = f"{s.reps} rep{'s' if s.reps != 1 else ''}"
    if s.band is not None:
        return f"{reps} with {load_words(Load(LoadKind.BAND, band=s.band), style=Style.FULL)}"
    return f"{reps} with body weight"


_RECORD_WORDS = {
    Kind.HEAVIEST: "the heaviest you have lifted in it",
    Kind.MORE_REPS: "more than you have done before",
    Kind.LONGEST_HOLD: "your longest yet",
}


def record_words(m: Milestone, unit: MassUnit = MassUnit.KG) -> str:
    """A record where its exercise is already named: '8 × 30 kg, the heaviest you have lifted in it.'"""
    if m.best is None or m.kind not in _RECORD_WORDS:
        return milestone_words(m, unit=unit)
    return f"{set_words(m.best, unit)}, {_RECORD_WORDS[m.kind]}."


def milestone_words(m: Milestone, library: Library | None = None, unit: MassUnit = MassUnit.KG) -> str:
    """One short, kind line for a record or milestone."""
    if m.kind in _RECORD_WORDS and m.best is not None and m.exercise_id:
        name = library.display_name(m.exercise_id) if library else m.exercise_id
        return f"New best on {name}: {record_words(m, unit)}"
    if m.kind is Kind.SESSIONS:
        return "Your first session is done." if m.count == 1 else f"{m.count} sessions done."
    if m.kind is Kind.PAIN_FREE_WEEK:
        return "A whole week of training without pain."
    if m.kind is Kind.FIRST_BAND:
        return "Your first session with a band."
    return "Your first session with a weight."


def _views(found: Iterable[Milestone], library: Library, unit: MassUnit = MassUnit.KG) -> tuple[MilestoneView, ...]:
    return tuple(MilestoneView(m, milestone_words(m, library, unit), record_words(m, unit)) for m in found)


# ------------------------------------------------------------------------------------------------ the use cases


log = logging.getLogger(__name__)


def _history(uow: UnitOfWork, person_id: int) -> tuple[list[LoggedSession], list[tuple[date, int]], MassUnit]:
    """The person's sessions and check-ins on days GluteRx can log, and the unit they read weights in; a day out of
    range already in the store (an old import) is left out with a warning, as the progress reads do."""
    with uow:
        stored = uow.sessions.logged(person_id)
        checkins = [(c.date, c.pain) for c in uow.checkins.for_person(person_id)]
        unit = mass_unit(uow.settings.get(person_id))
    logged = [s for s in stored if in_days(s.date)]
    pain = [(day, value) for day, value in checkins if in_days(day)]
    if len(logged) < len(stored) or len(pain) < len(checkins):
        log.warning("exercise history: left out sessions or check-ins on days out of range in the store")
    return logged, pain, unit


def milestones_for(
    uow: UnitOfWork, library: Library, *, person_id: int, session_id: int | None = None
) -> tuple[MilestoneView, ...]:
    """Every record and milestone in the person's history, newest first; or only those one session set."""
    logged, pain, unit = _history(uow, person_id)
    found = milestones(sessions_done(logged, library), pain)
    if session_id is not None:
        return _views((m for m in found if m.session_id == session_id), library, unit)
    return _views(reversed(found), library, unit)


def exercise_history(uow: UnitOfWork, library: Library, *, person_id: int, exercise_id: str) -> ExerciseHistory:
    """The person's sessions, best set, estimated-1RM trend and new bests for one exercise (by id, name or alias)."""
    ex = library.by_name(exercise_id)
    if ex is None:
        close = library.closest_ids(exercise_id)
        problem = Problem("exercise_id", "unknown_exercise", {"value": exercise_id, "close": close})
        raise ServiceError([problem], code="missing")
    logged, pain, unit = _history(uow, person_id)
    history = sessions_done(logged, library)
    mine = [
        (s.day, [x for e in s.exercises if e.exercise_id == ex.id for x in e.sets])
        for s in history
        if any(e.exercise_id == ex.id for e in s.exercises)
    ]
    every = [x for _, sets in mine for x in sets]
    best = best_set(every)
    best_on = next((day for day, sets in mine if best is not None and best in sets), None)
    records = [m for m in milestones(history, pain) if m.exercise_id == ex.id]
    return ExerciseHistory(
        exercise_id=ex.id,
        name=ex.name,
        sessions=len(mine),
        first_done=mine[0][0] if mine else None,
        last_done=mine[-1][0] if mine else None,
        best=best,
        best_on=best_on,
        e1rm=_e1rm_days(mine),
        records=_views(records, library, unit),
        unit=unit,
    )


def _e1rm_days(mine: Sequence[tuple[date, Sequence[SetDone]]]) -> tuple[E1rmDay, ...]:
    out: dict[date, E1rmDay] = {}
    for day, sets in mine:
        for s in sets:
            if s.warmup or s.hold_s:
                continue
            value = epley_e1rm(s.load_kg, s.reps)
            if value is not None and (day not in out or value > out[day].e1rm_kg):
                out[day] = E1rmDay(day, round(value, 1), s)
    return tuple(out[d] for d in sorted(out))


# ------------------------------------------------------------------------------------------------ last time


@dataclass(frozen=True, slots=True)
class LastSet:
    """One set as the person logged it last time: the count (reps, or seconds or minutes for a timed exercise), the
    weight in kg or the band, and the set in words ("12 × 20 kg", "15 reps with a medium band", "30 seconds")."""

    count: int
    load_kg: float | None
    band: Band | None
    words: str


@dataclass(frozen=True, slots=True)
class LastTime:
    """What the person did with an exercise the last time they did it (the player shows it beside each set)."""

    exercise_id: str
    day: date
    sets: tuple[LastSet, ...]

    def set_at(self, index: int) -> LastSet | None:
        return self.sets[index] if index < len(self.sets) else None


def last_set_words(
    count: int, load_kg: float | None, band: Band | None, measure: Measure, unit: MassUnit = MassUnit.KG
) -> str:
    """A set in words, counted the way the exercise is dosed; weights through load_words, the one place for units."""
    if measure is Measure.SECONDS:
        return f"{count} second{'s' if count != 1 else ''}"
    if measure is Measure.MINUTES:
        return f"{count} minute{'s' if count != 1 else ''}"
    if load_kg:
        return f"{count} × {load_words(Load(LoadKind.KG, kg=round(load_kg, 1)), unit=unit)}"
    reps = f"{count} rep{'s' if count != 1 else ''}"
    if band is not None:
        return f"{reps} with {load_words(Load(LoadKind.BAND, band=band), style=Style.FULL)}"
    return reps


def last_time(
    uow: UnitOfWork,
    library: Library,
    *,
    person_id: int,
    exercise_ids: Sequence[str],
    before: date,
    unit: MassUnit = MassUnit.KG,
) -> dict[str, LastTime]:
    """For each of these exercises the person did before `before`: that last time's day and sets (warm-ups left
    out). One query, whatever the length of the history."""
    with read_only(uow) as reading:
        found = reading.sessions.last_sets(person_id, list(dict.fromkeys(exercise_ids)), before=before)
    out = {}
    for exercise_id, (day, stored) in found.items():
        measure = library.get(exercise_id).dose if exercise_id in library else Measure.REPS
        sets = []
        for x in stored:
            if x.warmup:
                continue
            kg = x.load * LB_TO_KG if x.load is not None and x.unit == "lb" else x.load
            band = Band(x.band) if x.band in _BANDS else None
            sets.append(LastSet(x.reps, kg, band, last_set_words(x.reps, kg, band, measure, unit)))
        if sets:
            out[exercise_id] = LastTime(exercise_id, day, tuple(sets))
    return out


# ------------------------------------------------------------------------------------------------ the JSON


def _set_json(s: SetDone) -> dict[str, Any]:
    return {"reps": s.reps, "load_kg": s.load_kg, "band": s.band.value if s.band else None, "hold_s": s.hold_s}


def milestone_json(view: MilestoneView) -> dict[str, Any]:
    m = view.milestone
    return {
        "kind": m.kind.value,
        "session_id": m.session_id,
        "date": m.day.isoformat(),
        "exercise_id": m.exercise_id,
        "best": _set_json(m.best) if m.best else None,
        "count": m.count,
        "message": view.words,
    }


def exercise_history_json(h: ExerciseHistory) -> dict[str, Any]:
    return {
        "exercise_id": h.exercise_id,
        "name": h.name,
        "sessions": h.sessions,
        "first_done": h.first_done.isoformat() if h.first_done else None,
        "last_done": h.last_done.isoformat() if h.last_done else None,
        "best_set": {**_set_json(h.best), "date": h.best_on.isoformat() if h.best_on else None, "words": h.best_words}
        if h.best
        else None,
        "e1rm": [{"date": p.day.isoformat(), "e1rm_kg": p.e1rm_kg, **_set_json(p.best)} for p in h.e1rm],
        "records": [milestone_json(r) for r in h.records],
    }
