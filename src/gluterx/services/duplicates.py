"""The same session logged twice: a repeated request (one idempotency key) or the same content on the same day.

A client may send a key with a logged session (the API's Idempotency-Key header; the workout player's form holds
one): the same key with the same body gives back the session it stored, the same key with another body is refused.
Apart from keys, a session on a day that already holds one with the same exercises and sets is not stored silently:
the log use case refuses it (code `duplicate_session`) until the person says to log it again.
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Iterable
from datetime import timedelta

from gluterx.domain.units import LB_TO_KG
from gluterx.services.errors import Problem, ServiceError
from gluterx.services.records import LoggedSession
from gluterx.services.session_input import SessionIn

__all__ = [
    "KEY_FIELD",
    "KEY_LIFETIME",
    "KEY_PATTERN",
    "MAX_KEY_LENGTH",
    "check_key",
    "duplicate_of",
    "request_hash",
    "same_content",
]

# How long a key is remembered: a day covers a retry, a double tap and a phone that resends after a lost connection;
# a key older than that is forgotten and sent again logs afresh (gluterx_policy; Stripe keeps its keys 24 hours).
KEY_LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 200
KEY_FIELD = "idempotency_key"  # the field a key's problems name; the API says its header's name instead
_KEY_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-_.:~+/=")
KEY_PATTERN = rf"^[A-Za-z0-9\-_.:~+/=]{{1,{MAX_KEY_LENGTH}}}$"  # the same rule, for a schema

Content = tuple[tuple[str, tuple[tuple[int, float | None, str | None], ...]], ...]


def check_key(key: str) -> str:
    """The key as sent, or ServiceError naming the field: 1 to 200 visible ASCII characters (a UUID fits)."""
    if not key or len(key) > MAX_KEY_LENGTH or not set(key) <= _KEY_CHARACTERS:
        raise ServiceError([Problem(KEY_FIELD, "bad_idempotency_key", {"max_length": MAX_KEY_LENGTH})])
    return key


def request_hash(session: SessionIn) -> str:
    """The body's fingerprint, the same for the same session however its JSON was spaced or ordered."""
    return hashlib.sha256(session.model_dump_json().encode()).hexdigest()


def _kg(load: float | None, unit: str = "kg") -> float | None:
    if load is None:
        return None
    return round(load * LB_TO_KG if unit == "lb" else load, 2)


def _content_of_input(session: SessionIn) -> Content:
    exercises = ((ex.exercise_id, tuple((s.reps, _kg(s.load_kg), s.band) for s in ex.sets)) for ex in session.exercises)
    return tuple(sorted(exercises, key=repr))


def _content_of_stored(stored: LoggedSession) -> Content:
    exercises = (
        (ex.exercise_id, tuple((s.reps, _kg(s.load, s.unit), s.band) for s in ex.sets if not s.warmup))
        for ex in stored.exercises
    )
    return tuple(sorted(exercises, key=repr))


def same_content(session: SessionIn, stored: LoggedSession) -> bool:
    """The same day, the same exercises and the same sets (reps, weight, band), in any order of exercises: how hard
    each felt, the pain, the notes and the timings may differ and it is still the same session logged again."""
    return stored.date == session.date and _content_of_input(session) == _content_of_stored(stored)


def duplicate_of(session: SessionIn, stored: Iterable[LoggedSession]) -> LoggedSession | None:
    """The session already stored that `session` repeats, if any (the newest when several)."""
    mine = _content_of_input(session)
    found = [s for s in stored if s.date == session.date and _content_of_stored(s) == mine]
    return found[-1] if found else None
