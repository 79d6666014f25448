"""The rules that turn a logged exercise into the next prescription: pain first, then where it was felt, then double
progression (see the package docstring for the order and the sources)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from gluterx.domain.anatomy import GLUTE_REGIONS, Muscle
from gluterx.domain.dose import Band, Duration, Hold, Load, LoadKind, Target, Work, target
from gluterx.domain.exercise import Category, Equipment, Exercise, Fault, Library, LoadType, Measure
from gluterx.domain.planner import DAILY_LIFE_CHAIN
from gluterx.domain.progression.loads import (
    BAND_ORDER,
    MAX_SETS,
    PRACTICAL_MAX_KG,
    REGRESS_LOAD_PERCENT,
    RIR_TO_PROGRESS,
    implement,
    less_kg,
    step_of,
)
from gluterx.domain.progression.logs import ExerciseLog, reps_in_reserve
from gluterx.domain.progression.prescription import (
    PAIN_SOURCES,
    POLICY,
    PROGRESSING,
    PROGRESSION_SOURCES,
    SPREAD_SOURCES,
    Action,
    Prescription,
    with_dose,
)
from gluterx.domain.said import Param, Reason, Said, said
from gluterx.domain.screening import Screening
from gluterx.domain.thresholds import (
    ALERT_CRITICAL_PAIN_MIN,
    PAIN_DURING_MAX,
    PAIN_ZONE_SAFE_MAX,
    PROGRESSION_EXTRA_REPS,
)

__all__ = ["LOCKED_REASON", "hold_locked", "next_prescription"]


@dataclass(frozen=True, slots=True)
class _Context:
    library: Library
    owned: frozenset[Equipment]
    screening: Screening
    phase: int
    max_load: LoadType = LoadType.WEIGHTS
    prescribed_band: Band | None = None  # a step up starts from it (or a lighter band used), never a heavier one

    def usable(self, ex: Exercise) -> bool:
        """Inside the person's equipment, contraindications and the block's load (bodyweight first), and a
        training exercise (not a daily-life one)."""
        return (
            ex.fits_equipment(self.owned)
            and self.screening.allows(ex, self.phase)
            and ex.load_type.rank <= self.max_load.rank
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
    symptoms_spread: bool = False,
    max_load: LoadType = LoadType.WEIGHTS,
) -> Prescription:
    """The next prescription after `log`: pain rules first, then where it was felt, then double progression.

    `baseline_pain` is the person's usual pain before this session (usual_pain() over their check-ins), which the
    next-morning pain is judged against; `previous_faults` counts the earlier sessions in a row in which this
    exercise was felt in the lower back or hamstrings; `pain_rising` is pain_rising_weekly() over the check-ins;
    `symptoms_spread` says leg symptoms spread further down the leg; `max_load` is the heaviest kind of load the
    plan's block allows (bodyweight first, then bands, then weights): the engine never moves past it.
    """
    if log.exercise_id != current.exercise_id:
        raise ValueError(
            f"exercise_id: the log is for {log.exercise_id!r}, the prescription for {current.exercise_id!r}"
        )
    ex = library.get(current.exercise_id)
    ctx = _Context(library, owned, screening, phase, max_load, current.dose.load.band)
    done = _as_done(current, log)
    fault = _fault(log.felt_in)
    too_much, sources = _too_much(log.pain_during, next_morning_pain, baseline_pain, pain_rising, symptoms_spread)
    if too_much:
        severe = log.pain_during >= ALERT_CRITICAL_PAIN_MIN.value
        out = _regress(done, ex, ctx, too_much, sources, severe=severe)
    elif log.pain_during > PAIN_ZONE_SAFE_MAX.value:
        out = _pain_hold(done, log.pain_during, next_morning_pain)
    elif fault is not None:
        out = _felt_elsewhere(done, ex, ctx, fault, previous_faults, after=current.action)
    else:
        out = _double_progression(done, ex, log, ctx, confirmed=current.action is Action.CONFIRM)
    if fault is not None and out.cue is None and out.exercise_id == ex.id:
        out = replace(out, cue=_fault_text(ex, fault))
    return out


def _as_done(current: Prescription, log: ExerciseLog) -> Prescription:
    """The prescription at the load or band actually used: progress from what was lifted, not what was planned.

    A band used that is more than one step above the prescribed one counts as one step above: a band never moves
    more than one step from one prescription to the next.
    """
    loads = [s.load_kg for s in log.sets if s.load_kg]
    bands = [b for s in log.sets if s.band and (b := _known_band(s.band)) is not None]
    load = current.dose.load
    if loads:
        load = Load.of_kg(min(loads))
    elif bands:
        used = min(bands, key=lambda b: b.rank)
        cap = load.band.stronger if load.band is not None else None
        load = Load.of_band(cap if cap is not None and used.rank > cap.rank else used)
    return replace(with_dose(current, load=load), cue=None)


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


def _too_much(
    during: int, morning: int | None, baseline: int, rising: bool, spread: bool
) -> tuple[Reason, tuple[str, ...]]:
    """Why the pain says step back (nothing when it does not), and the sources behind it."""
    why: list[Said] = []
    if spread:
        # The alert (leg_spread_alert) explains it once; each exercise only says it.
        why.append(said("leg_spread"))
    if during > PAIN_DURING_MAX.value:
        why += [said("pain_reached", during=during), said("pain_limit", max=PAIN_DURING_MAX.value)]
    if morning is not None and morning > baseline:
        why.append(said("pain_morning", morning=morning, baseline=baseline))
    if rising:
        why.append(said("pain_rising"))
    return Reason(tuple(why)), (*PAIN_SOURCES, *SPREAD_SOURCES) if spread else PAIN_SOURCES


def _pain_hold(done: Prescription, during: int, morning: int | None) -> Prescription:
    reason = Reason.of(
        said("pain_was", during=during),
        said("pain_acceptable", settled=morning is not None, max=PAIN_ZONE_SAFE_MAX.value),
    )
    return replace(done, action=Action.HOLD, reason=reason, sources=PAIN_SOURCES)


# A step back, and what it changes as a sentence: `alone` says it without its why ('Next time ...').
_Option = Callable[[Prescription, Exercise, _Context], tuple[Prescription, Callable[[bool], Said]] | None]


def _regress(
    done: Prescription, ex: Exercise, ctx: _Context, why: Reason, sources: tuple[str, ...], *, severe: bool
) -> Prescription:
    """Step back: less load, one fewer set or an easier exercise (the easier exercise first when pain is severe)."""
    options: list[_Option] = [_less_load, _fewer_sets, _easier_exercise]
    if severe:
        options = [_easier_exercise, _less_load, _fewer_sets]
    for option in options:
        if (found := option(done, ex, ctx)) is not None:
            stepped, what = found
            reason = why + Reason.of(what(False), said("easing_normal"))
            return replace(stepped, reason=reason, sources=sources, step=Reason.of(what(True)))
    reason = why + Reason.of(said("gentlest"))
    gentlest = Reason.of(said("gentlest_step"))
    return replace(done, action=Action.HOLD, reason=reason, sources=sources, step=gentlest)


def _less_load(done: Prescription, ex: Exercise, ctx: _Context) -> tuple[Prescription, Callable[[bool], Said]] | None:
    lighter = _lighter(done, ex, REGRESS_LOAD_PERCENT)
    if lighter is None:
        return None
    p, what = lighter
    return replace(p, action=Action.REGRESS_LOAD), what


def _lighter(done: Prescription, ex: Exercise, percent: float) -> tuple[Prescription, Callable[[bool], Said]] | None:
    """About `percent` less weight, rounded to the equipment's step, or one band lighter; None when neither."""
    kg, band = done.dose.load.kg, done.dose.load.band
    if ex.load_type is LoadType.WEIGHTS and kg is not None:
        new = less_kg(kg, step_of(ex), percent)
        if new > 0:
            return with_dose(done, load=Load.of_kg(new)), lambda alone: said(
                "ease_weight", new_kg=new, old_kg=kg, alone=alone
            )
    if ex.load_type is LoadType.BAND and band is not None and band.lighter is not None:
        lighter = band.lighter
        return with_dose(done, load=Load.of_band(lighter)), lambda alone: said(
            "ease_band", band=lighter.value, was_band=band.value, alone=alone
        )
    return None


