"""A clinician adjusts a client's programme (issue 16): the alternatives for an item, a swap, a skip, a note, a lock,
a dose, an exercise added, and taking back a clinician's change.

Each use case first checks, in the store and on this call, that the signed-in person is a clinician and that the
client has a live, accepted grant to them (`clinicians.require_clinician` / `require_access`: "forbidden" or
"missing" otherwise, the same for a stranger and for a revoked grant), then runs the client's own use case of
`services/plan_changes.py` with the clinician as the author. So a clinician's change is the same value in the same
append-only log as the person's own: the engine and every page read it the same way, and the client's "Changes to
your plan" says who made it (their clinician, by name) and why (gluterx_policy).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from gluterx.domain.dose import Dose
from gluterx.domain.exercise import Library
from gluterx.domain.planner.adjustments import Author, AuthorKind, ItemNote, Scope, in_force, locked_on
from gluterx.services import plan_changes, today
from gluterx.services.clinicians import require_access, require_clinician
from gluterx.services.errors import Problem, ServiceError
from gluterx.services.guards import active_program
from gluterx.services.plan_changes import AddChoices, ChangeNote, DoseParts, SwapChoices
from gluterx.services.ports import UnitOfWork, read_only
from gluterx.services.today import today as due_on

__all__ = [
    "ItemState",
    "client_add",
    "client_add_choices",
    "client_change",
    "client_changes",
    "client_item_state",
    "client_lock",
    "client_note",
    "client_set_dose",
    "client_skip_item",
    "client_swap",
    "client_swap_choices",
    "client_undo",
    "clinician_author",
]


def clinician_author(uow: UnitOfWork, *, person_id: int, client_id: int) -> Author:
    """The clinician as an author of the client's changes, after checking the grant in the store now."""
    with read_only(uow) as reading:
        clinician = require_clinician(reading, person_id)
        require_access(reading, person_id, client_id)
    return Author(AuthorKind.CLINICIAN, clinician.person_id)


def _signed(uow: UnitOfWork, note: ChangeNote) -> ChangeNote:
    """The new change with its author's name, as the client's log says it."""
    with read_only(uow) as reading:
        found = reading.care.clinician(note.author.id)
    return replace(note, author_name=found.display_name if found else "")


def _why(reason: str) -> str:
    """A clinician says why they change a client's plan: the client reads it in their change log (gluterx_policy)."""
    if not reason.strip():
        raise ServiceError([Problem("reason", "required")])
    return reason


def client_swap_choices(
    uow: UnitOfWork, library: Library, *, person_id: int, client_id: int, on: date, exercise_id: str,
    limit: int | None = 6,
) -> SwapChoices:  # fmt: skip
    """What can take `exercise_id`'s place in the client's session on `on`, with why each fits."""
    clinician_author(uow, person_id=person_id, client_id=client_id)
    return plan_changes.swap_choices(uow, library, person_id=client_id, on=on, exercise_id=exercise_id, limit=limit)


def client_swap(
    uow: UnitOfWork, library: Library, *, person_id: int, client_id: int, on: date, exercise_id: str, to: str,
    today: date, scope: Scope = Scope.ONWARD, reason: str = "", note: str = "", at: datetime | None = None,
) -> ChangeNote:  # fmt: skip
    """Swap an item of the client's plan for one of its alternatives, as their clinician, with a reason; with a
    `note`, a note on the new exercise too (the same reach), which the client reads beside its cues."""
    author = clinician_author(uow, person_id=person_id, client_id=client_id)
    reason = _why(reason)
    if len(note.strip()) > plan_changes.MAX_NOTE_LENGTH:
        limit = {"max_length": plan_changes.MAX_NOTE_LENGTH, "unit": "characters"}
        raise ServiceError([Problem("note", "too_long", limit)])
    made = plan_changes.swap(
        uow, library, person_id=client_id, on=on, exercise_id=exercise_id, to=to, today=today, scope=scope,
        reason=reason, author=author, at=at,
    )  # fmt: skip
    if note.strip():
        plan_changes.add_item_note(
            uow, library, person_id=client_id, on=on, exercise_id=to, text=note, today=today, scope=scope,
            reason=reason, author=author, at=at,
        )  # fmt: skip
    return _signed(uow, made)


