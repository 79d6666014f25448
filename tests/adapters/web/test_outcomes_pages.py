"""The outcome-measures pages: Today's card when a check is due, the form (errors beside their fields, nothing
stored), and the answers charted on Progress with the minimal important change cited."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gluterx.adapters.web.app import create_app
from gluterx.bootstrap import Container, build
from gluterx.config import Settings
from gluterx.services.outcomes import outcome_history
from tests.adapters.web.test_pages import csrf_of, onboard, sign_up

NAMES = ["Climbing the stairs", "Sitting through a film", "Lifting my toddler"]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Container]:
    built = build(Settings(database_url=f"sqlite:///{tmp_path / 'pages.db'}", environment="test", secret_key="x" * 40))
    yield built
    built.engine.dispose()


@pytest.fixture
def web(store: Container) -> Iterator[TestClient]:
    with TestClient(create_app(store)) as client:
        yield client


def start_date(store: Container) -> date:
    with store.uow() as uow:
        person_id = uow.accounts.by_email("ann@example.com").person_id
        program = uow.programs.active(person_id)
        assert program is not None
        return program.start_date


def form(page: str, pain: str, scores: list[str], groc: str | None = None, names: list[str] = NAMES) -> dict[str, Any]:
    data: dict[str, Any] = {"csrf_token": csrf_of(page), "pain": pain}
    date_field = page.split('name="date" value="', 1)[1].split('"', 1)[0]
    data["date"] = date_field
    for i, (name, score) in enumerate(zip(names, scores, strict=True)):
        data[f"activity_{i}"], data[f"score_{i}"] = name, score
    if groc is not None:
        data["groc"] = groc
    return data


def test_the_start_check_from_today_to_progress(web: TestClient, store: Container) -> None:
    """After onboarding Today offers the start questions; answered, Progress shows them and Today's card is gone."""
    sign_up(web)
    onboard(web)
    first = start_date(store).isoformat()
    today = web.get("/today", params={"date": first}).text
    assert 'id="outcomes-due"' in today and "Where you are now" in today
    page = web.get("/outcomes", params={"date": first}).text
    assert "Before you start" in page and 'name="groc"' not in page
    answer = web.post("/outcomes", data=form(page, "6", ["3", "4", "2"]), follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].endswith("#outcomes")
    assert 'id="outcomes-due"' not in web.get("/today", params={"date": first}).text
    progress = web.get("/progress", params={"date": first}).text
    assert 'id="outcomes-chart"' in progress and "Lifting my toddler: 2" in progress
    assert "Your starting point is saved" in progress


def test_the_four_weekly_check_asks_the_same_activities_and_shows_the_verdicts(
    web: TestClient, store: Container
) -> None:
    """Day 28: Today says it's time; the form has the start's activities and the change question; Progress then
    shows better pain and activities with Farrar 2001 and Abbott & Schmitt 2014 cited."""
    sign_up(web)
    onboard(web)
    start = start_date(store)
    page = web.get("/outcomes", params={"date": start.isoformat()}).text
    web.post("/outcomes", data=form(page, "6", ["3", "4", "2"]))
    day28 = (start + timedelta(days=28)).isoformat()
    assert "It's time for your 4-weekly check" in web.get("/today", params={"date": day28}).text
    page = web.get("/outcomes", params={"date": day28}).text
    assert all(f'value="{n}"' in page for n in NAMES) and 'name="groc"' in page
    assert web.post("/outcomes", data=form(page, "3", ["6", "7", "5"], groc="4")).status_code == 200
    progress = web.get("/progress", params={"date": day28}).text
    assert 'id="outcomes-pain" data-verdict="better"' in progress
    assert 'id="outcomes-psfs" data-verdict="better"' in progress
    assert "Farrar JT et al. 2001" in progress and "Abbott JH, Schmitt JS 2014" in progress
    assert "moderately better" in progress


def test_bad_answers_are_shown_beside_their_fields_and_nothing_is_stored(web: TestClient, store: Container) -> None:
    """An activity without a rating and a too-long name, then only two activities: 422, each message by its
    field, the typed values kept; nothing saved."""
    sign_up(web)
    onboard(web)
    first = start_date(store).isoformat()
    page = web.get("/outcomes", params={"date": first}).text
    data = form(page, "5", ["", "4"], names=["Walking to the shop", "x" * 81])
    answer = web.post("/outcomes", data=data)
    assert answer.status_code == 422
    assert 'id="score_0-error">required' in answer.text
    assert 'id="activity_1-error"' in answer.text and "Walking to the shop" in answer.text
    answer = web.post("/outcomes", data=form(page, "5", ["3", "4"], names=NAMES[:2]))
    assert answer.status_code == 422 and 'id="activities-error"' in answer.text
    with store.uow() as uow:
        person_id = uow.accounts.by_email("ann@example.com").person_id
    assert outcome_history(store.uow(), person_id=person_id, today=date.fromisoformat(first)).answers == ()


def test_a_clinicians_interval_is_the_one_every_page_names(web: TestClient, store: Container) -> None:
    """A clinician chose every 2 weeks: Today, the outcomes page and Progress all say 2 weeks (none says 4)."""
    sign_up(web)
    onboard(web)
    start = start_date(store)
    with store.uow() as uow:
        person_id = uow.accounts.by_email("ann@example.com").person_id
        uow.care.set_outcome_interval(person_id, 14, by_person_id=person_id, at=datetime.now(UTC))
        uow.commit()
    first = web.get("/outcomes", params={"date": start.isoformat()}).text
    assert "In 2 weeks we will ask them again" in first and "4 weeks" not in first
    assert "In 2 weeks we will ask again" in web.get("/today", params={"date": start.isoformat()}).text
    web.post("/outcomes", data=form(first, "6", ["3", "4", "2"]))
    progress = web.get("/progress", params={"date": start.isoformat()}).text
    assert "In 2 weeks you can see how it has changed" in progress and "4 weeks you can" not in progress
    day14 = (start + timedelta(days=14)).isoformat()
    assert "It's time for your 2-weekly check" in web.get("/today", params={"date": day14}).text
    assert "It's time for your 2-weekly check" in web.get("/outcomes", params={"date": day14}).text
    assert "It's time for your 2-weekly check" in web.get("/progress", params={"date": day14}).text
