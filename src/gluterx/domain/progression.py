"""Progression: a logged exercise -> the next Prescription (load, level, swap, deload), each with its reason.

Rules, in order of precedence:
1. the pain-monitoring model (evidence.md §2, silbernagel2007): pain during above 5/10, next-morning pain above
   the person's baseline or pain rising week to week -> step back; pain during 4-5/10 -> hold;
2. where the person felt it (DESIGN.md): lower back or hamstrings instead of the glutes -> a cue first, then a
   swap to a simpler glute-focused exercise;
3. double progression inside the rep range (evidence.md §4, acsm2009): reps first, then load, a stronger band or
   the next exercise in the chain.
Plus alerts (evidence.md §9), resuming after a gap, deloads and Epley's e1RM (evidence.md §7). Pure and
deterministic: dates come in, nothing is read, written or drawn at random.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise

from gluterx.domain.anatomy import GLUTE_REGIONS, Muscle
from gluterx.domain.dose import Band, Dose, Duration, Hold, Load, LoadKind, RepRange, Work, describe
from gluterx.domain.exercise import BANDS, WEIGHTS, Category, Equipment, Exercise, Fault, Library, LoadType, Measure
from gluterx.domain.planner import DAILY_LIFE_CHAIN, PlanItem
from gluterx.domain.screening import Screening
from gluterx.domain.thresholds import (
    ALERT_CRITICAL_PAIN_MIN,
    ALERT_HIGH_RISE,
    ALERT_INACTIVE_DAYS,
    ALERT_INACTIVE_HOURS,
    ALERT_LOW_PAIN_MIN,
    ALERT_LOW_RISE,
    DELOAD_VOLUME_PERCENT,
    E1RM_MAX_REPS,
    EPLEY_DIVISOR,
    NOVICE_SETS,
    PAIN_DURING_MAX,
    PAIN_ZONE_SAFE_MAX,
    PROGRESSION_EXTRA_REPS,
    PROGRESSION_LOAD_PERCENT,
    RPE_RIR_OFFSET,
)

__all__ = [
    "BAND_ORDER",
    "FELT_IN",
    "LOAD_STEP_KG",
    "PRACTICAL_MAX_KG",
    "PROGRESSING",
    "Action",
    "Alert",
    "AlertLevel",
    "ExerciseLog",
    "Prescription",
    "SetLog",
    "alerts",
    "best_e1rm",
    "deload",
    "epley_e1rm",
    "next_prescription",
    "pain_rising_weekly",
    "prescription_from_plan",
    "reps_in_reserve",
    "resume_after_gap",
]

FELT_IN: frozenset[str] = frozenset({"glutes", "hamstrings", "lower_back", "quads", "knees", "hips", "other"})
BAND_ORDER: tuple[str, ...] = tuple(Band)
# The smallest usual jump for each kind of weight: plates of 1.25 kg a side, the next pair of dumbbells, the next
# kettlebell, the next pin on a cable stack (gluterx_policy). With ACSM's +2-10% (acsm2009) for most loads.
LOAD_STEP_KG: dict[Equipment, float] = {
    Equipment.BARBELL: 2.5,
    Equipment.DUMBBELLS: 2.0,
    Equipment.KETTLEBELL: 4.0,
    Equipment.CABLE_MACHINE: 2.5,
}
# The heaviest load most people can get hold of (gluterx_policy): a typical dumbbell rack, the heaviest common
# kettlebell, a typical cable stack; a barbell takes more plates. Beyond it, move up the chain.
PRACTICAL_MAX_KG: dict[Equipment, float] = {
    Equipment.DUMBBELLS: 50.0,
    Equipment.KETTLEBELL: 48.0,
    Equipment.CABLE_MACHINE: 100.0,
}
# Step back by about as much as a step forward: ACSM's largest progression step (acsm2009, gluterx_policy).
REGRESS_LOAD_PERCENT = PROGRESSION_LOAD_PERCENT.top
# Reps in reserve needed to earn more load: the 1-2 extra reps ACSM asks for (acsm2009).
RIR_TO_PROGRESS = int(PROGRESSION_EXTRA_REPS.top)
MAX_SETS = int(NOVICE_SETS.top)  # sets added only up to the novice 1-3 (acsm2009)
# After a gap: lighter from two weeks, lighter still from four (gluterx_policy).
LONG_GAP_DAYS = 14
VERY_LONG_GAP_DAYS = 28
GAP_LOAD_PERCENT = 10
VERY_LONG_GAP_LOAD_PERCENT = 20
# "Pain rising week to week" (silbernagel2007): the weekly mean rose this many weeks in a row (gluterx_policy).
RISING_WEEKS = 2
DAYS_PER_WEEK = 7
HOURS_PER_DAY = 24

_PAIN_SOURCES = ("silbernagel2007", "nhs_traffic_light", "gluterx_policy")
_PROGRESSION_SOURCES = ("acsm2009", "gluterx_policy")
_POLICY = ("gluterx_policy",)


class Action(StrEnum):
    START = "start"
    PROGRESS_REPS = "progress_reps"
    PROGRESS_LOAD = "progress_load"
    PROGRESS_BAND = "progress_band"
    PROGRESS_EXERCISE = "progress_exercise"
    HOLD = "hold"
    REGRESS_LOAD = "regress_load"
    REGRESS_SETS = "regress_sets"
    REGRESS_EXERCISE = "regress_exercise"
    CUE = "cue"
    SWAP = "swap"
    DELOAD = "deload"
    RESUME = "resume"


PROGRESSING: frozenset[Action] = frozenset(
    {Action.PROGRESS_REPS, Action.PROGRESS_LOAD, Action.PROGRESS_BAND, Action.PROGRESS_EXERCISE}
)


# --------------------------------------------------------------------------------------------------------------
# Logs


@dataclass(frozen=True, slots=True)
class SetLog:
    """One performed set: reps (or seconds held), the load or band, and how hard it was (RIR or RPE)."""

    reps: int
    load_kg: float | None = None
    band: str | None = None
    rir: int | None = None
    rpe: float | None = None

    def __post_init__(self) -> None:
        if self.reps < 0:
            raise ValueError(f"reps: {self.reps} is negative; give the number of reps done (0 or more)")
        if self.load_kg is not None and self.load_kg < 0:
            raise ValueError(f"load_kg: {self.load_kg} is negative; give the weight in kg, or null for none")
        if self.rir is not None and self.rir < 0:
            raise ValueError(f"rir: {self.rir} is negative; give the reps you had left (0 or more), or null")
        if self.rpe is not None and not 0 <= self.rpe <= RPE_RIR_OFFSET.value:
            raise ValueError(f"rpe: {self.rpe} is outside 0-10; give an RPE from 0 to 10, or null")


@dataclass(frozen=True, slots=True)
class ExerciseLog:
    """One exercise as performed: its sets, pain during it (0-10) and where the person felt it."""

    exercise_id: str
    sets: tuple[SetLog, ...]
    pain_during: int
    felt_in: frozenset[str]

    def __post_init__(self) -> None:
        if not 0 <= self.pain_during <= 10:
            raise ValueError(f"pain_during: {self.pain_during} is outside 0-10; give pain on the 0-10 scale")
        unknown = sorted(self.felt_in - FELT_IN)
        if unknown:
            raise ValueError(f"felt_in: unknown {unknown}; use any of {sorted(FELT_IN)}")


def reps_in_reserve(s: SetLog) -> float | None:
    """Reps left in the tank: RIR as logged, else from RPE (RPE 10 = 0 RIR; zourdos2016), else unknown."""
    if s.rir is not None:
        return float(s.rir)
    if s.rpe is not None:
        return RPE_RIR_OFFSET.value - s.rpe
    return None


def epley_e1rm(load_kg: float | None, reps: int) -> float | None:
    """Epley's estimated 1RM, w x (1 + r/30) (epley1985); only for 1-10 reps (reynolds2006) with a load."""
    if load_kg is None or load_kg <= 0 or reps < 1 or reps > E1RM_MAX_REPS.value:
        return None
    return load_kg * (1 + reps / EPLEY_DIVISOR.value)


