"""Progress: read a person's history from the store and run the pure analysis over it.

One flat read of everything the person logged (a row per set), then `domain.analysis.analyse`. `progress_report` is
the use case the Progress page, `GET /api/v1/progress` and `gluterx progress` all render (`ProgressReport`);
`load_progress` is the same read with the profile and screening around it, for the clinician report.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from enum import Enum
from itertools import groupby
from operator import itemgetter
from typing import Any, Literal

from gluterx.domain.analysis import (
    Activity,
    Analysis,
    CustomExercise,
    LoggedSet,
    PainReading,
    PlannedDay,
    SessionSummary,
    analyse,
)
from gluterx.domain.exercise import Library, custom_name
from gluterx.domain.limits import (
    MAX_LOAD_KG,
    MAX_REPS,
    MAX_WORKOUT_SECONDS,
    PAIN_HIGH,
    PAIN_LOW,
    RIR_HIGH,
    RPE_HIGH,
    RPE_LOW,
    in_days,
    within,
)
from gluterx.domain.precautions import ItemNotes, Precaution, item_notes, precautions
from gluterx.domain.profile import Profile
from gluterx.domain.progression.alerts import Alert
from gluterx.domain.schedule import ScheduledSession
from gluterx.domain.units import LB_TO_KG, MassUnit
from gluterx.services.importing import custom_exercise, guess_pattern
from gluterx.services.ports import Problem, ServiceError, UnitOfWork, read_only
from gluterx.services.profiles import parse_profile
from gluterx.services.settings import mass_unit

log = logging.getLogger(__name__)

MINUTES_PER_SET = 2.0  # a rough estimate when neither a duration nor a plan says how long a session took
_ACTIVITY = {"walking": Activity.WALKING, "swimming": Activity.SWIMMING}


REFERRAL: Literal["referral"] = (
    "referral"  # a programme's status when screening asked for a clinician first (no exercises)
)


@dataclasses.dataclass(frozen=True, slots=True)
class PersonInfo:
    """Who the progress is for. `since` is the first day with GluteRx: the day the account was opened, or the
    programme's first day when that came earlier (a programme started back-dated); imported history is not use of
    GluteRx, so it never moves `since`."""

    display_name: str
    since: date


@dataclasses.dataclass(frozen=True, slots=True)
class ProgramInfo:
    """The active programme's span and status ("ok", or "referral": on hold until a clinician has seen the person)."""

    start: date
    weeks: int
    status: Literal["ok", "referral"]

    @property
    def on_hold(self) -> bool:
        return self.status == REFERRAL


@dataclasses.dataclass(frozen=True)
class ProgressData:
    """Everything a progress report shows: the analysis and the context around it."""

    analysis: Analysis
    person: PersonInfo
    profile: dict[str, Any] | None
    screening: dict[str, Any] | None
    program: ProgramInfo | None
    alerts: tuple[Alert, ...]
    total_sets: int
    first_day: date | None
    last_day: date | None
    precautions: tuple[Precaution, ...] = ()  # what the person's health rules out, why, and the daily-life advice
    exercise_notes: tuple[tuple[str, ItemNotes], ...] = ()  # per planned exercise (id): its notes for this person
    unit: MassUnit = MassUnit.KG  # the unit the person reads weights in (the figures stay in kg)


def _custom(exercise_id: str) -> CustomExercise:
    name = custom_name(exercise_id)
    return custom_exercise(exercise_id, name, guess_pattern(name))


def load_progress(uow: UnitOfWork, library: Library, *, today: date, person_id: int) -> ProgressData:
    """The person's whole history, analysed up to `today`."""
    with read_only(uow) as uow:
        person = get_person(uow, person_id)
        return analysed(uow, library, person, uow.sessions.history_rows(person.id), today=today)


def get_person(uow: UnitOfWork, person_id: int) -> Any:
    """`person_id`'s person; 'missing' when there is none."""
    person = uow.people.get(person_id)
    if person is None:
        raise ServiceError([Problem("", "nothing_yet")], code="missing")
    return person


def session_dates(rows: Sequence[Any]) -> list[date]:
    """The date of each session in `rows` (SessionsRepository.history_rows), in their order."""
    return [next(group)[1] for _, group in groupby(rows, key=itemgetter(0))]


