"""Every report at once, over the history up to a day, reading the logged sets once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from gluterx.domain.analysis._adherence import AdherenceReport, adherence
from gluterx.domain.analysis._balance import BalanceReport, build_balance
from gluterx.domain.analysis._digest import digest
from gluterx.domain.analysis._energy import EnergyReport, energy
from gluterx.domain.analysis._exercises import resolver
from gluterx.domain.analysis._load import LoadReport, training_load
from gluterx.domain.analysis._pain import PainTrend, pain_trend
from gluterx.domain.analysis._records import CustomExercise, LoggedSet, PainReading, PlannedDay, SessionSummary
from gluterx.domain.analysis._strength import StrengthReport, build_strength
from gluterx.domain.analysis._volume import VolumeReport, build_volume
from gluterx.domain.exercise import Library
from gluterx.domain.units import MassUnit

__all__ = ["Analysis", "analyse"]


@dataclass(frozen=True, slots=True)
class Analysis:
    pain: PainTrend
    strength: StrengthReport
    volume: VolumeReport
    balance: BalanceReport
    adherence: AdherenceReport
    load: LoadReport
    energy: EnergyReport


def analyse(
    *,
    sets: Iterable[LoggedSet],
    library: Library,
    today: date,
    customs: Mapping[str, CustomExercise] | None = None,
    pain: Iterable[PainReading] = (),
    pain_baseline: float | None = None,
    planned: Iterable[PlannedDay] = (),
    sessions: Iterable[SessionSummary] = (),
    body_mass_kg: float | None = None,
    unit: MassUnit = MassUnit.KG,
) -> Analysis:
    """Every report over the history up to `today`, reading the sets once.

    A day counts as done for adherence when it has a working set or a session summary.
    """
    dg = digest(sets, until=today)
    resolve = resolver(library, customs)
    done_sessions = [s for s in sessions if s.day <= today]
    return Analysis(
        pain=pain_trend((r for r in pain if r.day <= today), baseline=pain_baseline),
        strength=build_strength(dg, resolve, library, unit),
        volume=build_volume(dg, resolve),
        balance=build_balance(dg, resolve, library),
        adherence=adherence(planned, dg.days | {s.day for s in done_sessions}, today=today),
        load=training_load(done_sessions),
        energy=energy(done_sessions, body_mass_kg=body_mass_kg),
    )
