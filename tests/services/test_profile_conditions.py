"""PROFILE.json `conditions`: every condition parses, every bad field is named with what is allowed, the questions
match what the parser accepts, old profiles keep working, and a profile round-trips."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gluterx.domain.conditions import (
    QUESTIONS,
    AnswerKind,
    Approach,
    Birth,
    ConditionId,
    FallsLastYear,
    HipReplacement,
    Osteoporosis,
    Postnatal,
    Pregnancy,
    question,
)
from gluterx.domain.exercise import Library
from gluterx.domain.profile import Side
from gluterx.services.backup import export_all, import_all
from gluterx.services.errors import Problem, line
from gluterx.services.guards import program_profile
from gluterx.services.profiles import (
    CONDITION_MODELS,
    LEGACY_PREGNANCY_TRIMESTER,
    ProfileError,
    condition_questions_json,
    parse_profile,
    profile_to_json,
    stored_profile,
)
from tests.fakes import FakeUnitOfWork
from tests.services.loop import new_person, started
from tests.strategies import conditions as condition_lists
from tests.strategies import profiles

# One valid answer for each condition.
EXAMPLES: dict[ConditionId, dict[str, Any]] = {
    ConditionId.HIP_REPLACEMENT: {"side": "left", "approach": "posterior", "months_since": 4},
    ConditionId.KNEE_REPLACEMENT: {"side": "right", "months_since": 12},
    ConditionId.PREGNANCY: {"trimester": 2},
    ConditionId.POSTNATAL: {"weeks_since": 8, "birth": "caesarean"},
    ConditionId.PELVIC_GIRDLE_PAIN: {},
    ConditionId.GLUTEAL_TENDINOPATHY: {"side": "left"},
    ConditionId.HIP_OSTEOARTHRITIS: {"side": "both"},
    ConditionId.KNEE_OSTEOARTHRITIS: {"side": "right"},
    ConditionId.OSTEOPOROSIS: {},
    ConditionId.RADICULAR_LEG_PAIN: {"side": "left"},
    ConditionId.FALLS_LAST_YEAR: {"count": 2},
}
# A wrong value for each kind of follow-up, and what the problem must then name.
WRONG = {AnswerKind.CHOICE: "sideways", AnswerKind.WHOLE_NUMBER: 10_000}


def problems(conditions: Any, **more: Any) -> list[Problem]:
    with pytest.raises(ProfileError) as caught:
        parse_profile({"age": 40, "conditions": conditions, **more})
    return caught.value.problems


@pytest.mark.parametrize("condition_id", list(ConditionId))
def test_every_condition_parses_to_its_domain_value_and_round_trips(condition_id: ConditionId) -> None:
    """Each id with its fields becomes the typed condition, and profile_to_json writes it back the same."""
    entry = {"id": condition_id.value, **EXAMPLES[condition_id]}
    profile = parse_profile({"age": 40, "conditions": [entry]})
    condition = profile.condition(condition_id)
    assert condition is not None and profile.has(condition_id)
    assert profile_to_json(profile)["conditions"][0] == entry
    assert parse_profile(profile_to_json(profile)) == profile


def test_a_hip_replacement_is_read_with_its_typed_fields() -> None:
    """The fields arrive typed: enums for side and approach, an int for the months."""
    profile = parse_profile(
        {"age": 66, "conditions": [{"id": "hip_replacement", "side": "left", "approach": "unknown", "months_since": 4}]}
    )
    assert profile.conditions == (HipReplacement(Side.LEFT, Approach.UNKNOWN, 4),)


@pytest.mark.parametrize(
    ("condition_id", "field"),
    [(q.id, f.name) for q in QUESTIONS for f in q.follow_ups],
)
def test_every_wrong_follow_up_names_its_field_and_what_is_allowed(condition_id: ConditionId, field: str) -> None:
    """A wrong value is refused at conditions.0.<field>, and the words list the allowed values or the range."""
    follow_up = next(f for f in question(condition_id).follow_ups if f.name == field)
    entry = {"id": condition_id.value, **EXAMPLES[condition_id], field: WRONG[follow_up.kind]}
    [problem] = problems([entry])
    assert problem.field == f"conditions.0.{field}"
    message = line(problem)
    if follow_up.kind is AnswerKind.CHOICE:
        assert problem.code == "not_a_choice"
        assert all(str(v) in message for v in follow_up.values), message
    else:
        assert (problem.code, problem.params["maximum"]) == ("too_large", follow_up.maximum)
        assert f"at most {follow_up.maximum}" in message


@pytest.mark.parametrize(
    ("condition_id", "field"),
    [(q.id, f.name) for q in QUESTIONS for f in q.follow_ups],
)
def test_every_missing_follow_up_is_required(condition_id: ConditionId, field: str) -> None:
    """Leaving a follow-up out is refused at that field."""
    entry = {"id": condition_id.value, **{k: v for k, v in EXAMPLES[condition_id].items() if k != field}}
    assert [(p.field, p.code) for p in problems([entry])] == [(f"conditions.0.{field}", "required")]


@pytest.mark.parametrize("bad", [-1, 4.5, "4", True])
def test_numbers_are_whole_non_negative_numbers_not_text_or_yes_no(bad: Any) -> None:
    """months_since is a whole number: a negative, a fraction, a string or a bool is refused, at that field (4.0 is
    4, as JSON and its schemas count it; services/fields.py `Whole`)."""
    entry = {"id": "knee_replacement", "side": "left", "months_since": bad}
    [problem] = problems([entry])
    assert problem.field == "conditions.0.months_since"


@pytest.mark.parametrize("bad", [0, 4, "2", True, 2.0])
def test_trimester_is_one_two_or_three(bad: Any) -> None:
    """Only 1, 2 or 3 is a trimester (True is not 1 here); the words list them."""
    [problem] = problems([{"id": "pregnancy", "trimester": bad}])
    assert problem.field == "conditions.0.trimester"
    assert "1, 2 or 3" in line(problem)


def test_an_unknown_condition_id_is_refused_with_every_allowed_id() -> None:
    """A misspelt id names the entry's id field and lists the ids."""
    [problem] = problems([{"id": "hip_replacment", "side": "left"}])
    assert (problem.field, problem.code) == ("conditions.0.id", "unknown_condition")
    assert all(c.value in line(problem) for c in ConditionId)
    assert "'hip_replacment'" in line(problem)


