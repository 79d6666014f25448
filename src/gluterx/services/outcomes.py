"""Outcome measures: record a set of answers (validated field by field), and the person's history of them with the
change since the first answer against each minimal important change, and whether a check is due.

OUTCOMES.json (what the API takes and `gluterx outcomes record --file` reads):
    {"pain": 0-10, "activities": [{"name": str (1-80 characters), "score": 0-10}, ... 3 to 5],
     "groc": -7..7 (not at the first answer; required after it)}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from gluterx.domain.outcomes import (
    ACTIVITY_NAME_MAX,
    EVERY_DAYS,
    GROC_LABELS,
    GROC_MEANINGFUL,
    GROC_RANGE,
    PSFS_ACTIVITIES,
    SCORE_RANGE,
    SOURCES,
    Activity,
    Answers,
    Change,
    Due,
    Measure,
    Verdict,
    due,
    groc_verdict,
    pain_change,
    psfs_change,
)
from gluterx.services.errors import Problem, validated
from gluterx.services.guards import check_day
from gluterx.services.ports import ServiceError, UnitOfWork, read_only
from gluterx.services.text import control_character

__all__ = [
    "ActivityIn",
    "AnswersIn",
    "GrocChange",
    "OutcomeHistory",
    "outcome_history",
    "outcomes_json",
    "parse_answers",
    "record_outcomes",
]

Score = Annotated[int, Field(ge=SCORE_RANGE[0], le=SCORE_RANGE[1], strict=True)]


class ActivityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(min_length=1, max_length=ACTIVITY_NAME_MAX)]
    score: Score

    @field_validator("name", mode="before")
    @classmethod
    def _one_line(cls, value: Any) -> Any:
        """Spaces and line breaks inside a name become one space; a name of spaces only is empty."""
        return " ".join(value.split()) if isinstance(value, str) else value


class AnswersIn(BaseModel):
    """OUTCOMES.json: the pain rating, the PSFS activities and (after the first time) the global rating of change."""

    model_config = ConfigDict(extra="forbid")

    pain: Score
    activities: Annotated[list[ActivityIn], Field(min_length=PSFS_ACTIVITIES[0], max_length=PSFS_ACTIVITIES[1])]
    groc: Annotated[int, Field(ge=GROC_RANGE[0], le=GROC_RANGE[1], strict=True)] | None = None


def parse_answers(data: Any) -> AnswersIn:
    """Validated answers, or ServiceError with one Problem per bad field (nothing is stored)."""
    answers = validated(AnswersIn, data)
    problems = []
    seen: set[str] = set()
    for i, activity in enumerate(answers.activities):
        if found := control_character(f"activities.{i}.name", activity.name):
            problems.append(found)
        if activity.name.casefold() in seen:
            problems.append(Problem(f"activities.{i}.name", "duplicate_activity", {"name": activity.name}))
        seen.add(activity.name.casefold())
    if problems:
        raise ServiceError(problems)
    return answers


@dataclass(frozen=True, slots=True)
class GrocChange:
    """The latest global rating of change and what it means against its important change (+3 or -3)."""

    value: int
    label: str
    verdict: Verdict
    mic: float
    sources: tuple[str, ...]


def interval_words(every_days: int) -> str:
    """Days between outcome checks in words: whole weeks as weeks ("1 week", "4 weeks"), else days."""
    weeks, rest = divmod(every_days, 7)
    if rest:
        return f"{every_days} day{'' if every_days == 1 else 's'}"
    return f"{weeks} week{'' if weeks == 1 else 's'}"


def check_words(every_days: int) -> str:
    """A later check named by its interval: "weekly check", "4-weekly check", "10-day check"."""
    weeks, rest = divmod(every_days, 7)
    if rest:
        return f"{every_days}-day check"
    return "weekly check" if weeks == 1 else f"{weeks}-weekly check"


@dataclass(frozen=True, slots=True)
class OutcomeHistory:
    """Every set of answers, oldest first; the change of pain and PSFS from the first to the latest (None with fewer
    than two answers); the latest GROC; the check due today (None without a programme); the activities to ask
    again (the latest answer's, in its order)."""

    today: dt.date
    answers: tuple[Answers, ...]
    pain: Change | None
    psfs: Change | None
    groc: GrocChange | None
    due: Due | None
    activity_names: tuple[str, ...]
    every_days: int = int(EVERY_DAYS.value)  # between checks: 4 weeks unless the person's clinician chose otherwise

    @property
    def interval(self) -> str:
        """The time between checks in words ("4 weeks", "1 week"): the one place pages and the report say it."""
        return interval_words(self.every_days)

    @property
    def check_name(self) -> str:
        """A later check by its interval: "4-weekly check", "weekly check"."""
        return check_words(self.every_days)

    @property
    def first_time(self) -> bool:
        """No answers yet: the next set is the start, without a global rating of change."""
        return not self.answers


def record_outcomes(uow: UnitOfWork, data: Any, *, on: date, person_id: int) -> OutcomeHistory:
    """Store a set of answers for `on` (replacing one given the same day) and give back the history with it."""
    check_day(on)
    parsed = parse_answers(data)
    with uow:
        stored = uow.outcomes.for_person(person_id)
        if stored and on < stored[0].answers.date:  # the start stays the start: every change is measured from it
            raise ServiceError([Problem("date", "before_first_outcome", {"first": stored[0].answers.date})])
        earlier = [o for o in stored if o.answers.date < on]
        if not earlier and parsed.groc is not None:
            raise ServiceError([Problem("groc", "groc_at_start")])
        if earlier and parsed.groc is None:
            raise ServiceError([Problem("groc", "groc_required")])
        activities = tuple(Activity(a.name, a.score) for a in parsed.activities)
        uow.outcomes.upsert(person_id, Answers(on, parsed.pain, activities, parsed.groc))
        uow.commit()
        return _history(uow, person_id, on)


def outcome_history(uow: UnitOfWork, *, person_id: int, today: date, every_days: int | None = None) -> OutcomeHistory:
    """The person's answers, their change against the minimal important change, and what is due on `today` (a
    check every `every_days` from the programme's start: 4 weeks unless a clinician chose otherwise)."""
    check_day(today)
    with read_only(uow) as reading:
        return _history(reading, person_id, today, every_days)


def _history(uow: UnitOfWork, person_id: int, today: date, every_days: int | None = None) -> OutcomeHistory:
    if every_days is None:  # the interval the person's clinician chose, else every 4 weeks (outcome_interval_days)
        every_days = uow.care.outcome_interval(person_id) or int(EVERY_DAYS.value)
    answers = tuple(o.answers for o in uow.outcomes.for_person(person_id))
    program = uow.programs.active(person_id)
    dates = [a.date for a in answers]
    found = due(program.start_date, dates, today, every_days=every_days) if program is not None else None
    pain = psfs = None
    if len(answers) > 1:
        pain = pain_change(answers[0].pain, answers[-1].pain)
        psfs = psfs_change(answers[0].psfs, answers[-1].psfs)
    rated = [a.groc for a in answers if a.groc is not None]
    groc = None
    if rated:
        latest = rated[-1]
        groc = GrocChange(latest, GROC_LABELS[latest], groc_verdict(latest), GROC_MEANINGFUL.value,
                          SOURCES[Measure.GROC])  # fmt: skip
    names = tuple(a.name for a in answers[-1].activities) if answers else ()
    return OutcomeHistory(today, answers, pain, psfs, groc, found, names, every_days)


# ------------------------------------------------------------------------------------------------ JSON


def _change_json(change: Change | None) -> dict[str, Any] | None:
    if change is None:
        return None
    return {
        "first": round(change.first, 2),
        "latest": round(change.latest, 2),
        "difference": round(change.difference, 2),
        "verdict": change.verdict.value,
        "mic": change.mic.value,
        "sources": list(change.sources),
    }


def outcomes_json(history: OutcomeHistory) -> dict[str, Any]:
    """The history as the API and `gluterx outcomes show --format json` give it."""
    d = history.due
    groc = history.groc
    return {
        "date": history.today.isoformat(),
        "due": None
        if d is None
        else {"due": d.due, "check": d.number, "since": d.since.isoformat(), "next_date": d.next_date.isoformat()},
        "answers": [
            {
                "date": a.date.isoformat(),
                "pain": a.pain,
                "psfs": round(a.psfs, 2),
                "activities": [{"name": x.name, "score": x.score} for x in a.activities],
                "groc": a.groc,
            }
            for a in history.answers
        ],
        "change": {
            "pain": _change_json(history.pain),
            "psfs": _change_json(history.psfs),
            "groc": None
            if groc is None
            else {"latest": groc.value, "verdict": groc.verdict.value, "mic": groc.mic, "sources": list(groc.sources)},
        },
        "activity_names": list(history.activity_names),
    }
