"""Reading a person's profile (PROFILE.json, API bodies, questionnaire answers) into the domain Profile.

Every problem is reported at once, one Problem per field, saying what is allowed, so a person can fix them all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from gluterx.domain.conditions import (
    FALLS_MAX,
    MONTHS_SINCE_MAX,
    QUESTIONS,
    WEEKS_SINCE_MAX,
    AnswerKind,
    Approach,
    Birth,
    Condition,
    ConditionId,
    FallsLastYear,
    FollowUp,
    GlutealTendinopathy,
    HipOsteoarthritis,
    HipReplacement,
    KneeOsteoarthritis,
    KneeReplacement,
    Osteoporosis,
    PelvicGirdlePain,
    Postnatal,
    Pregnancy,
    RadicularLegPain,
)
from gluterx.domain.exercise import Equipment
from gluterx.domain.profile import Experience, Goal, PainRegion, PainReport, Profile, Side
from gluterx.domain.screening import FLAG_IDS, POSTNATAL_WEEKS, unknown_flags
from gluterx.services.errors import Problem, ServiceError, problem_from_error
from gluterx.services.fields import Whole
from gluterx.services.ports import UnitOfWork, read_only


class ProfileError(ServiceError, ValueError):
    """A profile that cannot be used; `problems` has one Problem per bad field."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(problems, code="invalid")


class PainIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    region: PainRegion
    side: Side = Side.BOTH
    intensity: Annotated[int, Field(ge=0, le=10), Whole]
    weeks: Annotated[int, Field(ge=0, le=2600), Whole] = 0


# ------------------------------------------------------------------------------------------------ conditions
# One model per condition, told apart by `id`; each field's range comes from domain/conditions.py, where the
# questions that fill it live.

_Months = Annotated[int, Field(ge=0, le=MONTHS_SINCE_MAX, description="Whole months since the operation."), Whole]
_SideField = Annotated[Side, Field(description="Which side.")]


class _ConditionIn(BaseModel):
    """A condition's answers, checked; `domain` makes the condition from them (its fields have the same names)."""

    model_config = ConfigDict(extra="forbid")
    domain: ClassVar[Callable[..., Condition]]

    def to_domain(self) -> Condition:
        return type(self).domain(**{name: getattr(self, name) for name in type(self).model_fields if name != "id"})


class HipReplacementIn(_ConditionIn):
    id: Literal[ConditionId.HIP_REPLACEMENT]
    side: _SideField
    approach: Annotated[Approach, Field(description="Surgical approach; unknown is treated like posterior.")]
    months_since: _Months
    domain = HipReplacement


class KneeReplacementIn(_ConditionIn):
    id: Literal[ConditionId.KNEE_REPLACEMENT]
    side: _SideField
    months_since: _Months
    domain = KneeReplacement


class PregnancyIn(_ConditionIn):
    id: Literal[ConditionId.PREGNANCY]
    trimester: Literal[1, 2, 3]

    @field_validator("trimester", mode="before")
    @classmethod
    def _whole_number_only(cls, value: Any) -> Any:
        if type(value) is not int:  # strict: True == 1 and 2.0 == 2 in Python, but neither is a trimester
            raise PydanticCustomError("not_a_choice", "not a trimester", {"value": value, "expected": "1, 2 or 3"})
        return value

    domain = Pregnancy


class PostnatalIn(_ConditionIn):
    id: Literal[ConditionId.POSTNATAL]
    weeks_since: Annotated[int, Field(ge=0, le=WEEKS_SINCE_MAX, description="Whole weeks since birth."), Whole]
    birth: Birth
    domain = Postnatal


class PelvicGirdlePainIn(_ConditionIn):
    id: Literal[ConditionId.PELVIC_GIRDLE_PAIN]
    domain = PelvicGirdlePain


class GlutealTendinopathyIn(_ConditionIn):
    id: Literal[ConditionId.GLUTEAL_TENDINOPATHY]
    side: _SideField
    domain = GlutealTendinopathy


