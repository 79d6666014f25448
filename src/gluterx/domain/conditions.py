"""Health conditions a person tells us about, each with its own facts (PROFILE.json `conditions`), and the
questions that ask about them in plain words (`QUESTIONS`: one yes/no question per condition and the follow-ups
asked only when it applies).

These are the typed values the planner, the progression engine and the screening read; precautions for each
condition live in `domain/precautions.py`. Parsing lives in `services/profiles.py`, which takes its allowed values
and ranges from here; the questionnaires (web onboarding, `gluterx init`) ask `QUESTIONS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from gluterx.domain.anatomy import Side


class ConditionId(StrEnum):
    HIP_REPLACEMENT = "hip_replacement"
    KNEE_REPLACEMENT = "knee_replacement"
    PREGNANCY = "pregnancy"
    POSTNATAL = "postnatal"
    PELVIC_GIRDLE_PAIN = "pelvic_girdle_pain"
    GLUTEAL_TENDINOPATHY = "gluteal_tendinopathy"
    HIP_OSTEOARTHRITIS = "hip_osteoarthritis"
    KNEE_OSTEOARTHRITIS = "knee_osteoarthritis"
    OSTEOPOROSIS = "osteoporosis"
    RADICULAR_LEG_PAIN = "radicular_leg_pain"
    FALLS_LAST_YEAR = "falls_last_year"


class Approach(StrEnum):
    """The surgical approach of a hip replacement; unknown is treated like posterior (the stricter one)."""

    POSTERIOR = "posterior"
    ANTERIOR = "anterior"
    LATERAL = "lateral"
    UNKNOWN = "unknown"


class Birth(StrEnum):
    VAGINAL = "vaginal"
    CAESAREAN = "caesarean"


@dataclass(frozen=True, slots=True)
class HipReplacement:
    side: Side
    approach: Approach
    months_since: int
    id: Literal[ConditionId.HIP_REPLACEMENT] = ConditionId.HIP_REPLACEMENT


@dataclass(frozen=True, slots=True)
class KneeReplacement:
    side: Side
    months_since: int
    id: Literal[ConditionId.KNEE_REPLACEMENT] = ConditionId.KNEE_REPLACEMENT


@dataclass(frozen=True, slots=True)
class Pregnancy:
    trimester: Literal[1, 2, 3]
    id: Literal[ConditionId.PREGNANCY] = ConditionId.PREGNANCY


@dataclass(frozen=True, slots=True)
class Postnatal:
    weeks_since: int
    birth: Birth
    id: Literal[ConditionId.POSTNATAL] = ConditionId.POSTNATAL


@dataclass(frozen=True, slots=True)
class PelvicGirdlePain:
    id: Literal[ConditionId.PELVIC_GIRDLE_PAIN] = ConditionId.PELVIC_GIRDLE_PAIN


@dataclass(frozen=True, slots=True)
class GlutealTendinopathy:
    side: Side
    id: Literal[ConditionId.GLUTEAL_TENDINOPATHY] = ConditionId.GLUTEAL_TENDINOPATHY


@dataclass(frozen=True, slots=True)
class HipOsteoarthritis:
    side: Side
    id: Literal[ConditionId.HIP_OSTEOARTHRITIS] = ConditionId.HIP_OSTEOARTHRITIS


@dataclass(frozen=True, slots=True)
class KneeOsteoarthritis:
    side: Side
    id: Literal[ConditionId.KNEE_OSTEOARTHRITIS] = ConditionId.KNEE_OSTEOARTHRITIS


@dataclass(frozen=True, slots=True)
class Osteoporosis:
    id: Literal[ConditionId.OSTEOPOROSIS] = ConditionId.OSTEOPOROSIS


@dataclass(frozen=True, slots=True)
class RadicularLegPain:
    side: Side
    id: Literal[ConditionId.RADICULAR_LEG_PAIN] = ConditionId.RADICULAR_LEG_PAIN


@dataclass(frozen=True, slots=True)
class FallsLastYear:
    count: int
    id: Literal[ConditionId.FALLS_LAST_YEAR] = ConditionId.FALLS_LAST_YEAR


Condition = (
    HipReplacement
    | KneeReplacement
    | Pregnancy
    | Postnatal
    | PelvicGirdlePain
    | GlutealTendinopathy
    | HipOsteoarthritis
    | KneeOsteoarthritis
    | Osteoporosis
    | RadicularLegPain
    | FallsLastYear
)


# ------------------------------------------------------------------------------------------------ the questions

# The ranges a follow-up answer may take (input limits, not clinical thresholds): 50 years after surgery,
# 10 years after a birth, and a count of falls no one would exceed in a year.
MONTHS_SINCE_MAX = 600
WEEKS_SINCE_MAX = 520
FALLS_MAX = 100
TRIMESTERS: tuple[Literal[1, 2, 3], ...] = (1, 2, 3)


class AnswerKind(StrEnum):
    """How a follow-up is answered: by picking one of its choices, or with a whole number in its range."""

    CHOICE = "choice"
    WHOLE_NUMBER = "integer"


@dataclass(frozen=True, slots=True)
class Choice:
    """One allowed answer and the plain words shown for it."""

    value: str | int
    words: str


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A question asked only when its condition applies; `name` is the condition's field it fills."""

    name: str
    question: str
    kind: AnswerKind
    choices: tuple[Choice, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    unit: str = ""

    @property
    def values(self) -> tuple[str | int, ...]:
        return tuple(c.value for c in self.choices)


@dataclass(frozen=True, slots=True)
class ConditionQuestion:
    """A yes/no question about one condition, its short name, and the follow-ups asked when the answer is yes."""

    id: ConditionId
    name: str
    question: str
    follow_ups: tuple[FollowUp, ...] = ()

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.follow_ups)


