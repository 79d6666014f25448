"""Reasons as values: what the planner and the engine say, one sentence at a time, rendered for a reader.

A `Reason` is a tuple of `Said`: each one sentence, as a code and its typed parameters (a weight is a float of kg
named `*_kg`, a band its `Band` value, a count an int). The store keeps the parts (JSON), never the words, so a
person who reads pounds reads pounds, and `notes.said_once` compares sentences as values, not as text.
`Reason.words(unit)` is the one place a reason becomes words; for kg it is the wording the engine always wrote. A
reason stored as text before reasons had parts is one `text` part, said as written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from gluterx.domain.dose import Band, Duration, Hold, weight_words, work_words
from gluterx.domain.units import MassUnit

__all__ = ["CODES", "Param", "Reason", "Said", "said"]

Param = str | int | float | bool | tuple[int, ...] | None


@dataclass(frozen=True, slots=True)
class Said:
    """One sentence: its `code` and its parameters (sorted by name, so equal sentences are equal values)."""

    code: str
    params: tuple[tuple[str, Param], ...] = ()

    def __post_init__(self) -> None:
        if self.code not in _WORDS:
            raise ValueError(f"code: {self.code!r} is not a sentence GluteRx knows")

    def get(self, name: str) -> Param:
        return dict(self.params).get(name)

    def words(self, unit: MassUnit = MassUnit.KG) -> str:
        return _WORDS[self.code](_Params(dict(self.params), unit))

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": {k: list(v) if isinstance(v, tuple) else v for k, v in self.params}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Said:
        params = data.get("params") or {}
        return said(str(data["code"]), **{k: tuple(v) if isinstance(v, list) else v for k, v in params.items()})


def said(code: str, **params: Param) -> Said:
    return Said(code, tuple(sorted(params.items())))


@dataclass(frozen=True, slots=True)
class Reason:
    """Why: its sentences in order. Empty when nothing is said."""

    parts: tuple[Said, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.parts)

    def __add__(self, other: Reason) -> Reason:
        return Reason((*self.parts, *other.parts))

    @classmethod
    def of(cls, *parts: Said) -> Reason:
        return cls(parts)

    @classmethod
    def as_written(cls, text: str) -> Reason:
        """Words written before reasons had parts (an old row or backup): one part, said as written."""
        return cls((said("text", words=text),)) if text else cls()

    def words(self, unit: MassUnit = MassUnit.KG) -> str:
        return " ".join(s.words(unit) for s in self.parts)

    def as_json(self) -> list[dict[str, Any]]:
        return [s.as_json() for s in self.parts]

    @classmethod
    def from_json(cls, data: Iterable[Mapping[str, Any]]) -> Reason:
        return cls(tuple(Said.from_json(d) for d in data))


@dataclass(frozen=True, slots=True)
class _Params:
    values: dict[str, Param]
    unit: MassUnit

    def s(self, name: str) -> str:
        return str(self.values[name])

    def i(self, name: str) -> int:
        value = self.values[name]
        if not isinstance(value, int):
            raise TypeError(f"{name}: {value!r} is not a whole number")
        return value

    def f(self, name: str) -> float:
        value = self.values[name]
        if not isinstance(value, int | float):
            raise TypeError(f"{name}: {value!r} is not a number")
        return float(value)

    def b(self, name: str) -> bool:
        return bool(self.values.get(name))

    def has(self, name: str) -> bool:
        return self.values.get(name) is not None

    def kg(self, name: str) -> str:
        """A weight in the reader's unit: exactly as the engine has always written kg, to 0.1 lb for pounds."""
        kg = self.f(name)
        return f"{kg:g} kg" if self.unit is MassUnit.KG else weight_words(kg, self.unit)

    def band(self, name: str) -> str:
        return f"the {Band(self.s(name)).words} band"

    def reps(self, name: str) -> str:
        value = self.values[name]
        if not isinstance(value, tuple):
            raise TypeError(f"{name}: {value!r} is not a list of counts")
        return ", ".join(str(r) for r in value)


_WHERE = {"lower_back": "lower back", "hamstrings": "hamstrings"}
_MUSCLE = {"gmed": "gluteus medius", "gmax": "gluteus maximus"}


