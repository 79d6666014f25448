"""Building the programme: blocks of weeks, each session's items fitted to the time, activity days, sitting
breaks, and the whole programme week by week.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from gluterx.domain.dose import Dose, Hold, Load
from gluterx.domain.exercise import Category, Library, LoadType, Pattern
from gluterx.domain.planner.dosing import SETUP_SECONDS, dose_for, item_seconds, sets_for
from gluterx.domain.planner.phases import phase_lengths, phase_specs
from gluterx.domain.planner.program import ACTIVITY_KIND, PhaseSpec, PlanItem, PlannedSession, PlanWeek, Program
from gluterx.domain.planner.reasons import reason_for
from gluterx.domain.planner.selection import Block, choose
from gluterx.domain.planner.slots import (
    ABDUCTION_ROTATION,
    BALANCE,
    HIP_EXTENSION,
    SITTING_HOURS_FOR_MOBILITY,
    Slot,
    session_slots,
)
from gluterx.domain.precautions import Addition, needs
from gluterx.domain.profile import Experience, Goal, Profile
from gluterx.domain.said import Reason, said
from gluterx.domain.screening import Screening, screen
from gluterx.domain.thresholds import DELOAD_VOLUME_PERCENT, NOVICE_SETS

__all__ = [
    "ACTIVITY_GOALS",
    "ACTIVITY_MINUTES_MAX",
    "PELVIC_FLOOR_SLOT",
    "SITTING_BREAK_HOLD_SECONDS",
    "SITTING_BREAK_ID",
    "SITTING_BREAK_SLOT",
    "SITTING_BREAK_SQUEEZES",
    "SWIMMING_ID",
    "TRAINING_DAYS",
    "WALKING_ID",
    "plan_program",
    "programme_days",
]

SITTING_BREAK_ID = "standing_glute_squeeze"
SITTING_BREAK_SLOT = "sitting_break"  # a daily habit between sessions: the engine does not progress it
PELVIC_FLOOR_SLOT = "pelvic_floor"  # a daily habit a precaution adds: the engine does not progress it either
# Ten slow squeezes of up to ten seconds, with a few quick ones, three times a day (nice_ng210, gluterx_policy).
PELVIC_FLOOR_SQUEEZES = 10
PELVIC_FLOOR_HOLD_SECONDS = 10
PELVIC_FLOOR_SECONDS = 180.0  # the session time the squeezes take, rests included
SITTING_BREAK_SQUEEZES = 10  # ten squeezes of five seconds, every 30-60 minutes of sitting (gluterx_policy)
SITTING_BREAK_HOLD_SECONDS = 5
WALKING_ID = "walking"
SWIMMING_ID = "swimming"
ACTIVITY_GOALS = frozenset({Goal.FAT_LOSS, Goal.BONE_HEALTH, Goal.PAIN_RELIEF})
ACTIVITY_MINUTES_MAX = 40

# Training days for n sessions a week: >= 48 h apart where the week allows it (recovery_hours, garber2011).
TRAINING_DAYS: dict[int, tuple[int, ...]] = {
    1: (1,),
    2: (1, 4),
    3: (1, 3, 5),
    4: (1, 2, 4, 5),
    5: (1, 2, 3, 5, 6),
    6: (1, 2, 3, 4, 5, 6),
}


def _blocks(profile: Profile, screening: Screening) -> list[Block]:
    specs = phase_specs(profile, conservative=screening.conservative)
    lengths = phase_lengths(profile.weeks, conservative=screening.conservative)
    blocks: list[Block] = []
    week = 1
    for spec, length in zip(specs, lengths, strict=False):
        weeks = tuple(range(week, week + length))
        week += length
        if spec.key == "activation" and length >= 2:
            half = (length + 1) // 2
            blocks.append(Block(spec, weeks[:half], LoadType.BODYWEIGHT, 1, max(1, spec.max_level - 1)))
            blocks.append(Block(spec, weeks[half:], LoadType.BAND, spec.max_level, spec.max_level))
        elif spec.key == "activation":
            blocks.append(Block(spec, weeks, LoadType.BODYWEIGHT, 1, spec.max_level))
        else:
            blocks.append(Block(spec, weeks, LoadType.WEIGHTS, spec.max_level, spec.max_level))
    return blocks


def _template(
    block: Block,
    template: int,
    profile: Profile,
    screening: Screening,
    library: Library,
    avoid: set[str],
) -> list[_Templated]:
    """One session's items for a block, fitted to the stated minutes at the block's highest weekly volume."""
    budget: float = profile.minutes_per_session * 60
    if needs(screening.precautions, Addition.PELVIC_FLOOR):
        budget -= PELVIC_FLOOR_SECONDS  # the pelvic-floor squeezes end every session (_pelvic_floor)
    phase = block.phase
    items: list[_Templated] = []
    taken: set[str] = set()
    used = 0.0
    slots = session_slots(phase, template, profile, screening)
    reserve = _required_reserve(slots, block, profile, screening, library, avoid, budget)
    for slot in slots:
        reserve.pop(slot.key, None)
        room = budget - used - sum(reserve.values())  # keep time for the required slots still to come
        choice = choose(slot, block, profile, screening, library, taken, avoid)
        if choice is None:
            continue
        ex, rank, pool = choice
        sets = sets_for(slot, ex, phase)
        rises = _rises(block) and ex.category is not Category.MOBILITY and sets < _max_sets(profile)
        peak_sets = sets + (1 if rises else 0)
        cost = item_seconds(ex, phase, peak_sets)
        while cost > room and peak_sets > 1:  # fewer sets before leaving an exercise out
            peak_sets -= 1
            sets = min(sets, peak_sets)
            rises = peak_sets > sets
            cost = item_seconds(ex, phase, peak_sets)
        if cost > room:
            continue
        used += cost
        taken.add(ex.id)
        reason, sources = reason_for(ex, slot, block, profile, library, rank, pool)
        items.append(
            _Templated(
                rises,
                PlanItem(
                    ex.id,
                    dose_for(ex, phase, sets),
                    reason,
                    sources,
                    slot.key,
                    item_seconds(ex, phase, sets),
                ),
            )
        )
    return items


def _required_reserve(
    slots: list[Slot],
    block: Block,
    profile: Profile,
    screening: Screening,
    library: Library,
    avoid: set[str],
    budget: float,
) -> dict[str, float]:
    """The least time (one set) each required slot's likely choice needs, so earlier items leave room for it.

    Slots come in priority order (hip extension and abduction/rotation first, every session). When one set of each
    required slot does not fit the minutes, the later ones get no reserve and take only what time is left: a
    precaution's slot (balance practice) must never squeeze the hip extension out of a short session."""
    reserve: dict[str, float] = {}
    taken: set[str] = set()
    for slot in slots:
        if not slot.required:
            continue
        choice = choose(slot, block, profile, screening, library, taken, avoid)
        if choice is not None:
            seconds = item_seconds(choice[0], block.phase, 1)
            if sum(reserve.values()) + seconds > budget:
                continue
            taken.add(choice[0].id)
            reserve[slot.key] = seconds
    return reserve