def best_e1rm(log: ExerciseLog) -> float | None:
    """The highest Epley estimate over the sets that allow one (None when none does)."""
    estimates = [e for s in log.sets if (e := epley_e1rm(s.load_kg, s.reps)) is not None]
    return max(estimates, default=None)


# --------------------------------------------------------------------------------------------------------------
# Prescriptions


@dataclass(frozen=True, slots=True)
class Prescription:
    """What to do next time, and why: the dose, the action that changed it, the reason and its sources."""

    exercise_id: str
    dose: Dose
    action: Action
    reason: str
    sources: tuple[str, ...]
    cue: str | None = None


def prescription_from_plan(item: PlanItem) -> Prescription:
    """The first prescription for a planned item: the plan's own dose, reason and sources."""
    return Prescription(item.exercise_id, item.dose, Action.START, item.reason, item.sources)


def _with(p: Prescription, **dose_changes: object) -> Prescription:
    """`p` with parts of its dose changed (sets, work, load, ...)."""
    return replace(p, dose=replace(p.dose, **dose_changes))  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class _Target:
    """What a set aims at, as numbers: a rep range, a hold's seconds or an activity's minutes."""

    low: int
    high: int
    unit: str


def _target(work: Work) -> _Target:
    match work:
        case RepRange(low=low, high=high):
            return _Target(low, high, "reps")
        case Hold(seconds=seconds):
            return _Target(seconds, seconds, "seconds")
        case Duration(minutes=minutes):
            return _Target(minutes, minutes, "minutes")
    raise TypeError(work)  # pragma: no cover - the union is closed


