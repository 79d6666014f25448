"""Red flags as a clinician reads them: clusters raise the urgency, the new flags, and reasons that read well."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gluterx.domain.profile import PainRegion, PainReport, Profile, Side
from gluterx.domain.screening import (
    CLUSTERS,
    DERIVED,
    FLAGS,
    Concern,
    FlagKind,
    Urgency,
    flag,
    referral_for,
    screen,
    signs,
)


def person(*flags: str, age: int = 40, back_pain_weeks: int | None = None, back_pain: int = 4) -> Profile:
    pain = (
        () if back_pain_weeks is None else (PainReport(PainRegion.LOWER_BACK, Side.BOTH, back_pain, back_pain_weeks),)
    )
    return Profile(age=age, pain=pain, red_flags=frozenset(flags))


# --- clusters ----------------------------------------------------------------------------------------------------


def test_cancer_history_weight_loss_and_night_pain_at_61_is_urgent_not_soon() -> None:
    """The case from the review: each flag alone is 'soon', together with past cancer they are 'urgent'."""
    s = screen(person("cancer_history", "weight_loss", "night_pain", age=61, back_pain_weeks=6))
    assert s.referral is not None
    assert s.referral.urgency is Urgency.URGENT
    assert "today" in s.referral.action
    assert "cancer_history_with_signs" in s.referral.clusters
    assert {"henschke2013", "downie2013"} <= set(s.referral.sources)


@pytest.mark.parametrize("other", ["weight_loss", "night_pain", "not_improving"])
def test_cancer_history_with_any_one_other_malignancy_sign_is_at_least_urgent(other: str) -> None:
    """Past cancer plus any one of weight loss, night pain or not improving is urgent; past cancer alone is soon."""
    together = screen(person("cancer_history", other)).referral
    alone = screen(person("cancer_history")).referral
    assert together is not None and together.urgency is Urgency.URGENT
    assert alone is not None and alone.urgency is Urgency.SOON and alone.clusters == ()


def test_cancer_history_with_new_back_pain_over_50_is_urgent() -> None:
    """Age over 50 with new back pain counts as a malignancy sign beside past cancer (derived, not asked)."""
    r = screen(person("cancer_history", age=58, back_pain_weeks=3)).referral
    assert r is not None and r.urgency is Urgency.URGENT
    assert any("new back pain after the age of 50" in reason for reason in r.reasons)


def test_weight_loss_with_night_pain_is_urgent_even_without_past_cancer() -> None:
    """Weight loss without trying and pain that does not ease at rest together are urgent (a tumour sign)."""
    r = screen(person("weight_loss", "night_pain")).referral
    assert r is not None and r.urgency is Urgency.URGENT
    assert r.clusters == ("weight_loss_with_night_pain",)


def test_new_back_pain_over_50_that_is_not_improving_becomes_a_soon_referral() -> None:
    """Two cautions that mean more together (henschke2013): a referral within 1–2 weeks, with the cluster's reason."""
    r = screen(person("not_improving", age=55, back_pain_weeks=8)).referral
    assert r is not None
    assert r.urgency is Urgency.SOON
    assert r.clusters == ("older_and_not_improving",)
    assert "1–2 weeks" in r.action


def test_a_cluster_never_lowers_an_emergency() -> None:
    """Past cancer with weight loss (urgent) beside a bladder problem (emergency) stays an emergency."""
    r = screen(person("cancer_history", "weight_loss", "bladder_control")).referral
    assert r is not None and r.urgency is Urgency.EMERGENCY
    assert "ambulance" in r.action


def test_every_cluster_names_known_signs_and_cites_registry_sources() -> None:
    """Clusters are data: their signs exist, and each has a reason and sources."""
    known = {f.id for f in FLAGS} | {d.flag.id for d in DERIVED}
    for c in CLUSTERS:
        assert c.all_of and (c.all_of | c.any_of) <= known, c.id
        assert c.reason.endswith(".") and c.sources, c.id


# --- the new flags -----------------------------------------------------------------------------------------------


def test_inflammatory_back_pain_is_a_soon_referral_to_a_gp_citing_the_criteria() -> None:
    """Morning stiffness over 30 minutes that eases with movement: soon, GP / rheumatology, ASAS and Berlin cited."""
    f = flag("inflammatory_back_pain")
    assert f.kind is FlagKind.REFERRAL and f.urgency is Urgency.SOON
    assert "30 minutes" in f.question and f.question.endswith("?")
    assert {"sieper2009", "rudwaleit2006", "nice_ng65"} <= set(f.sources)
    r = screen(person("inflammatory_back_pain")).referral
    assert r is not None and r.urgency is Urgency.SOON
    assert "rheumatologist" in r.reasons[0]


def test_not_improving_at_intake_is_a_caution_that_asks_for_a_second_look() -> None:
    """No better after 4 weeks of treatment, alone: train gently, and ask the GP or physio to look again."""
    s = screen(person("not_improving"))
    assert s.referral is None
    assert [c.id for c in s.cautions] == ["not_improving"]
    assert "look at it again" in s.cautions[0].message
    assert "farrar2001" in s.cautions[0].sources


