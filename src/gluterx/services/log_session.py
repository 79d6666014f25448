"""Log a performed session and say what changes next time, and why; and the workout summary, which reads back what
a log said (after any check-in revised it).

Logging runs in one unit of work and commits once at the end, so a failure stores nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from gluterx.domain.dose import DoseWords, describe
from gluterx.domain.exercise import Library, LoadType
from gluterx.domain.notes import SaidOnce, said_once
from gluterx.domain.profile import Profile
from gluterx.domain.progression import (
    PROGRESSING,
    Action,
    Alert,
    ExerciseLog,
    Prescription,
    SetLog,
    alerts,
    epley_e1rm,
    hold_locked,
    leg_spread_alert,
    next_prescription,
    pain_rising_weekly,
    technique_alert,
    usual_pain,
)
from gluterx.domain.said import Reason, said
from gluterx.domain.schedule import counts_of_faults, load_ceiling
from gluterx.domain.screening import screen
from gluterx.services.commits import decided_commit
from gluterx.services.duplicates import KEY_FIELD, KEY_LIFETIME, check_key, duplicate_of, request_hash
from gluterx.services.errors import Problem, ServiceError
from gluterx.services.guards import active_program, program_profile
from gluterx.services.history import ExerciseRecord, SessionRecord, record
from gluterx.services.plan_changes import locked_exercises, with_adjustments
from gluterx.services.ports import UnitOfWork, read_only
from gluterx.services.records import StoredPrescription
from gluterx.services.session_input import ExerciseIn, SessionIn, SetIn, parse_session
from gluterx.services.today import due_on, earned_session, pain_history, planned_and_next, severe

__all__ = [
    "FAULT_LOOKBACK_SESSIONS",
    "RECORDED_ONLY",
    "Change",
    "Judged",
    "LogOutcome",
    "WorkoutSummary",
    "change",
    "exercise_columns",
    "exercise_log",
    "faults_in_a_row",
    "judge_exercises",
    "log_session",
    "recorded",
    "set_columns",
    "workout_summary",
]


def set_columns(s: SetIn) -> dict[str, Any]:
    """A logged set as the store keeps it (loads in kg, the Epley e1RM beside them): logging a session and
    correcting one in the history write it alike."""
    e1rm = epley_e1rm(s.load_kg, s.reps)
    return {
        "reps": s.reps,
        "load": s.load_kg,
        "unit": "kg",
        "band": s.band,
        "rir": s.rir,
        "rpe": s.rpe,
        "e1rm_kg": round(e1rm, 2) if e1rm is not None else None,
    }


def exercise_columns(ex: ExerciseIn) -> dict[str, Any]:
    """A logged exercise as the store keeps it, its sets as set_columns gives them (logging and correcting alike)."""
    return {
        "exercise_id": ex.exercise_id,
        "pain_during": ex.pain_during,
        "felt_in": ex.felt_in,
        "sets": [set_columns(s) for s in ex.sets],
    }


# How far back a run of "felt it in the wrong place" is looked for: the person's newest sessions. The rules ask only
# whether the exercise's last log was one (progression.next_prescription: a cue the first time, a swap the next);
# a log further back than this is too old to count as "in a row".
FAULT_LOOKBACK_SESSIONS = 30


def faults_in_a_row(uow: UnitOfWork, person_id: int, exercise_ids: list[str], before: date) -> dict[str, int]:
    """For each exercise, how many of its latest logs in a row were felt in the wrong place (domain rule)."""
    history_of = uow.sessions.felt_in_history(person_id, exercise_ids, before=before, sessions=FAULT_LOOKBACK_SESSIONS)
    return counts_of_faults(history_of)


def exercise_log(ex: ExerciseIn | ExerciseRecord) -> ExerciseLog:
    """The rules' view of one performed exercise, as SESSION.json gave it or as the store read it back."""
    sets = tuple(SetLog(s.reps, s.load_kg, s.band, s.rir, s.rpe) for s in ex.sets)
    return ExerciseLog(ex.exercise_id, sets, ex.pain_during, frozenset(ex.felt_in))


NOTHING = Reason()  # nothing said


