"""The in-memory store of the service tests carries a version-3 backup as the SQL one does (tests/fakes.py keeps the
care records' times and authors for it): export, restore into an empty fake, export again: equal. Read marks and
the practice's invitations by email too, the marks naming the restored messages."""

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
    clinicians.send_message(uow, person_id=client, body="Thanks", now=NOW + timedelta(minutes=3))
    lee = clinician(uow, "Lee")
    with uow:
        uow.care.acknowledge(client, "warning:x", by_person_id=doc, at=NOW)
        uow.settings.put(client, PersonSettings("lb", (2, 4), "06:45", "UTC"))
        uow.accounts.create(email="c@example.org", password_hash=HASH, person_id=client)
        uow.accounts.create(email="lee@example.org", password_hash=HASH, person_id=lee)
        uow.commit()
    invited = clinicians.add_practice_member(uow, person_id=doc, email="lee@example.org", now=NOW)
    clinicians.join_practice(uow, person_id=lee, invitation_id=invited.id, now=NOW + timedelta(hours=1))
    clinicians.add_practice_member(uow, person_id=doc, email="new@example.org", now=NOW + timedelta(hours=2))
    said = [m.id for m in clinicians.thread(uow, person_id=client).messages]
    clinicians.mark_thread_read(uow, person_id=client, up_to=said[0], now=NOW + timedelta(minutes=4))
    clinicians.mark_thread_read(uow, person_id=doc, client_id=client, up_to=said[1], now=NOW + timedelta(minutes=5))
    clinicians.send_message(uow, person_id=doc, client_id=client, body="See you Monday", now=NOW + timedelta(hours=3))
    first = backup.export_all(uow)
    people = {p["uuid"]: p for p in first["people"]}
    sam = next(p for p in people.values() if p["care"]["grants"])
    assert sam["care"]["notes"][0]["body"] == "private" and sam["care"]["outcome_schedule"]["every_days"] == 21
    assert sam["account"]["password_hash"] == HASH and sam["settings"]["unit"] == "lb"
    assert [p["name"] for p in first["practices"]] == ["North"]
    invitations = first["practices"][0]["invitations"]
    assert [(i["email"], i["accepted_at"] is not None) for i in invitations] == [
        ("lee@example.org", True),
        ("new@example.org", False),
    ]
    assert [r["message"] for r in sam["care"]["reads"]] == [0, 1]
    other = FakeUnitOfWork()
    backup.import_all(other, copy.deepcopy(first), library=library)
    assert backup.export_all(other) == first
    with other:
        ids = {p.display_name: p.id for p in other.people.all()}
        me, them = next(p.id for p in other.people.all() if p.uuid == sam["uuid"]), ids["Dr Rowe"]
        assert other.care.unread(me, [me]) == {me: 1} and other.care.unread(them, [me]) == {}
        assert [i.email for i in other.care.pending_practice_invitations(other.care.practices()[0].id)] == [
            "new@example.org"
        ]
    own = backup.export_all(uow, person_id=client)
    assert [r["message"] for r in own["people"][0]["care"]["reads"]] == [0]  # the client's own mark only
    assert own["practices"][0]["invitations"] == []
