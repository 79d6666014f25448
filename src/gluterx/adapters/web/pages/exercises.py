"""The exercise library: a filter form (htmx swaps only the results) and each exercise with its evidence."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import HTTPException, Query, Request, status
from fastapi.responses import Response
from markupsafe import Markup

from gluterx.domain.anatomy import Muscle
from gluterx.domain.dose import weight_words
from gluterx.domain.exercise import Equipment, Exercise, Library, Pattern
from gluterx.domain.units import from_kg
from gluterx.services.exercise_history import E1RM_NOTE, ExerciseHistory, exercise_history
from gluterx.services.figures import fault_demonstrations
from gluterx.services.library import (
    EMG_MUSCLE_NAMES,
    FIGURE_USE_WORDS,
    MUSCLE_NAMES,
    SEARCH_MAX_LENGTH,
    browse,
    describe_activation,
    exercise_view,
    plan_exercise_ids,
    reference,
)
from gluterx.services.profiles import stored_profile

from ..deps import ContainerDep, PageUser
from . import _labels as labels
from . import router
from ._charts import Series, line_chart
from ._common import form_int, is_htmx, render

FAULT_LABELS = {
    "lower_back": "If you feel it in your lower back",
    "hamstrings": "If you feel it in the back of your thighs",
    "quads": "If you feel it in the front of your thighs",
    "knees": "If you feel it in your knees",
}
EMG_MUSCLES = {muscle: words.capitalize() for muscle, words in EMG_MUSCLE_NAMES.items()}
POSITION_LABELS = {
    "standing": "Standing",
    "supine": "Lying on your back",
    "prone": "Lying face down",
    "side_lying": "Lying on your side",
    "quadruped": "On hands and knees",
    "kneeling": "Kneeling",
    "half_kneeling": "Kneeling on one knee",
    "seated": "Sitting",
}
HIP_POSITION_LABELS = {
    "flexion_over_90": "the hip bends past a right angle",
    "adduction_past_midline": "the thigh crosses the midline",
    "internal_rotation": "the hip turns inwards",
    "crossed_legs": "the legs cross",
}
ACTIVATION_BANDS = {"low": "Low", "moderate": "Moderate", "high": "High", "very_high": "Very high"}


def _enum(kind: Any, value: str | None) -> Any:
    try:
        return kind(value) if value else None
    except ValueError:
        return None


def _row(ex: Exercise, library: Library) -> dict[str, Any]:
    gmax, gmed = library.activation(ex.id, "gmax"), library.activation(ex.id, "gmed")
    # the muscle it works harder, judged on published figures only: an estimate never outranks a figure
    medius_leads = (gmed.published, gmed.percent) > (gmax.published, gmax.percent)
    act, muscle = (gmed, "gluteus medius") if medius_leads else (gmax, "gluteus maximus")
    return {
        "id": ex.id,
        "name": ex.name,
        "level": ex.level,
        "patterns": [labels.PATTERNS.get(p.value, p.value) for p in ex.patterns],
        "equipment": [labels.EQUIPMENT.get(e.value, e.value) for e in sorted(ex.equipment)],
        "activation": ACTIVATION_BANDS.get(act.band.value, act.band.value),
        "published": act.published,
        "muscle": muscle,
    }


def _href(state: dict[str, Any], **change: Any) -> str:
    """The library's address with the filters of `state` and `change` applied (None removes one): a real link."""
    merged = {**state, **change}
    params = [(k, v) for k, v in merged.items() if k != "owned" and v not in (None, "", False)]
    params += [("owned", v) for v in sorted(merged.get("owned") or ())]
    return "/exercises" + (f"?{urlencode(params)}" if params else "")


def _chips(state: dict[str, Any], equipment_words: str) -> dict[str, Any]:
    """The filter chips: each group's options (a link that toggles it) and the active ones (a link that removes it)."""

    def group(name: str, options: dict[str, str]) -> list[dict[str, Any]]:
        return [
            {
                "label": text,
                "active": state[name] == value,
                "href": _href(state, **{name: None if state[name] == value else value}),
            }
            for value, text in options.items()
        ]

    levels = {str(n): f"Up to {n}" for n in range(1, 6)}
    active = []
    if state["q"]:
        active.append({"label": f"Name: \u201c{state['q']}\u201d", "href": _href(state, q=None)})
    if state["pattern"]:
        active.append({"label": labels.PATTERNS.get(state["pattern"], ""), "href": _href(state, pattern=None)})
    if state["muscle"]:
        active.append({"label": labels.MUSCLES.get(state["muscle"], ""), "href": _href(state, muscle=None)})
    if state["max_level"]:
        active.append({"label": f"Level up to {state['max_level']}", "href": _href(state, max_level=None)})
    if state["only_owned"]:
        active.append({"label": f"Only {equipment_words}", "href": _href(state, only_owned=None)})
    return {
        "patterns": group("pattern", labels.PATTERNS),
        "muscles": group("muscle", labels.MUSCLES),
        "levels": group("max_level", levels),
        "only_owned": {
            "active": state["only_owned"],
            "href": _href(state, only_owned=None if state["only_owned"] else "1"),
        },
        "active": active,
        "clear": _href({"owned": state["owned"], "only_owned": None}) if active else None,
    }