@dataclass(frozen=True, slots=True)
class Change:
    """What changes next time for one logged exercise, and why (`next` is None when nothing tracks it)."""

    exercise_id: str
    name: str
    action: str
    next: Prescription | None
    next_name: str | None
    reason: Reason  # rendered in the reader's unit (Reason.words)
    cue: str | None
    step: Reason = NOTHING  # what changes, without the why (Prescription.step), for lists that give the why once

    @property
    def progressing(self) -> bool:
        return self.next is not None and self.next.action in PROGRESSING

    @property
    def next_words(self) -> DoseWords | None:
        return describe(self.next.dose) if self.next is not None else None


@dataclass(frozen=True, slots=True)
class LogOutcome:
    """A stored session: how many sets, what changes next time for each exercise, and the pain alerts."""

    session_id: int
    date: dt.date
    sets_logged: int
    changes: tuple[Change, ...]
    alerts: tuple[Alert, ...]
    replayed: bool = False  # the same request again (its idempotency key): the session stored the first time


RECORDED_ONLY = Reason.of(said("recorded_only"))


def recorded(exercise_id: str, library: Library) -> Change:
    """The change for an exercise the engine does not track that day: recorded, nothing changes."""
    return Change(exercise_id, library.display_name(exercise_id), "recorded", None, None, RECORDED_ONLY, None)


def change(logged: str, p: Prescription, library: Library) -> Change:
    name = library.display_name(p.exercise_id)
    return Change(logged, library.display_name(logged), p.action.value, p, name, p.reason, p.cue, p.step)


def log_session(
    uow: UnitOfWork,
    library: Library,
    data: Any,
    *,
    person_id: int,
    idempotency_key: str | None = None,
    allow_duplicate: bool = False,
    now: dt.datetime | None = None,
) -> LogOutcome:
    """Store a performed session in one transaction and say what changes next time, and why.

    `data` is SESSION.json as parsed JSON, or a SessionIn that parse_session() has already checked. With an
    `idempotency_key` the same key and body again give back the session stored the first time (`replayed`), and the
    same key with another body is refused (code conflict); a session with the same exercises and sets as one already
    stored that day is refused (`duplicate_session`, code conflict) unless `allow_duplicate`.
    """
    session = data if isinstance(data, SessionIn) else parse_session(data, library)
    key = check_key(idempotency_key) if idempotency_key is not None else None
    at = now or dt.datetime.now(dt.UTC)
    for _attempt in range(2):
        stored = _log(uow, library, session, person_id, key=key, allow_duplicate=allow_duplicate, now=at)
        if isinstance(stored, LogOutcome):
            return stored
        if stored is not None:  # the key was kept for a session already: that session, as it was stored
            return _replayed(uow, library, person_id, stored)
    # Claimed by another request that then rolled back twice in a row: say so rather than loop.
    raise ServiceError([Problem(KEY_FIELD, "idempotency_key_busy")], code="conflict")


def _replayed(uow: UnitOfWork, library: Library, person_id: int, session_id: int) -> LogOutcome:
    summary = workout_summary(uow, library, person_id=person_id, session_id=session_id)
    if summary is None:  # pragma: no cover - a key goes with its session (ON DELETE CASCADE)
        raise ServiceError([Problem("", "no_session", {"session_id": session_id})], code="missing")
    performed = summary.session
    sets = sum(len(e.sets) for e in performed.exercises)
    return LogOutcome(session_id, performed.date, sets, summary.changes, summary.alerts, replayed=True)


@dataclass(frozen=True, slots=True)
class _Decided:
    """What a session means, decided from the store before it is written: the programme whose prescriptions it
    moves on, the judgement of each done exercise (judge_exercises) and the pain history the alerts come from."""

    program_id: int
    judged: list[Judged | None]
    pain: Sequence[tuple[date, int]]


