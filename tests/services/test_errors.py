"""Errors are data: the Problem value, the catalogue that words it, and the one pydantic -> Problems conversion."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from gluterx.services.errors import (
    CATALOGUE,
    Problem,
    ServiceError,
    line,
    problems_from_validation,
    validated,
    words,
)
from gluterx.services.profiles import ProfileError, ProfileIn, parse_profile
from gluterx.services.session_input import SessionIn

SRC = Path(__file__).resolve().parents[2] / "src" / "gluterx"
# One example of every code's params; a new code without an example fails test_every_code_has_an_example.
EXAMPLES: dict[str, dict[str, Any]] = {
    "not_an_object": {"fields": ["date", "exercises", "notes"]},
    "unknown_field": {"allowed": ["reps", "load_kg"]},
    "required": {},
    "no_goal": {},
    "unanswered": {"what": "screening"},
    "not_whole_number": {},
    "too_small": {"minimum": 16, "inclusive": True},
    "too_large": {"maximum": 10, "inclusive": True},
    "too_short": {"min_length": 10, "unit": "characters"},
    "too_long": {"max_length": 120, "unit": "characters"},
    "not_a_choice": {"expected": "'knee' or 'hip'"},
    "invalid": {"reason": "unknown band 'pink'; use one of yellow, red"},
    "control_character": {"codepoint": "U+0000", "position": 3},
    "day_out_of_range": {"value": date(1999, 1, 1), "low": date(2000, 1, 1), "high": date(2199, 12, 31)},
    "pain_out_of_range": {"value": 11, "low": 0, "high": 10},
    "unknown_exercise": {"value": "glute_brige", "close": ["glute_bridge"]},
    "unknown_equipment": {"values": ["hovercraft"], "allowed": ["mini_band", "dumbbells"]},
    "unknown_flags": {"values": ["flying_saucer"], "count": 14},
    "unknown_condition": {"value": "hip_replacment", "allowed": ["hip_replacement", "pregnancy"]},
    "duplicate_condition": {"values": ["osteoporosis"]},
    "invalid_email": {},
    "groc_at_start": {},
    "groc_required": {},
    "duplicate_activity": {"name": "Climbing stairs"},
    "before_first_outcome": {"first": "2026-03-02"},
    "no_programme": {},
    "no_profile": {},
    "no_person": {"person_id": 7},
    "no_session": {"session_id": 12},
    "nothing_to_export": {"reason": "No sets logged yet."},
    "nothing_yet": {},
    "email_taken": {},
    "wrong_credentials": {},
    "locked": {"seconds": 45},
    "password_blank": {},
    "password_common": {},
    "wrong_password": {},
    "no_token": {"token_id": 3},
    "no_browser_session": {"session_id": 4},
    "day_count_out_of_range": {"low": 1, "high": 365},
    "sign_up_attempt": {},
    "not_a_backup": {},
    "wrong_backup_version": {"expected_format": "gluterx", "expected_version": 2, "format": "other", "version": 1},
    "store_not_empty": {},
    "rows_rejected": {"count": 3},
    "row_error": {"line": 4, "reason": "Reps: '7.5' is not a whole number"},
    "more_row_errors": {"count": 5},
    "more_problems": {"count": 5},
    "imported_session": {"session_id": 7},
    "bad_idempotency_key": {"max_length": 200},
    "idempotency_key_reused": {"date": "2026-12-05"},
    "idempotency_key_busy": {},
    "duplicate_session": {"date": "2026-12-05"},
    # clinicians and their clients (issue 16)
    "not_a_clinician": {},
    "already_clinician": {},
    "invitation_unknown": {},
    "invitation_used": {},
    "invitation_expired": {},
    "invitation_own": {},
    "invitation_for_clinician": {},
    "already_connected": {},
    "no_grant": {},
    "no_clinician": {},
    "no_client": {"client_id": 12},
    "no_alert": {},
    "not_practice_owner": {},
    "no_practice_invitation": {},
    "in_a_practice": {},
    "week_count_out_of_range": {"low": 1, "high": 12},
    "practice_invitation_expired": {},
    "only_owner_cancels": {},
    "no_sent_practice_invitation": {},
    "clinicians_change": {},
    "no_note_text": {},
    "load_unfit": {"name": "Clamshell", "load": "a weight", "fits": "bodyweight or a band"},
    "work_unfit": {"name": "Side plank", "measure": "a timed hold", "fix": "a hold in seconds"},
    "activity_day": {"day": "2026-12-09"},
    "already_in_session": {"name": "Bird dog", "day": "2026-12-07"},
    "not_addable": {"name": "Barbell hip thrust"},
    "clients_change": {},
    "training_days_count": {"count": 3},
    "not_a_time": {},
    "unknown_time_zone": {"value": "Mars/Olympus"},
    "confirm_email": {},
    "same_email": {},
    "no_planned_session": {"day": "2026-12-07"},
    "not_in_session": {"name": "Glute bridge", "day": "2026-12-07"},
    "not_swappable": {"name": "Walking"},
    "not_an_alternative": {"name": "Barbell hip thrust"},
    "day_in_the_past": {"day": "2026-12-01"},
    "day_taken": {"day": "2026-12-08"},
    "outside_programme": {"start": "2026-12-01", "end": "2027-02-22"},
    "same_day": {},
    "no_adjustment": {"adjustment_id": 7},
    "already_undone": {},
    "no_account": {},
}
NOT_SHOWN = {"inclusive", "type"}  # params that choose the words rather than appear in them


def _shown(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def test_every_code_has_an_example() -> None:
    """The examples below cover the whole catalogue, so every code is worded in these tests."""
    assert set(EXAMPLES) == set(CATALOGUE)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_has_words_with_its_params_filled_in(code: str) -> None:
    """Each code words its example Problem in plain text: no placeholder left, every value it was given shown."""
    message = words(Problem("x", code, EXAMPLES[code]))
    assert message and "{" not in message and "}" not in message
    for key, value in EXAMPLES[code].items():
        if key not in NOT_SHOWN:
            assert all(part in message for part in _shown(value)), (key, message)


def test_every_code_the_services_and_adapters_raise_has_words() -> None:
    """Every code literal given to Problem(...) in the source is in the catalogue."""
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"Problem\(\s*[^,()]+,\s*\"([a-z_]+)\"", text))
    assert used, "the pattern found no Problem(...) at all"
    assert used <= set(CATALOGUE), used - set(CATALOGUE)


def test_an_unknown_code_still_reads_as_words() -> None:
    """A code missing from the catalogue falls back to its own words instead of failing."""
    assert words(Problem("", "some_new_thing")) == "some new thing"


def test_an_audience_words_a_code_its_own_way_and_keeps_the_rest() -> None:
    """Overrides replace only their codes; str templates are filled from params like the catalogue's."""
    mine = {"no_programme": "run start first", "no_person": "nobody called {person_id}"}
    assert words(Problem("", "no_programme"), mine) == "run start first"
    assert words(Problem("", "no_person", {"person_id": 3}), mine) == "nobody called 3"
    assert words(Problem("", "required"), mine) == CATALOGUE["required"]