def client_skip_item(
    uow: UnitOfWork, library: Library, *, person_id: int, client_id: int, on: date, exercise_id: str | None,
    today: date, reason: str = "", at: datetime | None = None,
) -> ChangeNote:  # fmt: skip
    """Leave an exercise (or, without one, the whole session) out of the client's session on `on`."""
    author = clinician_author(uow, person_id=person_id, client_id=client_id)
    reason = _why(reason)
    if exercise_id is None:
        made = plan_changes.skip_session(
            uow, library, person_id=client_id, on=on, today=today, reason=reason, author=author, at=at
        )
    else:
        made = plan_changes.skip_item(
            uow, library, person_id=client_id, on=on, exercise_id=exercise_id, today=today, reason=reason,
            author=author, at=at,
        )  # fmt: skip
    return _signed(uow, made)


def client_note(
    uow: UnitOfWork, library: Library, *, person_id: int, client_id: int, on: date, exercise_id: str, text: str,
    today: date, scope: Scope = Scope.ONWARD, reason: str = "", at: datetime | None = None,
) -> ChangeNote:  # fmt: skip
    """A note on an item of the client's plan, which the client reads beside its cues (Today and the player)."""
    author = clinician_author(uow, person_id=person_id, client_id=client_id)
    made = plan_changes.add_item_note(
        uow, library, person_id=client_id, on=on, exercise_id=exercise_id, text=text, today=today, scope=scope,
        reason=reason, author=author, at=at,
    )  # fmt: skip
    return _signed(uow, made)


def client_lock(
    uow: UnitOfWork, library: Library, *, person_id: int, client_id: int, on: date, exercise_id: str, locked: bool,
    today: date, reason: str = "", at: datetime | None = None,
) -> ChangeNote:  # fmt: skip
    """Turn the engine's automatic steps up off (or on again) for an item of the client's plan, from `on` on."""
    author = clinician_author(uow, person_id=person_id, client_id=client_id)
    reason = _why(reason)
    made = plan_changes.lock_item(
        uow, library, person_id=client_id, on=on, exercise_id=exercise_id, locked=locked, today=today,
        reason=reason, author=author, at=at,
    )  # fmt: skip
    return _signed(uow, made)


def client_set_dose(
    uow: UnitOfWork, library: Library, *, person_id: int, client_id: int, on: date, exercise_id: str,
    parts: DoseParts, today: date, scope: Scope = Scope.ONWARD, reason: str = "", at: datetime | None = None,
) -> ChangeNote:  # fmt: skip
    """Set the dose of an item of the client's plan from `on` (ONCE: that session only), with a reason: the client
    sees it on Today and in the player, and the engine steps on from it once they have done it."""
    author = clinician_author(uow, person_id=person_id, client_id=client_id)
    _check_dose_and_reason(library, exercise_id, parts, reason)
    made = plan_changes.set_dose(
        uow, library, person_id=client_id, on=on, exercise_id=exercise_id, parts=parts, today=today, scope=scope,
        reason=reason, author=author, at=at,
    )  # fmt: skip
    return _signed(uow, made)


@dataclass(frozen=True, slots=True)
class ItemState:
    """What the clinician has set on an item of the client's session: progression kept (locked) or not, and the
    notes in force on it that day, oldest first."""

    locked: bool
    notes: tuple[str, ...]
    dose: Dose | None = None  # the item's dose as due that day (what the set-dose form starts from)


def client_item_state(
    uow: UnitOfWork, *, person_id: int, client_id: int, on: date, exercise_id: str, library: Library | None = None
) -> ItemState:
    """What the clinician has set on the item; with the `library`, the item's dose as due that day too."""
    clinician_author(uow, person_id=person_id, client_id=client_id)
    with read_only(uow) as reading:
        program = active_program(reading, client_id)
        log = reading.adjustments.for_program(program.id)
    notes = tuple(
        a.change.text
        for a in in_force(log)
        if isinstance(a.change, ItemNote)
        and a.change.exercise_id == exercise_id
        and a.change.scope.reaches(a.change.on, on)
    )
    due = next((i.dose for i in today.today(uow, library, on=on, person_id=client_id).items
                if i.exercise_id == exercise_id), None) if library is not None else None  # fmt: skip
    return ItemState(exercise_id in locked_on(log, on), notes, due)


