"""Profile -> a phased, progressive glute programme, every item with its reason.

Phases: activation & muscle contact -> strength -> integration & power. Within a phase the exercises stay the same
(so double progression can work), the volume rises in the second half, and the last week before a new phase is
lighter. Exercises are chosen by scoring every candidate (activation evidence x goal fit x safety x variety x level
fit) for each slot of a session, never from a fixed list. Same profile, same programme.
"""

from __future__ import annotations

from gluterx.domain.planner.builder import PELVIC_FLOOR_SLOT, SITTING_BREAK_SLOT, plan_program
from gluterx.domain.planner.phases import phase_lengths
from gluterx.domain.planner.program import ACTIVITY_KIND, DayKind, PlanItem, Program
from gluterx.domain.planner.selection import DAILY_LIFE_CHAIN

__all__ = [
    "ACTIVITY_KIND",
    "DAILY_LIFE_CHAIN",
    "PELVIC_FLOOR_SLOT",
    "SITTING_BREAK_SLOT",
    "DayKind",
    "PlanItem",
    "Program",
    "phase_lengths",
    "plan_program",
]
