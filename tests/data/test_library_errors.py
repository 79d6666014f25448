"""A broken library fails to load with one clear line per problem: file, exercise, field."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from gluterx.data import LibraryError, library_dir, load_library


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(library_dir(), target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def edit(path: Path, change: Callable[[Any], None]) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def entry(data: Any, exercise_id: str) -> dict[str, Any]:
    return next(e for e in data["exercises"] if e["id"] == exercise_id)


def problems_after(copy: Path, file: str, change: Callable[[Any], None]) -> list[str]:
    edit(copy / file, change)
    with pytest.raises(LibraryError) as info:
        load_library(copy)
    return info.value.problems


def test_the_untouched_copy_loads(copy: Path) -> None:
    """The fixture itself is sound, so each failure below comes from its one edit."""
    assert len(load_library(copy)) >= 60


def test_unknown_field_names_file_exercise_and_field(copy: Path) -> None:
    """A misspelt key is reported where it is."""
    problems = problems_after(copy, "exercises/bridge_thrust.yaml", lambda d: entry(d, "glute_bridge").update(levle=2))
    assert problems == [
        "exercises/bridge_thrust.yaml: glute_bridge: levle: unknown field; remove it or check its spelling "
        "(docs/library-format.md lists the fields)"
    ]


def test_missing_field_is_named(copy: Path) -> None:
    """Leaving out a required field says which."""
    problems = problems_after(copy, "exercises/bridge_thrust.yaml", lambda d: entry(d, "hip_thrust").pop("why"))
    assert problems == ["exercises/bridge_thrust.yaml: hip_thrust: why: required field is missing"]


def test_missing_source_id_is_named(copy: Path) -> None:
    """An EMG figure that cites an unknown source is refused."""

    def change(d: Any) -> None:
        d["emg"][0]["source"] = "nobody1999"

    problems = problems_after(copy, "evidence.yaml", change)
    assert len(problems) == 1
    assert problems[0].startswith("evidence.yaml: emg: ")
    assert "source: 'nobody1999' is not a source id" in problems[0]


def test_chain_pointing_at_a_missing_exercise_is_named(copy: Path) -> None:
    """A progression to an id that does not exist suggests the closest ids."""
    problems = problems_after(
        copy,
        "exercises/bridge_thrust.yaml",
        lambda d: entry(d, "glute_bridge")["progressions"].append("hip_thrusts"),
    )
    assert problems == [
        "exercises/bridge_thrust.yaml: glute_bridge: progressions: 'hip_thrusts' is not an exercise id "
        "(did you mean hip_thrust, banded_hip_thrust, dumbbell_hip_thrust?)"
    ]


def test_cycle_and_falling_level_are_named(copy: Path) -> None:
    """hip_thrust -> glute_bridge closes a loop and goes down a level; both are said."""
    problems = problems_after(
        copy, "exercises/bridge_thrust.yaml", lambda d: entry(d, "hip_thrust")["progressions"].append("glute_bridge")
    )
    assert any("hip_thrust: progressions: 'glute_bridge' is level 1, not above" in p for p in problems)
    assert any("progressions: cycle" in p and "hip_thrust" in p and "glute_bridge" in p for p in problems)


def test_bad_value_names_the_allowed_ones(copy: Path) -> None:
    """A grade outside none/low/moderate/high is refused with the allowed values."""
    problems = problems_after(
        copy, "exercises/squat_lunge_step.yaml", lambda d: entry(d, "back_squat").update(spinal_load="huge")
    )
    assert len(problems) == 1
    assert problems[0].startswith("exercises/squat_lunge_step.yaml: back_squat: spinal_load: ")
    assert "'none', 'low', 'moderate' or 'high'" in problems[0]


def test_duplicate_id_across_files_is_named(copy: Path) -> None:
    """Two entries may not share an id."""

    def change(d: Any) -> None:
        d["exercises"].append(dict(entry(d, "clamshell")))

    problems = problems_after(copy, "exercises/abduction_rotation.yaml", change)
    assert any("clamshell: id: duplicate id" in p for p in problems)


def test_emg_figure_for_unknown_exercise_is_named(copy: Path) -> None:
    """An EMG record must belong to an exercise in the library."""

    def change(d: Any) -> None:
        d["emg"][0]["exercise"] = "moon_walk"

    problems = problems_after(copy, "evidence.yaml", change)
    assert any("exercise: 'moon_walk' is not an exercise id" in p for p in problems)


def test_invalid_yaml_gives_line_and_column(copy: Path) -> None:
    """A syntax error points at where it is."""
    path = copy / "exercises" / "posterior.yaml"
    path.write_text(path.read_text() + "\n  - id: [unclosed\n")
    with pytest.raises(LibraryError) as info:
        load_library(copy)
    assert info.value.problems[0].startswith("posterior.yaml: not valid YAML (line ")


@pytest.mark.parametrize("field", ["position", "hip_positions", "balance_demand", "supported_option", "isometric"])
def test_each_precaution_attribute_is_required(copy: Path, field: str) -> None:
    """The precautions read all five on every exercise, so leaving one out fails the load."""
    problems = problems_after(copy, "exercises/bridge_thrust.yaml", lambda d: entry(d, "glute_bridge").pop(field))
    assert problems == [f"exercises/bridge_thrust.yaml: glute_bridge: {field}: required field is missing"]


def test_a_position_the_steps_contradict_is_named(copy: Path) -> None:
    """A bridge marked prone is caught: its steps say to lie on your back."""
    problems = problems_after(
        copy, "exercises/bridge_thrust.yaml", lambda d: entry(d, "glute_bridge").update(position="prone")
    )
    assert problems == [
        "exercises/bridge_thrust.yaml: glute_bridge: position: 'prone' but how_to never says so "
        "(expected one of: face down, plank); fix the position or say it in the steps"
    ]


def test_an_isometric_exercise_counted_in_reps_is_named(copy: Path) -> None:
    problems = problems_after(
        copy, "exercises/bridge_thrust.yaml", lambda d: entry(d, "glute_bridge").update(isometric=True)
    )
    assert problems == [
        "exercises/bridge_thrust.yaml: glute_bridge: isometric: an isometric exercise is a timed hold; "
        "set `dose: seconds` or `isometric: false`"
    ]


def test_floor_work_cannot_claim_a_high_balance_demand(copy: Path) -> None:
    problems = problems_after(
        copy, "exercises/bridge_thrust.yaml", lambda d: entry(d, "glute_bridge").update(balance_demand="high")
    )
    assert problems == [
        "exercises/bridge_thrust.yaml: glute_bridge: balance_demand: 'high' is for standing work; "
        "a supine exercise is at most low"
    ]


def test_a_supported_option_for_floor_work_with_no_balance_demand_is_named(copy: Path) -> None:
    problems = problems_after(
        copy,
        "exercises/bridge_thrust.yaml",
        lambda d: entry(d, "glute_bridge").update(supported_option="Hold a chair."),
    )
    assert problems == [
        "exercises/bridge_thrust.yaml: glute_bridge: supported_option: only for standing work or work that "
        "challenges balance; remove it or raise balance_demand"
    ]


def test_an_unknown_hip_position_names_the_allowed_ones(copy: Path) -> None:
    problems = problems_after(
        copy, "exercises/mobility_daily.yaml", lambda d: entry(d, "hip_90_90").update(hip_positions=["twisted"])
    )
    assert len(problems) == 1
    assert problems[0].startswith("exercises/mobility_daily.yaml: hip_90_90: hip_positions.0: Input should be ")
    for allowed in ("flexion_over_90", "adduction_past_midline", "internal_rotation", "crossed_legs"):
        assert allowed in problems[0]
