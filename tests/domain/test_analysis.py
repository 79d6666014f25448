"""Analytics: pain trend, estimated strength, volume per region, hip/knee balance, adherence, load and energy."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gluterx.domain.analysis import (
    Activity,
    BalanceVerdict,
    CustomExercise,
    LoggedSet,
    PainReading,
    PlannedDay,
    Region,
    SessionSummary,
    adherence,
    analyse,
    balance,
    energy,
    is_hard,
    pain_trend,
    region_weights,
    strength,
    training_load,
    volume,
    week_start,
)
from gluterx.domain.anatomy import Muscle
from gluterx.domain.exercise import ForceVector, Library, Pattern

MONDAY = date(2025, 3, 3)
LEG_EXTENSION = CustomExercise(
    "leg_extension",
    name="Leg Extension (Machine)",
    pattern=Pattern.SQUAT,
    hip_dominant=False,
    force_vector=ForceVector.NONE,
    primary_muscles=(Muscle.QUADS,),
    secondary_muscles=(),
)
CUSTOMS = {LEG_EXTENSION.exercise_id: LEG_EXTENSION}


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def sets_of(exercise_id: str, n: int, *, on: int = 0, **kw: object) -> list[LoggedSet]:
    return [LoggedSet(day(on), exercise_id, 10, **kw) for _ in range(n)]


def readings(*pairs: tuple[int, float]) -> list[PainReading]:
    return [PainReading(day(n), p) for n, p in pairs]


# --- pain ---------------------------------------------------------------------------------------------------------


def test_pain_trend_gives_the_daily_mean_and_the_seven_day_rolling_mean() -> None:
    """Two readings on a day average; the rolling mean covers the days with readings in the last 7 days."""
    trend = pain_trend(readings((0, 6), (1, 4), (1, 6), (3, 4), (8, 2)))
    assert [(d.day, d.pain) for d in trend.days] == [(day(0), 6), (day(1), 5), (day(3), 4), (day(8), 2)]
    assert [d.rolling_mean for d in trend.days] == [6, 5.5, 5, 3]
    assert (trend.baseline, trend.current, trend.change, trend.change_percent) == (6, 3, -3, -50)
    assert trend.meaningful
    assert "meaningful improvement" in trend.verdict
    assert trend.sources == ("farrar2001",)


def test_a_fall_of_exactly_two_points_is_a_meaningful_improvement() -> None:
    """8 -> 6 is only 25% but 2 points, which is enough."""
    trend = pain_trend(readings((0, 8), (10, 6)))
    assert (trend.change, trend.meaningful) == (-2, True)


def test_a_fall_under_two_points_and_under_thirty_percent_is_not_meaningful() -> None:
    """8 -> 6.5 is 1.5 points and 19%: eased, but not a meaningful change."""
    trend = pain_trend(readings((0, 8), (10, 6.5)))
    assert not trend.meaningful
    assert "eased a little" in trend.verdict


def test_a_fall_of_exactly_thirty_percent_is_meaningful_though_under_two_points() -> None:
    """5 -> 3.5 is 1.5 points but 30%."""
    trend = pain_trend(readings((0, 5), (10, 3.5)))
    assert trend.meaningful
    assert trend.change_percent == pytest.approx(-30)


def test_a_fall_just_under_thirty_percent_and_two_points_is_not_meaningful() -> None:
    """5 -> 3.6 is 1.4 points and 28%."""
    assert not pain_trend(readings((0, 5), (10, 3.6))).meaningful


def test_a_given_baseline_replaces_the_first_reading() -> None:
    """Baseline 7 from the profile: 4 now is a 3-point fall even though the first check-in was 4."""
    trend = pain_trend(readings((0, 4), (1, 4)), baseline=7)
    assert (trend.baseline, trend.change, trend.meaningful) == (7, -3, True)


def test_rising_pain_is_no_improvement_and_says_so() -> None:
    """3 -> 5 is higher than at the start."""
    trend = pain_trend(readings((0, 3), (10, 5)))
    assert (trend.change, trend.meaningful) == (2, False)
    assert "higher than at the start" in trend.verdict


def test_no_pain_readings_give_an_empty_trend_with_a_message() -> None:
    """Nothing logged: no numbers, a plain message."""
    trend = pain_trend([])
    assert (trend.days, trend.current, trend.meaningful) == ((), None, False)
    assert "No pain check-ins" in trend.verdict


# --- strength -----------------------------------------------------------------------------------------------------


def test_e1rm_is_the_best_epley_estimate_per_day_and_per_week(library: Library) -> None:
    """60x3 -> 66, 90x6 -> 108 on day one; 100x3 -> 110 the next week; warm-ups do not count."""
    logged = [
        LoggedSet(day(0), "hip_thrust", 3, 60),
        LoggedSet(day(0), "hip_thrust", 6, 90),
        LoggedSet(day(0), "hip_thrust", 9, 120, warmup=True),
        LoggedSet(day(2), "hip_thrust", 3, 90),
        LoggedSet(day(7), "hip_thrust", 3, 100),
    ]
    (ex,) = strength(logged, library).exercises
    assert [(p.day, p.load_kg, p.reps) for p in ex.points] == [(day(0), 90, 6), (day(2), 90, 3), (day(7), 100, 3)]
    assert [p.e1rm_kg for p in ex.points] == pytest.approx([108, 99, 110])
    assert [w.week_start for w in ex.weekly_best] == [day(0), day(7)]
    assert [w.e1rm_kg for w in ex.weekly_best] == pytest.approx([108, 110])
    assert (ex.best_kg, ex.first_kg, ex.latest_kg) == pytest.approx((110, 108, 110))
    assert ex.change_percent == pytest.approx(2 / 108 * 100)
    assert ex.name == "Barbell hip thrust"
    assert "rose from 108 kg to 110 kg" in ex.message


def test_e1rm_ignores_sets_over_ten_reps(library: Library) -> None:
    """Sets of 11+ reps give no estimate; a set of exactly 10 does (100 x 10 -> 133.3)."""
    logged = [LoggedSet(day(0), "hip_thrust", 15, 150), LoggedSet(day(0), "hip_thrust", 11, 140)]
    assert strength(logged, library).exercises == ()
    (ex,) = strength([*logged, LoggedSet(day(0), "hip_thrust", 10, 100)], library).exercises
    assert ex.best_kg == pytest.approx(100 * (1 + 10 / 30))


def test_strength_is_labelled_as_an_estimate_and_cites_its_sources(library: Library) -> None:
    """The note says estimate and gives Hutchins' error; Epley and Reynolds are cited."""
    report = strength([LoggedSet(day(0), "hip_thrust", 5, 100)], library)
    assert "estimate" in report.note
    assert "11-14%" in report.note
    assert report.sources == ("epley1985", "reynolds2006", "hutchins2010")


