"""A clinician's set dose (issue 16) in the pure core: it changes the item's dose (and its time) in the session of
its day and, onward, every later one with the exercise, never an earlier one; once reaches one session; the newest
in force decides; an undo takes it back; a session without the exercise is untouched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from gluterx.domain.dose import Band, Dose, Load, RepRange
from gluterx.domain.exercise import Library
from gluterx.domain.planner.adjustments import (
    Adjustment,
    Author,
    AuthorKind,
    Change,
    Scope,
    SetDose,
    Undo,
    apply_adjustments,
    doses_on,
)
from tests.adapters.db.test_store import PROFILE
from tests.domain.test_adjustments import _plan

DOC = Author(AuthorKind.CLINICIAN, 9)
T0 = datetime(2026, 1, 1, tzinfo=UTC)
DOSE = Dose(3, RepRange(8, 10), Load.of_band(Band.MEDIUM), 60)


def _log(*changes: Change) -> list[Adjustment]:
    return [Adjustment(n + 1, c, DOC, "why", T0 + timedelta(minutes=n)) for n, c in enumerate(changes)]


def test_a_set_dose_reaches_its_day_and_later_ones_with_the_exercise(library: Library) -> None:
    sessions, fit = _plan(PROFILE, library)
    ex = sessions[0].items[0].exercise_id
    days_with = [s.date for s in sessions if any(i.exercise_id == ex for i in s.items)]
    assert len(days_with) > 2
    second = days_with[1]
    onward = apply_adjustments(sessions, _log(SetDose(second, ex, DOSE)), fit)
    for before, after in zip(sessions, onward.sessions, strict=True):
        for b, a in zip(before.items, after.items, strict=True):
            if b.exercise_id == ex and before.date >= second:
                assert a.dose == DOSE and a.reason == b.reason
            else:
                assert a == b
    assert sorted(onward.notes) == [d for d in days_with if d >= second]
    once = apply_adjustments(sessions, _log(SetDose(second, ex, DOSE, Scope.ONCE)), fit)
    assert list(once.notes) == [second]
    changed = [s.date for s, o in zip(sessions, once.sessions, strict=True) if s != o]
    assert changed == [second]
    undone = apply_adjustments(sessions, _log(SetDose(second, ex, DOSE), Undo(1)), fit)
    assert list(undone.sessions) == sessions


def test_the_newest_set_dose_in_force_decides() -> None:
    sessions_day = datetime(2026, 1, 5).date()
    later = Dose(2, RepRange(6, 8))
    log = _log(SetDose(sessions_day, "clamshell", DOSE), SetDose(sessions_day + timedelta(days=7), "clamshell", later))
    assert doses_on(log, sessions_day - timedelta(days=1)) == {}
    assert doses_on(log, sessions_day)["clamshell"].id == 1
    assert doses_on(log, sessions_day + timedelta(days=7))["clamshell"].id == 2
    once = _log(SetDose(sessions_day, "clamshell", DOSE, Scope.ONCE))
    assert doses_on(once, sessions_day + timedelta(days=1)) == {}
    assert (
        doses_on([*log, Adjustment(3, Undo(2), DOC, "", T0 + timedelta(hours=1))], sessions_day + timedelta(days=9))[
            "clamshell"
        ].id
        == 1
    )
