"""Progress, imports and downloads, through the API and the pages: success, bad uploads, sign-in, and that each
person sees and downloads only their own history."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gluterx.adapters.web.files import MAX_UPLOAD_BYTES

from .conftest import PASSWORD, START, Person, make_session

Start = Callable[..., dict[str, Any]]
IMPORTS = Path(__file__).resolve().parents[4] / "shared" / "data" / "imports"
QUAD_FILE = "strong_workoutnum_cmccorkle21.csv"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
)
PROTECTED = [
    ("GET", "/api/v1/progress"),
    ("POST", "/api/v1/imports"),
    ("GET", "/api/v1/report.pdf"),
    ("GET", "/api/v1/calendar.ics"),
    ("GET", "/api/v1/sets.csv"),
]
PAGES = ["/import", "/progress/report.pdf", "/progress/calendar.ics", "/progress/sets.csv"]


def strong_csv(rows: list[tuple[str, str, float, int]]) -> bytes:
    """A classic Strong export: (date, exercise, kg, reps) per set, one workout per date."""
    lines = [STRONG_HEADER]
    order: dict[tuple[str, str], int] = {}
    for day, exercise, kg, reps in rows:
        order[(day, exercise)] = order.get((day, exercise), 0) + 1
        lines.append(f'{day} 18:00:00,"Glutes",50m,"{exercise}",{order[(day, exercise)]},{kg},{reps},0,0,"","",')
    return ("\n".join(lines) + "\n").encode()


def hip_dominant_csv() -> bytes:
    """Three weeks of hip thrusts and Romanian deadlifts, with one set of squats a week."""
    rows: list[tuple[str, str, float, int]] = []
    for day in ("2025-03-03", "2025-03-10", "2025-03-17"):
        rows += [(day, "Hip Thrust (Barbell)", 80.0, 10)] * 3
        rows += [(day, "Romanian Deadlift (Barbell)", 60.0, 8)] * 3
        rows += [(day, "Squat (Barbell)", 50.0, 8)]
    return strong_csv(rows)


@pytest.fixture
def quad_file() -> bytes:
    path = IMPORTS / QUAD_FILE
    if not path.is_file():
        pytest.fail(f"sample export missing: {path} (the shared data folder sits beside the repository, in ../shared)")
    return path.read_bytes()


def upload(client: TestClient, person: Person, data: bytes, *, name: str = "export.csv", **form: str) -> Any:
    return client.post("/api/v1/imports", files={"file": (name, data, "text/csv")}, data=form, headers=person.headers)


def browser_for(client: TestClient, person: Person) -> TestClient:
    """A separate browser (its own cookies) signed in as `person` through the sign-in form."""
    browser = TestClient(client.app)
    page = browser.get("/login").text
    token = CSRF.search(page)
    assert token, "the sign-in page has no CSRF field"
    signed = browser.post(
        "/login",
        data={"csrf_token": token.group(1), "email": person.email, "password": PASSWORD},
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text
    return browser


def upload_page(browser: TestClient, data: bytes | None, *, name: str = "export.csv", **form: str) -> Any:
    token = CSRF.search(browser.get("/import").text)
    assert token
    files = {"file": (name, data, "text/csv")} if data is not None else {"file": ("", b"", "application/octet-stream")}
    return browser.post("/import", files=files, data={"csrf_token": token.group(1), **form})


def log_first_session(client: TestClient, person: Person) -> dict[str, Any]:
    view = client.get("/api/v1/today", params={"date": START}, headers=person.headers).json()
    logged = client.post("/api/v1/sessions", json=make_session(view), headers=person.headers)
    assert logged.status_code == 201, logged.text
    body: dict[str, Any] = logged.json()
    return body


def session_count(client: TestClient, person: Person) -> int:
    return len(client.get("/api/v1/sessions", headers=person.headers).json())


# ------------------------------------------------------------------------------------------------ signing in


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_every_insight_endpoint_refuses_a_caller_who_is_not_signed_in(
    client: TestClient, method: str, path: str
) -> None:
    """No token and no session: 401, asking for a bearer token."""
    response = client.request(method, path)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("path", PAGES)
def test_signed_out_insight_pages_redirect_to_sign_in(client: TestClient, path: str) -> None:
    """The import page and the downloads send a signed-out browser to the sign-in page, then back."""
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={path}"


def test_a_cookie_session_cannot_import_without_the_csrf_header_or_field(
    client: TestClient, a: Person, quad_file: bytes
) -> None:
    """The API needs the X-CSRF-Token header from a browser session; the page needs the form field."""
    browser = browser_for(client, a)
    api = browser.post("/api/v1/imports", files={"file": ("x.csv", quad_file, "text/csv")})
    assert api.status_code == 403
    page = browser.post("/import", files={"file": ("x.csv", quad_file, "text/csv")})
    assert page.status_code == 403
    assert session_count(client, a) == 0


# ------------------------------------------------------------------------------------------------ progress


def test_progress_api_gives_every_part_of_the_analysis(client: TestClient, a: Person, started: Start) -> None:
    """After one logged session: pain, strength, volume, balance, adherence, load and energy, for that person."""
    started(a)
    log_first_session(client, a)
    response = client.get("/api/v1/progress", params={"date": START}, headers=a.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert {"pain", "strength", "volume", "balance", "adherence", "load", "energy", "alerts"} <= set(body)
    assert body["total_sets"] > 0
    assert body["program"]["start"] == START
    assert body["balance"]["verdict"] in {"quad_dominant", "knee_leaning", "balanced", "hip_dominant"}
    assert body["volume"]["weeks"][0]["regions"].keys() == {"gmax_upper", "gmax_lower", "gmed_gmin"}
    assert "estimate" in body["strength"]["note"]


def test_a_week_that_starts_in_1999_answers_within_the_progress_schema(
    client: TestClient, a: Person, started: Start
) -> None:
    """1 January 2000 (the first day accepted) is a Saturday: its week starts on 27 December 1999. The OpenAPI
    document bounds the days it accepts, not the week starts worked out from them (schemathesis found the mismatch)."""
    started(a)
    day = {
        "date": "2000-01-01",
        "exercises": [{"exercise_id": "glute_bridge", "sets": [{"reps": 10}], "pain_during": 1, "felt_in": ["glutes"]}],
    }
    assert client.post("/api/v1/sessions", json=day, headers=a.headers).status_code == 201
    body = client.get("/api/v1/progress", params={"date": "2000-01-02"}, headers=a.headers).json()
    assert [w["week_start"] for w in body["balance"]["weeks"]] == ["1999-12-27"]
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("WeeklyBalance", "WeeklyAdherence"):
        start = schemas[name]["properties"]["week_start"]
        assert start["format"] == "date" and "pattern" not in start, (name, start)
    assert schemas["CheckinIn"]["properties"]["date"]["anyOf"][0]["pattern"], "an accepted day keeps its bound"


def test_progress_api_refuses_a_day_that_is_not_a_date(client: TestClient, a: Person) -> None:
    """?date=soon is bad input, named by its field."""
    response = client.get("/api/v1/progress", params={"date": "soon"}, headers=a.headers)
    assert response.status_code == 422
    assert {d["field"] for d in response.json()["detail"]} == {"query.date"}


def test_person_b_sees_only_their_own_progress(client: TestClient, a: Person, b: Person, quad_file: bytes) -> None:
    """A imports years of history; B's progress, pages and downloads show none of it."""
    assert upload(client, a, quad_file).status_code == 201
    assert client.get("/api/v1/progress", headers=a.headers).json()["total_sets"] > 1000
    mine = client.get("/api/v1/progress", headers=b.headers).json()
    assert mine["total_sets"] == 0
    assert mine["balance"]["verdict"] == "not_enough_data"
    assert client.get("/api/v1/sets.csv", headers=b.headers).status_code == 404
    page = browser_for(client, b).get("/progress").text
    assert 'data-verdict="quad_dominant"' not in page
    assert 'href="/onboarding"' in page


