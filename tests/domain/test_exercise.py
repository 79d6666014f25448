"""The Library's lookups, filters and activation estimates, on hand-made exercises."""

from __future__ import annotations

from gluterx.domain.anatomy import EmgMuscle, Muscle
from gluterx.domain.evidence import ActivationBand
from gluterx.domain.exercise import Equipment, Grade, Pattern, band_of, custom_name, normalise_name, readable_name
from tests.factories import make_emg, make_exercise, make_library


def test_equipment_filter_shows_only_what_needs_nothing_more() -> None:
    """Owning a mini band shows band and bodyweight exercises, not the barbell ones."""
    lib = make_library(
        make_exercise(id="bridge"),
        make_exercise(id="band_bridge", equipment=frozenset({Equipment.MINI_BAND})),
        make_exercise(id="barbell_thrust", equipment=frozenset({Equipment.BARBELL, Equipment.BENCH})),
    )
    assert [e.id for e in lib.filter(owned={Equipment.MINI_BAND})] == ["bridge", "band_bridge"]
    assert [e.id for e in lib.filter(owned=set())] == ["bridge"]


def test_filters_combine() -> None:
    """Pattern, level and muscle filters all apply at once."""
    lib = make_library(
        make_exercise(id="clam", patterns=(Pattern.HIP_EXTERNAL_ROTATION,), primary=(Muscle.GMED,)),
        make_exercise(id="hard_clam", level=3, patterns=(Pattern.HIP_EXTERNAL_ROTATION,), primary=(Muscle.GMED,)),
        make_exercise(id="bridge"),
    )
    found = lib.filter(pattern=Pattern.HIP_EXTERNAL_ROTATION, max_level=2, muscle=Muscle.GMED)
    assert [e.id for e in found] == ["clam"]


def test_activation_averages_published_figures_for_the_muscle() -> None:
    """Two figures for gluteus maximus average; the gluteus medius figure does not mix in."""
    ex = make_exercise(
        id="thrust",
        emg=(
            make_emg(exercise="thrust", value=60, muscle=EmgMuscle.GMAX_UPPER),
            make_emg(exercise="thrust", value=80, muscle=EmgMuscle.GMAX_LOWER),
            make_emg(exercise="thrust", value=10, muscle=EmgMuscle.GMED),
        ),
    )
    act = make_library(ex).activation("thrust", "gmax")
    assert act.percent == 70
    assert act.band is ActivationBand.VERY_HIGH
    assert act.published


def test_activation_without_figures_is_a_marked_estimate() -> None:
    """An exercise with no published figure gets its band's representative value, flagged as not published."""
    lib = make_library(make_exercise(id="hydrant", activation=ActivationBand.HIGH))
    act = lib.activation("hydrant")
    assert (act.band, act.published, act.sources) == (ActivationBand.HIGH, False, ("reiman2012",))


def test_reiman_bands_have_the_published_edges() -> None:
    """Low 0–20, moderate 21–40, high 41–60, very high above 60 (Reiman 2012)."""
    assert [band_of(v) for v in (20, 21, 40, 41, 60, 61)] == [
        ActivationBand.LOW,
        ActivationBand.MODERATE,
        ActivationBand.MODERATE,
        ActivationBand.HIGH,
        ActivationBand.HIGH,
        ActivationBand.VERY_HIGH,
    ]


def test_names_match_ignoring_case_and_punctuation() -> None:
    """'Hip Thrust (Barbell)' finds the exercise aliased 'hip thrust barbell'."""
    lib = make_library(make_exercise(id="hip_thrust", aliases=("Hip Thrust (Barbell)",)))
    assert normalise_name("Hip Thrust (Barbell)") == "hip thrust barbell"
    found = lib.by_name("hip thrust - BARBELL")
    assert found is not None
    assert found.id == "hip_thrust"
    assert lib.by_name("bench press") is None


def test_display_names_for_library_and_imported_exercises() -> None:
    lib = make_library(make_exercise(id="glute_bridge"))
    assert lib.display_name("glute_bridge") == lib.get("glute_bridge").name == "Glute Bridge"
    assert lib.display_name("custom:cable_kickback") == "Cable kickback"
    assert lib.display_name("custom:") == "custom:"  # nothing readable to show: the id as it is
    assert readable_name("sumo_deadlift") == "Sumo deadlift"
    assert custom_name("custom:cable_kickback") == "cable kickback"  # as the id holds it (the analysis's name)


def test_sideways_swaps_share_chain_and_level_and_put_the_back_first() -> None:
    """A bridge felt in the back swaps sideways to one of the same level, gentlest on the back first."""
    lib = make_library(
        make_exercise(id="bridge"),
        make_exercise(id="wide_bridge"),
        make_exercise(id="loaded_bridge", spinal_load=Grade.MODERATE),
        make_exercise(id="hard_bridge", level=2),
        make_exercise(id="clam", chain="external_rotation"),
    )
    assert [e.id for e in lib.sideways("bridge")] == ["wide_bridge", "loaded_bridge"]
    assert lib.sideways("hard_bridge") == []


def test_the_packaged_glute_bridge_swaps_sideways_to_the_wide_knee_bridge() -> None:
    from gluterx.data import load_library

    assert "wide_knee_bridge" in [e.id for e in load_library().sideways("glute_bridge")]
