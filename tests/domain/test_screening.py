"""Screening: red flags refer, cautions start conservatively, pain limits exercise attributes by phase."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gluterx.domain.anatomy import Muscle
from gluterx.domain.exercise import Category, Exercise, Grade
from gluterx.domain.profile import Experience, PainRegion, PainReport, Profile, Side
from gluterx.domain.screening import (
    CLUSTERS,
    FLAG_IDS,
    FLAGS,
    Contraindication,
    FlagKind,
    Urgency,
    flag,
    screen,
    signs,
    unknown_flags,
)
from tests.factories import make_exercise

EXPECTED_URGENCY = {
    "bladder_control": Urgency.EMERGENCY,
    "bowel_control": Urgency.EMERGENCY,
    "saddle_numbness": Urgency.EMERGENCY,
    "both_legs": Urgency.EMERGENCY,
    "worsening_weakness": Urgency.URGENT,
    "foot_drop": Urgency.URGENT,
    "major_trauma": Urgency.URGENT,
    "minor_fall": Urgency.URGENT,
    "cannot_bear_weight": Urgency.URGENT,
    "knee_swelling": Urgency.URGENT,
    "fever": Urgency.URGENT,
    "recent_infection": Urgency.URGENT,
    "infection_risk": Urgency.SOON,
    "hot_joint": Urgency.URGENT,
    "cancer_history": Urgency.SOON,
    "weight_loss": Urgency.SOON,
    "night_pain": Urgency.SOON,
    "calf_swelling": Urgency.URGENT,
    "pulsing_tummy": Urgency.EMERGENCY,
    "young_limp": Urgency.URGENT,
    "chest_or_upper_back": Urgency.SOON,
    "inflammatory_back_pain": Urgency.SOON,
}
CAUTION_IDS = [
    "symptoms_below_knee",
    "recent_surgery",
    "pregnancy",
    "osteoporosis",
    "long_term_steroids",
    "not_improving",
    "parq_heart",
    "parq_chest_pain",
    "parq_dizziness",
    "parq_chronic_condition",
    "parq_medication",
    "parq_bone_joint",
    "parq_supervision",
]
REGISTRY_SOURCES = {
    "ahcpr_redflags",
    "nice_ng59",
    "finucane2020",
    "chou2007",
    "nhs_hip_knee_pathway",
    "warburton2011",
    "gluterx_policy",
    "nhs_traffic_light",
    "silbernagel2007",
    "henschke2013",
    "downie2013",
    "farrar2001",
    "rudwaleit2006",
    "sieper2009",
    "nice_ng65",
    "nice_ng234",
}


def profile(
    *,
    age: int = 40,
    flags: tuple[str, ...] = (),
    pain: dict[PainRegion, int] | None = None,
    experience: Experience = Experience.BEGINNER,
) -> Profile:
    reports = tuple(PainReport(r, Side.BOTH, n, 8) for r, n in (pain or {}).items())
    return Profile(age=age, pain=reports, red_flags=frozenset(flags), experience=experience)


def pain(region: PainRegion, intensity: int) -> Profile:
    return profile(pain={region: intensity})


KNEE_HIGH = make_exercise(id="deep_squat", knee_flexion_load=Grade.HIGH, spinal_load=Grade.NONE)
KNEE_MODERATE = make_exercise(id="split_squat", knee_flexion_load=Grade.MODERATE, spinal_load=Grade.NONE)
SPINE_MODERATE = make_exercise(id="rdl", knee_flexion_load=Grade.NONE, spinal_load=Grade.MODERATE)
SPINE_HIGH = make_exercise(id="back_squat", knee_flexion_load=Grade.NONE, spinal_load=Grade.HIGH)
JUMP = make_exercise(id="jump_squat", category=Category.POWER, knee_flexion_load=Grade.NONE, spinal_load=Grade.NONE)
HAMSTRING_LED = make_exercise(id="nordic", primary=(Muscle.HAMSTRINGS,), knee_flexion_load=Grade.NONE)
BRIDGE = make_exercise(id="bridge", knee_flexion_load=Grade.LOW, spinal_load=Grade.LOW)


def allowed_phases(exercise: Exercise, p: Profile) -> list[int]:
    s = screen(p)
    return [phase for phase in (1, 2, 3) if s.allows(exercise, phase)]


# --- the flag list ---------------------------------------------------------------------------------------------


def test_flag_list_holds_exactly_the_agreed_referral_and_caution_ids() -> None:
    """Every referral id has the agreed urgency, every caution id is there, and nothing else is."""
    assert {f.id: f.urgency for f in FLAGS if f.kind is FlagKind.REFERRAL} == EXPECTED_URGENCY
    assert [f.id for f in FLAGS if f.kind is FlagKind.CAUTION] == CAUTION_IDS
    assert len(FLAGS) == len(FLAG_IDS)


def test_every_flag_is_a_plain_question_with_sources_from_the_registry() -> None:
    """Each flag asks a question, has a reason, a group and only known source ids."""
    for f in FLAGS:
        assert f.question.endswith("?"), f.id
        assert f.reason and f.group, f.id
        assert f.sources and set(f.sources) <= REGISTRY_SOURCES, f.id
        assert f.id.isidentifier() and f.id == f.id.lower(), f.id
        assert (f.urgency is None) == (f.kind is FlagKind.CAUTION), f.id


def test_parq_questions_cite_the_par_q_plus() -> None:
    """The seven PAR-Q+ page-one questions are cautions sourced to warburton2011."""
    parq = [f for f in FLAGS if f.id.startswith("parq_")]
    assert len(parq) == 7
    assert all(f.kind is FlagKind.CAUTION and "warburton2011" in f.sources for f in parq)


def test_flag_looks_up_by_id_and_refuses_unknown_ids() -> None:
    """flag() returns the flag for a known id and raises KeyError naming an unknown one."""
    assert flag("saddle_numbness").urgency is Urgency.EMERGENCY
    with pytest.raises(KeyError, match="saddle_numbnes"):
        flag("saddle_numbnes")


def test_unknown_flags_lists_the_ids_that_are_not_flags_sorted_once_each() -> None:
    """Known ids pass; unknown ones come back sorted and without duplicates."""
    assert unknown_flags(["fever", "zzz", "abc", "zzz", "pregnancy"]) == ["abc", "zzz"]
    assert unknown_flags([]) == []
    assert unknown_flags(FLAG_IDS) == []


# --- referral ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("flag_id", "urgency"), sorted(EXPECTED_URGENCY.items()))
def test_each_referral_flag_refers_with_its_urgency(flag_id: str, urgency: Urgency) -> None:
    """Answering yes to one referral flag gives status referral, its urgency, its reason and no exercises."""
    s = screen(profile(flags=(flag_id,)))
    assert s.status == "referral"
    assert s.referral is not None
    assert s.referral.urgency is urgency
    assert s.referral.reasons == (flag(flag_id).reason,)
    assert s.referral.sources == flag(flag_id).sources
    assert not s.allows(BRIDGE, 1)


def test_referral_takes_the_most_urgent_flag_and_gives_one_reason_per_flag() -> None:
    """A soon flag plus an emergency flag is an emergency with both reasons, in questionnaire order."""
    s = screen(profile(flags=("weight_loss", "bladder_control")))
    assert s.referral is not None
    assert s.referral.urgency is Urgency.EMERGENCY
    assert s.referral.reasons == (flag("bladder_control").reason, flag("weight_loss").reason)
    assert "ambulance" in s.referral.action


def test_referral_actions_say_what_to_do_for_each_urgency() -> None:
    """Emergency says A&E now, urgent says today, soon says within 1–2 weeks."""
    actions = {u: screen(profile(flags=(fid,))).referral for fid, u in EXPECTED_URGENCY.items()}
    texts = {u: r.action for u, r in actions.items() if r is not None}
    assert "A&E now" in texts[Urgency.EMERGENCY]
    assert "today" in texts[Urgency.URGENT]
    assert "1–2 weeks" in texts[Urgency.SOON]


def test_referral_wins_over_cautions_and_allows_no_exercise() -> None:
    """A referral with a caution flag is still a referral, and no exercise is allowed in any phase."""
    s = screen(profile(flags=("fever", "pregnancy")))
    assert s.status == "referral"
    assert all(not s.allows(BRIDGE, phase) for phase in (1, 2, 3))


def test_unknown_flag_ids_do_not_refer() -> None:
    """An id that is not a flag is ignored by screen (unknown_flags reports it)."""
    s = screen(profile(flags=("not_a_flag",)))
    assert s.status == "ok"
    assert s.cautions == ()


# --- cautions ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("flag_id", CAUTION_IDS)
def test_each_caution_flag_gives_ok_with_a_caution_and_a_conservative_start(flag_id: str) -> None:
    """A caution flag keeps status ok, adds its caution and asks for a conservative start."""
    s = screen(profile(flags=(flag_id,)))
    assert s.status == "ok"
    assert s.referral is None
    assert [c.id for c in s.cautions] == [flag_id]
    assert s.cautions[0].message == flag(flag_id).reason
    assert s.cautions[0].sources == flag(flag_id).sources
    assert s.conservative


def test_health_cautions_mention_the_doctor_or_physiotherapist() -> None:
    """Every caution flag's message points the person to their doctor or physiotherapist."""
    for flag_id in CAUTION_IDS:
        message = flag(flag_id).reason
        assert "doctor" in message or "physiotherapist" in message, flag_id


