"""Errors are data: a `Problem` names the field, a stable code and the values its message needs.

The services raise `ServiceError` with Problems; no adapter parses text. `words()` turns a Problem into plain, kind
words that name the fix, from one catalogue; an adapter passes its own wording for the few codes whose fix depends on
where the person is (the CLI says which command to run, the API what to send) and names the field its own way.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

__all__ = [
    "CATALOGUE",
    "Problem",
    "ServiceError",
    "Wording",
    "line",
    "problem_from_error",
    "problems_from_validation",
    "validated",
    "words",
]

MAX_SHOWN_VALUE = 80  # a longer value (a 5 MB note) is not worth repeating back


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request: `field` is a dotted path (`exercises.0.sets.1.reps`; "" for the whole
    request), `code` a stable snake_case id, `params` the values its message needs."""

    field: str
    code: str
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:  # a copy that cannot change: lists become tuples, the mapping read-only
        frozen = {k: tuple(v) if isinstance(v, list | set | frozenset) else v for k, v in self.params.items()}
        object.__setattr__(self, "params", types.MappingProxyType(frozen))


class ServiceError(Exception):
    """A request the service cannot carry out; `problems` says why, one Problem each. `code` (invalid, missing,
    conflict, unauthorized, locked, forbidden) is the kind of failure, which the web maps to a status."""

    def __init__(self, problems: Sequence[Problem], *, code: str = "invalid") -> None:
        self.problems = list(problems)
        self.code = code
        super().__init__("; ".join(line(p) for p in self.problems))


# ------------------------------------------------------------------------------------------------ the catalogue

Wording = str | Callable[[Mapping[str, Any]], str]


def _listed(values: Any) -> str:
    return ", ".join(str(v) for v in values) if isinstance(values, list | tuple | set | frozenset) else str(values)


def _unknown_exercise(p: Mapping[str, Any]) -> str:
    if p.get("close"):
        return f"unknown exercise {p['value']!r} (did you mean {_listed(p['close'])}?)"
    return f"unknown exercise {p['value']!r}; the exercise list has every id"


def _unknown_field(p: Mapping[str, Any]) -> str:
    if p.get("allowed"):
        return f"unknown field; remove it (allowed fields are {_listed(p['allowed'])})"
    return "unknown field; remove it"


def _bound(inclusive: str, strict: str, key: str) -> Callable[[Mapping[str, Any]], str]:
    def wording(p: Mapping[str, Any]) -> str:
        return f"must be {inclusive if p.get('inclusive', True) else strict} {p[key]}"

    return wording


def _length(word: str, key: str) -> Callable[[Mapping[str, Any]], str]:
    def wording(p: Mapping[str, Any]) -> str:
        unit = p.get("unit", "characters")
        return f"use {word} {p[key]} {unit[:-1] if p[key] == 1 else unit}"

    return wording


