"""A clinician's item notes and progression locks (issue 16) in the pure core: a note shapes no session but is
recorded against every day it is read on (its reach), a lock's newest word decides, an undo takes either back, and
the engine holds a locked item's dose where it would step up while its pain rules still ease it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from gluterx.domain.exercise import Library
from gluterx.domain.planner.adjustments import (
    Adjustment,
    Author,
    AuthorKind,
    Change,
    ItemNote,
    Lock,
    Scope,
    Undo,
    apply_adjustments,
    item_notes_on,
    locked_on,
)
from gluterx.domain.progression import Action, hold_locked
from tests.adapters.db.test_store import PROFILE
from tests.domain.test_adjustments import START, _plan
from tests.domain.test_progression import logged, rx, step

DOC = Author(AuthorKind.CLINICIAN, 9)
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _log(*changes: Change) -> list[Adjustment]:
    return [Adjustment(n + 1, c, DOC, "why", T0 + timedelta(minutes=n)) for n, c in enumerate(changes)]


def test_a_note_changes_no_session_and_is_read_on_every_day_it_reaches(library: Library) -> None:
    sessions, fit = _plan(PROFILE, library)
    first = sessions[0]
    ex = first.items[0].exercise_id
    days_with = [s.date for s in sessions if any(i.exercise_id == ex for i in s.items)]
    assert len(days_with) > 1
    onward = apply_adjustments(sessions, _log(ItemNote(first.date, ex, "Slow down")), fit)
    assert list(onward.sessions) == sessions  # the plan itself is untouched
    assert sorted(d for d in onward.notes) == days_with
    assert [a.change.text for a in item_notes_on(onward, first.date)[ex]] == ["Slow down"]  # type: ignore[union-attr]
    once = apply_adjustments(sessions, _log(ItemNote(first.date, ex, "Today only", Scope.ONCE)), fit)
    assert list(once.notes) == [first.date]
    undone = apply_adjustments(sessions, _log(ItemNote(first.date, ex, "x"), Undo(1)), fit)
    assert undone.notes == {}
    other = next(s for s in sessions if all(i.exercise_id != ex for i in s.items))
    assert ex not in item_notes_on(onward, other.date)


def test_the_newest_lock_from_on_or_before_the_day_decides() -> None:
    log = _log(Lock(START, "clamshell"), Lock(START + timedelta(days=7), "clamshell", locked=False))
    assert locked_on(log, START - timedelta(days=1)) == frozenset()
    assert locked_on(log, START) == {"clamshell"}
    assert locked_on(log, START + timedelta(days=6)) == {"clamshell"}
    assert locked_on(log, START + timedelta(days=7)) == frozenset()
    assert locked_on([*_log(Lock(START, "clamshell")), Adjustment(2, Undo(1), DOC, "", T0 + timedelta(hours=1))],
                     START) == frozenset()  # fmt: skip


def test_a_locked_item_holds_where_it_would_step_up_but_pain_still_eases_it(library: Library) -> None:
    p = rx(load=40.0, confirmed=True)
    up = step(p, logged(p), library)
    assert up.action is Action.PROGRESS_LOAD
    held = hold_locked(p, up)
    assert held.action is Action.HOLD and held.dose == p.dose and held.sources == ("gluterx_policy",)
    first = rx(load=40.0)
    confirm = step(first, logged(first), library)
    assert confirm.action is Action.CONFIRM and hold_locked(first, confirm).action is Action.HOLD
    eased = step(p, logged(p, pain=6), library)
    assert eased.action is Action.REGRESS_LOAD and hold_locked(p, eased) == eased
