"""The programme and its parts: the phase's dosing spec, each planned item, session and week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from gluterx.domain.dose import Dose, RepRange, Tempo
from gluterx.domain.said import Reason
from gluterx.domain.screening import Screening

__all__ = [
    "ACTIVITY_KIND",
    "PhaseSpec",
    "PlanItem",
    "PlanWeek",
    "PlannedSession",
    "Program",
]


@dataclass(frozen=True, slots=True)
class PhaseSpec:
    """How one phase is dosed: its rep range, sets, rest, tempo and the hardest level it reaches."""

    number: int
    key: str
    name: str
    reps: RepRange
    hold_seconds: int
    sets: int
    rest_s: int
    tempo: Tempo
    max_level: int
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One exercise of a planned session: its dose, why it is there (with sources), its slot and its time."""

    exercise_id: str
    dose: Dose
    reason: Reason
    sources: tuple[str, ...]
    slot: str
    seconds: float


# An activity day (walking, swimming and two short drills) is offered as optional, on top of the sessions per week
# the person asked for; only strength sessions are counted as the programme's sessions.
ACTIVITY_KIND = "activity"


class DayKind:
    """A planned day that has a `kind` ("strength" | "activity"): the one rule for which days are optional, shared by
    the plan, the schedule, the programme page and the calendar."""

    __slots__ = ()
    kind: str

    @property
    def optional(self) -> bool:
        """An optional activity day, offered beside the sessions the person asked for, never counted as one."""
        return self.kind == ACTIVITY_KIND


@dataclass(frozen=True, slots=True)
class PlannedSession(DayKind):
    day: int
    kind: str  # "strength" | "activity"
    items: tuple[PlanItem, ...]

    @property
    def minutes(self) -> float:
        return round(sum(i.seconds for i in self.items) / 60, 1)


@dataclass(frozen=True, slots=True)
class PlanWeek:
    week: int
    phase: PhaseSpec
    deload: bool
    sessions: tuple[PlannedSession, ...]


@dataclass(frozen=True)
class Program:
    screening: Screening
    weeks: tuple[PlanWeek, ...]
    start: date | None = None

    @property
    def status(self) -> str:
        return self.screening.status

    def date_of(self, week: int, day: int) -> date | None:
        if self.start is None:
            return None
        return self.start + timedelta(weeks=week - 1, days=day - 1)
