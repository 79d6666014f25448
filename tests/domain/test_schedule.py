"""What is due on a day: the plan carried forward by the engine's last word; and 'felt in the wrong place' runs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings

from gluterx.data import load_library
from gluterx.domain.dose import Band, Dose, Hold, Load, RepRange, Tempo
from gluterx.domain.exercise import Equipment, Library, LoadType
from gluterx.domain.planner import PlanItem, plan_program
from gluterx.domain.profile import Profile
from gluterx.domain.progression import Action, Prescription
from gluterx.domain.said import Reason
from gluterx.domain.schedule import (
    ScheduledSession,
    carry_forward,
    due_items,
    faults_in_a_row,
    load_ceiling,
    phase_earned,
    schedule,
    tracked,
)
from gluterx.services.profiles import parse_profile
from tests.strategies import profiles

START = date(2026, 1, 5)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


NOVICE = RepRange(8, 12)


def _item(exercise_id: str = "hip_thrust", sets: int = 3, work: RepRange | Hold = NOVICE) -> PlanItem:
    dose = Dose(sets, work, Load.in_reserve(2, 3), rest_s=90, tempo=Tempo(2, 1, 2))
    return PlanItem(exercise_id, dose, Reason.as_written("Planned."), ("acsm2009",), "hip_extension", 300.0)


def _rx(item: PlanItem, action: Action, **dose: object) -> Prescription:
    return Prescription(
        item.exercise_id, replace(item.dose, **dose), action, Reason.as_written("Engine."), ("acsm2009",)
    )  # type: ignore[arg-type]


def test_with_nothing_stored_the_plan_is_what_is_due(library: Library) -> None:
    """No prescription: the plan's own dose and reason."""
    item = _item()
    p = carry_forward(item, None, deload_week=False, gap_days=None, library=library)
    assert (p.dose, p.reason.words(), p.action) == (item.dose, "Planned.", Action.START)


def test_the_engine_decides_the_load_and_the_plan_the_sets_and_range(library: Library) -> None:
    """After a progression, the new weight carries; the sets and rep range are the plan's (a new week may add a set)."""
    item = _item(sets=4)
    current = _rx(_item(), Action.PROGRESS_LOAD, load=Load.of_kg(42.5))
    p = carry_forward(item, current, deload_week=False, gap_days=None, library=library)
    assert (p.dose.sets, p.dose.work, p.dose.load) == (4, RepRange(8, 12), Load.of_kg(42.5))
    assert p.reason.words() == "Engine."


def test_after_stepping_back_the_smaller_sets_stand(library: Library) -> None:
    """A regression to fewer sets is not undone by the plan."""
    current = _rx(_item(), Action.REGRESS_SETS, sets=2, load=Load.of_kg(40.0))
    p = carry_forward(_item(sets=3), current, deload_week=False, gap_days=None, library=library)
    assert p.dose.sets == 2


def test_a_raised_hold_is_kept_so_the_reason_and_the_dose_agree(library: Library) -> None:
    """When the engine lengthened a hold past the plan's, the longer hold is what is shown."""
    item = _item("side_plank", sets=2, work=Hold(30))
    current = _rx(item, Action.PROGRESS_REPS, work=Hold(35))
    p = carry_forward(item, current, deload_week=False, gap_days=None, library=library)
    assert p.dose.work == Hold(35)


def test_a_lighter_week_takes_the_plans_fewer_sets_once_and_says_so(library: Library) -> None:
    """Deload week: the plan's deload sets, once (not deloaded twice), with 'instead of' the sets done before."""
    current = _rx(_item(), Action.PROGRESS_LOAD, load=Load.of_kg(40.0))
    p = carry_forward(_item(sets=2), current, deload_week=True, gap_days=None, library=library)
    assert (p.dose.sets, p.action) == (2, Action.DELOAD)
    assert "2 sets instead of 3" in p.reason.words()


def test_a_lighter_week_with_a_single_set_changes_nothing(library: Library) -> None:
    """One set in a lighter week stays one set, and no reason says '1 set instead of 1'."""
    current = _rx(_item(sets=1), Action.PROGRESS_REPS)
    p = carry_forward(_item(sets=1), current, deload_week=True, gap_days=None, library=library)
    assert p.dose.sets == 1 and "instead of 1" not in p.reason.words()


def test_after_a_long_gap_the_person_resumes_a_little_lighter(library: Library) -> None:
    """Three weeks away: one set fewer and a lighter band, and a welcome back."""
    item = replace(_item("banded_glute_bridge"), dose=Dose(3, RepRange(10, 15), Load.of_band(Band.HEAVY)))
    current = _rx(item, Action.PROGRESS_BAND)
    p = carry_forward(item, current, deload_week=False, gap_days=21, library=library)
    assert (p.action, p.dose.sets, p.dose.load.band) == (Action.RESUME, 2, Band.MEDIUM)


def test_activity_days_follow_the_plan_whatever_is_stored(library: Library) -> None:
    """Walking days are not tracked by the engine: a stored word for the same exercise is ignored there."""
    item = _item()
    session = ScheduledSession(START, 1, 2, 1, "Activation", False, "activity", 30.0, (item,))
    due = due_items(
        session,
        {item.exercise_id: _rx(item, Action.PROGRESS_LOAD, load=Load.of_kg(50.0))},
        gap_days=None,
        library=library,
    )
    assert due[0].prescription.dose == item.dose and not due[0].carried


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ([], 0),
        ([["lower_back"]], 1),
        ([["hamstrings"], ["lower_back", "hamstrings"], ["glutes"]], 2),
        ([["glutes", "lower_back"], ["lower_back"]], 0),
        ([["quads"], ["lower_back"]], 0),
    ],
)
def test_faults_in_a_row_count_the_newest_run_felt_in_the_wrong_place(history: list[list[str]], expected: int) -> None:
    """Newest first; a log that reached the glutes, or felt elsewhere, ends the run."""
    assert faults_in_a_row(history) == expected


