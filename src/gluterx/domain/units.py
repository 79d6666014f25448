"""Units of measure: the one conversion factor every importer, export and report shares."""

from __future__ import annotations

__all__ = ["LB_TO_KG"]

LB_TO_KG = 0.45359237  # the international avoirdupois pound, exactly (1959 agreement)