class HipOsteoarthritisIn(_ConditionIn):
    id: Literal[ConditionId.HIP_OSTEOARTHRITIS]
    side: _SideField
    domain = HipOsteoarthritis


class KneeOsteoarthritisIn(_ConditionIn):
    id: Literal[ConditionId.KNEE_OSTEOARTHRITIS]
    side: _SideField
    domain = KneeOsteoarthritis


class OsteoporosisIn(_ConditionIn):
    id: Literal[ConditionId.OSTEOPOROSIS]
    domain = Osteoporosis


class RadicularLegPainIn(_ConditionIn):
    id: Literal[ConditionId.RADICULAR_LEG_PAIN]
    side: _SideField
    domain = RadicularLegPain


class FallsLastYearIn(_ConditionIn):
    id: Literal[ConditionId.FALLS_LAST_YEAR]
    count: Annotated[int, Field(ge=0, le=FALLS_MAX, description="Falls in the last 12 months."), Whole]
    domain = FallsLastYear


ConditionIn = Annotated[
    HipReplacementIn
    | KneeReplacementIn
    | PregnancyIn
    | PostnatalIn
    | PelvicGirdlePainIn
    | GlutealTendinopathyIn
    | HipOsteoarthritisIn
    | KneeOsteoarthritisIn
    | OsteoporosisIn
    | RadicularLegPainIn
    | FallsLastYearIn,
    Field(discriminator="id"),
]
# Each model of the union by its `id` (the union read back, so the models are listed once).
CONDITION_MODELS: dict[ConditionId, type[_ConditionIn]] = {
    get_args(model.model_fields["id"].annotation)[0]: model for model in get_args(get_args(ConditionIn)[0])
}
CONDITION_IDS: tuple[str, ...] = tuple(q.id.value for q in QUESTIONS)

# Old profiles (and the red-flag questions) say "pregnancy" or "osteoporosis" as a yes/no flag. Where a typed
# condition is needed, the flag stands for the condition; a flag alone does not say the trimester, so it is read
# as the SECOND trimester: the first one that brings the posture precautions (no lying face down, only short
# spells on the back), without claiming late pregnancy for someone who may have given birth instead (the flag's
# question asks "pregnant, or given birth in the last 12 weeks"). The questionnaire now asks the trimester.
# (gluterx_policy: our reading of an answer that does not say more; the precautions cite their own sources.)
LEGACY_PREGNANCY_TRIMESTER: Literal[1, 2, 3] = 2
# The questionnaires ask these red-flag questions as conditions instead (with their follow-ups); the conditions
# then answer the flags (`_implied_flags`).
ASKED_AS_CONDITIONS: frozenset[str] = frozenset({"pregnancy", "osteoporosis"})


