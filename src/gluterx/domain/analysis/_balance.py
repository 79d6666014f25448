"""Hip/knee balance: hip- vs knee-dominant and abduction/rotation working sets, a verdict and the fix."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import astuple, dataclass
from datetime import date
from enum import StrEnum

from gluterx.domain.analysis._common import EPS
from gluterx.domain.analysis._digest import Digest, digest
from gluterx.domain.analysis._exercises import Resolver, resolver
from gluterx.domain.analysis._records import CustomExercise, LoggedSet
from gluterx.domain.exercise import Library

__all__ = [
    "ABDUCTION_SHARE_MIN",
    "HIP_DOMINANT_SHARE",
    "KNEE_DOMINANT_SHARE",
    "BalanceCounts",
    "BalanceReport",
    "BalanceVerdict",
    "WeeklyBalance",
    "balance",
]

# Balance verdicts (gluterx_policy; the need for a mix of exercises: contreras2013).
KNEE_DOMINANT_SHARE = 0.6
HIP_DOMINANT_SHARE = 0.6
ABDUCTION_SHARE_MIN = 0.1
_BALANCE_SOURCES = ("contreras2013", "gluterx_policy")


class BalanceVerdict(StrEnum):
    QUAD_DOMINANT = "quad_dominant"
    KNEE_LEANING = "knee_leaning"
    BALANCED = "balanced"
    HIP_DOMINANT = "hip_dominant"
    NOT_ENOUGH_DATA = "not_enough_data"


@dataclass(frozen=True, slots=True)
class BalanceCounts:
    """Working sets by kind and their verdict, over a week (`WeeklyBalance`) or the whole period (`BalanceReport`)."""

    hip_sets: int
    knee_sets: int
    abduction_rotation_sets: int
    other_sets: int
    hip_share: float | None
    knee_share: float | None
    abduction_share: float | None
    verdict: BalanceVerdict


@dataclass(frozen=True, slots=True, kw_only=True)
class WeeklyBalance(BalanceCounts):
    """One week's working sets by kind; shares are of the hip- plus knee-dominant sets (None when there are none).

    Abduction/rotation sets are hip-dominant sets too; `other_sets` are mobility, walking, carries and unknown.
    """

    week_start: date


@dataclass(frozen=True, slots=True, kw_only=True)
class BalanceReport(BalanceCounts):
    """The same counts over the whole period, its verdict in words and the library exercises to add."""

    weeks: tuple[WeeklyBalance, ...]
    message: str
    add: tuple[str, ...]
    sources: tuple[str, ...] = _BALANCE_SOURCES


def balance(
    sets: Iterable[LoggedSet], library: Library, *, customs: Mapping[str, CustomExercise] | None = None
) -> BalanceReport:
    """Hip- vs knee-dominant and abduction/rotation working sets per week and overall, with a verdict."""
    return build_balance(digest(sets), resolver(library, customs), library)


def build_balance(dg: Digest, resolve: Resolver, library: Library) -> BalanceReport:
    """`balance` from sets already read into a digest (so `analyse` reads them once for every report)."""
    counts: dict[date, list[int]] = {}  # week -> [hip, knee, abduction, other]
    for (wk, ex), n in dg.working.items():
        info = resolve(ex)
        row = counts.setdefault(wk, [0, 0, 0, 0])
        row[info.kind] += n
        if info.abduction:
            row[3] += n
    weeks = tuple(WeeklyBalance(*astuple(_counted(*row)), week_start=wk) for wk, row in sorted(counts.items()))
    hip, knee, other, abd = (sum(row[i] for row in counts.values()) for i in range(4))
    overall = _counted(hip, knee, other, abd)
    add = _suggestions(overall.verdict, overall.abduction_share, library)
    return BalanceReport(*astuple(overall), weeks=weeks, message=_balance_message(overall, add, library), add=add)


def _counted(hip: int, knee: int, other: int, abd: int) -> BalanceCounts:
    counted = hip + knee
    if counted == 0:
        return BalanceCounts(hip, knee, abd, other, None, None, None, BalanceVerdict.NOT_ENOUGH_DATA)
    hip_share, knee_share, abd_share = hip / counted, knee / counted, abd / counted
    if knee_share >= KNEE_DOMINANT_SHARE - EPS:
        verdict = BalanceVerdict.QUAD_DOMINANT if abd_share < ABDUCTION_SHARE_MIN else BalanceVerdict.KNEE_LEANING
    elif hip_share >= HIP_DOMINANT_SHARE - EPS:
        verdict = BalanceVerdict.HIP_DOMINANT
    else:
        verdict = BalanceVerdict.BALANCED
    return BalanceCounts(hip, knee, abd, other, hip_share, knee_share, abd_share, verdict)


# Library exercises to name when hip work is missing: bridges/thrusts, then abduction/rotation.
_HIP_FIXES = ("hip_thrust", "glute_bridge", "single_leg_glute_bridge", "romanian_deadlift")
_ABDUCTION_FIXES = ("side_lying_hip_abduction", "lateral_band_walk", "clamshell")


def _suggestions(verdict: BalanceVerdict, abd_share: float | None, library: Library) -> tuple[str, ...]:
    wanted: tuple[str, ...] = ()
    if verdict in (BalanceVerdict.QUAD_DOMINANT, BalanceVerdict.KNEE_LEANING):
        wanted += _HIP_FIXES[:2]
    if abd_share is not None and abd_share < ABDUCTION_SHARE_MIN:
        wanted += _ABDUCTION_FIXES[:2]
    return tuple(i for i in wanted if i in library)


def _names(ids: Sequence[str], library: Library) -> str:
    names = [library.get(i).name for i in ids]
    return " or ".join(names)


def _side_share(share: float) -> str:
    """The share of the sets for the side of the hip in words: "none", "under 1%", "only 4%" or "12%"."""
    if share <= EPS:
        return "none"
    percent = round(share * 100)
    if percent == 0:
        return "under 1%"
    return f"only {percent}%" if share < ABDUCTION_SHARE_MIN else f"{percent}%"


def _balance_message(b: BalanceCounts, add: tuple[str, ...], library: Library) -> str:
    if b.verdict is BalanceVerdict.NOT_ENOUGH_DATA or b.knee_share is None or b.abduction_share is None:
        return "Not enough lower-body strength sets logged yet to judge the balance between hip and knee work."
    knee, hip = round(b.knee_share * 100), round((b.hip_share or 0) * 100)
    hips = _names([i for i in add if i in _HIP_FIXES], library)
    sides = _names([i for i in add if i in _ABDUCTION_FIXES], library)
    if b.verdict is BalanceVerdict.QUAD_DOMINANT:
        return (
            f"Your training is quad-dominant: {knee}% of your lower-body sets were squats, lunges and other "
            f"knee-dominant work, and {_side_share(b.abduction_share)} worked the side of the hip (abduction or "
            f"rotation), so your glutes get far less work than your thighs. Add hip thrusts or bridges "
            f"({hips or 'hip thrust, glute bridge'}) "
            f"and side-lying abduction or band walks ({sides or 'side-lying hip abduction, lateral band walk'}); "
            "aim for at least as many hip-dominant as knee-dominant sets."
        )
    side_tip = f" Add some side-of-hip work too ({sides}), at least 1 set in 10." if sides else ""
    if b.verdict is BalanceVerdict.KNEE_LEANING:
        return (
            f"Your training leans towards knee-dominant work ({knee}% of your lower-body sets). Add hip thrusts or "
            f"bridges ({hips}) until you do at least as many hip-dominant as knee-dominant sets.{side_tip}"
        )
    if b.verdict is BalanceVerdict.HIP_DOMINANT:
        return (
            f"Your training is hip-dominant ({hip}% of your lower-body sets, {_side_share(b.abduction_share)} for "
            "the side of the hip): good "
            f"for your glutes. Keep some squats, lunges or step-ups for your knees and daily life.{side_tip}"
        )
    return f"Your training is balanced: {hip}% hip-dominant and {knee}% knee-dominant sets.{side_tip}"