@router.get("/exercises")
def exercises_page(
    request: Request,
    container: ContainerDep,
    user: PageUser,
    q: Annotated[str, Query(max_length=SEARCH_MAX_LENGTH)] = "",
    pattern: str | None = None,
    owned: Annotated[list[str] | None, Query()] = None,
    only_owned: str | None = None,
    max_level: str | None = None,
    muscle: str | None = None,
) -> Response:
    library = container.library
    have = [e for e in (_enum(Equipment, v) for v in owned or []) if e is not None]
    if owned is None and only_owned is None:  # first visit: tick what the person told us they have
        stored = stored_profile(container.uow(), person_id=user.person_id) or {}
        have = [e for e in (_enum(Equipment, v) for v in stored.get("equipment", [])) if e is not None]
    level = form_int(max_level or "")
    level = level if isinstance(level, int) and 1 <= level <= 5 else None
    plan = plan_exercise_ids(container.uow(), person_id=user.person_id, today=date.today())
    found = browse(
        library,
        query=q,
        plan=plan,
        pattern=_enum(Pattern, pattern),
        owned=frozenset(have) if only_owned else None,
        max_level=level,
        muscle=_enum(Muscle, muscle),
    )
    state: dict[str, Any] = {
        "q": found.query,
        "pattern": pattern if _enum(Pattern, pattern) else "",
        "muscle": muscle if _enum(Muscle, muscle) else "",
        "max_level": str(level or ""),
        "only_owned": "1" if only_owned else "",
        "owned": sorted({e.value for e in have}),
    }
    equipment_words = "what I have" if have else "no equipment"
    context = {
        "results": [_row(e, library) | {"in_plan": e.id in found.in_plan} for e in found.exercises],
        "total": found.total,
        "in_plan": len(found.in_plan),
        "query": found.query,
        "filters": {**state, "owned": set(state["owned"])},
        "chips": _chips(state, equipment_words),
        "equipment": labels.EQUIPMENT,
        "search_max": SEARCH_MAX_LENGTH,
    }
    name = "_exercise_list.html" if is_htmx(request) else "exercises.html"
    return render(request, name, context, user=user, active="exercises")


def _e1rm_chart(mine: ExerciseHistory) -> Markup | None:
    """The estimated-1RM trend as a small server-side chart, once there are two days to join."""
    if len(mine.e1rm) < 2:
        return None
    first, last = mine.e1rm[0], mine.e1rm[-1]
    unit = mine.unit
    desc = (
        f"Estimated 1RM on {mine.name}, {len(mine.e1rm)} days from {first.day:%-d %B %Y} to {last.day:%-d %B %Y}: "
        f"{weight_words(first.e1rm_kg, unit, places=1)} to {weight_words(last.e1rm_kg, unit, places=1)}."
    )
    days = [p.day for p in mine.e1rm]
    series = [Series("Estimated 1RM", "c1", [round(from_kg(p.e1rm_kg, unit), 1) for p in mine.e1rm])]
    return line_chart("e1rm-chart", "Estimated 1RM", desc, days, series, suffix=f" {unit}")


@router.get("/exercises/{exercise_id}")
def exercise_page(request: Request, container: ContainerDep, user: PageUser, exercise_id: str) -> Response:
    library = container.library
    if exercise_id not in library:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="There is no exercise with that name in the library.")
    view = exercise_view(library.get(exercise_id), library)
    mine = exercise_history(container.uow(), library, person_id=user.person_id, exercise_id=exercise_id)
    context = {
        "view": view,
        "refs": {source_id: reference(source) for source_id, source in view.sources.items()},
        "mine": mine,
        "e1rm_svg": _e1rm_chart(mine),
        "e1rm_note": E1RM_NOTE,
        "ex": view.exercise,
        "activation": [(MUSCLE_NAMES[a.muscle_group].capitalize(), describe_activation(a)) for a in view.activation],
        "figure_notes": {use.value: words for use, words in FIGURE_USE_WORDS.items()},
        "fault_labels": FAULT_LABELS,
        "emg_muscles": EMG_MUSCLES,
        "muscle_labels": labels.MUSCLES,
        "pattern_labels": labels.PATTERNS,
        "equipment_labels": labels.EQUIPMENT,
        "position_labels": POSITION_LABELS,
        "hip_labels": HIP_POSITION_LABELS,
        "fault_pairs": fault_demonstrations(container.figures, library, exercise_id),
    }
    return render(request, "exercise.html", context, user=user, active="exercises")
