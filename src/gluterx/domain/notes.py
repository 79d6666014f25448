"""Said once: the sentences several exercises of one session share, lifted out of each exercise's own words.

A session's reasons are written one exercise at a time (the planner's reason, the engine's word after the last
session), so a phase's rule ("Bodyweight first: ...") or the same outcome for several exercises is written into
each. Shown one after another, a person reads it again and again. `said_once` returns what each exercise's reason
says that no other exercise of the session says, and the shared sentences once, with the exercises they are about.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from gluterx.domain.said import Reason, Said

__all__ = ["SaidOnce", "SharedNote", "said_once", "sentences_of"]

# A sentence ends with . ! or ? followed by a space and a capital letter or a digit (not "e.g. the", not "2.5 kg").
# For people's own words only (an exercise's how-to in the library): what GluteRx says is already sentences.
_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class SharedNote:
    """A sentence said of several exercises of the session: `names` are their display names (every exercise of the
    session when `every` is true)."""

    said: Said
    names: tuple[str, ...]
    every: bool


@dataclass(frozen=True, slots=True)
class SaidOnce:
    shared: tuple[SharedNote, ...] = ()  # in the order first said
    own: tuple[Reason, ...] = ()  # each exercise's reason without the shared sentences, in the items' order


def sentences_of(text: str) -> tuple[str, ...]:
    """A person's text (the library's how-to) in sentences."""
    return tuple(s.strip() for s in _BREAK.split(text.strip()) if s.strip())


def said_once(items: Sequence[tuple[str, Reason]]) -> SaidOnce:
    """`items` are (display name, reason) in the session's order; sentences are the same when they are equal values
    (the same code and parameters), so they read the same in any unit."""
    count: dict[Said, list[int]] = {}
    for index, (_, reason) in enumerate(items):
        for sentence in dict.fromkeys(reason.parts):
            count.setdefault(sentence, []).append(index)
    shared = tuple(
        SharedNote(sentence, tuple(dict.fromkeys(items[i][0] for i in where)), len(where) == len(items))
        for sentence, where in count.items()
        if len(where) > 1
    )
    lifted = {n.said for n in shared}
    own = tuple(Reason(tuple(s for s in reason.parts if s not in lifted)) for _, reason in items)
    return SaidOnce(shared, own)