def test_an_entry_without_an_id_is_asked_for_one() -> None:
    """No id: the problem names conditions.N.id and lists the ids."""
    [problem] = problems([{"id": "osteoporosis"}, {"side": "left"}])
    assert (problem.field, problem.code) == ("conditions.1.id", "unknown_condition")
    assert "hip_replacement" in line(problem)


def test_an_unknown_field_lists_that_conditions_own_fields() -> None:
    """An extra field in a condition is refused with the fields this condition allows."""
    [problem] = problems([{"id": "pregnancy", "trimester": 1, "weeks": 10}])
    assert (problem.field, problem.code) == ("conditions.0.weeks", "unknown_field")
    assert list(problem.params["allowed"]) == ["id", "trimester"]


def test_every_problem_is_reported_at_once_across_conditions() -> None:
    """Several bad entries: one problem per bad field, all in one error."""
    found = problems(
        [
            {"id": "hip_replacement", "side": "up", "approach": "back", "months_since": 601},
            "osteoporosis",
            {"id": "falls_last_year", "count": -1},
        ]
    )
    assert {p.field for p in found} == {
        "conditions.0.side",
        "conditions.0.approach",
        "conditions.0.months_since",
        "conditions.1",
        "conditions.2.count",
    }


def test_a_condition_given_twice_is_refused() -> None:
    """Each id at most once: the problem names the repeated id."""
    [problem] = problems([{"id": "osteoporosis"}, {"id": "pregnancy", "trimester": 1}, {"id": "osteoporosis"}])
    assert (problem.field, problem.code) == ("conditions", "duplicate_condition")
    assert "osteoporosis given more than once" in line(problem)


