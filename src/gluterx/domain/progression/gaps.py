"""Resuming after a gap and lighter weeks: never a restart, and never fewer than one set."""

from __future__ import annotations

from dataclasses import replace

from gluterx.domain.dose import Load
from gluterx.domain.exercise import Library
from gluterx.domain.progression.loads import (
    less_kg,
    step_of,
)
from gluterx.domain.progression.prescription import (
    POLICY,
    Action,
    Prescription,
    with_dose,
)
from gluterx.domain.said import Param, Reason, said
from gluterx.domain.thresholds import (
    DELOAD_VOLUME_PERCENT,
)

__all__ = [
    "GAP_LOAD_PERCENT",
    "LONG_GAP_DAYS",
    "VERY_LONG_GAP_DAYS",
    "VERY_LONG_GAP_LOAD_PERCENT",
    "deload",
    "deload_sets",
    "resume_after_gap",
]

# After a gap: lighter from two weeks, lighter still from four (gluterx_policy).
LONG_GAP_DAYS = 14
VERY_LONG_GAP_DAYS = 28
GAP_LOAD_PERCENT = 10
VERY_LONG_GAP_LOAD_PERCENT = 20


def resume_after_gap(current: Prescription, *, days_since_last: int, library: Library | None = None) -> Prescription:
    """Resume where the person is; after two weeks or more, one set fewer and a little lighter (never a restart).

    With `library`, weights are rounded to the exercise's equipment step; without it, to 0.5 kg.
    """
    if days_since_last < LONG_GAP_DAYS:
        reason = Reason.of(said("welcome_back"))
        return replace(current, action=Action.RESUME, reason=reason, sources=POLICY, cue=None)
    percent = VERY_LONG_GAP_LOAD_PERCENT if days_since_last >= VERY_LONG_GAP_DAYS else GAP_LOAD_PERCENT
    sets = current.dose.sets
    p, changes = with_dose(current, sets=max(1, sets - 1)), dict[str, Param]()
    if p.dose.sets < sets:
        changes.update(sets=p.dose.sets, was_sets=sets)
    kg, band = current.dose.load.kg, current.dose.load.band
    if kg is not None:
        step = step_of(library.get(p.exercise_id)) if library and p.exercise_id in library else 0.5
        new = less_kg(kg, step, percent)
        if new > 0:
            p = with_dose(p, load=Load.of_kg(new))
            changes.update(new_kg=new, old_kg=kg)
    elif band is not None and band.lighter is not None:
        p = with_dose(p, load=Load.of_band(band.lighter))
        changes.update(band=band.lighter.value, was_band=band.value)
    reason = Reason.of(said("welcome_back_after", days=days_since_last), said("pick_up", **changes))
    return replace(p, action=Action.RESUME, reason=reason, sources=POLICY, cue=None)


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
    reason = Reason.of(said("lighter_week", sets=after, was_sets=before))
    return replace(with_dose(current, sets=after), action=Action.DELOAD, reason=reason, sources=POLICY, cue=None)
