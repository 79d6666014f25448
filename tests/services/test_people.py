"""services.people on the in-memory store: the CLI's local person, and the person behind an account (`--as EMAIL`)."""

from __future__ import annotations

import pytest

from gluterx.services import accounts, people
from gluterx.services.ports import ServiceError
from tests.fakes import FakeUnitOfWork

PASSWORD = "a long passphrase for testing"  # noqa: S105 - a made-up test account's


def test_the_local_person_is_the_first_and_is_made_only_when_asked() -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(ServiceError) as missing:
        people.local_person_id(uow)
    assert [p.code for p in missing.value.problems] == ["no_programme"]
    first = people.local_person_id(uow, create=True)
    accounts.sign_up(uow, email="later@example.test", password=PASSWORD)
    assert people.local_person_id(uow) == first


def test_an_account_is_found_by_its_email_as_sign_up_spells_it() -> None:
    uow = FakeUnitOfWork()
    people.local_person_id(uow, create=True)
    made = accounts.sign_up(uow, email="Alex@Clinic.test", password=PASSWORD)
    assert made.person_id != people.local_person_id(uow)
    assert people.account_person_id(uow, email="  alex@CLINIC.test ") == made.person_id
    for wrong in ("nobody@clinic.test", "", "x" * 300):
        with pytest.raises(ServiceError) as missing:
            people.account_person_id(uow, email=wrong)
        assert missing.value.code == "missing"
        assert [(p.field, p.code) for p in missing.value.problems] == [("email", "no_account")]
