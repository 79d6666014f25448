"""The in-memory store keeps only what a unit of work commits, like the SQL one."""

from __future__ import annotations

import pytest

from gluterx.domain.exercise import Library
from gluterx.services.ports import UnitOfWork, read_only
from tests.fakes import FakePrescriptions, FakeUnitOfWork
from tests.services.loop import START, log_due, new_person, started


def test_changes_inside_a_unit_of_work_are_kept_only_when_committed() -> None:
    """Leaving `with uow:` without commit() drops what was added; after commit() a new unit of work sees it."""
    uow = FakeUnitOfWork()
    with uow:
        uow.people.add(display_name="dropped")
    with uow:
        assert uow.people.all() == []
        uow.people.add(display_name="kept")
        uow.commit()
    with uow:
        assert [p.display_name for p in uow.people.all()] == ["kept"]


def test_a_read_only_unit_of_work_refuses_to_commit() -> None:
    """read_only() on the fake behaves as on SQLite: it reads the committed store and cannot commit."""
    uow = FakeUnitOfWork()
    new_person(uow)
    with read_only(uow) as reading, pytest.raises(RuntimeError, match="read-only"):
        assert len(reading.people.all()) == 1
        reading.commit()


def test_a_use_case_that_fails_half_way_stores_nothing(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """log_session fails after writing the session (storing its prescriptions breaks): no session is kept."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    commits = uow.commits

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(FakePrescriptions, "add_many", broken)
    with pytest.raises(OSError, match="disk full"):
        log_due(uow, library, person_id, START)
    assert uow.commits == commits
    with uow:
        assert uow.sessions.logged(person_id) == []


def test_the_fake_is_a_unit_of_work() -> None:
    """The fake fits the services' port (mypy checks tests/fakes.py structurally; this checks it at run time)."""
    uow: UnitOfWork = FakeUnitOfWork()
    for name in ("people", "profiles", "programs", "sessions", "checkins", "prescriptions", "accounts"):
        assert getattr(uow, name) is not None
