"""A prescription: what to do next time (a dose), the action that changed it, its reason and sources."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from gluterx.domain.dose import Dose
from gluterx.domain.planner import PlanItem
from gluterx.domain.said import Reason

__all__ = [
    "PAIN_SOURCES",
    "POLICY",
    "PROGRESSING",
    "PROGRESSION_SOURCES",
    "SPREAD_SOURCES",
    "Action",
    "Prescription",
    "prescription_from_plan",
    "with_dose",
]

PAIN_SOURCES = ("silbernagel2007", "nhs_traffic_light", "gluterx_policy")
PROGRESSION_SOURCES = ("acsm2009", "gluterx_policy")
# Leg symptoms spreading down the leg (peripheralisation) as a sign to ease off, centralising as a good one.
SPREAD_SOURCES = ("nice_ng59", "donelson1990")
POLICY = ("gluterx_policy",)


class Action(StrEnum):
    """What the engine did. CONFIRM: the top of the range once, the same again before anything grows (two
    qualifying sessions in a row earn a step); REFER: felt in the wrong place after two cues and a swap, so a
    physiotherapist should see it."""

    START = "start"
    PROGRESS_REPS = "progress_reps"
    PROGRESS_LOAD = "progress_load"
    PROGRESS_BAND = "progress_band"
    PROGRESS_EXERCISE = "progress_exercise"
    HOLD = "hold"
    REGRESS_LOAD = "regress_load"
    REGRESS_SETS = "regress_sets"
    REGRESS_EXERCISE = "regress_exercise"
    CONFIRM = "confirm"
    CUE = "cue"
    SWAP = "swap"
    REFER = "refer"
    DELOAD = "deload"
    RESUME = "resume"


PROGRESSING: frozenset[Action] = frozenset(
    {Action.PROGRESS_REPS, Action.PROGRESS_LOAD, Action.PROGRESS_BAND, Action.PROGRESS_EXERCISE}
)


@dataclass(frozen=True, slots=True)
class Prescription:
    """What to do next time, and why: the dose, the action that changed it, the reason and its sources."""

    exercise_id: str
    dose: Dose
    action: Action
    reason: Reason
    sources: tuple[str, ...]
    cue: str | None = None
    # What changes, without the why, for a list that says the shared why once (a check-in's eased exercises). Not
    # stored and not compared: the reason is the prescription's word.
    step: Reason = field(default=Reason(), compare=False)


def prescription_from_plan(item: PlanItem) -> Prescription:
    """The first prescription for a planned item: the plan's own dose, reason and sources."""
    return Prescription(item.exercise_id, item.dose, Action.START, item.reason, item.sources)


def with_dose(p: Prescription, **dose_changes: object) -> Prescription:
    """`p` with parts of its dose changed (sets, work, load, ...)."""
    return replace(p, dose=replace(p.dose, **dose_changes))  # type: ignore[arg-type]