def _fewer_sets(done: Prescription, ex: Exercise, ctx: _Context) -> tuple[Prescription, Callable[[bool], Said]] | None:
    sets = done.dose.sets
    if sets <= 1:
        return None
    p = replace(with_dose(done, sets=sets - 1), action=Action.REGRESS_SETS)
    weighted = done.dose.load.kg is not None
    return p, lambda alone: said("ease_sets", sets=sets - 1, was_sets=sets, weighted=weighted, alone=alone)


def _easier_exercise(
    done: Prescription, ex: Exercise, ctx: _Context
) -> tuple[Prescription, Callable[[bool], Said]] | None:
    candidates = [e for e in ctx.library.easier(ex.id) if _fits_swap(e, ex, ctx)]
    if not candidates:
        return None
    new = min(candidates, key=lambda e: (e.chain != ex.chain, -e.level, e.id))
    p = _switch(done, ex, new, Action.REGRESS_EXERCISE)
    return p, lambda alone: said("ease_exercise", name=new.name, alone=alone)


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
    same = implement(old) is not None and implement(old) == implement(new)
    carried = done.dose.load
    load: Load
    if new.load_type is LoadType.WEIGHTS:
        load = carried if same and carried.kind is LoadKind.KG else Load.in_reserve(RIR_TO_PROGRESS, RIR_TO_PROGRESS)
    elif new.load_type is LoadType.BAND:
        load = carried if same and carried.band is not None else Load.of_band(Band.LIGHT)
    else:
        load = Load.bodyweight(carried.guidance if carried.kind is LoadKind.BODYWEIGHT else None)
    switched = with_dose(done, load=load, per_side=new.unilateral and new.dose is not Measure.MINUTES)
    return replace(switched, exercise_id=new.id, action=action, cue=None)


