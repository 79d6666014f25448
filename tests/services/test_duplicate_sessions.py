"""The same session logged twice, on the in-memory store: idempotency keys (replay, conflict, expiry) and the same
content on the same day (asked about, stored only when the person says so); session effort and minutes stored."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gluterx.domain.exercise import Library
from gluterx.services import log_session, today
from gluterx.services.duplicates import KEY_LIFETIME, duplicate_of, request_hash
from gluterx.services.ports import ServiceError
from gluterx.services.progress import load_progress
from gluterx.services.records import LoggedExercise, LoggedSession, LoggedSet
from gluterx.services.session_input import SessionIn
from tests.fakes import FakeUnitOfWork
from tests.services.loop import START, as_due, started

NOW = datetime(2026, 1, 5, 18, tzinfo=UTC)


def _due(uow: FakeUnitOfWork, library: Library, person_id: int) -> dict:
    return as_due(today.today(uow, library, on=START, person_id=person_id))


def _stored(uow: FakeUnitOfWork, person_id: int) -> int:
    with uow:
        return len(uow.sessions.logged(person_id))


def test_the_same_key_and_body_again_gives_back_the_first_session_and_stores_no_second(library: Library) -> None:
    """A double submit with one key: one session stored, and the second answer is the first's, marked replayed."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    body = _due(uow, library, person_id)
    first = log_session.log_session(uow, library, body, person_id=person_id, idempotency_key="k-1", now=NOW)
    again = log_session.log_session(
        uow, library, copy.deepcopy(body), person_id=person_id, idempotency_key="k-1", now=NOW
    )
    assert not first.replayed and again.replayed
    assert again.session_id == first.session_id and again.sets_logged == first.sets_logged
    assert [c.next for c in again.changes] == [c.next for c in first.changes]
    assert _stored(uow, person_id) == 1


def test_the_same_key_with_another_body_is_a_conflict_naming_the_key(library: Library) -> None:
    """A key reused for different sets: refused (conflict) on the key's field, nothing more stored."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    body = _due(uow, library, person_id)
    log_session.log_session(uow, library, body, person_id=person_id, idempotency_key="k-1", now=NOW)
    other = copy.deepcopy(body)
    other["exercises"][0]["sets"][0]["reps"] = 9
    with pytest.raises(ServiceError) as caught:
        log_session.log_session(uow, library, other, person_id=person_id, idempotency_key="k-1", now=NOW)
    assert caught.value.code == "conflict"
    assert [(p.field, p.code) for p in caught.value.problems] == [("idempotency_key", "idempotency_key_reused")]
    assert _stored(uow, person_id) == 1


def test_a_key_is_forgotten_after_a_day_and_is_per_person(library: Library) -> None:
    """After KEY_LIFETIME the key logs afresh (with the duplicate allowed); another person's same key is theirs."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    body = _due(uow, library, person_id)
    log_session.log_session(uow, library, body, person_id=person_id, idempotency_key="k-1", now=NOW)
    later = NOW + KEY_LIFETIME + timedelta(seconds=1)
    fresh = log_session.log_session(
        uow, library, body, person_id=person_id, idempotency_key="k-1", allow_duplicate=True, now=later
    )
    assert not fresh.replayed and _stored(uow, person_id) == 2
    with uow:
        assert uow.idempotency.find(person_id, "k-1").session_id == fresh.session_id  # type: ignore[union-attr]
    someone = started(uow, library)
    theirs = log_session.log_session(
        uow, library, _due(uow, library, someone), person_id=someone, idempotency_key="k-1", now=NOW
    )
    assert not theirs.replayed and _stored(uow, someone) == 1


@pytest.mark.parametrize("key", ["", "a b", "x" * 201, "ключ"])
def test_a_malformed_key_is_refused_naming_the_field(library: Library, key: str) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    with pytest.raises(ServiceError) as caught:
        log_session.log_session(uow, library, _due(uow, library, person_id), person_id=person_id, idempotency_key=key)
    assert [p.code for p in caught.value.problems] == ["bad_idempotency_key"]
    assert caught.value.code == "invalid" and _stored(uow, person_id) == 0