def _owned(p: _Params) -> str:
    return "that needs no equipment" if p.b("no_equipment") else "with the equipment you have"


def _top(p: _Params) -> str:
    """'You reached the top of the range (12) in every set with reps to spare' or 'You held 30 seconds ...'."""
    if p.s("unit") == "reps":
        return f"You reached the top of the range ({p.i('high')}) in every set with reps to spare"
    return f"You held {p.i('high')} {p.s('unit')} in every set"


def _next_time(what: str) -> Callable[[_Params], str]:
    """'So next time {what}.' in a reason, 'Next time {what}.' on its own (`alone`: a step without its why)."""
    return lambda p: f"{'Next' if p.b('alone') else 'So next'} time {what.format_map(_Lazy(p))}."


class _Lazy(dict[str, str]):
    """Fields of a `what` template: `new_kg` and `old_kg` in the reader's unit, `band`/`was` as band words."""

    def __init__(self, p: _Params) -> None:
        super().__init__()
        self.p = p

    def __missing__(self, key: str) -> str:
        if key.endswith("_kg"):
            return self.p.kg(key)
        if key in ("band", "was_band"):
            return self.p.band(key)
        return self.p.s(key)


def _gap(p: _Params) -> str:
    changes = []
    if p.has("sets"):
        changes.append(f"{p.i('sets')} sets instead of {p.i('was_sets')}")
    if p.has("new_kg"):
        changes.append(f"{p.kg('new_kg')} instead of {p.kg('old_kg')}")
    if p.has("band"):
        changes.append(f"{p.band('band')} instead of {p.band('was_band')}")
    lighter = f" a little lighter ({', '.join(changes)})" if changes else " gently"
    return (
        f"You pick up where you left off,{lighter}, so your body can get used to it again; there is no need to go "
        "back to easier exercises, and you should be back to where you were within a couple of sessions."
    )


def _work(p: _Params) -> str:
    work = Hold(p.i("seconds"), p.i("reps")) if p.has("seconds") else Duration(p.i("minutes"))
    return work_words(work, per_side=p.b("per_side"))


def _fixed(text: str) -> Callable[[_Params], str]:
    return lambda p: text


