# ruff: noqa
# mypy: ignore-errors
# The text-era reference, frozen as it was at c3a8b29 (before reasons had parts): the property test in
# tests/domain/test_said.py checks that every reason the engine and planner now give, rendered for a kg reader, is
# this code's text byte for byte. Do not edit, except to follow renames of what it imports.
"""The rules that turn a logged exercise into the next prescription: pain first, then where it was felt, then double
progression (see the package docstring for the order and the sources)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from gluterx.domain.anatomy import GLUTE_REGIONS, Muscle
from gluterx.domain.dose import Band, Duration, Hold, Load, LoadKind, Target, Work, describe, target
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
) -> tuple[str, tuple[str, ...]]:
    """Why the pain says step back ('' when it does not), and the sources behind it."""
    why = []
    if spread:
        # The alert (leg_spread_alert) explains it once; each exercise only says it.
        why.append("Your leg symptoms spread further down your leg with this session, a sign to ease off.")
    if during > PAIN_DURING_MAX.value:
        why.append(
            f"Your pain reached {during}/10 during this exercise. Up to {PAIN_DURING_MAX.value:g}/10 is fine while you "
            "train, but more than that means it is too much for now."
        )
    if morning is not None and morning > baseline:
        why.append(
            f"Your pain the next morning was {morning}/10, above the {baseline}/10 it has usually been lately, which "
            "tells us the last session was a bit too much."
        )
    if rising:
        why.append(
            "Your pain has been creeping up week after week, so we ease off; please also ask a doctor or "
            "physiotherapist to check it."
        )
    return " ".join(why), (*PAIN_SOURCES, *SPREAD_SOURCES) if spread else PAIN_SOURCES


def _pain_hold(done: Prescription, during: int, morning: int | None) -> Prescription:
    settled = " and it settled by the next morning" if morning is not None else ""
    reason = (
        f"Your pain was {during}/10 during this exercise. That is acceptable{settled}, but it is not the moment to "
        f"add more: same again next time, and we build up once it stays at {PAIN_ZONE_SAFE_MAX.value:g}/10 or less."
    )
    return replace(done, action=Action.HOLD, reason=reason, sources=PAIN_SOURCES)


_Option = Callable[[Prescription, Exercise, _Context], tuple[Prescription, str] | None]


def _regress(
    done: Prescription, ex: Exercise, ctx: _Context, why: str, sources: tuple[str, ...], *, severe: bool
) -> Prescription:
    """Step back: less load, one fewer set or an easier exercise (the easier exercise first when pain is severe)."""
    options: list[_Option] = [_less_load, _fewer_sets, _easier_exercise]
    if severe:
        options = [_easier_exercise, _less_load, _fewer_sets]
    for option in options:
        if (found := option(done, ex, ctx)) is not None:
            stepped, what = found
            reason = f"{why} So next time {what}. Easing off like this is a normal part of getting stronger with pain."
            return replace(stepped, reason=reason, sources=sources, step=f"Next time {what}.")
    reason = (
        f"{why} This is already the gentlest version we have for you, so keep it to a small, comfortable range of "
        "movement, and if the pain does not settle within a few days, please see a doctor or physiotherapist."
    )
    gentlest = "Already the gentlest version: keep it to a small, comfortable range of movement."
    return replace(done, action=Action.HOLD, reason=reason, sources=sources, step=gentlest)


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
        new = less_kg(kg, step_of(ex), percent)
        if new > 0:
            return with_dose(
                done, load=Load.of_kg(new)
            ), f"we use a little less weight: {new:g} kg instead of {kg:g} kg"
    if ex.load_type is LoadType.BAND and band is not None and band.lighter is not None:
        lighter = band.lighter
        return with_dose(done, load=Load.of_band(lighter)), (
            f"we use a lighter band: {band_words(lighter)} instead of {band_words(band)}"
        )
    return None


def _fewer_sets(done: Prescription, ex: Exercise, ctx: _Context) -> tuple[Prescription, str] | None:
    sets = done.dose.sets
    if sets <= 1:
        return None
    p = replace(with_dose(done, sets=sets - 1), action=Action.REGRESS_SETS)
    same = "with the same weight" if done.dose.load.kg is not None else "otherwise the same"
    return p, f"we do one set fewer: {sets - 1} instead of {sets}, {same}"


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
    reason = (
        f"You felt it mostly in your {_WHERE[fault]} rather than your glutes. That is common and easy to fix: keep "
        "the same amount next time and try the tip below."
    )
    return replace(done, action=Action.CUE, reason=reason, sources=POLICY, cue=cue)


def _cues(ex: Exercise, fault: Fault) -> list[str]:
    """Every cue for this fault, the exercise's own fix first, each once."""
    return list(dict.fromkeys([_fault_text(ex, fault), *ex.cues, _OTHER_CUE[fault]]))


