"""Doses in the old stored forms, read once: a planned item's texts ("8-12 per side", "medium band", "2-1-2 (...)")
and a prescription's sets/rep_low/rep_high/load_kg/band columns, as the structured Dose.

Used where data from before the structured dose can still arrive: the migration that converts the store
(migrations/versions/2026-12-05-1510_structured_doses.py) and restoring an old backup (services/backup.py). It lives
in services, not in adapters/db, because the backup restore is a service and services import no adapter; it is not
domain because the domain never reads a dose from text. The texts are the ones the planner and the progression
engine wrote up to commit 58f0add; nothing new is written in them, so this module is frozen with them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from gluterx.domain.dose import Band, Dose, Duration, Guidance, Hold, Load, RepRange, Tempo, Work, describe
from gluterx.domain.exercise import Exercise, LoadType, Measure
from gluterx.domain.planner import PlanItem

__all__ = [
    "LegacyDoseError",
    "legacy_band",
    "legacy_item_dose",
    "legacy_item_json",
    "legacy_load",
    "legacy_prescription_dose",
    "legacy_tempo",
    "legacy_work",
]

# The reps in reserve the old engine asked for when a weights exercise had no weight yet (RIR_TO_PROGRESS then):
# "a weight you could lift 2 more times at the end of each set".
_OLD_RESERVE = 2


class LegacyDoseError(ValueError):
    """An old dose text this reader does not know: it names the field and the text."""


_MINUTES = re.compile(r"(\d+) min")
_HOLDS = re.compile(r"(\d+) x (\d+) s")
_HOLD = re.compile(r"(\d+) s")
_RANGE = re.compile(r"(\d+)\s*-\s*(\d+)")
_COUNT = re.compile(r"(\d+)")
_PER_SIDE = " per side"


def legacy_work(text: str) -> tuple[Work, bool]:
    """'8-12 per side' -> (RepRange(8, 12), True); '30 s' -> Hold(30); '10 x 5 s' -> Hold(5, 10); '25 min'."""
    body = " ".join(text.split())
    per_side = body.endswith(_PER_SIDE)
    if per_side:
        body = body.removesuffix(_PER_SIDE)
    if m := _MINUTES.fullmatch(body):
        return Duration(int(m[1])), per_side
    if m := _HOLDS.fullmatch(body):
        return Hold(int(m[2]), reps=int(m[1])), per_side
    if m := _HOLD.fullmatch(body):
        return Hold(int(m[1])), per_side
    if m := _RANGE.fullmatch(body):
        low, high = sorted((int(m[1]), int(m[2])))
        return RepRange(low, high), per_side
    if m := _COUNT.fullmatch(body):
        return RepRange(int(m[1]), int(m[1])), per_side
    raise LegacyDoseError(f"reps: {text!r} is not an old dose text ('8-12', '8-12 per side', '30 s', '10 x 5 s', "
                          "'25 min')")  # fmt: skip


# The loads the old planner wrote, as the new planner writes them (bodyweight may carry guidance; fast hips is
# guidance alone, a weight to choose).
_LOADS: dict[str, Load] = {
    "bodyweight": Load.bodyweight(),
    "bodyweight, slow and controlled": Load.bodyweight(Guidance.SLOW_CONTROLLED),
    "gentle stretch, no pain": Load.bodyweight(Guidance.GENTLE_STRETCH),
    "easy to moderate pace: you can talk but not sing": Load.bodyweight(Guidance.EASY_PACE),
    "explosive, land softly": Load.bodyweight(Guidance.EXPLOSIVE),
    "light to moderate, fast hips": Load.guided(Guidance.FAST_HIPS),
}
_BAND_TEXT = re.compile(r"(.+) band")
_KG_TEXT = re.compile(r"(\d+(?:\.\d+)?) kg")
_RESERVE_TEXT = re.compile(
    r"a weight you could lift (\d+)(?:-(\d+))? more times at the end of each set(?: \(RIR .*\))?"
)


def legacy_band(name: str) -> Band:
    """An old band name as a Band: 'strong' (the old plan's word for heavy) -> heavy, 'Extra-heavy' -> extra_heavy.

    A name outside the vocabulary (the log never accepted one, but an older import might have) becomes the light
    band: the safe start, as the old engine's own fallback for a band exercise was.
    """
    key = "_".join(name.lower().replace("-", " ").replace("_", " ").split())
    if key == "strong":
        return Band.HEAVY
    try:
        return Band(key)
    except ValueError:
        return Band.LIGHT


def legacy_load(text: str) -> Load:
    """An old load text as a Load: 'medium band', 'strong band' (heavy), 'bodyweight, slow and controlled', ..."""
    body = " ".join(text.split())
    if body in _LOADS:
        return _LOADS[body]
    if m := _RESERVE_TEXT.fullmatch(body):
        low = int(m[1])
        return Load.in_reserve(low, int(m[2]) if m[2] else low)
    if m := _KG_TEXT.fullmatch(body):
        return Load.of_kg(float(m[1]))
    if m := _BAND_TEXT.fullmatch(body):
        return Load.of_band(legacy_band(m[1]))
    raise LegacyDoseError(f"load: {text!r} is not an old load text")


_TEMPO = re.compile(r"(\d+)-(\d+)-(\d+)(?: \((.*)\))?")
_NO_TEMPO = re.compile(r"|steady|hold \d+ s")


def legacy_tempo(text: str) -> Tempo | None:
    """'2-1-2 (2 s up, ...)' -> Tempo(2, 1, 2); '1-1-2 (up with intent, ...)' -> explosive; 'steady', 'hold 5 s'
    (activities and sitting-break squeezes: nothing counted) -> None."""
    body = " ".join(text.split())
    if _NO_TEMPO.fullmatch(body):
        return None
    if m := _TEMPO.fullmatch(body):
        explosive = (m[4] or "").startswith("up with intent")
        return Tempo(int(m[1]), int(m[2]), int(m[3]), explosive=explosive)
    raise LegacyDoseError(f"tempo: {text!r} is not an old tempo text")


def legacy_item_dose(item: Mapping[str, Any]) -> Dose:
    """The dose of an old stored planned item ({"sets", "reps", "load", "rest_s", "tempo", ...})."""
    work, per_side = legacy_work(str(item["reps"]))
    return Dose(
        sets=int(item["sets"]),
        work=work,
        load=legacy_load(str(item["load"])),
        rest_s=int(item["rest_s"]),
        tempo=legacy_tempo(str(item.get("tempo") or "")),
        per_side=per_side,
    )


def legacy_item_json(item: PlanItem) -> dict[str, Any]:
    """A planned item in the old stored form (for a downgrade): the texts are describe()'s, which are the old ones.

    No tempo is written as the old planner wrote it: 'steady' for an activity, 'hold N s' for the squeezes of a
    sitting break, and '' for anything else (the new planner counts no tempo on holds and stretches). The heavy band
    is 'strong band', the old planner's word, the only one the old engine read as heavy.
    """
    words = describe(item.dose)
    load = "strong band" if item.dose.load.band is Band.HEAVY else words.load
    tempo = words.tempo
    if item.dose.tempo is None:
        match item.dose.work:
            case Duration():
                tempo = "steady"
            case Hold(seconds=seconds, reps=reps) if reps > 1:
                tempo = f"hold {seconds} s"
    return {
        "exercise_id": item.exercise_id,
        "sets": item.dose.sets,
        "reps": words.work,
        "load": load,
        "rest_s": item.dose.rest_s,
        "tempo": tempo,
        "reason": item.reason.words(),  # the old form held the words (in kg)
        "sources": list(item.sources),
        "slot": item.slot,
        "seconds": item.seconds,
    }


def legacy_prescription_dose(
    *,
    sets: int,
    rep_low: int,
    rep_high: int,
    load_kg: float | None,
    band: str | None,
    exercise: Exercise | None,
    planned: Dose | None,
) -> Dose:
    """An old prescription's columns as a Dose.

    The old row kept one number range for reps, seconds or minutes alike; which it was, and whether it is per side,
    comes from the exercise (the library's entry), or else from the dose planned for the slot. Rest and tempo, which
    the old row did not keep, are the planned slot's. The load is what the old engine showed: the weight, the band,
    for a weights exercise with no weight yet "a weight you could lift 2 more times", else bodyweight.
    """
    low, high = sorted((rep_low, rep_high))
    if exercise is not None:
        measure = exercise.dose
        per_side = exercise.unilateral and measure is not Measure.MINUTES
        weights = exercise.load_type is LoadType.WEIGHTS
    else:
        measure = _measure(planned.work) if planned is not None else Measure.REPS
        per_side = planned.per_side if planned is not None else False
        weights = planned is not None and (planned.load.kg is not None or planned.load.reserve is not None)
    work: Work
    if measure is Measure.MINUTES:
        work = Duration(high)
    elif measure is Measure.SECONDS:
        planned_hold = planned.work if planned is not None and isinstance(planned.work, Hold) else None
        if planned_hold is not None and planned_hold.reps > 1:  # '10 x 5 s': the old number counted the squeezes
            work = Hold(planned_hold.seconds, reps=high)
        else:
            work = Hold(high)
    else:
        work = RepRange(low, high)
    if load_kg is not None and load_kg > 0:
        load = Load.of_kg(load_kg)
    elif band:
        load = Load.of_band(legacy_band(band))
    elif weights:
        load = Load.in_reserve(_OLD_RESERVE, _OLD_RESERVE)
    else:
        load = Load.bodyweight()
    return Dose(
        sets=sets,
        work=work,
        load=load,
        rest_s=planned.rest_s if planned is not None else 0,
        tempo=planned.tempo if planned is not None else None,
        per_side=per_side,
    )


def _measure(work: Work) -> Measure:
    match work:
        case Duration():
            return Measure.MINUTES
        case Hold():
            return Measure.SECONDS
    return Measure.REPS
