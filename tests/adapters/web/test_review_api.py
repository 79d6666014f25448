"""The 4-week review over HTTP: four weeks of sessions and check-ins at 5/10, then GET /program and /today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.adapters.web.conftest import Person, make_profile, make_session

DAYS = 31


def test_no_better_after_four_weeks_shows_in_the_programme_and_among_todays_alerts(
    client: TestClient, a: Person
) -> None:
    """Every session done and pain 5/10 throughout: /program carries the review, /today says it as a high alert."""
    first = dt.date.today() - dt.timedelta(days=DAYS)
    profile = make_profile(pain=[{"region": "lower_back", "side": "both", "intensity": 5, "weeks": 30}])
    put = client.put("/api/v1/profile", params={"start_date": first.isoformat()}, json=profile, headers=a.headers)
    assert put.status_code == 200, put.text
    for offset in range(DAYS):
        day = (first + dt.timedelta(days=offset)).isoformat()
        view: dict[str, Any] = client.get("/api/v1/today", params={"date": day}, headers=a.headers).json()
        if offset:
            checked = client.post("/api/v1/checkins", json={"date": day, "pain": 5}, headers=a.headers)
            assert checked.status_code in (200, 201), checked.text
        if view["items"]:
            logged = client.post("/api/v1/sessions", json=make_session(view, pain=5), headers=a.headers)
            assert logged.status_code in (200, 201), logged.text
    program = client.get("/api/v1/program", headers=a.headers).json()
    review = program["review"]
    assert review is not None
    assert (review["urgency"], review["pain_before"], review["pain_now"]) == ("soon", 5.0, 5.0)
    assert review["sessions_done"] == review["sessions_planned"] > 0
    assert review["reasons"] == []  # 45 with long-standing pain: advice, not a referral
    assert "GP or physiotherapist" in review["action"]
    today = client.get("/api/v1/today", headers=a.headers).json()
    assert {"level": "high", "message": review["message"]} in today["alerts"]
    assert set(today) == {"date", "week", "day", "rest_day", "next_session_date", "items", "alerts", "precautions"}


def test_no_review_in_the_first_four_weeks(client: TestClient, a: Person, started: Callable[..., Any]) -> None:
    """A programme that started on the fixture's Monday has no review yet on its first day."""
    started(a)
    assert client.get("/api/v1/program", headers=a.headers).json()["review"] is None