def client_add_choices(uow: UnitOfWork, library: Library, *, person_id: int, client_id: int, on: date) -> AddChoices:
    """What can be added to the client's session on `on`, grouped by what it is for, with why each suits them."""
    clinician_author(uow, person_id=person_id, client_id=client_id)
    found = plan_changes.add_choices(uow, library, person_id=client_id, on=on)
    due = due_on(uow, library, on=on, person_id=client_id)  # a phase not yet earned keeps the previous one's
    shown = {i.exercise_id for i in due.items}
    return replace(
        found,
        in_session=tuple(i.name for i in due.items),
        choices=tuple(a for a in found.choices if a.exercise_id not in shown),
    )


def client_add(
    uow: UnitOfWork, library: Library, *, person_id: int, client_id: int, on: date, exercise_id: str,
    today: date, parts: DoseParts | None = None, scope: Scope = Scope.ONWARD, reason: str = "",
    at: datetime | None = None,
) -> ChangeNote:  # fmt: skip
    """Add an exercise to the client's session on `on` (ONWARD: and to every later strength session it fits), at
    the dose `parts` give or the planner's, with a reason: the client sees it on Today, in the player and in their
    change log, and the engine steps it on from its own history."""
    author = clinician_author(uow, person_id=person_id, client_id=client_id)
    _check_dose_and_reason(library, exercise_id, parts, reason)
    due = due_on(uow, library, on=on, person_id=client_id) if on >= today else None
    if due is not None and any(i.exercise_id == exercise_id for i in due.items):  # as shown that day
        name = library.display_name(exercise_id)
        raise ServiceError([Problem("exercise_id", "already_in_session", {"name": name, "day": on})], code="conflict")
    made = plan_changes.add_item(
        uow, library, person_id=client_id, on=on, exercise_id=exercise_id, today=today, parts=parts, scope=scope,
        reason=reason, author=author, at=at,
    )  # fmt: skip
    return _signed(uow, made)


def client_undo(
    uow: UnitOfWork, library: Library, *, person_id: int, client_id: int, adjustment_id: int, reason: str = "",
    at: datetime | None = None,
) -> ChangeNote:  # fmt: skip
    """Take back a change a clinician made to the client's plan (a swap, a skip, a note, a lock, a dose, an added
    exercise); the client's own changes are theirs. The log keeps both, with who and why."""
    author = clinician_author(uow, person_id=person_id, client_id=client_id)
    reason = _why(reason)
    with read_only(uow) as reading:
        program = active_program(reading, client_id)
        log = reading.adjustments.for_program(program.id)
    target = next((a for a in log if a.id == adjustment_id), None)
    if target is not None and target.author.kind is AuthorKind.PERSON:
        raise ServiceError([Problem("adjustment_id", "clients_change")], code="forbidden")
    made = plan_changes.undo(
        uow, library, person_id=client_id, adjustment_id=adjustment_id, reason=reason, author=author, at=at
    )
    return _signed(uow, made)


def client_changes(
    uow: UnitOfWork, library: Library, *, person_id: int, client_id: int, today: date
) -> plan_changes.PlanChanges:
    """Every change of the client's plan as their log says it, newest first: who made it, why, taken back or not."""
    clinician_author(uow, person_id=person_id, client_id=client_id)
    return plan_changes.plan_changes(uow, library, person_id=client_id, today=today)


def client_change(
    uow: UnitOfWork, library: Library, *, person_id: int, client_id: int, change_id: int, today: date
) -> ChangeNote:
    """One change of the client's plan as their log says it (who, why, taken back or not), to take it back."""
    log = client_changes(uow, library, person_id=person_id, client_id=client_id, today=today)
    found = next((n for n in log.entries if n.id == change_id and n.kind != "undo"), None)
    if found is None:
        raise ServiceError([Problem("change_id", "no_adjustment", {"adjustment_id": change_id})], code="missing")
    return found


def _check_dose_and_reason(library: Library, exercise_id: str, parts: DoseParts | None, reason: str) -> None:
    """Every wrong part of a dose, a dose that does not fit the exercise and a missing reason, said at once."""
    problems: list[Problem] = []
    if parts is not None:
        try:
            dose = plan_changes.dose_of(parts)
            if exercise_id in library:
                problems.extend(plan_changes.dose_problems(library.get(exercise_id), dose))
        except ServiceError as exc:
            problems.extend(exc.problems)
    if not reason.strip():
        problems.append(Problem("reason", "required"))
    if problems:
        raise ServiceError(problems)
