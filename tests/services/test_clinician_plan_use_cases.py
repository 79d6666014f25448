"""services.clinician_plan on the in-memory store (issue 16): a clinician swaps and skips a client's items through the
client's own use cases, as the author, with a reason; refused without an accepted grant, after revoking, and for a
person who is not a clinician."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from gluterx.domain.dose import Load, RepRange, Tempo
from gluterx.domain.exercise import Library
from gluterx.domain.planner.adjustments import AuthorKind, Scope
from gluterx.services import clinician_plan, clinicians, plan_changes, programme, today
from gluterx.services.ports import ServiceError
from tests.fakes import FakeUnitOfWork
from tests.services.loop import START, log_due, started
from tests.services.test_clinicians_use_cases import clinician, connect, person

WHEN = datetime(2026, 1, 5, 8, tzinfo=UTC)


def _swappable(uow: FakeUnitOfWork, library: Library, doc: int, client: int) -> tuple[str, str]:
    plan = today.today(uow, library, on=START, person_id=client)
    for item in plan.items:
        try:
            found = clinician_plan.client_swap_choices(
                uow, library, person_id=doc, client_id=client, on=START, exercise_id=item.exercise_id
            )
        except ServiceError:
            continue
        if found.alternatives:
            return item.exercise_id, found.alternatives[0].exercise_id
    raise AssertionError("no swappable item with an alternative")


def test_a_clinicians_swap_is_the_clients_change_by_the_clinician_with_why(library: Library) -> None:
    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    client = started(uow, library)
    connect(uow, doc, client)
    old, new = _swappable(uow, library, doc, client)
    note = clinician_plan.client_swap(
        uow, library, person_id=doc, client_id=client, on=START, exercise_id=old, to=new, today=START,
        reason="kinder to the hip for now", at=WHEN,
    )  # fmt: skip
    assert not note.by_you and note.author.kind is AuthorKind.CLINICIAN and note.author.id == doc
    ids = [i.exercise_id for i in today.today(uow, library, on=START, person_id=client).items]
    assert new in ids and old not in ids
    log = plan_changes.plan_changes(uow, library, person_id=client, today=START).entries
    assert [(e.author_name, e.reason, e.by_you) for e in log] == [("Dr Rowe", "kinder to the hip for now", False)]
    # Today's note for that day names the clinician too
    assert [c.author_name for c in today.today(uow, library, on=START, person_id=client).changes] == ["Dr Rowe"]


def test_a_clinicians_skip_leaves_the_item_out_and_a_reason_is_required(library: Library) -> None:
    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    client = started(uow, library)
    connect(uow, doc, client)
    first = today.today(uow, library, on=START, person_id=client).items[0].exercise_id
    with pytest.raises(ServiceError) as no_reason:
        clinician_plan.client_skip_item(
            uow, library, person_id=doc, client_id=client, on=START, exercise_id=first, today=START, reason="  "
        )
    assert [(p.field, p.code) for p in no_reason.value.problems] == [("reason", "required")]
    clinician_plan.client_skip_item(
        uow, library, person_id=doc, client_id=client, on=START, exercise_id=first, today=START, reason="rest it"
    )
    assert first not in [i.exercise_id for i in today.today(uow, library, on=START, person_id=client).items]
    prog = programme.programme(uow, library, person_id=client, today=START)
    assert any(c.author_name == "Dr Rowe" for w in prog.weeks for s in w.sessions for c in s.changes)


def test_no_grant_a_revoked_grant_or_no_clinician_is_refused_and_nothing_is_written(library: Library) -> None:
    uow = FakeUnitOfWork()
    doc, stranger = clinician(uow, "Dr Rowe"), clinician(uow, "Dr Other")
    plain = person(uow, "Not a clinician")
    client = started(uow, library)
    first = today.today(uow, library, on=START, person_id=client).items[0].exercise_id
    common = {"client_id": client, "on": START, "exercise_id": first, "today": START, "reason": "why"}
    with pytest.raises(ServiceError) as before:  # invited but never accepted
        clinicians.clinician_invite(uow, person_id=doc, now=WHEN)
        clinician_plan.client_skip_item(uow, library, person_id=doc, **common)
    assert before.value.code == "missing"
    grant = connect(uow, doc, client)
    with pytest.raises(ServiceError) as other:
        clinician_plan.client_skip_item(uow, library, person_id=stranger, **common)
    assert other.value.code == "missing"
    with pytest.raises(ServiceError) as not_one:
        clinician_plan.client_skip_item(uow, library, person_id=plain, **common)
    assert not_one.value.code == "forbidden"
    clinicians.revoke_grant(uow, person_id=client, grant_id=grant, now=WHEN)
    with pytest.raises(ServiceError) as revoked:
        clinician_plan.client_skip_item(uow, library, person_id=doc, **common)
    assert revoked.value.code == "missing"
    with pytest.raises(ServiceError) as choices:
        clinician_plan.client_swap_choices(uow, library, person_id=doc, client_id=client, on=START, exercise_id=first)
    assert choices.value.code == "missing"
    assert plan_changes.plan_changes(uow, library, person_id=client, today=START).entries == ()


def test_a_clinicians_note_is_read_beside_the_exercise_and_the_person_cannot_take_it_back(library: Library) -> None:
    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    client = started(uow, library)
    connect(uow, doc, client)
    first = today.today(uow, library, on=START, person_id=client).items[0].exercise_id
    with pytest.raises(ServiceError) as empty:
        clinician_plan.client_note(uow, library, person_id=doc, client_id=client, on=START, exercise_id=first,
                                   text="  ", today=START)  # fmt: skip
    assert [(p.field, p.code) for p in empty.value.problems] == [("text", "no_note_text")]
    made = clinician_plan.client_note(uow, library, person_id=doc, client_id=client, on=START, exercise_id=first,
                                      text="Squeeze at the top", today=START)  # fmt: skip
    notes = [c for c in today.today(uow, library, on=START, person_id=client).changes if c.kind == "item_note"]
    assert [(c.exercise_id, c.note, c.author_name) for c in notes] == [(first, "Squeeze at the top", "Dr Rowe")]
    assert not notes[0].undoable
    with pytest.raises(ServiceError) as refused:
        plan_changes.undo(uow, library, person_id=client, adjustment_id=made.id)
    assert refused.value.code == "forbidden"
    state = clinician_plan.client_item_state(uow, person_id=doc, client_id=client, on=START, exercise_id=first)
    assert state.notes == ("Squeeze at the top",) and not state.locked


def test_the_engine_keeps_a_locked_items_dose_and_steps_it_up_again_when_allowed(library: Library) -> None:
    def next_for(lock: bool | None) -> list[str]:
        uow = FakeUnitOfWork()
        doc = clinician(uow, "Dr Rowe")
        client = started(uow, library)
        connect(uow, doc, client)
        ids = [i.exercise_id for i in today.today(uow, library, on=START, person_id=client).items]
        if lock is not None:
            for ex in ids:
                clinician_plan.client_lock(uow, library, person_id=doc, client_id=client, on=START, exercise_id=ex,
                                           locked=True, today=START, reason="hold for now")  # fmt: skip
            if lock is False:
                for ex in ids:
                    clinician_plan.client_lock(uow, library, person_id=doc, client_id=client, on=START,
                                               exercise_id=ex, locked=False, today=START, reason="go on")  # fmt: skip
        outcome = log_due(uow, library, client, START, reps=30, rir=4)
        return [c.action for c in outcome.changes]

    free, held, allowed = next_for(None), next_for(True), next_for(False)
    assert any(a in ("progress_reps", "progress_load", "progress_band", "confirm") for a in free)
    stepping = [n for n, a in enumerate(free) if a in ("progress_reps", "progress_load", "progress_band", "confirm")]
    assert all(held[n] == "hold" for n in stepping)
    assert allowed == free


def _first_item(uow: FakeUnitOfWork, library: Library, client: int) -> today.SessionItem:
    return today.today(uow, library, on=START, person_id=client).items[0]


def test_a_set_dose_shows_on_today_and_in_the_change_log_in_the_clients_words(library: Library) -> None:
    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    client = started(uow, library)
    connect(uow, doc, client)
    item = _first_item(uow, library, client)
    parts = plan_changes.DoseParts(sets=3, reps_low=8, reps_high=10, load_kind="kg", kg=20, rest_s=90,
                                   tempo_up=2, tempo_squeeze=1, tempo_down=2)  # fmt: skip
    with pytest.raises(ServiceError) as unfit:  # a weight on a bodyweight exercise
        clinician_plan.client_set_dose(uow, library, person_id=doc, client_id=client, on=START,
                                       exercise_id=item.exercise_id, parts=parts, today=START, reason="")  # fmt: skip
    assert [(p.field, p.code) for p in unfit.value.problems] == [("load_kind", "load_unfit"), ("reason", "required")]
    parts = replace(parts, load_kind="bodyweight", kg=None)
    made = clinician_plan.client_set_dose(uow, library, person_id=doc, client_id=client, on=START,
                                          exercise_id=item.exercise_id, parts=parts, today=START,
                                          reason="ready for more")  # fmt: skip
    shown = _first_item(uow, library, client)
    assert (shown.dose.sets, shown.dose.work, shown.dose.load, shown.dose.rest_s) == (
        3, RepRange(8, 10), Load.bodyweight(), 90
    )  # fmt: skip
    assert shown.dose.tempo == Tempo(2, 1, 2)
    assert (
        made.words.startswith(
            f"{item.name} set to 3 × 8-10 per side, bodyweight, tempo 2-1-2 (2 s up, 1 s squeeze, 2 s down), "
            "from Mon 5 Jan on"
        )
        and made.author_name == "Dr Rowe"
    )
    assert not made.undoable
    with pytest.raises(ServiceError) as refused:
        plan_changes.undo(uow, library, person_id=client, adjustment_id=made.id)
    assert refused.value.code == "forbidden"
    log = plan_changes.plan_changes(uow, library, person_id=client, today=START).entries
    assert [(e.kind, e.author_name, e.reason) for e in log] == [("set_dose", "Dr Rowe", "ready for more")]


def test_a_bad_dose_names_every_field_and_nothing_is_written(library: Library) -> None:
    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    client = started(uow, library)
    connect(uow, doc, client)
    item = _first_item(uow, library, client)
    bad = plan_changes.DoseParts(sets=11, reps_low=10, reps_high=8, load_kind="band", band="purple", rest_s=601,
                                 tempo_up=0, tempo_squeeze=1, tempo_down=2)  # fmt: skip
    with pytest.raises(ServiceError) as wrong:
        clinician_plan.client_set_dose(uow, library, person_id=doc, client_id=client, on=START,
                                       exercise_id=item.exercise_id, parts=bad, today=START, reason="r")  # fmt: skip
    assert [(p.field, p.code) for p in wrong.value.problems] == [
        ("sets", "too_large"), ("reps_high", "too_small"), ("band", "not_a_choice"), ("rest_s", "too_large"),
        ("tempo_up", "too_small"),
    ]  # fmt: skip
    with pytest.raises(ServiceError) as no_kg:
        plan_changes.dose_of(plan_changes.DoseParts(sets=0, hold_s=0, load_kind="kg", kg=None))
    assert [(p.field, p.code) for p in no_kg.value.problems] == [("sets", "too_small"), ("hold_s", "too_small"),
                                                                 ("kg", "required")]  # fmt: skip
    with pytest.raises(ServiceError) as heavy:
        plan_changes.dose_of(plan_changes.DoseParts(sets=2, reps_low=5, load_kind="kg", kg=5000))
    assert [(p.field, p.code) for p in heavy.value.problems] == [("kg", "too_large")]
    assert plan_changes.plan_changes(uow, library, person_id=client, today=START).entries == ()


def test_a_set_dose_is_refused_without_a_grant(library: Library) -> None:
    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    client = started(uow, library)
    item = _first_item(uow, library, client)
    parts = plan_changes.DoseParts(sets=2, reps_low=8, reps_high=10)
    with pytest.raises(ServiceError) as refused:
        clinician_plan.client_set_dose(uow, library, person_id=doc, client_id=client, on=START,
                                       exercise_id=item.exercise_id, parts=parts, today=START, reason="r")  # fmt: skip
    assert refused.value.code == "missing"
    assert plan_changes.plan_changes(uow, library, person_id=client, today=START).entries == ()
    assert _first_item(uow, library, client).dose == item.dose


def _next_with(
    uow: FakeUnitOfWork, library: Library, client: int, after: date, exercise_id: str | None
) -> tuple[date, today.SessionItem]:
    """The next day after `after` whose strength session has a carried item (`exercise_id`'s, or any), and that item."""
    for n in range(1, 30):
        day = after + timedelta(days=n)
        plan = today.today(uow, library, on=day, person_id=client)
        for i in () if plan.optional else plan.items:
            if i.exercise_id == exercise_id or (exercise_id is None and i.carried):
                return day, i
    raise AssertionError("no later session with it")


def test_the_engine_steps_on_from_the_set_dose_once_it_is_done(library: Library) -> None:
    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    client = started(uow, library)
    connect(uow, doc, client)
    log_due(uow, library, client, START, reps=30, rir=4)  # the engine's word before the clinician's
    nxt, item = _next_with(uow, library, client, START, None)
    parts = plan_changes.DoseParts(sets=2, reps_low=6, reps_high=8, rest_s=45)
    clinician_plan.client_set_dose(uow, library, person_id=doc, client_id=client, on=nxt,
                                   exercise_id=item.exercise_id, parts=parts, today=START, reason="r")  # fmt: skip
    _, before = _next_with(uow, library, client, nxt - timedelta(days=1), item.exercise_id)
    assert (before.dose.sets, before.dose.work, before.dose.rest_s) == (2, RepRange(6, 8), 45)
    assert before.dose.load == Load.bodyweight() and not before.carried  # the engine's earlier word gives way
    prog = programme.programme(uow, library, person_id=client, today=START)
    listed = [i for w in prog.weeks for x in w.sessions if x.date == nxt for i in x.items]
    assert [i.dose for i in listed if i.exercise_id == item.exercise_id] == [before.dose]  # the programme page too
    outcome = log_due(uow, library, client, nxt, reps=30, rir=4)
    word = next(c for c in outcome.changes if c.exercise_id == item.exercise_id)
    later, after = _next_with(uow, library, client, nxt, item.exercise_id)
    assert after.carried  # the engine's word again, which stepped on from the set dose
    assert (after.dose.sets, after.dose.rest_s) == (2, 45)
    assert word.next.dose.work == RepRange(6, 8) != item.dose.work  # its word starts from the set dose
    steps = log_due(uow, library, client, later, reps=30, rir=4)
    stepped = next(c for c in steps.changes if c.exercise_id == item.exercise_id)
    assert stepped.action.startswith("progress") and stepped.next.dose != before.dose  # and steps on from it
    _, then = _next_with(uow, library, client, later, item.exercise_id)
    assert then.carried and then.dose.rest_s == 45


def test_a_clinicians_addition_joins_the_session_and_the_engine_follows_it(library: Library) -> None:
    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    client = started(uow, library)
    planned = [i.exercise_id for i in today.today(uow, library, on=START, person_id=client).items]
    with pytest.raises(ServiceError) as no_grant:
        clinician_plan.client_add_choices(uow, library, person_id=doc, client_id=client, on=START)
    assert no_grant.value.code == "missing"
    connect(uow, doc, client)
    found = clinician_plan.client_add_choices(uow, library, person_id=doc, client_id=client, on=START)
    assert found.choices and not {a.exercise_id for a in found.choices} & set(planned)
    pick = found.choices[0]
    with pytest.raises(ServiceError) as why:
        clinician_plan.client_add(uow, library, person_id=doc, client_id=client, on=START,
                                  exercise_id=pick.exercise_id, today=START)  # fmt: skip
    assert [(p.field, p.code) for p in why.value.problems] == [("reason", "required")]
    for bad, code in ((planned[0], "already_in_session"), ("hip_thrust", "not_addable"),
                      ("hip_thurst", "unknown_exercise")):  # fmt: skip
        with pytest.raises(ServiceError) as refused:
            clinician_plan.client_add(uow, library, person_id=doc, client_id=client, on=START, exercise_id=bad,
                                      today=START, reason="r")  # fmt: skip
        assert [p.code for p in refused.value.problems] == [code]
    with pytest.raises(ServiceError) as past:
        clinician_plan.client_add(uow, library, person_id=doc, client_id=client, on=START,
                                  exercise_id=pick.exercise_id, today=START + timedelta(days=1), reason="r")  # fmt: skip
    assert [p.code for p in past.value.problems] == ["day_in_the_past"]
    assert plan_changes.plan_changes(uow, library, person_id=client, today=START).entries == ()
    made = clinician_plan.client_add(uow, library, person_id=doc, client_id=client, on=START,
                                     exercise_id=pick.exercise_id, today=START, reason="more hip work", at=WHEN)  # fmt: skip
    assert made.kind == "add_item" and made.author_name == "Dr Rowe" and not made.undoable
    assert made.words == f"{pick.name} added, from Mon 5 Jan on"
    due = today.today(uow, library, on=START, person_id=client)
    assert [i.exercise_id for i in due.items if i.exercise_id != pick.exercise_id] == planned
    added = next(i for i in due.items if i.exercise_id == pick.exercise_id)
    assert added.dose == pick.dose and not added.carried
    assert [c.kind for c in due.changes] == ["add_item"]  # Today says who added it and why
    outcome = log_due(uow, library, client, START, reps=30, rir=4)  # logged as shown, the added one too
    assert any(c.exercise_id == pick.exercise_id for c in outcome.changes)  # the engine's word for it
    nxt, later = _next_with(uow, library, client, START, pick.exercise_id)
    assert later.carried  # the next session with it follows its own history
    with pytest.raises(ServiceError) as theirs:
        plan_changes.undo(uow, library, person_id=client, adjustment_id=made.id)
    assert theirs.value.code == "forbidden"
    back = clinician_plan.client_undo(uow, library, person_id=doc, client_id=client, adjustment_id=made.id,
                                      reason="too much for now")  # fmt: skip
    assert back.words.startswith(f"Took back: {pick.name} added") and back.author_name == "Dr Rowe"
    assert all(i.exercise_id != pick.exercise_id for i in today.today(uow, library, on=nxt, person_id=client).items)


def test_an_addition_at_a_set_dose_is_checked_against_the_exercise(library: Library) -> None:
    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    client = started(uow, library)
    connect(uow, doc, client)
    found = clinician_plan.client_add_choices(uow, library, person_id=doc, client_id=client, on=START)
    reps = next(a for a in found.choices if library.get(a.exercise_id).dose.value == "reps")
    hold = plan_changes.DoseParts(sets=2, hold_s=30, load_kind="band", band="light")
    with pytest.raises(ServiceError) as unfit:
        clinician_plan.client_add(uow, library, person_id=doc, client_id=client, on=START,
                                  exercise_id=reps.exercise_id, today=START, parts=hold, reason="r")  # fmt: skip
    assert {(p.field, p.code) for p in unfit.value.problems} == {("load_kind", "load_unfit"), ("hold_s", "work_unfit")}
    good = plan_changes.DoseParts(sets=2, reps_low=6, reps_high=8, rest_s=30)
    made = clinician_plan.client_add(uow, library, person_id=doc, client_id=client, on=START,
                                     exercise_id=reps.exercise_id, today=START, parts=good, reason="r",
                                     scope=Scope.ONCE)  # fmt: skip
    assert made.words.startswith(f"{reps.name} added at 2 × 6-8") and made.words.endswith(", to that session only")
    shown = next(i for i in today.today(uow, library, on=START, person_id=client).items
                 if i.exercise_id == reps.exercise_id)  # fmt: skip
    assert (shown.dose.sets, shown.dose.work, shown.dose.rest_s) == (2, RepRange(6, 8), 30)


def test_a_clinician_takes_back_only_a_clinicians_change(library: Library) -> None:
    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    client = started(uow, library)
    connect(uow, doc, client)
    item = _first_item(uow, library, client)
    own = plan_changes.skip_item(uow, library, person_id=client, on=START, exercise_id=item.exercise_id, today=START)
    with pytest.raises(ServiceError) as theirs:
        clinician_plan.client_undo(uow, library, person_id=doc, client_id=client, adjustment_id=own.id, reason="r")
    assert theirs.value.code == "forbidden" and theirs.value.problems[0].code == "clients_change"
    seen = clinician_plan.client_change(uow, library, person_id=doc, client_id=client, change_id=own.id, today=START)
    assert seen.by_you and seen.words == own.words
    with pytest.raises(ServiceError) as gone:
        clinician_plan.client_change(uow, library, person_id=doc, client_id=client, change_id=999, today=START)
    assert gone.value.code == "missing"


def test_an_addition_holds_on_a_day_that_keeps_the_previous_phases_session(library: Library) -> None:
    """Nothing logged in phase 1: the first day of phase 2 shows phase 1's session (not yet earned); an exercise the
    clinician adds on that day is in it all the same, and it is logged with it."""
    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    client = started(uow, library)
    connect(uow, doc, client)
    with uow:
        program = uow.programs.active(client)
        assert program is not None
        second = next(s for s in uow.programs.planned_all(program.id) if s.phase == 2 and not s.optional)
    before = today.today(uow, library, on=second.date, person_id=client)
    assert before.held_phase == 1
    found = clinician_plan.client_add_choices(uow, library, person_id=doc, client_id=client, on=second.date)
    shown = {i.exercise_id for i in before.items}
    assert found.choices and not {a.exercise_id for a in found.choices} & shown  # what the day shows, not the calendar
    assert found.in_session == tuple(i.name for i in before.items)
    pick = found.choices[0]
    with pytest.raises(ServiceError) as there:
        clinician_plan.client_add(uow, library, person_id=doc, client_id=client, on=second.date,
                                  exercise_id=before.items[0].exercise_id, today=START, reason="r")  # fmt: skip
    assert there.value.code == "conflict"
    clinician_plan.client_add(uow, library, person_id=doc, client_id=client, on=second.date,
                              exercise_id=pick.exercise_id, today=START, reason="r", scope=Scope.ONCE)  # fmt: skip
    after = today.today(uow, library, on=second.date, person_id=client)
    assert after.held_phase == 1 and [i.exercise_id for i in after.items if i.exercise_id != pick.exercise_id] == [
        i.exercise_id for i in before.items
    ] and pick.exercise_id in {i.exercise_id for i in after.items}  # fmt: skip
    outcome = log_due(uow, library, client, second.date)
    assert pick.exercise_id in {c.exercise_id for c in outcome.changes}
