"""What a parsed export is: its sets, the rows skipped or in error, and the limits a value must keep within."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from gluterx.domain import limits
from gluterx.domain.units import LB_TO_KG

__all__ = [
    "BLANK_LINE",
    "EMPTY_SET",
    "EXPECTED",
    "FORMATS",
    "LB_TO_KG",
    "MAX_EXPORT_BYTES",
    "MAX_REPS",
    "MAX_SECONDS",
    "MAX_WEIGHT_KG",
    "MILE_M",
    "PLAUSIBLE_WORKOUT_S",
    "REST_TIMER",
    "YARD_M",
    "ImportFileError",
    "ImportedSet",
    "ParsedExport",
    "RowProblem",
    "app_name",
]

# The apps whose exports are read: each kind (a session's `source` once imported) and the app's name. The one list:
# the import page's choices, the CLI's --source, the API's `source` and the history's "Imported from" read it.
FORMATS = {"strong": "Strong", "hevy": "Hevy", "fitnotes": "FitNotes"}


def app_name(kind: str) -> str:
    """The name of the app a session was imported from ("Strong"); an unknown kind as written, capitalised."""
    return FORMATS.get(kind, kind.capitalize())


MILE_M = 1609.344
YARD_M = 0.9144

# The largest export read, wherever it comes from (the web upload, the API, `gluterx import`): a real 5,402-row Strong
# export is under 1 MB, so ten is far more than any training history needs.
MAX_EXPORT_BYTES = 10 * 1024 * 1024

MAX_REPS = limits.MAX_REPS
MAX_WEIGHT_KG = limits.MAX_LOAD_KG
MAX_SECONDS = limits.MAX_SET_SECONDS
PLAUSIBLE_WORKOUT_S = 12 * 3600  # longer is a timer left running (Strong's "168h 14m"); such a duration is ignored

REST_TIMER = "rest timer row: the rest between sets, not a set"
EMPTY_SET = "no reps, time or distance recorded"
BLANK_LINE = "blank line"

EXPECTED = (
    "Expected the header of one of these exports: "
    "Strong (Date, Workout Name, Exercise Name, Set Order, Weight, Reps, …; comma or semicolon), "
    "Hevy (title, start_time, exercise_title, set_index, set_type, weight_kg or weight_lbs, reps, …) or "
    "FitNotes (Date, Exercise, Category, Weight or Weight (lbs), Reps, …)."
)


class ImportFileError(ValueError):
    """The file as a whole cannot be read as a supported export (empty, binary, not UTF-8, unknown header)."""


@dataclass(frozen=True, slots=True)
class ImportedSet:
    """One performed set from an export. `line` is the line the row starts on (the header is line 1)."""

    line: int
    workout_key: str
    workout_date: date
    workout_time: time | None
    workout_name: str
    exercise: str
    set_index: int  # 1-based, this exercise's sets in this workout in file order (warm-ups included)
    set_type: str  # normal | warmup | dropset | failure
    warmup: bool
    reps: int
    weight_kg: float | None
    rpe: float | None
    seconds: float | None
    distance_m: float | None
    notes: str
    workout_notes: str = ""
    workout_duration_s: int | None = None


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row not imported (skipped or in error), or a row that needed repair; `reason` groups like problems."""

    line: int
    reason: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ParsedExport:
    kind: str
    variant: str
    columns: list[str]
    weight_unit: str  # kg | lb | per row
    unit_note: str  # where the unit came from
    rows_read: int = 0
    sets: list[ImportedSet] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    repaired: list[RowProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def accounted(self) -> int:
        """Rows that became a set, were skipped, or are in error: equals `rows_read` (no row lost)."""
        return len(self.sets) + len(self.skipped) + len(self.errors)
