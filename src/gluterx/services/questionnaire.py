"""The questionnaire's own rules, beyond what a PROFILE.json may say: a person answering it chooses at least one goal,
and answers the screening and health questions rather than having them assumed. (A PROFILE.json written by hand or
by another program may leave goals empty; a person filling in the questionnaire may not skip the step.)

The web's onboarding and `gluterx init` both check their answers here before anything is written or stored."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gluterx.services.errors import Problem

__all__ = ["answer_problems"]


def answer_problems(
    data: Mapping[str, Any], *, red_flags_answered: bool = True, conditions_answered: bool = True
) -> list[Problem]:
    """What the answers leave out: no goal chosen (`goals`, `no_goal`); the screening questions (`red_flags`) or the
    health-condition questions (`conditions`) not answered either way (`unanswered`). The two `*_answered` say whether
    the person answered a question whose empty answer would otherwise read as 'none' (a form always answers them)."""
    problems: list[Problem] = []
    if not data.get("goals"):
        problems.append(Problem("goals", "no_goal"))
    if not red_flags_answered:
        problems.append(Problem("red_flags", "unanswered", {"what": "screening"}))
    if not conditions_answered:
        problems.append(Problem("conditions", "unanswered", {"what": "health-condition"}))
    return problems
