"""Progress analytics: pain trend, estimated strength, weekly volume per glute region, hip/knee balance, adherence,
session-RPE training load and energy per session.

Pure and linear: the logged sets are read once into per-(week, exercise) counts and per-(exercise, day) bests
(`_digest`), and every report is built from those small tables, so the cost grows with the number of sets and
nothing else. Dates come in (`today`); nothing is read, written, timed or drawn at random. Weeks start on Monday.

One private module per job, this package their public face: `_records` (the inputs), `_exercises` (what an exercise
counts towards), `_digest` (the one pass over the sets), `_pain`, `_strength`, `_volume`, `_balance`, `_adherence`,
`_load`, `_energy` (one report each) and `_analyse` (all of them at once).
"""

from __future__ import annotations

from gluterx.domain.analysis._adherence import LOW_ADHERENCE_PERCENT, AdherenceReport, WeeklyAdherence, adherence
from gluterx.domain.analysis._analyse import Analysis, analyse
from gluterx.domain.analysis._balance import (
    ABDUCTION_SHARE_MIN,
    HIP_DOMINANT_SHARE,
    KNEE_DOMINANT_SHARE,
    BalanceReport,
    BalanceVerdict,
    WeeklyBalance,
    balance,
)
from gluterx.domain.analysis._common import RECENT_WEEKS, week_start
from gluterx.domain.analysis._energy import EnergyReport, SessionEnergy, energy
from gluterx.domain.analysis._exercises import PRIMARY_SET_WEIGHT, SECONDARY_SET_WEIGHT, UNKNOWN, Region, region_weights
from gluterx.domain.analysis._load import CHRONIC_WEEKS, LoadReport, WeeklyLoad, training_load
from gluterx.domain.analysis._pain import ROLLING_DAYS, DailyPain, PainTrend, pain_trend
from gluterx.domain.analysis._records import (
    HARD_SET_MAX_RIR,
    Activity,
    CustomExercise,
    LoggedSet,
    PainReading,
    PlannedDay,
    SessionSummary,
    is_hard,
)
from gluterx.domain.analysis._strength import (
    ChainLevel,
    E1rmPoint,
    ExerciseStrength,
    StrengthReport,
    WeeklyBest,
    strength,
)
from gluterx.domain.analysis._volume import VolumeReport, WeeklyVolume, volume

__all__ = [
    "ABDUCTION_SHARE_MIN",
    "CHRONIC_WEEKS",
    "HARD_SET_MAX_RIR",
    "HIP_DOMINANT_SHARE",
    "KNEE_DOMINANT_SHARE",
    "LOW_ADHERENCE_PERCENT",
    "PRIMARY_SET_WEIGHT",
    "RECENT_WEEKS",
    "ROLLING_DAYS",
    "SECONDARY_SET_WEIGHT",
    "UNKNOWN",
    "Activity",
    "AdherenceReport",
    "Analysis",
    "BalanceReport",
    "BalanceVerdict",
    "ChainLevel",
    "CustomExercise",
    "DailyPain",
    "E1rmPoint",
    "EnergyReport",
    "ExerciseStrength",
    "LoadReport",
    "LoggedSet",
    "PainReading",
    "PainTrend",
    "PlannedDay",
    "Region",
    "SessionEnergy",
    "SessionSummary",
    "StrengthReport",
    "VolumeReport",
    "WeeklyAdherence",
    "WeeklyBalance",
    "WeeklyBest",
    "WeeklyLoad",
    "WeeklyVolume",
    "adherence",
    "analyse",
    "balance",
    "energy",
    "is_hard",
    "pain_trend",
    "region_weights",
    "strength",
    "training_load",
    "volume",
    "week_start",
]
