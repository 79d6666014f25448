"""Units of measure."""

from __future__ import annotations

from gluterx.domain.units import LB_TO_KG


def test_a_pound_is_exactly_0_45359237_kilograms() -> None:
    """The factor is the exact international pound, so 100 lb is 45.359237 kg, not a rounded 45.4."""
    assert LB_TO_KG == 0.45359237
    assert round(100 * LB_TO_KG, 6) == 45.359237
