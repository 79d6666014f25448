"""Which app wrote the file, from its header: each app's column names (English and French Strong), the units the
header states, and the columns each format needs."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ._model import EXPECTED, MILE_M, ImportFileError

__all__ = [
    "COLUMNS",
    "DISTANCE_M",
    "DURATION_UNITS",
    "LABEL",
    "REQUIRED",
    "WEIGHT_UNITS",
    "ColumnLayout",
    "check_kind",
    "detect",
    "fold",
    "read_header",
    "variant",
]


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case ASCII words: 'Nom de l'entraînement' -> 'nom de l entrainement', 'weight_lbs' -> 'weight lbs'."""
    plain = unicodedata.normalize("NFKD", text.strip().lstrip("\ufeff"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


# folded header -> canonical column. Strong's translated exports keep the column order; French is the one seen.
COLUMNS: dict[str, str] = {
    "date": "date",
    "workout": "workout_number",
    "workout name": "workout_name",
    "nom de l entrainement": "workout_name",
    "duration": "duration",
    "duree": "duration",
    "exercise name": "exercise",
    "nom de l exercice": "exercise",
    "exercise": "exercise",
    "exercise title": "exercise",
    "set order": "set_order",
    "ordre de la serie": "set_order",
    "weight": "weight",
    "poids": "weight",
    "weight unit": "weight_unit",
    "unite de poids": "weight_unit",
    "reps": "reps",
    "rpe": "rpe",
    "distance": "distance",
    "distance unit": "distance_unit",
    "seconds": "seconds",
    "secondes": "seconds",
    "notes": "notes",
    "workout notes": "workout_notes",
    "notes d entrainement": "workout_notes",
    "category": "category",
    "time": "time",
    "comment": "notes",
    "title": "workout_name",
    "start time": "start_time",
    "end time": "end_time",
    "description": "workout_notes",
    "superset id": "superset_id",
    "exercise notes": "notes",
    "set index": "set_index",
    "set type": "set_type",
    "duration seconds": "seconds",
    "kg": "weight",  # very old Strong: Date,Workout Name,Exercise Name,Set Order,kg,Reps,km,Seconds,Notes
    "lbs": "weight",
    "km": "distance",
    "mi": "distance",
}
WEIGHT_UNITS = {"kg": "kg", "kgs": "kg", "lb": "lb", "lbs": "lb"}
DISTANCE_M = {"km": 1000.0, "kms": 1000.0, "m": 1.0, "meters": 1.0, "metres": 1.0, "mi": MILE_M, "miles": MILE_M}
DURATION_UNITS = {"sec", "secs", "seconds", "s"}


@dataclass(frozen=True)
class ColumnLayout:
    """Where each canonical column is, and the units the header states."""

    index: dict[str, int]
    weight_unit: str | None  # from the header, e.g. "Weight (kg)", "weight_lbs"
    distance_m: float | None  # metres per distance unit, from the header


def read_header(header: list[str]) -> ColumnLayout:
    index: dict[str, int] = {}
    weight_unit = None
    distance_m = None
    for i, cell in enumerate(header):
        folded = fold(cell)
        name = COLUMNS.get(folded)
        if name is None:
            head, _, unit = folded.rpartition(" ")
            if head in ("weight", "poids") and unit in WEIGHT_UNITS:
                name, weight_unit = "weight", WEIGHT_UNITS[unit]
            elif head == "distance" and unit in DISTANCE_M:
                name, distance_m = "distance", DISTANCE_M[unit]
            elif head in ("duration", "duree") and unit in DURATION_UNITS:
                name = "duration"  # "Duration (sec)": whole seconds, which parse_duration reads as such
        elif folded in ("kg", "lbs"):
            weight_unit = WEIGHT_UNITS[folded]
        elif folded in ("km", "mi"):
            distance_m = DISTANCE_M[folded]
        if name is not None:
            index.setdefault(name, i)
    return ColumnLayout(index, weight_unit, distance_m)


REQUIRED = {
    "strong": ("date", "exercise", "set_order", "weight", "reps"),
    "hevy": ("start_time", "exercise", "weight", "reps"),
    "fitnotes": ("date", "exercise", "weight", "reps"),
}
LABEL = {
    "date": "Date",
    "exercise": "Exercise Name",
    "set_order": "Set Order",
    "weight": "Weight",
    "reps": "Reps",
    "start_time": "start_time",
}


def detect(header: list[str], layout: ColumnLayout) -> str | None:
    folded = {fold(h) for h in header}
    if "start time" in folded and "exercise title" in folded:
        return "hevy"
    if "set_order" in layout.index and "exercise" in layout.index:
        return "strong"
    if "category" in layout.index and "exercise" in layout.index and "date" in layout.index:
        return "fitnotes"
    return None


def variant(kind: str, delimiter: str, layout: ColumnLayout, header: list[str]) -> str:
    bits = [{",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]]
    folded = [fold(h) for h in header]
    if kind == "strong":
        if "workout_number" in layout.index:
            bits.append('"Workout #" format')
        if any(f in ("nom de l entrainement", "ordre de la serie") for f in folded):
            bits.append("French headers")
        if "duration" not in layout.index:
            bits.append("no Duration column")
    if "weight_unit" in layout.index:
        bits.append("Weight Unit column")
    elif layout.weight_unit:
        bits.append(f"{layout.weight_unit} in the header")
    else:
        bits.append("no unit")
    return f"{kind} ({', '.join(bits)})"


def check_kind(kind: str | None, detected: str | None, header: list[str]) -> str:
    shown = ", ".join(h.strip() for h in header[:14]) + (" …" if len(header) > 14 else "")
    shown = shown if len(shown) <= 200 else shown[:200] + " …"
    if detected is None:
        named = f"as a {kind.capitalize()} export " if kind else ""
        raise ImportFileError(f"the header is not one GluteRx can read {named}({shown}). {EXPECTED}")
    if kind is not None and kind != detected:
        raise ImportFileError(
            f"the file looks like a {detected.capitalize()} export, not {kind.capitalize()}; "
            f"use --from {detected} or leave --from out"
        )
    return detected
