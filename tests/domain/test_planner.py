"""The planner: named cases a clinician would check, and properties over thousands of generated profiles."""

from __future__ import annotations

import itertools
import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gluterx.data import load_library
from gluterx.domain.exercise import Equipment, Grade, Library, Pattern
from gluterx.domain.planner import Program, phase_lengths, plan_program
from gluterx.domain.profile import Experience, Goal, PainRegion, PainReport, Profile, Side
from gluterx.domain.screening import FLAGS, FlagKind
from gluterx.services.contract import program_json as program_view

REFERRAL_FLAGS = sorted(f.id for f in FLAGS if f.kind is FlagKind.REFERRAL)
CAUTION_FLAGS = sorted(f.id for f in FLAGS if f.kind is FlagKind.CAUTION)
ROTATION_OR_ABDUCTION = {Pattern.HIP_ABDUCTION, Pattern.HIP_EXTERNAL_ROTATION}


def pain(region: PainRegion, intensity: int) -> PainReport:
    return PainReport(region, Side.BOTH, intensity, 12)


def all_items(program: Program):  # type: ignore[no-untyped-def]
    for week in program.weeks:
        for session in week.sessions:
            for item in session.items:
                yield week, session, item


def assert_every_session_covers_extension_and_abduction(program: Program, library: Library) -> None:
    for week in program.weeks:
        for session in week.sessions:
            patterns = {p for i in session.items for p in library.get(i.exercise_id).patterns}
            assert Pattern.HIP_EXTENSION in patterns, (week.week, session.day)
            assert patterns & ROTATION_OR_ABDUCTION, (week.week, session.day)


# ------------------------------------------------------------------------------------------------ named cases


def test_a_short_session_keeps_its_hip_extension_when_the_precautions_add_more_than_fits(library: Library) -> None:
    """Pregnant (the pelvic-floor squeezes take three of the ten minutes) and on long-term steroids (balance practice
    joins the required slots), with no equipment: in the strength phase one set each of the hip extension, the side
    glutes and balance is more than the seven minutes left. Found by the generated-profiles property: the balance
    slot's reserve pushed the hip extension out of week 2. The hip extension and the side glutes stay; balance takes
    what time is left."""
    profile = Profile(
        age=16,
        red_flags=frozenset({"pregnancy", "long_term_steroids"}),
        experience=Experience.NONE,
        equipment=frozenset(),
        sessions_per_week=1,
        minutes_per_session=10,
        weeks=2,
    )
    program = plan_program(profile, library)
    assert [w.phase.number for w in program.weeks] == [1, 2]
    assert_every_session_covers_extension_and_abduction(program, library)
    for _week, session, _item in all_items(program):
        assert session.minutes <= profile.minutes_per_session


def test_desk_worker_with_back_pain_gets_a_short_home_plan_with_mobility_and_sitting_breaks(library: Library) -> None:
    """Back pain 5/10, 9 h sitting, a mini band: home programme, hip-flexor stretch, sitting breaks, no heavy spine."""
    profile = Profile(
        age=38,
        goals=(Goal.PAIN_RELIEF, Goal.POSTURE),
        pain=(pain(PainRegion.LOWER_BACK, 5),),
        sitting_hours_per_day=9,
        equipment=frozenset({Equipment.MINI_BAND}),
        sessions_per_week=3,
        minutes_per_session=25,
    )
    program = plan_program(profile, library)
    assert program.status == "ok"
    assert len(program.weeks) == 12
    ids = {i.exercise_id for _, _, i in all_items(program)}
    assert "kneeling_hip_flexor_stretch" in ids
    assert "standing_glute_squeeze" in ids
    assert "walking" in ids  # pain relief asks for low-impact activity days
    for week, _, item in all_items(program):
        ex = library.get(item.exercise_id)
        assert ex.equipment <= {Equipment.MINI_BAND}
        if week.phase.number == 1:
            assert ex.spinal_load.rank <= Grade.LOW.rank
    assert_every_session_covers_extension_and_abduction(program, library)


