"""A dose given on the command line (`--sets 3 --reps 8-12 --kg 20 --rest 90 --tempo 2-1-3`) as DoseParts, for the
service to check (services/plan_changes.py `dose_of`: the bounds and the exercise's fit are its)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from ._common import fail

if TYPE_CHECKING:
    from gluterx.services.plan_changes import DoseParts

SetsOption = Annotated[int | None, typer.Option("--sets", help="Your own dose: sets, e.g. 3 (default: GluteRx's).")]
RepsOption = Annotated[str | None, typer.Option("--reps", metavar="N[-M]", help="Reps per set: 10, or 8-12.")]
HoldOption = Annotated[int | None, typer.Option("--hold", metavar="SECONDS", help="A hold instead of reps.")]
KgOption = Annotated[float | None, typer.Option("--kg", help="A weight in kg (default: bodyweight).")]
BandOption = Annotated[str | None, typer.Option("--band", help="A band instead: light, medium, heavy or extra_heavy.")]
RestOption = Annotated[int | None, typer.Option("--rest", metavar="SECONDS", help="Rest between sets (60).")]
TempoOption = Annotated[
    str | None, typer.Option("--tempo", metavar="UP-SQUEEZE-DOWN", help="Seconds, e.g. 2-1-3 (optional).")
]
# The service's dose fields, by the option that gives each (for its problems' words).
DOSE_FLAGS = {
    "sets": "--sets", "reps_low": "--reps", "reps_high": "--reps", "hold_s": "--hold", "load_kind": "--kg or --band",
    "kg": "--kg", "band": "--band", "rest_s": "--rest", "tempo_up": "--tempo", "tempo_squeeze": "--tempo",
    "tempo_down": "--tempo",
}  # fmt: skip


def numbers(flag: str, text: str | None, count: tuple[int, ...], example: str) -> list[int] | None:
    """'8-12' as [8, 12] (the counts of parts allowed in `count`); None when the flag was not given."""
    if text is None:
        return None
    parts = text.split("-")
    if len(parts) not in count or not all(p.strip().isdigit() for p in parts):
        fail(f"{flag}: {escape(text)!r} should look like {example}")
    return [int(p) for p in parts]


def dose_parts(
    sets: int | None, reps: str | None, hold: int | None, kg: float | None, band: str | None, rest: int | None,
    tempo: str | None,
) -> DoseParts:  # fmt: skip
    """The options' dose (sets missing: the service says --sets is needed); a weight and a band both: refused."""
    from gluterx.services.plan_changes import DoseParts

    if kg is not None and band is not None:
        fail("--kg, --band: give a weight or a band, not both")
    rep_range = numbers("--reps", reps, (1, 2), "10 or 8-12")
    up, squeeze, down = numbers("--tempo", tempo, (3,), "2-1-3 (seconds up, squeeze, down)") or (None, None, None)
    load_kind = "kg" if kg is not None else "band" if band is not None else "bodyweight"
    return DoseParts(
        sets, rep_range[0] if rep_range else None, rep_range[-1] if rep_range else None, hold, load_kind, kg, band,
        60 if rest is None else rest, up, squeeze, down,
    )  # fmt: skip


def own_dose(
    sets: int | None, reps: str | None, hold: int | None, kg: float | None, band: str | None, rest: int | None,
    tempo: str | None,
) -> DoseParts | None:  # fmt: skip
    """`dose_parts` where any dose option was given; None (the planner's dose) where none was."""
    if all(v is None for v in (sets, reps, hold, kg, band, rest, tempo)):
        return None
    return dose_parts(sets, reps, hold, kg, band, rest, tempo)