def test_the_progress_page_shows_each_analysis_with_charts_tables_and_downloads(
    client: TestClient, a: Person, started: Start
) -> None:
    """Balance verdict, volume per region and vector, strength levels, load, the download buttons and /import."""
    started(a)
    log_first_session(client, a)
    page = browser_for(client, a).get("/progress", params={"date": "2026-11-30"})
    assert page.status_code == 200
    text = page.text
    for hook in (
        'id="balance-verdict"',
        'id="balance-chart"',
        'id="balance-table"',
        'id="regions-chart"',
        'id="vectors-chart"',
        'id="vectors-table"',
        'id="chains-table"',
        'id="load-chart"',
        'id="sessions-summary"',
        'href="/progress/report.pdf"',
        'href="/progress/calendar.ics"',
        'href="/progress/sets.csv"',
        'href="/import"',
    ):
        assert hook in text, hook
    assert "Clinician report (PDF)" in text and "Calendar (.ics)" in text and "All sets (CSV)" in text


def test_the_progress_page_shows_the_7_day_mean_and_the_meaningful_improvement(
    client: TestClient, a: Person, started: Start
) -> None:
    """Pain 4 at the start falling to 1: the verdict says it is a meaningful improvement; the mean is drawn."""
    started(a, pain=[{"region": "lower_back", "side": "both", "intensity": 4, "weeks": 10}])
    log_first_session(client, a)
    for day, pain in (("2026-11-24", 4), ("2026-12-01", 2), ("2026-12-08", 1)):
        posted = client.post("/api/v1/checkins", json={"pain": pain, "date": day}, headers=a.headers)
        assert posted.status_code == 200, posted.text
    text = browser_for(client, a).get("/progress", params={"date": "2026-12-08"}).text
    assert 'data-meaningful="true"' in text
    assert "Meaningful improvement" in text
    assert 'class="line mean"' in text
    assert "7-day mean" in text