def test_older_adult_with_knee_pain_starts_gently_without_deep_knee_bending(library: Library) -> None:
    """Age 70, untrained, knee 6/10: a caution, a longer first phase, no high knee-flexion load in phase 1."""
    profile = Profile(
        age=70,
        goals=(Goal.BONE_HEALTH, Goal.PAIN_RELIEF),
        pain=(pain(PainRegion.KNEE, 6),),
        equipment=frozenset({Equipment.MINI_BAND, Equipment.STEP}),
        sessions_per_week=2,
        minutes_per_session=30,
    )
    program = plan_program(profile, library)
    assert program.status == "ok"
    assert {c.id for c in program.screening.cautions} >= {"older_untrained"}
    assert sum(1 for w in program.weeks if w.phase.number == 1) == 5  # 12 weeks: 5/4/3 for a conservative start
    first = [library.get(i.exercise_id) for w, _, i in all_items(program) if w.phase.number == 1]
    assert all(ex.knee_flexion_load is not Grade.HIGH for ex in first)
    assert max(ex.level for ex in first) == 1


def test_runner_gets_single_leg_work_and_power_in_the_last_phase(library: Library) -> None:
    """A runner wanting performance gets unilateral strength and jumps once the power phase comes."""
    profile = Profile(
        age=31,
        goals=(Goal.PERFORMANCE, Goal.INJURY_PREVENTION),
        experience=Experience.INTERMEDIATE,
        equipment=frozenset({Equipment.MINI_BAND, Equipment.DUMBBELLS, Equipment.STEP, Equipment.BENCH}),
        sessions_per_week=3,
        minutes_per_session=45,
    )
    program = plan_program(profile, library)
    last = [library.get(i.exercise_id) for w, _, i in all_items(program) if w.phase.number == 3]
    assert any(ex.category.value == "power" for ex in last)
    assert sum(ex.unilateral for ex in last) >= len(last) / 3


def test_gym_goer_earns_the_barbell_hip_thrust_after_bodyweight_and_bands(library: Library) -> None:
    """Full gym: bodyweight first, bands next, weights only from the strength phase."""
    profile = Profile(
        age=27,
        goals=(Goal.AESTHETICS,),
        experience=Experience.INTERMEDIATE,
        equipment=frozenset(Equipment),
        sessions_per_week=4,
        minutes_per_session=60,
    )
    program = plan_program(profile, library)
    first_week = {i.exercise_id for s in program.weeks[0].sessions for i in s.items}
    assert all(library.get(e).load_type.value == "bodyweight" for e in first_week)
    strength = [library.get(i.exercise_id) for w, _, i in all_items(program) if w.phase.number >= 2]
    assert "hip_thrust" in {e.id for e in strength}
    assert any(ex.load_type.value == "weights" for ex in strength)


def test_severe_pain_without_red_flags_gives_a_cautious_plan_not_a_referral(library: Library) -> None:
    """Back pain 8/10 with no red flag: train, gently, with a notice; no power at all."""
    profile = Profile(age=45, goals=(Goal.PAIN_RELIEF,), pain=(pain(PainRegion.LOWER_BACK, 8),))
    program = plan_program(profile, library)
    assert program.status == "ok"
    assert "severe_pain" in {c.id for c in program.screening.cautions}
    assert all(library.get(i.exercise_id).category.value != "power" for _, _, i in all_items(program))


def test_ten_minute_single_weekly_session_still_covers_both_glute_jobs(library: Library) -> None:
    """One 10-minute session a week fits in 10 minutes and still has hip extension and abduction/rotation."""
    profile = Profile(age=50, sessions_per_week=1, minutes_per_session=10)
    program = plan_program(profile, library)
    for week in program.weeks:
        assert [s.day for s in week.sessions] == [1]
        assert week.sessions[0].minutes <= 10
    assert_every_session_covers_extension_and_abduction(program, library)


def test_red_flag_gives_a_referral_and_no_exercises(library: Library) -> None:
    """Cauda equina signs: referral, the reasons, and an empty programme."""
    program = plan_program(Profile(age=40, red_flags=frozenset({"saddle_numbness"})), library)
    view = program_view(program)
    assert view["status"] == "referral"
    assert view["weeks"] == []
    assert view["referral"]["reasons"]


def test_sessions_are_spaced_at_least_48_hours_when_the_week_allows(library: Library) -> None:
    """Two or three sessions a week never fall on consecutive days."""
    for n in (2, 3):
        program = plan_program(Profile(age=30, sessions_per_week=n), library)
        days = [s.day for s in program.weeks[0].sessions if s.kind == "strength"]
        assert all(b - a >= 2 for a, b in itertools.pairwise(days))