def _side(question: str) -> FollowUp:
    choices = (
        Choice(Side.LEFT.value, "Left"),
        Choice(Side.RIGHT.value, "Right"),
        Choice(Side.BOTH.value, "Both sides"),
    )
    return FollowUp("side", question, AnswerKind.CHOICE, choices)


def _count(name: str, question: str, maximum: int, unit: str) -> FollowUp:
    return FollowUp(name, question, AnswerKind.WHOLE_NUMBER, minimum=0, maximum=maximum, unit=unit)


def _months_since(joint: str) -> str:
    """Each replacement's own question (two alike on one page read as one asked twice)."""
    return f"How many months ago was your {joint} replaced? (0 if less than a month)"


QUESTIONS: tuple[ConditionQuestion, ...] = (
    ConditionQuestion(
        ConditionId.HIP_REPLACEMENT,
        "Hip replacement",
        "Have you had a hip replaced?",
        (
            _side("Which hip was replaced?"),
            FollowUp(
                "approach",
                "Where was the cut made? Your surgeon or your discharge letter can tell you.",
                AnswerKind.CHOICE,
                (
                    Choice(Approach.POSTERIOR.value, "At the back of the hip (posterior)"),
                    Choice(Approach.ANTERIOR.value, "At the front of the hip (anterior)"),
                    Choice(Approach.LATERAL.value, "At the side of the hip (lateral)"),
                    Choice(Approach.UNKNOWN.value, "I don't know"),
                ),
            ),
            _count("months_since", _months_since("hip"), MONTHS_SINCE_MAX, "months"),
        ),
    ),
    ConditionQuestion(
        ConditionId.KNEE_REPLACEMENT,
        "Knee replacement",
        "Have you had a knee replaced?",
        (_side("Which knee was replaced?"), _count("months_since", _months_since("knee"), MONTHS_SINCE_MAX, "months")),
    ),
    ConditionQuestion(
        ConditionId.PREGNANCY,
        "Pregnancy",
        "Are you pregnant?",
        (
            FollowUp(
                "trimester",
                "How far along are you?",
                AnswerKind.CHOICE,
                (
                    Choice(1, "First trimester (up to 12 weeks)"),
                    Choice(2, "Second trimester (13 to 27 weeks)"),
                    Choice(3, "Third trimester (28 weeks or more)"),
                ),
            ),
        ),
    ),
    ConditionQuestion(
        ConditionId.POSTNATAL,
        "Had a baby",
        "Have you had a baby in the last few years?",
        (
            _count("weeks_since", "How many weeks ago was the birth?", WEEKS_SINCE_MAX, "weeks"),
            FollowUp(
                "birth",
                "How was your baby born?",
                AnswerKind.CHOICE,
                (
                    Choice(Birth.VAGINAL.value, "Vaginal birth"),
                    Choice(Birth.CAESAREAN.value, "Caesarean section (C-section)"),
                ),
            ),
        ),
    ),
    ConditionQuestion(
        ConditionId.PELVIC_GIRDLE_PAIN,
        "Pelvic girdle pain",
        "Do you have pain at the front or back of your pelvis that started in or after pregnancy (pelvic girdle pain)?",
    ),
    ConditionQuestion(
        ConditionId.GLUTEAL_TENDINOPATHY,
        "Gluteal tendinopathy",
        "Has a clinician told you that you have gluteal tendinopathy (pain on the outside of the hip, often worse"
        " lying on that side)?",
        (_side("Which hip?"),),
    ),
    ConditionQuestion(
        ConditionId.HIP_OSTEOARTHRITIS,
        "Hip osteoarthritis",
        "Has a clinician told you that you have osteoarthritis (wear and tear) in a hip?",
        (_side("Which hip?"),),
    ),
    ConditionQuestion(
        ConditionId.KNEE_OSTEOARTHRITIS,
        "Knee osteoarthritis",
        "Has a clinician told you that you have osteoarthritis (wear and tear) in a knee?",
        (_side("Which knee?"),),
    ),
    ConditionQuestion(
        ConditionId.OSTEOPOROSIS,
        "Osteoporosis",
        "Has a doctor told you that you have osteoporosis (thin, fragile bones)?",
    ),
    ConditionQuestion(
        ConditionId.RADICULAR_LEG_PAIN,
        "Pain going down the leg",
        "Does pain, tingling or numbness travel from your back or buttock down your leg, below the knee?",
        (_side("Which leg?"),),
    ),
    ConditionQuestion(
        ConditionId.FALLS_LAST_YEAR,
        "Falls in the last year",
        "Have you had a fall in the last 12 months?",
        (_count("count", "How many times did you fall in the last 12 months?", FALLS_MAX, "falls"),),
    ),
)
_QUESTION_BY_ID: dict[ConditionId, ConditionQuestion] = {q.id: q for q in QUESTIONS}


def question(condition_id: ConditionId) -> ConditionQuestion:
    """The question about `condition_id`, with its follow-ups."""
    return _QUESTION_BY_ID[condition_id]