@dataclass(frozen=True, slots=True)
class _Templated:
    """A block's item with whether its sets may rise in the second half of the block (the time was checked)."""

    rises: bool
    item: PlanItem


def _max_sets(profile: Profile) -> int:
    """Novices do 1-3 sets (acsm2009); trained people may go to four."""
    return int(NOVICE_SETS.top) + (1 if profile.experience.rank >= Experience.INTERMEDIATE.rank else 0)


def _rises(block: Block) -> bool:
    """Volume rises in the second half of a phase when the block spans at least three weeks."""
    return len(block.weeks) >= 3


def _sitting_break(profile: Profile, library: Library, phase: PhaseSpec) -> PlanItem | None:
    if profile.sitting_hours_per_day < SITTING_HOURS_FOR_MOBILITY or SITTING_BREAK_ID not in library:
        return None
    ex = library.get(SITTING_BREAK_ID)
    reason = Reason.of(said("sitting_break", name=ex.name), said("sitting_hours", hours=profile.sitting_hours_per_day))
    return PlanItem(
        ex.id,
        Dose(1, Hold(SITTING_BREAK_HOLD_SECONDS, reps=SITTING_BREAK_SQUEEZES)),
        reason,
        (*library.activation(ex.id).sources, "gluterx_policy"),
        SITTING_BREAK_SLOT,
        0.0,
    )


