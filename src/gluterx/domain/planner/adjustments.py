"""Plan adjustments: the changes a person (or, later, their clinician) makes to the planned programme, and the one
pure function that applies them.

An adjustment is a value: a swap of one exercise for another that fits the same slot, skipping an exercise or a
whole session, or moving a session to another day; each with its author (a person, or a clinician account), a reason
and when it was made. The store keeps them as an append-only log, so the log is the audit trail; undoing one is an
adjustment of its own (`Undo`), never a deletion. `apply_adjustments` turns the planned sessions and the log into the
plan to follow: every place a day's session is shown or logged reads the adjusted plan, so Today, the programme, the
calendar, the report, the player and the progression engine all see the same thing. A swapped-in exercise keeps its
slot, and the engine tracks it under its own id, so its progression follows its own history (gluterx_policy).

`alternatives` ranks the library's candidates for a planned item: the same slot (movement pattern and muscle), the
person's equipment, their screening (`Screening.allows`, which reads the precautions of domain/precautions.py) and
the block's load, each with plain reasons why it fits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from gluterx.domain.dose import Dose, Duration, Hold, LoadKind, RepRange
from gluterx.domain.exercise import (
    BANDS,
    WEIGHTS,
    Activation,
    Category,
    Equipment,
    Exercise,
    Library,
    Measure,
    Pattern,
    Position,
)
from gluterx.domain.planner.dosing import dose_for, dose_seconds, sets_for
from gluterx.domain.planner.program import PhaseSpec, PlanItem
from gluterx.domain.planner.selection import DAILY_LIFE_CHAIN
from gluterx.domain.planner.slots import (
    ABDUCTION_ROTATION,
    BALANCE,
    GLUTE_MOBILITY,
    HINGE,
    HIP_EXTENSION,
    HIP_FLEXOR_MOBILITY,
    KNEE_DOMINANT,
    POSTERIOR,
    POWER,
    SECOND_SIDE,
    Slot,
)
from gluterx.domain.said import Reason, said
from gluterx.domain.schedule import UNTRACKED_SLOTS, ScheduledSession, load_ceiling
from gluterx.domain.screening import Screening

__all__ = [
    "CHANGE_PARTS",
    "KINDS",
    "SLOTS",
    "AddItem",
    "Addable",
    "Adjusted",
    "Adjustment",
    "Alternative",
    "Author",
    "AuthorKind",
    "Change",
    "ChangeParts",
    "Fit",
    "ItemNote",
    "Lock",
    "Misfit",
    "MoveSession",
    "Scope",
    "SetDose",
    "SkipItem",
    "SkipSession",
    "Swap",
    "Undo",
    "addable",
    "added_dose",
    "alternatives",
    "apply_adjustments",
    "change_of",
    "change_parts",
    "changed_on_its_day",
    "dose_misfits",
    "doses_on",
    "in_force",
    "item_notes_on",
    "kind_of",
    "locked_on",
    "slot_for",
    "swappable",
]


class AuthorKind(StrEnum):
    """Who made a change: the person themself, or (issue 16) a clinician account caring for them."""

    PERSON = "person"
    CLINICIAN = "clinician"


@dataclass(frozen=True, slots=True)
class Author:
    kind: AuthorKind
    id: int  # the person's id, or the clinician's account id


class Scope(StrEnum):
    """How far a swap reaches: that day's session only, or that session and every later one with the exercise."""

    ONCE = "once"
    ONWARD = "onward"

    def reaches(self, on: date, day: date) -> bool:
        """Whether a change to the session on `on` reaches the session on `day`: that one, and ONWARD every later."""
        return day == on or (self is Scope.ONWARD and day > on)


@dataclass(frozen=True, slots=True)
class Swap:
    """`from_id` becomes `to_id` in the session on `on` (and, ONWARD, in every later session that plans it)."""

    on: date
    from_id: str
    to_id: str
    scope: Scope = Scope.ONWARD


@dataclass(frozen=True, slots=True)
class SkipItem:
    """Leave `exercise_id` out of the session on `on`."""

    on: date
    exercise_id: str