def test_imported_exercises_outside_the_library_get_an_e1rm_under_their_own_name(library: Library) -> None:
    """A custom 'Leg Extension (Machine)' 60 kg x 5 -> 70 kg; an unknown id is named from the id."""
    logged = [LoggedSet(day(0), "leg_extension", 5, 60), LoggedSet(day(0), "sissy_squat", 3, 30)]
    report = strength(logged, library, customs=CUSTOMS)
    by_id = {e.exercise_id: e for e in report.exercises}
    assert (by_id["leg_extension"].name, by_id["leg_extension"].best_kg) == ("Leg Extension (Machine)", 70)
    assert (by_id["sissy_squat"].name, by_id["sissy_squat"].best_kg) == ("Sissy squat", 33)


def test_bodyweight_work_shows_the_highest_level_reached_in_each_chain(library: Library) -> None:
    """Glute bridge (1), then single-leg glute bridge (3): level 3 of the bridge chain, on the day first done."""
    logged = [
        LoggedSet(day(0), "glute_bridge", 12),
        LoggedSet(day(4), "single_leg_glute_bridge", 8),
        LoggedSet(day(9), "single_leg_glute_bridge", 10),
        LoggedSet(day(9), "glute_bridge", 15),
        LoggedSet(day(9), "clamshell", 15),
        LoggedSet(day(9), "hip_90_90", 30),
        LoggedSet(day(9), "walking", 20),
        LoggedSet(day(9), "fire_hydrant", 0),
    ]
    chains = {c.chain: c for c in strength(logged, library).chains}
    assert set(chains) == {"bridge_thrust", "external_rotation"}
    bridge = chains["bridge_thrust"]
    top = max(e.level for e in library.chain_members("bridge_thrust"))
    assert (bridge.level, bridge.top_level, bridge.exercise_id, bridge.reached_on) == (
        3,
        top,
        "single_leg_glute_bridge",
        day(4),
    )
    assert chains["external_rotation"].level == 1
    assert f"level 3 of {top}" in bridge.message


