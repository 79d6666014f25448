"""The one rule for a short day, shared by the pages and the CLI, and the moment they act at."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from gluterx.adapters.dates import day_month, now


def test_a_day_of_this_year_leaves_the_year_off_and_another_year_says_it() -> None:
    this_year = date(date.today().year, 8, 17)
    assert day_month(this_year) == "17 Aug"
    assert day_month(date(2019, 12, 5)) == "5 Dec 2019"


def test_a_day_is_said_the_same_from_iso_text_a_date_and_a_moment_on_it() -> None:
    moment = datetime(2019, 12, 5, 23, 59, tzinfo=UTC)
    assert day_month("2019-12-05") == day_month(date(2019, 12, 5)) == day_month(moment) == "5 Dec 2019"


def test_now_is_an_aware_utc_moment() -> None:
    before = datetime.now(UTC)
    moment = now()
    assert moment.tzinfo is UTC and before <= moment < before + timedelta(seconds=5)
