"""Personal records and milestones, noticed from the logged history: a new best set, a first week without pain,
sessions done, the first session with a band or a weight.

Pure: the history comes in as values, in any order; `milestones` replays it session by session (by date, then id) and
announces each record or milestone once, at the session that set it. So the milestones of the first k sessions are
exactly those of the whole history that belong to those sessions: a record is never announced twice, and logging
another session never changes what was said about an earlier one.

A record needs something to beat: the first time an exercise is done sets no record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from gluterx.domain.dose import Band
from gluterx.domain.thresholds import MILESTONE_PAIN_FREE_DAYS, MILESTONE_PAIN_FREE_MIN_SESSIONS

__all__ = [
    "SESSION_COUNTS",
    "ExerciseDone",
    "Kind",
    "Milestone",
    "SessionDone",
    "SetDone",
    "best_set",
    "milestones",
    "session_count_reached",
]

# Sessions done that are worth a quiet word: the first, a handful, then round numbers (gluterx_policy).
SESSION_COUNTS = (1, 5, 10, 25, 50, 75, 100)
SESSION_COUNT_STEP = 50  # after the last of SESSION_COUNTS, every 50 more


@dataclass(frozen=True, slots=True)
class SetDone:
    """One performed set: reps, and a weight in kg or a band, or a hold's seconds."""

    reps: int
    load_kg: float | None = None
    band: Band | None = None
    hold_s: float | None = None
    warmup: bool = False

    @property
    def loaded(self) -> bool:
        return self.load_kg is not None and self.load_kg > 0


@dataclass(frozen=True, slots=True)
class ExerciseDone:
    exercise_id: str
    sets: tuple[SetDone, ...]
    pain_during: int | None = None


@dataclass(frozen=True, slots=True)
class SessionDone:
    session_id: int
    day: date
    exercises: tuple[ExerciseDone, ...]


class Kind(StrEnum):
    HEAVIEST = "heaviest"  # a heavier weight than ever on this exercise
    MORE_REPS = "more_reps"  # more reps than ever at a weight, band or body weight done before
    LONGEST_HOLD = "longest_hold"  # a longer hold than ever on this exercise
    SESSIONS = "sessions"  # the first, 5th, 10th... session done
    PAIN_FREE_WEEK = "pain_free_week"  # the first week of training with no pain at all
    FIRST_BAND = "first_band"  # the first session with a band
    FIRST_WEIGHT = "first_weight"  # the first session with a weight


@dataclass(frozen=True, slots=True)
class Milestone:
    """Something worth a quiet word, at the session that set it. `best` is the set behind a record, `count` the
    sessions done."""

    kind: Kind
    session_id: int
    day: date
    exercise_id: str | None = None
    best: SetDone | None = None
    count: int | None = None

    @property
    def key(self) -> tuple[object, ...]:
        """What makes it the same record: said at most once per history."""
        if self.kind is Kind.HEAVIEST:
            return (self.kind, self.exercise_id, self.best.load_kg if self.best else None)
        if self.kind is Kind.MORE_REPS and self.best is not None:
            return (self.kind, self.exercise_id, _load_key(self.best), self.best.reps)
        if self.kind is Kind.LONGEST_HOLD:
            return (self.kind, self.exercise_id, self.best.hold_s if self.best else None)
        if self.kind is Kind.SESSIONS:
            return (self.kind, self.count)
        return (self.kind,)


def session_count_reached(count: int) -> bool:
    """Whether `count` sessions done is a number worth saying."""
    if count in SESSION_COUNTS:
        return True
    return count > SESSION_COUNTS[-1] and count % SESSION_COUNT_STEP == 0


def _load_key(s: SetDone) -> tuple[object, ...]:
    """What 'the same load' means for more reps: the same weight, the same band, or body weight."""
    if s.loaded:
        return ("kg", round(s.load_kg or 0.0, 2))
    if s.band is not None:
        return ("band", s.band.value)
    return ("body",)


def best_set(sets: Iterable[SetDone]) -> SetDone | None:
    """The best working set: the longest hold for holds, else the heaviest weight (most reps at it), else the
    strongest band, else the most reps; None with no working set."""
    working = [s for s in sets if not s.warmup and (s.reps > 0 or s.hold_s)]
    if not working:
        return None
    holds = [s for s in working if s.hold_s]
    if holds:
        return max(holds, key=lambda s: (s.hold_s or 0.0, s.reps))
    return max(
        working,
        key=lambda s: (s.load_kg or 0.0 if s.loaded else 0.0, s.band.rank + 1 if s.band else 0, s.reps),
    )


