"""The programme on the calendar, and what is due on a day: the plan carried forward by the engine's last word.

`due_items` is the one computation behind every place a day's session is shown (the programme page, `gluterx plan`,
`gluterx today`, Today, the workout player, the calendar file and the report): with no stored prescription it is the
plan itself, so the programme and Today cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from gluterx.domain.dose import Hold, RepRange, Work
from gluterx.domain.exercise import Library, LoadType
from gluterx.domain.planner import PELVIC_FLOOR_SLOT, SITTING_BREAK_SLOT, DayKind, PlanItem, Program
from gluterx.domain.progression import (
    LONG_GAP_DAYS,
    Action,
    Prescription,
    deload,
    prescription_from_plan,
    resume_after_gap,
)
from gluterx.domain.said import Reason
from gluterx.domain.thresholds import PHASE_TOP_SHARE

__all__ = [
    "REGRESSING",
    "UNTRACKED_SLOTS",
    "WRONG_PLACES",
    "DueItem",
    "ScheduledSession",
    "carry_forward",
    "due_items",
    "faults_in_a_row",
    "load_ceiling",
    "phase_earned",
    "schedule",
    "tracked",
]

# The engine's word stands for the sets and the work (not only the load) after it stepped back or held, or asked for
# "the same amount" with a tip or a physiotherapist's eye: the plan's weekly rise waits.
REGRESSING = frozenset(
    {Action.REGRESS_LOAD, Action.REGRESS_SETS, Action.REGRESS_EXERCISE, Action.HOLD, Action.CUE, Action.REFER}
)
# Daily habits in a session (the sitting-break and pelvic-floor squeezes) are shown as planned; the engine tracks the
# training items.
UNTRACKED_SLOTS = frozenset({SITTING_BREAK_SLOT, PELVIC_FLOOR_SLOT})
# Felt here rather than in the glutes: the places that count as "felt it in the wrong place" (DESIGN.md).
WRONG_PLACES = frozenset({"lower_back", "hamstrings"})


@dataclass(frozen=True, slots=True)
class ScheduledSession(DayKind):
    """A planned session on its date, as the store keeps it."""

    date: date
    week: int
    day: int
    phase: int
    phase_name: str
    deload: bool
    kind: str  # "strength" | "activity"
    minutes: float
    items: tuple[PlanItem, ...]


def schedule(program: Program) -> list[ScheduledSession]:
    """Every planned session of `program` on its date (the programme must have a start date)."""
    out = []
    for week in program.weeks:
        for session in week.sessions:
            day = program.date_of(week.week, session.day)
            if day is None:
                raise ValueError("start: the programme needs a start date to be put on the calendar")
            out.append(
                ScheduledSession(
                    date=day,
                    week=week.week,
                    day=session.day,
                    phase=week.phase.number,
                    phase_name=week.phase.name,
                    deload=week.deload,
                    kind=session.kind,
                    minutes=session.minutes,
                    items=session.items,
                )
            )
    return out


@dataclass(frozen=True, slots=True)
class DueItem:
    """A planned item and what to do for it on the day; `carried` says a stored prescription shaped it, `tracked`
    that the engine keeps a prescription for it (not on an activity day, nor for a daily habit)."""

    planned: PlanItem
    prescription: Prescription
    carried: bool
    tracked: bool

    @property
    def reason(self) -> Reason:
        return self.prescription.reason


def _lengthened(current: Work, planned: Work) -> bool:
    """The engine raised the target past the plan's (more reps or a longer hold than the phase starts with)."""
    match current, planned:
        case RepRange(high=now), RepRange(high=plan):
            return now > plan
        case Hold(seconds=now), Hold(seconds=plan):
            return now > plan
    return False