# --- 2. where it was felt ---------------------------------------------------------------------------------------

_WHERE = {Fault.LOWER_BACK: "lower back", Fault.HAMSTRINGS: "hamstrings"}
# A second cue when the exercise has only one for the fault (our own words, gluterx_policy).
_OTHER_CUE = {
    Fault.LOWER_BACK: (
        "Before each rep, breathe out and let your ribs drop towards your hips, then move only as far as you can "
        "without your lower back arching. A smaller movement is fine."
    ),
    Fault.HAMSTRINGS: (
        "Bring your feet a little closer to you and push through your heels and the whole foot, squeezing your "
        "buttocks first, before you lift."
    ),
}
# Actions that say the engine already moved the slot because it was felt in the wrong place.
_MOVED_FOR_FAULT = frozenset({Action.SWAP, Action.REFER})


def _felt_elsewhere(
    done: Prescription, ex: Exercise, ctx: _Context, fault: Fault, previous: int, *, after: Action
) -> Prescription:
    """Felt in the wrong place: a cue, then a different cue or an easier exercise, then a sideways swap (or, with
    none, a shorter range), then a physiotherapist (never the same cue over and over)."""
    if after in _MOVED_FOR_FAULT:
        return _refer(done, ex, fault, previous, swapped=after is Action.SWAP)
    if previous == 0:
        return _cue(done, ex, fault)
    if previous == 1:
        easier = _easier_for(ex, ctx, fault)
        return _swap(done, ex, easier, fault) if easier is not None else _second_cue(done, ex, fault)
    if previous == 2:
        sideways = _sideways_for(ex, ctx, fault)
        return _swap(done, ex, sideways, fault) if sideways is not None else _shorter_range(done, fault)
    return _refer(done, ex, fault, previous, swapped=False)


def _cue(done: Prescription, ex: Exercise, fault: Fault) -> Prescription:
    cue = _fault_text(ex, fault)
    reason = Reason.of(said("felt_mostly", where=fault.value), said("felt_fix"))
    return replace(done, action=Action.CUE, reason=reason, sources=POLICY, cue=cue)


def _cues(ex: Exercise, fault: Fault) -> list[str]:
    """Every cue for this fault, the exercise's own fix first, each once."""
    return list(dict.fromkeys([_fault_text(ex, fault), *ex.cues, _OTHER_CUE[fault]]))


def _second_cue(done: Prescription, ex: Exercise, fault: Fault) -> Prescription:
    cue = _cues(ex, fault)[1]
    reason = Reason.of(said("felt_again", where=fault.value), said("other_tip"))
    return replace(done, action=Action.CUE, reason=reason, sources=POLICY, cue=cue)


def _shorter_range(done: Prescription, fault: Fault) -> Prescription:
    """The third time with no other exercise to swap to: the same exercise in a shorter range."""
    cue = (
        "Do only the part of the movement where you feel your buttocks working, and stop before your "
        f"{_WHERE[fault]} takes over, even if that is a small movement."
    )
    reason = Reason.of(said("felt_third", where=fault.value), said("shorter_range"))
    return replace(done, action=Action.CUE, reason=reason, sources=POLICY, cue=cue)


def _refer(done: Prescription, ex: Exercise, fault: Fault, previous: int, *, swapped: bool) -> Prescription:
    """Still felt in the wrong place after the tips and a change of exercise or range: a physiotherapist should
    see it. The tip changes each time (never the same one over and over)."""
    cues = _cues(ex, fault)
    cue = cues[(previous + 2) % len(cues)]
    reason = Reason.of(said("felt_several", where=fault.value, swapped=swapped), said("see_physio"), said("until_then"))
    return replace(done, action=Action.REFER, reason=reason, sources=POLICY, cue=cue)