def test_a_profile_without_conditions_keeps_working() -> None:
    """An old PROFILE.json (no `conditions`) parses, with no conditions."""
    profile = parse_profile({"age": 40, "goals": ["posture"]})
    assert profile.conditions == ()
    assert profile_to_json(profile)["conditions"] == []


def test_an_old_stored_profile_row_without_conditions_is_read_by_the_services() -> None:
    """A profile stored before conditions existed is read back as a profile with none."""
    uow = FakeUnitOfWork()
    person_id = new_person(uow)
    with uow:
        uow.profiles.add_version(person_id, {"age": 52, "goals": ["pain_relief"], "red_flags": []})
        uow.commit()
    assert parse_profile(stored_profile(uow, person_id=person_id)).conditions == ()


def test_an_old_pregnancy_flag_stands_for_a_second_trimester_pregnancy() -> None:
    """A stored `pregnancy` flag without the condition is read as pregnancy in the second trimester (the first
    with the posture precautions); the flag stays."""
    profile = parse_profile({"age": 31, "red_flags": ["pregnancy"]})
    assert LEGACY_PREGNANCY_TRIMESTER == 2
    assert profile.conditions == (Pregnancy(2),)
    assert "pregnancy" in profile.red_flags


def test_an_old_osteoporosis_flag_stands_for_osteoporosis() -> None:
    """A stored `osteoporosis` flag is read as the osteoporosis condition."""
    assert parse_profile({"age": 70, "red_flags": ["osteoporosis"]}).conditions == (Osteoporosis(),)


def test_a_given_condition_wins_over_the_flags_reading() -> None:
    """With the flag and the condition both given, the person's own answer (trimester 3; or a birth) is kept."""
    assert parse_profile(
        {"age": 31, "red_flags": ["pregnancy"], "conditions": [{"id": "pregnancy", "trimester": 3}]}
    ).conditions == (Pregnancy(3),)
    born = {"id": "postnatal", "weeks_since": 6, "birth": "vaginal"}
    assert parse_profile({"age": 31, "red_flags": ["pregnancy"], "conditions": [born]}).conditions == (
        Postnatal(6, Birth.VAGINAL),
    )


@pytest.mark.parametrize(
    ("entry", "flag"),
    [
        ({"id": "pregnancy", "trimester": 1}, "pregnancy"),
        ({"id": "postnatal", "weeks_since": 12, "birth": "vaginal"}, "pregnancy"),
        ({"id": "osteoporosis"}, "osteoporosis"),
    ],
)
def test_a_condition_answers_the_red_flag_question_it_replaces(entry: dict[str, Any], flag: str) -> None:
    """The questionnaire asks pregnancy and osteoporosis as conditions; the screening's caution still applies."""
    assert flag in parse_profile({"age": 35, "conditions": [entry]}).red_flags


def test_a_birth_long_ago_does_not_raise_the_pregnancy_flag() -> None:
    """A birth more than 12 weeks ago (the flag's question) is a postnatal condition only."""
    profile = parse_profile({"age": 35, "conditions": [{"id": "postnatal", "weeks_since": 40, "birth": "vaginal"}]})
    assert "pregnancy" not in profile.red_flags


def test_the_questions_ask_exactly_what_the_parser_accepts() -> None:
    """Every condition has a question; its follow-ups are the model's fields, with the same values and ranges."""
    assert [q.id for q in QUESTIONS] == list(ConditionId)
    for q in QUESTIONS:
        model = CONDITION_MODELS[q.id]
        assert ["id", *q.field_names] == list(model.model_fields), q.id
        for f in q.follow_ups:
            base = {"id": q.id.value, **EXAMPLES[q.id]}
            if f.kind is AnswerKind.CHOICE:
                for value in f.values:
                    parse_profile({"age": 40, "conditions": [{**base, f.name: value}]})
            else:
                assert f.minimum is not None and f.maximum is not None
                for value in (f.minimum, f.maximum):
                    parse_profile({"age": 40, "conditions": [{**base, f.name: value}]})
                problems([{**base, f.name: f.maximum + 1}])
                problems([{**base, f.name: f.minimum - 1}])


