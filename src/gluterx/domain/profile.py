"""A person's profile: who they are, where it hurts, what they want and what they have."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gluterx.domain.anatomy import Side
from gluterx.domain.conditions import Condition, ConditionId
from gluterx.domain.exercise import Equipment
from gluterx.domain.ranked import Ranked

__all__ = ["Condition", "ConditionId", "Experience", "Goal", "PainRegion", "PainReport", "Profile", "Side"]


class Goal(StrEnum):
    PAIN_RELIEF = "pain_relief"
    POSTURE = "posture"
    INJURY_PREVENTION = "injury_prevention"
    PERFORMANCE = "performance"
    FAT_LOSS = "fat_loss"
    BONE_HEALTH = "bone_health"
    AESTHETICS = "aesthetics"


class PainRegion(StrEnum):
    LOWER_BACK = "lower_back"
    HIP = "hip"
    KNEE = "knee"
    BUTTOCK = "buttock"
    GROIN = "groin"
    HAMSTRING = "hamstring"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class Experience(Ranked):
    NONE = "none"
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


@dataclass(frozen=True, slots=True)
class PainReport:
    """Pain in one region: intensity on the 0–10 numeric rating scale, and for how many weeks."""

    region: PainRegion
    side: Side
    intensity: int
    weeks: int


@dataclass(frozen=True)
class Profile:
    age: int
    goals: tuple[Goal, ...] = ()
    pain: tuple[PainReport, ...] = ()
    red_flags: frozenset[str] = frozenset()
    sitting_hours_per_day: float = 0.0
    experience: Experience = Experience.NONE
    equipment: frozenset[Equipment] = frozenset()
    sessions_per_week: int = 3
    minutes_per_session: int = 30
    weeks: int = 12
    body_mass_kg: float | None = None
    conditions: tuple[Condition, ...] = ()

    def pain_in(self, region: PainRegion) -> int:
        """The highest pain reported for `region` (0 when none)."""
        return max((p.intensity for p in self.pain if p.region is region), default=0)

    @property
    def worst_pain(self) -> int:
        return max((p.intensity for p in self.pain), default=0)

    def condition(self, condition_id: ConditionId) -> Condition | None:
        """The person's condition with this id, or None."""
        return next((c for c in self.conditions if c.id is condition_id), None)

    def has(self, condition_id: ConditionId) -> bool:
        return self.condition(condition_id) is not None

    def wants(self, goal: Goal) -> bool:
        return goal in self.goals
