"""Each person's revision (adapters/db/revision.py) moves in the same transaction as every write that changes what
they are shown, through any use case, and only then: the key a server's kept results are valid for."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from gluterx.adapters.db.models import CheckinRow, SetRow
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
    assert [r for r, _ in seen] == [1, 2, 3, 4, 4, 5]  # 1: made
    assert {r for _, r in seen} == {1}  # B was never touched again


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


def test_a_write_that_names_no_person_moves_everyones(
    engine: Engine, uow: SqlUnitOfWork, people: tuple[int, int]
) -> None:
    """A row found by its id alone (a set corrected in place) cannot say whose it is: everyone's revision moves,
    which is always correct."""
    a, b = people
    with uow:
        uow.session.execute(sa.update(SetRow).where(SetRow.id == 12345).values(reps=3))
        uow.commit()
    assert (revision(engine, a), revision(engine, b)) == (2, 2)


def test_a_write_whose_where_is_not_one_persons_moves_everyones(
    engine: Engine, uow: SqlUnitOfWork, people: tuple[int, int]
) -> None:
    """`person_id != A` names A but writes everyone else's rows: only a plain `person_id = A` is read as A's."""
    a, b = people
    with uow:
        uow.session.execute(sa.update(CheckinRow).where(CheckinRow.person_id != a).values(pain=1))
        uow.commit()
    assert (revision(engine, a), revision(engine, b)) == (2, 2)
    with uow:
        uow.session.execute(sa.delete(CheckinRow).where(CheckinRow.person_id == b, CheckinRow.pain > 3))
        uow.commit()
    assert (revision(engine, a), revision(engine, b)) == (2, 3)


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
