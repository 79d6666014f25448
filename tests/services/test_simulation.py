"""A scripted four-week simulation of three people; run with -s to read their prescriptions week by week.

steady      does every session well: top of the range, reps to spare, little pain, felt in the glutes.
flare       like steady, and the mornings improve to 2/10 (from 3/10 at setup); after the first session of week 2
            the morning is 5/10: a flare against the recent 2/10, though below nothing the setup said.
lower_back  feels every hip-extension exercise in the lower back for four weeks: a cue, a different cue or a
            simpler exercise, a sideways swap, then a physiotherapist; never the same tip over and over.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from gluterx.adapters.db.engine import make_engine, migrate
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.domain.dose import describe, target
from gluterx.domain.exercise import Library, Pattern
from gluterx.services import check_in, log_session, people, start
from gluterx.services.today import SessionItem, today

START = date(2026, 11, 23)
PROFILE = {
    "age": 42,
    "goals": ["pain_relief"],
    "pain": [{"region": "lower_back", "side": "both", "intensity": 3, "weeks": 30}],
    "sitting_hours_per_day": 5,
    "experience": "beginner",
    "equipment": ["mini_band"],
    "sessions_per_week": 3,
    "minutes_per_session": 30,
    "weeks": 4,
}


def _performance(persona: str, item: SessionItem, library: Library) -> dict[str, Any]:
    top = target(item.dose.work).high
    pain, felt = 1, ["glutes"]
    hip_ext = Pattern.HIP_EXTENSION in library.get(item.exercise_id).patterns
    if persona == "lower_back" and hip_ext:
        felt = ["lower_back"]
    return {
        "exercise_id": item.exercise_id,
        "sets": [{"reps": top, "load_kg": None, "band": None, "rir": 3, "rpe": None}] * item.dose.sets,
        "pain_during": pain,
        "felt_in": felt,
    }


def _morning(persona: str, week: int, first_in_week: bool) -> int:
    """Next-morning pain: 2/10 (better than the 3/10 at setup); the flare's 5/10 after week 2's first session."""
    return 5 if persona == "flare" and week == 2 and first_in_week else 2


def simulate(persona: str, tmp_path: Path, library: Library) -> Run:
    """Run four weeks; returns the printed transcript, the actions per week, every alert seen and every tip given."""
    engine = make_engine(f"sqlite:///{tmp_path / f'{persona}.db'}")
    migrate(engine)
    uow = SqlUnitOfWork(engine)
    me = people.local_person_id(uow, create=True)
    start.start(uow, library, PROFILE, start_date=START, person_id=me)
    lines = [f"=== {persona} ==="]
    actions: dict[int, list[str]] = defaultdict(list)
    alert_levels: list[str] = []
    alert_texts: list[str] = []
    cues: list[str] = []
    held: dict[int, list[int | None]] = defaultdict(list)
    for offset in range(28):
        day = START + timedelta(days=offset)
        week = offset // 7 + 1
        view = today(uow, library, on=day, person_id=me)
        alert_levels += [a.level.value for a in view.alerts]
        if view.rest_day:
            continue
        first_in_week = not actions[week]
        if not view.optional:
            held[week].append(view.held_phase)
        plan = ", ".join(f"{i.exercise_id} {i.words.summary} ({i.words.load})" for i in view.items)
        lines.append(f"week {week} {day} planned: {plan}")
        exercises = [_performance(persona, i, library) for i in view.items]
        session = {"date": day.isoformat(), "exercises": exercises, "notes": ""}
        result = log_session.log_session(uow, library, session, person_id=me)
        alert_texts += [a.message for a in result.alerts]
        cues += sorted({f"{c.exercise_id}: {c.cue}" for c in result.changes if c.cue and c.next is not None})
        for change in result.changes:
            nxt = change.next
            if nxt is None:  # activity days follow the plan; the engine tracks strength sessions
                continue
            actions[week].append(change.action)
            words = describe(nxt.dose)
            lines.append(
                f"    {change.exercise_id}: {change.action} -> {nxt.exercise_id} {words.summary} ({words.load})"
            )
        morning = _morning(persona, week, first_in_week)
        checked = check_in.checkin(uow, library, pain=morning, on=day + timedelta(days=1), person_id=me)
        alert_levels += [a.level.value for a in checked.alerts]
        for change in checked.changes:
            actions[week].append(change.action)
            lines.append(f"    next morning pain {morning}: {change.exercise_id} -> {change.action}")
    engine.dispose()
    return Run(lines, actions, alert_levels, alert_texts, cues, held)


@dataclass(frozen=True)
class Run:
    lines: list[str]
    actions: dict[int, list[str]]
    alert_levels: list[str]
    alert_texts: list[str]
    cues: list[str]
    held: dict[int, list[int | None]]  # per week, the phase kept back on each strength day (None: as planned)


@pytest.fixture(scope="module")
def runs(library: Library, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    out = {}
    for persona in ("steady", "flare", "lower_back"):
        out[persona] = simulate(persona, tmp_path_factory.mktemp(persona), library)
        print("\n".join(out[persona].lines))
    return out


PROGRESS = {"progress_reps", "progress_load", "progress_band", "progress_exercise"}
GROWS = PROGRESS - {"progress_reps"}
REGRESS = {"regress_load", "regress_sets", "regress_exercise"}


def test_steady_progress_moves_forward_and_never_back(runs: dict[str, Run]) -> None:
    """Good sessions week after week: progression every week, no regression, and every step follows a confirm."""
    actions = runs["steady"].actions
    assert all(set(actions[w]) & PROGRESS for w in (1, 2, 3))
    assert not any(set(a) & REGRESS for a in actions.values())
    assert "confirm" in actions[1]
    assert not any(any(h) for h in runs["steady"].held.values())  # phase 2 earned on time


def test_a_person_still_referred_to_a_physiotherapist_stays_in_the_first_phase(runs: dict[str, Run]) -> None:
    """Every hip-extension exercise still felt in the lower back: phase 2 is not earned when the calendar says."""
    held = runs["lower_back"].held
    assert held[3] and all(h == 1 for h in held[3])


def test_after_improving_to_two_a_morning_five_steps_back_and_progress_waits(runs: dict[str, Run]) -> None:
    """Mornings of 2/10, then 5/10 after week 2's first session: the check-in steps that session back (5 is above
    the recent usual 2, though not above the 3 given at setup), with an alert; progress resumes once settled."""
    run = runs["flare"]
    assert set(run.actions[1]) & PROGRESS
    assert not set(run.actions[1]) & REGRESS
    assert set(run.actions[2]) & REGRESS
    assert any("next morning was 5/10, above the 2/10" in line or "-> regress" in line for line in run.lines)
    assert {"high", "critical"} & set(run.alert_levels)
    assert set(run.actions[3]) & PROGRESS or set(run.actions[4]) & PROGRESS


def test_felt_in_the_lower_back_every_time_goes_cue_then_swap_then_physiotherapist(runs: dict[str, Run]) -> None:
    """Every hip-extension exercise felt in the lower back for four weeks: a cue first, then a swap, then a
    physiotherapist suggestion (and its alert); no exercise gets the same tip more than three times in four weeks."""
    run = runs["lower_back"]
    every = [a for w in sorted(run.actions) for a in run.actions[w]]
    assert every.index("cue") < every.index("swap") < every.index("refer")
    assert any("physiotherapist" in text for text in run.alert_texts)
    assert max(Counter(run.cues).values()) <= 3
    assert not any("no simpler glute exercise" in line.lower() for line in run.lines)