def test_the_close_matches_choose_the_unknown_exercise_words() -> None:
    """With close ids the message suggests them; without, it says where the list of ids is."""
    assert "did you mean glute_bridge?" in words(
        Problem("", "unknown_exercise", {"value": "g", "close": ["glute_bridge"]})
    )
    assert "did you mean" not in words(Problem("", "unknown_exercise", {"value": "zzz", "close": []}))


def test_a_problem_is_a_frozen_value_with_read_only_params() -> None:
    """Problems compare by value and cannot be changed after they are made."""
    given = {"value": 11}
    problem = Problem("pain", "pain_out_of_range", given)
    given["value"] = 3
    assert problem == Problem("pain", "pain_out_of_range", {"value": 11})
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.code = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        problem.params["value"] = 2  # type: ignore[index]


def test_a_service_error_keeps_its_problems_and_reads_field_by_field() -> None:
    """str(ServiceError) is 'field: words' per problem, the overall code defaults to invalid."""
    exc = ServiceError(
        [Problem("pain", "pain_out_of_range", {"value": 11, "low": 0, "high": 10}), Problem("", "required")]
    )
    assert exc.code == "invalid"
    assert [p.code for p in exc.problems] == ["pain_out_of_range", "required"]
    assert (
        str(exc) == "pain: 11 is not allowed; give a whole number from 0 (none) to 10 (worst); required; please give it"
    )
    assert line(Problem("pain", "required"), name="--pain") == "--pain: required; please give it"


