"""Every number a rule uses, each tied to a figure id in the evidence registry (data/evidence.yaml).

The registry is the source of truth; a test checks that each value here equals the registry's figure, so a number
cannot drift from its citation. Rules import these names, never bare literals.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cited:
    """A figure a rule uses: its value (or low–high) and the registry figure id it comes from."""

    figure: str
    low: float
    high: float | None = None

    @property
    def value(self) -> float:
        return self.low

    @property
    def top(self) -> float:
        return self.high if self.high is not None else self.low


# Pain-monitoring model (evidence.md §2)
PAIN_DURING_MAX = Cited("pain_during_max", 5)
PAIN_AFTER_MAX = Cited("pain_after_max", 5)
PAIN_ZONE_SAFE_MAX = Cited("pain_zone_safe_max", 3)
PAIN_SETTLE_HOURS = Cited("pain_settle_hours", 24)
PAIN_BASELINE_DAYS = Cited("pain_baseline_days", 14)
# Meaningful change and alerts (evidence.md §9)
PAIN_MEANINGFUL_POINTS = Cited("pain_meaningful_change_points", 2)
PAIN_MEANINGFUL_PERCENT = Cited("pain_meaningful_change_percent", 30)
ALERT_LOW_PAIN_MIN = Cited("alert_low_pain_min", 5)
ALERT_LOW_RISE = Cited("alert_low_rise_points", 1)
ALERT_HIGH_RISE = Cited("alert_high_rise_points", 2)
ALERT_CRITICAL_PAIN_MIN = Cited("alert_critical_pain_min", 7)
ALERT_INACTIVE_HOURS = Cited("alert_inactive_hours", 49)
ALERT_INACTIVE_DAYS = Cited("alert_inactive_days", 14)
# Screening (evidence.md §3)
SEVERE_PAIN_CAUTION_MIN = Cited("severe_pain_caution_min", 7)
OLDER_UNTRAINED_AGE = Cited("older_untrained_age", 65)
# Prescription (evidence.md §4)
NOVICE_REP_RANGE = Cited("novice_rep_range", 8, 12)
NOVICE_SETS = Cited("novice_sets", 1, 3)
PROGRESSION_LOAD_PERCENT = Cited("progression_load_percent", 2, 10)
PROGRESSION_EXTRA_REPS = Cited("progression_extra_reps", 1, 2)
QUALIFYING_SESSIONS = Cited("progression_qualifying_sessions", 2)
PHASE_TOP_SHARE = Cited("phase_top_share_percent", 50)
REST_HEAVY_SECONDS = Cited("rest_heavy_seconds", 120, 180)
REST_LIGHT_SECONDS = Cited("rest_light_seconds", 60, 120)
RECOVERY_HOURS = Cited("recovery_hours", 48)
DELOAD_VOLUME_PERCENT = Cited("session_deload_volume_percent", 60)
RPE_RIR_OFFSET = Cited("rpe_rir_offset", 10)
# Milestones: a week of training without pain
MILESTONE_PAIN_FREE_DAYS = Cited("milestone_pain_free_days", 7)
MILESTONE_PAIN_FREE_MIN_SESSIONS = Cited("milestone_pain_free_min_sessions", 2)
# Estimating 1RM (evidence.md §7)
E1RM_MAX_REPS = Cited("e1rm_max_reps", 10)
EPLEY_DIVISOR = Cited("epley_divisor", 30)
# Training load and energy (evidence.md §5, §6)
ACWR_DANGER_MIN = Cited("acwr_danger_min", 1.5)
MET_RESISTANCE_TRAINING = Cited("met_resistance_training", 3.5)
MET_WALKING_MODERATE = Cited("met_walking_moderate", 4.3)
MET_SWIMMING_LEISURELY = Cited("met_swimming_leisurely", 6.0)
ACWR_SWEET_SPOT = Cited("acwr_sweet_spot", 0.8, 1.3)
KCAL_O2_PER_MET = Cited("kcal_o2_per_met", 3.5)
KCAL_PER_MIN_DIVISOR = Cited("kcal_per_min_divisor", 200)
E1RM_ERROR_PERCENT = Cited("e1rm_error_percent", 11, 14)

ALL: tuple[Cited, ...] = tuple(v for v in globals().values() if isinstance(v, Cited))
