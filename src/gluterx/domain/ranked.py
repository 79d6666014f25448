"""Ranked: a string enum whose members are ordered as they are declared (the grades, load types, bands, urgencies,
alert levels and experience the rules compare)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Ranked"]


class Ranked(StrEnum):
    """A string enum whose order is its declaration order: `rank` is a member's place, 0 for the first one declared.

    Declare the members from least to most (or, where the enum says so, most urgent first) and compare by `rank`.
    """

    # A plain attribute of each member, set once when its enum is made: the planner and the engine read it in their
    # inner loops (a property looking it up each time made planning a programme a fifth slower).
    rank: int

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        for place, member in enumerate(cls):
            member.rank = place

    @property
    def words(self) -> str:
        """The member in words: its value with spaces for underscores ("very_high" -> "very high")."""
        return self.replace("_", " ")
