"""Ranked: a string enum whose members are ordered as they are declared (the grades, load types, bands, urgencies,
alert levels and experience the rules compare)."""

from __future__ import annotations

from enum import StrEnum
from functools import cache

__all__ = ["Ranked"]


class Ranked(StrEnum):
    """A string enum whose order is its declaration order: `rank` is a member's place, 0 for the first one declared.

    Declare the members from least to most (or, where the enum says so, most urgent first) and compare by `rank`.
    """

    @property
    def rank(self) -> int:
        return _ranks(type(self))[self]


@cache
def _ranks(kind: type[Ranked]) -> dict[Ranked, int]:
    return {member: i for i, member in enumerate(kind)}
