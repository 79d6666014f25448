"""Each person's revision (adapters/db/revision.py) moves in the same transaction as every write that changes what
they are shown, through any use case, and only then; a write that names no person moves the one epoch instead. Their
sum, read with the token, is the key a server's kept results are valid for."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from gluterx.adapters.db.models import (
    CheckinRow,
    PerformedExerciseRow,
    PerformedSessionRow,
    Person,
    PracticeRow,
    RevisionEpochRow,
    SetRow,
)
from gluterx.adapters.db.revision import SEEN_REVISION
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.data import load_library
from gluterx.services import accounts
from gluterx.services.check_in import checkin
from gluterx.services.contract import today_json
from gluterx.services.log_session import log_session
from gluterx.services.start import start
from gluterx.services.today import today
from tests.adapters.web.conftest import make_profile

START = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def revision(engine: Engine, person_id: int) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text("select revision from people where id = :p"), {"p": person_id}).scalar_one())


def seen(engine: Engine, person_id: int) -> int:
    """What the person's kept results are valid for (their revision plus the epoch), as the signed-in lookup reads it."""
    with engine.connect() as conn:
        return int(conn.execute(sa.select(SEEN_REVISION).where(Person.id == person_id)).scalar_one())


def epoch(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(RevisionEpochRow.number)).scalar_one())


@pytest.fixture
def people(uow: SqlUnitOfWork) -> tuple[int, int]:
    with uow:
        first, second = uow.people.add(display_name="A").id, uow.people.add(display_name="B").id
        uow.commit()
    return first, second


def test_every_write_of_the_training_loop_moves_its_own_persons_revision_only(
    engine: Engine, uow: SqlUnitOfWork, people: tuple[int, int]
) -> None:
    library = load_library()
    a, b = people
    seen = [(revision(engine, a), revision(engine, b))]
    start(uow, library, make_profile(), start_date=START, person_id=a)  # profile, programme, planned sessions
    seen.append((revision(engine, a), revision(engine, b)))
    due = today_json(today(uow, library, on=START, person_id=a))
    body = {
        "date": START.isoformat(),
        "exercises": [
            {"exercise_id": i["exercise_id"], "sets": [{"reps": 15, "load_kg": None, "band": None, "rir": 3}],
             "pain_during": 1, "felt_in": ["glutes"]}
            for i in due["items"]
        ],
    }  # fmt: skip
    log_session(uow, library, body, person_id=a)  # session, exercises, sets (batched INSERTs), prescriptions
    seen.append((revision(engine, a), revision(engine, b)))
    checkin(uow, library, pain=2, on=date(2026, 11, 24), person_id=a)
    seen.append((revision(engine, a), revision(engine, b)))
    today(uow, library, on=START, person_id=a)  # a read moves nothing
    seen.append((revision(engine, a), revision(engine, b)))
    with uow:  # a child row, named by its parent's id only (sets -> exercises -> sessions -> people)
        exercise = uow.session.execute(sa.select(sa.func.min(SetRow.performed_exercise_id))).scalar_one()
        uow.session.execute(sa.update(SetRow).where(SetRow.performed_exercise_id == exercise).values(reps=14))
        uow.commit()
    seen.append((revision(engine, a), revision(engine, b)))
    with uow:  # a row by its own id: up its foreign keys to its person (sets -> exercises -> sessions -> people)
        one = uow.session.execute(sa.select(sa.func.max(SetRow.id))).scalar_one()
        uow.session.execute(sa.update(SetRow).where(SetRow.id == one).values(reps=13))
        uow.commit()
    seen.append((revision(engine, a), revision(engine, b)))
    assert [r for r, _ in seen] == [1, 2, 3, 4, 4, 5, 6]  # 1: made
    assert {r for _, r in seen} == {1}  # B was never touched again
    assert epoch(engine) == 0  # every write named its person


def test_sign_in_bookkeeping_moves_no_revision_and_a_rolled_back_write_moves_none(
    engine: Engine, uow: SqlUnitOfWork, people: tuple[int, int]
) -> None:
    a, _ = people
    with uow:
        account = uow.accounts.create(email="a@example.com", password_hash="x", person_id=a)  # noqa: S106
        uow.commit()
    assert revision(engine, a) == 2  # made, then a new account of theirs (by its person_id)
    accounts.create_token(uow, account_id=account.id, name="phone", now=NOW)  # a token: quiet
    assert revision(engine, a) == 2
    with uow:  # a sign-in's own note on the account (by its id): no one's revision, not everyone's
        uow.accounts.signed_in(account.id, at=NOW, password_hash="y")  # noqa: S106
        uow.commit()
    assert (revision(engine, a), revision(engine, people[1])) == (2, 1)
    with uow:
        uow.checkins.upsert(a, date(2026, 11, 24), 3)
    assert revision(engine, a) == 2  # never committed: nothing written, nothing moved


