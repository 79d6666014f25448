"""Weekly volume: hard sets per glute region (secondary muscles count half) and per force vector."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from gluterx.domain.analysis._common import RECENT_WEEKS, num, series_weeks
from gluterx.domain.analysis._digest import Digest, digest
from gluterx.domain.analysis._exercises import Region, Resolver, resolver
from gluterx.domain.analysis._records import CustomExercise, LoggedSet
from gluterx.domain.exercise import Library

__all__ = ["VolumeReport", "WeeklyVolume", "volume"]

_VOLUME_SOURCES = ("zourdos2016", "gluterx_policy")


@dataclass(frozen=True, slots=True)
class WeeklyVolume:
    """Hard sets in one week: all of them, per glute region (secondary muscles count half) and per force vector."""

    week_start: date
    hard_sets: int
    regions: Mapping[Region, float]
    vectors: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class VolumeReport:
    weeks: tuple[WeeklyVolume, ...]
    unknown_exercises: tuple[str, ...]
    message: str
    sources: tuple[str, ...] = _VOLUME_SOURCES


def volume(
    sets: Iterable[LoggedSet], library: Library, *, customs: Mapping[str, CustomExercise] | None = None
) -> VolumeReport:
    """Weekly hard sets per glute region and per force vector, every week from the first to the last (a break of
    more than BREAK_WEEKS empty weeks shown by its first few)."""
    return build_volume(digest(sets), resolver(library, customs))


def build_volume(dg: Digest, resolve: Resolver) -> VolumeReport:
    """`volume` from sets already read into a digest (so `analyse` reads them once for every report)."""
    totals: dict[date, int] = {}
    regions: dict[date, dict[Region, float]] = {}
    vectors: dict[date, dict[str, int]] = {}
    unknown: set[str] = set()
    for (wk, ex), n in dg.hard.items():
        info = resolve(ex)
        if not info.known:
            unknown.add(ex)
        totals[wk] = totals.get(wk, 0) + n
        reg = regions.get(wk)
        if reg is None:
            reg = regions[wk] = dict.fromkeys(Region, 0.0)
            vectors[wk] = {}
        for region, weight in info.regions:
            reg[region] += n * weight
        vec = vectors[wk]
        vec[info.vector] = vec.get(info.vector, 0) + n
    if not totals:
        return VolumeReport((), (), "No hard sets logged yet.")
    weeks = tuple(
        WeeklyVolume(wk, totals.get(wk, 0), regions.get(wk, dict.fromkeys(Region, 0.0)), vectors.get(wk, {}))
        for wk in series_weeks(totals)
    )
    return VolumeReport(weeks, tuple(sorted(unknown)), _volume_message(weeks, unknown))


def _volume_message(weeks: Sequence[WeeklyVolume], unknown: set[str]) -> str:
    """The average over the weeks a chart shows (the latest RECENT_WEEKS), said as such."""
    recent = weeks[-RECENT_WEEKS:]
    n = len(recent)
    span = f"the latest {n} weeks" if n < len(weeks) else f"{n} week{'s' if n != 1 else ''}"
    parts = ", ".join(f"{r.label} {num(sum(w.regions[r] for w in recent) / n)}" for r in Region)
    text = (
        f"Hard sets per week on average over {span}: {parts} (a set counts in full for the muscles an exercise "
        "mainly works and as half for those it helps)."
    )
    if unknown:
        many = len(unknown) != 1
        text += (
            f" {len(unknown)} exercise{'s' if many else ''} we could not place {'are' if many else 'is'} not counted "
            "in any region."
        )
    return text