def _spares(new: Exercise, ex: Exercise, fault: Fault) -> bool:
    """Glute-focused, and for the lower back no more load on the spine."""
    return _glute_focused(new) and (fault is not Fault.LOWER_BACK or new.spinal_load.rank <= ex.spinal_load.rank)


def _easier_for(ex: Exercise, ctx: _Context, fault: Fault) -> Exercise | None:
    """A simpler glute-focused exercise from the chain or the same pattern, or None."""
    easier = {e.id for e in ctx.library.easier(ex.id)}
    same_pattern = [e for e in ctx.library if set(e.patterns) & set(ex.patterns) and e.level < ex.level]
    candidates = [
        e for e in [*ctx.library.easier(ex.id), *same_pattern] if _fits_swap(e, ex, ctx) and _spares(e, ex, fault)
    ]
    return min(candidates, key=lambda e: (e.id not in easier, e.chain != ex.chain, -e.level, e.id), default=None)


def _sideways_for(ex: Exercise, ctx: _Context, fault: Fault) -> Exercise | None:
    """Another glute-focused exercise of the same pattern and level or below (for example a bridge with the knees
    apart, kang2016, or a hold), when there is no easier one."""
    listed = [e.id for e in ctx.library.sideways(ex.id)]  # the library's own sideways swaps, gentlest first
    candidates = [
        e
        for e in ctx.library
        if set(e.patterns) & set(ex.patterns) and _fits_swap(e, ex, ctx) and _spares(e, ex, fault)
    ]
    return min(
        candidates,
        key=lambda e: (
            listed.index(e.id) if e.id in listed else len(listed),
            e.chain != ex.chain,
            not e.isometric,
            e.spinal_load.rank,
            ex.level - e.level,
            e.id,
        ),
        default=None,
    )


def _swap(done: Prescription, ex: Exercise, new: Exercise, fault: Fault) -> Prescription:
    reason = Reason.of(said("swap_felt", name=ex.name, where=fault.value, new=new.name), said("build_back"))
    return replace(_switch(done, ex, new, Action.SWAP), reason=reason, sources=POLICY)


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


def _double_progression(
    done: Prescription, ex: Exercise, log: ExerciseLog, ctx: _Context, *, confirmed: bool
) -> Prescription:
    """Reps first, inside the range; then, after two sessions in a row that top it with reps to spare (`confirmed`:
    the session before was the first), one change: load, band, a set or the next exercise."""
    aim = target(done.dose.work)
    reps = tuple(s.reps for s in log.sets)
    if len(reps) < done.dose.sets:
        return _hold(done, said("sets_done", done=len(reps), sets=done.dose.sets), said("complete_all"))
    if min(reps) < aim.low:
        return _hold(done, said("below_range", reps=reps, unit=aim.unit, low=aim.low), said("stay_until", low=aim.low))
    if min(reps) < aim.high:
        reason = Reason.of(
            said("inside_range", reps=reps, unit=aim.unit, low=aim.low, high=aim.high),
            said("aim_more", unit=aim.unit, high=aim.high),
        )
        return replace(done, action=Action.PROGRESS_REPS, reason=reason, sources=PROGRESSION_SOURCES)
    # Reps in reserve say how close to failure a set of reps was; a hold or a walk has none to count.
    spare = [r for s in log.sets if (r := reps_in_reserve(s)) is not None] if aim.unit == "reps" else []
    if spare and min(spare) < RIR_TO_PROGRESS:
        return _hold(
            done, said("near_limit", high=aim.high, unit=aim.unit), said("spare_first", rir=float(RIR_TO_PROGRESS))
        )
    if not confirmed:
        return _confirm(done, aim)
    return _more(done, ex, ctx, aim)


def _confirm(done: Prescription, aim: Target) -> Prescription:
    """The first qualifying session: the same again, to show it was not a one-off (QUALIFYING_SESSIONS)."""
    reason = Reason.of(said("well_done", unit=aim.unit, high=aim.high), said("once_more"))
    return replace(done, action=Action.CONFIRM, reason=reason, sources=PROGRESSION_SOURCES)


def _hold(done: Prescription, *reason: Said) -> Prescription:
    return replace(done, action=Action.HOLD, reason=Reason(reason), sources=PROGRESSION_SOURCES)


