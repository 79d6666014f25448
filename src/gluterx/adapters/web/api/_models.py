"""Response models more than one API module uses."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel

from gluterx.domain.screening import Urgency

# The days a person can act on. Far outside them the date arithmetic of a 12-week plan overflows (Python's dates end
# at 9999-12-31), so such a date is refused as bad input rather than failing inside.
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2199, 12, 31)


class Referral(BaseModel):
    """Stop: see a clinician first. Why, how soon, and what to do now."""

    reasons: list[str]
    urgency: Urgency
    action: str


class PlanItem(BaseModel):
    """One exercise of a session, with its dose and the reason it is there."""

    exercise_id: str
    sets: int
    reps: str
    load: str
    rest_s: int
    reason: str


class Alert(BaseModel):
    """Something the person should know now (pain rising, a long gap, see a clinician)."""

    level: Literal["low", "high", "critical"]
    message: str