def test_imported_history_without_a_programme_still_gets_its_analysis(
    client: TestClient, a: Person, quad_file: bytes
) -> None:
    """No questionnaire yet, but an imported Strong history: the page shows its balance and e1RM estimates."""
    assert upload(client, a, quad_file).status_code == 201
    text = browser_for(client, a).get("/progress").text
    assert 'data-verdict="quad_dominant"' in text
    assert "Quad-dominant" in text
    assert 'id="e1rm-note"' in text and "(estimate)" in text
    assert 'href="/onboarding"' in text


# ------------------------------------------------------------------------------------------------ import: API


def test_importing_a_quad_dominant_strong_file_says_so_and_a_second_time_adds_nothing(
    client: TestClient, a: Person, quad_file: bytes
) -> None:
    """201 with the report and the balance; the same file again: 201, no workout added, none twice."""
    first = upload(client, a, quad_file, name=QUAD_FILE)
    assert first.status_code == 201, first.text
    report = first.json()
    assert report["status"] == "imported" and report["stored"]
    assert "person_id" not in report  # the CLI's report names whose history it went into; the API's caller knows
    assert report["format"] == "strong" and report["file"] == QUAD_FILE
    assert report["rows_read"] == report["sets_in_file"] + report["rows_skipped"]
    assert report["workouts"]["added"] == report["workouts"]["in_file"] > 0
    assert report["balance"]["verdict"] == "quad_dominant"
    shares = [
        report["balance"]["knee_share"],
        *(w["knee_share"] for w in report["balance"]["weeks"] if w["knee_share"]),
    ]
    assert all(s == round(s, 3) for s in shares)  # to 3 places, as `gluterx import --format json` says them
    assert "quad-dominant" in report["balance"]["message"]
    assert report["balance"]["add"]
    stored = session_count(client, a)
    assert stored == report["workouts"]["added"]

    again = upload(client, a, quad_file, name=QUAD_FILE)
    assert again.status_code == 201
    assert again.json()["workouts"]["added"] == 0
    assert again.json()["workouts"]["already_present"] == report["workouts"]["in_file"]
    assert session_count(client, a) == stored


def test_a_hip_dominant_history_is_not_called_quad_dominant(client: TestClient, a: Person) -> None:
    """Hip thrusts and Romanian deadlifts with a little squatting: hip-dominant, nothing to add for the hips."""
    response = upload(client, a, hip_dominant_csv(), kind="strong")
    assert response.status_code == 201, response.text
    balance = response.json()["balance"]
    assert balance["verdict"] == "hip_dominant"
    assert "quad-dominant" not in balance["message"]
    assert "hip_thrust" not in balance["add"]


