"""A person who reads pounds reads the engine's reasons in pounds: on Today (a step up to a heavier weight said after
an earlier session) and on the workout summary (a weight eased after a painful set), never "kg instead of kg"."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient

from gluterx.bootstrap import Container
from gluterx.domain.dose import Dose, Load, RepRange
from gluterx.domain.progression import Action, Prescription
from gluterx.domain.said import Reason, said
from gluterx.domain.schedule import tracked
from gluterx.services.records import StoredPrescription
from tests.adapters.web.test_pages import (
    app,
    browser,
    container,
    csrf_of,
    first_session_date,
    onboard,
    sign_up,
    workout_form,
)

__all__ = ["app", "browser", "container"]  # the fixtures, shared with test_pages

THRUST = "dumbbell_hip_thrust"


def _lb_reader_with_a_weighted_step(browser: TestClient, container: Container) -> str:
    """Ann reads lb; after an earlier session the engine moved her first tracked slot to 22.5 kg dumbbells."""
    sign_up(browser)
    assert onboard(browser, equipment=["mini_band", "dumbbells"]).status_code == 303
    token = csrf_of(browser.get("/profile").text)
    saved = browser.post("/profile/settings", data={"csrf_token": token, "unit": "lb"}, follow_redirects=False)
    assert saved.status_code in (200, 303)
    day = first_session_date(container)
    with container.uow() as uow:
        person_id = uow.accounts.by_email("ann@example.com").person_id
        program = uow.programs.active(person_id)
        assert program is not None
        session = uow.programs.planned_on(program.id, date.fromisoformat(day))
        assert session is not None
        slot = tracked(session)[0]
        reason = Reason.of(
            said("more_weight", unit="reps", high=12, new_kg=22.5, old_kg=20.0), said("start_again", low=8)
        )
        step = Prescription(THRUST, Dose(3, RepRange(8, 12), Load.of_kg(22.5)), Action.PROGRESS_LOAD, reason, ())
        uow.prescriptions.add_many([StoredPrescription(program.id, slot, step)], person_id=person_id)
        uow.commit()
    return day


def test_today_says_the_engines_weights_in_pounds(browser: TestClient, container: Container) -> None:
    day = _lb_reader_with_a_weighted_step(browser, container)
    page = browser.get("/today", params={"date": day}).text
    assert "so it is time for a little more weight: 49.6 lb instead of 44.1 lb." in page
    assert "kg instead of" not in page and "22.5 kg" not in page


def test_the_summary_says_an_eased_weight_in_pounds(browser: TestClient, container: Container) -> None:
    day = _lb_reader_with_a_weighted_step(browser, container)
    player = browser.get("/workout", params={"date": day}).text
    assert "49.6 lb" in player  # the player's dose, in the person's unit
    index = re.search(rf'name="ex(\d+)_id" value="{THRUST}"', player)
    assert index is not None, "the carried dumbbell hip thrust is in the player"
    i = index.group(1)
    form = workout_form(player)
    for name in re.findall(rf'name="(ex{i}_s\d+_load)"', player):
        form[name] = "49.6"  # lb, as the form asks
    form[f"ex{i}_pain"] = "7"  # too much: the engine eases the weight
    logged = browser.post("/workout", data=form, follow_redirects=False)
    assert logged.status_code == 303, logged.text[:500]
    summary = browser.get(logged.headers["location"]).text
    assert re.search(r"So next time we use a little less weight: [\d.]+ lb instead of 49\.6 lb\.", summary), summary
    assert "kg instead of" not in summary