# --------------------------------------------------------------------------------------------------------------
# The engine


@dataclass(frozen=True, slots=True)
class _Context:
    library: Library
    owned: frozenset[Equipment]
    screening: Screening
    phase: int

    def usable(self, ex: Exercise) -> bool:
        """Inside the person's equipment and contraindications, and a training exercise (not a daily-life one)."""
        return (
            ex.fits_equipment(self.owned)
            and self.screening.allows(ex, self.phase)
            and ex.chain != DAILY_LIFE_CHAIN
            and ex.category is not Category.MOBILITY
        )


def next_prescription(
    current: Prescription,
    log: ExerciseLog,
    *,
    library: Library,
    owned: frozenset[Equipment],
    screening: Screening,
    phase: int,
    next_morning_pain: int | None,
    baseline_pain: int,
    previous_faults: int = 0,
    pain_rising: bool = False,
) -> Prescription:
    """The next prescription after `log`: pain rules first, then where it was felt, then double progression.

    `previous_faults` counts the earlier sessions in a row in which this exercise was felt in the lower back or
    hamstrings; `pain_rising` is pain_rising_weekly() over the person's check-ins.
    """
    if log.exercise_id != current.exercise_id:
        raise ValueError(
            f"exercise_id: the log is for {log.exercise_id!r}, the prescription for {current.exercise_id!r}"
        )
    ex = library.get(current.exercise_id)
    ctx = _Context(library, owned, screening, phase)
    done = _as_done(current, log)
    fault = _fault(log.felt_in)
    too_much = _too_much(log.pain_during, next_morning_pain, baseline_pain, pain_rising)
    if too_much:
        out = _regress(done, ex, ctx, too_much, severe=log.pain_during >= ALERT_CRITICAL_PAIN_MIN.value)
    elif log.pain_during > PAIN_ZONE_SAFE_MAX.value:
        out = _pain_hold(done, log.pain_during, next_morning_pain)
    elif fault is not None and previous_faults == 0:
        out = _cue(done, ex, fault)
    elif fault is not None:
        out = _swap(done, ex, ctx, fault)
    else:
        out = _double_progression(done, ex, log, ctx)
    if fault is not None and out.cue is None and out.exercise_id == ex.id:
        out = replace(out, cue=_fault_text(ex, fault))
    if next_morning_pain is None:
        out = replace(
            out, reason=f"{out.reason} Please check in tomorrow morning with how it feels, so we know it settled."
        )
    return out


def _as_done(current: Prescription, log: ExerciseLog) -> Prescription:
    """The prescription at the load or band actually used: progress from what was lifted, not what was planned."""
    loads = [s.load_kg for s in log.sets if s.load_kg]
    bands = [b for s in log.sets if s.band and (b := _known_band(s.band)) is not None]
    load = current.dose.load
    if loads:
        load = Load.of_kg(min(loads))
    elif bands:
        load = Load.of_band(min(bands, key=lambda b: b.rank))
    return replace(_with(current, load=load), cue=None)


def _known_band(band: str) -> Band | None:
    """A logged band name as a Band ('Extra-heavy' -> extra_heavy), or None for a name outside the vocabulary."""
    name = "_".join(band.lower().replace("-", " ").split())
    return Band(name) if name in BAND_ORDER else None


def _fault(felt_in: frozenset[str]) -> Fault | None:
    """Lower back (first) or hamstrings, when the glutes were not felt at all."""
    if "glutes" in felt_in:
        return None
    if "lower_back" in felt_in:
        return Fault.LOWER_BACK
    if "hamstrings" in felt_in:
        return Fault.HAMSTRINGS
    return None


def _fault_text(ex: Exercise, fault: Fault) -> str:
    return ex.faults.get(fault) or (ex.cues[0] if ex.cues else "Go lighter and slower, and squeeze your glutes.")


# --- 1. pain ---------------------------------------------------------------------------------------------------


