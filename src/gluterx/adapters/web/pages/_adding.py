"""What the add-an-exercise pages share, the person's own (pages/plan.py) and a clinician's for a client
(pages/clinician_plan.py): the dose form's fields (filled from a dose, read back as DoseParts) and the page's
choices one part of the session at a time."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Form

from gluterx.domain.dose import Dose, Hold, RepRange
from gluterx.services.errors import Problem
from gluterx.services.plan_changes import PART_TITLES, SLOT_PARTS, AddChoices, DoseParts
from gluterx.services.ports import ServiceError


def dose_form(dose: Dose) -> dict[str, str]:
    """The dose form filled with `dose` (the item's as due, or the planner's: the user changes what differs)."""
    out = {
        "dose_sets": str(dose.sets),
        "dose_rest_s": str(dose.rest_s),
        "dose_work": "reps",
        "dose_load_kind": "bodyweight",
    }
    if isinstance(dose.work, RepRange):
        out |= {"dose_reps_low": str(dose.work.low), "dose_reps_high": str(dose.work.high)}
    elif isinstance(dose.work, Hold):
        out |= {"dose_work": "hold", "dose_hold_s": str(dose.work.seconds)}
    if dose.load.kg is not None:
        out |= {"dose_load_kind": "kg", "dose_kg": f"{dose.load.kg:g}"}
    elif dose.load.band is not None:
        out |= {"dose_load_kind": "band", "dose_band": dose.load.band.value}
    if dose.tempo is not None and not dose.tempo.explosive:
        t = dose.tempo
        out |= {"dose_tempo_up": str(t.up), "dose_tempo_squeeze": str(t.squeeze), "dose_tempo_down": str(t.down)}
    return out


_DOSE_NUMBERS = ("sets", "reps_low", "reps_high", "hold_s", "rest_s", "tempo_up", "tempo_squeeze", "tempo_down")


def dose_parts(form: dict[str, str]) -> DoseParts:
    """The form's dose fields as DoseParts (blank: not given); a field that is not a number is a Problem."""
    problems: list[Problem] = []
    numbers: dict[str, int | None] = {}
    for name in _DOSE_NUMBERS:
        text = form[name].strip()
        try:
            numbers[name] = int(text) if text else None
        except ValueError:
            problems.append(Problem(name, "not_whole_number"))
    kg: float | None = None
    kind = form["load_kind"]
    if kind == "kg" and form["kg"].strip():
        try:
            kg = float(form["kg"].strip().replace(",", "."))
        except ValueError:
            problems.append(Problem("kg", "invalid", {"reason": "give the weight as a number of kg, like 20 or 22.5"}))
    if problems:
        raise ServiceError(problems)
    return DoseParts(
        numbers["sets"], numbers["reps_low"], numbers["reps_high"], numbers["hold_s"] if form["work"] == "hold" else None,
        kind, kg, form["band"] if kind == "band" else None, numbers["rest_s"], numbers["tempo_up"],
        numbers["tempo_squeeze"], numbers["tempo_down"],
    )  # fmt: skip


_Field = Annotated[str, Form(max_length=20)]


def typed_dose(
    sets: _Field = "", work: _Field = "reps", reps_low: _Field = "", reps_high: _Field = "", hold_s: _Field = "",
    load_kind: _Field = "bodyweight", kg: _Field = "", band: _Field = "", rest_s: _Field = "", tempo_up: _Field = "",
    tempo_squeeze: _Field = "", tempo_down: _Field = "",
) -> dict[str, str]:  # fmt: skip
    """The dose fields of a dose or an add form, as typed (a hold's reps are not read with a hold, nor its seconds
    with reps): the routes take them as TypedDose."""
    return {
        "sets": sets, "work": work, "reps_low": reps_low if work != "hold" else "",
        "reps_high": reps_high if work != "hold" else "", "hold_s": hold_s, "load_kind": load_kind, "kg": kg,
        "band": band, "rest_s": rest_s, "tempo_up": tempo_up, "tempo_squeeze": tempo_squeeze, "tempo_down": tempo_down,
    }  # fmt: skip


TypedDose = Annotated[dict[str, str], Depends(typed_dose)]


def typed_again(fields: dict[str, str]) -> dict[str, str]:
    """A dose form's `fields` as typed, to fill the form again: each under `dose_`, and the dose marked given (so
    the planner's dose does not replace it)."""
    return {f"dose_{k}": v for k, v in fields.items()} | {"dose_given": "1"}


def add_context(found: AddChoices, part: str, form: dict[str, str]) -> dict[str, Any]:
    """The add page's choices: the parts of the session there are choices for, the part shown (the one asked for,
    or the picked exercise's, or the first), its choices, and the form (the dose filled with the planner's for the
    picked exercise or the first shown, unless the dose was given)."""
    picked = next((a for a in found.choices if a.exercise_id == form.get("exercise_id")), None)
    parts = list(dict.fromkeys(SLOT_PARTS[a.slot] for a in found.choices))
    if picked is not None:
        part = SLOT_PARTS[picked.slot]
    part = part if part in parts else (parts[0] if parts else "")
    shown = [a for a in found.choices if SLOT_PARTS[a.slot] == part]
    if "dose_given" not in form and shown:
        form = dose_form((picked or shown[0]).dose) | form
    return {"found": found, "parts": [(p, PART_TITLES[p]) for p in parts], "part": part, "shown": shown, "form": form}
