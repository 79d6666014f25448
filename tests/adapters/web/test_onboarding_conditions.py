"""The onboarding questionnaire's health-conditions step, as a browser without JavaScript uses it: every follow-up is
in the form, only the ticked conditions' answers are used, a missing or wrong follow-up is shown beside its field,
and a returning person sees their conditions (an old pregnancy flag as the condition it stands for)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given

from gluterx.adapters.web.pages.onboarding import build_profile, values_from_profile
from gluterx.bootstrap import Container
from gluterx.domain.conditions import QUESTIONS
from gluterx.services.profiles import stored_profile
from tests.adapters.web.test_pages import onboard, sign_up
from tests.strategies import conditions as condition_lists


@pytest.fixture
def browser(client: TestClient) -> Iterator[TestClient]:
    yield client  # a browser without JavaScript: the web tests' client, on its own store


@pytest.fixture
def container(client: TestClient) -> Container:
    found: Container = client.app.state.container  # type: ignore[attr-defined]
    return found


HIP = {
    "conditions": ["hip_replacement", "osteoporosis"],
    "condition_hip_replacement_side": "left",
    "condition_hip_replacement_approach": "posterior",
    "condition_hip_replacement_months_since": "4",
}


def stored(container: Container) -> dict[str, object]:
    with container.uow() as uow:
        person_id = uow.accounts.by_email("ann@example.com").person_id
    found = stored_profile(container.uow(), person_id=person_id)
    assert found is not None
    return found


def test_the_conditions_step_asks_every_condition_and_its_follow_ups(browser: TestClient) -> None:
    """Every condition's question is a checkbox, each follow-up a field; pregnancy and osteoporosis are asked here
    and not again as yes/no flags."""
    sign_up(browser)
    page = browser.get("/onboarding").text
    assert 'id="step-conditions"' in page
    for q in QUESTIONS:
        assert f'id="condition-{q.id.value}"' in page
        for f in q.follow_ups:
            assert f'name="condition_{q.id.value}_{f.name}"' in page
    assert "Second trimester (13 to 27 weeks)" in page
    assert 'id="flag-pregnancy"' not in page and 'id="flag-osteoporosis"' not in page
    assert 'id="flag-recent_surgery"' in page  # the other health flags stay


def test_ticked_conditions_are_stored_with_their_follow_ups_only(browser: TestClient, container: Container) -> None:
    """A hip replacement and osteoporosis, ticked; a knee replacement's side filled in but not ticked is ignored."""
    sign_up(browser)
    answer = onboard(browser, **HIP, condition_knee_replacement_side="right")
    assert answer.status_code == 303, answer.text
    assert stored(container)["conditions"] == [
        {"id": "hip_replacement", "side": "left", "approach": "posterior", "months_since": 4},
        {"id": "osteoporosis"},
    ]


def test_a_missing_or_wrong_follow_up_is_shown_beside_its_field_and_nothing_is_stored(
    browser: TestClient, container: Container
) -> None:
    """Pregnancy ticked without a trimester, and a hip replacement 900 months ago: 422, each message under its
    field and linked from the summary on the conditions step; the other answers are kept."""
    sign_up(browser)
    answer = onboard(
        browser,
        **{**HIP, "conditions": ["hip_replacement", "pregnancy"], "condition_hip_replacement_months_since": "900"},
    )
    assert answer.status_code == 422
    page = answer.text
    assert 'href="#condition-pregnancy-trimester"' in page
    assert 'href="#condition-hip_replacement-months_since"' in page
    assert re.search(r'id="condition_pregnancy_trimester-error">please choose one of the answers', page)
    assert re.search(r'id="condition_hip_replacement_months_since-error">[^<]*at most 600', page)
    assert 'class="step has-error" id="step-conditions"' in page
    assert 'value="hip_replacement" checked' in page and 'value="900"' in page
    with container.uow() as uow:
        person_id = uow.accounts.by_email("ann@example.com").person_id
    assert stored_profile(container.uow(), person_id=person_id) is None


def test_a_returning_person_sees_their_conditions_and_an_old_flag_as_its_condition(
    browser: TestClient, container: Container
) -> None:
    """Saved conditions come back ticked with their answers; a profile stored with only the old `pregnancy` flag
    shows pregnancy ticked with the second trimester chosen, for the person to correct."""
    sign_up(browser)
    assert onboard(browser, **HIP).status_code == 303
    page = browser.get("/onboarding").text
    assert 'value="hip_replacement" checked' in page and 'value="osteoporosis" checked' in page
    assert '<option value="posterior" selected>' in page
    with container.uow() as uow:
        person_id = uow.accounts.by_email("ann@example.com").person_id
        uow.profiles.add_version(person_id, {"age": 30, "red_flags": ["pregnancy"]})
        uow.commit()
    page = browser.get("/onboarding").text
    assert 'value="pregnancy" checked' in page
    assert '<option value="2" selected>' in page


@given(conditions=condition_lists())
def test_the_form_gives_back_any_conditions_it_was_filled_with(conditions: list[dict[str, Any]]) -> None:
    """Any valid conditions, filled into the form as a returning person sees them, come back from the form's
    answers as the same PROFILE.json conditions (in the questions' order)."""
    order = [q.id.value for q in QUESTIONS]
    values = values_from_profile({"conditions": conditions})
    data, _, errors = build_profile(values)
    assert not errors
    assert data["conditions"] == sorted(conditions, key=lambda c: order.index(c["id"]))