def _checkins(uow: SqlUnitOfWork, people: tuple[int, int]) -> tuple[int, int]:
    """A check-in of each person's; their ids."""
    with uow:
        for person in people:
            uow.checkins.upsert(person, date(2026, 11, 24), 3)
        uow.commit()
        found = dict(uow.session.execute(sa.select(CheckinRow.person_id, CheckinRow.id)).all())
    return found[people[0]], found[people[1]]


def test_an_update_of_a_row_by_its_id_moves_only_its_owners_revision(
    engine: Engine, uow: SqlUnitOfWork, people: tuple[int, int]
) -> None:
    """`UPDATE checkins ... WHERE id = :id` names its person through the row: B's kept results stay valid, where such a
    write used to move everyone's. Batched rows (one statement, many parameter sets) each name theirs."""
    a, b = people
    mine, theirs = _checkins(uow, people)
    before = seen(engine, a), seen(engine, b)
    with uow:
        uow.session.execute(sa.update(CheckinRow).where(CheckinRow.id == mine).values(pain=1))
        uow.commit()
    assert (seen(engine, a), seen(engine, b)) == (before[0] + 1, before[1])
    with uow:  # the id as a bound parameter, one per batched row: A's and B's
        table = CheckinRow.__table__
        by_id = sa.update(table).where(table.c.id == sa.bindparam("b_id")).values(pain=sa.bindparam("b_pain"))
        uow.session.execute(by_id, [{"b_id": mine, "b_pain": 2}, {"b_id": theirs, "b_pain": 2}])
        uow.commit()
    assert (seen(engine, a), seen(engine, b)) == (before[0] + 2, before[1] + 1)
    assert epoch(engine) == 0


def test_an_update_by_id_that_moves_the_row_to_another_person_moves_everyones(
    engine: Engine, uow: SqlUnitOfWork, people: tuple[int, int]
) -> None:
    """A row given to someone else by its id: its old person cannot be named once it is written, so the epoch moves
    (by their person_id too: `WHERE person_id = A` that sets B)."""
    a, b = people
    mine, _ = _checkins(uow, people)
    before = seen(engine, a), seen(engine, b)
    with uow:
        uow.session.execute(
            sa.update(CheckinRow).where(CheckinRow.id == mine).values(person_id=b, date=date(2026, 11, 25))
        )
        uow.commit()
    assert (seen(engine, a), seen(engine, b)) == (before[0] + 1, before[1] + 1) and epoch(engine) == 1
    with uow:
        uow.session.execute(sa.update(CheckinRow).where(CheckinRow.person_id == b).values(person_id=a))
        uow.commit()
    assert (seen(engine, a), seen(engine, b)) == (before[0] + 2, before[1] + 2) and epoch(engine) == 2


def test_an_object_given_to_another_person_through_the_orm_moves_both_revisions(
    engine: Engine, uow: SqlUnitOfWork, people: tuple[int, int]
) -> None:
    """A loaded row whose person_id changes: the person it left is named by the attribute's history."""
    a, b = people
    mine, _ = _checkins(uow, people)
    before = revision(engine, a), revision(engine, b)
    with uow:
        row = uow.session.get_one(CheckinRow, mine)
        row.person_id, row.date = b, date(2026, 11, 25)
        uow.commit()
    assert (revision(engine, a), revision(engine, b), epoch(engine)) == (before[0] + 1, before[1] + 1, 0)


def test_a_write_that_names_no_person_moves_everyones_through_the_epoch(
    engine: Engine, uow: SqlUnitOfWork, people: tuple[int, int]
) -> None:
    """A row deleted by its id alone (gone when its person would be looked up) or a table with no way to a person
    cannot say whose it is: the one epoch row moves, and with it what everyone's kept results are valid for, which is
    always correct; no person's own row is written."""
    a, b = people
    before = seen(engine, a), seen(engine, b)
    with uow:
        uow.session.execute(sa.delete(SetRow).where(SetRow.id == 12345))
        uow.commit()
    assert (seen(engine, a), seen(engine, b)) == (before[0] + 1, before[1] + 1)
    with uow:  # a practice (care) has no way to a person, even by its id
        uow.session.execute(sa.update(PracticeRow).where(PracticeRow.id == 1).values(name="Renamed"))
        uow.commit()
    assert (seen(engine, a), seen(engine, b)) == (before[0] + 2, before[1] + 2)
    assert (revision(engine, a), revision(engine, b)) == (1, 1) and epoch(engine) == 2


def test_a_write_whose_where_is_not_one_persons_moves_everyones(
    engine: Engine, uow: SqlUnitOfWork, people: tuple[int, int]
) -> None:
    """`person_id != A` names A but writes everyone else's rows: only a plain `person_id = A` is read as A's."""
    a, b = people
    with uow:
        uow.session.execute(sa.update(CheckinRow).where(CheckinRow.person_id != a).values(pain=1))
        uow.commit()
    assert (revision(engine, a), revision(engine, b), epoch(engine)) == (1, 1, 1)
    with uow:
        uow.session.execute(sa.delete(CheckinRow).where(CheckinRow.person_id == b, CheckinRow.pain > 3))
        uow.commit()
    assert (revision(engine, a), revision(engine, b), epoch(engine)) == (1, 2, 1)