# --- volume -------------------------------------------------------------------------------------------------------


def test_only_hard_sets_count_rir_four_or_less_rpe_six_or_more_or_effort_unknown() -> None:
    """Warm-ups and easy sets (RIR 5, RPE 5) are not hard; RIR 4, RPE 6 and no rating are."""
    hard = [LoggedSet(MONDAY, "x", 10, rir=4), LoggedSet(MONDAY, "x", 10, rpe=6), LoggedSet(MONDAY, "x", 10)]
    easy = [
        LoggedSet(MONDAY, "x", 10, rir=5),
        LoggedSet(MONDAY, "x", 10, rpe=5),
        LoggedSet(MONDAY, "x", 10, warmup=True),
    ]
    assert [is_hard(s) for s in hard + easy] == [True, True, True, False, False, False]


def test_weekly_volume_counts_primary_muscles_as_one_set_and_secondary_as_half(library: Library) -> None:
    """3 hard hip-thrust sets + 2 hard side-lying abduction sets: upper 4, lower 3, medius/minimus 3.5."""
    logged = [
        LoggedSet(day(0), "hip_thrust", 8, 100, rir=2),
        LoggedSet(day(0), "hip_thrust", 8, 100, rpe=6),
        LoggedSet(day(0), "hip_thrust", 8, 100),
        LoggedSet(day(0), "hip_thrust", 8, 100, rir=5),
        LoggedSet(day(0), "hip_thrust", 8, 60, warmup=True),
        LoggedSet(day(2), "side_lying_hip_abduction", 15, rir=4),
        LoggedSet(day(2), "side_lying_hip_abduction", 15, rpe=5),
        LoggedSet(day(2), "side_lying_hip_abduction", 15),
    ]
    (week,) = volume(logged, library).weeks
    assert week.week_start == MONDAY
    assert week.hard_sets == 5
    assert dict(week.regions) == {Region.GMAX_UPPER: 4.0, Region.GMAX_LOWER: 3.0, Region.GMED_GMIN: 3.5}
    assert dict(week.vectors) == {"anteroposterior": 3, "lateromedial": 2}


def test_gmed_and_gmin_together_count_once_per_set() -> None:
    """An exercise with both as primary gives gmed_gmin one set, not two."""
    assert region_weights((Muscle.GMED, Muscle.GMIN), (Muscle.GMAX_UPPER, Muscle.TFL)) == {
        Region.GMED_GMIN: 1.0,
        Region.GMAX_UPPER: 0.5,
    }


def test_weeks_without_training_show_as_zero_volume(library: Library) -> None:
    """Week 1 and week 3 trained: week 2 is listed with nothing."""
    report = volume([*sets_of("glute_bridge", 2), *sets_of("glute_bridge", 1, on=15)], library)
    assert [(w.week_start, w.hard_sets) for w in report.weeks] == [(day(0), 2), (day(7), 0), (day(14), 1)]
    assert report.weeks[1].regions[Region.GMAX_UPPER] == 0


def test_unknown_exercises_count_as_hard_sets_in_no_region(library: Library) -> None:
    """An imported id with no guess: counted, under vector 'unknown', and listed."""
    (week,) = volume(sets_of("zercher_carry_thing", 2), library).weeks
    assert week.hard_sets == 2
    assert set(week.regions.values()) == {0.0}
    assert dict(week.vectors) == {"unknown": 2}
    assert volume(sets_of("zercher_carry_thing", 2), library).unknown_exercises == ("zercher_carry_thing",)


