"""An alert's identity (Alert.key): its kind, level and occasion, not its words."""

from __future__ import annotations

from datetime import date, timedelta

from gluterx.domain.progression.alerts import alerts

MONDAY = date(2026, 1, 5)


def test_inactivity_keeps_its_key_as_the_days_go_by_and_changes_it_with_a_new_session_or_a_higher_level() -> None:
    last = MONDAY
    low = [alerts([], today=last + timedelta(days=n), last_session=last)[0] for n in (3, 4)]
    assert low[0].message != low[1].message and low[0].key == low[1].key == "inactive:low:2026-01-05"
    high = alerts([], today=last + timedelta(days=20), last_session=last)[0]
    assert high.key == "inactive:high:2026-01-05"
    again = alerts([], today=last + timedelta(days=24), last_session=last + timedelta(days=20))[0]
    assert again.key == "inactive:low:2026-01-25"


def test_a_pain_alert_is_keyed_on_the_day_of_its_reading() -> None:
    readings = [(MONDAY, 2), (MONDAY + timedelta(days=1), 8)]
    first = alerts(readings, today=MONDAY + timedelta(days=1), last_session=None)[0]
    next_day = alerts(readings, today=MONDAY + timedelta(days=2), last_session=None)[0]
    assert first.key == next_day.key == "pain:critical:2026-01-06"
