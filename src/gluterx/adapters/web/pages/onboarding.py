"""The onboarding questionnaire (short steps; one plain form underneath) and the referral page."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from gluterx.bootstrap import Container
from gluterx.domain.conditions import QUESTIONS, AnswerKind, ConditionQuestion, FollowUp
from gluterx.domain.profile import PainRegion
from gluterx.domain.screening import FLAGS, FlagKind
from gluterx.domain.units import MassUnit, from_kg, to_kg
from gluterx.services import profile_edit, programme
from gluterx.services.errors import line
from gluterx.services.ports import Problem, ServiceError
from gluterx.services.profile_edit import ProfileEdited
from gluterx.services.profiles import ASKED_AS_CONDITIONS, ProfileError, parse_profile, profile_to_json, stored_profile
from gluterx.services.questionnaire import answer_problems
from gluterx.services.settings import unit_of

from ..deps import ContainerDep, Csrf, CurrentUser, PageUser
from . import _labels as labels
from . import router
from ._common import form_float, form_int, render
from ._problems import PAGE_WORDS, page_messages, page_words

REGIONS = [r.value for r in PainRegion]
MULTI = ("red_flags", "goals", "equipment")
TICKED = (*MULTI, "conditions")  # the form fields that are lists of ticked values
NUMBERS = {"age": form_int, "sessions_per_week": form_int, "minutes_per_session": form_int}
OPTIONAL_NUMBERS = {"sitting_hours_per_day": form_float, "body_mass_kg": form_float}
STEP_OF = {
    "red_flags": "safety",
    "conditions": "conditions",
    "goals": "goals",
    "equipment": "equipment",
    "sessions_per_week": "schedule",
    "minutes_per_session": "schedule",
    "sitting_hours_per_day": "schedule",
    "age": "about",
    "experience": "about",
    "body_mass_kg": "about",
}
DEFAULTS: dict[str, Any] = {"sessions_per_week": "3", "minutes_per_session": "30", "experience": "none"}


def _flag_groups(kind: FlagKind) -> list[dict[str, Any]]:
    groups: dict[str, list[Any]] = {}
    for f in FLAGS:
        if f.kind is kind and f.id not in ASKED_AS_CONDITIONS:
            groups.setdefault(f.group, []).append(f)
    return [
        {"id": g, "title": labels.FLAG_GROUPS.get(g, g.replace("_", " ").capitalize()), "flags": fs}
        for g, fs in groups.items()
    ]


def follow_up_key(condition_id: str, field: str) -> str:
    """The form field of a condition's follow-up: `condition_hip_replacement_side`."""
    return f"condition_{condition_id}_{field}"


def _readable(stored: dict[str, Any]) -> dict[str, Any]:
    """A stored PROFILE.json as it reads today (an old `pregnancy` or `osteoporosis` flag shown as the condition it
    stands for), or as it was when it no longer parses."""
    try:
        return profile_to_json(parse_profile(stored))
    except ProfileError:
        return stored


def values_from_profile(data: dict[str, Any]) -> dict[str, Any]:
    """The form's fields filled from a stored PROFILE.json, so a person can change their answers."""
    values: dict[str, Any] = {k: data.get(k) or [] for k in MULTI}
    values["conditions"] = [c.get("id") for c in data.get("conditions", [])]
    for condition in data.get("conditions", []):
        for field, value in condition.items():
            if field != "id":
                values[follow_up_key(condition.get("id"), field)] = str(value)
    for key in (*NUMBERS, *OPTIONAL_NUMBERS, "experience"):
        if data.get(key) is not None:
            value = data[key]
            values[key] = f"{value:g}" if isinstance(value, float) else str(value)
    for pain in data.get("pain", []):
        region = pain.get("region")
        values[f"pain_{region}_intensity"] = str(pain.get("intensity", 0))
        values[f"pain_{region}_side"] = pain.get("side", "both")
        values[f"pain_{region}_weeks"] = str(pain.get("weeks", 0))
    return values