def test_the_questions_json_lists_each_condition_with_its_follow_ups() -> None:
    """`screening conditions --format json`: id, question, and fields with type, values (and their words) or range."""
    listed = {c["id"]: c for c in condition_questions_json()}
    assert list(listed) == [c.value for c in ConditionId]
    hip = {f["name"]: f for f in listed["hip_replacement"]["fields"]}
    assert hip["approach"]["type"] == "choice"
    assert hip["approach"]["values"] == ["posterior", "anterior", "lateral", "unknown"]
    assert all(c["words"] for c in hip["approach"]["choices"])
    assert (hip["months_since"]["type"], hip["months_since"]["min"], hip["months_since"]["max"]) == ("integer", 0, 600)
    assert [f["values"] for f in listed["pregnancy"]["fields"]] == [[1, 2, 3]]
    assert listed["osteoporosis"]["fields"] == []
    assert listed["falls_last_year"]["fields"][0]["max"] == 100


FLAGS = st.lists(st.sampled_from(["pregnancy", "osteoporosis", "recent_surgery"]), unique=True)


@given(answers=profiles(), conditions=condition_lists(), flags=FLAGS)
def test_a_profile_with_conditions_round_trips_through_its_json(
    answers: dict[str, Any], conditions: list[dict[str, Any]], flags: list[str]
) -> None:
    """parse(profile_to_json(p)) == p for generated answers with any conditions and the overlapping flags, and the
    written conditions are the given ones (plus, at most, what an old flag stands for)."""
    profile = parse_profile({**answers, "conditions": conditions, "red_flags": flags})
    written = profile_to_json(profile)
    assert parse_profile(written) == profile
    assert written["conditions"][: len(conditions)] == conditions
    assert len(written["conditions"]) <= len(conditions) + 2


def test_falls_are_counted() -> None:
    """falls_last_year carries its count."""
    profile = parse_profile({"age": 80, "conditions": [{"id": "falls_last_year", "count": 3}]})
    assert profile.condition(ConditionId.FALLS_LAST_YEAR) == FallsLastYear(3)


def test_falls_can_also_be_given_as_the_top_level_number() -> None:
    """DESIGN.md's `falls_last_year: N` is the same answer as the condition; 0 is no falls; it is written back as
    the condition."""
    profile = parse_profile({"age": 80, "falls_last_year": 2})
    assert profile.conditions == (FallsLastYear(2),)
    assert profile_to_json(profile)["conditions"] == [{"id": "falls_last_year", "count": 2}]
    assert "falls_last_year" not in profile_to_json(profile)
    assert parse_profile({"age": 80, "falls_last_year": 0}).conditions == ()


def test_falls_given_both_ways_are_refused_at_the_top_level_field() -> None:
    """The number and the condition together: one problem on falls_last_year, saying to give it once."""
    [problem] = problems([{"id": "falls_last_year", "count": 1}], falls_last_year=1)
    assert (problem.field, problem.code) == ("falls_last_year", "duplicate_condition")
    assert "give each condition once" in line(problem)


@pytest.mark.parametrize("bad", [-1, 101, 1.5, "2", True])
def test_the_top_level_falls_number_is_a_whole_number_from_0_to_100(bad: Any) -> None:
    """A wrong top-level number is refused at falls_last_year."""
    [problem] = problems([], falls_last_year=bad)
    assert problem.field == "falls_last_year"


def test_a_backup_made_before_conditions_restores_and_its_programme_reads_its_profile(library: Library) -> None:
    """An old backup (profiles without `conditions`) imports, and the use cases read its profile with none."""
    source = FakeUnitOfWork()
    started(source, library)
    backup = export_all(source)
    for person in backup["people"]:
        for version in person["profiles"]:
            version["data"].pop("conditions", None)
    target = FakeUnitOfWork()
    import_all(target, backup, library=library)
    with target:
        person_id = target.people.all()[0].id
        program = target.programs.active(person_id)
        assert program is not None
        assert program_profile(target, program).conditions == ()