def test_a_custom_exercise_with_a_guessed_pattern_counts_like_that_pattern(library: Library) -> None:
    """'Glute kickback machine' guessed as hip extension: both gluteus maximus regions, anteroposterior."""
    customs = {"kickback_machine": CustomExercise("kickback_machine", pattern=Pattern.HIP_EXTENSION)}
    (week,) = volume(sets_of("kickback_machine", 2), library, customs=customs).weeks
    assert dict(week.regions) == {Region.GMAX_UPPER: 2.0, Region.GMAX_LOWER: 2.0, Region.GMED_GMIN: 0.0}
    assert dict(week.vectors) == {"anteroposterior": 2}


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_volume_totals_equal_the_hard_sets_weighted_by_their_muscles(library: Library, data: st.DataObject) -> None:
    """Over any log, the region totals are the sum over hard sets of each exercise's region weights."""
    ids = sorted(library.exercises)
    logged = data.draw(
        st.lists(
            st.builds(
                LoggedSet,
                day=st.integers(0, 60).map(day),
                exercise_id=st.sampled_from([*ids, "unknown_machine"]),
                reps=st.integers(0, 20),
                load_kg=st.none() | st.floats(0, 200),
                rir=st.none() | st.integers(0, 8).map(float),
                rpe=st.none() | st.floats(1, 10),
                warmup=st.booleans(),
            ),
            max_size=60,
        )
    )
    report = volume(logged, library)
    hard = [s for s in logged if is_hard(s)]
    expected = sum(
        sum(
            region_weights(
                library.get(s.exercise_id).primary_muscles, library.get(s.exercise_id).secondary_muscles
            ).values()
        )
        for s in hard
        if s.exercise_id in library
    )
    assert sum(sum(w.regions.values()) for w in report.weeks) == pytest.approx(expected)
    assert sum(w.hard_sets for w in report.weeks) == len(hard)
    assert sum(sum(w.vectors.values()) for w in report.weeks) == len(hard)


# --- balance ------------------------------------------------------------------------------------------------------


def quad_dominant_history() -> list[LoggedSet]:
    """Four weeks of squats, lunges and leg extensions, with a few glute bridges."""
    out: list[LoggedSet] = []
    for week in range(4):
        out += sets_of("back_squat", 5, on=7 * week, load_kg=100, rir=2)
        out += sets_of("walking_lunge", 3, on=7 * week + 2, load_kg=20)
        out += sets_of("leg_extension", 3, on=7 * week + 2, load_kg=50)
        out += sets_of("glute_bridge", 1, on=7 * week + 4)
    return out


def test_a_quad_dominant_history_gets_the_quad_dominant_verdict_and_the_fix(library: Library) -> None:
    """11 knee-dominant sets to 1 bridge a week, no abduction: quad-dominant, with library exercises to add."""
    report = balance(quad_dominant_history(), library, customs=CUSTOMS)
    assert report.verdict is BalanceVerdict.QUAD_DOMINANT
    assert (report.hip_sets, report.knee_sets, report.abduction_rotation_sets, report.other_sets) == (4, 44, 0, 0)
    assert report.knee_share == pytest.approx(44 / 48)
    assert report.abduction_share == 0
    assert report.add == ("hip_thrust", "glute_bridge", "side_lying_hip_abduction", "lateral_band_walk")
    assert report.message.startswith("Your training is quad-dominant:")
    for words in (
        "Barbell hip thrust",
        "Side-lying hip abduction",
        "Lateral band walk",
        "at least as many hip-dominant",
    ):
        assert words in report.message
    assert [w.verdict for w in report.weeks] == [BalanceVerdict.QUAD_DOMINANT] * 4
    assert report.sources == ("contreras2013", "gluterx_policy")


def test_a_hip_dominant_history_is_not_called_quad_dominant(library: Library) -> None:
    """Thrusts, RDLs and band walks with some squats: hip-dominant."""
    logged = [
        *sets_of("hip_thrust", 4, load_kg=100),
        *sets_of("romanian_deadlift", 3, load_kg=80),
        *sets_of("lateral_band_walk", 3),
        *sets_of("back_squat", 3, load_kg=80),
    ]
    report = balance(logged, library)
    assert report.verdict is BalanceVerdict.HIP_DOMINANT
    assert (report.hip_sets, report.knee_sets, report.abduction_rotation_sets) == (10, 3, 3)
    assert "quad-dominant" not in report.message
    assert report.message.startswith("Your training is hip-dominant")


def test_a_balanced_history_is_balanced_and_asks_for_side_of_hip_work_when_it_is_missing(library: Library) -> None:
    """Half squats, half thrusts, no abduction: balanced, not quad-dominant, with abduction suggested."""
    report = balance([*sets_of("back_squat", 5), *sets_of("hip_thrust", 5)], library)
    assert report.verdict is BalanceVerdict.BALANCED
    assert "quad-dominant" not in report.message
    assert report.add == ("side_lying_hip_abduction", "lateral_band_walk")


