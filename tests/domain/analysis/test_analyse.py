"""Every report at once, and what they all share: cited sources, Monday weeks, refused bad input."""

from __future__ import annotations

from dataclasses import fields, is_dataclass

import pytest

from gluterx.domain.analysis import Activity, BalanceVerdict, LoggedSet, PlannedDay, SessionSummary, analyse, week_start
from gluterx.domain.exercise import Library
from tests.domain.analysis.helpers import CUSTOMS, MONDAY, day, quad_dominant_history, readings, sets_of


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