def test_age_over_50_with_new_back_pain_is_derived_from_age_and_pain_weeks() -> None:
    """51 with back pain of 11 weeks gives the caution; 50, 12 weeks, or no back pain at all does not."""
    assert "new_back_pain_over_50" in signs(person(age=51, back_pain_weeks=11))
    assert "new_back_pain_over_50" not in signs(person(age=50, back_pain_weeks=11))
    assert "new_back_pain_over_50" not in signs(person(age=70, back_pain_weeks=12))
    assert "new_back_pain_over_50" not in signs(person(age=70, back_pain_weeks=2, back_pain=0))
    assert "new_back_pain_over_50" not in signs(person(age=70))
    s = screen(person(age=51, back_pain_weeks=11))
    assert s.referral is None
    assert [c.id for c in s.cautions] == ["new_back_pain_over_50"]


def test_raised_signs_join_the_screening_and_unknown_ones_are_ignored() -> None:
    """A sign raised from the person's record counts like an answer; an unknown id is not a sign."""
    assert "not_improving" in signs(person(), raised={"not_improving"})
    assert "no_such_sign" not in signs(person(), raised={"no_such_sign"})


def test_new_questions_are_in_flags_so_onboarding_and_init_ask_them() -> None:
    """The web onboarding and `gluterx init` render FLAGS generically: the new questions are among them."""
    ids = [f.id for f in FLAGS]
    assert "inflammatory_back_pain" in ids and "not_improving" in ids
    assert "new_back_pain_over_50" not in ids  # derived from age and pain, never asked


# --- wording -----------------------------------------------------------------------------------------------------


def test_several_findings_of_one_concern_are_explained_in_one_sentence() -> None:
    """Three cauda equina signs give one reason naming all three, with the meaning said once."""
    r = screen(person("bladder_control", "bowel_control", "saddle_numbness")).referral
    assert r is not None
    (reason,) = r.reasons
    assert reason.count("cauda equina") == 1
    assert reason.startswith("New trouble passing or holding urine; losing control of your bowels; and numbness")
    assert "together these" in reason


def test_a_cluster_covered_by_an_earlier_one_adds_no_second_sentence() -> None:
    """Past cancer, weight loss and night pain match two clusters but read as one findings line and one 'why'."""
    r = screen(person("cancer_history", "weight_loss", "night_pain")).referral
    assert r is not None
    assert r.clusters == ("cancer_history_with_signs", "weight_loss_with_night_pain")
    assert len(r.reasons) == 2
    assert sum("routine appointment" in reason for reason in r.reasons) == 1


def test_findings_that_share_a_concern_hold_no_comma_so_lists_of_them_read_clearly() -> None:
    """A list 'A, B and C' stays clear only when no finding has a comma of its own."""
    all_signs = [*FLAGS, *(d.flag for d in DERIVED)]
    shared = {c for c in Concern if sum(f.concern is c for f in all_signs) > 1}
    for f in all_signs:
        if f.concern in shared:
            assert "," not in f.finding, f.id


def test_every_referral_flag_has_a_finding_and_a_concern() -> None:
    """Each referral flag can be named in a list of findings and explained by its concern."""
    for f in FLAGS:
        if f.kind is FlagKind.REFERRAL:
            assert f.finding and f.finding == f.finding.strip() and f.concern is not None, f.id
            assert f.reason.startswith(f.finding[0].upper() + f.finding[1:]), f.id


# --- the property ------------------------------------------------------------------------------------------------

SIGN_IDS = sorted({f.id for f in FLAGS} | {d.flag.id for d in DERIVED})


@settings(max_examples=400)
@given(st.frozensets(st.sampled_from(SIGN_IDS), max_size=6))
def test_referral_urgency_is_never_below_the_most_urgent_flag_and_clusters_only_raise_it(
    present: frozenset[str],
) -> None:
    """Over any set of signs: the urgency is at least every referral flag's; without clusters it is never higher."""
    with_clusters = referral_for(present)
    without = referral_for(present, clusters=())
    flagged = [flag(s).urgency for s in present if s in {f.id for f in FLAGS} and flag(s).urgency is not None]
    if flagged:
        assert with_clusters is not None
        assert with_clusters.urgency.rank <= min(u.rank for u in flagged)
    if without is not None:
        assert with_clusters is not None
        assert with_clusters.urgency.rank <= without.urgency.rank
    if with_clusters is not None:
        assert len(set(with_clusters.reasons)) == len(with_clusters.reasons)
        for c in CLUSTERS:
            if c.members(present):
                assert with_clusters.urgency.rank <= c.urgency.rank


@settings(max_examples=200)
@given(st.frozensets(st.sampled_from(SIGN_IDS), max_size=6), st.sampled_from(SIGN_IDS))
def test_adding_a_sign_never_lowers_the_urgency(present: frozenset[str], extra: str) -> None:
    """Telling us one thing more can only keep or raise how soon a clinician is needed."""
    before = referral_for(present)
    after = referral_for(present | {extra})
    if before is not None:
        assert after is not None and after.urgency.rank <= before.urgency.rank


def test_a_caution_the_referral_already_explains_is_not_repeated_among_the_cautions() -> None:
    """At 61 with new back pain, past cancer names 'new back pain after 50' in its reason, so no separate caution."""
    s = screen(person("cancer_history", "weight_loss", age=61, back_pain_weeks=6, back_pain=5))
    assert s.referral is not None and "new_back_pain_over_50" in s.referral.signs
    assert s.cautions == ()
    other = screen(person("cancer_history", "osteoporosis", age=61, back_pain_weeks=6))
    assert [c.id for c in other.cautions] == ["osteoporosis"]
