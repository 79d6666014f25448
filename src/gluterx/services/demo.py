"""A demo account with a few weeks of realistic history, so every page has something to show."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from gluterx.domain.dose import target
from gluterx.domain.exercise import Library
from gluterx.services import accounts
from gluterx.services.check_in import checkin
from gluterx.services.log_session import log_session
from gluterx.services.ports import ServiceError
from gluterx.services.start import start
from gluterx.services.today import SessionItem
from gluterx.services.today import today as today_plan

DEMO_EMAIL = "demo@gluterx.local"
DEMO_PASSWORD = "glutes-demo-2026"  # noqa: S105 - a published demo login for a local sample account
DEMO_PROFILE: dict[str, Any] = {
    "age": 41,
    "goals": ["pain_relief", "posture"],
    "pain": [{"region": "lower_back", "side": "both", "intensity": 5, "weeks": 26}],
    "red_flags": [],
    "sitting_hours_per_day": 8,
    "experience": "beginner",
    "equipment": ["mini_band", "dumbbells", "bench"],
    "sessions_per_week": 3,
    "minutes_per_session": 30,
}
HISTORY_DAYS = 25


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """The demo account's sign-in, whether this call created it, and how many sessions it logged then."""

    email: str
    password: str
    created: bool
    sessions: int


def seed_demo(uow_factory: Any, library: Library, *, today: date, seed: int = 7) -> DemoAccount:
    """Create the demo account (once) and log its sessions and check-ins up to yesterday; same seed, same history."""
    try:
        created = accounts.sign_up(uow_factory(), email=DEMO_EMAIL, password=DEMO_PASSWORD, display_name="Sam")
    except ServiceError as exc:
        if exc.code == "conflict":
            return DemoAccount(DEMO_EMAIL, DEMO_PASSWORD, created=False, sessions=0)
        raise
    person_id = created.person_id
    rng = random.Random(seed)  # noqa: S311 - sample data, not security
    first = today - timedelta(days=HISTORY_DAYS)
    start(uow_factory(), library, DEMO_PROFILE, start_date=first, person_id=person_id)
    logged = 0
    for offset in range(HISTORY_DAYS):
        day = first + timedelta(days=offset)
        plan = today_plan(uow_factory(), library, on=day, person_id=person_id)
        if plan.rest_day or rng.random() < 0.12:  # rest days, and the odd missed session
            continue
        flare = 9 <= offset <= 10
        session = {"date": day.isoformat(), "exercises": [_perform(i, rng, flare, library) for i in plan.items],
                   "notes": "Back felt tight today." if flare else ""}  # fmt: skip
        log_session(uow_factory(), library, session, person_id=person_id)
        logged += 1
        morning = max(0, 5 - offset // 6 + (2 if flare else 0) - rng.choice((0, 0, 1)))
        checkin(uow_factory(), library, pain=min(10, morning), on=day + timedelta(days=1), person_id=person_id)
    return DemoAccount(DEMO_EMAIL, DEMO_PASSWORD, created=True, sessions=logged)


def _perform(item: SessionItem, rng: random.Random, flare: bool, library: Library) -> dict[str, Any]:
    ex = library.get(item.exercise_id)
    aim = target(item.dose.work)
    low, high = aim.low, aim.high
    load = None
    if ex.load_type.value == "weights":
        load = float(rng.choice((6, 8, 10, 12)))
    sets = [
        {"reps": rng.randint(max(1, low - 1), high), "load_kg": load, "band": None, "rir": rng.choice((1, 2, 3)),
         "rpe": None}
        for _ in range(item.dose.sets)
    ]  # fmt: skip
    felt = ["glutes"] if rng.random() > 0.15 else ["glutes", "hamstrings"]
    return {"exercise_id": ex.id, "sets": sets, "pain_during": rng.choice((1, 2, 3)) + (3 if flare else 0),
            "felt_in": felt}  # fmt: skip