@dataclass(frozen=True, slots=True)
class SkipSession:
    """Leave out the whole session on `on`."""

    on: date


@dataclass(frozen=True, slots=True)
class MoveSession:
    """Do the session planned on `from_date` on `to_date` instead."""

    from_date: date
    to_date: date


@dataclass(frozen=True, slots=True)
class Undo:
    """Take back an earlier adjustment (by its id); the log keeps both."""

    adjustment_id: int


@dataclass(frozen=True, slots=True)
class ItemNote:
    """A note on `exercise_id` in the session on `on` (ONWARD: and in every later session that plans it), for the
    person to read beside the exercise's cues (issue 16: written by their clinician)."""

    on: date
    exercise_id: str
    text: str
    scope: Scope = Scope.ONWARD


@dataclass(frozen=True, slots=True)
class Lock:
    """From `on` on, `exercise_id` keeps its dose: the engine's automatic progression is off for it (`locked`), or
    on again (`locked=False`). The pain and safety rules still ease it (issue 16: set by the clinician)."""

    on: date
    exercise_id: str
    locked: bool = True


@dataclass(frozen=True, slots=True)
class SetDose:
    """From `on` (ONCE: that session only) `exercise_id` is done at `dose` (issue 16: set by the clinician): the item
    shows it, and it takes the place of the engine's last word for the exercise until the person logs it on or
    after `on`; the engine then steps on from it (unless a `Lock` keeps it)."""

    on: date
    exercise_id: str
    dose: Dose
    scope: Scope = Scope.ONWARD


@dataclass(frozen=True, slots=True)
class AddItem:
    """`exercise_id` is added to the strength session on `on` (ONWARD: and to every later strength session it fits
    and does not already hold), in the slot `slot_for` gives it, at `dose`; without a dose, at the planner's dose for
    the exercise in each session's phase. The engine then tracks it under its own id (issue 16: by the clinician)."""

    on: date
    exercise_id: str
    dose: Dose | None = None
    scope: Scope = Scope.ONWARD


Change = Swap | SkipItem | SkipSession | MoveSession | Undo | ItemNote | Lock | SetDose | AddItem

# The stored kind of each change (machine words; the store and the API use them).
KINDS: dict[type[object], str] = {
    Swap: "swap",
    SkipItem: "skip_item",
    SkipSession: "skip_session",
    MoveSession: "move_session",
    Undo: "undo",
    ItemNote: "item_note",
    Lock: "lock",
    SetDose: "set_dose",
    AddItem: "add_item",
}


def kind_of(change: Change) -> str:
    return KINDS[type(change)]


@dataclass(frozen=True, slots=True)
class Adjustment:
    """One entry of the log: the change, who made it, why, and when."""

    id: int
    change: Change
    author: Author
    reason: str
    created_at: datetime

    @property
    def kind(self) -> str:
        return kind_of(self.change)


# The parts each kind of change has, in this order (an added item's dose may be None: the planner's dose).
CHANGE_PARTS: dict[str, tuple[str, ...]] = {
    "swap": ("on", "exercise_id", "to_exercise_id", "scope"),
    "skip_item": ("on", "exercise_id"),
    "skip_session": ("on",),
    "move_session": ("on", "to"),
    "undo": ("undoes",),
    "item_note": ("on", "exercise_id", "text", "scope"),
    "lock": ("on", "exercise_id", "locked"),
    "set_dose": ("on", "exercise_id", "dose", "scope"),
    "add_item": ("on", "exercise_id", "dose", "scope"),
}


@dataclass(frozen=True, slots=True)
class ChangeParts:
    """A change as flat parts under one set of names, for every place that keeps the log flat (the store's row, a
    backup's entry): its kind, and the parts that kind has (the others None). A swap's `exercise_id` is the one
    swapped out, a move's `on` the day it leaves and `to` the day it goes to, an undo's `undoes` the id it takes back.
    """

    kind: str
    on: date | None = None
    to: date | None = None
    exercise_id: str | None = None
    to_exercise_id: str | None = None
    scope: Scope | None = None
    undoes: int | None = None
    text: str | None = None
    locked: bool | None = None
    dose: Dose | None = None