def _too_much(during: int, morning: int | None, baseline: int, rising: bool) -> str:
    """Why the pain says step back, or '' when it does not."""
    why = []
    if during > PAIN_DURING_MAX.value:
        why.append(
            f"Your pain reached {during}/10 during this exercise. Up to {PAIN_DURING_MAX.value:g}/10 is fine while you "
            "train, but more than that means it is too much for now."
        )
    if morning is not None and morning > baseline:
        why.append(
            f"Your pain the next morning was {morning}/10, above your usual {baseline}/10, which tells us the last "
            "session was a bit too much."
        )
    if rising:
        why.append(
            "Your pain has been creeping up week after week, so we ease off; please also ask a doctor or "
            "physiotherapist to check it."
        )
    return " ".join(why)


def _pain_hold(done: Prescription, during: int, morning: int | None) -> Prescription:
    settled = " and it settled by the next morning" if morning is not None else ""
    reason = (
        f"Your pain was {during}/10 during this exercise. That is acceptable{settled}, but it is not the moment to "
        f"add more: same again next time, and we build up once it stays at {PAIN_ZONE_SAFE_MAX.value:g}/10 or less."
    )
    return replace(done, action=Action.HOLD, reason=reason, sources=_PAIN_SOURCES)


_Option = Callable[[Prescription, Exercise, _Context], tuple[Prescription, str] | None]


def _regress(done: Prescription, ex: Exercise, ctx: _Context, why: str, *, severe: bool) -> Prescription:
    """Step back: less load, one fewer set or an easier exercise (the easier exercise first when pain is severe)."""
    options: list[_Option] = [_less_load, _fewer_sets, _easier_exercise]
    if severe:
        options = [_easier_exercise, _less_load, _fewer_sets]
    for option in options:
        if (found := option(done, ex, ctx)) is not None:
            step, what = found
            reason = f"{why} So next time {what}. Easing off like this is a normal part of getting stronger with pain."
            return replace(step, reason=reason, sources=_PAIN_SOURCES)
    reason = (
        f"{why} This is already the gentlest version we have for you, so keep it to a small, comfortable range of "
        "movement, and if the pain does not settle within a few days, please see a doctor or physiotherapist."
    )
    return replace(done, action=Action.HOLD, reason=reason, sources=_PAIN_SOURCES)


def _less_load(done: Prescription, ex: Exercise, ctx: _Context) -> tuple[Prescription, str] | None:
    lighter = _lighter(done, ex, REGRESS_LOAD_PERCENT)
    if lighter is None:
        return None
    p, what = lighter
    return replace(p, action=Action.REGRESS_LOAD), what


def _lighter(done: Prescription, ex: Exercise, percent: float) -> tuple[Prescription, str] | None:
    """About `percent` less weight, rounded to the equipment's step, or one band lighter; None when neither."""
    kg, band = done.dose.load.kg, done.dose.load.band
    if ex.load_type is LoadType.WEIGHTS and kg is not None:
        new = _less_kg(kg, _step(ex), percent)
        if new > 0:
            return _with(done, load=Load.of_kg(new)), f"we use a little less weight: {new:g} kg instead of {kg:g} kg"
    if ex.load_type is LoadType.BAND and band is not None and band.lighter is not None:
        lighter = band.lighter
        return _with(done, load=Load.of_band(lighter)), (
            f"we use a lighter band: {_band_words(lighter)} instead of {_band_words(band)}"
        )
    return None


def _less_kg(kg: float, step: float, percent: float) -> float:
    """About `percent` less than `kg`, at least one `step`, rounded to the step (may be 0 or below)."""
    return round(kg - max(step, _round_to(kg * percent / 100, step)), 2)


def _fewer_sets(done: Prescription, ex: Exercise, ctx: _Context) -> tuple[Prescription, str] | None:
    sets = done.dose.sets
    if sets <= 1:
        return None
    p = replace(_with(done, sets=sets - 1), action=Action.REGRESS_SETS)
    return p, f"we do one set fewer: {sets - 1} instead of {sets}, with the same weight"


def _easier_exercise(done: Prescription, ex: Exercise, ctx: _Context) -> tuple[Prescription, str] | None:
    candidates = [e for e in ctx.library.easier(ex.id) if _fits_swap(e, ex, ctx)]
    if not candidates:
        return None
    new = min(candidates, key=lambda e: (e.chain != ex.chain, -e.level, e.id))
    p = _switch(done, ex, new, Action.REGRESS_EXERCISE)
    return p, f"we swap to an easier version, {new.name}, to keep your glutes working without stirring up the pain"