class ProfileIn(BaseModel):
    """PROFILE.json, as DESIGN.md defines it."""

    model_config = ConfigDict(extra="forbid")

    age: Annotated[int, Field(ge=16, le=110), Whole]
    body_mass_kg: Annotated[float, Field(gt=20, le=400, strict=True)] | None = None
    goals: list[Goal] = Field(default_factory=list)
    pain: list[PainIn] = Field(default_factory=list, max_length=12)
    red_flags: list[str] = Field(default_factory=list)
    sitting_hours_per_day: Annotated[float, Field(ge=0, le=24, strict=True)] = 0
    experience: Experience = Experience.NONE
    equipment: list[Equipment] = Field(default_factory=list)
    sessions_per_week: Annotated[int, Field(ge=1, le=6), Whole] = 3
    minutes_per_session: Annotated[int, Field(ge=10, le=120), Whole] = 30
    weeks: Annotated[int, Field(ge=1, le=52), Whole] = 12
    conditions: list[ConditionIn] = Field(
        default_factory=list,
        description="Health conditions, each `{id, its fields}`; `gluterx screening conditions` lists them.",
    )
    falls_last_year: Annotated[int, Field(ge=0, le=FALLS_MAX), Whole] | None = Field(
        default=None,
        description="Falls in the last 12 months, as a plain number: the same answer as the condition "
        '`{"id": "falls_last_year", "count": N}` (give one or the other); 0 means none.',
    )

    @model_validator(mode="after")
    def _falls_once(self) -> ProfileIn:
        if self.falls_last_year is not None and any(c.id is ConditionId.FALLS_LAST_YEAR for c in self.conditions):
            raise PydanticCustomError(
                "duplicate_condition", "falls given twice", {"values": ["falls_last_year"], "field": "falls_last_year"}
            )
        return self

    @field_validator("conditions")
    @classmethod
    def _each_condition_once(cls, value: list[ConditionIn]) -> list[ConditionIn]:
        ids = [c.id for c in value]
        if repeated := sorted({i.value for i in ids if ids.count(i) > 1}):
            raise PydanticCustomError("duplicate_condition", "condition given twice", {"values": repeated})
        return value

    @field_validator("red_flags")
    @classmethod
    def _known_flags(cls, value: list[str]) -> list[str]:
        if bad := unknown_flags(value):
            raise PydanticCustomError("unknown_flags", "unknown flag id(s)", {"values": bad, "count": len(FLAG_IDS)})
        return value

    def to_domain(self) -> Profile:
        given = [c.to_domain() for c in self.conditions]
        if self.falls_last_year:  # the top-level number DESIGN.md also allows; no falls is no condition
            given.append(FallsLastYear(self.falls_last_year))
        conditions = _with_legacy_flags(given, self.red_flags)
        return Profile(
            age=self.age,
            body_mass_kg=self.body_mass_kg,
            goals=tuple(dict.fromkeys(self.goals)),
            pain=tuple(PainReport(p.region, p.side, p.intensity, p.weeks) for p in self.pain),
            red_flags=frozenset(self.red_flags) | _implied_flags(conditions),
            sitting_hours_per_day=self.sitting_hours_per_day,
            experience=self.experience,
            equipment=frozenset(self.equipment),
            sessions_per_week=self.sessions_per_week,
            minutes_per_session=self.minutes_per_session,
            weeks=self.weeks,
            conditions=conditions,
        )


def _with_legacy_flags(conditions: list[Condition], red_flags: list[str]) -> tuple[Condition, ...]:
    """The conditions, plus the one a stored `pregnancy` or `osteoporosis` flag stands for when it is not given
    as a condition (see LEGACY_PREGNANCY_TRIMESTER). A postnatal condition answers the pregnancy flag too."""
    given = {c.id for c in conditions}
    if "pregnancy" in red_flags and not given & {ConditionId.PREGNANCY, ConditionId.POSTNATAL}:
        conditions.append(Pregnancy(LEGACY_PREGNANCY_TRIMESTER))
    if "osteoporosis" in red_flags and ConditionId.OSTEOPOROSIS not in given:
        conditions.append(Osteoporosis())
    return tuple(conditions)


def _implied_flags(conditions: Sequence[Condition]) -> set[str]:
    """The yes/no flags a condition answers, so the screening's cautions keep applying to people who told us
    through the conditions questions: pregnancy, a birth in the flag's last weeks, osteoporosis."""
    implied = set[str]()
    for c in conditions:
        if isinstance(c, Pregnancy) or (isinstance(c, Postnatal) and c.weeks_since <= POSTNATAL_WEEKS):
            implied.add("pregnancy")
        elif isinstance(c, Osteoporosis):
            implied.add("osteoporosis")
    return implied & FLAG_IDS


def parse_profile(data: Any, *, weeks: int | None = None) -> Profile:
    """A validated Profile from decoded JSON, or ProfileError listing every problem."""
    if not isinstance(data, dict):
        raise ProfileError([Problem("", "not_an_object", {"fields": ["age", "goals", "pain", "equipment"]})])
    if weeks is not None:
        data = {**data, "weeks": weeks}
    try:
        return ProfileIn.model_validate(data).to_domain()
    except ValidationError as exc:
        raise ProfileError([_problem(err) for err in exc.errors()]) from exc


