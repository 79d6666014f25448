"""Profile & settings in a real browser, at phone (390x844) and desktop (1280x800) size: changed answers re-plan
from the next session, kg -> lb shows on every page (player, summary, Progress, the PDF), and deleting the account."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_journeys import onboard, sign_up

pytestmark = pytest.mark.e2e

SHOTS = Path("/work/shots/prof")
PASSWORD = "a long enough password"  # noqa: S105 - a test fixture
DESKTOP = {"width": 1280, "height": 800}


def _save(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """A screenshot for the artifacts, and one for the lead (when /work/shots exists, as on the dev machine)."""
    shot(page, f"prof-{name}")
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _csrf(page) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.content())
    assert found, "the page carries its CSRF field"
    return found.group(1)


def _planned_minutes(page) -> list[int]:  # type: ignore[no-untyped-def]
    """The minutes of every glute session the programme page shows from today on."""
    out = []
    today = dt.date.today().isoformat()
    for block in page.locator(".planned-session").all():
        if (block.get_attribute("data-date") or "") < today:
            continue
        text = block.locator("h2 .muted").text_content() or ""
        if "optional" not in text:
            out.append(int(re.search(r"about (\d+) min", text).group(1)))  # type: ignore[union-attr]
    return out


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_profile_edit_replans_units_switch_to_lb_and_delete(page, viewport: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if viewport == "desktop":
        page.set_viewport_size(DESKTOP)
    email = sign_up(page, "Robin")
    onboard(page)
    page.goto("/program")
    page.locator("details.week[open]").first.wait_for()
    assert max(_planned_minutes(page)) > 20

    # the answers: dumbbells, 20 minutes -> a new version, the plan made again from today on
    page.click("nav >> text=Profile")
    page.wait_for_url("**/profile")
    _save(page, f"{viewport}-1-profile")
    page.click("#change-answers")
    page.wait_for_url("**/onboarding")
    page.click("#step-pain [data-action=step-next]")
    page.click("#step-safety [data-action=step-next]")
    page.click("#step-health [data-action=step-next]")
    page.click("#step-conditions [data-action=step-next]")
    page.click("#step-goals [data-action=step-next]")
    page.check("#equipment-dumbbells")
    page.click("#step-equipment [data-action=step-next]")
    page.fill("#minutes_per_session", "20")
    page.click("#step-schedule [data-action=step-next]")
    page.click("#onboarding-submit")
    page.wait_for_url(re.compile(r".*/profile\?saved=answers.*"))
    assert "Your plan is made again from" in page.inner_text("#profile-message")
    assert "Dumbbells" in page.inner_text("#answers-equipment") and page.inner_text("#answers-minutes") == "20"
    page.goto("/program")
    page.locator("details.week[open]").first.wait_for()
    assert _planned_minutes(page) and max(_planned_minutes(page)) <= 21

    # settings: lb, a body mass, training days and time; the browser's time zone is offered
    page.goto("/profile")
    assert page.input_value("#time_zone")  # the browser's own zone, before one is chosen
    page.check("#unit-lb")
    page.fill("#body_mass", "165")
    for day in ("day-2", "day-4", "day-6"):
        page.check(f"#{day}")
    page.fill("#training_time", "07:30")
    page.fill("#time_zone", "Europe/London")
    page.click("#settings-form button[type=submit]")
    page.wait_for_selector("#profile-message")
    assert "fall on the days you chose" in page.inner_text("#profile-message")
    assert page.input_value("#body_mass") == "165.0"
    _save(page, f"{viewport}-2-settings-saved")

    # a weighted session logged: 40 kg is 88.2 lb on the summary, Progress and in the PDF
    today = dt.date.today().isoformat()
    sets = [{"reps": 8, "load_kg": 40.0, "band": None, "rir": 2, "rpe": None}] * 3
    body = {"date": today, "exercises": [{"exercise_id": "dumbbell_hip_thrust", "sets": sets, "pain_during": 1,
                                          "felt_in": ["glutes"]}], "notes": ""}  # fmt: skip
    logged = page.request.post("/api/v1/sessions", data=json.dumps(body),
                               headers={"Content-Type": "application/json", "X-CSRF-Token": _csrf(page)})  # fmt: skip
    assert logged.status == 201, logged.text()
    page.goto(f"/workout/summary/{logged.json()['session_id']}")
    summary = page.text_content("main") or ""
    assert "8 × 88.2 lb" in summary and " kg" not in summary
    _save(page, f"{viewport}-3-summary-lb")
    page.goto("/progress")
    progress = page.text_content("main") or ""
    assert re.search(r"\d lb", progress) and " kg" not in progress and "(kg)" not in progress, progress
    _save(page, f"{viewport}-4-progress-lb")
    pdf = page.request.get("/progress/report.pdf")
    assert pdf.status == 200
    (tmp_path / "report.pdf").write_bytes(pdf.body())
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "165 lb" in text and "Estimated 1RM (lb)" in text and re.search(r"\d+(\.\d)? lb", text)
    assert not re.search(r"\d kg\b", text), "the PDF still says kg somewhere"

    # the player: weights are entered in lb (its weight inputs say so, and the form says which unit they are in;
    # a new programme starts with body weight and bands, so tests/adapters/web shows a weighted item in lb)
    page.goto("/workout")
    assert page.input_value("input[name=unit]") == "lb"
    labels = page.locator("label", has_text=re.compile(r"^Weight \("))
    assert all(t == "Weight (lb)" for t in labels.all_inner_texts())
    _save(page, f"{viewport}-5-player-lb")

    # the calendar: at 07:30 London time, on the chosen days
    ics = page.request.get("/progress/calendar.ics").text()
    assert "DTSTART;TZID=Europe/London:" in ics and "T073000" in ics

    # delete the account: the email typed, then gone
    page.goto("/profile#delete")
    page.fill("#confirm_email", "someone.else@example.com")
    page.fill("#delete_password", PASSWORD)
    page.click("#delete-account")
    page.wait_for_selector("#delete_confirm_email-error")
    _save(page, f"{viewport}-6-delete-refused")
    page.fill("#confirm_email", email)
    page.fill("#delete_password", PASSWORD)
    page.click("#delete-account")
    page.wait_for_url("**/goodbye")
    _save(page, f"{viewport}-7-goodbye")
    page.goto("/profile")
    page.wait_for_url(re.compile(r".*/login.*"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector(".error")
    assert "/login" in page.url
