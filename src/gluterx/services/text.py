"""Free text people type (notes, names): anything but control characters, which a terminal would obey and
PostgreSQL refuses to store (NUL), so they are refused, naming the field, instead of failing inside."""

from __future__ import annotations

import unicodedata

from gluterx.services.errors import Problem, words

ALLOWED_CONTROLS = frozenset("\t\n\r")
# The same rule as a JSON Schema pattern, for documents that say what text is accepted: no control character (Unicode
# category Cc: U+0000-U+001F and U+007F-U+009F) but tab, line feed and carriage return.
PLAIN_TEXT_PATTERN = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"


def control_character(field: str, value: str) -> Problem | None:
    """The Problem when `value` holds a control character (other than tabs and line breaks); None when clean."""
    for position, char in enumerate(value):
        if char not in ALLOWED_CONTROLS and unicodedata.category(char) == "Cc":
            return Problem(field, "control_character", {"codepoint": f"U+{ord(char):04X}", "position": position + 1})
    return None


def control_character_problem(value: str) -> str | None:
    """What to fix when `value` holds a control character, in words (for a pydantic validator); None when clean."""
    found = control_character("", value)
    return words(found) if found else None


__all__ = ["ALLOWED_CONTROLS", "PLAIN_TEXT_PATTERN", "control_character", "control_character_problem"]
