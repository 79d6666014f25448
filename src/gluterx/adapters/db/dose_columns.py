"""A Dose as table columns: the one column set (`DoseColumns`, on planned items and prescriptions) and the one pair
of functions between them and the domain value (`dose_columns`, `dose_from`).

Work is one of three kinds, named by `work_kind`; only that kind's columns are filled (rep_low/rep_high,
hold_s/hold_reps or minutes), the others are NULL. A tempo is all four tempo columns or none.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from gluterx.domain.dose import Band, Dose, Duration, Guidance, Hold, Load, LoadKind, RepRange, Tempo

__all__ = ["DOSE_COLUMN_NAMES", "DoseColumns", "dose_checks", "dose_columns", "dose_from"]

WORK_KINDS = ("reps", "hold", "minutes")


class DoseColumns:
    """Declarative mixin: the dose's parts, one column each."""

    sets: Mapped[int] = mapped_column(Integer)
    work_kind: Mapped[str] = mapped_column(String(8))
    rep_low: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rep_high: Mapped[int | None] = mapped_column(Integer, nullable=True)
    hold_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    hold_reps: Mapped[int | None] = mapped_column(Integer, nullable=True)
    minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    per_side: Mapped[bool] = mapped_column(Boolean, default=False)
    load_kind: Mapped[str] = mapped_column(String(16))
    load_kg: Mapped[float | None] = mapped_column(Float, nullable=True)
    band: Mapped[str | None] = mapped_column(String(32), nullable=True)
    guidance: Mapped[str | None] = mapped_column(String(32), nullable=True)
    rir_low: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rir_high: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rest_s: Mapped[int] = mapped_column(Integer, default=0)
    tempo_up: Mapped[int | None] = mapped_column(Integer, nullable=True)
    tempo_squeeze: Mapped[int | None] = mapped_column(Integer, nullable=True)
    tempo_down: Mapped[int | None] = mapped_column(Integer, nullable=True)
    tempo_explosive: Mapped[bool | None] = mapped_column(Boolean, nullable=True)


DOSE_COLUMN_NAMES: tuple[str, ...] = tuple(name for name in DoseColumns.__annotations__)


def dose_checks() -> tuple[CheckConstraint, ...]:
    """The constraints on the dose columns, for a table's __table_args__ (named per table by the convention)."""
    return (
        CheckConstraint("work_kind in ('reps', 'hold', 'minutes')", name="work_kind"),
        CheckConstraint("load_kind in ('bodyweight', 'band', 'kg', 'guidance')", name="load_kind"),
    )


def dose_columns(dose: Dose) -> dict[str, Any]:
    """The dose as {column: value}, every dose column present (NULL where the dose has no such part)."""
    out: dict[str, Any] = dict.fromkeys(DOSE_COLUMN_NAMES)
    out["sets"] = dose.sets
    out["per_side"] = dose.per_side
    out["rest_s"] = dose.rest_s
    match dose.work:
        case RepRange(low=low, high=high):
            out.update(work_kind="reps", rep_low=low, rep_high=high)
        case Hold(seconds=seconds, reps=reps):
            out.update(work_kind="hold", hold_s=seconds, hold_reps=reps)
        case Duration(minutes=minutes):
            out.update(work_kind="minutes", minutes=minutes)
    load = dose.load
    out["load_kind"] = load.kind.value
    out["load_kg"] = load.kg
    out["band"] = load.band.value if load.band is not None else None
    out["guidance"] = load.guidance.value if load.guidance is not None else None
    if load.reserve is not None:
        out["rir_low"], out["rir_high"] = load.reserve
    if dose.tempo is not None:
        t = dose.tempo
        out.update(tempo_up=t.up, tempo_squeeze=t.squeeze, tempo_down=t.down, tempo_explosive=t.explosive)
    return out


def dose_from(row: Any) -> Dose:
    """The Dose of a row (ORM object or Core row) with the dose columns as attributes."""
    work: RepRange | Hold | Duration
    if row.work_kind == "reps":
        work = RepRange(row.rep_low, row.rep_high)
    elif row.work_kind == "hold":
        work = Hold(row.hold_s, row.hold_reps)
    elif row.work_kind == "minutes":
        work = Duration(row.minutes)
    else:
        raise ValueError(f"work_kind: {row.work_kind!r} is not one of {', '.join(WORK_KINDS)}")
    reserve = (row.rir_low, row.rir_high) if row.rir_low is not None else None
    load = Load(
        LoadKind(row.load_kind),
        kg=row.load_kg,
        band=Band(row.band) if row.band is not None else None,
        guidance=Guidance(row.guidance) if row.guidance is not None else None,
        reserve=reserve,
    )
    tempo = (
        Tempo(row.tempo_up, row.tempo_squeeze, row.tempo_down, bool(row.tempo_explosive))
        if row.tempo_up is not None
        else None
    )
    return Dose(row.sets, work, load, row.rest_s, tempo, bool(row.per_side))