def _more(done: Prescription, ex: Exercise, ctx: _Context, aim: Target) -> Prescription:
    """More load: the next weight, the next band, or (at the top of what is practical) the next exercise."""
    top: dict[str, Param] = {"unit": aim.unit, "high": aim.high}  # "You reached the top of the range ..."
    restart = Reason.of(said("start_again", low=aim.low)) if aim.low < aim.high else Reason()
    kg, band = done.dose.load.kg, done.dose.load.band
    if ex.load_type is LoadType.WEIGHTS:
        if kg is None:
            reason = Reason.of(said("next_weight", **top)) + restart
            return replace(done, action=Action.PROGRESS_LOAD, reason=reason, sources=PROGRESSION_SOURCES)
        new = round(kg + step_of(ex), 2)
        tool = implement(ex)
        if tool not in PRACTICAL_MAX_KG or new <= PRACTICAL_MAX_KG[tool]:
            reason = Reason.of(said("more_weight", **top, new_kg=new, old_kg=kg)) + restart
            p = with_dose(done, load=Load.of_kg(new))
            return replace(p, action=Action.PROGRESS_LOAD, reason=reason, sources=PROGRESSION_SOURCES)
    elif ex.load_type is LoadType.BAND and (band := _lower(band, ctx.prescribed_band)) and band.stronger is not None:
        stronger = band.stronger
        reason = Reason.of(said("stronger_band", **top, band=stronger.value, was_band=band.value)) + restart
        p = with_dose(done, load=Load.of_band(stronger))
        return replace(p, action=Action.PROGRESS_BAND, reason=reason, sources=PROGRESSION_SOURCES)
    return _beyond_load(done, ex, ctx, top, aim)


def _lower(used: Band | None, prescribed: Band | None) -> Band | None:
    """The band a step up starts from: the prescribed one, or the one used when it was lighter. A heavier band
    used on the day never makes the step bigger: one band at a time."""
    if used is None or prescribed is None:
        return used or prescribed
    return min(used, prescribed, key=lambda b: b.rank)


def _beyond_load(done: Prescription, ex: Exercise, ctx: _Context, top: dict[str, Param], aim: Target) -> Prescription:
    """No more load to add: the next exercise in the chain, else a longer hold or walk (never a rep range past the
    phase's), else another set, else hold."""
    if (new := _harder(ex, ctx)) is not None:
        reason = Reason.of(said("next_exercise", **top, name=ex.name, new=new.name))
        if aim.low < aim.high:
            reason += Reason.of(said("start_at", low=aim.low))
        return replace(_switch(done, ex, new, Action.PROGRESS_EXERCISE), reason=reason, sources=PROGRESSION_SOURCES)
    rule = _DOSE_RULES[ex.dose]
    if (longer := _longer(done.dose.work, rule)) is not None:
        work: dict[str, Param] = (
            {"seconds": longer.seconds, "reps": longer.reps}
            if isinstance(longer, Hold)
            else {"minutes": longer.minutes}
        )
        reason = Reason.of(said("top", **top), said("raise_target", **work, per_side=done.dose.per_side))
        p = replace(with_dose(done, work=longer), action=Action.PROGRESS_REPS)
        return replace(p, reason=reason, sources=PROGRESSION_SOURCES)
    sets = done.dose.sets
    if sets < MAX_SETS:
        reason = Reason.of(said("top", **top), said("add_set", sets=sets + 1, was_sets=sets))
        p = replace(with_dose(done, sets=sets + 1), action=Action.PROGRESS_REPS)
        return replace(p, reason=reason, sources=PROGRESSION_SOURCES)
    return _hold(done, said("top", **top), said("most_it_offers", name=ex.name), said("band_or_weights"))


def _longer(work: Work, rule: _DoseRule) -> Hold | Duration | None:
    """The work one step longer (a longer hold, more minutes), or None past the rule's cap. A rep range stays the
    phase's: reps grow inside it, and the load, a set or the exercise grows past it."""
    match work:
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


LOCKED_REASON = Reason.of(said("locked"))


def hold_locked(current: Prescription, out: Prescription) -> Prescription:
    """`out` for an exercise whose automatic progression the clinician has turned off (a `Lock`): a step up (or the
    top of the range to confirm) becomes a hold at the current dose; the pain and safety rules (easing, a cue, a
    swap, a referral) still speak (gluterx_policy)."""
    if out.action in PROGRESSING or out.action is Action.CONFIRM:
        return replace(current, action=Action.HOLD, reason=LOCKED_REASON, sources=POLICY, cue=out.cue,
                       step=Reason())  # fmt: skip
    return out
