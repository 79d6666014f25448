"""The care tables on SQLite and PostgreSQL: a grant read in the store on every call (a revocation through one unit
of work is refused by the next at once), a practice's shared list, single-use codes, and the care migration."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from gluterx.adapters.db.engine import make_engine
from gluterx.adapters.db.models import Base
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.domain.care import ClinicianKind, Direction
from gluterx.services import clinicians
from gluterx.services.ports import ServiceError
from tests.adapters.db.test_migration_doses import migrate_to

NOW = datetime(2026, 12, 5, 9, tzinfo=UTC)
PREVIOUS = "7d3a91c4e2b8"
REVISION = "c1a9e7d4b216"


def _person(uow: SqlUnitOfWork, name: str, *, clinician: str | None = None) -> int:
    with uow:
        made = uow.people.add(display_name=name).id
        if clinician is not None:
            uow.care.add_clinician(made, kind=ClinicianKind.PHYSIO, practice_name=clinician or None, at=NOW)
        uow.commit()
    return made


def test_grants_are_read_in_the_store_every_time(engine: Engine) -> None:
    """Two units of work on one database (as two servers): a revocation through one is seen by the other at once."""
    one, other = SqlUnitOfWork(engine), SqlUnitOfWork(engine)
    doc = _person(one, "Dr Rowe", clinician="North")
    colleague = _person(one, "Colleague", clinician="")
    with one:
        practice = one.care.clinician(doc).practice_id  # type: ignore[union-attr]
        one.care.join_practice(colleague, practice)  # type: ignore[arg-type]
        one.commit()
    outsider = _person(one, "Elsewhere", clinician="South")
    client = _person(one, "Sam")
    code = clinicians.clinician_invite(one, person_id=doc, now=NOW).code
    grant = clinicians.accept_invitation(other, code=code, person_id=client, now=NOW)
    with other:
        assert other.care.can_see(doc, client) and other.care.can_see(colleague, client)
        assert not other.care.can_see(outsider, client) and not other.care.can_see(client, client)
        assert other.care.clients_of(colleague) == [client] and other.care.clients_of(outsider) == []
    with pytest.raises(ServiceError) as again:
        clinicians.accept_invitation(one, code=code, person_id=_person(one, "B"), now=NOW)
    assert again.value.problems[0].code == "invitation_used"
    clinicians.revoke_grant(one, person_id=client, grant_id=grant.id, now=NOW)
    with other:
        assert not other.care.can_see(doc, client) and other.care.clients_of(doc) == []


def test_single_use_is_kept_by_the_store(engine: Engine) -> None:
    uow = SqlUnitOfWork(engine)
    doc = _person(uow, "Dr Rowe", clinician="")
    with uow:
        made = uow.care.add_invitation(code_hash="h" * 64, direction=Direction.TO_CLIENT, from_person_id=doc, at=NOW,
                                       expires_at=NOW + timedelta(days=7))  # fmt: skip
        assert uow.care.use_invitation(made.id, by_person_id=doc, at=NOW)
        assert not uow.care.use_invitation(made.id, by_person_id=doc, at=NOW)
        uow.commit()
    with uow:
        found = uow.care.invitation("h" * 64)
        assert found is not None and found.used_at is not None and found.expires_at == NOW + timedelta(days=7)


def test_messages_notes_and_acknowledgements_round_trip(engine: Engine) -> None:
    uow = SqlUnitOfWork(engine)
    client = _person(uow, "Sam")
    with uow:
        uow.care.add_message(client, author_person_id=client, body="hello", at=NOW)
        uow.care.add_note(client, author_person_id=client, body="note", at=NOW)
        uow.care.acknowledge(client, "k1", by_person_id=client, at=NOW)
        uow.care.acknowledge(client, "k1", by_person_id=client, at=NOW)  # once
        uow.commit()
    with uow:
        assert [m.body for m in uow.care.messages(client)] == ["hello"]
        assert [n.body for n in uow.care.notes(client)] == ["note"]
        assert uow.care.acknowledged(client) == {"k1"}


@pytest.fixture
def old_engine(database_url: str) -> Iterator[Engine]:
    """A database at the previous head with a person in it."""
    engine = make_engine(database_url)
    migrate_to(engine, PREVIOUS)
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        conn.execute(
            meta.tables["people"].insert(),
            [{"id": 1, "uuid": "00000000-0000-0000-0000-000000000001", "display_name": "Sam", "role": "person",
              "created_at": NOW}],
        )  # fmt: skip
    yield engine
    engine.dispose()


def test_the_care_migration_adds_tables_and_keeps_everything(old_engine: Engine) -> None:
    migrate_to(old_engine, REVISION)
    with old_engine.connect() as conn:
        assert conn.execute(sa.text("select display_name from people")).scalar_one() == "Sam"
        assert conn.execute(sa.text("select count(*) from care_grants")).scalar_one() == 0
    migrate_to(old_engine, "head")
    with old_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    migrate_to(old_engine, PREVIOUS, down=True)
    with old_engine.connect() as conn:
        assert "care_grants" not in sa.inspect(conn).get_table_names()
        assert conn.execute(sa.text("select display_name from people")).scalar_one() == "Sam"


def test_practice_invitations_by_email_and_read_marks_per_reader(engine: Engine) -> None:
    """An owner's invitation waits for the account with that email (inviting again changes nothing) and is accepted
    once; each reader's mark counts only the other side's messages after it, and never moves back."""
    uow = SqlUnitOfWork(engine)
    owner = _person(uow, "Owner", clinician="North")
    colleague = _person(uow, "Colleague", clinician="")
    client = _person(uow, "Sam")
    with uow:
        uow.accounts.create(email="col@example.com", password_hash="x", person_id=colleague)  # noqa: S106
        practice = uow.care.clinician(owner).practice_id  # type: ignore[union-attr]
        assert practice is not None
        for _ in range(2):
            uow.care.invite_to_practice(practice, "col@example.com", by_person_id=owner, at=NOW)
        uow.care.invite_to_practice(practice, "nobody@example.com", by_person_id=owner, at=NOW)
        uow.commit()
    with uow:
        pending = uow.care.pending_practice_invitations(practice)
        assert [(i.email, i.practice_name) for i in pending] == [("col@example.com", "North"),
                                                                 ("nobody@example.com", "North")]  # fmt: skip
        mine = uow.care.practice_invitations_for(colleague)
        assert [i.id for i in mine] == [pending[0].id] and uow.care.practice_invitations_for(client) == []
        assert uow.care.accept_practice_invitation(mine[0].id, at=NOW)
        assert not uow.care.accept_practice_invitation(mine[0].id, at=NOW)
        uow.commit()
    with uow:
        assert uow.care.practice_invitations_for(colleague) == []
        first = uow.care.add_message(client, author_person_id=owner, body="hi", at=NOW).id
        uow.care.add_message(client, author_person_id=client, body="hello", at=NOW)
        last = uow.care.add_message(client, author_person_id=client, body="and", at=NOW).id
        uow.commit()
    with uow:
        assert uow.care.unread(client, [client]) == {client: 1}
        assert uow.care.unread(owner, [client]) == uow.care.unread(colleague, [client]) == {client: 2}
        uow.care.mark_read(client, client, first, at=NOW)
        uow.care.mark_read(client, owner, last, at=NOW)
        uow.care.mark_read(client, owner, first, at=NOW)  # never back
        uow.commit()
    with uow:
        assert uow.care.unread(client, [client]) == {} and uow.care.unread(owner, [client]) == {}
        assert uow.care.unread(colleague, [client]) == {client: 2} and uow.care.last_read(client, owner) == last


def test_an_expired_practice_invitation_is_made_anew_in_one_transaction_and_cancel_or_decline_deletes(
    engine: Engine,
) -> None:
    """Through the use cases on the real store: an expired invitation is dropped and made again in the same
    transaction (the unique practice-and-email pair holds), and cancelling or declining leaves no row behind."""
    uow = SqlUnitOfWork(engine)
    owner = _person(uow, "Owner", clinician="North")
    colleague = _person(uow, "Colleague", clinician="")
    with uow:
        uow.accounts.create(email="col@example.com", password_hash="x", person_id=colleague)  # noqa: S106
        uow.commit()
    first = clinicians.add_practice_member(uow, person_id=owner, email="col@example.com", now=NOW)
    later = NOW + timedelta(days=8)
    assert clinicians.practice_invitations(uow, person_id=colleague, now=later) == ()
    anew = clinicians.add_practice_member(uow, person_id=owner, email="col@example.com", now=later)
    assert anew.expires_at == first.expires_at + timedelta(days=8) and not anew.expired
    assert [i.id for i in clinicians.practice_invitations(uow, person_id=colleague, now=later)] == [anew.id]
    clinicians.decline_practice_invitation(uow, person_id=colleague, invitation_id=anew.id)
    again = clinicians.add_practice_member(uow, person_id=owner, email="col@example.com", now=later)
    clinicians.cancel_practice_invitation(uow, person_id=owner, invitation_id=again.id)
    with engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from practice_invitations")).scalar_one() == 0
    with uow:
        assert not uow.care.drop_practice_invitation(again.id)  # nothing pending to drop