def test_an_epoch_row_that_is_gone_is_written_again_by_the_next_write_that_names_no_one(
    engine: Engine, uow: SqlUnitOfWork, people: tuple[int, int]
) -> None:
    """A store emptied table by table (as some tests and a careless hand do) loses the row: it reads as 0 and the next
    epoch bump writes it again, so what everyone is shown moves as before."""
    a, _ = people
    with engine.begin() as conn:
        conn.execute(sa.delete(RevisionEpochRow))
    before = seen(engine, a)
    with uow:
        uow.session.execute(sa.delete(SetRow).where(SetRow.id == 12345))
        uow.commit()
    assert seen(engine, a) == before + 1 and epoch(engine) == 1
    with uow:
        uow.session.execute(sa.delete(SetRow).where(SetRow.id == 12345))
        uow.commit()
    assert seen(engine, a) == before + 2 and epoch(engine) == 2


def test_a_person_restored_under_a_known_uuid_starts_at_a_revision_no_counter_reaches(
    uow: SqlUnitOfWork, engine: Engine
) -> None:
    """A result kept for a person before a restore (--replace) is never served after it: the restored row's revision
    does not start again at 0, where it would meet the kept one after as many writes."""
    back = "0d1b5c3e-1111-4222-8333-944455556666"
    with uow:
        fresh = uow.people.add(display_name="New").id
        uow.people.add(display_name="Back", person_uuid=back)
        uow.commit()
    assert revision(engine, fresh) < 10  # a new person counts from 0
    with uow:
        uow.people.delete_all()
        uow.commit()
    with uow:
        again = uow.people.add(display_name="Back", person_uuid=back).id
        uow.commit()
    assert (1 << 30) <= revision(engine, again) < (1 << 31) - (1 << 29)


def test_a_write_whose_where_names_rows_by_a_list_or_a_select_of_their_parents_moves_only_their_owners(
    engine: Engine, uow: SqlUnitOfWork, people: tuple[int, int]
) -> None:
    """`person_id IN (:ids)`, `id IN (:ids)` (an UPDATE), `performed_exercise_id IN (SELECT id FROM
    performed_exercises WHERE session_id = :s)` and `person_id IN (SELECT person_id FROM checkins WHERE id = :c)`
    name their rows' people (issue 13: they moved everyone's). A DELETE by its rows' own ids still cannot (they are
    gone when the bump looks), nor a SELECT that joins another table, nor an IN of no values anything at all."""
    a, b = people
    mine, _ = _checkins(uow, people)
    with uow:
        session = uow.sessions.add(person_id=a, day=date(2026, 11, 24), notes="", exercises=[
            {"exercise_id": "glute_bridge", "pain_during": 0, "felt_in": [], "sets": [{"reps": 10}]}])  # fmt: skip
        uow.commit()
    before = revision(engine, a), revision(engine, b)
    exercises = sa.select(PerformedExerciseRow.id).where(PerformedExerciseRow.session_id == session)
    of_checkin = sa.select(CheckinRow.person_id).where(CheckinRow.id == mine)
    for statement in (
        sa.update(CheckinRow).where(CheckinRow.person_id.in_([a])).values(pain=4),
        sa.update(CheckinRow).where(CheckinRow.id.in_([mine])).values(pain=5),
        sa.update(SetRow).where(SetRow.performed_exercise_id.in_(exercises)).values(reps=11),
        sa.delete(CheckinRow).where(CheckinRow.person_id.in_(of_checkin), CheckinRow.pain > 9),
    ):
        with uow:
            uow.session.execute(statement)
            uow.commit()
    assert (revision(engine, a), revision(engine, b), epoch(engine)) == (before[0] + 4, before[1], 0)
    with uow:
        uow.session.execute(sa.update(CheckinRow).where(CheckinRow.person_id.in_([])).values(pain=4))
        uow.commit()
    assert (revision(engine, a), revision(engine, b), epoch(engine)) == (before[0] + 4, before[1], 0)
    joined = sa.select(PerformedExerciseRow.id).join(PerformedSessionRow).where(PerformedSessionRow.id == session)
    for statement in (
        sa.delete(CheckinRow).where(CheckinRow.id.in_([mine])),
        sa.update(SetRow).where(SetRow.performed_exercise_id.in_(joined)).values(reps=12),
    ):
        with uow:
            uow.session.execute(statement)
            uow.commit()
    assert (revision(engine, a), revision(engine, b), epoch(engine)) == (before[0] + 4, before[1], 2)
