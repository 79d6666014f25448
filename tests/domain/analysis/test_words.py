"""What the progress sentences may say: only numbers that mean something, over the weeks a chart shows."""

from __future__ import annotations

import dataclasses

from gluterx.domain.analysis import RECENT_WEEKS, balance, energy, strength, volume
from gluterx.domain.exercise import Library
from tests.domain.analysis.helpers import CUSTOMS, quad_dominant_history, sets_of


def test_energy_with_a_body_mass_and_no_sessions_says_no_kcal() -> None:
    """Not 'About 0 kcal over 0 sessions': no total, and words for why."""
    report = energy([], body_mass_kg=70)
    assert (report.total_kcal, report.message) == (None, "No sessions logged yet.")


def test_no_side_of_hip_sets_is_said_as_none_not_as_zero_percent(library: Library) -> None:
    """Quad-dominant with no abduction at all: 'none worked the side of the hip', never 'only 0%'."""
    report = balance(quad_dominant_history(), library, customs=CUSTOMS)
    assert "none worked the side of the hip" in report.message
    assert "0%" not in report.message.replace("100%", "")


def test_the_volume_average_speaks_of_the_weeks_a_chart_shows(library: Library) -> None:
    """Forty weeks of sets: the sentence averages the latest RECENT_WEEKS, and says so."""
    logged = [s for week in range(40) for s in sets_of("hip_thrust", 3, on=7 * week, load_kg=60, rir=1)]
    report = volume(logged, library)
    assert len(report.weeks) == 40
    assert f"on average over the latest {RECENT_WEEKS} weeks" in report.message
    assert "40 weeks" not in report.message


def test_a_strength_sentence_starts_with_a_capital_for_an_imported_lower_case_name(library: Library) -> None:
    """An imported exercise named 'leg extension (machine)' still starts its sentence with a capital."""
    logged = sets_of("leg_extension", 2, load_kg=40, rir=1) + sets_of("leg_extension", 2, on=7, load_kg=45, rir=1)
    lower = {k: dataclasses.replace(v, name=v.name.lower()) for k, v in CUSTOMS.items()}
    report = strength(logged, library, customs=lower)
    assert report.exercises[0].name == "leg extension (machine)"
    assert report.exercises[0].message.startswith("Leg extension (machine): estimated 1RM rose")
