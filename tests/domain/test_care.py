"""domain/care: its cited figures match the registry; adherence, the pain trend and who needs attention first."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gluterx.domain.care import CITED, PainTrend, adherence, attention_key, pain_trend
from gluterx.domain.exercise import Library
from gluterx.domain.progression.alerts import AlertLevel
from gluterx.domain.thresholds import Cited

DAY = date(2026, 12, 1)


@pytest.mark.parametrize("cited", CITED, ids=lambda c: c.figure)
def test_each_figure_equals_its_registry_figure(library: Library, cited: Cited) -> None:
    figure = library.registry.figure(cited.figure)
    assert (figure.low, figure.high) == (cited.low, cited.top)
    assert figure.source in library.registry.sources


def test_adherence_counts_sessions_in_the_window_against_those_planned() -> None:
    planned = [DAY - timedelta(days=d) for d in (0, 2, 4, 9)]
    done = [DAY - timedelta(days=d) for d in (1, 4, 20)]
    assert adherence(planned, done, first=DAY - timedelta(days=6), last=DAY) == pytest.approx(2 / 3)
    assert adherence(planned, planned + done, first=DAY - timedelta(days=6), last=DAY) == 1.0  # never above 1
    assert adherence([], done, first=DAY - timedelta(days=6), last=DAY) is None


def test_pain_trend() -> None:
    week = [(DAY - timedelta(days=d), 5) for d in range(7)]
    before = [(DAY - timedelta(days=7 + d), 3) for d in range(7)]
    assert pain_trend(before + week, today=DAY) is PainTrend.RISING
    assert pain_trend([(d, 1) for d, _ in week] + before, today=DAY) is PainTrend.EASING
    assert pain_trend([(d, 3) for d, _ in week] + before, today=DAY) is PainTrend.STEADY
    assert pain_trend(week, today=DAY) is PainTrend.UNKNOWN


def test_attention_order_alert_then_adherence_then_rising_pain_then_longest_away() -> None:
    keys = {
        "critical": attention_key([AlertLevel.CRITICAL], 1.0, PainTrend.STEADY, DAY, today=DAY),
        "low alert": attention_key([AlertLevel.LOW], 1.0, PainTrend.STEADY, DAY, today=DAY),
        "rarely trains": attention_key([], 0.25, PainTrend.STEADY, DAY, today=DAY),
        "rising": attention_key([], 0.9, PainTrend.RISING, DAY, today=DAY),
        "away longer": attention_key([], 0.9, PainTrend.STEADY, DAY - timedelta(days=3), today=DAY),
        "fine": attention_key([], 0.9, PainTrend.STEADY, DAY, today=DAY),
    }
    assert sorted(keys, key=keys.__getitem__) == list(keys)