def change_parts(change: Change) -> ChangeParts:
    """`change` as its flat parts (`change_of` makes it again)."""
    kind = kind_of(change)
    match change:
        case Swap(on=on, from_id=from_id, to_id=to_id, scope=scope):
            return ChangeParts(kind, on, exercise_id=from_id, to_exercise_id=to_id, scope=scope)
        case SkipItem(on=on, exercise_id=exercise_id):
            return ChangeParts(kind, on, exercise_id=exercise_id)
        case SkipSession(on=on):
            return ChangeParts(kind, on)
        case MoveSession(from_date=from_date, to_date=to_date):
            return ChangeParts(kind, from_date, to=to_date)
        case Undo(adjustment_id=adjustment_id):
            return ChangeParts(kind, undoes=adjustment_id)
        case ItemNote(on=on, exercise_id=exercise_id, text=text, scope=scope):
            return ChangeParts(kind, on, exercise_id=exercise_id, text=text, scope=scope)
        case Lock(on=on, exercise_id=exercise_id, locked=locked):
            return ChangeParts(kind, on, exercise_id=exercise_id, locked=locked)
        case SetDose(on=on, exercise_id=exercise_id, dose=dose, scope=scope):
            return ChangeParts(kind, on, exercise_id=exercise_id, scope=scope, dose=dose)
        case AddItem(on=on, exercise_id=exercise_id, dose=dose, scope=scope):
            return ChangeParts(kind, on, exercise_id=exercise_id, scope=scope, dose=dose)
    raise TypeError(f"not a change: {change!r}")


def change_of(parts: ChangeParts) -> Change:
    """The change its parts make (a scope not given: ONWARD, an added item's dose not given: the planner's);
    ValueError when the kind is unknown or a part it needs is missing."""
    p, scope = parts, parts.scope or Scope.ONWARD
    match p.kind:
        case "swap":
            return Swap(_needed(p, "on"), _needed(p, "exercise_id"), _needed(p, "to_exercise_id"), scope)
        case "skip_item":
            return SkipItem(_needed(p, "on"), _needed(p, "exercise_id"))
        case "skip_session":
            return SkipSession(_needed(p, "on"))
        case "move_session":
            return MoveSession(_needed(p, "on"), _needed(p, "to"))
        case "undo":
            return Undo(_needed(p, "undoes"))
        case "item_note":
            return ItemNote(_needed(p, "on"), _needed(p, "exercise_id"), _needed(p, "text"), scope)
        case "lock":
            return Lock(_needed(p, "on"), _needed(p, "exercise_id"), _needed(p, "locked"))
        case "set_dose":
            return SetDose(_needed(p, "on"), _needed(p, "exercise_id"), _needed(p, "dose"), scope)
        case "add_item":
            return AddItem(_needed(p, "on"), _needed(p, "exercise_id"), p.dose, scope)
    raise ValueError(f"unknown kind of change {p.kind!r}")


def _needed(parts: ChangeParts, name: str) -> Any:
    value = getattr(parts, name)
    if value is None:
        raise ValueError(f"a {parts.kind} change needs its {name}, which is missing")
    return value


def in_force(adjustments: Iterable[Adjustment]) -> list[Adjustment]:
    """The adjustments that still hold, oldest first: not undone, and not an undo themselves."""
    ordered = sorted(adjustments, key=lambda a: (a.created_at, a.id))
    undone = {a.change.adjustment_id for a in ordered if isinstance(a.change, Undo)}
    return [a for a in ordered if not isinstance(a.change, Undo) and a.id not in undone]


# Every slot the planner fills, by its key (a planned item names its slot by key).
SLOTS: dict[str, Slot] = {
    s.key: s
    for s in (
        HIP_EXTENSION,
        ABDUCTION_ROTATION,
        SECOND_SIDE,
        KNEE_DOMINANT,
        HINGE,
        POSTERIOR,
        POWER,
        HIP_FLEXOR_MOBILITY,
        GLUTE_MOBILITY,
        BALANCE,
    )
}


