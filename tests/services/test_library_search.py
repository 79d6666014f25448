"""Searching the library by name, by the names people use, and by the names other apps' exports use."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gluterx.data import load_library
from gluterx.domain.exercise import Pattern, normalise_name
from gluterx.services.library import browse, exercise_json, exercise_view, library_order, search

LIBRARY = load_library()
EXERCISES = sorted(LIBRARY, key=lambda e: e.id)
NAMES = [(e.id, n) for e in EXERCISES for n in (e.name, *e.aliases, *e.import_aliases)]


@given(st.sampled_from(NAMES))
def test_every_name_alias_and_import_name_finds_its_exercise(pair: tuple[str, str]) -> None:
    """Any name an exercise answers to finds it, and an exact name (or one only it answers to) comes first."""
    exercise_id, name = pair
    found = [e.id for e in search(LIBRARY, name)]
    assert exercise_id in found
    assert LIBRARY.by_name(name) is not None
    owner = LIBRARY.by_name(name)
    assert owner is not None and found[0] == owner.id


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("glut brige", "glute_bridge"),  # two slips
        ("hipthrust", "hip_thrust"),  # run together
        ("donkey", "quadruped_hip_extension"),  # an alias, one word of it
        ("fire hidrant", "fire_hydrant"),
        ("Hip Thrust (Barbell)", "hip_thrust"),  # a Strong/Hevy export name
        ("clam", "clamshell"),
    ],
)
def test_forgiving_matches(typed: str, expected: str) -> None:
    assert next(e.id for e in search(LIBRARY, typed)) == expected


def test_nonsense_and_blank() -> None:
    assert search(LIBRARY, "zzzz qqq") == []
    assert len(search(LIBRARY, "   ")) == len(LIBRARY)  # a blank search filters nothing


def test_import_names_are_matched_but_not_shown_as_other_names() -> None:
    """'Glute Bridge (Bodyweight)' exists for imports: found by name, but not among the names a person is shown."""
    bridge = LIBRARY.get("glute_bridge")
    assert "Glute Bridge (Bodyweight)" in bridge.import_aliases
    assert "Glute Bridge (Bodyweight)" not in bridge.aliases
    assert LIBRARY.by_name("Glute Bridge (Bodyweight)") == bridge
    shown = exercise_json(exercise_view(bridge, LIBRARY))
    assert "Glute Bridge (Bodyweight)" not in shown["aliases"]
    assert "Glute Bridge (Bodyweight)" in shown["import_aliases"]


def test_no_shown_alias_is_the_name_again() -> None:
    for ex in LIBRARY:
        assert normalise_name(ex.name) not in {normalise_name(a) for a in ex.aliases}, ex.id


@given(st.lists(st.sampled_from([e.id for e in EXERCISES]), unique=True, max_size=8))
def test_the_plan_comes_first_in_plan_order_then_movement_and_level(plan: list[str]) -> None:
    ordered = [e.id for e in library_order(EXERCISES, plan)]
    assert ordered[: len(plan)] == plan
    rest = [LIBRARY.get(i) for i in ordered[len(plan) :]]
    keys = [(e.patterns[0].value, e.level, e.id) for e in rest]
    assert keys == sorted(keys)


def test_browse_filters_then_searches_and_marks_the_plan() -> None:
    found = browse(LIBRARY, query="bridge", plan=("clamshell", "glute_bridge"), pattern=Pattern.HIP_EXTENSION)
    assert found.exercises[0].id == "glute_bridge"
    assert all(Pattern.HIP_EXTENSION in e.patterns for e in found.exercises)
    assert found.in_plan == frozenset({"glute_bridge"})
    assert found.total == len(LIBRARY)
