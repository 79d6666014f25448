"""Text for the core PDF fonts (Latin-1 only) and the short formats the report writes numbers, days and names in."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date

from gluterx.domain.analysis import BalanceVerdict
from gluterx.domain.exercise import readable_name

__all__ = ["VERDICT", "exercise_label", "latin1", "more", "num", "short_day", "words"]

_REPLACE = {
    "→": "->",
    "←": "<-",
    "–": "-",
    "—": "-",
    "−": "-",
    "‑": "-",
    "≥": ">=",
    "≤": "<=",
    "×": "x",
    "…": "...",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "•": "-",
    "·": "-",
    "≈": "~",
    "✓": "yes",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
}
VERDICT = {
    BalanceVerdict.QUAD_DOMINANT: "Quad-dominant",
    BalanceVerdict.KNEE_LEANING: "Leaning towards knee-dominant work",
    BalanceVerdict.BALANCED: "Balanced",
    BalanceVerdict.HIP_DOMINANT: "Hip-dominant",
    BalanceVerdict.NOT_ENOUGH_DATA: "Not enough data",
}


def latin1(text: object) -> str:
    """`text` in characters the core PDF fonts can draw: known symbols spelled in ASCII, accents kept, others '?'."""
    out = []
    for ch in str(text):
        if ch in _REPLACE:
            out.append(_REPLACE[ch])
        elif ord(ch) < 256:
            out.append(ch)
        else:
            plain = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append(plain or "?")
    return "".join(out)


def num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    return f"{round(value, 1):g}{unit}"


def short_day(day: date, *, long_span: bool = False) -> str:
    return f"{day:%b %Y}" if long_span else f"{day.day} {day:%b}"


def words(value: str) -> str:
    return value.replace("_", " ")


def exercise_label(text: str) -> str:
    """An exercise name as a label: imported names come lower-case, so give them a capital."""
    return readable_name(text)


def more(names: Sequence[str], limit: int) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")