def _values_from_form(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {k: [str(v) for v in form.getlist(k)] for k in TICKED}
    for key, value in form.multi_items():
        if key not in TICKED and key != "csrf_token":
            values[key] = str(value)
    return values


def build_profile(values: dict[str, Any]) -> tuple[dict[str, Any], list[str], dict[str, str]]:
    """PROFILE.json from the answers, the pain regions in its order, and any problems found before validation."""
    data: dict[str, Any] = {k: list(values.get(k, [])) for k in MULTI}
    errors: dict[str, str] = {}
    for key, convert in {**NUMBERS, **OPTIONAL_NUMBERS}.items():
        text = str(values.get(key, "")).strip()
        if text:
            data[key] = convert(text)
    if values.get("mass_unit") == "lb" and isinstance(data.get("body_mass_kg"), float):
        data["body_mass_kg"] = to_kg(data["body_mass_kg"], MassUnit.LB)  # the form asked in lb; kept in kg
    if values.get("experience"):
        data["experience"] = values["experience"]
    pain, regions = [], []
    for region in REGIONS:
        raw = str(values.get(f"pain_{region}_intensity", "0")).strip() or "0"
        intensity = form_int(raw)
        if not isinstance(intensity, int):
            errors[f"pain_{region}_intensity"] = "choose a number from 0 (none) to 10 (worst)"
            continue
        if intensity == 0:
            continue
        weeks = form_int(str(values.get(f"pain_{region}_weeks", "")).strip() or "0")
        pain.append(
            {
                "region": region,
                "side": values.get(f"pain_{region}_side") or "both",
                "intensity": intensity,
                "weeks": weeks,
            }
        )
        regions.append(region)
    data["pain"] = pain
    data["conditions"] = _conditions(values)
    return data, regions, errors


def _conditions(values: dict[str, Any]) -> list[dict[str, Any]]:
    """The ticked conditions, in the questions' order, each with the answers to its own follow-ups only (an
    unanswered follow-up is left out, so the profile says it is required)."""
    ticked = set(values.get("conditions", []))
    known = {q.id.value for q in QUESTIONS}
    out = [{"id": q.id.value} | _answers(q, values) for q in QUESTIONS if q.id.value in ticked]
    return out + [{"id": other} for other in sorted(ticked - known)]  # refused by the profile, by name


def _answers(q: ConditionQuestion, values: dict[str, Any]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for f in q.follow_ups:
        text = str(values.get(follow_up_key(q.id.value, f.name), "")).strip()
        if text:
            answers[f.name] = _answer(f, text)
    return answers


def _answer(f: FollowUp, text: str) -> Any:
    if f.kind is AnswerKind.WHOLE_NUMBER:
        return form_int(text)
    return {str(v): v for v in f.values}.get(text, text)


_FRIENDLY = {
    "age": "please give your age in whole years, from 16 to 110",
    "sessions_per_week": "choose from 1 to 6 sessions a week",
    "minutes_per_session": "choose from 10 to 120 minutes",
    "sitting_hours_per_day": "give the hours you sit on a usual day, from 0 to 24",
    "body_mass_kg": "give your weight (more than 20 kg or 44 lb), or leave it empty",
}


def _unanswered(f: FollowUp) -> str:
    if f.kind is AnswerKind.CHOICE:
        return "please choose one of the answers"
    return f"please give a whole number from {f.minimum} to {f.maximum}"


# What to say beside a follow-up of a ticked condition left unanswered.
_UNANSWERED = {follow_up_key(q.id.value, f.name): _unanswered(f) for q in QUESTIONS for f in q.follow_ups}


def field_errors(
    problems: list[Problem], regions: list[str], conditions: list[str] | None = None
) -> tuple[dict[str, str], list[str]]:
    """Each problem on its form field by its `field` (`pain.0.intensity` -> the first region's intensity;
    `conditions.0.side` -> the first ticked condition's side), and the messages of the problems that belong to no
    form field."""
    errors: dict[str, str] = {}
    general: list[str] = []
    ticked = conditions or []
    for problem in problems:
        message = page_words(problem)
        head, *rest = problem.field.split(".")
        if head == "pain" and len(rest) == 2 and rest[0].isdigit() and int(rest[0]) < len(regions):
            errors.setdefault(f"pain_{regions[int(rest[0])]}_{rest[1]}", message)
        elif head == "conditions" and len(rest) == 2 and rest[0].isdigit() and int(rest[0]) < len(ticked):
            key = "conditions" if rest[1] == "id" else follow_up_key(ticked[int(rest[0])], rest[1])
            errors.setdefault(key, _UNANSWERED.get(key, message) if problem.code == "required" else message)
        elif head in (*TICKED, *NUMBERS, *OPTIONAL_NUMBERS, "experience"):
            errors.setdefault(head, _FRIENDLY.get(head, message))
        else:
            general.append(line(problem, PAGE_WORDS) if problem.field else message)
    return errors, general


FIELD_LABELS = {
    "red_flags": ("step-safety", "Safety questions"),
    "conditions": ("step-conditions", "Health conditions"),
    "goals": ("step-goals", "Goals"),
    "equipment": ("step-equipment", "Equipment"),
    "sessions_per_week": ("sessions_per_week", "Sessions a week"),
    "minutes_per_session": ("minutes_per_session", "Minutes per session"),
    "sitting_hours_per_day": ("sitting_hours_per_day", "Hours sitting"),
    "age": ("age", "Your age"),
    "experience": ("experience-none", "Experience"),
    "body_mass_kg": ("body_mass_kg", "Your weight"),
}


# Each follow-up's form field -> (its element id, "Hip replacement (which hip was replaced)")
FOLLOW_UP_LABELS: dict[str, tuple[str, str]] = {
    follow_up_key(q.id.value, f.name): (
        f"condition-{q.id.value}-{f.name}",
        f"{q.name} ({f.question.split('?')[0].lower()})",
    )
    for q in QUESTIONS
    for f in q.follow_ups
}


def error_list(errors: dict[str, str]) -> list[dict[str, str]]:
    """Each problem with the id of its field and a label, for the summary at the top of the page."""
    order = ["pain", *FIELD_LABELS]

    def rank(field: str) -> int:
        key = "pain" if field.startswith("pain_") else "conditions" if field.startswith("condition_") else field
        return order.index(key) if key in order else len(order)

    out = []
    ranked = sorted(errors.items(), key=lambda item: rank(item[0]))
    for field, message in ranked:
        if field.startswith("pain_"):
            region, _, part = field.removeprefix("pain_").rpartition("_")
            target = f"pain-{region}-{part}"
            label = f"{labels.PAIN_REGIONS.get(region, region)} pain"
        elif field in FOLLOW_UP_LABELS:
            target, label = FOLLOW_UP_LABELS[field]
        else:
            target, label = FIELD_LABELS.get(field, (field, field.replace("_", " ").capitalize()))
        out.append({"target": target, "label": label, "message": message[:1].upper() + message[1:]})
    return out


def _step_of(field: str) -> str:
    if field.startswith("pain_"):
        return "pain"
    if field.startswith("condition_"):
        return "conditions"
    return STEP_OF.get(field, "about")


def _page(
    request: Request,
    user: CurrentUser,
    values: dict[str, Any],
    *,
    errors: dict[str, str] | None = None,
    general: list[str] | None = None,
    status_code: int = 200,
    returning: bool = False,
) -> Response:
    context = {
        "values": {**DEFAULTS, **values},
        "errors": errors or {},
        "error_list": error_list(errors or {}),
        "error_steps": {_step_of(f) for f in errors or {}},
        "general": general or [],
        "returning": returning,
        "regions": [(r, labels.PAIN_REGIONS[r]) for r in REGIONS],
        "sides": labels.SIDES,
        "goals": labels.GOALS,
        "equipment": labels.EQUIPMENT,
        "experience": labels.EXPERIENCE,
        "safety_groups": _flag_groups(FlagKind.REFERRAL),
        "health_groups": _flag_groups(FlagKind.CAUTION),
        "conditions": QUESTIONS,
        "follow_up_key": follow_up_key,
    }
    return render(request, "onboarding.html", context, user=user, active=None, status_code=status_code)


@router.get("/onboarding")
def onboarding_form(request: Request, container: ContainerDep, user: PageUser) -> Response:
    stored = stored_profile(container.uow(), person_id=user.person_id)
    values = values_from_profile(_readable(stored)) if stored else {}
    unit = unit_of(container.uow(), person_id=user.person_id)
    if stored and stored.get("body_mass_kg") is not None and unit is MassUnit.LB:  # shown in the person's unit
        values["body_mass_kg"] = f"{round(from_kg(stored['body_mass_kg'], unit), 1):g}"
    return _page(request, user, values, returning=stored is not None)


def _start(
    container: Container, user: CurrentUser, values: dict[str, Any]
) -> tuple[ProfileEdited | None, dict[str, str], list[str]]:
    """Check every answer first (nothing is stored while any is wrong), then start the programme, or (with one
    already) re-plan it from the next session on (services/profile_edit.py)."""
    data, regions, errors = build_profile(values)
    problems = answer_problems(data)  # a goal chosen (the form answers the screening either way)
    try:
        parse_profile(data)
    except ProfileError as exc:
        problems += exc.problems
    found, general = field_errors(problems, regions, [c["id"] for c in data["conditions"]])
    errors = {**found, **errors}
    if errors or general:
        return None, errors, general
    try:
        result = profile_edit.edit_profile(
            container.uow(), container.library, data, person_id=user.person_id, today=date.today()
        )
    except (ProfileError, ServiceError) as exc:
        return None, {}, page_messages(exc.problems)
    return result, {}, []


@router.post("/onboarding")
async def onboarding_submit(request: Request, container: ContainerDep, user: PageUser, _csrf: Csrf) -> Response:
    values = _values_from_form(await request.form())
    result, errors, general = await run_in_threadpool(_start, container, user, values)
    if result is None:
        return _page(request, user, values, errors=errors, general=general, status_code=422)
    if result.referral:
        target = "/referral"
    elif result.replanned_from is not None:
        target = f"/profile?saved=answers&replanned={result.replanned_from.isoformat()}"
    else:
        target = "/welcome"
    return RedirectResponse(target, status_code=303)


@router.get("/referral")
def referral_page(request: Request, container: ContainerDep, user: PageUser) -> Response:
    found = programme.referral(container.uow(), person_id=user.person_id)
    if found is None:
        return RedirectResponse("/today", status_code=303)
    urgent = found.urgency in ("emergency", "urgent")
    context = {"referral": found, "urgent": urgent, "urgency_title": labels.URGENCY.get(found.urgency, "")}
    return render(request, "referral.html", context, user=user, active=None)
