"""Free text people type (notes, names): anything but control characters, which a terminal would obey and
PostgreSQL refuses to store (NUL), so they are refused, naming the field, instead of failing inside."""

from __future__ import annotations

import unicodedata

ALLOWED_CONTROLS = frozenset("\t\n\r")


def control_character_problem(value: str) -> str | None:
    """What to fix when `value` holds a control character (other than tabs and line breaks); None when clean."""
    for position, char in enumerate(value):
        if char not in ALLOWED_CONTROLS and unicodedata.category(char) == "Cc":
            return (
                f"remove the control character U+{ord(char):04X} at position {position + 1}; "
                "use plain text (tabs and line breaks are fine)"
            )
    return None


__all__ = ["control_character_problem"]