@dataclass(frozen=True, slots=True)
class Fit:
    """What an exercise must fit to go in a person's plan: their equipment and screening, each phase's dosing."""

    library: Library
    screening: Screening
    equipment: frozenset[Equipment]
    phases: Mapping[int, PhaseSpec]

    def allows(self, ex: Exercise, phase: int) -> bool:
        """The person owns what it needs and nothing in their screening rules it out in `phase`."""
        return ex.chain != DAILY_LIFE_CHAIN and ex.fits_equipment(self.equipment) and self.screening.allows(ex, phase)


def swappable(session_kind_optional: bool, item: PlanItem) -> bool:
    """Whether a planned item can be swapped: a training item of a strength session (not a daily habit, not an
    activity day) whose slot the planner knows."""
    return not session_kind_optional and item.slot not in UNTRACKED_SLOTS and item.slot in SLOTS


def _swapped_item(item: PlanItem, to: Exercise, frm: Exercise, phase: PhaseSpec, author: Author) -> PlanItem:
    dose = dose_for(to, phase, item.dose.sets)
    clinician = author.kind is not AuthorKind.PERSON
    reason = Reason.of(
        said("swapped_in", name=to.name, was=frm.name, clinician=clinician, purpose=SLOTS[item.slot].purpose)
    )
    sources = tuple(dict.fromkeys((*item.sources, "gluterx_policy")))
    return PlanItem(to.id, dose, reason, sources, item.slot, dose_seconds(to, dose))


@dataclass(frozen=True, slots=True)
class Adjusted:
    """The plan to follow: `sessions` with every adjustment in force applied (skipped ones left out, moved ones on
    their new day, soonest first), `skipped` the sessions left out, and `notes` which adjustments shaped the session
    now on each day (what "changed by you on ..." notes read)."""

    sessions: tuple[ScheduledSession, ...]
    skipped: tuple[ScheduledSession, ...]
    notes: Mapping[date, tuple[Adjustment, ...]]


def changed_on_its_day(session: ScheduledSession, adjustments: Iterable[Adjustment], fit: Fit) -> ScheduledSession:
    """`session` shown on its date in place of the one planned there (an earlier phase's session, kept until the
    next phase is earned) with the changes to items in force that reach that date: swaps, skipped items, set doses
    and added exercises; so what the person or their clinician changed on a day is what that day shows."""
    items = [a for a in in_force(adjustments) if isinstance(a.change, Swap | SkipItem | SetDose | AddItem)]
    changed = apply_adjustments([session], items, fit).sessions
    return changed[0] if changed else session


def _with_items(session: ScheduledSession, items: Sequence[PlanItem]) -> ScheduledSession:
    """The session with `items`, its estimated minutes moved by the time they add or take away."""
    change = sum(i.seconds for i in items) - sum(i.seconds for i in session.items)
    return replace(session, items=tuple(items), minutes=round(session.minutes + change / 60, 1))