def _pelvic_floor(profile: Profile, library: Library, screening: Screening) -> PlanItem | None:
    """The pelvic-floor squeezes a precaution asks for (pregnancy, after birth), in every strength session."""
    if not needs(screening.precautions, Addition.PELVIC_FLOOR):
        return None
    ex = next((e for e in library if Pattern.PELVIC_FLOOR in e.patterns), None)
    if ex is None:
        return None
    reason = Reason.of(said("pelvic_floor", name=ex.name), said("pelvic_floor_how"))
    sources = tuple(
        dict.fromkeys(s for p in screening.precautions if Addition.PELVIC_FLOOR in p.adds for s in p.sources)
    )
    dose = Dose(1, Hold(PELVIC_FLOOR_HOLD_SECONDS, reps=PELVIC_FLOOR_SQUEEZES))
    return PlanItem(ex.id, dose, reason, sources, PELVIC_FLOOR_SLOT, PELVIC_FLOOR_SECONDS)


def _week_items(template: list[_Templated], block: Block, week: int, deload: bool) -> tuple[PlanItem, ...]:
    index = block.weeks.index(week)
    second_half = _rises(block) and index >= len(block.weeks) // 2
    out = []
    for entry in template:
        item = entry.item
        planned = item.dose.sets
        sets = planned
        reason = item.reason
        if item.slot not in ("mobility", "mobility_2"):
            if deload:
                sets = max(1, round(sets * DELOAD_VOLUME_PERCENT.value / 100))
                if sets < planned:
                    reason += Reason.of(said("week_lighter"))
            elif second_half and entry.rises:
                sets += 1
                reason += Reason.of(said("week_more"))
        if sets == planned and reason == item.reason:
            out.append(item)
            continue
        seconds = SETUP_SECONDS + (item.seconds - SETUP_SECONDS) * sets / planned
        out.append(replace(item, dose=replace(item.dose, sets=sets), reason=reason, seconds=seconds))
    return tuple(out)


