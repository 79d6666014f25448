"""Profile -> a phased, progressive glute programme, every item with its reason.

Phases: activation & muscle contact -> strength -> integration & power. Within a phase the exercises stay the same
(so double progression can work), the volume rises in the second half, and the last week before a new phase is
lighter. Exercises are chosen by scoring every candidate (activation evidence x goal fit x safety x variety x level
fit) for each slot of a session, never from a fixed list. Same profile, same programme.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from gluterx.domain.anatomy import Muscle
from gluterx.domain.dose import Band, Dose, Duration, Guidance, Hold, Load, RepRange, Tempo, Work
from gluterx.domain.exercise import (
    Category,
    Exercise,
    ForceVector,
    Grade,
    Library,
    LoadType,
    Measure,
    Pattern,
)
from gluterx.domain.profile import Experience, Goal, PainRegion, Profile
from gluterx.domain.screening import Screening, screen
from gluterx.domain.thresholds import (
    DELOAD_VOLUME_PERCENT,
    NOVICE_REP_RANGE,
    NOVICE_SETS,
    REST_HEAVY_SECONDS,
    REST_LIGHT_SECONDS,
)

SETUP_SECONDS = 20  # moving to the next exercise and getting set
SITTING_HOURS_FOR_MOBILITY = 6  # DESIGN.md: people who sit >= 6 h a day get hip-flexor mobility and sitting breaks
SITTING_BREAK_ID = "standing_glute_squeeze"
SITTING_BREAK_SQUEEZES = 10  # ten squeezes of five seconds, every 30-60 minutes of sitting (gluterx_policy)
SITTING_BREAK_HOLD_SECONDS = 5
WALKING_ID = "walking"
SWIMMING_ID = "swimming"
ACTIVITY_GOALS = frozenset({Goal.FAT_LOSS, Goal.BONE_HEALTH, Goal.PAIN_RELIEF})
ACTIVITY_MINUTES_MAX = 40
DAILY_LIFE_CHAIN = "activity"
# Bands earned phase by phase: light to learn the movement, then medium, then heavy (gluterx_policy).
PHASE_BAND: dict[str, Band] = {
    "activation": Band.LIGHT,
    "strength": Band.MEDIUM,
    "power": Band.HEAVY,
}  # walking, swimming, carries, the glute squeeze: daily life, not training slots
# How well each category suits each phase: activation work leads phase 1, strength work phases 2 and 3.
PHASE_CATEGORY_FIT: dict[str, dict[Category, float]] = {
    "activation": {Category.ACTIVATION: 1.3, Category.STRENGTH: 0.9},
    "strength": {Category.ACTIVATION: 0.7, Category.STRENGTH: 1.3},
    "power": {Category.ACTIVATION: 0.6, Category.STRENGTH: 1.3, Category.POWER: 1.3},
}

# Training days for n sessions a week: >= 48 h apart where the week allows it (recovery_hours, garber2011).
TRAINING_DAYS: dict[int, tuple[int, ...]] = {
    1: (1,),
    2: (1, 4),
    3: (1, 3, 5),
    4: (1, 2, 4, 5),
    5: (1, 2, 3, 5, 6),
    6: (1, 2, 3, 4, 5, 6),
}


@dataclass(frozen=True, slots=True)
class PhaseSpec:
    """How one phase is dosed: its rep range, sets, rest, tempo and the hardest level it reaches."""

    number: int
    key: str
    name: str
    reps: RepRange
    hold_seconds: int
    sets: int
    rest_s: int
    tempo: Tempo
    max_level: int
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One exercise of a planned session: its dose, why it is there (with sources), its slot and its time."""

    exercise_id: str
    dose: Dose
    reason: str
    sources: tuple[str, ...]
    slot: str
    seconds: float


@dataclass(frozen=True, slots=True)
class PlannedSession:
    day: int
    kind: str  # "strength" | "activity"
    items: tuple[PlanItem, ...]

    @property
    def minutes(self) -> float:
        return round(sum(i.seconds for i in self.items) / 60, 1)