def _fits_swap(new: Exercise, old: Exercise, ctx: _Context) -> bool:
    """A usable, easier exercise dosed the same way (reps or seconds), never a jump or a throw."""
    return (
        ctx.usable(new)
        and new.id != old.id
        and new.dose is old.dose
        and new.level <= old.level
        and new.category is not Category.POWER
    )


def _switch(done: Prescription, old: Exercise, new: Exercise, action: Action) -> Prescription:
    """Same sets and work on `new`; the weight or band carries over only on the very same implement."""
    same = _implement(old) is not None and _implement(old) == _implement(new)
    carried = done.dose.load
    load: Load
    if new.load_type is LoadType.WEIGHTS:
        load = carried if same and carried.kind is LoadKind.KG else Load.in_reserve(RIR_TO_PROGRESS, RIR_TO_PROGRESS)
    elif new.load_type is LoadType.BAND:
        load = carried if same and carried.band is not None else Load.of_band(Band.LIGHT)
    else:
        load = Load.bodyweight(carried.guidance if carried.kind is LoadKind.BODYWEIGHT else None)
    switched = _with(done, load=load, per_side=new.unilateral and new.dose is not Measure.MINUTES)
    return replace(switched, exercise_id=new.id, action=action, cue=None)


def _implement(ex: Exercise) -> Equipment | None:
    """The weight or band that loads `ex` (None for bodyweight)."""
    loads = sorted(ex.equipment & (WEIGHTS | BANDS))
    return loads[0] if loads else None


def _step(ex: Exercise) -> float:
    """The weight step of `ex`'s equipment (a barbell's 2.5 kg when it has none of its own)."""
    implement = _implement(ex)
    return (
        LOAD_STEP_KG.get(implement, LOAD_STEP_KG[Equipment.BARBELL]) if implement else LOAD_STEP_KG[Equipment.BARBELL]
    )


def _round_to(value: float, step: float) -> float:
    """`value` to the nearest multiple of `step`, halves up (same input, same output on every platform)."""
    return math.floor(value / step + 0.5) * step


def _band_words(band: Band | None) -> str:
    return f"the {band.words} band" if band else "your band"


# --- 2. where it was felt ---------------------------------------------------------------------------------------

_WHERE = {Fault.LOWER_BACK: "lower back", Fault.HAMSTRINGS: "hamstrings"}


def _cue(done: Prescription, ex: Exercise, fault: Fault) -> Prescription:
    cue = _fault_text(ex, fault)
    reason = (
        f"You felt {ex.name} mostly in your {_WHERE[fault]} rather than your glutes. That is common and easy to fix: "
        f"keep the same amount next time and try this: {cue}"
    )
    return replace(done, action=Action.CUE, reason=reason, sources=_POLICY, cue=cue)


def _swap(done: Prescription, ex: Exercise, ctx: _Context, fault: Fault) -> Prescription:
    """Felt in the wrong place again: a simpler glute-focused exercise from the chain or the same pattern."""
    easier = {e.id for e in ctx.library.easier(ex.id)}
    same_pattern = [e for e in ctx.library if set(e.patterns) & set(ex.patterns) and e.level < ex.level]
    candidates = [
        e
        for e in [*ctx.library.easier(ex.id), *same_pattern]
        if _fits_swap(e, ex, ctx)
        and _glute_focused(e)
        and (fault is not Fault.LOWER_BACK or e.spinal_load.rank <= ex.spinal_load.rank)
    ]
    where = _WHERE[fault]
    if not candidates:
        cue = _fault_text(ex, fault)
        reason = (
            f"You felt {ex.name} in your {where} again rather than your glutes. We have no simpler glute exercise "
            f"that suits your equipment, so keep the same amount and go slowly with this: {cue} If it keeps "
            "happening, a physiotherapist can watch you do it and help."
        )
        return replace(done, action=Action.CUE, reason=reason, sources=_POLICY, cue=cue)
    new = min(candidates, key=lambda e: (e.id not in easier, e.chain != ex.chain, -e.level, e.id))
    reason = (
        f"You felt {ex.name} in your {where} again rather than your glutes, so we swap it for {new.name}: a simpler "
        "exercise that is easier to feel in the glutes. Once your glutes are doing the work, we build back up."
    )
    return replace(_switch(done, ex, new, Action.SWAP), reason=reason, sources=_POLICY)


def _glute_focused(ex: Exercise) -> bool:
    """Every primary muscle is a glute region (the trunk may help), and at least one is."""
    primary = set(ex.primary_muscles)
    return bool(primary & GLUTE_REGIONS) and primary <= GLUTE_REGIONS | {Muscle.CORE}