def analysed(uow: UnitOfWork, library: Library, person: Any, rows: Sequence[Any], *, today: date) -> ProgressData:
    """The analysis of `person`'s history `rows` (SessionsRepository.history_rows), with the rest read from `uow`."""
    from gluterx.domain.progression import alerts

    profile_row = uow.profiles.latest(person.id)
    profile = parse_profile(profile_row.data) if profile_row else None
    program = uow.programs.active(person.id)
    unit = mass_unit(uow.settings.get(person.id))
    planned = (
        uow.programs.planned_between(program.id, program.start_date, program.start_date + timedelta(weeks=53))
        if program
        else []
    )
    planned_minutes = {p.date: p.minutes for p in planned if p.kind == "strength"}
    sets, customs, summaries = _logged(rows, library, planned_minutes)
    readings = readable_checkins(uow.checkins.for_person(person.id))
    last = max((s.day for s in summaries), default=None)
    found = alerts([(r.day, int(r.pain)) for r in readings], today=today, last_session=last)
    analysis = analyse(
        sets=sets,
        library=library,
        today=today,
        customs=customs,
        pain=readings,
        pain_baseline=float(profile.worst_pain) if profile and profile.pain else None,
        planned=[PlannedDay(p.date) for p in planned if p.kind == "strength" and p.date <= today],
        sessions=summaries,
        body_mass_kg=profile.body_mass_kg if profile else None,
        unit=unit,
    )
    kept, notes = _precautions(profile, library, planned)
    opened = person.created_at.date()
    return ProgressData(
        analysis=analysis,
        person=PersonInfo(person.display_name, min(opened, program.start_date) if program else opened),
        profile=profile_row.data if profile_row else None,
        screening=program.screening if program else None,
        program=None if program is None else ProgramInfo(program.start_date, program.weeks, _status(program.status)),
        alerts=tuple(found),
        total_sets=len(sets),
        first_day=min((s.day for s in summaries), default=None),
        last_day=last,
        precautions=kept,
        exercise_notes=notes,
        unit=unit,
    )


def _precautions(
    profile: Profile | None, library: Library, planned: Sequence[ScheduledSession]
) -> tuple[tuple[Precaution, ...], tuple[tuple[str, ItemNotes], ...]]:
    """The person's precautions, and each planned exercise's notes that apply to them (for the report)."""
    if profile is None:
        return (), ()
    found = precautions(profile)
    ids = dict.fromkeys(i.exercise_id for p in planned for i in p.items if i.exercise_id in library)
    notes = ((ex_id, item_notes(library.get(ex_id), profile, found)) for ex_id in ids)
    return found, tuple((ex_id, n) for ex_id, n in notes if n.caution or n.supported_option)


def _logged(
    rows: Sequence[Any], library: Library, planned_minutes: dict[date, float]
) -> tuple[list[LoggedSet], dict[str, CustomExercise], list[SessionSummary]]:
    """The sets, the exercises the library does not know, and a summary of each session, from the history rows."""
    sets: list[LoggedSet] = []
    customs: dict[str, CustomExercise] = {}
    summaries: list[SessionSummary] = []
    unreadable = Counter[str]()
    for _session_id, group in groupby(rows, key=itemgetter(0)):
        session = list(group)
        _, day, duration_s, session_rpe = session[0][:4]
        if not in_days(day):  # stored before every way in kept to the same days: it would stretch every series
            unreadable["a session on a day out of range"] += 1
            continue
        if not within(duration_s, 0, MAX_WORKOUT_SECONDS):
            duration_s = None
        if not within(session_rpe, 0, RPE_HIGH):
            session_rpe = None
        count = 0
        activity = Activity.STRENGTH
        rpes: list[float] = []
        # Unpacked by position (the order history_rows gives): 30,000 rows, and a Row's attributes cost far more.
        for *_, exercise_id, pain_during, reps, load, unit, rir, rpe, warmup in session:
            if exercise_id is None:  # a session with no exercises
                continue
            if exercise_id not in library and exercise_id not in customs:
                customs[exercise_id] = _custom(exercise_id)
            activity = _ACTIVITY.get(exercise_id, activity)
            if reps is None:  # an exercise with no sets
                continue
            if not within(reps, 0, MAX_REPS) or isinstance(reps, float):
                unreadable["a set with reps out of range"] += 1
                continue
            load, rir, rpe, pain_during = _readable(load, unit, rir, rpe, pain_during, unreadable)
            sets.append(LoggedSet(day, exercise_id, reps, load, rir, rpe, pain_during, bool(warmup)))
            count += 1
            if rpe is not None:
                rpes.append(rpe)
            elif rir is not None:
                rpes.append(max(1.0, 10.0 - rir))
        minutes = duration_s / 60 if duration_s else planned_minutes.get(day, count * MINUTES_PER_SET)
        # A session rated 0 (rest, on the CR-10 scale) is a rating, not a missing one (session_rpe.foster2001).
        rpe = session_rpe if session_rpe is not None else (round(sum(rpes) / len(rpes), 1) if rpes else None)
        summaries.append(SessionSummary(day, round(minutes, 1), rpe, activity))
    for what, n in sorted(unreadable.items()):
        log.warning("progress: left out or cleared %d value(s) in the store: %s", n, what)
    return sets, customs, summaries


