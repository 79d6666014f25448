"""Adherence: planned sessions against the days trained."""

from __future__ import annotations

import pytest

from gluterx.domain.analysis import PlannedDay, adherence
from tests.domain.analysis.helpers import MONDAY, day


def test_adherence_counts_planned_sessions_done_per_week_and_overall() -> None:
    """Week 1: 2 of 3 (Friday moved to Thursday counts); week 2: 3 of 3 plus an extra; future plans not counted."""
    planned = [PlannedDay(day(n)) for n in (0, 2, 4, 7, 9, 11, 14)]
    done = [day(n) for n in (0, 3, 7, 9, 11, 12, 12)]
    report = adherence(planned, done, today=day(13))
    assert [(w.week_start, w.planned, w.done, w.extra) for w in report.weeks] == [(day(0), 3, 2, 0), (day(7), 3, 3, 1)]
    assert report.weeks[0].percent == pytest.approx(200 / 3)
    assert (report.planned, report.done) == (6, 5)
    assert report.percent == pytest.approx(500 / 6)
    assert report.extra == 1
    assert report.message == "You did 5 of the 6 sessions planned so far (83%), and trained on 1 more day besides."


def test_no_planned_sessions_give_no_percentage() -> None:
    """Training without a plan: nothing to compare with."""
    report = adherence([], [MONDAY], today=day(3))
    assert (report.percent, report.weeks[0].extra) == (None, 1)