def test_a_dry_run_reports_what_would_be_added_and_stores_nothing(client: TestClient, a: Person) -> None:
    """dry_run: 200 with status dry_run and the workouts it would add; no session stored."""
    response = upload(client, a, hip_dominant_csv(), dry_run="true")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "dry_run" and not body["stored"]
    assert body["workouts"]["added"] == 3
    assert session_count(client, a) == 0


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"name,age\nann,42\n", "header"),
        (bytes(range(256)) * 40, "file"),
        (b"", "empty"),
        (STRONG_HEADER.encode() + b"\n", "no rows"),
    ],
    ids=["wrong-header", "binary-junk", "empty", "header-only"],
)
def test_a_file_that_is_not_an_export_is_422_naming_the_file_and_stores_nothing(
    client: TestClient, a: Person, data: bytes, words: str
) -> None:
    """Wrong header, junk, empty, header only: 422 with field `file` and a message that says what is wrong."""
    response = upload(client, a, data)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert detail[0]["field"] == "file"
    assert words in detail[0]["message"]
    assert session_count(client, a) == 0


def test_a_row_with_an_error_is_left_out_and_reported_and_the_rest_imported(client: TestClient, a: Person) -> None:
    """Negative reps on line 3 of a file with two workouts: 201, the other workout stored, line 3 reported."""
    data = strong_csv(
        [
            ("2025-03-03", "Hip Thrust (Barbell)", 80.0, 10),
            ("2025-03-03", "Hip Thrust (Barbell)", 80.0, -5),
            ("2025-03-10", "Hip Thrust (Barbell)", 80.0, 10),
        ]
    )
    response = upload(client, a, data)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["row_errors"] == ["line 3: Reps: '-5' is negative"]
    assert body["errors"] == [{"reason": "Reps", "count": 1, "lines": [3], "example": "line 3: Reps: '-5' is negative"}]
    assert (body["rows_with_errors"], body["sets_imported"], body["strict"]) == (1, 2, False)
    assert session_count(client, a) == 2


def test_rows_with_errors_in_strict_mode_reject_the_file_with_their_line_numbers(client: TestClient, a: Person) -> None:
    """Negative reps on line 3 with `strict`: 422, the line named, the report attached, nothing stored."""
    data = strong_csv(
        [("2025-03-03", "Hip Thrust (Barbell)", 80.0, 10), ("2025-03-03", "Hip Thrust (Barbell)", 80.0, -5)]
    )
    response = upload(client, a, data, strict="true")
    assert response.status_code == 422
    body = response.json()
    assert any("line 3" in d["message"] for d in body["detail"])
    assert body["report"]["status"] == "rejected"
    assert body["report"]["row_errors"][0].startswith("line 3")
    assert session_count(client, a) == 0


def test_a_file_over_10_mb_is_refused_unread(client: TestClient, a: Person) -> None:
    """413 with the limit in words; nothing stored."""
    response = upload(client, a, b"x" * (MAX_UPLOAD_BYTES + 1))
    assert response.status_code == 413
    assert "10 MB" in response.json()["detail"][0]["message"]
    assert session_count(client, a) == 0


def test_naming_the_wrong_app_or_an_unknown_one_is_422(client: TestClient, a: Person) -> None:
    """A Strong file sent as Hevy: the message says which it looks like; an unknown app names `kind`."""
    wrong = upload(client, a, hip_dominant_csv(), kind="hevy")
    assert wrong.status_code == 422
    assert "Strong" in wrong.json()["detail"][0]["message"]
    unknown = upload(client, a, hip_dominant_csv(), kind="myfitnesspal")
    assert unknown.status_code == 422
    assert "kind" in unknown.json()["detail"][0]["field"]
    assert session_count(client, a) == 0


def test_an_import_without_a_file_is_422_naming_the_field(client: TestClient, a: Person) -> None:
    """No file part at all: FastAPI's 422, naming `file`."""
    response = client.post("/api/v1/imports", data={"kind": "strong"}, headers=a.headers)
    assert response.status_code == 422
    assert "file" in response.json()["detail"][0]["field"]


# ------------------------------------------------------------------------------------------------ import: page


