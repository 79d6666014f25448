"""Energy: kcal per session from METs, body mass and time."""

from __future__ import annotations

import pytest

from gluterx.domain.analysis import Activity, SessionSummary, energy
from tests.domain.analysis.helpers import day


def test_energy_is_met_times_3_5_times_body_mass_over_200_times_minutes() -> None:
    """80 kg: 60 min strength 294 kcal, 30 min walking 180.6, 45 min swimming 378."""
    report = energy(
        [
            SessionSummary(day(0), 60, 6),
            SessionSummary(day(1), 30, activity=Activity.WALKING),
            SessionSummary(day(2), 45, activity=Activity.SWIMMING),
        ],
        body_mass_kg=80,
    )
    assert [e.met for e in report.sessions] == [3.5, 4.3, 6.0]
    assert [e.kcal for e in report.sessions] == pytest.approx([294, 180.6, 378])
    assert report.total_kcal == pytest.approx(852.6)
    assert report.sources == ("ainsworth2011",)


def test_energy_needs_a_body_mass() -> None:
    """Without body mass: no number, and a message saying what to add."""
    report = energy([SessionSummary(day(0), 60, 6)], body_mass_kg=None)
    assert (report.sessions[0].kcal, report.total_kcal) == (None, None)
    assert "body mass" in report.message