def test_a_lighter_week_comes_before_each_new_phase(library: Library) -> None:
    """Weeks 4 and 8 of a 12-week plan are lighter; the volume rises within the strength phase."""
    program = plan_program(Profile(age=30, experience=Experience.ADVANCED), library)
    assert [w.week for w in program.weeks if w.deload] == [4, 8]
    sets = {w.week: sum(i.dose.sets for s in w.sessions for i in s.items) for w in program.weeks}
    assert sets[4] < sets[3]
    assert sets[7] > sets[5]


def test_every_item_has_a_reason_naming_the_exercise(library: Library) -> None:
    """A person can read why each exercise is there."""
    program = plan_program(Profile(age=30, goals=(Goal.POSTURE,), sitting_hours_per_day=8), library)
    for _, _, item in all_items(program):
        assert item.reason.words().startswith(library.get(item.exercise_id).name)
        assert item.sources


def test_phase_lengths_split_the_weeks_in_thirds() -> None:
    """12 weeks: 4/4/4; a conservative start: 5/4/3; tiny plans keep what fits."""
    assert phase_lengths(12, conservative=False) == [4, 4, 4]
    assert phase_lengths(12, conservative=True) == [5, 4, 3]
    assert phase_lengths(13, conservative=False) == [5, 4, 4]
    assert phase_lengths(2, conservative=False) == [1, 1]


# ------------------------------------------------------------------------------------------------ properties

pains = st.lists(
    st.builds(
        PainReport,
        region=st.sampled_from(list(PainRegion)),
        side=st.sampled_from(list(Side)),
        intensity=st.integers(0, 10),
        weeks=st.integers(0, 200),
    ),
    max_size=3,
)
profiles = st.builds(
    Profile,
    age=st.integers(16, 95),
    goals=st.lists(st.sampled_from(list(Goal)), unique=True, max_size=3).map(tuple),
    pain=pains.map(tuple),
    red_flags=st.one_of(
        st.just(frozenset()),
        st.frozensets(st.sampled_from(CAUTION_FLAGS), max_size=2),
        st.frozensets(st.sampled_from(REFERRAL_FLAGS + CAUTION_FLAGS), min_size=1, max_size=2),
    ),
    sitting_hours_per_day=st.sampled_from([0, 2, 5.5, 6, 9, 12]),
    experience=st.sampled_from(list(Experience)),
    equipment=st.frozensets(st.sampled_from(list(Equipment))),
    sessions_per_week=st.integers(1, 6),
    minutes_per_session=st.integers(10, 120),
    weeks=st.integers(1, 16),
)


LIBRARY = load_library()


# No max_examples here: the count comes from the hypothesis profile (tests/conftest.py), 2,000 under tools/test.sh.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles)
def test_generated_profiles_get_safe_fitting_complete_deterministic_plans(profile: Profile) -> None:
    """Over generated profiles (2,000 in CI): referral iff a red flag; owned equipment only; no contraindicated
    attribute in its phase; sessions within the stated minutes; hip extension and abduction/rotation every session;
    same JSON twice."""
    library = LIBRARY
    program = plan_program(profile, library)
    has_red_flag = any(f in REFERRAL_FLAGS for f in profile.red_flags)
    assert (program.status == "referral") == has_red_flag
    if has_red_flag:
        assert program.weeks == ()
        return
    assert len(program.weeks) == profile.weeks
    for week, session, item in all_items(program):
        ex = library.get(item.exercise_id)
        assert ex.equipment <= profile.equipment
        assert program.screening.allows(ex, week.phase.number), (ex.id, week.phase.number)
        assert session.minutes <= profile.minutes_per_session
    assert_every_session_covers_extension_and_abduction(program, library)
    first = json.dumps(program_view(program), sort_keys=True)
    again = json.dumps(program_view(plan_program(profile, library)), sort_keys=True)
    assert first == again


@pytest.mark.parametrize("start", [date(2026, 11, 23)])
def test_dates_follow_the_start(library: Library, start: date) -> None:
    """With a start date, week 2 day 3 falls nine days later."""
    program = plan_program(Profile(age=30), library, start=start)
    assert program.date_of(2, 3) == date(2026, 12, 2)