PROFILES = profiles(max_weeks=12)


@settings(max_examples=40, deadline=None)
@given(data=PROFILES)
def test_without_history_what_is_due_on_every_day_is_the_plan(data: dict[str, object]) -> None:
    """For every planned day, due_items with nothing stored equals the planner's own items, dose for dose."""
    library = load_library()
    profile: Profile = parse_profile(data)
    program = plan_program(profile, library, start=START)
    for session in schedule(program):
        due = due_items(session, {}, gap_days=None, library=library)
        assert [(d.prescription.exercise_id, d.prescription.dose, d.reason) for d in due] == [
            (i.exercise_id, i.dose, i.reason) for i in session.items
        ]


def test_the_sitting_break_is_a_daily_habit_the_engine_never_progresses(library: Library) -> None:
    """A stored word for the glute squeeze is ignored: it stays ten squeezes of five seconds, and is not tracked."""
    squeeze = PlanItem(
        "standing_glute_squeeze", Dose(1, Hold(5, reps=10)), "Sitting break.", ("gluterx_policy",), "sitting_break", 0.0
    )
    session = ScheduledSession(START, 1, 1, 1, "Activation", False, "strength", 30.0, (_item(), squeeze))
    longer = _rx(squeeze, Action.PROGRESS_REPS, work=Hold(25, reps=10))
    due = due_items(session, {"standing_glute_squeeze": longer}, gap_days=None, library=library)
    assert due[1].prescription.dose == squeeze.dose and not due[1].carried and not due[1].tracked
    assert due[0].tracked


@settings(max_examples=40, deadline=None)
@given(data=profiles())
def test_sessions_per_week_are_as_asked_and_activity_days_are_optional(data: dict[str, object]) -> None:
    """Every week has exactly the strength sessions the person asked for; any walking or swimming day beside them
    is marked optional, says so in its reason, and is never tracked by the engine."""
    library = load_library()
    profile = parse_profile(data)
    program = plan_program(profile, library, start=START)
    for week in program.weeks:
        strength = [s for s in week.sessions if not s.optional]
        assert len(strength) == profile.sessions_per_week
        for s in week.sessions:
            if s.optional:
                assert s.kind == "activity" and s.items[0].reason.words().startswith("Optional")
    for session in schedule(program):
        if session.optional:
            assert tracked(session) == []


def test_a_bodyweight_block_caps_the_engine_at_bodyweight(library: Library) -> None:
    """The first half of phase 1 plans only bodyweight exercises, so its load ceiling is bodyweight; a block with
    bands is capped at bands."""
    program = plan_program(Profile(age=40, equipment=frozenset(Equipment)), library, start=START)
    sessions = [s for s in schedule(program) if not s.optional]
    first = sessions[0]
    assert all(library.get(i.exercise_id).load_type is LoadType.BODYWEIGHT for i in first.items)
    assert load_ceiling(first, library) is LoadType.BODYWEIGHT
    assert {load_ceiling(s, library) for s in sessions} > {LoadType.BODYWEIGHT}


def _word(action: Action) -> Prescription:
    return Prescription("hip_thrust", _item().dose, action, Reason.as_written("Said."), ("acsm2009",))


def test_a_phase_is_earned_by_stable_pain_and_the_top_of_the_range() -> None:
    """Pain no higher than when the phase began, not rising, most slots at the top once: the next phase is earned."""
    words = [_word(Action.CONFIRM), _word(Action.PROGRESS_LOAD), _word(Action.PROGRESS_REPS)]
    assert phase_earned(words, usual_now=3, usual_at_start=4, rising=False)


@pytest.mark.parametrize(
    ("words", "usual_now", "rising", "why"),
    [
        ([Action.CONFIRM, Action.PROGRESS_LOAD], 5, False, "pain higher than when the phase began"),
        ([Action.CONFIRM, Action.PROGRESS_LOAD], 3, True, "pain rising week to week"),
        ([Action.CONFIRM, Action.REGRESS_LOAD], 3, False, "a slot stepping back"),
        ([Action.CONFIRM, Action.REFER], 3, False, "still felt in the wrong place"),
        ([Action.PROGRESS_REPS, Action.PROGRESS_REPS, Action.HOLD, Action.CONFIRM], 3, False, "too few at the top"),
        ([], 3, False, "nothing logged"),
    ],
)
def test_a_phase_is_not_earned_by_the_calendar(words: list[Action], usual_now: int, rising: bool, why: str) -> None:
    """Each of these keeps the person in the phase they are in, whatever the date."""
    assert not phase_earned([_word(a) for a in words], usual_now=usual_now, usual_at_start=4, rising=rising), why


def test_with_severe_pain_the_calendar_adds_no_sets(library: Library) -> None:
    """The plan's second half asks for 3 sets; the engine's word says 2: with severe pain the 2 stand."""
    current = replace(_word(Action.PROGRESS_LOAD), dose=replace(_item().dose, sets=2))
    planned = _item(sets=3)
    assert carry_forward(planned, current, deload_week=False, gap_days=None, library=library).dose.sets == 3
    held = carry_forward(planned, current, deload_week=False, gap_days=None, library=library, hold_volume=True)
    assert held.dose.sets == 2
