"""Personal records and milestones: each said once, at the session that set it, and never again."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from gluterx.domain.dose import Band
from gluterx.domain.milestones import (
    ExerciseDone,
    Kind,
    SessionDone,
    SetDone,
    best_set,
    milestones,
    session_count_reached,
)

DAY = date(2026, 3, 2)  # a Monday


def session(n: int, *exercises: ExerciseDone, day: date | None = None) -> SessionDone:
    return SessionDone(n, day or DAY + timedelta(days=2 * n), exercises)


def bridge(*sets: SetDone, pain: int = 0) -> ExerciseDone:
    return ExerciseDone("glute_bridge", sets, pain)


def thrust(*sets: SetDone, pain: int = 0) -> ExerciseDone:
    return ExerciseDone("hip_thrust", sets, pain)


def kinds(found: tuple[object, ...]) -> list[tuple[Kind, int]]:
    return [(m.kind, m.session_id) for m in found]  # type: ignore[attr-defined]


def test_a_first_time_sets_no_record_and_the_next_better_set_does() -> None:
    found = milestones(
        [
            session(1, thrust(SetDone(10, 20.0), SetDone(8, 20.0))),
            session(2, thrust(SetDone(10, 20.0))),  # the same again: nothing new
            session(3, thrust(SetDone(12, 20.0))),  # more reps at 20 kg
            session(4, thrust(SetDone(8, 25.0), SetDone(12, 20.0))),  # heavier: one line, not two
        ]
    )
    records = [(m.kind, m.session_id, m.best) for m in found if m.exercise_id]
    assert records == [
        (Kind.MORE_REPS, 3, SetDone(12, 20.0)),
        (Kind.HEAVIEST, 4, SetDone(8, 25.0)),
    ]


def test_holds_bands_and_body_weight() -> None:
    plank = "side_plank"
    found = milestones(
        [
            session(1, ExerciseDone(plank, (SetDone(1, hold_s=20),)), bridge(SetDone(12))),
            session(2, ExerciseDone(plank, (SetDone(1, hold_s=30),)), bridge(SetDone(12, band=Band.LIGHT))),
            session(3, bridge(SetDone(15, band=Band.LIGHT), SetDone(20, warmup=True))),
        ]
    )
    assert (Kind.LONGEST_HOLD, 2) in kinds(found)
    assert (Kind.FIRST_BAND, 2) in kinds(found)
    assert (Kind.MORE_REPS, 3) in kinds(found)  # more reps with the same band; a warm-up set never counts
    assert not any(m.kind is Kind.MORE_REPS and m.session_id == 2 for m in found)  # a new band is not "more reps"


def test_sessions_done_and_first_weight() -> None:
    history = [session(n, bridge(SetDone(10, 5.0 if n == 3 else None))) for n in range(1, 11)]
    found = milestones(history)
    assert [(m.count, m.session_id) for m in found if m.kind is Kind.SESSIONS] == [(1, 1), (5, 5), (10, 10)]
    assert [m.session_id for m in found if m.kind is Kind.FIRST_WEIGHT] == [3]
    assert session_count_reached(150) and not session_count_reached(151)


def test_a_week_without_pain_needs_a_week_of_training_two_sessions_and_every_reading_zero() -> None:
    days = [DAY + timedelta(days=d) for d in (0, 2, 4, 7, 9)]
    history = [session(i, bridge(SetDone(10), pain=0), day=d) for i, d in enumerate(days, 1)]
    found = milestones(history)
    assert [m.session_id for m in found if m.kind is Kind.PAIN_FREE_WEEK] == [4]  # day 7: a week since the first
    sore = milestones(history, pain=[(DAY + timedelta(days=5), 2)])  # a sore morning in both windows
    assert [m.session_id for m in sore if m.kind is Kind.PAIN_FREE_WEEK] == []
    some_pain = [session(i, bridge(SetDone(10), pain=1), day=d) for i, d in enumerate(days, 1)]
    assert not any(m.kind is Kind.PAIN_FREE_WEEK for m in milestones(some_pain))


def test_best_set() -> None:
    assert best_set([SetDone(12, 20.0), SetDone(8, 25.0), SetDone(10, 25.0)]) == SetDone(10, 25.0)
    assert best_set([SetDone(1, hold_s=20), SetDone(1, hold_s=45)]) == SetDone(1, hold_s=45)
    assert best_set([SetDone(15), SetDone(12, band=Band.MEDIUM)]) == SetDone(12, band=Band.MEDIUM)
    assert best_set([SetDone(10, warmup=True)]) is None


# ------------------------------------------------------------------------------------------------ properties

sets = st.builds(
    SetDone,
    reps=st.integers(0, 20),
    load_kg=st.one_of(st.none(), st.sampled_from([0.0, 5.0, 10.0, 12.5, 20.0, 40.0])),
    band=st.one_of(st.none(), st.sampled_from(list(Band))),
    hold_s=st.one_of(st.none(), st.sampled_from([10.0, 20.0, 30.0, 45.0])),
    warmup=st.booleans(),
)
exercises = st.builds(
    ExerciseDone,
    exercise_id=st.sampled_from(["glute_bridge", "hip_thrust", "side_plank"]),
    sets=st.lists(sets, max_size=4).map(tuple),
    pain_during=st.one_of(st.none(), st.integers(0, 2)),
)


@st.composite
def histories(draw: st.DrawFn) -> list[SessionDone]:
    gaps = draw(st.lists(st.integers(0, 4), min_size=1, max_size=14))
    out, day = [], DAY
    for n, gap in enumerate(gaps, 1):
        day += timedelta(days=gap)
        out.append(SessionDone(n, day, tuple(draw(st.lists(exercises, max_size=3)))))
    return out


pains = st.lists(st.tuples(st.dates(DAY, DAY + timedelta(days=60)), st.integers(0, 2)), max_size=6)


@settings(max_examples=150, deadline=None)
@given(histories(), pains)
def test_a_record_is_never_announced_twice(history: list[SessionDone], pain: list[tuple[date, int]]) -> None:
    found = milestones(history, pain)
    counts = Counter(m.key for m in found)
    assert all(n == 1 for n in counts.values()), counts
    per_session_exercise = Counter((m.session_id, m.exercise_id) for m in found if m.exercise_id)
    assert all(n == 1 for n in per_session_exercise.values())  # one calm line per exercise, at most


@settings(max_examples=150, deadline=None)
@given(histories(), pains)
def test_replaying_in_order_announces_each_record_at_the_session_that_set_it(
    history: list[SessionDone], pain: list[tuple[date, int]]
) -> None:
    """The milestones of the first k sessions are exactly the whole history's milestones of those sessions; the
    order the sessions come in does not matter."""
    whole = milestones(history, pain)
    for k in range(len(history) + 1):
        so_far = {s.session_id for s in history[:k]}
        assert milestones(history[:k], pain) == tuple(m for m in whole if m.session_id in so_far)
    assert milestones(list(reversed(history)), pain) == whole


@settings(max_examples=100, deadline=None)
@given(histories())
def test_a_record_beats_everything_before_it(history: list[SessionDone]) -> None:
    for m in milestones(history):
        if m.kind is not Kind.HEAVIEST or m.best is None:
            continue
        before = [
            s.load_kg or 0.0
            for h in history
            if (h.day, h.session_id) < (m.day, m.session_id)
            for e in h.exercises
            if e.exercise_id == m.exercise_id
            for s in e.sets
            if not s.warmup and not s.hold_s and s.reps > 0
        ]
        assert before and (m.best.load_kg or 0.0) > max(before)