def test_no_flags_and_mild_pain_give_ok_without_cautions() -> None:
    """A healthy beginner with 3/10 back pain starts normally."""
    s = screen(pain(PainRegion.LOWER_BACK, 3))
    assert s.status == "ok"
    assert s.cautions == ()
    assert s.contraindications == ()
    assert not s.conservative


def test_severe_pain_of_seven_gives_a_caution_and_six_does_not() -> None:
    """Worst pain 7/10 adds the severe-pain caution citing the traffic-light leaflets; 6/10 does not."""
    s = screen(pain(PainRegion.HIP, 7))
    assert [c.id for c in s.cautions] == ["severe_pain"]
    assert s.cautions[0].sources == ("nhs_traffic_light",)
    assert "hip pain is 7/10" in s.cautions[0].message
    assert s.conservative
    assert screen(pain(PainRegion.HIP, 6)).cautions == ()


def test_older_untrained_person_gets_a_caution_at_sixty_five() -> None:
    """Age 65 with no experience is a caution; 64, or 65 and a beginner, is not."""
    s = screen(profile(age=65, experience=Experience.NONE))
    assert [c.id for c in s.cautions] == ["older_untrained"]
    assert s.cautions[0].sources == ("gluterx_policy", "warburton2011")
    assert screen(profile(age=64, experience=Experience.NONE)).cautions == ()
    assert screen(profile(age=65, experience=Experience.BEGINNER)).cautions == ()