def _second_cue(done: Prescription, ex: Exercise, fault: Fault) -> Prescription:
    cue = _cues(ex, fault)[1]
    reason = (
        f"You felt it in your {_WHERE[fault]} again. This is already the simplest version, so here is a different "
        "tip to try, with the same amount."
    )
    return replace(done, action=Action.CUE, reason=reason, sources=POLICY, cue=cue)


def _shorter_range(done: Prescription, fault: Fault) -> Prescription:
    """The third time with no other exercise to swap to: the same exercise in a shorter range."""
    cue = (
        "Do only the part of the movement where you feel your buttocks working, and stop before your "
        f"{_WHERE[fault]} takes over, even if that is a small movement."
    )
    reason = (
        f"You felt it in your {_WHERE[fault]} a third time. There is no gentler exercise of this kind for you, so "
        "keep the same amount in a shorter range."
    )
    return replace(done, action=Action.CUE, reason=reason, sources=POLICY, cue=cue)


def _refer(done: Prescription, ex: Exercise, fault: Fault, previous: int, *, swapped: bool) -> Prescription:
    """Still felt in the wrong place after the tips and a change of exercise or range: a physiotherapist should
    see it. The tip changes each time (never the same one over and over)."""
    cues = _cues(ex, fault)
    cue = cues[(previous + 2) % len(cues)]
    tried = "new tips and a change of exercise" if swapped else "new tips and a shorter range"
    reason = (
        f"You have felt this in your {_WHERE[fault]} several times now, even after {tried}. Please show your "
        "exercises to a physiotherapist: they can watch you move and find what suits your body. Until then keep "
        "the same amount, with a smaller, comfortable range."
    )
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
    reason = (
        f"You felt {ex.name} in your {_WHERE[fault]} again rather than your glutes, so we swap it for {new.name}, "
        "which is easier to feel in the glutes. Once your glutes are doing the work, we build back up."
    )
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
        return replace(done, action=Action.PROGRESS_REPS, reason=reason, sources=PROGRESSION_SOURCES)
    # Reps in reserve say how close to failure a set of reps was; a hold or a walk has none to count.
    spare = [r for s in log.sets if (r := reps_in_reserve(s)) is not None] if aim.unit == "reps" else []
    if spare and min(spare) < RIR_TO_PROGRESS:
        return _hold(
            done,
            f"You reached {aim.high} {aim.unit} in every set, but close to your limit. Same again next time; we add "
            f"load once you finish each set with about {RIR_TO_PROGRESS:g} reps to spare.",
        )
    if not confirmed:
        return _confirm(done, aim)
    return _more(done, ex, ctx, aim)


def _confirm(done: Prescription, aim: Target) -> Prescription:
    """The first qualifying session: the same again, to show it was not a one-off (QUALIFYING_SESSIONS)."""
    did = f"{'reached' if aim.unit == 'reps' else 'held'} {aim.high} {aim.unit} in every set"
    reason = (
        f"Well done: you {did}. Do the same once more next time; if it goes as well again, we make one thing a "
        "little harder."
    )
    return replace(done, action=Action.CONFIRM, reason=reason, sources=PROGRESSION_SOURCES)


def _hold(done: Prescription, reason: str) -> Prescription:
    return replace(done, action=Action.HOLD, reason=reason, sources=PROGRESSION_SOURCES)


