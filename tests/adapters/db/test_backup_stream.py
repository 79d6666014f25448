"""The backup as a stream (issue 13): written a page of sessions at a time as the same text the whole document gives,
read back session by session with the same checks, in one transaction (a problem late in the file, or the file
breaking off, leaves the store as it was). On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, text

from gluterx.adapters.db.models import Base
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.domain.exercise import Library
from gluterx.services import backup, check_in, log_session
from gluterx.services.ports import ServiceError
from tests.adapters.db.test_store import START, first_session, me, perform

IMPORTED = 23  # sessions added as an import would, several on one day, so the pages split inside a day


def _set(reps: int) -> dict[str, Any]:
    return {
        "reps": reps,
        "load": 22.5,
        "unit": "lb" if reps % 2 else "kg",
        "band": None,
        "rir": 2,
        "rpe": None,
        "duration_s": None,
        "e1rm_kg": None,
        "warmup": False,
    }


def _filled(uow: SqlUnitOfWork, library: Library) -> dict[str, Any]:
    """A store with a programme, a logged session (its prescriptions refer to it), imported sessions with notes that
    are not ASCII, and a check-in; its backup as a document."""
    view = first_session(uow, library)
    log_session.log_session(uow, library, perform(view), person_id=me(uow))
    check_in.checkin(uow, library, pain=2, soreness=1, on=START + timedelta(days=1), person_id=me(uow))
    rows = [
        {
            "date": date(2025, 1, 1) + timedelta(days=i // 3),
            "notes": f'Über naïve — ✓ {i}\nline two "quoted"',
            "duration_s": 1800 + i,
            "source": "strong",
            "source_key": f"k{i}",
            "exercises": [
                {"exercise_id": "hip_thrust", "pain_during": 1, "felt_in": ["glutes"], "sets": [_set(8 + i % 3)] * 3},
                {"exercise_id": "glute_bridge", "pain_during": 0, "felt_in": [], "sets": []},
            ]
            if i % 5
            else [],
        }
        for i in range(IMPORTED)
    ]
    person = me(uow)
    with uow:
        uow.sessions.add_imported(person, rows)
        uow.commit()
    document = backup.export_all(uow)
    assert len(document["people"][0]["performed_sessions"]) == IMPORTED + 1
    assert document["people"][0]["programs"][0]["prescriptions"]  # references to a performed session
    return document


def _text(uow: SqlUnitOfWork) -> str:
    return "".join(backup.export_chunks(uow))


def _empty(engine: Engine) -> None:
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: what 'nothing changed' means."""
    with engine.connect() as conn:
        return {
            table: sorted((tuple(r) for r in conn.execute(text(f'SELECT * FROM "{table}"'))), key=repr)  # noqa: S608
            for table in sorted(inspect(conn).get_table_names())
        }


@pytest.mark.parametrize("page", [1, 2, 5, 500])
def test_the_streamed_backup_is_the_same_text_as_the_whole_document(
    uow: SqlUnitOfWork, library: Library, monkeypatch: pytest.MonkeyPatch, page: int
) -> None:
    document = _filled(uow, library)
    monkeypatch.setattr(backup, "EXPORT_PAGE", page)
    assert _text(uow) == json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def test_logged_pages_give_logged_in_order_whatever_the_page(uow: SqlUnitOfWork, library: Library) -> None:
    _filled(uow, library)
    person = me(uow)
    with uow:
        whole = uow.sessions.logged(person)
        assert uow.sessions.logged_ids(person) == [s.id for s in whole]
        for size in (1, 2, 3, 7, len(whole), len(whole) + 1):
            pages = list(uow.sessions.logged_pages(person, size))
            assert [s for p in pages for s in p] == whole, size
            assert all(1 <= len(p) <= size for p in pages)


