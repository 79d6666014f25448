"""The exercise library: a filter form (htmx swaps only the results) and each exercise with its evidence."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import HTTPException, Query, Request, status
from fastapi.responses import Response

from gluterx.domain.anatomy import Muscle
from gluterx.domain.exercise import Equipment, Exercise, Library, Pattern
from gluterx.services.figures import fault_demonstrations
from gluterx.services.library import FIGURE_USE_WORDS, MUSCLE_NAMES, describe_activation, exercise_view
from gluterx.services.profiles import stored_profile

from ..deps import ContainerDep, PageUser
from . import _labels as labels
from . import router
from ._common import form_int, is_htmx, render

FAULT_LABELS = {
    "lower_back": "If you feel it in your lower back",
    "hamstrings": "If you feel it in the back of your thighs",
    "quads": "If you feel it in the front of your thighs",
    "knees": "If you feel it in your knees",
}
EMG_MUSCLES = {
    "gmax": "Gluteus maximus",
    "gmax_upper": "Upper gluteus maximus",
    "gmax_lower": "Lower gluteus maximus",
    "gmed": "Gluteus medius",
}
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


@router.get("/exercises")
def exercises_page(
    request: Request,
    container: ContainerDep,
    user: PageUser,
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
    chosen = library.filter(
        pattern=_enum(Pattern, pattern),
        owned=have if only_owned else None,
        max_level=level,
        muscle=_enum(Muscle, muscle),
    )
    chosen.sort(key=lambda e: (e.patterns[0].value, e.level, e.id))
    context = {
        "results": [_row(e, library) for e in chosen],
        "total": len(library),
        "filters": {
            "pattern": pattern or "",
            "owned": {e.value for e in have},
            "only_owned": bool(only_owned),
            "max_level": str(level or ""),
            "muscle": muscle or "",
        },
        "patterns": labels.PATTERNS,
        "equipment": labels.EQUIPMENT,
        "muscles": labels.MUSCLES,
    }
    name = "_exercise_list.html" if is_htmx(request) else "exercises.html"
    return render(request, name, context, user=user, active="exercises")


@router.get("/exercises/{exercise_id}")
def exercise_page(request: Request, container: ContainerDep, user: PageUser, exercise_id: str) -> Response:
    library = container.library
    if exercise_id not in library:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="There is no exercise with that name in the library.")
    view = exercise_view(library.get(exercise_id), library)
    context = {
        "view": view,
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
