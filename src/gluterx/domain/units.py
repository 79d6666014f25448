"""Units of measure: the one conversion factor every importer, export and report shares, and the person's choice of
kg or lb for showing and entering a weight (the store keeps kg)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["LB_TO_KG", "MassUnit", "from_kg", "to_kg"]

LB_TO_KG = 0.45359237  # the international avoirdupois pound, exactly (1959 agreement)


class MassUnit(StrEnum):
    """How a person reads and enters weights; kg is the store's unit and the default."""

    KG = "kg"
    LB = "lb"


def from_kg(kg: float, unit: MassUnit) -> float:
    """`kg` in `unit` (not rounded: rounding is for words)."""
    return kg if unit is MassUnit.KG else kg / LB_TO_KG


def to_kg(value: float, unit: MassUnit) -> float:
    """A weight given in `unit`, in kg to the gram (the store's unit)."""
    return value if unit is MassUnit.KG else round(value * LB_TO_KG, 3)