def _problem(err: Any) -> Problem:
    """One pydantic error as a Problem; inside `conditions` the union's tag is left out of the field's path
    (`conditions.0.side`, not `conditions.0.hip_replacement.side`) and an unknown field lists that condition's
    own fields."""
    loc = tuple(err["loc"])
    if not loc and err["type"] == "duplicate_condition":  # the model's own check names the field it is about
        ctx = err.get("ctx", {})
        return Problem(ctx.get("field", ""), "duplicate_condition", {"values": ctx.get("values", [])})
    if len(loc) < 2 or loc[0] != "conditions" or not isinstance(loc[1], int):
        return problem_from_error(err, ProfileIn)
    where = f"conditions.{loc[1]}"
    if err["type"] == "union_tag_invalid":
        tag = err.get("ctx", {}).get("tag")
        return Problem(f"{where}.id", "unknown_condition", {"value": tag, "allowed": CONDITION_IDS})
    if err["type"] == "union_tag_not_found":
        return Problem(f"{where}.id", "unknown_condition", {"value": None, "allowed": CONDITION_IDS})
    if err["type"] == "model_attributes_type":
        return Problem(where, "not_an_object", {"fields": ["id"]})
    inner = loc[3:] if len(loc) > 2 and loc[2] in CONDITION_MODELS else loc[2:]
    if err["type"] == "extra_forbidden" and len(loc) > 2 and loc[2] in CONDITION_MODELS:
        allowed = list(CONDITION_MODELS[ConditionId(loc[2])].model_fields)
        return Problem(".".join(map(str, (where, *inner))), "unknown_field", {"allowed": allowed})
    return problem_from_error({**err, "loc": ("conditions", loc[1], *inner)}, ProfileIn)


def profile_to_json(profile: Profile) -> dict[str, Any]:
    """The PROFILE.json form of a domain Profile (round-trips through parse_profile)."""
    return {
        "age": profile.age,
        "body_mass_kg": profile.body_mass_kg,
        "goals": [g.value for g in profile.goals],
        "pain": [
            {"region": p.region.value, "side": p.side.value, "intensity": p.intensity, "weeks": p.weeks}
            for p in profile.pain
        ],
        "red_flags": sorted(profile.red_flags),
        "sitting_hours_per_day": profile.sitting_hours_per_day,
        "experience": profile.experience.value,
        "equipment": sorted(e.value for e in profile.equipment),
        "sessions_per_week": profile.sessions_per_week,
        "minutes_per_session": profile.minutes_per_session,
        "weeks": profile.weeks,
        "conditions": [condition_to_json(c) for c in profile.conditions],
    }


def condition_to_json(condition: Condition) -> dict[str, Any]:
    """A condition as PROFILE.json writes it: `{"id": ..., field: value, ...}` (enums as their values)."""
    model = CONDITION_MODELS[condition.id]
    return {name: _plain(getattr(condition, name)) for name in model.model_fields}


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Side | Approach | Birth | ConditionId) else value


def stored_profile(uow: UnitOfWork, *, person_id: int) -> dict[str, Any] | None:
    """The person's newest PROFILE.json answers, or None before the questionnaire."""
    with read_only(uow) as reading:
        row = reading.profiles.latest(person_id)
        return dict(row.data) if row is not None else None


def condition_questions_json() -> list[dict[str, Any]]:
    """The conditions questions as `gluterx screening conditions --format json` prints them:
    `[{"id", "name", "question", "fields": [{"name", "question", "type", "values"?, "choices"?, "min"?, "max"?,
    "unit"?}]}]`; a choice's `choices` give the plain words for each of its `values`."""
    return [
        {
            "id": q.id.value,
            "name": q.name,
            "question": q.question,
            "fields": [_follow_up_json(f) for f in q.follow_ups],
        }
        for q in QUESTIONS
    ]


def _follow_up_json(f: FollowUp) -> dict[str, Any]:
    out: dict[str, Any] = {"name": f.name, "question": f.question, "type": f.kind.value}
    if f.kind is AnswerKind.CHOICE:
        out["values"] = list(f.values)
        out["choices"] = [{"value": c.value, "words": c.words} for c in f.choices]
    else:
        out |= {"min": f.minimum, "max": f.maximum, "unit": f.unit}
    return out
