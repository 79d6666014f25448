"""Backups and reasons: a backup writes each reason's parts beside its words (kg), restores the parts as they were;
an older backup with words only restores each as one part said as written; parts GluteRx cannot read are refused with
their place named, and nothing is restored."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.domain.exercise import Library
from gluterx.domain.said import Reason
from gluterx.services import backup, log_session
from gluterx.services.ports import ServiceError
from tests.adapters.db.test_store import first_session, me, perform


def _entries(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Every planned item and prescription of the backup."""
    person = doc["people"][0]
    items = [i for p in person["programs"] for s in p["sessions"] for i in s["items"]]
    return (
        items + [rx for p in person["programs"] for rx in p.get("prescriptions", [])] + person.get("prescriptions", [])
    )


def _logged(uow: SqlUnitOfWork, library: Library) -> dict[str, Any]:
    view = first_session(uow, library)
    log_session.log_session(uow, library, perform(view, pain=7), person_id=me(uow))  # the engine eases off
    return backup.export_all(uow)


def test_a_backup_keeps_the_parts_beside_the_words_and_restores_them(uow: SqlUnitOfWork, library: Library) -> None:
    first = _logged(uow, library)
    entries = _entries(first)
    assert entries and all(Reason.from_json(e["reason_parts"]).words() == e["reason"] for e in entries)
    assert any(p["code"] == "pain_reached" for e in entries for p in e["reason_parts"])
    backup.import_all(uow, copy.deepcopy(first), replace=True)
    assert backup.export_all(uow) == first


def test_an_older_backup_restores_its_words_as_written(uow: SqlUnitOfWork, library: Library) -> None:
    old = _logged(uow, library)
    for entry in _entries(old):
        del entry["reason_parts"]
    backup.import_all(uow, copy.deepcopy(old), replace=True)
    again = _entries(backup.export_all(uow))
    assert [e["reason"] for e in again] == [e["reason"] for e in _entries(old)]
    assert all(e["reason_parts"] == Reason.as_written(e["reason"]).as_json() for e in again)


def test_parts_that_cannot_be_read_are_refused_and_nothing_is_restored(uow: SqlUnitOfWork, library: Library) -> None:
    doc = _logged(uow, library)
    before = copy.deepcopy(doc)
    _entries(doc)[0]["reason_parts"] = [{"code": "nonsense", "params": {}}]
    with pytest.raises(ServiceError) as refused:
        backup.import_all(uow, doc, replace=True)
    assert any("reason_parts" in p.field for p in refused.value.problems), refused.value.problems
    assert backup.export_all(uow) == before