# --- 3. double progression --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _DoseRule:
    unit: str
    step: int
    cap: int


# How a dose grows once the load cannot (gluterx_policy): about 20 reps, 60 s holds, 40 min of activity at most.
_DOSE_RULES: dict[Measure, _DoseRule] = {
    Measure.REPS: _DoseRule("reps", int(PROGRESSION_EXTRA_REPS.top), 20),
    Measure.SECONDS: _DoseRule("seconds", 5, 60),
    Measure.MINUTES: _DoseRule("minutes", 5, 40),
}


def _double_progression(done: Prescription, ex: Exercise, log: ExerciseLog, ctx: _Context) -> Prescription:
    """Reps first, inside the range; load (or band, or the next exercise) once every set tops it with reps to spare."""
    aim = _target(done.dose.work)
    reps = [s.reps for s in log.sets]
    done_text = ", ".join(str(r) for r in reps)
    if len(reps) < done.dose.sets:
        return _hold(
            done,
            f"You did {len(reps)} of {done.dose.sets} sets. Same again next time; we add more once you complete them "
            "all.",
        )
    if min(reps) < aim.low:
        return _hold(
            done,
            f"Your sets were {done_text} {aim.unit}; the aim is at least {aim.low} in every set. Stay at this level "
            f"until every set reaches {aim.low}: that often takes a few sessions, and that is fine.",
        )
    if min(reps) < aim.high:
        more = "one more rep per set" if aim.unit == "reps" else f"a little more per set ({aim.unit})"
        reason = (
            f"Your sets were {done_text} {aim.unit}, inside the {aim.low}-{aim.high} range. Next time aim for "
            f"{more}, up to {aim.high}; once every set reaches {aim.high}, we add load."
        )
        return replace(done, action=Action.PROGRESS_REPS, reason=reason, sources=_PROGRESSION_SOURCES)
    spare = [r for s in log.sets if (r := reps_in_reserve(s)) is not None]
    if spare and min(spare) < RIR_TO_PROGRESS:
        return _hold(
            done,
            f"You reached {aim.high} {aim.unit} in every set, but close to your limit. Same again next time; we add "
            f"load once you finish each set with about {RIR_TO_PROGRESS:g} reps to spare.",
        )
    return _more(done, ex, ctx, aim)


def _hold(done: Prescription, reason: str) -> Prescription:
    return replace(done, action=Action.HOLD, reason=reason, sources=_PROGRESSION_SOURCES)


def _more(done: Prescription, ex: Exercise, ctx: _Context, aim: _Target) -> Prescription:
    """More load: the next weight, the next band, or (at the top of what is practical) the next exercise."""
    top = f"You reached the top of the range ({aim.high}) in every set with reps to spare"
    restart = f"Start again at {aim.low} and build back up." if aim.low < aim.high else ""
    kg, band = done.dose.load.kg, done.dose.load.band
    if ex.load_type is LoadType.WEIGHTS:
        if kg is None:
            reason = f"{top}: go up to the next weight you have, and log it, so we can track the steps. {restart}"
            return replace(done, action=Action.PROGRESS_LOAD, reason=reason.strip(), sources=_PROGRESSION_SOURCES)
        new = round(kg + _step(ex), 2)
        implement = _implement(ex)
        if implement not in PRACTICAL_MAX_KG or new <= PRACTICAL_MAX_KG[implement]:
            reason = f"{top}, so it is time for a little more weight: {new:g} kg instead of {kg:g} kg. {restart}"
            p = _with(done, load=Load.of_kg(new))
            return replace(p, action=Action.PROGRESS_LOAD, reason=reason.strip(), sources=_PROGRESSION_SOURCES)
    elif ex.load_type is LoadType.BAND and band is not None and band.stronger is not None:
        stronger = band.stronger
        reason = (
            f"{top}, so next time use a stronger band: {_band_words(stronger)} instead of {_band_words(band)}. "
            f"{restart}"
        )
        p = _with(done, load=Load.of_band(stronger))
        return replace(p, action=Action.PROGRESS_BAND, reason=reason.strip(), sources=_PROGRESSION_SOURCES)
    return _beyond_load(done, ex, ctx, top, aim)