def _log(
    uow: UnitOfWork,
    library: Library,
    session: SessionIn,
    person_id: int,
    *,
    key: str | None,
    allow_duplicate: bool,
    now: dt.datetime,
) -> LogOutcome | int | None:
    """The stored outcome; or the id of the session the key was kept for (a replay); or None when another request
    took the key while this one ran (nothing stored: try again, and it is a replay).

    The session is judged against the store as it stands when it is written, with the person's other writers held
    off (`decided_commit`). The SQL store on PostgreSQL judges it inside the writing unit of work, the person's row
    locked; on an SQLite file its committer judges a batch of logs ahead, on one snapshot outside the writers' lock,
    and judges a log again inside only when the person's revision moved in between (adapters/db/uow.py
    SharedCommits): one server process judges while the other holds the lock, which is what took POSTs past 600 a
    second on two cores (bench/README.md, "Issue 13: deciding ahead").
    """
    digest = request_hash(session) if key is not None else ""

    def decide(writing: UnitOfWork) -> _Decided | int:
        """The session judged against the store, or the id of the session its key was kept for; raises the
        conflicts (a key reused with another body, a duplicate session)."""
        kept = writing.idempotency.find(person_id, key) if key is not None else None
        if kept is not None and kept.created_at >= now - KEY_LIFETIME:  # an expired key is let go when it is kept
            if kept.request_hash != digest:
                problem = Problem(KEY_FIELD, "idempotency_key_reused", {"date": kept.created_at.date().isoformat()})
                raise ServiceError([problem], code="conflict")
            return kept.session_id
        if not allow_duplicate and (same := duplicate_of(session, writing.sessions.on(person_id, session.date))):
            params = {"date": session.date.isoformat(), "session_id": same.id}
            raise ServiceError([Problem("allow_duplicate", "duplicate_session", params)], code="conflict")
        program = active_program(writing, person_id)
        adjusted = with_adjustments(writing, library, program)  # what was due: the plan as the person shaped it
        profile = program_profile(adjusted, program)
        pain = pain_history(adjusted, person_id, session.date)
        judged = judge_exercises(
            adjusted,
            library,
            program.id,
            profile,
            person_id=person_id,
            day=session.date,
            exercises=session.exercises,
            spread=session.leg_symptoms_spread is True,
            pain=pain,
        )
        return _Decided(program.id, judged, pain)

    def write(writing: UnitOfWork, decided: _Decided | int) -> LogOutcome | int | None:
        if isinstance(decided, int):
            return decided
        return _write(writing, library, session, person_id, decided, key=key, digest=digest, now=now)

    # Two logs of one person take turns, each judged from what the other wrote
    return decided_commit(uow, person_id, decide, write)


def _write(
    uow: UnitOfWork,
    library: Library,
    session: SessionIn,
    person_id: int,
    decided: _Decided,
    *,
    key: str | None,
    digest: str,
    now: dt.datetime,
) -> LogOutcome | None:
    """Store the session and its prescriptions as decided, inside `with uow:`, and commit (None: the key was taken)."""
    session_id = uow.sessions.add(
        person_id=person_id,
        day=session.date,
        notes=session.notes,
        leg_symptoms_spread=session.leg_symptoms_spread,
        duration_s=session.duration_min * 60 if session.duration_min is not None else None,
        session_rpe=session.session_rpe,
        exercises=[exercise_columns(ex) for ex in session.exercises],
    )
    changes = []
    stored = []
    for ex, judging in zip(session.exercises, decided.judged, strict=True):
        if judging is None:
            changes.append(recorded(ex.exercise_id, library))
            continue
        stored.append(
            StoredPrescription(decided.program_id, judging.planned_id, judging.next, session_id, ex.exercise_id)
        )
        changes.append(change(ex.exercise_id, judging.next, library))
    uow.prescriptions.add_many(stored, person_id=person_id)
    if key is not None:
        uow.idempotency.forget_before(person_id, now - KEY_LIFETIME)
        if not uow.idempotency.claim(person_id, key, digest, session_id, now=now):
            return None  # leaving without commit stores nothing of this one
    uow.commit()
    # Logging a session changes no check-in, so the pain history read with the judgement is still the one to alert on.
    found = [
        *session_alerts(changes, spread=session.leg_symptoms_spread is True),
        *alerts(decided.pain, today=session.date, last_session=session.date),
    ]
    return LogOutcome(
        session_id=session_id,
        date=session.date,
        sets_logged=sum(len(ex.sets) for ex in session.exercises),
        changes=tuple(changes),
        alerts=tuple(found),
    )


@dataclass(frozen=True)
class Judged:
    """What one done exercise says for next time: the planned exercise whose slot it filled, and its next dose."""

    planned_id: str
    next: Prescription


