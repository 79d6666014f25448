"""An exercise added to the plan (issue 16) in the pure core: it joins the session of its day and, onward, every
later strength session it fits, never an earlier one nor an activity day; once reaches one session; the planner's
dose in each phase unless one was set; an undo takes it back; whatever is added, the adjusted plan keeps every
precaution and the equipment, and every choice offered fits. A dose's load and work are checked against the
exercise."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from gluterx.data import load_library
from gluterx.domain.dose import Band, Dose, Duration, Hold, Load, RepRange
from gluterx.domain.exercise import Library
from gluterx.domain.planner.adjustments import (
    SLOTS,
    AddItem,
    Adjustment,
    Author,
    AuthorKind,
    Change,
    Misfit,
    Scope,
    SetDose,
    SkipItem,
    Undo,
    addable,
    added_dose,
    apply_adjustments,
    dose_misfits,
    doses_on,
    slot_for,
)
from gluterx.domain.schedule import tracked
from tests.adapters.db.test_store import PROFILE
from tests.domain.test_adjustments import _plan
from tests.strategies import profiles

DOC = Author(AuthorKind.CLINICIAN, 9)
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _log(*changes: Change) -> list[Adjustment]:
    return [Adjustment(n + 1, c, DOC, "why", T0 + timedelta(minutes=n)) for n, c in enumerate(changes)]


def test_an_added_exercise_joins_its_day_and_later_strength_sessions(library: Library) -> None:
    sessions, fit = _plan(PROFILE, library)
    first = next(s for s in sessions if not s.optional)
    choice = addable(first, fit)[0]
    second = next(s for s in sessions if not s.optional and s.date > first.date)
    onward = apply_adjustments(sessions, _log(AddItem(second.date, choice.exercise_id)), fit)
    for before, after in zip(sessions, onward.sessions, strict=True):
        ids = [i.exercise_id for i in after.items]
        if before.date < second.date or before.optional:
            assert after == before
        elif choice.exercise_id in [i.exercise_id for i in before.items]:
            assert after == before  # already there: passed over, never twice
        else:
            added = next(i for i in after.items if i.exercise_id == choice.exercise_id)
            assert ids.count(choice.exercise_id) == 1 and len(after.items) == len(before.items) + 1
            assert added.slot == choice.slot and "your clinician's choice" in added.reason.words()
            assert added.dose == added_dose(library.get(choice.exercise_id), SLOTS[added.slot], fit.phases[after.phase])
            assert after.minutes > before.minutes
            assert choice.exercise_id in tracked(after)  # the engine follows it under its own id
    assert second.date in onward.notes and first.date not in onward.notes
    once = apply_adjustments(sessions, _log(AddItem(second.date, choice.exercise_id, scope=Scope.ONCE)), fit)
    assert [s.date for s, o in zip(sessions, once.sessions, strict=True) if s != o] == [second.date]
    undone = apply_adjustments(sessions, _log(AddItem(second.date, choice.exercise_id), Undo(1)), fit)
    assert list(undone.sessions) == sessions


def test_a_set_dose_rides_with_the_addition_and_later_changes_reach_it(library: Library) -> None:
    sessions, fit = _plan(PROFILE, library)
    first = next(s for s in sessions if not s.optional)
    choice = addable(first, fit)[0]
    dose = Dose(3, RepRange(6, 8), Load.bodyweight(), 90)
    adjusted = apply_adjustments(sessions, _log(AddItem(first.date, choice.exercise_id, dose, Scope.ONCE)), fit)
    item = next(i for i in adjusted.sessions[sessions.index(first)].items if i.exercise_id == choice.exercise_id)
    assert item.dose == dose
    assert doses_on(_log(AddItem(first.date, choice.exercise_id, dose)), first.date)[choice.exercise_id].id == 1
    assert doses_on(_log(AddItem(first.date, choice.exercise_id)), first.date) == {}  # the planner's: engine's word
    later = Dose(2, RepRange(10, 12))
    log = _log(AddItem(first.date, choice.exercise_id), SetDose(first.date, choice.exercise_id, later, Scope.ONCE))
    again = apply_adjustments(sessions, log, fit).sessions[sessions.index(first)]
    assert next(i for i in again.items if i.exercise_id == choice.exercise_id).dose == later
    gone = _log(AddItem(first.date, choice.exercise_id), SkipItem(first.date, choice.exercise_id))
    assert apply_adjustments(sessions, gone, fit).sessions[sessions.index(first)] == first


def test_an_activity_day_takes_no_addition(library: Library) -> None:
    sessions, fit = _plan(PROFILE, library)
    day = next(s for s in sessions if s.optional)
    assert addable(day, fit) == ()
    adjusted = apply_adjustments(sessions, _log(AddItem(day.date, "glute_bridge", scope=Scope.ONCE)), fit)
    assert list(adjusted.sessions) == sessions


def test_the_screening_rules_an_addition_out(library: Library) -> None:
    data = dict(PROFILE)
    data["conditions"] = [{"id": "hip_replacement", "side": "left", "approach": "posterior", "months_since": 4}]
    sessions, fit = _plan(data, library)
    forbidden = [ex for ex in library if not fit.screening.allows(ex, 1) and ex.fits_equipment(fit.equipment)]
    assert forbidden
    s = sessions[0]
    offered = {a.exercise_id for a in addable(s, fit)}
    for ex in forbidden:
        assert ex.id not in offered
        assert apply_adjustments(sessions, _log(AddItem(s.date, ex.id, scope=Scope.ONCE)), fit).sessions[0] == s


ANY_ID = st.sampled_from(sorted(load_library().exercises))


@settings(max_examples=30, deadline=None)
@given(
    data=profiles(max_weeks=8),
    picks=st.lists(st.tuples(st.integers(0, 400), ANY_ID, st.sampled_from(Scope)), max_size=6),
)
def test_whatever_is_added_the_adjusted_plan_keeps_the_precautions_and_the_equipment(
    data: dict[str, object], picks: list[tuple[int, str, Scope]]
) -> None:
    """Additions of any exercise of the library, offered or not: every item of the adjusted plan that the plan did
    not have is allowed by the screening in its session's phase, needs only the person's equipment, fits its slot,
    is in a strength session and is there once; and every addition offered does too."""
    library = load_library()
    sessions, fit = _plan(data, library)
    if not sessions:
        return
    changes: list[Change] = [AddItem(sessions[n % len(sessions)].date, ex, scope=scope) for n, ex, scope in picks]
    adjusted = apply_adjustments(sessions, _log(*changes), fit)
    planned = {s.date: {i.exercise_id for i in s.items} for s in sessions}
    for s in adjusted.sessions:
        assert len({i.exercise_id for i in s.items}) == len(s.items)
        for item in s.items:
            if item.exercise_id in planned[s.date]:
                continue
            ex = library.get(item.exercise_id)
            assert not s.optional
            assert fit.screening.allows(ex, s.phase) and ex.fits_equipment(fit.equipment)
            assert SLOTS[item.slot].accepts(ex) and slot_for(ex) is SLOTS[item.slot]
    first = sessions[0]
    for a in addable(first, fit):
        ex = library.get(a.exercise_id)
        assert fit.screening.allows(ex, first.phase) and ex.fits_equipment(fit.equipment)
        assert SLOTS[a.slot].accepts(ex) and a.exercise_id not in planned[first.date] and a.reasons
        assert dose_misfits(ex, a.dose) == ()  # the planner's dose always fits its exercise


def test_a_dose_must_fit_its_exercise(library: Library) -> None:
    clamshell, bridge, plank = library.get("banded_clamshell"), library.get("glute_bridge"), library.get("side_plank")
    walk, carry = library.get("walking"), library.get("farmer_carry")
    kg, band = Load.of_kg(10), Load.of_band(Band.LIGHT)
    assert dose_misfits(clamshell, Dose(2, RepRange(10, 12), band)) == ()
    assert dose_misfits(clamshell, Dose(2, RepRange(10, 12), kg)) == (Misfit.WEIGHT,)
    assert dose_misfits(bridge, Dose(2, RepRange(10, 12), band)) == (Misfit.BAND,)
    assert dose_misfits(bridge, Dose(2, Hold(30))) == (Misfit.HOLD,)
    assert dose_misfits(plank, Dose(2, RepRange(10, 12))) == (Misfit.REPS,)
    assert dose_misfits(plank, Dose(2, Hold(30))) == ()
    assert dose_misfits(walk, Dose(1, Hold(30))) == (Misfit.MINUTES,)
    assert dose_misfits(walk, Dose(1, Duration(20))) == ()
    assert dose_misfits(carry, Dose(2, Hold(30), kg)) == ()
    assert dose_misfits(bridge, Dose(2, Hold(30), kg)) == (Misfit.WEIGHT, Misfit.HOLD)
