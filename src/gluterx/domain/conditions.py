"""Health conditions a person tells us about, each with its own facts (PROFILE.json `conditions`).

These are the typed values the planner, the progression engine and the screening read; precautions for each
condition live in `domain/precautions.py`. Parsing and the questions in plain words live with the adapters and
`services/profiles.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from gluterx.domain.anatomy import Side


class ConditionId(StrEnum):
    HIP_REPLACEMENT = "hip_replacement"
    KNEE_REPLACEMENT = "knee_replacement"
    PREGNANCY = "pregnancy"
    POSTNATAL = "postnatal"
    PELVIC_GIRDLE_PAIN = "pelvic_girdle_pain"
    GLUTEAL_TENDINOPATHY = "gluteal_tendinopathy"
    HIP_OSTEOARTHRITIS = "hip_osteoarthritis"
    KNEE_OSTEOARTHRITIS = "knee_osteoarthritis"
    OSTEOPOROSIS = "osteoporosis"
    RADICULAR_LEG_PAIN = "radicular_leg_pain"
    FALLS_LAST_YEAR = "falls_last_year"


class Approach(StrEnum):
    """The surgical approach of a hip replacement; unknown is treated like posterior (the stricter one)."""

    POSTERIOR = "posterior"
    ANTERIOR = "anterior"
    LATERAL = "lateral"
    UNKNOWN = "unknown"


class Birth(StrEnum):
    VAGINAL = "vaginal"
    CAESAREAN = "caesarean"


@dataclass(frozen=True, slots=True)
class HipReplacement:
    side: Side
    approach: Approach
    months_since: int
    id: Literal[ConditionId.HIP_REPLACEMENT] = ConditionId.HIP_REPLACEMENT


@dataclass(frozen=True, slots=True)
class KneeReplacement:
    side: Side
    months_since: int
    id: Literal[ConditionId.KNEE_REPLACEMENT] = ConditionId.KNEE_REPLACEMENT


@dataclass(frozen=True, slots=True)
class Pregnancy:
    trimester: Literal[1, 2, 3]
    id: Literal[ConditionId.PREGNANCY] = ConditionId.PREGNANCY


@dataclass(frozen=True, slots=True)
class Postnatal:
    weeks_since: int
    birth: Birth
    id: Literal[ConditionId.POSTNATAL] = ConditionId.POSTNATAL


@dataclass(frozen=True, slots=True)
class PelvicGirdlePain:
    id: Literal[ConditionId.PELVIC_GIRDLE_PAIN] = ConditionId.PELVIC_GIRDLE_PAIN


@dataclass(frozen=True, slots=True)
class GlutealTendinopathy:
    side: Side
    id: Literal[ConditionId.GLUTEAL_TENDINOPATHY] = ConditionId.GLUTEAL_TENDINOPATHY


@dataclass(frozen=True, slots=True)
class HipOsteoarthritis:
    side: Side
    id: Literal[ConditionId.HIP_OSTEOARTHRITIS] = ConditionId.HIP_OSTEOARTHRITIS


@dataclass(frozen=True, slots=True)
class KneeOsteoarthritis:
    side: Side
    id: Literal[ConditionId.KNEE_OSTEOARTHRITIS] = ConditionId.KNEE_OSTEOARTHRITIS


@dataclass(frozen=True, slots=True)
class Osteoporosis:
    id: Literal[ConditionId.OSTEOPOROSIS] = ConditionId.OSTEOPOROSIS


@dataclass(frozen=True, slots=True)
class RadicularLegPain:
    side: Side
    id: Literal[ConditionId.RADICULAR_LEG_PAIN] = ConditionId.RADICULAR_LEG_PAIN


@dataclass(frozen=True, slots=True)
class FallsLastYear:
    count: int
    id: Literal[ConditionId.FALLS_LAST_YEAR] = ConditionId.FALLS_LAST_YEAR


Condition = (
    HipReplacement
    | KneeReplacement
    | Pregnancy
    | Postnatal
    | PelvicGirdlePain
    | GlutealTendinopathy
    | HipOsteoarthritis
    | KneeOsteoarthritis
    | Osteoporosis
    | RadicularLegPain
    | FallsLastYear
)