def judge_exercises(
    uow: UnitOfWork,
    library: Library,
    program_id: int,
    profile: Profile,
    *,
    person_id: int,
    day: date,
    exercises: Sequence[ExerciseIn | ExerciseRecord],
    spread: bool,
    pain: Sequence[tuple[date, int]] | None = None,
) -> list[Judged | None]:
    """The rules' judgement of a session done on `day`, one entry per done exercise in order (None for one that
    filled no tracked slot of the plan: recorded only), from the store as it stands before that day. Logging a
    session and judging the history again after an edit both use this, so the two cannot drift apart.
    `pain` is the pain history as pain_history() reads it, when the caller has read it already."""
    screening = screen(profile)
    if pain is None:
        pain = pain_history(uow, person_id, day)
    rising = pain_rising_weekly(pain, today=day)
    usual = usual_pain(pain, before=day, intake=profile.worst_pain)
    planned, upcoming = planned_and_next(uow, program_id, day)
    if planned is not None:
        planned = earned_session(uow, program_id, planned, person_id=person_id, intake=profile.worst_pain, on=day)
    phase = planned.phase if planned else (upcoming.phase if upcoming else 3)
    last = uow.sessions.last_date(person_id, before=day)
    due = due_on(uow, library, program_id, planned, last, day, hold_volume=severe(usual)) if planned else ()
    slots = {d.prescription.exercise_id: d for d in due if d.tracked}
    ceiling = load_ceiling(planned, library) if planned else LoadType.WEIGHTS
    faults = faults_in_a_row(uow, person_id, [ex.exercise_id for ex in exercises], day)
    locked = locked_exercises(uow, day)
    judged: list[Judged | None] = []
    for ex in exercises:
        slot = slots.get(ex.exercise_id)
        if slot is None:
            judged.append(None)
            continue
        nxt = next_prescription(
            slot.prescription,
            exercise_log(ex),
            library=library,
            owned=profile.equipment,
            screening=screening,
            phase=phase,
            next_morning_pain=None,
            baseline_pain=usual,
            previous_faults=faults[ex.exercise_id],
            pain_rising=rising,
            symptoms_spread=spread,
            max_load=ceiling,
        )
        if ex.exercise_id in locked:  # the clinician's lock: no automatic step up (issue 16)
            nxt = hold_locked(slot.prescription, nxt)
        judged.append(Judged(slot.planned.exercise_id, nxt))
    return judged


def session_alerts(changes: list[Change], *, spread: bool) -> list[Alert]:
    """What a session itself raises: leg symptoms that spread, and a physiotherapist for exercises still felt in
    the wrong place after the tips and a swap."""
    found = [leg_spread_alert()] if spread else []
    referred = [c.name for c in changes if c.next is not None and c.next.action is Action.REFER]
    if referred:
        found.append(technique_alert(referred))
    return found


@dataclass(frozen=True, slots=True)
class WorkoutSummary:
    """A logged session and what changes next time (the newest word per exercise, after any check-in)."""

    session: SessionRecord
    names: dict[str, str]
    changes: tuple[Change, ...]
    alerts: tuple[Alert, ...]

    @property
    def said(self) -> SaidOnce:
        """The changes' reasons with what several share said once (domain.notes.said_once)."""
        return said_once([(c.name, c.reason) for c in self.changes])


def workout_summary(uow: UnitOfWork, library: Library, *, person_id: int, session_id: int) -> WorkoutSummary | None:
    """One of the person's logged sessions with what changes next time, and why (None: not theirs or not there)."""
    with read_only(uow) as reading:
        found = reading.sessions.logged(person_id, session_id=session_id)
        if not found:
            return None
        performed = record(found[0])
        # The newest prescription per slot: a next-morning check-in may have revised what the session said.
        latest = {r.logged_exercise_id: r.prescription for r in reading.prescriptions.from_session(performed.id)}
        changes = tuple(
            recorded(e.exercise_id, library)
            if (p := latest.get(e.exercise_id)) is None
            else change(e.exercise_id, p, library)
            for e in performed.exercises
        )
        pain = [(c.date, c.pain) for c in reading.checkins.for_person(person_id)]
        spread = found[0].leg_symptoms_spread is True
        found_alerts = (
            *session_alerts(list(changes), spread=spread),
            *alerts(pain, today=performed.date, last_session=performed.date),
        )
        names = {e.exercise_id: library.display_name(e.exercise_id) for e in performed.exercises}
        return WorkoutSummary(performed, names, changes, found_alerts)