def test_ports_still_exports_service_error_for_existing_importers() -> None:
    """`from gluterx.services.ports import ServiceError, Problem` keeps working."""
    from gluterx.services import ports

    assert ports.ServiceError is ServiceError
    assert ports.Problem is Problem


# ------------------------------------------------------------------------------------------------ from pydantic


def _session_problems(data: dict[str, Any]) -> dict[str, Problem]:
    with pytest.raises(ValidationError) as caught:
        SessionIn.model_validate(data)
    return {p.field: p for p in problems_from_validation(caught.value, model=SessionIn)}


def test_pydantic_errors_become_problems_by_loc_type_and_ctx() -> None:
    """Each error's loc is the dotted field, its type the code, its ctx the params."""
    found = _session_problems(
        {
            "exercises": [
                {"exercise_id": "glute_bridge", "sets": [{"reps": 3.5}, {"reps": 2000}, {"reps": 1, "colour": "red"}]}
            ],
        }
    )
    assert found["date"].code == "required"
    assert found["exercises.0.sets.0.reps"].code == "not_whole_number"
    too_many = found["exercises.0.sets.1.reps"]
    assert (too_many.code, too_many.params["maximum"], too_many.params["inclusive"]) == ("too_large", 1000, True)
    assert words(too_many) == "must be at most 1000"
    extra = found["exercises.0.sets.2.colour"]
    assert extra.code == "unknown_field"
    assert list(extra.params["allowed"]) == ["reps", "load_kg", "band", "rir", "rpe"]


def test_a_validators_own_sentence_is_carried_as_the_reason() -> None:
    """A field validator's ValueError keeps its words (they name the fix) under code `invalid`."""
    found = _session_problems(
        {"date": "2026-11-23", "exercises": [{"exercise_id": "glute_bridge", "sets": [{"reps": 1, "band": "pink"}]}]}
    )
    problem = found["exercises.0.sets.0.band"]
    assert problem.code == "invalid"
    assert "unknown band 'pink'" in words(problem)


def test_a_custom_pydantic_error_with_a_catalogue_code_keeps_its_code_and_params() -> None:
    """The profile's red-flag validator raises `unknown_flags`; its ctx becomes the params."""
    with pytest.raises(ProfileError) as caught:
        parse_profile({"age": 40, "red_flags": ["flying_saucer"]})
    (problem,) = caught.value.problems
    assert (problem.field, problem.code) == ("red_flags", "unknown_flags")
    assert list(problem.params["values"]) == ["flying_saucer"]
    assert caught.value.code == "invalid" and isinstance(caught.value, ServiceError)


def test_a_profile_with_bad_fields_names_each_and_lists_the_allowed_fields() -> None:
    """Age out of range, pain intensity not whole, an unknown field in a pain entry: one Problem each."""
    with pytest.raises(ProfileError) as caught:
        parse_profile({"age": 12, "pain": [{"region": "knee", "intensity": 2.5, "colour": 1}]})
    found = {p.field: p for p in caught.value.problems}
    assert found["age"].code == "too_small" and words(found["age"]) == "must be at least 16"
    assert found["pain.0.intensity"].code == "not_whole_number"
    assert list(found["pain.0.colour"].params["allowed"]) == ["region", "side", "intensity", "weeks"]
    assert "age" in list(ProfileIn.model_fields)


def test_huge_values_are_not_repeated_back() -> None:
    """A 10**30 age or a 5 MB note stays out of the params."""
    with pytest.raises(ProfileError) as caught:
        parse_profile({"age": 10**30})
    assert caught.value.problems[0].params.get("value") is None


class _Point(BaseModel):
    model_config = ConfigDict(extra="forbid")

    x: int
    y: int = 0


def test_validated_gives_the_model_or_names_what_is_wrong() -> None:
    """Not an object: one Problem listing the model's fields; an object: one Problem per bad field; else the model."""
    with pytest.raises(ServiceError) as not_object:
        validated(_Point, [1, 2])
    assert not_object.value.problems == [Problem("", "not_an_object", {"fields": ["x", "y"]})]
    with pytest.raises(ServiceError) as bad:
        validated(_Point, {"y": "far", "z": 1})
    assert [(p.field, p.code) for p in bad.value.problems] == [
        ("x", "required"), ("y", "not_whole_number"), ("z", "unknown_field")
    ]  # fmt: skip
    assert list(bad.value.problems[2].params["allowed"]) == ["x", "y"]
    assert validated(_Point, {"x": 3}) == _Point(x=3, y=0)