def _redated(session: ScheduledSession, to: date) -> ScheduledSession:
    """The session on `to`: its week and weekday of the programme follow the date; its phase stays its own."""
    start = session.date - timedelta(days=7 * (session.week - 1) + session.day - 1)
    offset = (to - start).days
    return replace(session, date=to, week=offset // 7 + 1, day=offset % 7 + 1)


def apply_adjustments(sessions: Sequence[ScheduledSession], adjustments: Iterable[Adjustment], fit: Fit) -> Adjusted:
    """The planned `sessions` (domain.schedule.ScheduledSession) with the adjustments in force applied, oldest
    first. A change that no longer fits is passed over, never half-applied: a swap to an exercise the person's
    screening or equipment rules out in that session's phase, or that is already in it; a move onto a day that
    already has a session; anything naming a day with no session; an exercise added to an activity day, to a session
    that holds it, or where the screening or the equipment rules it out. So the adjusted plan keeps every precaution."""
    by_day = {s.date: s for s in sessions}
    skipped: list[ScheduledSession] = []
    notes: dict[date, list[Adjustment]] = {}
    for adj in in_force(adjustments):
        change = adj.change
        if isinstance(change, MoveSession):
            moved = by_day.get(change.from_date)
            if moved is None or change.to_date in by_day:
                continue
            del by_day[change.from_date]
            by_day[change.to_date] = _redated(moved, change.to_date)
            notes[change.to_date] = [*notes.pop(change.from_date, []), adj]
        elif isinstance(change, SkipSession):
            gone = by_day.pop(change.on, None)
            if gone is not None:
                skipped.append(gone)
                notes.pop(change.on, None)
        elif isinstance(change, SkipItem):
            session = by_day.get(change.on)
            if session is None or all(i.exercise_id != change.exercise_id for i in session.items):
                continue
            kept = tuple(i for i in session.items if i.exercise_id != change.exercise_id)
            by_day[change.on] = _with_items(session, kept)
            notes.setdefault(change.on, []).append(adj)
        elif isinstance(change, Swap | SetDose | AddItem):
            for day in sorted(d for d in by_day if change.scope.reaches(change.on, d)):
                changed = _changed_items(by_day[day], change, fit, adj.author)
                if changed is not None:
                    by_day[day] = changed
                    notes.setdefault(day, []).append(adj)
        elif isinstance(change, ItemNote | Lock):
            reach = Scope.ONWARD if isinstance(change, Lock) else change.scope
            for day in sorted(d for d in by_day if reach.reaches(change.on, d)):
                if any(i.exercise_id == change.exercise_id for i in by_day[day].items):
                    notes.setdefault(day, []).append(adj)
    return Adjusted(
        tuple(by_day[d] for d in sorted(by_day)),
        tuple(sorted(skipped, key=lambda s: s.date)),
        {d: tuple(n) for d, n in notes.items() if d in by_day},
    )


def _changed_items(
    session: ScheduledSession, change: Swap | SetDose | AddItem, fit: Fit, author: Author
) -> ScheduledSession | None:
    """The session with a change to its items applied, or None where it does not fit there."""
    if isinstance(change, Swap):
        return _swap_in(session, change, fit, author)
    if isinstance(change, SetDose):
        return _dosed(session, change, fit)
    return _added(session, change, fit, author)


def slot_for(ex: Exercise) -> Slot | None:
    """The slot an added exercise fills (the first of the planner's slots that accepts it): what it is there for,
    how many sets it gets and whose activation counts; None for what no slot takes (a walk, a daily habit)."""
    if BALANCE.accepts(ex):  # a held stance is balance practice before it is side-glute work
        return BALANCE
    return next((slot for slot in SLOTS.values() if slot.accepts(ex)), None)


def added_dose(ex: Exercise, slot: Slot, phase: PhaseSpec) -> Dose:
    """The planner's dose for an added exercise in a phase: the sets its slot gets there, the phase's work and load."""
    return dose_for(ex, phase, sets_for(slot, ex, phase))


def _added(session: ScheduledSession, change: AddItem, fit: Fit, author: Author) -> ScheduledSession | None:
    """The session with `change.exercise_id` added after its training items, or None when it does not fit there."""
    if session.optional or change.exercise_id not in fit.library:
        return None
    if any(i.exercise_id == change.exercise_id for i in session.items):
        return None
    ex, phase = fit.library.get(change.exercise_id), fit.phases.get(session.phase)
    slot = slot_for(ex)
    if phase is None or slot is None or not fit.allows(ex, session.phase):
        return None
    dose = change.dose if change.dose is not None else added_dose(ex, slot, phase)
    clinician = author.kind is not AuthorKind.PERSON
    reason = Reason.of(said("added", name=ex.name, clinician=clinician, purpose=slot.purpose))
    item = PlanItem(ex.id, dose, reason, ("gluterx_policy",), slot.key, dose_seconds(ex, dose))
    at = max((n + 1 for n, i in enumerate(session.items) if i.slot not in UNTRACKED_SLOTS), default=0)
    return _with_items(session, (*session.items[:at], item, *session.items[at:]))


def _dosed(session: ScheduledSession, change: SetDose, fit: Fit) -> ScheduledSession | None:
    """The session with `change.exercise_id` at the set dose (its time estimated anew), or None without it."""
    if all(i.exercise_id != change.exercise_id for i in session.items) or change.exercise_id not in fit.library:
        return None
    ex = fit.library.get(change.exercise_id)
    items = tuple(
        replace(i, dose=change.dose, seconds=dose_seconds(ex, change.dose))
        if i.exercise_id == change.exercise_id
        else i
        for i in session.items
    )
    return _with_items(session, items)


def _swap_in(session: ScheduledSession, change: Swap, fit: Fit, author: Author) -> ScheduledSession | None:
    if change.from_id not in fit.library or change.to_id not in fit.library:
        return None
    if any(i.exercise_id == change.to_id for i in session.items):
        return None
    to, frm = fit.library.get(change.to_id), fit.library.get(change.from_id)
    phase = fit.phases.get(session.phase)
    if phase is None or not fit.allows(to, session.phase):
        return None
    items = []
    done = False
    for item in session.items:
        if not done and item.exercise_id == change.from_id and swappable(session.optional, item):
            slot = SLOTS[item.slot]
            if not slot.accepts(to):
                return None
            items.append(_swapped_item(item, to, frm, phase, author))
            done = True
        else:
            items.append(item)
    if not done:
        return None
    return _with_items(session, items)


@dataclass(frozen=True, slots=True)
class Alternative:
    """A candidate for a planned item, with what makes it fit, in plain words, and its figures."""

    exercise_id: str
    name: str
    reasons: tuple[str, ...]
    activation_percent: float  # the library's figure for the slot's muscle (measured, rated or our estimate)
    measured: bool  # a checked %MVIC figure for this muscle, not a rating or our estimate
    level: int
    sources: tuple[str, ...]


_PATTERN_WORDS: dict[Pattern, str] = {
    Pattern.HIP_EXTENSION: "hip-extension",
    Pattern.HIP_ABDUCTION: "side-glute (hip abduction)",
    Pattern.HIP_EXTERNAL_ROTATION: "hip-rotation",
    Pattern.SQUAT: "squat",
    Pattern.LUNGE: "lunge",
    Pattern.HINGE: "hip-hinge",
    Pattern.STEP: "step-up",
    Pattern.CARRY: "carry",
    Pattern.MOBILITY: "stretching",
    Pattern.LOCOMOTION: "walking",
    Pattern.PELVIC_FLOOR: "pelvic-floor",
}
_POSITION_WORDS: dict[Position, str] = {
    Position.STANDING: "done standing",
    Position.SUPINE: "done lying on your back",
    Position.PRONE: "done lying face down",
    Position.SIDE_LYING: "done lying on your side",
    Position.QUADRUPED: "done on hands and knees",
    Position.KNEELING: "done kneeling",
    Position.HALF_KNEELING: "done half-kneeling",
    Position.SEATED: "done seated",
}


def _equipment_words(ex: Exercise) -> str:
    if not ex.equipment:
        return "needs no equipment"
    if ex.equipment <= BANDS:
        return "needs only a band"
    names = sorted(e.value.replace("_", " ") for e in ex.equipment)
    return "uses your " + " and ".join(names)


def alternatives(session: ScheduledSession, exercise_id: str, fit: Fit, *, limit: int = 6) -> tuple[Alternative, ...]:
    """The library's exercises that can take `exercise_id`'s place in `session` (a ScheduledSession), best first.

    A candidate fills the same slot (its movement pattern and muscle), needs only what the person owns, is allowed
    by their screening in the session's phase (every precaution), is no harder than the phase reaches, uses no
    heavier kind of load than the block (bodyweight, then bands, then weights), and is not already in the session.
    Ranked: the same movement first, then the slot muscle's activation, then the nearest level.
    """
    item = next((i for i in session.items if i.exercise_id == exercise_id), None)
    if item is None or not swappable(session.optional, item) or exercise_id not in fit.library:
        return ()
    slot = SLOTS[item.slot]
    phase = fit.phases.get(session.phase)
    if phase is None:
        return ()
    current = fit.library.get(exercise_id)
    ceiling = max(load_ceiling(session, fit.library).rank, current.load_type.rank)
    in_session = {i.exercise_id for i in session.items}
    max_level = max(phase.max_level, current.level)
    ranked = []
    for ex in fit.library:
        if ex.id in in_session or not slot.accepts(ex) or not fit.allows(ex, session.phase):
            continue
        if ex.level > max_level or ex.load_type.rank > ceiling:
            continue
        act = fit.library.activation(ex.id, slot.muscle_group)
        same = [p for p in current.patterns if p in ex.patterns]
        ranked.append((not same, -act.percent, abs(ex.level - current.level), ex.id, ex, act, same))
    ranked.sort(key=lambda t: t[:4])
    out = []
    for _, _, _, _, ex, act, same in ranked[:limit]:
        muscle = _MUSCLE_WORDS[slot.muscle_group]
        work = f"same {_PATTERN_WORDS[same[0]]} work" if same else f"works the {muscle} in the same part of the session"
        reasons = [f"{work}, {_equipment_words(ex)}", _activation_words(act, muscle)]
        if ex.level < current.level:
            reasons.append("a little easier")
        elif ex.level > current.level:
            reasons.append("a little harder")
        else:
            reasons.append("about as hard")
        reasons.append(_POSITION_WORDS[ex.position])
        if fit.screening.precautions:
            reasons.append("suits the health conditions you told us about")
        out.append(
            Alternative(
                ex.id,
                ex.name,
                tuple(reasons),
                round(act.percent, 1),
                act.measured,
                ex.level,
                tuple(dict.fromkeys((*act.sources, "gluterx_policy"))),
            )
        )
    return tuple(out)


_MUSCLE_WORDS = {"gmed": "gluteus medius", "gmax": "gluteus maximus"}


def _activation_words(act: Activation, muscle: str) -> str:
    how_hard = f"about {act.percent:.0f}% of a maximal {muscle} contraction"
    if act.measured:
        return f"{how_hard} in studies"
    if act.published:
        return f"rated {act.band.words} {muscle} work in a review"
    return f"{how_hard}, our estimate"


@dataclass(frozen=True, slots=True)
class Addable:
    """An exercise that can be added to a session: the slot it would fill (what it is there for), why it suits the
    person, in plain words, its figures, and the planner's dose for it in the session's phase."""

    exercise_id: str
    name: str
    slot: str  # the key of the slot it fills (SLOTS), to group the choices by what they are for
    purpose: str  # the slot's purpose in words
    reasons: tuple[str, ...]
    activation_percent: float
    measured: bool
    level: int
    sources: tuple[str, ...]
    dose: Dose


def addable(session: ScheduledSession, fit: Fit) -> tuple[Addable, ...]:
    """The library's exercises that can be added to `session`, grouped by the slot they fill (in the planner's
    order), best first within each: a slot takes them, the person owns what they need, their screening allows them
    in the session's phase (every precaution), no harder than the phase reaches, no heavier kind of load than the
    block, and not already in the session. An activity day takes none."""
    phase = fit.phases.get(session.phase)
    if session.optional or phase is None:
        return ()
    ceiling = load_ceiling(session, fit.library).rank
    in_session = {i.exercise_id for i in session.items}
    order = {key: n for n, key in enumerate(SLOTS)}
    ranked = []
    for ex in fit.library:
        slot = slot_for(ex)
        if slot is None or ex.id in in_session or not fit.allows(ex, session.phase):
            continue
        if ex.level > phase.max_level or ex.load_type.rank > ceiling:
            continue
        act = fit.library.activation(ex.id, slot.muscle_group)
        ranked.append((order[slot.key], -act.percent, ex.level, ex.id, ex, slot, act))
    ranked.sort(key=lambda t: t[:4])
    out = []
    for *_, ex, slot, act in ranked:
        muscle = _MUSCLE_WORDS[slot.muscle_group]
        if ex.category is Category.MOBILITY:
            reasons = [f"a gentle stretch, {_equipment_words(ex)}"]
        elif slot is BALANCE:
            reasons = [f"balance practice, {_equipment_words(ex)}"]
        else:
            what = f"{_PATTERN_WORDS[ex.patterns[0]]} work" if ex.patterns else "work"
            reasons = [f"{what} for the {muscle}, {_equipment_words(ex)}", _activation_words(act, muscle)]
        reasons += [f"level {ex.level} (this phase goes up to {phase.max_level})", _POSITION_WORDS[ex.position]]
        if fit.screening.precautions:
            reasons.append("suits the health conditions you told us about")
        sources = tuple(dict.fromkeys((*act.sources, "gluterx_policy")))
        out.append(
            Addable(
                ex.id, ex.name, slot.key, slot.purpose, tuple(reasons), round(act.percent, 1), act.measured, ex.level,
                sources, added_dose(ex, slot, phase),
            )
        )  # fmt: skip
    return tuple(out)


class Misfit(StrEnum):
    """How a dose does not fit an exercise (the library's fields say what it takes)."""

    WEIGHT = "weight"  # a weight in kg on an exercise that uses no weights (dumbbells, kettlebell, barbell, cable)
    BAND = "band"  # a band on an exercise that uses none
    HOLD = "hold"  # a timed hold on an exercise done in repetitions
    REPS = "reps"  # repetitions on an exercise done as a timed hold
    MINUTES = "minutes"  # reps or a hold on an activity done for minutes


def dose_misfits(ex: Exercise, dose: Dose) -> tuple[Misfit, ...]:
    """What in `dose` does not fit `ex`: its load's kind against the exercise's equipment, its work against how the
    exercise is measured (repetitions, a hold, minutes). Empty when it fits."""
    out: list[Misfit] = []
    if dose.load.kind is LoadKind.KG and not ex.equipment & WEIGHTS:
        out.append(Misfit.WEIGHT)
    if dose.load.kind is LoadKind.BAND and not ex.equipment & BANDS:
        out.append(Misfit.BAND)
    if ex.dose is Measure.MINUTES and not isinstance(dose.work, Duration):
        out.append(Misfit.MINUTES)
    elif isinstance(dose.work, Hold) and ex.dose is not Measure.SECONDS:
        out.append(Misfit.HOLD)
    elif isinstance(dose.work, RepRange) and ex.dose is not Measure.REPS:
        out.append(Misfit.REPS)
    return tuple(out)


def item_notes_on(adjusted: Adjusted, day: date) -> dict[str, tuple[Adjustment, ...]]:
    """The notes in force on each exercise of the session on `day`, oldest first, by exercise id."""
    found: dict[str, list[Adjustment]] = {}
    for adj in adjusted.notes.get(day, ()):
        if isinstance(adj.change, ItemNote):
            found.setdefault(adj.change.exercise_id, []).append(adj)
    return {k: tuple(v) for k, v in found.items()}


def locked_on(adjustments: Iterable[Adjustment], day: date) -> frozenset[str]:
    """The exercises whose automatic progression is off on `day`: the newest lock in force from on or before `day`
    decides each (a later "allow" turns it back on)."""
    state: dict[str, bool] = {}
    for adj in in_force(adjustments):  # oldest first: the newest wins
        if isinstance(adj.change, Lock) and adj.change.on <= day:
            state[adj.change.exercise_id] = adj.change.locked
    return frozenset(k for k, v in state.items() if v)


def doses_on(adjustments: Iterable[Adjustment], day: date) -> dict[str, Adjustment]:
    """The dose set in force on `day` for each exercise (the newest that reaches that day), by exercise id: a set
    dose, or the dose an exercise was added at."""
    found: dict[str, Adjustment] = {}
    for adj in in_force(adjustments):  # oldest first: the newest wins
        change = adj.change
        if isinstance(change, AddItem) and change.dose is None:
            continue  # the planner's dose: the engine's word for the exercise stands
        if isinstance(change, SetDose | AddItem) and change.scope.reaches(change.on, day):
            found[change.exercise_id] = adj
    return found