@dataclass(frozen=True, slots=True)
class PlanWeek:
    week: int
    phase: PhaseSpec
    deload: bool
    sessions: tuple[PlannedSession, ...]

    def session_on(self, day: int) -> PlannedSession | None:
        return next((s for s in self.sessions if s.day == day), None)


@dataclass(frozen=True)
class Program:
    screening: Screening
    weeks: tuple[PlanWeek, ...]
    start: date | None = None

    @property
    def status(self) -> str:
        return self.screening.status

    def date_of(self, week: int, day: int) -> date | None:
        if self.start is None:
            return None
        return self.start + timedelta(weeks=week - 1, days=day - 1)


# --------------------------------------------------------------------------------------------------------------
# Phases


def phase_lengths(weeks: int, *, conservative: bool) -> list[int]:
    """Weeks per phase: thirds (extra weeks to the earlier phases); a conservative start gets a longer phase 1."""
    if weeks <= 2:
        return [1] * weeks
    lengths = [weeks // 3] * 3
    for i in range(weeks % 3):
        lengths[i] += 1
    if conservative and lengths[2] > 1:
        lengths[0] += 1
        lengths[2] -= 1
    return lengths


def phase_specs(profile: Profile, *, conservative: bool) -> tuple[PhaseSpec, PhaseSpec, PhaseSpec]:
    exp = profile.experience
    cap_strength = {Experience.NONE: 3, Experience.BEGINNER: 3, Experience.INTERMEDIATE: 4, Experience.ADVANCED: 4}
    cap_power = {Experience.NONE: 3, Experience.BEGINNER: 4, Experience.INTERMEDIATE: 5, Experience.ADVANCED: 5}
    drop = 1 if conservative else 0
    novice = int(NOVICE_REP_RANGE.low), int(NOVICE_REP_RANGE.top)
    light_rest = int(REST_LIGHT_SECONDS.low)
    return (
        PhaseSpec(
            1,
            "activation",
            "Activation & muscle contact",
            RepRange(10, 15),
            20,
            2,
            light_rest // 2 + 15,
            Tempo(2, 2, 2),
            2 - drop,
            ("gluterx_policy", "reiman2012"),
        ),
        PhaseSpec(
            2,
            "strength",
            "Strength",
            RepRange(*novice),
            30,
            3 if exp.rank >= 2 else 2,
            (light_rest + 120) // 2,
            Tempo(2, 1, 2),
            cap_strength[exp] - drop,
            ("acsm2009",),
        ),
        PhaseSpec(
            3,
            "power",
            "Integration & power",
            RepRange(6, 10),
            40,
            3,
            int(REST_HEAVY_SECONDS.low),
            Tempo(1, 1, 2, explosive=True),
            cap_power[exp] - drop,
            ("acsm2009", "neto2020"),
        ),
    )


# --------------------------------------------------------------------------------------------------------------
# Slots: what a session needs, and how a candidate is judged for it


@dataclass(frozen=True, slots=True)
class Slot:
    key: str
    muscle_group: str  # "gmax" | "gmed": whose activation counts
    accepts: Callable[[Exercise], bool]
    purpose: str
    required: bool = False


def _is(*patterns: Pattern) -> Callable[[Exercise], bool]:
    wanted = frozenset(patterns)

    def accepts(ex: Exercise) -> bool:
        return bool(wanted & set(ex.patterns)) and ex.category in (Category.ACTIVATION, Category.STRENGTH)

    return accepts


HIP_EXTENSION = Slot(
    "hip_extension",
    "gmax",
    _is(Pattern.HIP_EXTENSION),
    "works the glutes through hip extension, the movement that powers standing up, climbing and walking, "
    "so your lower back and knees do not have to carry that load",
    required=True,
)
ABDUCTION_ROTATION = Slot(
    "abduction_rotation",
    "gmed",
    _is(Pattern.HIP_ABDUCTION, Pattern.HIP_EXTERNAL_ROTATION),
    "your side glutes (gluteus medius) steady the pelvis when you walk and stand on one leg, and keep the knee from "
    "caving in",
    required=True,
)
SECOND_SIDE = Slot(
    "abduction_rotation_2",
    "gmed",
    _is(Pattern.HIP_ABDUCTION, Pattern.HIP_EXTERNAL_ROTATION),
    "a second side-glute exercise in another direction, so the hip is strong in every direction it has to hold",
)
KNEE_DOMINANT = Slot(
    "legs",
    "gmax",
    _is(Pattern.SQUAT, Pattern.LUNGE, Pattern.STEP),
    "a standing leg exercise that carries your glute strength into everyday moves: stairs, getting up, carrying",
)
HINGE = Slot(
    "hinge",
    "gmax",
    _is(Pattern.HINGE),
    "teaches your hips, not your lower back, to do the bending and lifting",
)
POSTERIOR = Slot(
    "hip_extension_2",
    "gmax",
    _is(Pattern.HIP_EXTENSION),
    "a second hip-extension exercise from another angle, so both the upper and the lower glutes get work",
)
POWER = Slot(
    "power",
    "gmax",
    lambda ex: ex.category is Category.POWER,
    "trains the glutes to produce force fast, for running, jumping and catching yourself if you trip",
)


def _is_hip_flexor_mobility(ex: Exercise) -> bool:
    return ex.category is Category.MOBILITY and Muscle.HIP_FLEXORS in ex.primary_muscles


def _is_glute_mobility(ex: Exercise) -> bool:
    return ex.category is Category.MOBILITY and bool(
        set(ex.primary_muscles) & {Muscle.DEEP_ROTATORS, Muscle.GMAX_UPPER, Muscle.GMAX_LOWER, Muscle.GMED}
    )


HIP_FLEXOR_MOBILITY = Slot(
    "mobility",
    "gmax",
    _is_hip_flexor_mobility,
    "long hours of sitting keep the hip flexors short; easing them lets the glutes finish each hip extension",
)
GLUTE_MOBILITY = Slot(
    "mobility_2",
    "gmax",
    _is_glute_mobility,
    "a gentle stretch for the buttock and deep hip muscles, which often feel tight and sore when they are weak",
)


def session_slots(phase: PhaseSpec, template: int, profile: Profile, screening: Screening) -> list[Slot]:
    """Slots in priority order; the first two are the hip extension and the abduction/rotation every session has."""
    first = [HIP_EXTENSION, ABDUCTION_ROTATION] if template % 2 == 0 else [ABDUCTION_ROTATION, HIP_EXTENSION]
    extra: list[Slot]
    if phase.key == "activation":
        extra = [SECOND_SIDE, POSTERIOR, KNEE_DOMINANT]
    elif phase.key == "strength":
        extra = (
            [KNEE_DOMINANT, HINGE, SECOND_SIDE, POSTERIOR]
            if template % 2 == 0
            else [KNEE_DOMINANT, SECOND_SIDE, HINGE, POSTERIOR]
        )
    else:
        extra = [KNEE_DOMINANT, HINGE, SECOND_SIDE, POSTERIOR]
        if _wants_power(profile, screening):
            extra.insert(0, POWER)
    mobility = []
    if profile.sitting_hours_per_day >= SITTING_HOURS_FOR_MOBILITY:
        mobility.append(HIP_FLEXOR_MOBILITY)
    if profile.pain_in(PainRegion.BUTTOCK) or profile.pain_in(PainRegion.HIP):
        mobility.append(GLUTE_MOBILITY)
    # Mobility is short and matters to people who sit: it comes before the optional strength extras.
    return [*first, *mobility, *extra]


def _wants_power(profile: Profile, screening: Screening) -> bool:
    return profile.wants(Goal.PERFORMANCE) or (
        profile.experience.rank >= 2 and not screening.conservative and profile.worst_pain < 5
    )


# --------------------------------------------------------------------------------------------------------------
# Scoring


@dataclass(frozen=True, slots=True)
class Block:
    """Weeks that share one set of exercises: a phase, or half of phase 1 (bodyweight first, then bands)."""

    phase: PhaseSpec
    weeks: tuple[int, ...]
    max_load: LoadType
    target_level: int
    max_level: int


def _score(ex: Exercise, slot: Slot, block: Block, profile: Profile, library: Library) -> float:
    act = library.activation(ex.id, slot.muscle_group)
    evidence = max(0.05, act.percent / 100) * (1.0 if act.published else 0.85)
    goal = 1.0
    if profile.wants(Goal.PERFORMANCE):
        goal *= (1.15 if ex.unilateral else 1.0) * (1.1 if ex.level >= 3 else 1.0)
    if profile.wants(Goal.PAIN_RELIEF):
        goal *= 1.1 if ex.spinal_load.rank <= Grade.LOW.rank and ex.knee_flexion_load.rank <= Grade.LOW.rank else 1.0
    if profile.wants(Goal.POSTURE):
        goal *= 1.1 if ex.end_range else 1.0
    if profile.wants(Goal.INJURY_PREVENTION):
        goal *= 1.1 if ex.unilateral else 1.0
    if profile.wants(Goal.AESTHETICS):
        goal *= 1.1 if ex.hip_dominant and Muscle.GMAX_LOWER in ex.primary_muscles else 1.0
    if profile.wants(Goal.BONE_HEALTH):
        goal *= 1.15 if ex.force_vector is ForceVector.AXIAL else 1.0
    back_weight = 1 + profile.pain_in(PainRegion.LOWER_BACK) / 5
    knee_weight = 1 + max(profile.pain_in(PainRegion.KNEE), profile.pain_in(PainRegion.HIP)) / 5
    safety = 1 / (1 + 0.12 * (ex.spinal_load.rank * back_weight + ex.knee_flexion_load.rank * knee_weight))
    level_fit = max(0.2, 1 - 0.15 * abs(ex.level - block.target_level))
    stage = PHASE_CATEGORY_FIT[block.phase.key].get(ex.category, 1.0)
    if block.phase.key != "activation":
        stage *= 1 + 0.15 * ex.load_type.rank  # equipment is earned: once allowed, bands and weights lead
    shape = 1.0
    if slot is HIP_EXTENSION and ex.hip_dominant and ex.end_range:
        shape = 1.15  # prefer hip-only exercises that load the end of hip extension (evidence.md §8)
    if slot is HIP_EXTENSION and ex.force_vector is ForceVector.ANTEROPOSTERIOR:
        shape *= 1.25  # bridges and thrusts keep tension at full hip extension (fitzpatrick2019, contreras2013)
    if slot is POSTERIOR and ex.force_vector is not ForceVector.ANTEROPOSTERIOR:
        shape *= 1.2  # the second hip-extension exercise comes from another direction (contreras2013)
    return evidence * goal * safety * level_fit * stage * shape


def _eligible(ex: Exercise, block: Block, profile: Profile, screening: Screening) -> bool:
    return (
        ex.chain != DAILY_LIFE_CHAIN
        and ex.fits_equipment(profile.equipment)
        and ex.level <= block.max_level
        and ex.load_type.rank <= block.max_load.rank
        and screening.allows(ex, block.phase.number)
    )


# --------------------------------------------------------------------------------------------------------------
# Dosing and time


POWER_REPS = RepRange(5, 6)  # jumps and throws: few, fast, fresh reps (gluterx_policy)
MOBILITY_HOLD_SECONDS = 30


def _work(ex: Exercise, phase: PhaseSpec, minutes: int) -> Work:
    """What one set is: minutes of activity, a hold, or a rep range (the phase's, or few fast reps for power)."""
    if ex.dose is Measure.MINUTES:
        return Duration(minutes)
    if ex.dose is Measure.SECONDS:
        return Hold(MOBILITY_HOLD_SECONDS if ex.category is Category.MOBILITY else phase.hold_seconds)
    return POWER_REPS if ex.category is Category.POWER else phase.reps


def _work_seconds(ex: Exercise, work: Work) -> float:
    """One set's working time: the top of the rep range at the exercise's pace, the holds, or the minutes."""
    sides = 2 if ex.unilateral else 1
    match work:
        case Duration(minutes=minutes):
            return minutes * 60
        case Hold(seconds=seconds, reps=reps):
            return seconds * reps * sides
        case RepRange(high=high):
            return high * ex.seconds_per_rep * sides
    raise TypeError(work)  # pragma: no cover - the union is closed


def _rest(ex: Exercise, phase: PhaseSpec) -> int:
    """Longer rests for heavier lifts (acsm2009): 1-2 min for light work, 2-3 min for the heaviest."""
    if ex.category is Category.MOBILITY:
        return 15
    if ex.dose is Measure.MINUTES:
        return 0
    if ex.category is Category.ACTIVATION or ex.load_type is not LoadType.WEIGHTS:
        return min(phase.rest_s, int(REST_LIGHT_SECONDS.low))
    return phase.rest_s


def dose_seconds(ex: Exercise, dose: Dose) -> float:
    """Estimated time for a dose: sets x (work + rest) + set-up."""
    if isinstance(dose.work, Duration):
        return dose.work.minutes * 60 + SETUP_SECONDS
    return dose.sets * (_work_seconds(ex, dose.work) + dose.rest_s) + SETUP_SECONDS


def item_seconds(ex: Exercise, phase: PhaseSpec, sets: int, minutes: int = 0) -> float:
    """Estimated time of `sets` sets of `ex` dosed for `phase`."""
    return dose_seconds(ex, _dose(ex, phase, sets, minutes))


def _load(ex: Exercise, phase: PhaseSpec) -> Load:
    """Bodyweight first, then bands, then weights (chosen by reps in reserve until a weight is logged)."""
    if ex.dose is Measure.MINUTES:
        return Load.bodyweight(Guidance.EASY_PACE)
    if ex.category is Category.MOBILITY:
        return Load.bodyweight(Guidance.GENTLE_STRETCH)
    if ex.category is Category.POWER:
        if ex.load_type is LoadType.BODYWEIGHT:
            return Load.bodyweight(Guidance.EXPLOSIVE)
        return Load.guided(Guidance.FAST_HIPS)
    if ex.load_type is LoadType.BAND:
        return Load.of_band(PHASE_BAND[phase.key])
    if ex.load_type is LoadType.WEIGHTS:
        return Load.in_reserve(2, 3) if phase.key == "strength" else Load.in_reserve(1, 2)
    return Load.bodyweight() if phase.key == "activation" else Load.bodyweight(Guidance.SLOW_CONTROLLED)


def _dose(ex: Exercise, phase: PhaseSpec, sets: int, minutes: int = 0) -> Dose:
    counted = ex.dose is Measure.REPS and ex.category is not Category.MOBILITY
    return Dose(
        sets=sets,
        work=_work(ex, phase, minutes),
        load=_load(ex, phase),
        rest_s=_rest(ex, phase),
        tempo=phase.tempo if counted else None,
        per_side=ex.unilateral and ex.dose is not Measure.MINUTES,
    )


def _sets_for(slot: Slot, ex: Exercise, phase: PhaseSpec) -> int:
    if ex.category is Category.MOBILITY or ex.dose is Measure.MINUTES:
        return 2 if ex.category is Category.MOBILITY else 1
    return phase.sets if slot.required or phase.key != "activation" else max(1, phase.sets - 1)


# --------------------------------------------------------------------------------------------------------------
# Reasons


def _source_label(library: Library, source_id: str) -> str:
    src = library.registry.sources.get(source_id)
    if src is None:
        return source_id
    author = src.authors.split(",")[0].replace(" et al.", "").split(" ")[0]
    return f"{author} {src.year}" if src.year else author


def _reason(
    ex: Exercise, slot: Slot, block: Block, profile: Profile, library: Library, rank: int, pool: int
) -> tuple[str, tuple[str, ...]]:
    act = library.activation(ex.id, slot.muscle_group)
    muscle = "gluteus medius" if slot.muscle_group == "gmed" else "gluteus maximus"
    owned = "that needs no equipment" if not ex.equipment else "with the equipment you have"
    parts = [f"{ex.name}: {slot.purpose}."]
    if ex.category is Category.MOBILITY or ex.dose is Measure.MINUTES:
        sources: tuple[str, ...] = ("gluterx_policy",)
    elif act.published:
        cited = ", ".join(_source_label(library, s) for s in act.sources)
        best = "the highest-activating choice" if rank == 0 and pool > 1 else "a well-activating choice"
        parts.append(
            f"It is {best} for the {muscle} at this stage {owned} ({act.band.value.replace('_', ' ')} activation in "
            f"studies: {cited})."
        )
        sources = act.sources
    else:
        parts.append(
            f"No study has measured it yet; we rate its {muscle} work {act.band.value.replace('_', ' ')}, and it "
            f"fits this stage {owned}."
        )
        sources = act.sources
    if profile.pain_in(PainRegion.KNEE) >= 3 and ex.knee_flexion_load.rank <= Grade.LOW.rank:
        parts.append("It keeps knee bending light, which suits your knee.")
    if profile.pain_in(PainRegion.LOWER_BACK) >= 3 and ex.spinal_load.rank <= Grade.LOW.rank:
        parts.append("It puts little load on your lower back.")
    if block.phase.key == "activation" and ex.category is not Category.MOBILITY:
        parts.append("Bodyweight first: bands and weights come once you can feel your glutes doing the work.")
    rule_sources = tuple(s for s in block.phase.sources if s not in sources)
    return " ".join(parts), (*sources, *rule_sources)


# --------------------------------------------------------------------------------------------------------------
# Building sessions


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


def _choose(
    slot: Slot,
    block: Block,
    profile: Profile,
    screening: Screening,
    library: Library,
    taken: set[str],
    avoid: set[str],
) -> tuple[Exercise, int, int] | None:
    scored = []
    for ex in library:
        if ex.id in taken or not slot.accepts(ex) or not _eligible(ex, block, profile, screening):
            continue
        score = _score(ex, slot, block, profile, library) * (0.6 if ex.id in avoid else 1.0)
        scored.append((-score, ex.id, ex))
    if not scored:
        return None
    scored.sort(key=lambda t: (t[0], t[1]))
    ex = scored[0][2]
    # "highest-activating" in the reason must mean activation alone, not the blended score
    by_activation = sorted(scored, key=lambda t: (-library.activation(t[1], slot.muscle_group).percent, t[1]))
    rank = next(i for i, t in enumerate(by_activation) if t[1] == ex.id)
    return ex, rank, len(scored)


def _template(
    block: Block,
    template: int,
    profile: Profile,
    screening: Screening,
    library: Library,
    avoid: set[str],
) -> list[_Templated]:
    """One session's items for a block, fitted to the stated minutes at the block's highest weekly volume."""
    budget = profile.minutes_per_session * 60
    phase = block.phase
    items: list[_Templated] = []
    taken: set[str] = set()
    used = 0.0
    slots = session_slots(phase, template, profile, screening)
    reserve = _required_reserve(slots, block, profile, screening, library, avoid)
    for slot in slots:
        reserve.pop(slot.key, None)
        room = budget - used - sum(reserve.values())  # keep time for the required slots still to come
        choice = _choose(slot, block, profile, screening, library, taken, avoid)
        if choice is None:
            continue
        ex, rank, pool = choice
        sets = _sets_for(slot, ex, phase)
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
        reason, sources = _reason(ex, slot, block, profile, library, rank, pool)
        items.append(
            _Templated(
                rises,
                PlanItem(
                    ex.id,
                    _dose(ex, phase, sets),
                    reason,
                    sources,
                    slot.key,
                    item_seconds(ex, phase, sets),
                ),
            )
        )
    return items


def _required_reserve(
    slots: list[Slot], block: Block, profile: Profile, screening: Screening, library: Library, avoid: set[str]
) -> dict[str, float]:
    """The least time (one set) each required slot's likely choice needs, so earlier items leave room for it."""
    reserve: dict[str, float] = {}
    taken: set[str] = set()
    for slot in slots:
        if not slot.required:
            continue
        choice = _choose(slot, block, profile, screening, library, taken, avoid)
        if choice is not None:
            taken.add(choice[0].id)
            reserve[slot.key] = item_seconds(choice[0], block.phase, 1)
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
    hours = f"{profile.sitting_hours_per_day:g}"
    reason = (
        f"{ex.name}: a sitting break. You sit about {hours} hours a day; every 30-60 minutes, stand up and squeeze "
        "your glutes for a few seconds, so they stay switched on between sessions."
    )
    return PlanItem(
        ex.id,
        Dose(1, Hold(SITTING_BREAK_HOLD_SECONDS, reps=SITTING_BREAK_SQUEEZES)),
        reason,
        (*library.activation(ex.id).sources, "gluterx_policy"),
        "sitting_break",
        0.0,
    )


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
                    reason += " Lighter week: fewer sets, same technique, so you start the next phase fresh."
            elif second_half and entry.rises:
                sets += 1
                reason += " One more set than earlier in this phase: your glutes are ready for more work."
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
    budget = profile.minutes_per_session * 60
    activation_block = Block(block.phase, block.weeks, LoadType.BODYWEIGHT, 1, 1)
    drills: list[PlanItem] = []
    taken: set[str] = set()
    for slot in (HIP_EXTENSION, ABDUCTION_ROTATION):
        choice = _choose(slot, activation_block, profile, screening, library, taken, set())
        if choice is None:
            return None
        ex, _, _ = choice
        taken.add(ex.id)
        secs = item_seconds(ex, block.phase, 1)
        reason = f"{ex.name}: a short glute drill to go with today's activity; {slot.purpose}."
        drills.append(
            PlanItem(
                ex.id,
                replace(_dose(ex, block.phase, 1), load=Load.bodyweight(), rest_s=0),
                reason,
                library.activation(ex.id, slot.muscle_group).sources,
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
    reason = (
        f"{ex.name}: low-impact activity for your goals ({goals}). Adults are advised 150-300 minutes of moderate "
        "activity a week; aerobic exercise eases joint pain as well as strengthening does."
    )
    main = PlanItem(
        ex.id,
        _dose(ex, block.phase, 1, minutes),
        reason,
        ("bull2020", "goh2019"),
        "activity",
        minutes * 60 + SETUP_SECONDS,
    )
    return PlannedSession(day, "activity", (main, *drills))


def plan_program(profile: Profile, library: Library, *, start: date | None = None) -> Program:
    """The whole programme, or an empty one with the referral when screening says see a clinician first."""
    screening = screen(profile)
    if screening.referral is not None:
        return Program(screening, (), start)
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
        phase_last_week = max(w for b in blocks if b.phase == block.phase for w in b.weeks)
        activity = [_activity_session(d, profile, library, block, screening, j) for j, d in enumerate(activity_days)]
        for week in block.weeks:
            deload = week == phase_last_week and block.phase.number < 3 and lengths[block.phase.number - 1] >= 2
            sessions = []
            for i, day in enumerate(days):
                items = _week_items(templates[i % len(templates)], block, week, deload)
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
