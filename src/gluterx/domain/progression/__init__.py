"""Progression: a logged exercise -> the next Prescription (load, level, swap, deload), each with its reason.

Rules, in order of precedence:
1. the pain-monitoring model (evidence.md §2, silbernagel2007): pain during above 5/10, next-morning pain above
   the person's usual pain lately (usual_pain), pain rising week to week, or leg symptoms spreading down the leg
   (donelson1990, nice_ng59) -> step back; pain during 4-5/10 -> hold;
2. where the person felt it (DESIGN.md): lower back or hamstrings instead of the glutes -> a cue, then a different
   cue (or a simpler exercise where there is one), then a sideways swap, then a physiotherapist;
3. double progression inside the phase's rep range (evidence.md §4, acsm2009): reps first; then, after two
   sessions in a row at the top with reps to spare, ONE change: load, one band stronger, a set, or the next
   exercise in the chain, never past the block's kind of load (bodyweight first).
Plus alerts (evidence.md §9), resuming after a gap, deloads and Epley's e1RM (evidence.md §7). Pure and
deterministic: dates come in, nothing is read, written or drawn at random.
"""

from __future__ import annotations

from gluterx.domain.progression.alerts import (
    DAYS_PER_WEEK,
    RISING_WEEKS,
    Alert,
    AlertLevel,
    alerts,
    asks_leg_symptoms,
    leg_spread_alert,
    pain_rising_weekly,
    technique_alert,
)
from gluterx.domain.progression.baseline import usual_pain
from gluterx.domain.progression.engine import hold_locked, next_prescription
from gluterx.domain.progression.gaps import LONG_GAP_DAYS, deload, deload_sets, resume_after_gap
from gluterx.domain.progression.loads import BAND_ORDER, LOAD_STEP_KG, PRACTICAL_MAX_KG, RIR_TO_PROGRESS
from gluterx.domain.progression.logs import FELT_IN, ExerciseLog, SetLog, best_e1rm, epley_e1rm, reps_in_reserve
from gluterx.domain.progression.prescription import PROGRESSING, Action, Prescription, prescription_from_plan

__all__ = [
    "BAND_ORDER",
    "DAYS_PER_WEEK",
    "FELT_IN",
    "LOAD_STEP_KG",
    "LONG_GAP_DAYS",
    "PRACTICAL_MAX_KG",
    "PROGRESSING",
    "RIR_TO_PROGRESS",
    "RISING_WEEKS",
    "Action",
    "Alert",
    "AlertLevel",
    "ExerciseLog",
    "Prescription",
    "SetLog",
    "alerts",
    "asks_leg_symptoms",
    "best_e1rm",
    "deload",
    "deload_sets",
    "epley_e1rm",
    "hold_locked",
    "leg_spread_alert",
    "next_prescription",
    "pain_rising_weekly",
    "prescription_from_plan",
    "reps_in_reserve",
    "resume_after_gap",
    "technique_alert",
    "usual_pain",
]