def _activity_session(
    day: int, profile: Profile, library: Library, block: Block, screening: Screening, index: int
) -> PlannedSession | None:
    """A low-impact activity day, with two short glute drills so no day leaves the glutes out."""
    budget: float = profile.minutes_per_session * 60
    activation_block = Block(block.phase, block.weeks, LoadType.BODYWEIGHT, 1, 1)
    drills: list[PlanItem] = []
    taken: set[str] = set()
    balance = (BALANCE,) if needs(screening.precautions, Addition.BALANCE) else ()  # balance days count (bull2020)
    for slot in (HIP_EXTENSION, ABDUCTION_ROTATION, *balance):
        choice = choose(slot, activation_block, profile, screening, library, taken, set())
        if choice is None and slot is BALANCE:
            continue
        if choice is None:
            return None
        ex, _, _ = choice
        taken.add(ex.id)
        secs = item_seconds(ex, block.phase, 1)
        reason = Reason.of(said("drill", name=ex.name, balance=slot is BALANCE, purpose=slot.purpose))
        drills.append(
            PlanItem(
                ex.id,
                replace(dose_for(ex, block.phase, 1), load=Load.bodyweight(), rest_s=0),
                reason,
                slot.sources or library.activation(ex.id, slot.muscle_group).sources,
                slot.key,
                secs,
            )
        )
    spare = budget - sum(d.seconds for d in drills) - SETUP_SECONDS
    minutes = min(ACTIVITY_MINUTES_MAX, int(spare // 60))
    if minutes < 5:
        return None
    swim = SWIMMING_ID in library and library.get(SWIMMING_ID).fits_equipment(profile.equipment)
    activity_id = SWIMMING_ID if swim and index % 2 == 1 and not profile.wants(Goal.BONE_HEALTH) else WALKING_ID
    ex = library.get(activity_id)
    goals = ", ".join(g.value.replace("_", " ") for g in profile.goals if g in ACTIVITY_GOALS)
    asked = profile.sessions_per_week
    reason = Reason.of(said("activity", asked=asked, goals=goals), said("activity_advice"))
    main = PlanItem(
        ex.id,
        dose_for(ex, block.phase, 1, minutes),
        reason,
        ("bull2020", "goh2019"),
        "activity",
        minutes * 60 + SETUP_SECONDS,
    )
    return PlannedSession(day, ACTIVITY_KIND, (main, *drills))


def programme_days(weekdays: Sequence[int], start: date, sessions_per_week: int) -> tuple[int, ...]:
    """The days of a programme week (1 = the start date's weekday) that fall on the person's chosen training
    `weekdays` (ISO: 1 Monday .. 7 Sunday). Their choice wins over the planner's spacing; when they chose no days, or
    not as many as the sessions a week they asked for, the planner spaces them (TRAINING_DAYS: garber2011)."""
    chosen = sorted(set(weekdays))
    if len(chosen) != sessions_per_week or not all(1 <= d <= 7 for d in chosen):
        return TRAINING_DAYS[sessions_per_week]
    return tuple(sorted((d - start.isoweekday()) % 7 + 1 for d in chosen))


def plan_program(
    profile: Profile, library: Library, *, start: date | None = None, weekdays: Sequence[int] = ()
) -> Program:
    """The whole programme, or an empty one with the referral when screening says see a clinician first.

    `weekdays` are the person's chosen training days (ISO weekdays); with a start date, the sessions fall on them
    (`programme_days`); without, or without a choice, the planner spaces them."""
    screening = screen(profile)
    if screening.referral is not None:
        return Program(screening, (), start)
    if start is not None and weekdays:
        days = programme_days(weekdays, start, profile.sessions_per_week)
    else:
        days = TRAINING_DAYS[profile.sessions_per_week]
    free_days = [d for d in range(1, 8) if d not in days]
    activity_count = 0
    if set(profile.goals) & ACTIVITY_GOALS:
        activity_count = min(len(free_days), 3 if profile.wants(Goal.FAT_LOSS) else 2)
    activity_days = _spread(free_days, activity_count)
    weeks: list[PlanWeek] = []
    blocks = _blocks(profile, screening)
    lengths = phase_lengths(profile.weeks, conservative=screening.conservative)
    for block in blocks:
        templates: list[list[_Templated]] = []
        avoid: set[str] = set()
        for t in range(min(2, len(days))):
            chosen = _template(block, t, profile, screening, library, avoid)
            avoid |= {t.item.exercise_id for t in chosen}
            templates.append(chosen)
        sitting = _sitting_break(profile, library, block.phase)
        pelvic = _pelvic_floor(profile, library, screening)
        phase_last_week = max(w for b in blocks if b.phase == block.phase for w in b.weeks)
        activity = [_activity_session(d, profile, library, block, screening, j) for j, d in enumerate(activity_days)]
        for week in block.weeks:
            deload = week == phase_last_week and block.phase.number < 3 and lengths[block.phase.number - 1] >= 2
            sessions = []
            for i, day in enumerate(days):
                items = _week_items(templates[i % len(templates)], block, week, deload)
                if pelvic is not None:
                    items = (*items, pelvic)
                if sitting is not None:
                    items = (*items, sitting)
                sessions.append(PlannedSession(day, "strength", items))
            sessions += [s for s in activity if s is not None]
            sessions.sort(key=lambda s: s.day)
            weeks.append(PlanWeek(week, block.phase, deload, tuple(sessions)))
    return Program(screening, tuple(weeks), start)


def _spread(days: Sequence[int], count: int) -> list[int]:
    """`count` of the free `days`, spread out across the week."""
    if count <= 0:
        return []
    step = len(days) / count
    return sorted({days[int(i * step)] for i in range(count)})
