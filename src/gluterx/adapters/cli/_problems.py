"""The command line's words for a service's Problems: it names the flag or the file field, and the command to run.

Imported only when something failed, so a command that works never loads it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NoReturn

from rich.markup import escape

from gluterx.domain.profile import Goal
from gluterx.services.errors import Problem, ServiceError, Wording, line

from ._common import fail

CLI_WORDS: Mapping[str, Wording] = {
    "no_programme": "no programme yet: start one with `gluterx start --profile PROFILE.json`",
    "no_profile": "no profile yet: write one with `gluterx init`, then run `gluterx start --profile PROFILE.json`",
    "unknown_exercise": lambda p: (
        f"unknown exercise {p['value']!r} (did you mean {', '.join(p['close'])}?)"
        if p.get("close")
        else f"unknown exercise {p['value']!r}; `gluterx exercises` lists the ids"
    ),
    "unknown_flags": lambda p: (
        f"unknown flag id(s) {', '.join(p['values'])}; `gluterx screening flags` lists the {p['count']} ids"
    ),
    "unknown_condition": lambda p: (
        f"unknown condition {p['value']!r}; `gluterx screening conditions` lists the ids"
        if p.get("value") is not None
        else "give the condition's id first; `gluterx screening conditions` lists the ids"
    ),
    "store_not_empty": "the store already holds data; add --replace to replace it with the backup",
    "duplicate_session": (
        "you already logged this session on {date}, with the same exercises and sets; add --allow-duplicate to log "
        "it again"
    ),
    "no_goal": lambda _p: (
        f"choose at least one goal, e.g. --goal pain_relief (the goals: {', '.join(g.value for g in Goal)})"
    ),
    "unanswered": lambda p: (
        "give --flag ID for each screening question you answer yes to (`gluterx screening flags` lists them), "
        "or --no-red-flags if none applies; nothing is assumed"
        if p.get("what") == "screening"
        else "give --condition ID[:FIELD=VALUE,...] for each health condition you have (`gluterx screening "
        "conditions` lists them), or --no-conditions if none applies; nothing is assumed"
    ),
    # care (gluterx care / gluterx clinician)
    "not_a_clinician": (
        "this is for trainers and physiotherapists: set up first with `gluterx clinician setup --role trainer` "
        "(or physiotherapist), or choose your clinician account with --as EMAIL"
    ),
    "no_alert": "there is no such open alert today; `gluterx clinician client ID` lists the client's alerts",
    "no_grant": "you have no such sharing to end (it may have ended already); `gluterx care list` shows yours",
    "no_clinician": "nobody can read messages here yet: `gluterx care invite` makes a code for your clinician",
    "no_account": (
        "no account in this database has this email; check it, or leave --as out to act as the local person"
    ),
    "invitation_for_clinician": (
        "this code is for a trainer or physiotherapist to accept, with `gluterx clinician accept CODE`"
    ),
    "no_practice_invitation": (
        "there is no such invitation to a practice for your account's email; `gluterx clinician practice "
        "invitations` lists yours"
    ),
    "no_sent_practice_invitation": (
        "your practice has no such pending invitation (it may have been accepted or declined); `gluterx clinician "
        "practice invitations` lists them"
    ),
}
# The options of `gluterx init` that fill each PROFILE.json field.
INIT_FLAGS = {
    "age": "--age",
    "goals": "--goal",
    "pain": "--pain",
    "red_flags": "--flag",
    "conditions": "--condition",
    "sitting_hours_per_day": "--sitting-hours",
    "experience": "--experience",
    "equipment": "--equipment",
    "sessions_per_week": "--sessions",
    "minutes_per_session": "--minutes",
    "weeks": "--weeks",
    "body_mass_kg": "--body-mass",
}


def cli_name(field: str, flags: Mapping[str, str] | None = None) -> str:
    """The field as the person typed it: its flag (`--pain`; `--pain #1 intensity` for a part of the first one),
    else the file's own dotted path."""
    head, *rest = field.split(".")
    flag = (flags or {}).get(head)
    if flag is None:
        return field
    if rest and rest[0].isdigit():
        rest[0] = f"#{int(rest[0]) + 1}"
    return " ".join([flag, *rest])


def cli_line(problem: Problem, flags: Mapping[str, str] | None = None) -> str:
    """One problem as the CLI prints it, Rich markup escaped."""
    return escape(line(problem, CLI_WORDS, name=cli_name(problem.field, flags)))


def fail_problems(
    problems: Sequence[Problem], *, flags: Mapping[str, str] | None = None, heading: str | None = None
) -> NoReturn:
    """Exit 2 with every problem: one alone on the error line; several under `heading` (default 'N problems:')."""
    lines = [cli_line(p, flags) for p in problems]
    if heading is None and len(lines) == 1:
        fail(lines[0])
    fail(heading or f"{len(lines)} problems:", hints=lines)


def fail_headline(exc: ServiceError) -> NoReturn:
    """Exit 2 with the first problem as the error line and the rest as hints (an import's row errors)."""
    lines = [cli_line(p) for p in exc.problems]
    fail(lines[0], hints=lines[1:])


__all__ = ["CLI_WORDS", "INIT_FLAGS", "cli_line", "cli_name", "fail_headline", "fail_problems"]
