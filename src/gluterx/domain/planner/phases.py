"""Phases: how many weeks each of the three phases gets, and how each is dosed."""

from __future__ import annotations

from gluterx.domain.dose import RepRange, Tempo
from gluterx.domain.planner.program import PhaseSpec
from gluterx.domain.profile import Experience, Profile
from gluterx.domain.thresholds import NOVICE_REP_RANGE, REST_HEAVY_SECONDS, REST_LIGHT_SECONDS

__all__ = [
    "phase_lengths",
    "phase_specs",
]


def phase_lengths(weeks: int, *, conservative: bool) -> list[int]:
    """Weeks per phase: thirds (extra weeks to the earlier phases); a conservative start gets a longer phase 1."""
    if weeks <= 2:
        return [1] * weeks
    lengths = [weeks // 3] * 3
    for i in range(weeks % 3):
        lengths[i] += 1
    if conservative and lengths[2] > 1:
        lengths[0] += 1
        lengths[2] -= 1
    return lengths


def phase_specs(profile: Profile, *, conservative: bool) -> tuple[PhaseSpec, PhaseSpec, PhaseSpec]:
    exp = profile.experience
    cap_strength = {Experience.NONE: 3, Experience.BEGINNER: 3, Experience.INTERMEDIATE: 4, Experience.ADVANCED: 4}
    cap_power = {Experience.NONE: 3, Experience.BEGINNER: 4, Experience.INTERMEDIATE: 5, Experience.ADVANCED: 5}
    drop = 1 if conservative else 0
    novice = int(NOVICE_REP_RANGE.low), int(NOVICE_REP_RANGE.top)
    light_rest = int(REST_LIGHT_SECONDS.low)
    return (
        PhaseSpec(
            1,
            "activation",
            "Activation & muscle contact",
            RepRange(10, 15),
            20,
            2,
            light_rest // 2 + 15,
            Tempo(2, 2, 2),
            2 - drop,
            ("gluterx_policy", "reiman2012"),
        ),
        PhaseSpec(
            2,
            "strength",
            "Strength",
            RepRange(*novice),
            30,
            3 if exp.rank >= 2 else 2,
            (light_rest + 120) // 2,
            Tempo(2, 1, 2),
            cap_strength[exp] - drop,
            ("acsm2009",),
        ),
        PhaseSpec(
            3,
            "power",
            "Integration & power",
            RepRange(6, 10),
            40,
            3,
            int(REST_HEAVY_SECONDS.low),
            Tempo(1, 1, 2, explosive=True),
            cap_power[exp] - drop,
            ("acsm2009", "neto2020"),
        ),
    )