@dataclass
class _Bests:
    """What one exercise's best was before the session being replayed."""

    heaviest: float = 0.0
    reps_at: dict[tuple[object, ...], int] = field(default_factory=dict)
    hold: float = 0.0


def _record(ex: ExerciseDone, bests: _Bests | None) -> tuple[Kind, SetDone] | None:
    """The one record this exercise set in a session (the biggest: heavier, else more reps, else a longer hold)."""
    working = [s for s in ex.sets if not s.warmup]
    if bests is None or not working:
        return None
    holds = [s for s in working if s.hold_s]
    if holds:
        longest = max(holds, key=lambda s: s.hold_s or 0.0)
        return (Kind.LONGEST_HOLD, longest) if bests.hold > 0 and (longest.hold_s or 0.0) > bests.hold else None
    loaded = [s for s in working if s.loaded and s.reps > 0]
    if loaded and bests.heaviest > 0:
        heaviest = max(loaded, key=lambda s: (s.load_kg or 0.0, s.reps))
        if (heaviest.load_kg or 0.0) > bests.heaviest:
            return Kind.HEAVIEST, heaviest
    more = [s for s in working if s.reps > bests.reps_at.get(_load_key(s), s.reps)]
    if more:
        return Kind.MORE_REPS, max(more, key=lambda s: (s.load_kg or 0.0, s.band.rank if s.band else -1, s.reps))
    return None


def _remember(ex: ExerciseDone, bests: _Bests) -> None:
    for s in ex.sets:
        if s.warmup:
            continue
        if s.hold_s:
            bests.hold = max(bests.hold, s.hold_s)
            continue
        if s.loaded and s.reps > 0:
            bests.heaviest = max(bests.heaviest, s.load_kg or 0.0)
        key = _load_key(s)
        bests.reps_at[key] = max(bests.reps_at.get(key, 0), s.reps)


def _pain_free_week(
    session: SessionDone, done: Sequence[SessionDone], pain: Sequence[tuple[date, int]], first_day: date
) -> bool:
    """Trained for at least a week, at least 2 sessions in the last 7 days, and every pain reading in them 0."""
    days = int(MILESTONE_PAIN_FREE_DAYS.value)
    start = session.day - timedelta(days=days - 1)
    if start < first_day:
        return False
    window = [s for s in done if start <= s.day <= session.day]
    if len(window) < MILESTONE_PAIN_FREE_MIN_SESSIONS.value:
        return False
    during = [e.pain_during for s in window for e in s.exercises if e.pain_during is not None]
    checkins = [p for d, p in pain if start <= d <= session.day]
    return bool(during or checkins) and all(p == 0 for p in (*during, *checkins))


def _merged(exercises: Iterable[ExerciseDone]) -> list[ExerciseDone]:
    sets: dict[str, list[SetDone]] = {}
    for ex in exercises:
        sets.setdefault(ex.exercise_id, []).extend(ex.sets)
    return [ExerciseDone(exercise_id, tuple(done)) for exercise_id, done in sets.items()]


def milestones(sessions: Iterable[SessionDone], pain: Sequence[tuple[date, int]] = ()) -> tuple[Milestone, ...]:
    """Every record and milestone in the history, each at the session that set it, in the order they happened.

    `pain` is the morning check-ins (day, 0-10): a week counts as pain-free only when they, and the pain logged
    during each exercise, were all 0.
    """
    ordered = sorted(sessions, key=lambda s: (s.day, s.session_id))
    out: list[Milestone] = []
    bests: dict[str, _Bests] = {}
    done: list[SessionDone] = []
    seen_band = seen_weight = pain_free = False
    for session in ordered:
        done.append(session)
        here = []
        if session_count_reached(len(done)):
            here.append(Milestone(Kind.SESSIONS, session.session_id, session.day, count=len(done)))
        working = [s for e in session.exercises for s in e.sets if not s.warmup]
        if not seen_weight and any(s.loaded for s in working):
            seen_weight = True
            here.append(Milestone(Kind.FIRST_WEIGHT, session.session_id, session.day))
        if not seen_band and any(s.band is not None for s in working):
            seen_band = True
            here.append(Milestone(Kind.FIRST_BAND, session.session_id, session.day))
        if not pain_free and _pain_free_week(session, done, pain, ordered[0].day):
            pain_free = True
            here.append(Milestone(Kind.PAIN_FREE_WEEK, session.session_id, session.day))
        for ex in _merged(session.exercises):  # the same exercise logged twice in a session is one
            found = _record(ex, bests.get(ex.exercise_id))
            if found is not None:
                kind, best = found
                here.append(Milestone(kind, session.session_id, session.day, ex.exercise_id, best))
            _remember(ex, bests.setdefault(ex.exercise_id, _Bests()))
        out.extend(here)
    return tuple(out)
