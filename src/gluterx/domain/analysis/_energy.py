"""Energy: estimated kcal per session from Compendium METs, body mass and time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from gluterx.domain.analysis._common import num
from gluterx.domain.analysis._records import Activity, SessionSummary
from gluterx.domain.thresholds import (
    KCAL_O2_PER_MET,
    KCAL_PER_MIN_DIVISOR,
    MET_RESISTANCE_TRAINING,
    MET_SWIMMING_LEISURELY,
    MET_WALKING_MODERATE,
)

__all__ = ["EnergyReport", "SessionEnergy", "energy"]

_ENERGY_SOURCES = ("ainsworth2011",)


_MET: dict[Activity, float] = {
    Activity.STRENGTH: MET_RESISTANCE_TRAINING.value,
    Activity.WALKING: MET_WALKING_MODERATE.value,
    Activity.SWIMMING: MET_SWIMMING_LEISURELY.value,
}


@dataclass(frozen=True, slots=True)
class SessionEnergy:
    """Estimated energy used in one session (Compendium MET x body mass x time); None without a body mass."""

    day: date
    activity: Activity
    minutes: float
    met: float
    kcal: float | None
    message: str
    sources: tuple[str, ...] = _ENERGY_SOURCES


@dataclass(frozen=True, slots=True)
class EnergyReport:
    sessions: tuple[SessionEnergy, ...]
    total_kcal: float | None
    message: str
    sources: tuple[str, ...] = _ENERGY_SOURCES


def energy(sessions: Iterable[SessionSummary], *, body_mass_kg: float | None) -> EnergyReport:
    """kcal per session = MET x 3.5 x body mass / 200 x minutes (ainsworth2011)."""
    out = [_session_energy(s, body_mass_kg) for s in sorted(sessions, key=lambda s: s.day)]
    if body_mass_kg is None:
        return EnergyReport(tuple(out), None, "Add your body mass to your profile to see the energy each session uses.")
    if not out:  # no kcal to add up: "about 0 kcal over 0 sessions" says nothing
        return EnergyReport((), None, "No sessions logged yet.")
    total = sum(e.kcal or 0.0 for e in out)
    message = (
        f"About {total:.0f} kcal over {len(out)} session{'s' if len(out) != 1 else ''}: an estimate from average "
        "values for each activity, which can differ from yours by a fair margin."
    )
    return EnergyReport(tuple(out), total, message)


def _session_energy(s: SessionSummary, body_mass_kg: float | None) -> SessionEnergy:
    met = _MET[s.activity]
    if body_mass_kg is None:
        return SessionEnergy(s.day, s.activity, s.minutes, met, None, "Needs your body mass for an estimate.")
    kcal = met * KCAL_O2_PER_MET.value * body_mass_kg / KCAL_PER_MIN_DIVISOR.value * s.minutes
    message = f"About {kcal:.0f} kcal for {num(s.minutes)} minutes of {s.activity.value} (an estimate)."
    return SessionEnergy(s.day, s.activity, s.minutes, met, kcal, message)
