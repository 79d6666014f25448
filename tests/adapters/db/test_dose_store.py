"""The store keeps doses as columns and hands back domain values: planned sessions with their items, and
prescriptions, on SQLite and PostgreSQL; reads stay a fixed number of queries; backups carry the structured dose
and old backups (doses in words) still restore."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from gluterx.adapters.db.models import Base
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.domain.dose import Band, Dose, Duration, Guidance, Hold, Load, RepRange, Tempo
from gluterx.domain.exercise import Library
from gluterx.domain.planner import plan_program
from gluterx.domain.progression import Action, Prescription
from gluterx.domain.said import Reason
from gluterx.domain.schedule import ScheduledSession, schedule
from gluterx.services import backup
from gluterx.services.backup import dose_from_json, dose_to_json
from gluterx.services.errors import words
from gluterx.services.ports import ServiceError
from gluterx.services.profiles import parse_profile
from gluterx.services.records import StoredPrescription

START = date(2026, 11, 23)  # a Monday
PROFILE: dict[str, Any] = {
    "age": 38,
    "goals": ["pain_relief", "fat_loss"],
    "pain": [{"region": "lower_back", "side": "both", "intensity": 4, "weeks": 20}],
    "sitting_hours_per_day": 9,
    "experience": "intermediate",
    "equipment": ["mini_band", "dumbbells", "kettlebell", "bench"],
    "sessions_per_week": 3,
    "minutes_per_session": 40,
}
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
LEGACY = json.loads((Path(__file__).parent / "legacy_planned_sessions.json").read_text())

DOSES = [
    Dose(3, RepRange(8, 12), Load.of_kg(22.5), 90, Tempo(2, 1, 2)),
    Dose(2, RepRange(10, 15), Load.of_band(Band.EXTRA_HEAVY), 45, Tempo(2, 2, 2), per_side=True),
    Dose(3, RepRange(6, 10), Load.in_reserve(1, 2), 120, Tempo(1, 1, 2, explosive=True)),
    Dose(3, RepRange(5, 6), Load.guided(Guidance.FAST_HIPS), 120, Tempo(1, 1, 2, explosive=True)),
    Dose(2, Hold(30), Load.bodyweight(Guidance.GENTLE_STRETCH), 15, per_side=True),
    Dose(1, Hold(5, reps=10)),
    Dose(1, Duration(25), Load.bodyweight(Guidance.EASY_PACE)),
]


@pytest.fixture
def plan(library: Library) -> list[ScheduledSession]:
    return schedule(plan_program(parse_profile(PROFILE), library, start=START))


def start_programme(uow: SqlUnitOfWork, sessions: list[ScheduledSession]) -> tuple[int, int]:
    """(person_id, program_id) of a new person with this programme."""
    with uow:
        person = uow.people.add(display_name="p")
        profile = uow.profiles.add_version(person.id, PROFILE)
        program = uow.programs.create_active(
            person_id=person.id, profile_id=profile.id, start_date=START, weeks=12, status="ok",
            screening={"status": "ok"}, sessions=sessions,
        )  # fmt: skip
        uow.commit()
        return person.id, program.id


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements run inside the block."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_a_programme_comes_back_as_the_scheduled_sessions_that_were_stored(
    uow: SqlUnitOfWork, plan: list[ScheduledSession]
) -> None:
    """Every session and every item (dose, reason, sources, slot, seconds, order) reads back equal."""
    _, program_id = start_programme(uow, plan)
    with uow.read_only() as u:
        assert u.programs.planned_between(program_id, date.min, date.max) == plan
        assert u.programs.planned_all(program_id) == plan
        assert u.programs.planned_on(program_id, plan[3].date) == plan[3]
        assert u.programs.planned_on(program_id, plan[0].date - timedelta(days=1)) is None
        assert u.programs.planned_from(program_id, plan[3].date) == plan[3:5]
        assert u.programs.planned_from(program_id, plan[3].date + timedelta(days=1), limit=3) == plan[4:7]
        assert u.programs.planned_between(program_id, plan[2].date, plan[5].date) == plan[2:6]
    kinds = {type(i.dose.work) for s in plan for i in s.items}
    assert kinds == {RepRange, Hold, Duration}  # the profile's plan has every kind of work


def test_planned_reads_are_one_query_however_many_sessions_and_items(
    engine: Engine, uow: SqlUnitOfWork, plan: list[ScheduledSession]
) -> None:
    """planned_from, planned_on and planned_between each run one SELECT (sessions joined to items)."""
    _, program_id = start_programme(uow, plan)
    with uow.read_only() as u, counting(engine) as statements:
        u.programs.planned_from(program_id, START, limit=2)
        u.programs.planned_on(program_id, START)
        u.programs.planned_between(program_id, START, START + timedelta(weeks=12))
    assert len(statements) == 3


def test_storing_a_programme_is_a_few_batched_inserts(
    engine: Engine, uow: SqlUnitOfWork, plan: list[ScheduledSession]
) -> None:
    """Hundreds of items go in without one statement per session or item."""
    with uow:
        person = uow.people.add(display_name="p")
        profile = uow.profiles.add_version(person.id, PROFILE)
        uow.session.flush()
        with counting(engine) as statements:
            uow.programs.create_active(
                person_id=person.id, profile_id=profile.id, start_date=START, weeks=12, status="ok",
                screening={}, sessions=plan,
            )  # fmt: skip
        uow.commit()
    assert sum(len(s.items) for s in plan) > 100
    assert len(statements) < 12, [s[:90] for s in statements]


def record(
    program_id: int, slot: str, dose: Dose, *, action: Action = Action.START, **extra: Any
) -> StoredPrescription:
    p = Prescription(
        extra.pop("exercise_id", slot),
        dose,
        action,
        Reason.as_written(f"{slot}: why"),
        ("acsm2009",),
        extra.pop("cue", None),
    )
    return StoredPrescription(program_id, slot, p, **extra)


def test_prescriptions_keep_every_kind_of_dose(uow: SqlUnitOfWork, plan: list[ScheduledSession]) -> None:
    """add_many, create, current_for_slots, from_session, dated_for_person and before_session give the domain values
    back."""
    person_id, program_id = start_programme(uow, plan)
    with uow:
        session_id = uow.sessions.add(person_id=person_id, day=START, notes="", exercises=[])
        first = [record(program_id, f"slot{i}", dose) for i, dose in enumerate(DOSES)]
        uow.prescriptions.add_many(first, person_id=person_id)
        after = [
            record(program_id, "slot0", replace(DOSES[0], load=Load.of_kg(25.0)), action=Action.PROGRESS_LOAD,
                   performed_session_id=session_id, logged_exercise_id="slot0"),
            record(program_id, "slot4", DOSES[4], action=Action.CUE, cue="squeeze first", exercise_id="other",
                   performed_session_id=session_id, logged_exercise_id="slot4"),
        ]  # fmt: skip
        ids = [uow.prescriptions.create(r, person_id=person_id) for r in after]
        uow.commit()
    assert ids[1] > ids[0]
    with uow.read_only() as u:
        current = u.prescriptions.current_for_slots(program_id, ["slot0", "slot4", "slot6", "nothing", "slot0"])
        assert current == {
            "slot0": after[0].prescription,
            "slot4": after[1].prescription,
            "slot6": first[6].prescription,
        }
        assert u.prescriptions.current_for_slots(program_id, ["slot5"]) == {"slot5": first[5].prescription}
        assert u.prescriptions.from_session(session_id) == after
        assert u.prescriptions.before_session(program_id, "slot0", session_id) == first[0].prescription
        assert u.prescriptions.before_session(program_id, "slot9", session_id) is None
        dated = u.prescriptions.dated_for_person(person_id)
        assert [r for r, _ in dated] == first + after
        assert all(isinstance(when, datetime) for _, when in dated)


def test_the_current_prescriptions_of_a_session_are_one_query(
    engine: Engine, uow: SqlUnitOfWork, plan: list[ScheduledSession]
) -> None:
    person_id, program_id = start_programme(uow, plan)
    with uow:
        for _ in range(5):
            uow.prescriptions.add_many(
                [record(program_id, f"slot{i}", d) for i, d in enumerate(DOSES)], person_id=person_id
            )
        uow.commit()
    with uow.read_only() as u, counting(engine) as statements:
        found = u.prescriptions.current_for_slots(program_id, [f"slot{i}" for i in range(len(DOSES))])
    assert len(found) == len(DOSES) and len(statements) == 1


def test_dose_json_round_trips_every_kind_of_dose() -> None:
    for dose in DOSES:
        assert dose_from_json(json.loads(json.dumps(dose_to_json(dose)))) == dose


def wipe(engine: Engine) -> None:
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


def test_a_backup_carries_the_structured_dose_and_restores_losslessly(
    engine: Engine, uow: SqlUnitOfWork, plan: list[ScheduledSession]
) -> None:
    """Export (since version 2, a "dose" per item and per prescription), restore into an empty store, export again: equal."""
    person_id, program_id = start_programme(uow, plan)
    with uow:
        session_id = uow.sessions.add(person_id=person_id, day=START, notes="", exercises=[])
        uow.prescriptions.add_many(
            [record(program_id, f"slot{i}", d) for i, d in enumerate(DOSES)], person_id=person_id
        )
        uow.prescriptions.create(
            record(program_id, "slot1", DOSES[1], performed_session_id=session_id), person_id=person_id
        )
        uow.commit()
    first = backup.export_all(uow)
    assert first["version"] == backup.VERSION  # doses structured since version 2
    program = first["people"][0]["programs"][0]
    assert program["sessions"][0]["items"][0]["dose"] == dose_to_json(plan[0].items[0].dose)
    assert [p["dose"] for p in program["prescriptions"]][: len(DOSES)] == [dose_to_json(d) for d in DOSES]
    wipe(engine)
    backup.import_all(uow, copy.deepcopy(first))
    assert backup.export_all(uow) == first
    with uow.read_only() as u:
        person = u.people.local()
        assert person is not None
        restored = u.programs.active(person.id)
        assert restored is not None
        assert u.programs.planned_all(restored.id) == plan


def old_backup() -> dict[str, Any]:
    """A version-1 backup, as the code of commit 58f0add wrote it: the fixture's old planned sessions (doses in words)
    and old prescriptions (sets, rep_low, rep_high, load_kg, band)."""
    sessions = [s for s in LEGACY["sessions"] if s["profile"] == "office_worker"]
    keys = ("week", "day", "date", "phase", "phase_name", "deload", "kind", "minutes")
    rx = {
        "logged_exercise_id": None,
        "performed_session": 0,
        "action": "progress_reps",
        "reason": "why",
        "sources": ["acsm2009"],
        "cue": None,
        "created_at": "2026-12-01T08:00:00+00:00",
    }
    return {"format": "gluterx-backup", "version": 1, "people": [{
        "uuid": "00000000-0000-0000-0000-000000000001", "display_name": "", "role": "person",
        "created_at": "2026-11-20T09:00:00+00:00",
        "profiles": [{"version": 1, "data": PROFILE, "created_at": "2026-11-20T09:00:00+00:00"}],
        "programs": [{
            "profile_version": 1, "start_date": "2026-11-23", "weeks": 12, "status": "ok", "screening": {},
            "active": True, "created_at": "2026-11-20T09:00:00+00:00",
            "sessions": [{**{k: s[k] for k in keys},
                          "items": [{k: v for k, v in i.items() if k != "expected_dose"} for i in s["items"]]}
                         for s in sessions],
            "prescriptions": [
                {**rx, "planned_exercise_id": "banded_fire_hydrant", "exercise_id": "banded_fire_hydrant",
                 "sets": 3, "rep_low": 10, "rep_high": 12, "load_kg": None, "band": "strong"},
                {**rx, "planned_exercise_id": "dumbbell_hip_thrust", "exercise_id": "dumbbell_hip_thrust",
                 "sets": 3, "rep_low": 8, "rep_high": 12, "load_kg": None, "band": None},
                {**rx, "planned_exercise_id": "standing_glute_squeeze", "exercise_id": "standing_glute_squeeze",
                 "sets": 1, "rep_low": 12, "rep_high": 12, "load_kg": None, "band": None},
            ],
        }],
        "performed_sessions": [{"date": "2026-12-30", "notes": "", "duration_s": None, "session_rpe": None,
                                "source": "gluterx", "source_key": None, "created_at": "2026-12-30T18:00:00+00:00",
                                "exercises": []}],
        "checkins": [],
    }]}  # fmt: skip


@pytest.mark.parametrize("with_library", [True, False])
def test_an_old_backup_with_doses_in_words_still_restores(
    uow: SqlUnitOfWork, library: Library, with_library: bool
) -> None:
    """Version 1: each old item becomes its structured dose, each old prescription its dose (kind of work from the
    library, or from the slot's planned item without one; rest and tempo from the slot's plan)."""
    data = old_backup()
    backup.import_all(uow, data, library=library if with_library else None)
    expected = [
        [dose_from_json(i["expected_dose"]) for i in s["items"]]
        for s in LEGACY["sessions"]
        if s["profile"] == "office_worker"
    ]
    with uow.read_only() as u:
        person = u.people.local()
        assert person is not None
        person_id = person.id
        program = u.programs.active(person_id)
        assert program is not None
        assert [[i.dose for i in s.items] for s in u.programs.planned_all(program.id)] == expected
        found = {r.planned_exercise_id: r.prescription.dose for r, _ in u.prescriptions.dated_for_person(person_id)}
    hydrant = _last_planned("banded_fire_hydrant")
    thrust = _last_planned("dumbbell_hip_thrust")
    squeeze = _last_planned("standing_glute_squeeze")
    assert found == {
        "banded_fire_hydrant": Dose(3, RepRange(10, 12), Load.of_band(Band.HEAVY), hydrant.rest_s, hydrant.tempo, True),
        "dumbbell_hip_thrust": Dose(3, RepRange(8, 12), Load.in_reserve(2, 2), thrust.rest_s, thrust.tempo),
        "standing_glute_squeeze": Dose(1, Hold(5, reps=12), Load.bodyweight(), squeeze.rest_s, squeeze.tempo),
    }
    exported = backup.export_all(uow)
    assert exported["version"] == backup.VERSION


def _last_planned(exercise_id: str) -> Dose:
    """The office worker's planned dose of `exercise_id` on or before the logged session (2026-12-30)."""
    found = [
        (s["date"], i["expected_dose"])
        for s in LEGACY["sessions"]
        if s["profile"] == "office_worker" and s["date"] <= "2026-12-30"
        for i in s["items"]
        if i["exercise_id"] == exercise_id
    ]
    return dose_from_json(max(found, key=lambda pair: pair[0])[1])


def test_a_backup_with_an_unreadable_dose_names_it_and_stores_nothing(uow: SqlUnitOfWork) -> None:
    data = old_backup()
    data["people"][0]["programs"][0]["sessions"][1]["items"][2]["reps"] = "lots"
    with pytest.raises(ServiceError) as info:
        backup.import_all(uow, data)
    assert any(
        p.field == "people[0].programs[0].sessions[1].items" and "reps: 'lots'" in words(p) for p in info.value.problems
    )
    with uow.read_only() as u:
        assert u.people.local() is None


def test_the_calendar_export_carries_each_planned_dose(
    uow: SqlUnitOfWork, library: Library, plan: list[ScheduledSession]
) -> None:
    """calendar_sessions reads the structured items: the first item's dose is the plan's own."""
    from gluterx.services.calendar import calendar_sessions

    person_id, _ = start_programme(uow, plan)
    first = calendar_sessions(uow, library, today=plan[0].date, person_id=person_id)[0]
    item = plan[0].items[0]
    assert (first.items[0].exercise_id, first.items[0].dose) == (item.exercise_id, item.dose)
    assert first.items[0].name == library.display_name(item.exercise_id)