def _readable(
    load: Any, unit: Any, rir: Any, rpe: Any, pain: Any, unreadable: Counter[str]
) -> tuple[float | None, int | None, float | None, int]:
    """A stored set's load (in kg), RIR, RPE and pain as the analysis can read them: a value outside its range (or in
    a unit we do not know) is cleared, a pain out of range clamped, and each such value counted in `unreadable`."""
    if load is not None:
        kg = load * LB_TO_KG if unit == "lb" and within(load, 0, MAX_LOAD_KG / LB_TO_KG) else load
        if unit not in ("kg", "lb") or not within(kg, 0, MAX_LOAD_KG):
            unreadable["a load out of range or in an unknown unit"] += 1
            kg = None
        load = kg
    if rir is not None and (isinstance(rir, float) or not within(rir, 0, RIR_HIGH)):
        unreadable["a reps-in-reserve out of range"] += 1
        rir = None
    if rpe is not None and not within(rpe, RPE_LOW, RPE_HIGH):
        unreadable["an RPE out of range"] += 1
        rpe = None
    if not within(pain, PAIN_LOW, PAIN_HIGH) or isinstance(pain, float):
        unreadable["a pain score out of range"] += 1
        pain = min(max(int(pain), PAIN_LOW), PAIN_HIGH) if within(pain, -1e9, 1e9) else PAIN_LOW
    return load, rir, rpe, pain


def readable_checkins(checkins: Iterable[Any]) -> list[PainReading]:
    """Stored check-ins the analysis can read: a day out of range left out, a pain out of range clamped (logged)."""
    out = []
    for c in checkins:
        if not in_days(c.date) or not within(c.pain, PAIN_LOW, PAIN_HIGH):
            log.warning("progress: left out a check-in in the store on %s with pain %r", c.date, c.pain)
            continue
        out.append(PainReading(c.date, int(c.pain)))
    return out


def jsonable(value: Any) -> Any:
    """Dataclasses, enums, dates, tuples and mappings as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(jsonable(k)): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, float):
        return round(value, 3)
    return value


# ------------------------------------------------------------------------------------------------ the use case


@dataclasses.dataclass(frozen=True, slots=True)
class ProgressReport(Analysis):
    """A person's progress up to a day, as the Progress page, the API and the CLI show it: every analysis (pain,
    strength, volume, balance, adherence, load, energy; each with its sentence and sources), who and which
    programme, the alerts, what was logged, and the Sessions card's sentence. A number that cannot be said is absent
    (None or no rows), never said as 0."""

    person: PersonInfo
    program: ProgramInfo | None
    alerts: tuple[Alert, ...]
    total_sets: int
    first_day: date | None
    last_day: date | None
    sessions_message: str  # the Sessions card's sentence: the counts the adherence report has, or what comes first
    unit: MassUnit = MassUnit.KG  # the unit the person reads weights in (the figures stay in kg)

    @property
    def has_history(self) -> bool:
        return self.total_sets > 0 or self.last_day is not None


def progress_report(uow: UnitOfWork, library: Library, *, today: date, person_id: int) -> ProgressReport:
    """`person_id`'s progress up to `today` ('missing' when there is no such person)."""
    return report_of(load_progress(uow, library, today=today, person_id=person_id))


def report_of(data: ProgressData) -> ProgressReport:
    """The report `data` (load_progress) makes."""
    analysis = {f.name: getattr(data.analysis, f.name) for f in dataclasses.fields(Analysis)}
    return ProgressReport(
        **analysis,
        person=data.person,
        program=data.program,
        alerts=data.alerts,
        total_sets=data.total_sets,
        first_day=data.first_day,
        last_day=data.last_day,
        sessions_message=_sessions_message(data),
        unit=data.unit,
    )


def _sessions_message(data: ProgressData) -> str:
    """What the Sessions card says first: a programme on hold waits on a clinician, not on the Today page."""
    if data.program is not None and data.program.on_hold:
        return (
            "Your programme is on hold until a doctor or physiotherapist has seen you, so no sessions are planned. "
            "Your Plan page says why."
        )
    if data.program is not None and data.last_day is None and data.analysis.adherence.planned == 0:
        return "No sessions logged yet. Your first one is waiting on the Today page."
    return data.analysis.adherence.message


def _status(stored: str) -> Literal["ok", "referral"]:
    return REFERRAL if stored == REFERRAL else "ok"
