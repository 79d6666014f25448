"""Editing the profile (a new version, re-planned from the next session on) and the settings (unit, body mass,
training days, time, time zone) on the in-memory store."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gluterx.domain.exercise import Library
from gluterx.services import profile_edit, settings, today
from gluterx.services.ports import ServiceError
from gluterx.services.profiles import ProfileError
from tests.fakes import FakeUnitOfWork
from tests.services.loop import PROFILE, START, as_due, log_due, started

MIDWAY = START + timedelta(days=21)  # week 4, a Monday


def _planned(uow: FakeUnitOfWork, person_id: int) -> list:  # type: ignore[type-arg]
    with uow:
        program = uow.programs.active(person_id)
        assert program is not None
        return uow.programs.planned_all(program.id)


def test_editing_the_profile_replans_from_the_next_session_and_keeps_the_past(library: Library) -> None:
    """Less time per session: a new profile version; sessions from today on fit the new minutes, the ones before
    stay as planned, and the programme keeps its start (week numbers go on)."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    before = _planned(uow, person_id)
    edited = profile_edit.edit_profile(
        uow, library, {**PROFILE, "minutes_per_session": 15}, person_id=person_id, today=MIDWAY
    )
    assert (edited.status, edited.profile_version, edited.replanned_from) == ("ok", 2, MIDWAY)
    after = _planned(uow, person_id)
    assert [s for s in after if s.date < MIDWAY] == [s for s in before if s.date < MIDWAY]
    later_before = [s for s in before if s.date >= MIDWAY and s.kind == "strength"]
    later_after = [s for s in after if s.date >= MIDWAY and s.kind == "strength"]
    assert later_after and all(a.minutes <= 15.5 for a in later_after)
    assert any(b.minutes > 16 for b in later_before)
    assert later_after[0].week == later_before[0].week == 4
    with uow:
        program = uow.programs.active(person_id)
        latest = uow.profiles.latest(person_id)
        assert program is not None and latest is not None and program.profile_id == latest.id
        assert program.start_date == START and [p.version for p in uow.profiles.all(person_id)] == [1, 2]


def test_new_equipment_shows_on_the_next_session(library: Library) -> None:
    """No weights any more: today's session (from the re-plan on) names no dumbbell exercise."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    profile_edit.edit_profile(uow, library, {**PROFILE, "equipment": []}, person_id=person_id, today=MIDWAY)
    plan = today.today(uow, library, on=MIDWAY, person_id=person_id)
    assert plan.items
    assert all(not library.get(i.exercise_id).equipment for i in plan.items)


def test_a_session_logged_today_is_kept_and_the_replan_starts_tomorrow(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    log_due(uow, library, person_id, START)
    first = _planned(uow, person_id)[0]
    edited = profile_edit.edit_profile(
        uow, library, {**PROFILE, "minutes_per_session": 20}, person_id=person_id, today=START
    )
    assert edited.replanned_from == START + timedelta(days=1)
    assert _planned(uow, person_id)[0] == first and first.date == START


def test_a_red_flag_newly_ticked_gives_the_referral(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    edited = profile_edit.edit_profile(
        uow, library, {**PROFILE, "red_flags": ["bladder_control"]}, person_id=person_id, today=MIDWAY
    )
    assert edited.referral and edited.started is not None and edited.replanned_from is None
    with uow:
        program = uow.programs.active(person_id)
        assert program is not None and program.status == "referral"


def test_a_bad_profile_stores_nothing(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    commits = uow.commits
    with pytest.raises(ProfileError) as caught:
        profile_edit.edit_profile(
            uow, library, {**PROFILE, "minutes_per_session": 5}, person_id=person_id, today=MIDWAY
        )
    assert [p.field for p in caught.value.problems] == ["minutes_per_session"]
    assert uow.commits == commits


def test_training_days_put_sessions_on_those_weekdays_from_the_next_session(library: Library) -> None:
    """Tuesday, Thursday, Saturday: every strength session from the re-plan on falls on one of them."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    saved = settings.update_settings(uow, library, {"training_days": [6, 2, 4]}, person_id=person_id, today=MIDWAY)
    assert saved.replanned_from == MIDWAY and saved.settings.training_days == (2, 4, 6)
    assert saved.settings.day_names == ("Tuesday", "Thursday", "Saturday")
    after = _planned(uow, person_id)
    assert {s.date.isoweekday() for s in after if s.date >= MIDWAY and s.kind == "strength"} == {2, 4, 6}
    assert {s.date.isoweekday() for s in after if s.date < MIDWAY and s.kind == "strength"} == {1, 3, 5}
    assert len({s.date for s in after}) == len(after)  # one session a day at most


def test_training_days_must_match_the_sessions_a_week(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    with pytest.raises(ServiceError) as caught:
        settings.update_settings(uow, library, {"training_days": [1, 2]}, person_id=person_id, today=MIDWAY)
    assert [(p.field, p.code, p.params["count"]) for p in caught.value.problems] == [
        ("training_days", "training_days_count", 3)
    ]


def test_a_new_start_uses_the_chosen_days(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    settings.update_settings(uow, library, {"training_days": [2, 4, 7]}, person_id=person_id, today=MIDWAY)
    from gluterx.services import start

    start.start(uow, library, PROFILE, start_date=date(2026, 3, 2), person_id=person_id)
    assert {s.date.isoweekday() for s in _planned(uow, person_id) if s.kind == "strength"} == {2, 4, 7}


def test_unit_body_mass_time_and_zone(library: Library) -> None:
    """lb: the body mass is given in lb and stored in kg as a new profile version; time and zone are kept."""
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    saved = settings.update_settings(
        uow,
        library,
        {"unit": "lb", "body_mass": 165.0, "training_time": "07:30", "time_zone": "America/New_York"},
        person_id=person_id,
        today=MIDWAY,
    )
    s = saved.settings
    assert (s.unit, s.body_mass, s.training_time and s.training_time.isoformat(), s.time_zone) == (
        "lb",
        165.0,
        "07:30:00",
        "America/New_York",
    )
    assert s.body_mass_kg == pytest.approx(74.843, abs=0.001)
    assert saved.replanned_from is None
    again = settings.settings_of(uow, person_id=person_id)
    assert again == s
    assert settings.unit_of(uow, person_id=person_id) == "lb"


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"unit": "stone"}, "unit", "not_a_choice"),
        ({"training_time": "25:00"}, "training_time", "not_a_time"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "unknown_time_zone"),
        ({"training_days": [0]}, "training_days.0", "too_small"),
        ({"body_mass": 10.0}, "body_mass", "too_small"),
        ({"colour": "red"}, "colour", "unknown_field"),
    ],
)
def test_bad_settings_name_the_field_and_store_nothing(library: Library, data: dict, field: str, code: str) -> None:  # type: ignore[type-arg]
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    commits = uow.commits
    with pytest.raises(ServiceError) as caught:
        settings.update_settings(uow, library, data, person_id=person_id, today=MIDWAY)
    assert [(p.field, p.code) for p in caught.value.problems] == [(field, code)]
    assert uow.commits == commits


def test_defaults_before_any_choice(library: Library) -> None:
    uow = FakeUnitOfWork()
    person_id = started(uow, library)
    s = settings.settings_of(uow, person_id=person_id)
    assert (s.unit, s.training_days, s.calendar_time.isoformat(), s.calendar_zone) == ("kg", (), "18:00:00", "UTC")
    assert as_due  # the loop helpers stay importable
