"""The in-memory store of the service tests carries a version-3 backup as the SQL one does (tests/fakes.py keeps the
care records' times and authors for it): export, restore into an empty fake, export again: equal."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

from gluterx.domain.exercise import Library
from gluterx.services import backup, clinicians
from gluterx.services.records import PersonSettings
from tests.fakes import FakeUnitOfWork
from tests.services.loop import started
from tests.services.test_clinicians_use_cases import clinician

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
HASH = "$argon2id$v=19$stored"  # a stored hash as the store would give it back


def test_a_fake_store_round_trips_care_settings_and_sign_ins(library: Library) -> None:
    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe", practice="North")
    client = started(uow, library)
    code = clinicians.clinician_invite(uow, person_id=doc, now=NOW).code
    clinicians.accept_invitation(uow, code=code, person_id=client, now=NOW)
    clinicians.send_message(uow, person_id=doc, client_id=client, body="Hello", now=NOW + timedelta(minutes=1))
    clinicians.add_note(uow, person_id=doc, client_id=client, body="private", now=NOW + timedelta(minutes=2))
    clinicians.assign_outcomes(uow, person_id=doc, client_id=client, every_weeks=3, now=NOW)
    with uow:
        uow.care.acknowledge(client, "warning:x", by_person_id=doc, at=NOW)
        uow.settings.put(client, PersonSettings("lb", (2, 4), "06:45", "UTC"))
        uow.accounts.create(email="c@example.org", password_hash=HASH, person_id=client)
        uow.commit()
    first = backup.export_all(uow)
    people = {p["uuid"]: p for p in first["people"]}
    sam = next(p for p in people.values() if p["care"]["grants"])
    assert sam["care"]["notes"][0]["body"] == "private" and sam["care"]["outcome_schedule"]["every_days"] == 21
    assert sam["account"]["password_hash"] == HASH and sam["settings"]["unit"] == "lb"
    assert [p["name"] for p in first["practices"]] == ["North"]
    other = FakeUnitOfWork()
    backup.import_all(other, copy.deepcopy(first), library=library)
    assert backup.export_all(other) == first