def _beyond_load(done: Prescription, ex: Exercise, ctx: _Context, top: str, aim: _Target) -> Prescription:
    """No more load to add: the next exercise in the chain, else more reps (or seconds), else another set, else hold."""
    if (new := _harder(ex, ctx)) is not None:
        reason = f"{top}, and this is as much load as {ex.name} offers you, so you move up to {new.name}."
        if aim.low < aim.high:
            reason += f" Start at {aim.low} and build back up."
        return replace(_switch(done, ex, new, Action.PROGRESS_EXERCISE), reason=reason, sources=_PROGRESSION_SOURCES)
    rule = _DOSE_RULES[ex.dose]
    if (longer := _longer(done.dose.work, rule)) is not None:
        words = describe(replace(done.dose, work=longer)).work
        reason = f"{top}. With no harder option for you yet, we raise the target to {words}."
        p = replace(_with(done, work=longer), action=Action.PROGRESS_REPS)
        return replace(p, reason=reason, sources=_PROGRESSION_SOURCES)
    sets = done.dose.sets
    if sets < MAX_SETS:
        reason = f"{top}. With no harder option for you yet, we add a set: {sets + 1} instead of {sets}."
        p = replace(_with(done, sets=sets + 1), action=Action.PROGRESS_REPS)
        return replace(p, reason=reason, sources=_PROGRESSION_SOURCES)
    reason = (
        f"{top}. This is the most {ex.name} offers with your equipment, so keep it as it is: it still keeps your "
        "glutes strong. A band or weights would let you keep building."
    )
    return _hold(done, reason)


def _longer(work: Work, rule: _DoseRule) -> Work | None:
    """The work one step longer (more reps, a longer hold, more minutes), or None past the rule's cap."""
    match work:
        case RepRange(low=low, high=high) if high + rule.step <= rule.cap:
            return RepRange(low + rule.step, high + rule.step)
        case Hold(seconds=seconds, reps=reps) if seconds + rule.step <= rule.cap:
            return Hold(seconds + rule.step, reps)
        case Duration(minutes=minutes) if minutes + rule.step <= rule.cap:
            return Duration(minutes + rule.step)
    return None


def _harder(ex: Exercise, ctx: _Context) -> Exercise | None:
    """The smallest usable step up the chain, dosed the same way; never down a level, never into jumps."""
    candidates = [
        e
        for e in ctx.library.harder(ex.id)
        if ctx.usable(e)
        and e.id != ex.id
        and e.dose is ex.dose
        and e.level >= ex.level
        and (e.category is not Category.POWER or ex.category is Category.POWER)
    ]
    return min(candidates, key=lambda e: (e.chain != ex.chain, e.level, e.load_type.rank, e.id), default=None)


# --------------------------------------------------------------------------------------------------------------
# Gaps and deloads


def resume_after_gap(current: Prescription, *, days_since_last: int, library: Library | None = None) -> Prescription:
    """Resume where the person is; after two weeks or more, one set fewer and a little lighter (never a restart).

    With `library`, weights are rounded to the exercise's equipment step; without it, to 0.5 kg.
    """
    if days_since_last < LONG_GAP_DAYS:
        reason = "Welcome back: carry on where you left off."
        return replace(current, action=Action.RESUME, reason=reason, sources=_POLICY, cue=None)
    percent = VERY_LONG_GAP_LOAD_PERCENT if days_since_last >= VERY_LONG_GAP_DAYS else GAP_LOAD_PERCENT
    sets = current.dose.sets
    p, changes = _with(current, sets=max(1, sets - 1)), []
    if p.dose.sets < sets:
        changes.append(f"{p.dose.sets} sets instead of {sets}")
    kg, band = current.dose.load.kg, current.dose.load.band
    if kg is not None:
        step = _step(library.get(p.exercise_id)) if library and p.exercise_id in library else 0.5
        new = _less_kg(kg, step, percent)
        if new > 0:
            p = _with(p, load=Load.of_kg(new))
            changes.append(f"{new:g} kg instead of {kg:g} kg")
    elif band is not None and band.lighter is not None:
        p = _with(p, load=Load.of_band(band.lighter))
        changes.append(f"{_band_words(band.lighter)} instead of {_band_words(band)}")
    lighter = f" a little lighter ({', '.join(changes)})" if changes else " gently"
    reason = (
        f"Welcome back after {days_since_last} days. You pick up where you left off,{lighter}, so your body can get "
        "used to it again; there is no need to go back to easier exercises, and you should be back to where you "
        "were within a couple of sessions."
    )
    return replace(p, action=Action.RESUME, reason=reason, sources=_POLICY, cue=None)


def deload_sets(sets: int) -> int:
    """A lighter week's sets: about 60% of the usual, at least one (gluterx_policy)."""
    return max(1, round(sets * DELOAD_VOLUME_PERCENT.value / 100))