def test_exactly_sixty_percent_knee_work_without_abduction_is_quad_dominant(library: Library) -> None:
    """6 squats to 4 thrusts is the edge of the rule."""
    report = balance([*sets_of("back_squat", 6), *sets_of("hip_thrust", 4)], library)
    assert (report.knee_share, report.verdict) == (0.6, BalanceVerdict.QUAD_DOMINANT)


def test_knee_leaning_work_with_enough_abduction_leans_knee_but_is_not_quad_dominant(library: Library) -> None:
    """6 squats, 3 thrusts, 1 band walk: 60% knee but 10% abduction."""
    logged = [*sets_of("back_squat", 6), *sets_of("hip_thrust", 3), *sets_of("lateral_band_walk", 1)]
    report = balance(logged, library)
    assert report.verdict is BalanceVerdict.KNEE_LEANING
    assert "quad-dominant" not in report.message
    assert report.add == ("hip_thrust", "glute_bridge")


def test_walking_mobility_and_unknown_exercises_do_not_count_towards_the_shares(library: Library) -> None:
    """Only hip- and knee-dominant strength work makes up the shares."""
    logged = [*sets_of("walking", 3), *sets_of("hip_90_90", 2), *sets_of("mystery", 1), *sets_of("back_squat", 1)]
    report = balance(logged, library)
    assert (report.hip_sets, report.knee_sets, report.other_sets, report.knee_share) == (0, 1, 6, 1.0)


def test_no_strength_sets_give_no_verdict(library: Library) -> None:
    """Nothing to judge: says so."""
    report = balance(sets_of("walking", 2), library)
    assert report.verdict is BalanceVerdict.NOT_ENOUGH_DATA
    assert report.knee_share is None
    assert "Not enough" in report.message


# --- adherence ----------------------------------------------------------------------------------------------------


def test_adherence_counts_planned_sessions_done_per_week_and_overall() -> None:
    """Week 1: 2 of 3 (Friday moved to Thursday counts); week 2: 3 of 3 plus an extra; future plans not counted."""
    planned = [PlannedDay(day(n)) for n in (0, 2, 4, 7, 9, 11, 14)]
    done = [day(n) for n in (0, 3, 7, 9, 11, 12, 12)]
    report = adherence(planned, done, today=day(13))
    assert [(w.week_start, w.planned, w.done, w.extra) for w in report.weeks] == [(day(0), 3, 2, 0), (day(7), 3, 3, 1)]
    assert report.weeks[0].percent == pytest.approx(200 / 3)
    assert (report.planned, report.done) == (6, 5)
    assert report.percent == pytest.approx(500 / 6)
    assert report.message == "You did 5 of 6 planned sessions (83%)."


def test_no_planned_sessions_give_no_percentage() -> None:
    """Training without a plan: nothing to compare with."""
    report = adherence([], [MONDAY], today=day(3))
    assert (report.percent, report.weeks[0].extra) == (None, 1)


# --- training load ------------------------------------------------------------------------------------------------


def steady_weeks(last_week: list[SessionSummary]) -> list[SessionSummary]:
    """Four weeks of 2 x 60 min at RPE 5 (600 a week), then `last_week`."""
    return [SessionSummary(day(7 * w + d), 60, 5) for w in range(4) for d in (0, 3)] + last_week


def test_session_rpe_load_is_rpe_times_minutes_per_week() -> None:
    """Two sessions of 60 min at RPE 5 make 600; an unrated one adds nothing but is counted."""
    report = training_load([SessionSummary(day(0), 60, 5), SessionSummary(day(2), 60, 5), SessionSummary(day(4), 30)])
    (week,) = report.weeks
    assert (week.load, week.sessions, week.unrated, week.acute_chronic) == (600, 3, 1, None)
    assert "no effort rating" in report.message


def test_a_load_of_one_and_a_half_times_the_previous_four_weeks_is_a_soft_warning() -> None:
    """900 after four weeks of 600: ratio 1.5, flagged gently, citing the criticism."""
    report = training_load(steady_weeks([SessionSummary(day(28 + d), 50, 6) for d in (0, 2, 4)]))
    assert [w.load for w in report.weeks] == [600] * 4 + [900]
    assert [w.acute_chronic for w in report.weeks] == [None] * 4 + [1.5]
    assert report.spikes == (day(28),)
    assert report.warning is not None
    assert "debated" in report.warning
    assert "impellizzeri2021" in report.sources