def test_the_import_page_has_a_labelled_file_input_app_choice_check_only_and_csrf(
    client: TestClient, a: Person
) -> None:
    """A multipart form with a labelled file input, the app choice, check-only and the CSRF field."""
    text = browser_for(client, a).get("/import").text
    assert 'enctype="multipart/form-data"' in text
    assert '<label for="import-file">' in text and 'id="import-file" name="file"' in text
    assert 'name="kind"' in text and 'value="hevy"' in text and 'value="fitnotes"' in text
    assert 'name="check_only"' in text
    assert '<label for="import-strict">' in text and 'name="strict"' in text
    assert '<label for="import-unit">' in text and 'name="unit"' in text and 'value="lb"' in text
    form = re.search(r'<form method="post" action="/import".*?</form>', text, flags=re.S)
    assert form and 'name="csrf_token"' in form.group(0)


def test_uploading_a_quad_dominant_file_shows_the_report_then_the_verdict_and_what_to_add(
    client: TestClient, a: Person, quad_file: bytes
) -> None:
    """The page says quad-dominant, links hip thrusts, lists the names; re-uploading adds no workouts."""
    browser = browser_for(client, a)
    page = upload_page(browser, quad_file, name=QUAD_FILE)
    assert page.status_code == 200, page.text
    text = page.text
    assert 'data-verdict="quad_dominant"' in text and "Quad-dominant" in text
    assert "quad-dominant" in text
    assert 'id="import-add"' in text and 'href="/exercises/hip_thrust"' in text
    assert 'id="import-format"' in text and 'id="import-custom"' in text
    assert 'data-status="imported"' in text
    found = re.search(r'data-added="(\d+)"', text)
    assert found and int(found.group(1)) > 0
    added = int(found.group(1))

    again = upload_page(browser, quad_file, name=QUAD_FILE)
    assert again.status_code == 200
    assert 'data-added="0"' in again.text
    assert "already here" in again.text
    assert session_count(client, a) == added


def test_uploading_a_hip_dominant_file_does_not_say_quad_dominant(client: TestClient, a: Person) -> None:
    """Hip thrusts and RDLs uploaded through the page: hip-dominant, and 'quad-dominant' appears nowhere."""
    page = upload_page(browser_for(client, a), hip_dominant_csv(), kind="strong")
    assert page.status_code == 200, page.text
    assert 'data-verdict="hip_dominant"' in page.text
    assert "quad-dominant" not in page.text.lower()


def test_check_only_on_the_page_stores_nothing(client: TestClient, a: Person) -> None:
    """Ticking 'check only' shows the report as a dry run and stores no session."""
    page = upload_page(browser_for(client, a), hip_dominant_csv(), check_only="1")
    assert page.status_code == 200
    assert 'data-status="dry_run"' in page.text and "nothing stored" in page.text
    assert session_count(client, a) == 0


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"name,age\nann,42\n", "header"),
        (b"\x00\x01\x02junk" * 100, "export.csv"),
        (b"", "empty"),
        (None, "Choose the CSV file"),
    ],
    ids=["wrong-header", "binary-junk", "empty", "no-file"],
)
def test_a_bad_upload_on_the_page_says_what_is_wrong_and_stores_nothing(
    client: TestClient, a: Person, data: bytes | None, words: str
) -> None:
    """Wrong header, junk, empty or no file: 422, the message above the form again, nothing stored."""
    page = upload_page(browser_for(client, a), data)
    assert page.status_code == 422
    assert 'id="import-errors"' in page.text and "Nothing was stored" in page.text
    assert words in page.text
    assert 'id="import-form"' in page.text
    assert session_count(client, a) == 0


def test_a_file_with_row_errors_on_the_page_lists_the_lines(client: TestClient, a: Person) -> None:
    """Negative reps: the good rows imported and the row error listed with its line number; with 'all or nothing'
    ticked, 422 and nothing stored."""
    data = strong_csv(
        [("2025-03-03", "Hip Thrust (Barbell)", 80.0, 10), ("2025-03-10", "Hip Thrust (Barbell)", 80.0, -5)]
    )
    browser = browser_for(client, a)
    strict = upload_page(browser, data, strict="1")
    assert strict.status_code == 422
    assert 'id="import-row-errors"' in strict.text and "line 3" in strict.text
    assert 'id="import-strict" name="strict" value="1" checked' in strict.text
    assert session_count(client, a) == 0
    page = upload_page(browser, data)
    assert page.status_code == 200
    assert 'id="import-left-out"' in page.text and "line 3: Reps: &#39;-5&#39; is negative" in page.text
    assert 'data-added="1"' in page.text
    assert session_count(client, a) == 1


