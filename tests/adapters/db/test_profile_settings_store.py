"""The SQL store (SQLite and PostgreSQL) behind profile & settings: settings round-trip, a re-plan from a day on,
and deleting an account leaves no row of the person in any table."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy import Engine

from gluterx.adapters.db.models import Base
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.domain.exercise import Library
from gluterx.services import accounts, check_in, log_session, outcomes, profile_edit, settings, start, today
from gluterx.services.records import PersonSettings
from tests.services.loop import PROFILE, START, as_due

NOW = datetime(2026, 1, 10, 8, tzinfo=UTC)
PASSWORD = "a long enough password"  # noqa: S105 - a test fixture
# Not anyone's data: sign-in attempts are by email and address; the one revision-epoch row is the store's.
KEEP = {"login_attempts", "alembic_version", "revision_epoch"}


def test_settings_round_trip(uow: SqlUnitOfWork) -> None:
    person = accounts.sign_up(uow, email="s@example.com", password=PASSWORD).person_id
    with uow:
        assert uow.settings.get(person) is None
        uow.settings.put(person, PersonSettings("lb", (2, 4), "07:15", "Europe/Paris"))
        uow.commit()
    with uow:
        assert uow.settings.get(person) == PersonSettings("lb", (2, 4), "07:15", "Europe/Paris")
        uow.settings.put(person, PersonSettings())
        uow.commit()
    with uow:
        assert uow.settings.get(person) == PersonSettings()


def test_replan_keeps_the_past_and_replaces_from_the_day(uow: SqlUnitOfWork, library: Library) -> None:
    person = accounts.sign_up(uow, email="r@example.com", password=PASSWORD).person_id
    start.start(uow, library, PROFILE, start_date=START, person_id=person)
    with uow:
        program = uow.programs.active(person)
        assert program is not None
        before = uow.programs.planned_all(program.id)
    cut = date(2026, 1, 26)
    edited = profile_edit.edit_profile(
        uow, library, {**PROFILE, "minutes_per_session": 15, "equipment": []}, person_id=person, today=cut
    )
    assert edited.replanned_from == cut
    with uow:
        after = uow.programs.planned_all(program.id)
        again = uow.programs.active(person)
        assert again is not None and again.id == program.id and again.profile_id != program.profile_id
    assert [s for s in after if s.date < cut] == [s for s in before if s.date < cut]
    later = [s for s in after if s.date >= cut]
    assert later and all(not library.get(i.exercise_id).equipment for s in later for i in s.items)
    assert len(after) == len(before)


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for name, table in Base.metadata.tables.items()
            if name not in KEEP
        }


def _everything(uow: SqlUnitOfWork, library: Library, email: str) -> tuple[int, int]:
    """A person with a row in every table of theirs: profile, programme, a logged session with sets and the
    engine's prescriptions, a check-in, outcome answers, settings, a token, a browser session and a notice."""
    account = accounts.sign_up(uow, email=email, password=PASSWORD)
    person = account.person_id
    start.start(uow, library, PROFILE, start_date=START, person_id=person)
    plan = today.today(uow, library, on=START, person_id=person)
    log_session.log_session(uow, library, as_due(plan), person_id=person)
    check_in.checkin(uow, library, pain=2, on=date(2026, 1, 6), person_id=person)
    activities = [{"name": f"walking {i}", "score": 5} for i in range(3)]
    outcomes.record_outcomes(uow, {"pain": 4, "activities": activities}, on=START, person_id=person)
    settings.update_settings(uow, library, {"unit": "lb", "body_mass": 160.0}, person_id=person, today=START)
    accounts.create_token(uow, account_id=account.account_id, now=NOW)
    accounts.start_session(uow, account_id=account.account_id, now=NOW)
    with uow:
        uow.accounts.add_notice(account.account_id, kind="sign_up_attempt", at=NOW)
        uow.commit()
    return account.account_id, person


def test_deleting_an_account_leaves_no_row_of_the_person(uow: SqlUnitOfWork, engine: Engine, library: Library) -> None:
    """Two people with the same history; deleting one halves every table's rows (nothing of theirs is left, the
    other's is untouched), and deleting the other empties them."""
    a_account, a_person = _everything(uow, library, "a@example.com")
    b_account, _ = _everything(uow, library, "b@example.com")
    before = _counts(engine)
    # Every table this person has rows in (the care, plan-change and idempotency tables stay empty here: their own
    # store tests delete with the person) holds the same number for each of the two.
    filled = {name for name, count in before.items() if count}
    assert {"people", "profiles", "programs", "planned_sessions", "performed_sessions", "checkins"} <= filled, before
    assert all(count % 2 == 0 for count in before.values()), before
    accounts.delete_account(uow, account_id=a_account, confirm_email="A@example.com ", password=PASSWORD)
    assert _counts(engine) == {name: count // 2 for name, count in before.items()}
    with uow:
        assert uow.people.get(a_person) is None and uow.accounts.by_email("a@example.com") is None
    accounts.delete_account(uow, account_id=b_account, confirm_email="b@example.com", password=PASSWORD)
    assert set(_counts(engine).values()) == {0}