def test_a_smaller_rise_is_not_a_spike() -> None:
    """840 after 600s: ratio 1.4, no warning."""
    report = training_load(steady_weeks([SessionSummary(day(28 + d), 70, 6) for d in (0, 2)]))
    assert report.weeks[-1].acute_chronic == pytest.approx(1.4)
    assert (report.spikes, report.warning) == ((), None)


def test_a_week_off_counts_as_zero_load() -> None:
    """The missing week is in the series with 0, so the chronic mean falls."""
    report = training_load([SessionSummary(day(0), 60, 5), SessionSummary(day(14), 60, 5)])
    assert [(w.week_start, w.load) for w in report.weeks] == [(day(0), 300), (day(7), 0), (day(14), 300)]


# --- energy -------------------------------------------------------------------------------------------------------


def test_energy_is_met_times_3_5_times_body_mass_over_200_times_minutes() -> None:
    """80 kg: 60 min strength 294 kcal, 30 min walking 180.6, 45 min swimming 378."""
    report = energy(
        [
            SessionSummary(day(0), 60, 6),
            SessionSummary(day(1), 30, activity=Activity.WALKING),
            SessionSummary(day(2), 45, activity=Activity.SWIMMING),
        ],
        body_mass_kg=80,
    )
    assert [e.met for e in report.sessions] == [3.5, 4.3, 6.0]
    assert [e.kcal for e in report.sessions] == pytest.approx([294, 180.6, 378])
    assert report.total_kcal == pytest.approx(852.6)
    assert report.sources == ("ainsworth2011",)


def test_energy_needs_a_body_mass() -> None:
    """Without body mass: no number, and a message saying what to add."""
    report = energy([SessionSummary(day(0), 60, 6)], body_mass_kg=None)
    assert (report.sessions[0].kcal, report.total_kcal) == (None, None)
    assert "body mass" in report.message


# --- everything at once -------------------------------------------------------------------------------------------


def test_analyse_reads_the_history_up_to_today_and_counts_training_days_as_done(library: Library) -> None:
    """Sets after today are left out; a day with sets or a session summary counts as a session done."""
    logged = [*quad_dominant_history(), *sets_of("hip_thrust", 40, on=40)]
    result = analyse(
        sets=logged,
        library=library,
        customs=CUSTOMS,
        today=day(27),
        pain=readings((0, 6), (20, 3), (30, 0)),
        planned=[PlannedDay(day(n)) for n in range(0, 28, 2)],
        sessions=[SessionSummary(day(1), 40, 5, Activity.WALKING)],
        body_mass_kg=70,
    )
    assert result.balance.verdict is BalanceVerdict.QUAD_DOMINANT
    assert sum(w.hard_sets for w in result.volume.weeks) == len(quad_dominant_history())
    assert result.pain.current == pytest.approx(3)
    assert result.adherence.planned == 14
    assert result.adherence.done == 13  # 3 training days a week, plus the walk on a day-1 in week one
    assert result.energy.sessions[0].kcal == pytest.approx(4.3 * 3.5 * 70 / 200 * 40)


def test_every_report_cites_sources_in_the_registry(library: Library) -> None:
    """Each `sources` tuple names ids the evidence registry knows."""
    result = analyse(sets=quad_dominant_history(), library=library, customs=CUSTOMS, today=day(30))
    cited = {s for f in fields(result) for s in getattr(getattr(result, f.name), "sources", ())}
    assert cited
    assert cited <= set(library.registry.sources)
    assert all(is_dataclass(getattr(result, f.name)) for f in fields(result))


def test_weeks_start_on_monday() -> None:
    """Sunday belongs to the week that began six days before."""
    assert week_start(day(6)) == MONDAY
    assert week_start(day(7)) == day(7)


def test_a_negative_rep_count_is_refused_naming_the_field() -> None:
    """Bad input gets a message with the field and the fix."""
    with pytest.raises(ValueError, match="reps"):
        LoggedSet(MONDAY, "hip_thrust", -1)