def test_the_unit_chosen_on_the_page_converts_the_weights(client: TestClient, a: Person) -> None:
    """A FitNotes file without a unit column, uploaded as pounds: 100 lb is stored as 45.4 kg."""
    data = b"Date,Exercise,Category,Weight,Reps\n2025-03-03,Hip Thrust,Legs,100,10\n"
    page = upload_page(browser_for(client, a), data, unit="lb")
    assert page.status_code == 200, page.text
    assert 'value="lb" selected' in page.text
    sets = client.get("/api/v1/sets.csv", headers=a.headers).text
    assert "45.359" in sets or "45.36" in sets, sets


def test_a_too_big_upload_on_the_page_is_refused(client: TestClient, a: Person) -> None:
    """Over 10 MB: 413 and the limit in words."""
    page = upload_page(browser_for(client, a), b"x" * (MAX_UPLOAD_BYTES + 1))
    assert page.status_code == 413
    assert "larger than 10 MB" in page.text


# ------------------------------------------------------------------------------------------------ downloads


def test_the_downloads_are_attachments_of_the_right_kind(client: TestClient, a: Person, started: Start) -> None:
    """PDF report, iCalendar and CSV, from the page routes and the API alike."""
    started(a)
    log_first_session(client, a)
    browser = browser_for(client, a)
    for page_path, api_path, media, magic in (
        ("/progress/report.pdf", "/api/v1/report.pdf", "application/pdf", b"%PDF"),
        ("/progress/calendar.ics", "/api/v1/calendar.ics", "text/calendar", b"BEGIN:VCALENDAR"),
        ("/progress/sets.csv", "/api/v1/sets.csv", "text/csv", b""),
    ):
        for response in (browser.get(page_path), client.get(api_path, headers=a.headers)):
            assert response.status_code == 200, (page_path, response.text[:300])
            assert response.headers["content-type"].startswith(media)
            assert response.headers["content-disposition"].startswith("attachment; filename=")
            assert response.content.startswith(magic)


def test_with_nothing_to_export_each_download_is_404_with_a_kind_message(client: TestClient, a: Person) -> None:
    """Signed up, nothing else: each download says what to do first, as a page or as JSON."""
    browser = browser_for(client, a)
    for page_path, api_path, words in (
        ("/progress/report.pdf", "/api/v1/report.pdf", "nothing to put in a report yet"),
        ("/progress/calendar.ics", "/api/v1/calendar.ics", "no planned sessions"),
        ("/progress/sets.csv", "/api/v1/sets.csv", "No sets logged yet"),
    ):
        page = browser.get(page_path)
        assert page.status_code == 404
        assert "<html" in page.text and words in page.text
        api = client.get(api_path, headers=a.headers)
        assert api.status_code == 404
        assert words in api.json()["detail"][0]["message"]


def test_each_person_downloads_only_their_own_sets(
    client: TestClient, a: Person, b: Person, started: Start, quad_file: bytes
) -> None:
    """A imports thousands of sets; B's CSV holds exactly the sets B logged, and B's report is B's own."""
    assert upload(client, a, quad_file).status_code == 201
    started(b)
    logged = log_first_session(client, b)
    b_csv = client.get("/api/v1/sets.csv", headers=b.headers)
    assert b_csv.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b_csv.text)))
    assert len(rows) == logged["sets_logged"]
    page_csv = browser_for(client, b).get("/progress/sets.csv")
    assert page_csv.content == b_csv.content
    a_rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/sets.csv", headers=a.headers).text)))
    assert len(a_rows) > 1000
    assert client.get("/api/v1/calendar.ics", headers=a.headers).status_code == 404  # A has no programme
    assert client.get("/api/v1/calendar.ics", headers=b.headers).status_code == 200
