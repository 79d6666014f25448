"""`gluterx exercises` and `gluterx evidence` as a person and another program use them."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from gluterx.adapters.cli.main import app

runner = CliRunner()
CONTRACT_FIELDS = {
    "id",
    "name",
    "aliases",
    "category",
    "patterns",
    "force_vector",
    "hip_dominant",
    "unilateral",
    "equipment",
    "level",
    "muscles",
    "emg",
    "knee_flexion_load",
    "spinal_load",
    "regressions",
    "progressions",
    "cues",
    "faults",
    "seconds_per_rep",
    "contraindication_notes",
}


def test_exercises_json_is_the_whole_library_with_contract_fields() -> None:
    """`--format json` prints a list of every exercise with every DESIGN.md field."""
    result = runner.invoke(app, ["exercises", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data) >= 60
    assert all(set(item) >= CONTRACT_FIELDS for item in data)
    thrust = next(d for d in data if d["id"] == "hip_thrust")
    assert {r["source"] for r in thrust["emg"]["gmax_upper"]} == {"contreras2015jab"}


def test_equipment_none_lists_only_exercises_needing_nothing() -> None:
    """A person with no equipment sees nothing they cannot do."""
    result = runner.invoke(app, ["exercises", "--equipment", "none", "--format", "json"])
    data = json.loads(result.stdout)
    assert data
    assert all(d["equipment"] == [] for d in data)


def test_filters_narrow_the_table() -> None:
    """Pattern and level filters apply to the table view."""
    result = runner.invoke(app, ["exercises", "--pattern", "hip_abduction", "--max-level", "1"])
    assert result.exit_code == 0
    assert "side_lying_hip_abduction" in result.stdout
    assert "monster_walk" not in result.stdout


def test_unknown_equipment_is_a_clear_error() -> None:
    """A typo in --equipment names the flag and lists what is allowed."""
    result = runner.invoke(app, ["exercises", "--equipment", "dumbells"])
    assert result.exit_code == 2
    assert "--equipment: 'dumbells' is not an equipment id" in result.stderr
    assert "dumbbells" in result.stderr


def test_show_prints_how_to_evidence_and_chain() -> None:
    """`exercises show` explains the exercise with its sources and its easier and harder neighbours."""
    result = runner.invoke(app, ["exercises", "show", "hip_thrust"])
    assert result.exit_code == 0
    for text in ("How to", "Contreras", "Easier:", "Harder:"):
        assert text in result.stdout


def test_show_unknown_id_suggests_the_closest() -> None:
    """A misspelt id gets "did you mean" and exit code 2, not a traceback."""
    result = runner.invoke(app, ["exercises", "show", "hip_trust"])
    assert result.exit_code == 2
    assert "no exercise 'hip_trust'" in result.stderr
    assert "hip_thrust" in result.stderr


def test_evidence_lists_sources_and_what_uses_them() -> None:
    """Each source names the exercises and rule figures that cite it."""
    result = runner.invoke(app, ["evidence", "--format", "json"])
    assert result.exit_code == 0
    data = {s["id"]: s for s in json.loads(result.stdout)}
    assert "hip_thrust" in data["contreras2015jab"]["exercises"]
    assert data["silbernagel2007"]["figures"]


def test_evidence_json_marks_each_figure_checked_or_not() -> None:
    """`gluterx evidence --format json`: every EMG figure, finding and rule figure with its own `verified`."""
    result = runner.invoke(app, ["evidence", "--format", "json"])
    assert result.exit_code == 0
    sources = {s["id"]: s for s in json.loads(result.stdout)}
    items = {i["id"]: i for s in sources.values() for i in s["evidence"]}
    assert items["forward_lunge.gmax.distefano2009"] == {
        "id": "forward_lunge.gmax.distefano2009",
        "kind": "emg",
        "verified": False,
    }
    assert items["bridge_hip_abduction_30.kang2016"]["verified"] is True
    assert all(isinstance(i["verified"], bool) for i in items.values())


def test_evidence_table_names_the_figures_not_yet_checked() -> None:
    result = runner.invoke(app, ["evidence"], env={"COLUMNS": "250"})
    assert result.exit_code == 0
    assert "forward_lunge.gmax.distefano2009 (not checked)" in result.stdout


def test_show_says_what_an_activation_rests_on_and_why_a_10rm_figure_is_not_used() -> None:
    """The forward lunge's gluteus maximus is an estimate from its medius figures, never a measured figure."""
    lunge = runner.invoke(app, ["exercises", "show", "forward_lunge"], env={"COLUMNS": "250"})
    assert lunge.exit_code == 0
    assert "gluteus maximus: high (our estimate from its gluteus medius figures" in lunge.stdout
    assert "With support:" in lunge.stdout and "balance demand: high" in lunge.stdout
    side = runner.invoke(app, ["exercises", "show", "side_lying_hip_abduction"], env={"COLUMNS": "250"})
    assert "(10RM)" in side.stdout
    assert "measured on a loaded version, so not used for this exercise" in side.stdout
    data = json.loads(runner.invoke(app, ["exercises", "show", "forward_lunge", "--format", "json"]).stdout)
    assert data["activation"]["gmax"] | {"percent_mvic": 0} == {
        "percent_mvic": 0,
        "band": "high",
        "published": False,
        "basis": "other_muscle",
        "sources": ["distefano2009"],
    }
    assert (data["position"], data["balance_demand"], data["isometric"]) == ("standing", "high", False)


def test_search_finds_by_name_alias_and_export_name_best_first() -> None:
    found = json.loads(runner.invoke(app, ["exercises", "--search", "glut brige", "--format", "json"]).stdout)
    assert found[0]["id"] == "glute_bridge"
    exported = json.loads(runner.invoke(app, ["exercises", "-s", "Hip Thrust (Barbell)", "--format", "json"]).stdout)
    assert exported[0]["id"] == "hip_thrust"
    table = runner.invoke(app, ["exercises", "--search", "clam"])
    assert table.exit_code == 0 and "clamshell" in table.stdout and "matching 'clam'" in table.stdout
    nothing = runner.invoke(app, ["exercises", "--search", "zzzz"])
    assert nothing.exit_code == 0 and "No exercise is called anything like 'zzzz'" in nothing.stdout


def test_show_names_sources_as_references_not_ids() -> None:
    out = runner.invoke(app, ["exercises", "show", "hip_thrust"]).stdout
    assert "Contreras et al. 2015" in out
    assert "contreras2015" not in out