# --- contraindications by pain -----------------------------------------------------------------------------------


def test_knee_pain_of_five_excludes_high_knee_flexion_load_in_phase_one_only() -> None:
    """Knee 5/10: a high knee-flexion exercise is out in phase 1, back in phase 2; moderate is fine."""
    assert allowed_phases(KNEE_HIGH, pain(PainRegion.KNEE, 5)) == [2, 3]
    assert allowed_phases(KNEE_MODERATE, pain(PainRegion.KNEE, 5)) == [1, 2, 3]


def test_knee_pain_of_four_excludes_no_knee_flexion() -> None:
    """Knee 4/10 sets no knee limit."""
    assert allowed_phases(KNEE_HIGH, pain(PainRegion.KNEE, 4)) == [1, 2, 3]


def test_knee_pain_of_seven_allows_only_low_knee_flexion_in_phase_one_and_moderate_in_phase_two() -> None:
    """Knee 7/10: moderate is out in phase 1, high is out in phases 1–2; 6/10 keeps moderate in phase 1."""
    assert allowed_phases(KNEE_MODERATE, pain(PainRegion.KNEE, 7)) == [2, 3]
    assert allowed_phases(KNEE_HIGH, pain(PainRegion.KNEE, 7)) == [3]
    assert allowed_phases(BRIDGE, pain(PainRegion.KNEE, 7)) == [1, 2, 3]
    assert allowed_phases(KNEE_MODERATE, pain(PainRegion.KNEE, 6)) == [1, 2, 3]
    assert allowed_phases(KNEE_HIGH, pain(PainRegion.KNEE, 6)) == [2, 3]


def test_lower_back_pain_of_five_allows_only_low_spinal_load_in_phase_one() -> None:
    """Lower back 5/10: moderate spinal load is out in phase 1 only; 4/10 sets no limit."""
    assert allowed_phases(SPINE_MODERATE, pain(PainRegion.LOWER_BACK, 5)) == [2, 3]
    assert allowed_phases(BRIDGE, pain(PainRegion.LOWER_BACK, 5)) == [1, 2, 3]
    assert allowed_phases(SPINE_HIGH, pain(PainRegion.LOWER_BACK, 4)) == [1, 2, 3]


