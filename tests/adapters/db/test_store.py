"""The store on a real database: migrations, versioned profiles, the person's loop, transactions, backups."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import inspect

from gluterx.adapters.db.models import Base
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.domain.dose import target
from gluterx.domain.exercise import Library
from gluterx.services import backup, check_in, history, log_session, people, start
from gluterx.services.contract import checkin_json, log_json, today_json
from gluterx.services.ports import ServiceError
from gluterx.services.profiles import ProfileError
from gluterx.services.today import TodayPlan, today

START = date(2026, 11, 23)  # a Monday
PROFILE: dict[str, Any] = {
    "age": 38,
    "goals": ["pain_relief"],
    "pain": [{"region": "lower_back", "side": "both", "intensity": 4, "weeks": 20}],
    "sitting_hours_per_day": 9,
    "experience": "beginner",
    "equipment": ["mini_band", "dumbbells", "bench"],
    "sessions_per_week": 3,
    "minutes_per_session": 30,
}


def me(uow: SqlUnitOfWork) -> int:
    """The local person (the CLI's), created on first use."""
    return people.local_person_id(uow, create=True)


def first_session(uow: SqlUnitOfWork, library: Library) -> TodayPlan:
    start.start(uow, library, PROFILE, start_date=START, person_id=me(uow))
    return today(uow, library, on=START, person_id=me(uow))


def perform(view: TodayPlan, *, pain: int = 1, felt: tuple[str, ...] = ("glutes",), reps: int | None = None):  # type: ignore[no-untyped-def]
    """SESSION.json for doing the day's session as due: the top of each range, reps to spare."""
    exercises = []
    for item in view.items:
        top = target(item.dose.work).high
        exercises.append(
            {
                "exercise_id": item.exercise_id,
                "sets": [
                    {"reps": reps if reps is not None else top, "load_kg": None, "band": None, "rir": 3, "rpe": None}
                ]
                * item.dose.sets,
                "pain_during": pain,
                "felt_in": list(felt),
            }
        )
    return {"date": view.date.isoformat(), "exercises": exercises, "notes": ""}


def test_migrations_create_every_table(engine) -> None:  # type: ignore[no-untyped-def]
    """`alembic upgrade head` builds the whole schema, and running it again changes nothing."""
    tables = set(inspect(engine).get_table_names())
    assert {
        "people",
        "profiles",
        "programs",
        "planned_sessions",
        "performed_sessions",
        "performed_exercises",
        "sets",
        "checkins",
        "prescriptions",
        "alembic_version",
    } <= tables
    from gluterx.adapters.db.engine import migrate

    migrate(engine)


def test_start_twice_keeps_the_old_profile_version(uow: SqlUnitOfWork, library: Library) -> None:
    """A changed profile is a new version; the first stays, and only the newest programme is active."""
    start.start(uow, library, PROFILE, start_date=START, person_id=me(uow))
    start.start(
        uow, library, {**PROFILE, "minutes_per_session": 20}, start_date=START + timedelta(days=7), person_id=me(uow)
    )
    with uow:
        person = uow.people.local()
        versions = [p.version for p in uow.profiles.all(person.id)]
        programs = uow.programs.all(person.id)
        assert versions == [1, 2]
        assert [p.active for p in programs] == [False, True]


def test_today_gives_the_planned_session_or_the_next_date(uow: SqlUnitOfWork, library: Library) -> None:
    """Day 1 has items; a rest day says when the next session is."""
    view = first_session(uow, library)
    assert (view.week, view.day, view.rest_day) == (1, 1, False)
    assert view.items
    rest = today(uow, library, on=START - timedelta(days=3), person_id=me(uow))
    assert rest.rest_day is True
    assert rest.next_session_date == START


def test_logging_progresses_the_next_session(uow: SqlUnitOfWork, library: Library) -> None:
    """Top of the range, reps to spare, no pain, twice in a row: the first time the same again to confirm, the
    second time the slot is harder."""
    view = first_session(uow, library)
    result = log_json(log_session.log_session(uow, library, perform(view), person_id=me(uow)))
    assert result["sets_logged"] == sum(i.dose.sets for i in view.items)
    assert not any(c["progressing"] for c in result["changes"] if c["next"])
    assert any(c["action"] == "confirm" for c in result["changes"])
    again = next(
        plan
        for n in range(1, 14)
        if (plan := today(uow, library, on=START + timedelta(days=n), person_id=me(uow))).items
        and plan.items[0].exercise_id == view.items[0].exercise_id
    )
    second = log_json(log_session.log_session(uow, library, perform(again), person_id=me(uow)))
    assert any(c["progressing"] for c in second["changes"] if c["next"])
    week3 = today_json(today(uow, library, on=START + timedelta(days=14), person_id=me(uow)))
    assert week3["items"][0]["reason"] != view.items[0].reason.words()


def test_a_validation_error_stores_nothing(uow: SqlUnitOfWork, library: Library) -> None:
    """One bad set in the session: nothing of it is stored, and the message names the field."""
    view = first_session(uow, library)
    bad = perform(view)
    bad["exercises"][-1]["sets"][0] = {"reps": -3}
    with pytest.raises(ServiceError) as info:
        log_session.log_session(uow, library, bad, person_id=me(uow))
    assert any(p.field == f"exercises.{len(bad['exercises']) - 1}.sets.0.reps" for p in info.value.problems)
    unknown = perform(view)
    unknown["exercises"][0]["exercise_id"] = "hip_thurst"
    with pytest.raises(ServiceError, match="did you mean"):
        log_session.log_session(uow, library, unknown, person_id=me(uow))
    assert history.sessions(uow, person_id=me(uow)) == ()


def test_a_failure_inside_the_transaction_rolls_back_everything(
    uow: SqlUnitOfWork, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash after the sets are written but before commit leaves no half session."""
    view = first_session(uow, library)

    class Boom(RuntimeError):
        pass

    def failing_commit(_self: SqlUnitOfWork) -> None:
        raise Boom

    person = me(uow)
    # every unit of work's commit: on SQLite the writes run in the shared commit's own unit of work (uow.py)
    with monkeypatch.context() as patch:
        patch.setattr(SqlUnitOfWork, "commit", failing_commit)
        with pytest.raises(Boom):
            log_session.log_session(uow, library, perform(view), person_id=person)
    with uow:
        assert uow.sessions.count_sets(uow.people.local().id) == 0


def test_next_morning_pain_above_usual_regresses(uow: SqlUnitOfWork, library: Library) -> None:
    """Pain 7 the morning after (usual 4): yesterday's prescriptions step back, and a critical alert shows."""
    view = first_session(uow, library)
    log_session.log_session(uow, library, perform(view), person_id=me(uow))
    result = checkin_json(check_in.checkin(uow, library, pain=7, on=START + timedelta(days=1), person_id=me(uow)))
    assert result["changes"]
    assert all(not c["progressing"] for c in result["changes"])
    assert any(a["level"] == "critical" for a in result["alerts"])


def test_profile_errors_store_nothing(uow: SqlUnitOfWork, library: Library) -> None:
    """An invalid profile leaves the store empty."""
    person = me(uow)
    with pytest.raises(ProfileError):
        start.start(uow, library, {**PROFILE, "age": 3}, start_date=START, person_id=person)
    with uow:
        assert uow.profiles.latest(person) is None
        assert uow.programs.active(person) is None


def test_backup_round_trip_is_lossless(uow: SqlUnitOfWork, library: Library, engine) -> None:  # type: ignore[no-untyped-def]
    """Export, restore into an empty store, export again: the two backups are identical."""
    view = first_session(uow, library)
    log_session.log_session(uow, library, {**perform(view), "leg_symptoms_spread": False}, person_id=me(uow))
    check_in.checkin(uow, library, pain=3, soreness=2, on=START + timedelta(days=1), person_id=me(uow))
    first = backup.export_all(uow)
    person = first["people"][0]
    assert person["checkins"][0]["soreness"] == 2  # the answers asked apart are kept too
    assert person["performed_sessions"][0]["leg_symptoms_spread"] is False
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    counts = backup.import_all(uow, copy.deepcopy(first))
    assert counts["sessions"] == 1
    assert backup.export_all(uow) == first
    with pytest.raises(ServiceError) as refused:
        backup.import_all(uow, first)
    assert [p.code for p in refused.value.problems] == ["store_not_empty"]
    backup.import_all(uow, first, replace=True)
    assert backup.export_all(uow) == first


def test_a_damaged_backup_is_refused_and_changes_nothing(uow: SqlUnitOfWork, library: Library) -> None:
    """A backup with a missing field is named and nothing is restored."""
    first_session(uow, library)
    data = backup.export_all(uow)
    del data["people"][0]["uuid"]
    with pytest.raises(ServiceError, match="damaged"):
        backup.import_all(uow, data, replace=True)
    with uow:
        assert uow.people.local() is not None
