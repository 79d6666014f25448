"""The pages' words for a service's Problems: each page puts them beside its own form fields, by `field`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from gluterx.services.errors import Problem, Wording, words

PAGE_WORDS: Mapping[str, Wording] = {
    "no_programme": "There is no programme yet. Please answer the questionnaire first.",
    "no_profile": "There is no profile yet. Please answer the questionnaire first.",
    "unknown_exercise": lambda p: (
        f"We do not know the exercise {p['value']!r}"
        + (f" (did you mean {', '.join(p['close'])}?)" if p.get("close") else "; the Exercises page lists them all")
    ),
}


def page_words(problem: Problem) -> str:
    """The message, without the field's name (the page shows it beside the field)."""
    return words(problem, PAGE_WORDS)


def page_messages(problems: Iterable[Problem]) -> list[str]:
    return [page_words(p) for p in problems]


def page_errors(problems: Iterable[Problem], prefix: str = "") -> dict[str, str]:
    """Each problem's words under its form field's name (`prefix` + the field; "form" for none), for the page to
    show beside that field."""
    return {f"{prefix}{p.field or 'form'}": page_words(p) for p in problems}


__all__ = ["PAGE_WORDS", "page_errors", "page_messages", "page_words"]