_WORDS: dict[str, Callable[[_Params], str]] = {
    "text": lambda p: p.s("words"),
    # --- the planner ---
    "purpose": lambda p: f"{p.s('name')}: {p.s('purpose')}.",
    "measured": lambda p: (
        f"It is {'the highest-activating measured choice' if p.b('best') else 'a well-activating choice'} for the "
        f"{_MUSCLE[p.s('muscle')]} at this stage {_owned(p)} ({p.s('band')} activation in studies: {p.s('cited')})."
    ),
    "review_rated": lambda p: (
        f"A review rated its {_MUSCLE[p.s('muscle')]} work {p.s('band')} ({p.s('cited')}), and it fits this stage "
        f"{_owned(p)}."
    ),
    "estimated": lambda p: (
        f"No checked %MVIC figure for its {_MUSCLE[p.s('muscle')]} is on file; our estimate"
        f"{', from its ' + _MUSCLE[p.s('other')] + ' figures,' if p.has('other') else ''} is {p.s('band')}, and it "
        f"fits this stage {_owned(p)}."
    ),
    "studies_compare": lambda p: f"Studies on file compare it with other exercises ({p.s('cited')}).",
    "knee_light": _fixed("It keeps knee bending light, which suits your knee."),
    "back_light": _fixed("It puts little load on your lower back."),
    "bodyweight_first": _fixed(
        "Bodyweight first: bands and weights come once you can feel your glutes doing the work."
    ),
    "sitting_break": lambda p: f"{p.s('name')}: a sitting break.",
    "sitting_hours": lambda p: (
        f"You sit about {p.f('hours'):g} hours a day; every 30-60 minutes, stand up and squeeze your glutes for a few "
        "seconds, so they stay switched on between sessions."
    ),
    "pelvic_floor": lambda p: f"{p.s('name')}: your pelvic floor holds up your bladder, bowel and womb.",
    "pelvic_floor_how": _fixed(
        "Ten slow squeezes, each held for up to ten seconds, then a few quick ones; do them here and twice more "
        "through the day."
    ),
    "week_lighter": _fixed("Lighter week: fewer sets, same technique, so you start the next phase fresh."),
    "week_more": _fixed("One more set than earlier in this phase: your glutes are ready for more work."),
    "drill": lambda p: (
        f"{p.s('name')}: a short {'balance' if p.b('balance') else 'glute'} drill to go with today's activity; "
        f"{p.s('purpose')}."
    ),
    "activity": lambda p: (
        f"Optional, on top of the {p.i('asked')} glute session{'s' if p.i('asked') != 1 else ''} a week you asked "
        f"for: low-impact activity for your goals ({p.s('goals')})."
    ),
    "activity_advice": _fixed(
        "Adults are advised 150-300 minutes of moderate activity a week, and aerobic exercise eases joint pain as "
        "well as strengthening does; skip it on a busy day."
    ),
    "swapped_in": lambda p: (
        f"{p.s('name')}, in place of {p.s('was')} "
        f"({'your clinician' + chr(39) + 's choice' if p.b('clinician') else 'your choice'}): {p.s('purpose')}."
    ),
    "added": lambda p: (
        f"{p.s('name')}, added ({'your clinician' + chr(39) + 's choice' if p.b('clinician') else 'your choice'}): "
        f"{p.s('purpose')}."
    ),
    # --- the engine: pain ---
    "leg_spread": _fixed("Your leg symptoms spread further down your leg with this session, a sign to ease off."),
    "pain_reached": lambda p: f"Your pain reached {p.i('during')}/10 during this exercise.",
    "pain_limit": lambda p: (
        f"Up to {p.f('max'):g}/10 is fine while you train, but more than that means it is too much for now."
    ),
    "pain_morning": lambda p: (
        f"Your pain the next morning was {p.i('morning')}/10, above the {p.i('baseline')}/10 it has usually been "
        "lately, which tells us the last session was a bit too much."
    ),
    "pain_rising": _fixed(
        "Your pain has been creeping up week after week, so we ease off; please also ask a doctor or "
        "physiotherapist to check it."
    ),
    "pain_was": lambda p: f"Your pain was {p.i('during')}/10 during this exercise.",
    "pain_acceptable": lambda p: (
        f"That is acceptable{' and it settled by the next morning' if p.b('settled') else ''}, but it is not the "
        f"moment to add more: same again next time, and we build up once it stays at {p.f('max'):g}/10 or less."
    ),
    "ease_weight": _next_time("we use a little less weight: {new_kg} instead of {old_kg}"),
    "ease_band": _next_time("we use a lighter band: {band} instead of {was_band}"),
    "ease_sets": lambda p: _next_time(
        f"we do one set fewer: {{sets}} instead of {{was_sets}}, "
        f"{'with the same weight' if p.b('weighted') else 'otherwise the same'}"
    )(p),
    "ease_exercise": _next_time(
        "we swap to an easier version, {name}, to keep your glutes working without stirring up the pain"
    ),
    "easing_normal": _fixed("Easing off like this is a normal part of getting stronger with pain."),
    "gentlest": _fixed(
        "This is already the gentlest version we have for you, so keep it to a small, comfortable range of "
        "movement, and if the pain does not settle within a few days, please see a doctor or physiotherapist."
    ),
    "gentlest_step": _fixed("Already the gentlest version: keep it to a small, comfortable range of movement."),
    # --- the engine: where it was felt ---
    "felt_mostly": lambda p: f"You felt it mostly in your {_WHERE[p.s('where')]} rather than your glutes.",
    "felt_fix": _fixed("That is common and easy to fix: keep the same amount next time and try the tip below."),
    "felt_again": lambda p: f"You felt it in your {_WHERE[p.s('where')]} again.",
    "other_tip": _fixed(
        "This is already the simplest version, so here is a different tip to try, with the same amount."
    ),
    "felt_third": lambda p: f"You felt it in your {_WHERE[p.s('where')]} a third time.",
    "shorter_range": _fixed(
        "There is no gentler exercise of this kind for you, so keep the same amount in a shorter range."
    ),
    "felt_several": lambda p: (
        f"You have felt this in your {_WHERE[p.s('where')]} several times now, even after new tips and "
        f"{'a change of exercise' if p.b('swapped') else 'a shorter range'}."
    ),
    "see_physio": _fixed(
        "Please show your exercises to a physiotherapist: they can watch you move and find what suits your body."
    ),
    "until_then": _fixed("Until then keep the same amount, with a smaller, comfortable range."),
    "swap_felt": lambda p: (
        f"You felt {p.s('name')} in your {_WHERE[p.s('where')]} again rather than your glutes, so we swap it for "
        f"{p.s('new')}, which is easier to feel in the glutes."
    ),
    "build_back": _fixed("Once your glutes are doing the work, we build back up."),
    # --- the engine: double progression ---
    "sets_done": lambda p: f"You did {p.i('done')} of {p.i('sets')} sets.",
    "complete_all": _fixed("Same again next time; we add more once you complete them all."),
    "below_range": lambda p: (
        f"Your sets were {p.reps('reps')} {p.s('unit')}; the aim is at least {p.i('low')} in every set."
    ),
    "stay_until": lambda p: (
        f"Stay at this level until every set reaches {p.i('low')}: that often takes a few sessions, and that is fine."
    ),
    "inside_range": lambda p: (
        f"Your sets were {p.reps('reps')} {p.s('unit')}, inside the {p.i('low')}-{p.i('high')} range."
    ),
    "aim_more": lambda p: (
        f"Next time aim for "
        f"{'one more rep per set' if p.s('unit') == 'reps' else 'a little more per set (' + p.s('unit') + ')'}, up to "
        f"{p.i('high')}; once every set reaches {p.i('high')}, we add load."
    ),
    "near_limit": lambda p: f"You reached {p.i('high')} {p.s('unit')} in every set, but close to your limit.",
    "spare_first": lambda p: (
        f"Same again next time; we add load once you finish each set with about {p.f('rir'):g} reps to spare."
    ),
    "well_done": lambda p: (
        f"Well done: you {'reached' if p.s('unit') == 'reps' else 'held'} {p.i('high')} {p.s('unit')} in every set."
    ),
    "once_more": _fixed(
        "Do the same once more next time; if it goes as well again, we make one thing a little harder."
    ),
    "next_weight": lambda p: f"{_top(p)}: go up to the next weight you have, and log it, so we can track the steps.",
    "more_weight": lambda p: (
        f"{_top(p)}, so it is time for a little more weight: {p.kg('new_kg')} instead of {p.kg('old_kg')}."
    ),
    "stronger_band": lambda p: (
        f"{_top(p)}, so next time use a stronger band: {p.band('band')} instead of {p.band('was_band')}."
    ),
    "start_again": lambda p: f"Start again at {p.i('low')} and build back up.",
    "next_exercise": lambda p: (
        f"{_top(p)}, and this is as much load as {p.s('name')} offers you, so you move up to {p.s('new')}."
    ),
    "start_at": lambda p: f"Start at {p.i('low')} and build back up.",
    "top": lambda p: f"{_top(p)}.",
    "raise_target": lambda p: f"With no harder option for you yet, we raise the target to {_work(p)}.",
    "add_set": lambda p: (
        f"With no harder option for you yet, we add a set: {p.i('sets')} instead of {p.i('was_sets')}."
    ),
    "most_it_offers": lambda p: (
        f"This is the most {p.s('name')} offers with your equipment, so keep it as it is: it still keeps your "
        "glutes strong."
    ),
    "band_or_weights": _fixed("A band or weights would let you keep building."),
    "recorded_only": _fixed("Recorded. It is not one of today's tracked exercises, so nothing changes next time."),
    "locked": _fixed("Kept as your clinician set it: they have paused the automatic steps up for this exercise."),
    # --- after a gap, and a lighter week ---
    "welcome_back": _fixed("Welcome back: carry on where you left off."),
    "welcome_back_after": lambda p: f"Welcome back after {p.i('days')} days.",
    "pick_up": _gap,
    "lighter_week": lambda p: (
        f"Lighter week: {p.i('sets')} set{'s' if p.i('sets') != 1 else ''} instead of {p.i('was_sets')}, same "
        "weight and technique, so your body can catch up and you start the next block fresh."
    ),
}

CODES: frozenset[str] = frozenset(_WORDS)