def carry_forward(
    planned: PlanItem,
    current: Prescription | None,
    *,
    deload_week: bool,
    gap_days: int | None,
    library: Library,
    hold_volume: bool = False,
) -> Prescription:
    """What to do for `planned`: the plan's dose carried forward by the engine's last word (`current`).

    The engine decides the exercise and the load. The plan decides the sets and the work (the phase's rep range)
    unless the engine stepped back or held (then the smaller of the two sets, and its own work), swapped the exercise
    (its own work) or raised the target past the plan's. Rest and tempo are the plan's. After a long gap the person
    resumes a little lighter; in a lighter week the plan's fewer sets apply and say so. With `hold_volume` (severe
    pain) the calendar never raises the sets: the engine's word keeps its own.
    """
    plan = prescription_from_plan(planned)
    if current is None:
        return plan
    regressing = current.action in REGRESSING or hold_volume
    own_work = (
        current.exercise_id != planned.exercise_id or regressing or _lengthened(current.dose.work, planned.dose.work)
    )
    planned_sets = planned.dose.sets
    before = current.dose.sets if regressing or deload_week else planned_sets
    dose = replace(
        current.dose,
        sets=min(planned_sets, before) if regressing else before,
        work=current.dose.work if own_work else planned.dose.work,
        rest_s=planned.dose.rest_s,
        tempo=planned.dose.tempo if current.exercise_id == planned.exercise_id else current.dose.tempo,
    )
    p = replace(current, dose=dose)
    if gap_days is not None and gap_days >= LONG_GAP_DAYS:
        p = resume_after_gap(p, days_since_last=gap_days, library=library)
    if deload_week:
        p = deload(p, sets=planned_sets)
    return p


def due_items(
    session: ScheduledSession,
    carried: Mapping[str, Prescription],
    *,
    gap_days: int | None,
    library: Library,
    hold_volume: bool = False,
) -> tuple[DueItem, ...]:
    """The session's items with what to do for each: `carried` maps a planned exercise id to the engine's last word.

    Activity days (walking, swimming and their two short drills) and daily habits follow the plan as written; the
    engine tracks the strength sessions' training items. `hold_volume`: severe pain, no calendar-driven rise in sets.
    """
    out = []
    for item in session.items:
        follows = _tracks(session, item)
        current = carried.get(item.exercise_id) if follows else None
        p = carry_forward(
            item, current, deload_week=session.deload, gap_days=gap_days, library=library, hold_volume=hold_volume
        )
        out.append(DueItem(item, p, current is not None, follows))
    return tuple(out)


def _tracks(session: ScheduledSession, item: PlanItem) -> bool:
    return not session.optional and item.slot not in UNTRACKED_SLOTS


def load_ceiling(session: ScheduledSession, library: Library) -> LoadType:
    """The heaviest kind of load the session's plan uses: the block's (bodyweight first, then bands, then weights).

    The engine never moves a slot past it, so a bodyweight block stays bodyweight until the plan earns bands.
    """
    kinds = [library.get(i.exercise_id).load_type for i in session.items if _tracks(session, i)]
    return max(kinds, key=lambda k: k.rank, default=LoadType.BODYWEIGHT)


def tracked(session: ScheduledSession) -> list[str]:
    """The planned exercise ids whose prescriptions the engine keeps (none on an activity day, no daily habit)."""
    return [i.exercise_id for i in session.items if _tracks(session, i)]


def faults_in_a_row(history: Iterable[Iterable[str]]) -> int:
    """How many of an exercise's latest logs in a row (newest first) were felt in the wrong place, not the glutes."""
    count = 0
    for felt_in in history:
        felt = set(felt_in)
        if felt & WRONG_PLACES and "glutes" not in felt:
            count += 1
        else:
            break
    return count


def counts_of_faults(histories: Mapping[str, Sequence[Iterable[str]]]) -> dict[str, int]:
    """`faults_in_a_row` for each exercise id."""
    return {exercise_id: faults_in_a_row(history) for exercise_id, history in histories.items()}


# What the engine's last word for a slot says about the phase: stepping back or still felt in the wrong place.
_HELD_BACK = frozenset({Action.REGRESS_LOAD, Action.REGRESS_SETS, Action.REGRESS_EXERCISE, Action.REFER})
# ... and that it reached the top of its range (confirmed, or moved on to more load, a band or the next exercise).
_AT_TOP = frozenset({Action.CONFIRM, Action.PROGRESS_LOAD, Action.PROGRESS_BAND, Action.PROGRESS_EXERCISE})


def phase_earned(words: Sequence[Prescription], *, usual_now: int, usual_at_start: int, rising: bool) -> bool:
    """Whether the next phase is earned (not given by the calendar): pain stable or improving since the phase began
    and not rising week to week (silbernagel2007), and the phase's performance met: no slot stepping back or still
    felt in the wrong place, and at least PHASE_TOP_SHARE of its slots at the top of their range at least once
    (confirmed or moved on; acsm2009, gluterx_policy). No word at all (nothing logged) earns nothing."""
    if not words or rising or usual_now > usual_at_start:
        return False
    if any(w.action in _HELD_BACK for w in words):
        return False
    at_top = sum(w.action in _AT_TOP for w in words)
    return at_top * 100 >= PHASE_TOP_SHARE.value * len(words)
