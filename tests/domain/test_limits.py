"""A performed set and a pain rating are refused the same way wherever they are recorded (domain/limits.py)."""

from __future__ import annotations

from datetime import date

import pytest

from gluterx.domain.analysis import LoggedSet, PainReading
from gluterx.domain.progression import ExerciseLog, SetLog

DAY = date(2026, 3, 2)


def test_a_negative_weight_is_refused_alike_in_the_log_and_in_the_analytics() -> None:
    """The progression log's set and the analytics' set name the field and the fix in the same words."""
    with pytest.raises(ValueError) as logged:
        SetLog(8, load_kg=-5.0)
    with pytest.raises(ValueError) as analysed:
        LoggedSet(DAY, "hip_thrust", 8, load_kg=-5.0)
    assert (
        str(logged.value) == str(analysed.value) == "load_kg: -5.0 is negative; give the weight in kg, or null for none"
    )


def test_pain_off_the_scale_is_refused_naming_its_own_field() -> None:
    """A check-in's `pain` and an exercise's `pain_during` each name their field; 0 and 10 are on the scale."""
    with pytest.raises(ValueError, match=r"^pain: 11 is outside 0-10"):
        PainReading(DAY, 11)
    with pytest.raises(ValueError, match=r"^pain_during: -1 is outside 0-10"):
        ExerciseLog("hip_thrust", (), -1, frozenset())
    assert PainReading(DAY, 0).pain == 0 and ExerciseLog("hip_thrust", (), 10, frozenset()).pain_during == 10