def deload(current: Prescription, *, sets: int | None = None) -> Prescription:
    """A lighter week: fewer sets (the plan's deload `sets`, else about 60%) at the same load and technique.

    Where that is no fewer sets than now (a single set stays a single set), the prescription is unchanged.
    """
    before = current.dose.sets
    after = min(before, deload_sets(before) if sets is None else sets)
    if after >= before:
        return current
    reason = (
        f"Lighter week: {after} set{'s' if after != 1 else ''} instead of {before}, same weight and technique, "
        "so your body can catch up and you start the next block fresh."
    )
    return replace(_with(current, sets=after), action=Action.DELOAD, reason=reason, sources=_POLICY, cue=None)


# --------------------------------------------------------------------------------------------------------------
# Alerts


class AlertLevel(StrEnum):
    LOW = "low"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(AlertLevel).index(self)


@dataclass(frozen=True, slots=True)
class Alert:
    level: AlertLevel
    message: str
    sources: tuple[str, ...]


def alerts(pain_history: Sequence[tuple[date, int]], *, today: date, last_session: date | None) -> list[Alert]:
    """Pain and engagement alerts for `today` (MedBridge's levels as a yardstick, evidence.md §9), most urgent first."""
    history = sorted(((d, p) for d, p in pain_history if d <= today), key=lambda r: r[0])
    found = [_pain_alert(history), _trend_alert(history, today), _engagement_alert(today, last_session)]
    return sorted((a for a in found if a is not None), key=lambda a: -a.level.rank)


def _pain_alert(history: Sequence[tuple[date, int]]) -> Alert | None:
    """The latest pain reading against the one before it."""
    if not history:
        return None
    latest = history[-1][1]
    previous = history[-2][1] if len(history) > 1 else latest
    rise = latest - previous
    if latest >= ALERT_CRITICAL_PAIN_MIN.value:
        return Alert(
            AlertLevel.CRITICAL,
            f"Your pain is {latest}/10, which is high. Please skip the exercises that hurt for now and contact your "
            "doctor or physiotherapist soon. If it came with new numbness, weakness in a leg, or trouble with your "
            "bladder or bowels, get medical help straight away.",
            ("medbridge",),
        )
    if rise >= ALERT_HIGH_RISE.value:
        return Alert(
            AlertLevel.HIGH,
            f"Your pain went up from {previous}/10 to {latest}/10. We have eased your next session; if it has not "
            "settled within a few days, please check with a doctor or physiotherapist.",
            ("medbridge", "farrar2001"),
        )
    if latest >= ALERT_LOW_PAIN_MIN.value and rise >= ALERT_LOW_RISE.value:
        return Alert(
            AlertLevel.LOW,
            f"Your pain is {latest}/10, a little up from {previous}/10. Take it easy next session and stay within "
            "what feels comfortable.",
            ("medbridge",),
        )
    return None


def pain_rising_weekly(pain_history: Sequence[tuple[date, int]], *, today: date) -> bool:
    """True when the weekly mean pain rose week on week for RISING_WEEKS weeks in a row, up to `today`."""
    means = []
    for weeks_back in range(RISING_WEEKS + 1):
        end = today - timedelta(days=DAYS_PER_WEEK * weeks_back)
        start = end - timedelta(days=DAYS_PER_WEEK - 1)
        week = [p for d, p in pain_history if start <= d <= end]
        if not week:
            return False
        means.append(sum(week) / len(week))
    return all(newer > older for newer, older in pairwise(means))


def _trend_alert(history: Sequence[tuple[date, int]], today: date) -> Alert | None:
    if not pain_rising_weekly(history, today=today):
        return None
    return Alert(
        AlertLevel.HIGH,
        f"Your pain has gone up week after week for {RISING_WEEKS} weeks. We are easing your programme; please see "
        "a doctor or physiotherapist so they can check what is going on.",
        ("silbernagel2007", "gluterx_policy"),
    )


def _engagement_alert(today: date, last_session: date | None) -> Alert | None:
    if last_session is None:
        return None
    days = (today - last_session).days
    if days >= ALERT_INACTIVE_DAYS.value:
        return Alert(
            AlertLevel.HIGH,
            f"It has been {days} days since your last session. That happens; your next session picks up where you "
            "left off, a little lighter, so it is easy to get going again.",
            ("medbridge",),
        )
    if days * HOURS_PER_DAY > ALERT_INACTIVE_HOURS.value:  # dates only: a day counts as 24 h
        return Alert(
            AlertLevel.LOW,
            f"It has been {days} days since your last session; your next one is ready when you are.",
            ("medbridge",),
        )
    return None
