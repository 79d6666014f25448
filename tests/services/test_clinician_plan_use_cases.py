"""services.clinician_plan on the in-memory store (issue 16): a clinician swaps and skips a client's items through the
client's own use cases, as the author, with a reason; refused without an accepted grant, after revoking, and for a
person who is not a clinician."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gluterx.domain.exercise import Library
from gluterx.domain.planner.adjustments import AuthorKind
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