def test_the_same_exercises_and_sets_on_the_same_day_are_asked_about_then_stored_when_allowed(library: Library) -> None:
    """Without a key, the same content that day is refused as duplicate_session naming the stored session; with
    allow_duplicate it is stored as a second session."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    body = _due(uow, library, person_id)
    first = log_session.log_session(uow, library, body, person_id=person_id)
    again = copy.deepcopy(body)
    again["notes"] = "again"  # notes, effort, pain and the order of exercises do not make it another session
    again["exercises"][0]["sets"][0]["rir"] = 1
    again["exercises"].reverse()
    with pytest.raises(ServiceError) as caught:
        log_session.log_session(uow, library, again, person_id=person_id)
    (problem,) = caught.value.problems
    assert caught.value.code == "conflict"
    assert (problem.field, problem.code) == ("allow_duplicate", "duplicate_session")
    assert problem.params["session_id"] == first.session_id and problem.params["date"] == START.isoformat()
    assert _stored(uow, person_id) == 1
    second = log_session.log_session(uow, library, again, person_id=person_id, allow_duplicate=True)
    assert second.session_id != first.session_id and _stored(uow, person_id) == 2


def test_different_sets_or_another_day_are_not_duplicates(library: Library) -> None:
    """One more rep, or the same sets a day later: stored without asking."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    body = _due(uow, library, person_id)
    log_session.log_session(uow, library, body, person_id=person_id)
    more = copy.deepcopy(body)
    more["exercises"][-1]["sets"][-1]["reps"] += 1
    log_session.log_session(uow, library, more, person_id=person_id)
    later = copy.deepcopy(body)
    later["date"] = (START + timedelta(days=1)).isoformat()
    log_session.log_session(uow, library, later, person_id=person_id)
    assert _stored(uow, person_id) == 3


def test_session_effort_and_minutes_are_stored_and_make_the_training_load(library: Library) -> None:
    """session_rpe 6 over 40 minutes: stored as 6 and 2400 s, and the week's load is 6 x 40 = 240 (foster2001);
    a session rated 0 (rest) counts 0, not the sets' average effort."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    body = _due(uow, library, person_id) | {"session_rpe": 6, "duration_min": 40}
    outcome = log_session.log_session(uow, library, body, person_id=person_id)
    with uow:
        (stored,) = uow.sessions.logged(person_id, session_id=outcome.session_id)
    assert (stored.session_rpe, stored.duration_s) == (6, 2400)
    rested = copy.deepcopy(body) | {"date": (START + timedelta(days=1)).isoformat(), "session_rpe": 0}
    log_session.log_session(uow, library, rested, person_id=person_id)
    load = load_progress(uow, library, today=START + timedelta(days=2), person_id=person_id).analysis.load
    assert load is not None and load.weeks[-1].load == pytest.approx(240)
    assert load.weeks[-1].unrated == 0


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [("session_rpe", 11, "too_large"), ("session_rpe", -1, "too_small"), ("duration_min", 0, "too_small"),
     ("duration_min", 601, "too_large"), ("duration_min", 30.5, "not_whole_number"), ("session_rpe", "6", "invalid")],
)  # fmt: skip
def test_a_bad_effort_or_duration_names_its_field_and_stores_nothing(
    library: Library, field: str, value: object, code: str
) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    with pytest.raises(ServiceError) as caught:
        log_session.log_session(uow, library, _due(uow, library, person_id) | {field: value}, person_id=person_id)
    assert [(p.field, p.code) for p in caught.value.problems] == [(field, code)]
    assert _stored(uow, person_id) == 0


# ------------------------------------------------------------------------------------------------ properties

_SETS = st.lists(
    st.fixed_dictionaries(
        {"reps": st.integers(0, 30)},
        optional={"load_kg": st.sampled_from([2.5, 10.0, 22.5]), "rir": st.integers(0, 5)},
    ),
    min_size=1,
    max_size=4,
)
_SESSIONS = st.lists(
    st.fixed_dictionaries({"exercise_id": st.sampled_from(["glute_bridge", "clamshell", "hip_thrust"]), "sets": _SETS}),
    min_size=1,
    max_size=4,
).map(lambda exercises: {"date": "2026-01-05", "exercises": exercises})


def _as_stored(body: dict, session_id: int = 1) -> LoggedSession:
    exercises = [
        LoggedExercise(
            e["exercise_id"],
            0,
            [],
            [LoggedSet(s["reps"], s.get("load_kg"), "kg", None, None, None, None, None, False) for s in e["sets"]],
        )
        for e in body["exercises"]
    ]
    return LoggedSession(session_id, START, "", None, None, "gluterx", None, NOW, None, exercises)


@given(_SESSIONS, st.randoms(use_true_random=False))
def test_a_session_stored_then_sent_again_in_any_order_is_its_duplicate(body: dict, rnd) -> None:  # type: ignore[no-untyped-def]
    """Whatever the sets, the same session with its exercises shuffled (and new notes) is found as the stored one;
    and its request hash does not depend on the order of the JSON's keys."""
    session = SessionIn.model_validate(body)
    shuffled = copy.deepcopy(body)
    rnd.shuffle(shuffled["exercises"])
    again = SessionIn.model_validate(shuffled | {"notes": "again"})
    assert duplicate_of(again, [_as_stored(body)]) is not None
    reordered = SessionIn.model_validate(dict(reversed(list(body.items()))))
    assert request_hash(reordered) == request_hash(session)


@given(_SESSIONS)
def test_one_more_rep_anywhere_is_not_a_duplicate(body: dict) -> None:
    changed = copy.deepcopy(body)
    changed["exercises"][-1]["sets"][-1]["reps"] += 1
    assert duplicate_of(SessionIn.model_validate(changed), [_as_stored(body)]) is None