def _wait(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


CATALOGUE: Mapping[str, Wording] = {
    # the shape of the request
    "not_an_object": lambda p: f"must be a JSON object with fields such as {_listed(p['fields'])}",
    "unknown_field": _unknown_field,
    "required": "required; please give it",
    "no_goal": "please choose at least one goal, so the programme knows what to aim for",
    "unanswered": "please answer the {what} questions, even if the answer is none: nothing is assumed",
    "not_whole_number": "must be a whole number",
    "too_small": _bound("at least", "more than", "minimum"),
    "too_large": _bound("at most", "less than", "maximum"),
    "too_short": _length("at least", "min_length"),
    "too_long": _length("at most", "max_length"),
    "not_a_choice": "use one of {expected}",
    "invalid": "{reason}",
    "control_character": (
        "remove the control character {codepoint} at position {position}; use plain text (tabs and line breaks are "
        "fine)"
    ),
    # values
    "day_out_of_range": "{value} is out of range; use a day between {low} and {high}",
    "pain_out_of_range": "{value!r} is not allowed; give a whole number from {low} (none) to {high} (worst)",
    "unknown_exercise": _unknown_exercise,
    "unknown_equipment": lambda p: (
        f"{', '.join(map(repr, p['values']))} not an equipment id; use any of: none, {_listed(p['allowed'])}"
    ),
    "unknown_flags": lambda p: (
        f"unknown flag id(s) {_listed(p['values'])}; the screening flags list has the {p['count']} ids"
    ),
    # health conditions (PROFILE.json `conditions`)
    "unknown_condition": lambda p: (
        f"unknown condition {p['value']!r}; use one of: {_listed(p['allowed'])}"
        if p.get("value") is not None
        else f"say which condition with its id, one of: {_listed(p['allowed'])}"
    ),
    "duplicate_condition": "{values} given more than once; give each condition once",
    "invalid_email": "please give a valid email address, like name@example.com",
    # outcome measures
    "groc_at_start": "leave it out the first time: there is nothing earlier to compare with yet",
    "groc_required": "please say how you are now compared with when you started, from -7 (a very great deal worse) "
    "to +7 (a very great deal better)",
    "duplicate_activity": "{name!r} is named twice; name each activity once",
    "before_first_outcome": "is before your first answers ({first}); give a day on or after it",
    # what is not there (code "missing")
    "no_programme": "no programme yet: answer the questionnaire (or send your profile) to start one",
    "no_profile": "no profile yet: answer the questionnaire (or send your profile)",
    "no_person": "person {person_id} does not exist",
    "no_session": "you have no session {session_id}",
    "nothing_to_export": "{reason}",
    "nothing_yet": "nothing to show yet: start a programme or import your history first",
    # accounts
    "email_taken": "an account with this email exists already; sign in instead",
    "wrong_credentials": "email or password is not right",
    "locked": lambda p: f"too many failed sign-ins; please wait {_wait(p['seconds'])} and try again",
    "password_blank": "a password of only spaces is too easy to guess; please choose another",
    "password_common": "this password is one of the most commonly used, so it is easy to guess; please choose another",
    "wrong_password": "the current password is not right",
    "no_token": "you have no active API token {token_id}",
    "no_browser_session": "you have no signed-in browser {session_id}",
    "day_count_out_of_range": "use a whole number of days from {low} to {high}",
    "sign_up_attempt": "someone tried to sign up again with your email; if it was not you, your account is unchanged",
    # backups and imports
    "not_a_backup": "this is not a GluteRx backup, or it is damaged:",
    "wrong_backup_version": "expected {expected_format} version {expected_version}, got {format} {version}",
    "store_not_empty": "the store already holds data; replace it on purpose to restore the backup",
    "rows_rejected": "the file has {count} row error(s); nothing was imported. Fix them and import again:",
    "row_error": "line {line}: {reason}",
    "more_row_errors": "… and {count} more row error(s)",
    "more_problems": "… and {count} more problem(s)",
    # correcting the history
    "imported_session": (
        "session {session_id} was imported from another app, so it cannot be changed here; delete it, or correct "
        "it in that app and import it again"
    ),
    # the same session logged twice (code "conflict"; services/duplicates.py)
    "bad_idempotency_key": (
        "use 1 to {max_length} letters, digits or the signs - _ . : ~ + / = (a random UUID makes a good key)"
    ),
    "idempotency_key_reused": (
        "this key was already used for a different session on {date}; use a new key for a new session, or send the "
        "same session again to get it back"
    ),
    "idempotency_key_busy": "another request with this key is being saved right now; wait a moment and send it again",
    "duplicate_session": (
        "you already logged this session on {date}, with the same exercises and sets; say so if you mean to log it "
        "again"
    ),
    # clinicians and their clients (issue 16)
    "not_a_clinician": "this is for trainers and physiotherapists: set up your clinician account first",
    "already_clinician": "your account is already set up for clinicians",
    "invitation_unknown": "this invitation code is not known; check it, or ask for a new one",
    "invitation_used": "this invitation code has been used already; please ask for a new one",
    "invitation_expired": "this invitation code has expired; please ask for a new one",
    "invitation_own": "this is your own invitation code; give it to the other person to use",
    "invitation_for_clinician": "this code is for a trainer or physiotherapist to use, from their clinician account",
    "already_connected": "you are connected already; nothing changed",
    "no_grant": "you have no such sharing to end (it may have ended already)",
    "no_clinician": "nobody can read messages here yet: invite a clinician first",
    "no_client": "you have no client {client_id} (or they no longer share their data with you)",
    "no_alert": "there is no such open alert today; reload the page to see the current alerts",
    "not_practice_owner": "only the owner of a practice can add colleagues to it",
    "no_practice_invitation": "there is no such invitation to a practice for the email you signed in with",
    "in_a_practice": "you belong to a practice already; there is one practice each",
    "week_count_out_of_range": "use a whole number of weeks from {low} to {high}",
    "practice_invitation_expired": (
        "this invitation to a practice has expired; ask the practice's owner to invite you again"
    ),
    "only_owner_cancels": "only the owner of a practice can cancel its invitations",
    "no_sent_practice_invitation": (
        "your practice has no such pending invitation (it may have been accepted or declined)"
    ),
    # profile and settings
    "training_days_count": lambda p: (
        f"choose {p['count']} day{'s' if p['count'] != 1 else ''}, one for each of the {p['count']} sessions a week "
        "you asked for (or change how many sessions a week you want), or none to let GluteRx space them"
    ),
    "not_a_time": "give a time of day as HH:MM, like 07:30 or 18:00",
    "unknown_time_zone": "{value!r} is not a time zone we know; use a name such as Europe/London or America/New_York",
    "confirm_email": "type your account's email exactly as it is, to confirm",
    "same_email": "this is your email already",
    # shaping the plan (swap, skip, move)
    "no_planned_session": "no session is planned on {day}; pick a day that has one",
    "not_in_session": "{name} is not in the session on {day}; pick one of its exercises",
    "not_swappable": "{name} is a daily habit or part of an activity day; it cannot be swapped",
    "not_an_alternative": "{name} does not fit this part of the session for you; pick one of the alternatives offered",
    "day_in_the_past": "{day} has passed; choose today or a later day",
    "day_taken": "a session is already planned on {day}; choose a free day",
    "outside_programme": "is outside your programme ({start} to {end}); choose a day within it",
    "same_day": "is the day the session is already on; choose another day",
    "no_adjustment": "you have made no change {adjustment_id} to undo",
    "already_undone": "this change was undone already",
    # a clinician's notes and locks (issue 16)
    "clinicians_change": "your clinician made this change; ask them if it should go",
    "no_note_text": "write the note your client will read beside the exercise",
    # the command line acting as an account of its store (`--as EMAIL`)
    "no_account": "no account here has this email; check it, or sign up first",
    # an exercise added to a plan, and a dose that must fit its exercise (issue 16)
    "load_unfit": "{name} is not done with {load}; choose {fits}",
    "work_unfit": "{name} is done as {measure}; give {fix}",
    "activity_day": "{day} is an activity day; add exercises to a strength session",
    "already_in_session": "{name} is already in the session on {day}; pick another exercise",
    "not_addable": "{name} does not suit this session (equipment, health or level); pick one of the exercises offered",
    "clients_change": "your client made this change; only they can take it back",
}


class _Params(dict[str, Any]):
    """str.format_map over a Problem's params: lists read as 'a, b, c'."""

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        return _listed(value) if isinstance(value, list | tuple | set | frozenset) else value


def words(problem: Problem, overrides: Mapping[str, Wording] | None = None) -> str:
    """The message for `problem` (no field name): the adapter's own wording for its code, else the catalogue's."""
    wording = (overrides or {}).get(problem.code) or CATALOGUE.get(problem.code)
    if wording is None:
        return problem.code.replace("_", " ")
    if callable(wording):
        return wording(problem.params)
    return wording.format_map(_Params(problem.params))


def line(problem: Problem, overrides: Mapping[str, Wording] | None = None, *, name: str | None = None) -> str:
    """'field: message' (or just the message for the whole request); `name` is the field as the audience knows it."""
    shown = problem.field if name is None else name
    message = words(problem, overrides)
    return f"{shown}: {message}" if shown else message


# ------------------------------------------------------------------------------------------------ from pydantic

_WHOLE = frozenset({"int_type", "int_parsing", "int_from_float", "int_parsing_size"})


def problems_from_validation(exc: ValidationError, *, model: type[BaseModel] | None = None) -> list[Problem]:
    """One Problem per pydantic error, from its loc, type and ctx (never its message text, but as a last resort).

    With `model`, an unknown field's Problem lists the fields allowed where it was found.
    """
    return [problem_from_error(err, model) for err in exc.errors()]


def _shown(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value if not isinstance(value, int) or abs(value) < 10**18 else None
    if isinstance(value, str) and len(value) <= MAX_SHOWN_VALUE:
        return value
    return None


def problem_from_error(err: Any, model: type[BaseModel] | None = None) -> Problem:
    """One pydantic error (an item of `ValidationError.errors()`) as a Problem."""
    loc = tuple(err["loc"])
    where = ".".join(str(p) for p in loc)
    kind, ctx, value = err["type"], err.get("ctx") or {}, _shown(err.get("input"))
    if kind == "extra_forbidden":
        return Problem(where, "unknown_field", {"allowed": _allowed_fields(model, loc[:-1]) if model else []})
    if kind == "missing":
        return Problem(where, "required")
    if kind in _WHOLE:
        return Problem(where, "not_whole_number", {"value": value})
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return Problem(where, "too_small", {"value": value, "minimum": bound, "inclusive": kind.endswith("equal")})
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return Problem(where, "too_large", {"value": value, "maximum": bound, "inclusive": kind.endswith("equal")})
    if kind in ("too_short", "string_too_short"):
        unit = "characters" if kind.startswith("string") else "items"
        return Problem(where, "too_short", {"min_length": ctx.get("min_length"), "unit": unit})
    if kind in ("too_long", "string_too_long"):
        unit = "characters" if kind.startswith("string") else "items"
        return Problem(where, "too_long", {"max_length": ctx.get("max_length"), "unit": unit})
    if kind in ("enum", "literal_error"):
        return Problem(where, "not_a_choice", {"value": value, "expected": ctx.get("expected", "")})
    if kind in CATALOGUE:  # a validator's PydanticCustomError with one of our codes; its ctx holds the params
        return Problem(where, kind, {k: v for k, v in ctx.items()})
    if kind == "value_error":  # a field validator's own sentence, which already names the fix
        return Problem(where, "invalid", {"reason": str(ctx.get("error", err["msg"]))})
    return Problem(where, "invalid", {"reason": str(err["msg"]), "type": kind})


def _allowed_fields(model: type[BaseModel], path: tuple[Any, ...]) -> list[str]:
    """The field names of the model found at `path` inside `model` (list indexes skipped)."""
    current: type[BaseModel] | None = model
    for step in path:
        if isinstance(step, int) or current is None:
            continue
        info = current.model_fields.get(str(step))
        current = _model_in(info.annotation) if info else None
    return list(current.model_fields) if current else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (list, Union, types.UnionType) or get_args(annotation):
        for arg in get_args(annotation):
            if found := _model_in(arg):
                return found
    return None


_Model = TypeVar("_Model", bound=BaseModel)


def validated(model: type[_Model], data: Any) -> _Model:
    """`data` (JSON as Python values) checked as `model`, or ServiceError: `not_an_object` listing the model's
    fields when it is no object, else one Problem per bad field (`problems_from_validation`)."""
    if not isinstance(data, dict):
        raise ServiceError([Problem("", "not_an_object", {"fields": list(model.model_fields)})])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ServiceError(problems_from_validation(exc, model=model)) from exc