def test_a_streamed_backup_restores_losslessly_byte_order_mark_and_all(
    uow: SqlUnitOfWork, library: Library, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _filled(uow, library)
    written = _text(uow).encode()
    monkeypatch.setattr(backup, "RESTORE_CHUNK", 4)  # several bulk writes for the one person
    for source in (written, b"\xef\xbb\xbf" + written):
        _empty(engine)
        counts = backup.restore_stream(uow, io.BytesIO(source), library=library)
        assert counts["sessions"] == IMPORTED + 1 and counts["people"] == 1 and counts["check-ins"] == 1
        assert counts["sets"] == sum(
            len(e["sets"]) for s in document["people"][0]["performed_sessions"] for e in s["exercises"]
        )
        assert backup.export_all(uow) == document
    with pytest.raises(ServiceError) as refused:
        backup.restore_stream(uow, io.BytesIO(written), library=library)
    assert [p.code for p in refused.value.problems] == ["store_not_empty"]
    counts = backup.restore_stream(uow, io.BytesIO(written), replace=True, library=library)
    assert backup.export_all(uow) == document


def test_fields_in_any_order_restore_the_same(uow: SqlUnitOfWork, library: Library, engine: Engine) -> None:
    """JSON objects have no order: the sessions before who the person is, the people before the version."""
    document = _filled(uow, library)
    person = document["people"][0]
    shuffled = {
        "people": [{key: person[key] for key in reversed(list(person))}],
        "version": document["version"],
        "format": document["format"],
    }
    _empty(engine)
    backup.restore_stream(uow, io.BytesIO(json.dumps(shuffled).encode()), library=library)
    assert backup.export_all(uow) == document


def _late_bad_set(document: dict[str, Any]) -> tuple[dict[str, Any], str]:
    sessions = document["people"][0]["performed_sessions"]
    j = max(i for i, s in enumerate(sessions) if s["exercises"] and len(s["exercises"][0]["sets"]) >= 2)
    assert j > len(sessions) // 2
    sessions[j]["exercises"][0]["sets"][1]["reps"] = -4
    return document, f"people[0].performed_sessions[{j}].exercises[0].sets[1].reps"


def test_a_problem_late_in_the_file_refuses_it_whole_after_sessions_were_written(
    uow: SqlUnitOfWork, library: Library, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written RESTORE_CHUNK sessions at a time; a bad set near the end, an unknown exercise in a programme and a
    dangling reference are all named, and the store is row for row what it was (a replace rolled back too)."""
    document, path = _late_bad_set(_filled(uow, library))
    program = document["people"][0]["programs"][0]
    program["prescriptions"][0]["performed_session"] = 999
    program["sessions"][0]["items"][0]["exercise_id"] = "quad_blaster_3000"
    monkeypatch.setattr(backup, "RESTORE_CHUNK", 2)
    before = dump(engine)
    with pytest.raises(ServiceError) as refused:
        backup.restore_stream(uow, io.BytesIO(json.dumps(document).encode()), replace=True, library=library)
    fields = {p.field for p in refused.value.problems}
    assert {
        path,
        "people[0].programs[0].prescriptions[0].performed_session",
        "people[0].programs[0].sessions[0].items[0].exercise_id",
    } <= fields
    assert refused.value.problems[0].code == "not_a_backup"
    assert dump(engine) == before


def test_a_bad_prescription_is_named_at_its_place_as_it_is_read_and_changes_nothing(
    uow: SqlUnitOfWork, library: Library, engine: Engine
) -> None:
    """Prescriptions are checked one by one as the stream reads them (not held as raw JSON): a bad one is named at
    its path, a programme that is no object at its own, and the file is refused whole."""
    document = _filled(uow, library)
    programs = document["people"][0]["programs"]
    assert len(programs[0]["prescriptions"]) >= 2
    programs[0]["prescriptions"][1]["action"] = "sprint"
    programs[0]["prescriptions"][1]["dose"]["sets"] = "three"  # the dose is read later: one problem at a time here
    programs.append(7)
    before = dump(engine)
    with pytest.raises(ServiceError) as refused:
        backup.restore_stream(uow, io.BytesIO(json.dumps(document).encode()), replace=True, library=library)
    fields = {p.field for p in refused.value.problems}
    assert "people[0].programs[0].prescriptions[1].action" in fields
    assert f"people[0].programs[{len(programs) - 1}]" in fields
    assert dump(engine) == before


def test_equal_doses_read_as_one_value_restore_what_was_backed_up(
    uow: SqlUnitOfWork, library: Library, engine: Engine
) -> None:
    """A history's repeated doses and reasons are read as one shared value each (memory): what is restored is
    still, prescription for prescription, what was backed up."""
    document = _filled(uow, library)
    prescriptions = document["people"][0]["programs"][0]["prescriptions"]
    doses = [json.dumps(rx["dose"], sort_keys=True) for rx in prescriptions]
    assert len(set(doses)) < len(doses)  # some repeat, so some are shared
    _empty(engine)
    backup.restore_stream(uow, io.BytesIO(json.dumps(document).encode()), library=library)
    assert backup.export_all(uow) == document


@pytest.mark.parametrize("cut", [2, 200, 5000])  # the last byte is the newline after the object
def test_a_file_that_breaks_off_is_refused_and_changes_nothing(
    uow: SqlUnitOfWork, library: Library, engine: Engine, monkeypatch: pytest.MonkeyPatch, cut: int
) -> None:
    _filled(uow, library)
    written = _text(uow).encode()
    monkeypatch.setattr(backup, "RESTORE_CHUNK", 2)
    before = dump(engine)
    with pytest.raises(ServiceError) as refused:
        backup.restore_stream(uow, io.BytesIO(written[:-cut]), replace=True, library=library)
    assert [p.code for p in refused.value.problems] == ["not_a_backup", "invalid"]
    assert "not valid JSON" in refused.value.problems[1].params["reason"]
    assert dump(engine) == before


@pytest.mark.parametrize(
    ("source", "code"),
    [
        (b"[1, 2]", "not_an_object"),
        (b'"a backup"', "not_an_object"),
        (b"", "invalid"),
        (b'{"format": "gluterx-backup", "version": 2, "people": []} trailing', "invalid"),
        (b'{"format": "gluterx-backup", "version": 2, "people": [], "extra": 1}', "unknown_field"),
        (b'{"format": "gluterx-backup", "version": 2, "people": [7]}', "invalid"),
    ],
)
def test_what_is_not_a_backup_is_named(uow: SqlUnitOfWork, library: Library, source: bytes, code: str) -> None:
    with pytest.raises(ServiceError) as refused:
        backup.restore_stream(uow, io.BytesIO(source), library=library)
    assert refused.value.problems[0].code == "not_a_backup"
    assert code in [p.code for p in refused.value.problems[1:]], refused.value.problems


def test_a_backup_of_another_version_is_named_after_its_fields_check_out(uow: SqlUnitOfWork) -> None:
    source = json.dumps({"format": "gluterx-backup", "version": 9, "people": []}).encode()
    with pytest.raises(ServiceError) as refused:
        backup.restore_stream(uow, io.BytesIO(source))
    assert [p.code for p in refused.value.problems] == ["wrong_backup_version"]


def test_a_person_in_the_same_uuid_twice_is_named_and_nothing_stored(
    uow: SqlUnitOfWork, library: Library, engine: Engine
) -> None:
    document = _filled(uow, library)
    document["people"].append(json.loads(json.dumps(document["people"][0])))
    document["people"][1]["created_at"] = datetime(2026, 1, 1).isoformat()
    _empty(engine)
    with pytest.raises(ServiceError) as refused:
        backup.restore_stream(uow, io.BytesIO(json.dumps(document).encode()), library=library)
    assert "people[1].uuid" in {p.field for p in refused.value.problems}
    with uow:
        assert not uow.people.all()


def test_a_file_wrong_everywhere_names_the_first_problems_and_counts_the_rest(
    uow: SqlUnitOfWork, library: Library
) -> None:
    document = _filled(uow, library)
    for s in document["people"][0]["performed_sessions"]:
        for e in s["exercises"]:
            for x in e["sets"]:
                x["reps"] = -1
    wrong = sum(len(e["sets"]) for s in document["people"][0]["performed_sessions"] for e in s["exercises"])
    with pytest.raises(ServiceError) as refused:
        backup.restore_stream(uow, io.BytesIO(json.dumps(document).encode()), replace=True, library=library)
    problems = refused.value.problems
    assert len(problems) == 1 + backup.MAX_PROBLEMS + 1
    assert problems[-1].code == "more_problems" and problems[-1].params["count"] == wrong - backup.MAX_PROBLEMS


class _NoSeek(io.RawIOBase):
    """A stream that cannot go back (a pipe)."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_a_backup_read_from_a_pipe_restores(uow: SqlUnitOfWork, library: Library, engine: Engine) -> None:
    document = _filled(uow, library)
    written = _text(uow).encode()
    _empty(engine)
    backup.restore_stream(uow, io.BufferedReader(_NoSeek(b"\xef\xbb\xbf" + written)), library=library)  # type: ignore[arg-type]
    assert backup.export_all(uow) == document


def test_each_programme_keeps_its_own_prescriptions_in_the_stream(
    uow: SqlUnitOfWork, library: Library, engine: Engine
) -> None:
    """A re-planned person has two programmes: each one's prescriptions are written under it, not the last one's."""
    from gluterx.services import start
    from tests.adapters.db.test_store import PROFILE

    _filled(uow, library)
    start.start(uow, library, {**PROFILE, "sessions_per_week": 2}, start_date=START, person_id=me(uow))
    document = backup.export_all(uow)
    programs = document["people"][0]["programs"]
    assert len(programs) == 2 and programs[0]["prescriptions"] and not programs[1]["prescriptions"]
    written = _text(uow)
    assert written == json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    _empty(engine)
    backup.restore_stream(uow, io.BytesIO(written.encode()), library=library)
    assert backup.export_all(uow) == document
