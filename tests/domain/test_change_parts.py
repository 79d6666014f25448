"""A change as flat parts and back: the one mapping the store's rows and a backup's entries both use (issue 11)."""

from __future__ import annotations

from datetime import date

import pytest

from gluterx.domain.dose import Band, Dose, Load, RepRange
from gluterx.domain.planner.adjustments import (
    CHANGE_PARTS,
    KINDS,
    AddItem,
    Change,
    ChangeParts,
    ItemNote,
    Lock,
    MoveSession,
    Scope,
    SetDose,
    SkipItem,
    SkipSession,
    Swap,
    Undo,
    change_of,
    change_parts,
    kind_of,
)

ON, TO = date(2026, 3, 2), date(2026, 3, 4)
DOSE = Dose(3, RepRange(8, 10), Load.of_band(Band.MEDIUM), 60)
EVERY_KIND: tuple[Change, ...] = (
    Swap(ON, "glute_bridge", "hip_thrust", Scope.ONCE),
    SkipItem(ON, "glute_bridge"),
    SkipSession(ON),
    MoveSession(ON, TO),
    Undo(7),
    ItemNote(ON, "glute_bridge", "slow on the way down", Scope.ONCE),
    Lock(ON, "glute_bridge", False),
    SetDose(ON, "glute_bridge", DOSE, Scope.ONCE),
    AddItem(ON, "clamshell", DOSE),
    AddItem(ON, "clamshell", None, Scope.ONCE),
)


@pytest.mark.parametrize("change", EVERY_KIND, ids=lambda c: kind_of(c))
def test_every_kind_of_change_comes_back_from_its_parts(change: Change) -> None:
    parts = change_parts(change)
    assert change_of(parts) == change
    given = {name for name in ChangeParts.__dataclass_fields__ if name != "kind" and getattr(parts, name) is not None}
    assert given <= set(CHANGE_PARTS[parts.kind]), "a change has no part its kind does not list"


def test_the_table_of_parts_names_every_kind() -> None:
    assert set(CHANGE_PARTS) == set(KINDS.values()) == {kind_of(c) for c in EVERY_KIND}


def test_a_change_without_a_part_it_needs_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="swap change needs its to_exercise_id"):
        change_of(ChangeParts("swap", ON, exercise_id="glute_bridge"))
    with pytest.raises(ValueError, match="unknown kind of change 'stretch'"):
        change_of(ChangeParts("stretch", ON))


def test_a_scope_not_given_reaches_onward() -> None:
    assert change_of(ChangeParts("item_note", ON, exercise_id="glute_bridge", text="")) == ItemNote(
        ON, "glute_bridge", "", Scope.ONWARD
    )