def test_lower_back_pain_of_seven_allows_only_low_spinal_load_in_phases_one_and_two() -> None:
    """Lower back 7/10: moderate spinal load is out in phases 1–2; 6/10 only in phase 1."""
    assert allowed_phases(SPINE_MODERATE, pain(PainRegion.LOWER_BACK, 7)) == [3]
    assert allowed_phases(SPINE_MODERATE, pain(PainRegion.LOWER_BACK, 6)) == [2, 3]


@pytest.mark.parametrize("region", [PainRegion.HIP, PainRegion.BUTTOCK])
def test_hip_or_buttock_pain_of_five_excludes_deep_loaded_hip_bending_in_phase_one(region: PainRegion) -> None:
    """Hip or buttock 5/10: high knee-flexion load is out in phase 1; 4/10 sets no limit."""
    assert allowed_phases(KNEE_HIGH, pain(region, 5)) == [2, 3]
    assert allowed_phases(KNEE_MODERATE, pain(region, 5)) == [1, 2, 3]
    assert allowed_phases(KNEE_HIGH, pain(region, 4)) == [1, 2, 3]


def test_hamstring_pain_of_five_excludes_hamstring_led_exercises_in_phase_one() -> None:
    """Hamstring 5/10: an exercise led by the hamstrings is out in phase 1; glute-led is fine; 4/10 no limit."""
    assert allowed_phases(HAMSTRING_LED, pain(PainRegion.HAMSTRING, 5)) == [2, 3]
    assert allowed_phases(BRIDGE, pain(PainRegion.HAMSTRING, 5)) == [1, 2, 3]
    assert allowed_phases(HAMSTRING_LED, pain(PainRegion.HAMSTRING, 4)) == [1, 2, 3]


@pytest.mark.parametrize(
    "region", [PainRegion.LOWER_BACK, PainRegion.HIP, PainRegion.KNEE, PainRegion.BUTTOCK, PainRegion.GROIN]
)
def test_pain_of_five_in_a_weight_bearing_region_excludes_power_in_phases_one_and_two(region: PainRegion) -> None:
    """Pain 5/10 in back, hip, knee, buttock or groin: power work waits for phase 3; 4/10 sets no limit."""
    assert allowed_phases(JUMP, pain(region, 5)) == [3]
    assert allowed_phases(JUMP, pain(region, 4)) == [1, 2, 3]


@pytest.mark.parametrize(
    "region", [PainRegion.LOWER_BACK, PainRegion.HIP, PainRegion.KNEE, PainRegion.BUTTOCK, PainRegion.GROIN]
)
def test_pain_of_seven_in_a_weight_bearing_region_excludes_power_in_every_phase(region: PainRegion) -> None:
    """Pain 7/10 in back, hip, knee, buttock or groin: no power work in phases 1–3; 6/10 allows phase 3."""
    assert allowed_phases(JUMP, pain(region, 7)) == []
    assert allowed_phases(JUMP, pain(region, 6)) == [3]


def test_hamstring_pain_alone_does_not_exclude_power() -> None:
    """Hamstring pain is not one of the regions that hold back power work."""
    assert allowed_phases(JUMP, pain(PainRegion.HAMSTRING, 8)) == [1, 2, 3]


def test_pain_contraindications_give_a_plain_reason_and_sources() -> None:
    """Knee 6/10 explains itself in plain words and cites the pain-monitoring model and our policy."""
    s = screen(pain(PainRegion.KNEE, 6))
    (reason,) = s.reasons_against(KNEE_HIGH, 1)
    assert reason.reason.startswith("Your knee pain is 6/10")
    assert reason.sources == ("silbernagel2007", "gluterx_policy")
    assert s.reasons_against(KNEE_HIGH, 2) == ()


def test_several_contraindications_apply_at_once() -> None:
    """Knee 7/10 and back 5/10 together: each limit applies and reasons_against lists every one that bites."""
    p = profile(pain={PainRegion.KNEE: 7, PainRegion.LOWER_BACK: 5})
    both = make_exercise(id="loaded_squat", knee_flexion_load=Grade.HIGH, spinal_load=Grade.HIGH)
    s = screen(p)
    attributes = sorted(c.attribute for c in s.reasons_against(both, 1))
    assert attributes == ["knee_flexion_load", "knee_flexion_load", "spinal_load"]
    assert allowed_phases(both, p) == [3]
    assert allowed_phases(SPINE_MODERATE, p) == [2, 3]