def _more(done: Prescription, ex: Exercise, ctx: _Context, aim: Target) -> Prescription:
    """More load: the next weight, the next band, or (at the top of what is practical) the next exercise."""
    top = (
        f"You reached the top of the range ({aim.high}) in every set with reps to spare"
        if aim.unit == "reps"
        else f"You held {aim.high} {aim.unit} in every set"
    )
    restart = f"Start again at {aim.low} and build back up." if aim.low < aim.high else ""
    kg, band = done.dose.load.kg, done.dose.load.band
    if ex.load_type is LoadType.WEIGHTS:
        if kg is None:
            reason = f"{top}: go up to the next weight you have, and log it, so we can track the steps. {restart}"
            return replace(done, action=Action.PROGRESS_LOAD, reason=reason.strip(), sources=PROGRESSION_SOURCES)
        new = round(kg + step_of(ex), 2)
        tool = implement(ex)
        if tool not in PRACTICAL_MAX_KG or new <= PRACTICAL_MAX_KG[tool]:
            reason = f"{top}, so it is time for a little more weight: {new:g} kg instead of {kg:g} kg. {restart}"
            p = with_dose(done, load=Load.of_kg(new))
            return replace(p, action=Action.PROGRESS_LOAD, reason=reason.strip(), sources=PROGRESSION_SOURCES)
    elif ex.load_type is LoadType.BAND and (band := _lower(band, ctx.prescribed_band)) and band.stronger is not None:
        stronger = band.stronger
        reason = (
            f"{top}, so next time use a stronger band: {band_words(stronger)} instead of {band_words(band)}. {restart}"
        )
        p = with_dose(done, load=Load.of_band(stronger))
        return replace(p, action=Action.PROGRESS_BAND, reason=reason.strip(), sources=PROGRESSION_SOURCES)
    return _beyond_load(done, ex, ctx, top, aim)


def _lower(used: Band | None, prescribed: Band | None) -> Band | None:
    """The band a step up starts from: the prescribed one, or the one used when it was lighter. A heavier band
    used on the day never makes the step bigger: one band at a time."""
    if used is None or prescribed is None:
        return used or prescribed
    return min(used, prescribed, key=lambda b: b.rank)


def _beyond_load(done: Prescription, ex: Exercise, ctx: _Context, top: str, aim: Target) -> Prescription:
    """No more load to add: the next exercise in the chain, else a longer hold or walk (never a rep range past the
    phase's), else another set, else hold."""
    if (new := _harder(ex, ctx)) is not None:
        reason = f"{top}, and this is as much load as {ex.name} offers you, so you move up to {new.name}."
        if aim.low < aim.high:
            reason += f" Start at {aim.low} and build back up."
        return replace(_switch(done, ex, new, Action.PROGRESS_EXERCISE), reason=reason, sources=PROGRESSION_SOURCES)
    rule = _DOSE_RULES[ex.dose]
    if (longer := _longer(done.dose.work, rule)) is not None:
        words = describe(replace(done.dose, work=longer)).work
        reason = f"{top}. With no harder option for you yet, we raise the target to {words}."
        p = replace(with_dose(done, work=longer), action=Action.PROGRESS_REPS)
        return replace(p, reason=reason, sources=PROGRESSION_SOURCES)
    sets = done.dose.sets
    if sets < MAX_SETS:
        reason = f"{top}. With no harder option for you yet, we add a set: {sets + 1} instead of {sets}."
        p = replace(with_dose(done, sets=sets + 1), action=Action.PROGRESS_REPS)
        return replace(p, reason=reason, sources=PROGRESSION_SOURCES)
    reason = (
        f"{top}. This is the most {ex.name} offers with your equipment, so keep it as it is: it still keeps your "
        "glutes strong. A band or weights would let you keep building."
    )
    return _hold(done, reason)


def _longer(work: Work, rule: _DoseRule) -> Work | None:
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


LOCKED_REASON = "Kept as your clinician set it: they have paused the automatic steps up for this exercise."


def hold_locked(current: Prescription, out: Prescription) -> Prescription:
    """`out` for an exercise whose automatic progression the clinician has turned off (a `Lock`): a step up (or the
    top of the range to confirm) becomes a hold at the current dose; the pain and safety rules (easing, a cue, a
    swap, a referral) still speak (gluterx_policy)."""
    if out.action in PROGRESSING or out.action is Action.CONFIRM:
        return replace(current, action=Action.HOLD, reason=LOCKED_REASON, sources=POLICY, cue=out.cue,
                       step="")  # fmt: skip
    return out


def band_words(band):
    return f"the {band.words} band" if band else "your band"