# --- contraindications by condition ------------------------------------------------------------------------------


def test_pregnancy_limits_spinal_load_to_moderate_and_excludes_power_in_every_phase() -> None:
    """Pregnancy: high spinal load and power are out in phases 1–3; moderate spinal load is fine."""
    p = profile(flags=("pregnancy",))
    assert allowed_phases(SPINE_HIGH, p) == []
    assert allowed_phases(SPINE_MODERATE, p) == [1, 2, 3]
    assert allowed_phases(JUMP, p) == []


@pytest.mark.parametrize("flag_id", ["osteoporosis", "long_term_steroids"])
def test_fragile_bones_limit_spinal_load_and_hold_back_power_until_phase_three(flag_id: str) -> None:
    """Osteoporosis or long-term steroids: high spinal load out in phases 1–3, moderate in phases 1–2, power out in
    phases 1–2 (the osteoporosis precaution, domain/precautions.py)."""
    p = profile(flags=(flag_id,))
    assert allowed_phases(SPINE_HIGH, p) == []
    assert allowed_phases(SPINE_MODERATE, p) == [3]
    assert allowed_phases(JUMP, p) == [3]


def test_osteoporosis_and_steroids_together_give_one_precaution_naming_both() -> None:
    """Both bone flags give one osteoporosis precaution whose reason names both, and no pain contraindication."""
    s = screen(profile(flags=("osteoporosis", "long_term_steroids")))
    assert s.contraindications == ()
    bones = [p for p in s.precautions if p.id.value == "osteoporosis_spine"]
    assert len(bones) == 1 and "osteoporosis and long-term steroid use" in bones[0].reason


# --- Contraindication itself -------------------------------------------------------------------------------------


def test_contraindication_excludes_by_grade_category_and_primary_muscle_ignoring_phase() -> None:
    """excludes() compares grades by rank, categories and primary muscles by equality, whatever the phase."""
    knee = Contraindication("knee_flexion_load", "low", frozenset({9}), "r", ("gluterx_policy",))
    assert knee.excludes(KNEE_MODERATE)
    assert not knee.excludes(BRIDGE)
    power = Contraindication("category", "power", frozenset({1}), "r", ("gluterx_policy",))
    assert power.excludes(JUMP) and not power.excludes(BRIDGE)
    hamstrings = Contraindication("primary_muscle", "hamstrings", frozenset({1}), "r", ("gluterx_policy",))
    assert hamstrings.excludes(HAMSTRING_LED) and not hamstrings.excludes(BRIDGE)


def test_contraindication_refuses_an_unknown_attribute() -> None:
    """A typo in the attribute name fails at once rather than excluding nothing."""
    with pytest.raises(ValueError, match="knee_load"):
        Contraindication("knee_load", "low", frozenset({1}), "r", ())


# --- invariant ---------------------------------------------------------------------------------------------------

REFERRAL_IDS = frozenset(EXPECTED_URGENCY)

profiles = st.builds(
    Profile,
    age=st.integers(min_value=10, max_value=95),
    pain=st.lists(
        st.builds(
            PainReport,
            region=st.sampled_from(PainRegion),
            side=st.sampled_from(Side),
            intensity=st.integers(min_value=0, max_value=10),
            weeks=st.integers(min_value=0, max_value=520),
        ),
        max_size=4,
    ).map(tuple),
    red_flags=st.frozensets(st.sampled_from([*sorted(FLAG_IDS), "not_a_flag"]), max_size=4),
    experience=st.sampled_from(Experience),
)


@settings(max_examples=500)
@given(profiles)
def test_status_is_referral_exactly_when_a_referral_flag_was_answered_yes_or_a_cluster_applies(p: Profile) -> None:
    """Over many profiles, a referral happens if and only if a REFERRAL-kind flag is among red_flags or a cluster of
    signs applies; every referral flag's finding is named in a reason, and no reason is said twice."""
    s = screen(p)
    clustered = any(c.members(signs(p)) for c in CLUSTERS)
    assert (s.status == "referral") == (bool(p.red_flags & REFERRAL_IDS) or clustered)
    assert s.conservative == bool(s.cautions)
    if s.referral is not None:
        assert len(set(s.referral.reasons)) == len(s.referral.reasons)
        for flag_id in p.red_flags & REFERRAL_IDS:
            assert any(flag(flag_id).finding[1:] in r for r in s.referral.reasons), flag_id
