"""Strange input never crashes GluteRx or half-stores anything: oversized bodies, wrong types, unicode and control
characters, negative and huge numbers, malformed JSON and CSV get a clear 4xx (API) or exit 2 (CLI) naming the
field, and the store holds exactly what it held before. The API cases run on SQLite and on PostgreSQL (which refuses
some text SQLite takes, such as NUL)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, inspect, text
from typer.testing import CliRunner

from gluterx.adapters.cli.main import app as cli_app
from gluterx.adapters.web.app import create_app
from gluterx.adapters.web.limits import JSON_LIMIT, UPLOAD_LIMIT
from gluterx.adapters.web.security import CSRF_FIELD
from gluterx.bootstrap import build
from gluterx.config import Settings, get_settings
from tests.adapters.db.conftest import _postgres_database
from tests.adapters.web.conftest import PASSWORD, SECRET, START, make_profile
from tests.security.conftest import Member, csrf_of, enrol, page_login

# sign-ins (failed ones too) are recorded on purpose
NOT_COUNTED = {"alembic_version", "login_attempts", "web_sessions"}
MB = 1024 * 1024
UNICODE = "Glute 🍑 Ünïcödé — 臀部 ‏עברית‏ e\u0301 \u200d\tand a tab\nand a new line"


def session(**changes: Any) -> dict[str, Any]:
    """A valid SESSION.json; pass only what a case changes."""
    body = {
        "date": START,
        "exercises": [{"exercise_id": "glute_bridge", "sets": [{"reps": 12}], "pain_during": 1, "felt_in": ["glutes"]}],
        "notes": "",
    }
    return {**body, **changes}


def one_set(**fields: Any) -> dict[str, Any]:
    """A valid SESSION.json whose one set has `fields`."""
    return session(exercises=[{"exercise_id": "glute_bridge", "sets": [{"reps": 12, **fields}]}])


@dataclass
class Store:
    client: TestClient
    engine: Engine
    member: Member

    def rows(self) -> dict[str, int]:
        """Rows per table: nothing may change when input is refused."""
        with self.engine.connect() as conn:
            tables = sorted(set(inspect(conn).get_table_names()) - NOT_COUNTED)
            return {t: int(conn.execute(text(f'SELECT COUNT(*) FROM "{t}"')).scalar() or 0) for t in tables}  # noqa: S608 - table names from the schema


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    urls: Iterator[str]
    if request.param == "sqlite":
        urls = iter([f"sqlite:///{tmp_path_factory.mktemp('bad') / 'bad.db'}"])
    else:
        urls = _postgres_database()
    for url in urls:
        container = build(Settings(database_url=url, environment="test", secret_key=SECRET))
        with TestClient(create_app(container)) as client:
            yield Store(client, container.engine, enrol(client, "bad.input@example.com"))
        container.engine.dispose()


def assert_refused(
    store: Store, response: Any, before: dict[str, int], *, statuses: set[int], field: str | None
) -> None:
    """A clear 4xx: one of `statuses`, a JSON body with a message (naming `field` when given), nothing stored."""
    assert response.status_code in statuses, (response.status_code, response.text[:500])
    detail = response.json()["detail"]
    if isinstance(detail, list):
        assert detail and all(d["message"] for d in detail), detail
        if field is not None:
            assert field in {d["field"] for d in detail}, detail
    else:
        assert detail, response.text
    assert store.rows() == before, "refused input must store nothing"


# ------------------------------------------------------------------------------------------------ JSON bodies

BAD_SESSIONS: list[tuple[str, Any, str | None]] = [
    # (case, body: an object to send as JSON, or raw bytes; the field the message must name, if any)
    ("malformed JSON", b'{"date": "2026-11-23", "exercises": [', ""),
    ("not an object", b"[1, 2, 3]", ""),
    ("null", b"null", ""),
    ("deeply nested", b"[" * 50_000 + b"]" * 50_000, None),
    ("not UTF-8", b'{"notes": "\xff\xfe"}', None),
    ("date of the wrong type", session(date=20261123), "date"),
    ("date not a date", session(date="the 23rd"), "date"),
    ("date far in the future", session(date="9999-12-31"), "date"),
    ("date in year one", session(date="0001-01-01"), "date"),
    ("exercises not a list", session(exercises={"exercise_id": "glute_bridge"}), "exercises"),
    ("no exercises", session(exercises=[]), "exercises"),
    ("unknown field", session(calories=300), "calories"),
    ("unknown exercise", session(exercises=[{"exercise_id": "quad_blaster", "sets": [{"reps": 1}]}]), None),
    ("reps as text", one_set(reps="12"), "exercises.0.sets.0.reps"),
    ("reps as a fraction", one_set(reps=12.5), "exercises.0.sets.0.reps"),
    ("reps as a boolean", one_set(reps=True), "exercises.0.sets.0.reps"),
    ("negative reps", one_set(reps=-1), "exercises.0.sets.0.reps"),
    ("huge reps", one_set(reps=10**40), "exercises.0.sets.0.reps"),
    ("negative load", one_set(load_kg=-20), "exercises.0.sets.0.load_kg"),
    ("load as a boolean", one_set(load_kg=False), "exercises.0.sets.0.load_kg"),
    ("load as text", one_set(load_kg="60"), "exercises.0.sets.0.load_kg"),
    ("rpe as a boolean", one_set(rpe=True), "exercises.0.sets.0.rpe"),
    ("rir as a boolean", one_set(rir=False), "exercises.0.sets.0.rir"),
    ("reps over the stored limit", one_set(reps=877777), "exercises.0.sets.0.reps"),
    ("huge load", one_set(load_kg=1e308), "exercises.0.sets.0.load_kg"),
    ("load NaN", json.dumps(one_set(load_kg=float("nan"))).encode(), "exercises.0.sets.0.load_kg"),
    ("load Infinity", json.dumps(one_set(load_kg=float("inf"))).encode(), "exercises.0.sets.0.load_kg"),
    (
        "load overflowing to infinity",
        b'{"date": "2026-11-23", "exercises": [{"exercise_id": "glute_bridge", '
        b'"sets": [{"reps": 12, "load_kg": 1e400}]}]}',
        "exercises.0.sets.0.load_kg",
    ),
    ("rpe NaN", json.dumps(one_set(rpe=float("nan"))).encode(), "exercises.0.sets.0.rpe"),
    ("rir negative", one_set(rir=-3), "exercises.0.sets.0.rir"),
    ("unknown band", one_set(band="purple"), "exercises.0.sets.0.band"),
    (
        "pain above 10",
        session(exercises=[{"exercise_id": "glute_bridge", "sets": [{"reps": 1}], "pain_during": 11}]),
        "exercises.0.pain_during",
    ),
    (
        "felt in nowhere",
        session(exercises=[{"exercise_id": "glute_bridge", "sets": [{"reps": 1}], "felt_in": ["x"]}]),
        "exercises.0.felt_in",
    ),
    (
        "too many sets",
        session(exercises=[{"exercise_id": "glute_bridge", "sets": [{"reps": 1}] * 51}]),
        "exercises.0.sets",
    ),
    ("notes as a number", session(notes=42), "notes"),
    ("notes too long", session(notes="x" * 5001), "notes"),
    ("NUL in notes", session(notes="before\x00after"), "notes"),
    ("terminal escape in notes", session(notes="\x1b[2J\x1b[31mred"), "notes"),
    ("bell in notes", session(notes="ding\x07"), "notes"),
    (
        "lone surrogate in notes",
        b'{"date": "2026-11-23", "exercises": [{"exercise_id": "glute_bridge", '
        b'"sets": [{"reps": 12}]}], "notes": "\\ud800"}',
        "notes",
    ),
    ("NUL in an exercise id", session(exercises=[{"exercise_id": "glute\x00bridge", "sets": [{"reps": 1}]}]), None),
]


@pytest.mark.parametrize(("case", "body", "field"), BAD_SESSIONS, ids=[c[0] for c in BAD_SESSIONS])
def test_a_bad_session_gets_a_clear_4xx_and_stores_nothing(
    store: Store, case: str, body: Any, field: str | None
) -> None:
    """POST /sessions with a bad body: 400/422 with the field named, no row stored."""
    before = store.rows()
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {**store.member.headers, "Content-Type": "application/json"}
    response = store.client.post("/api/v1/sessions", content=raw, headers=headers)
    assert_refused(store, response, before, statuses={400, 422}, field=field)


@pytest.mark.parametrize(
    ("case", "profile", "field"),
    [
        ("age as text", make_profile(age="forty"), "age"),
        ("age negative", make_profile(age=-5), "age"),
        ("age huge", make_profile(age=10**30), "age"),
        ("body mass NaN", make_profile(body_mass_kg=float("nan")), "body_mass_kg"),
        ("sessions per week zero", make_profile(sessions_per_week=0), "sessions_per_week"),
        ("minutes huge", make_profile(minutes_per_session=10**9), "minutes_per_session"),
        (
            "pain intensity above 10",
            make_profile(pain=[{"region": "knee", "side": "left", "intensity": 11, "weeks": 1}]),
            "pain.0.intensity",
        ),
        ("unknown goal", make_profile(goals=["\x00"]), None),
        ("unknown equipment", make_profile(equipment=["🏋️"]), None),
        ("unknown red flag", make_profile(red_flags=["x" * 10_000]), None),
        ("weeks huge", make_profile(weeks=10**6), "weeks"),
        ("body mass as a boolean", make_profile(body_mass_kg=True), "body_mass_kg"),
        ("sitting hours as text", make_profile(sitting_hours_per_day="8"), "sitting_hours_per_day"),
        ("not an object", ["age", 40], ""),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_a_bad_profile_gets_a_clear_422_and_stores_nothing(
    store: Store, case: str, profile: Any, field: str | None
) -> None:
    """PUT /profile with a bad field: 422 naming it; no profile version and no programme stored."""
    before = store.rows()
    raw = json.dumps(profile).encode()
    headers = {**store.member.headers, "Content-Type": "application/json"}
    response = store.client.put("/api/v1/profile", content=raw, params={"start_date": START}, headers=headers)
    assert_refused(store, response, before, statuses={422}, field=field)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"pain": -1}',
        b'{"pain": 11}',
        b'{"pain": "3"}',
        b'{"pain": 3.5}',
        b'{"pain": 1e400}',
        b'{"pain": null}',
        b'{"pain": true}',
        b'{"pain": 3, "date": "9999-12-31"}',
        b'{"pain": 3, "mood": "ok"}',
        b"{}",
    ],
)
def test_a_bad_checkin_gets_a_clear_422_and_stores_nothing(store: Store, raw: bytes) -> None:
    """POST /checkins with a pain that is not a whole number 0-10 (or a bad date): 422, nothing stored."""
    before = store.rows()
    headers = {**store.member.headers, "Content-Type": "application/json"}
    response = store.client.post("/api/v1/checkins", content=raw, headers=headers)
    assert_refused(store, response, before, statuses={422}, field=None)


@pytest.mark.parametrize(
    ("display_name", "email"),
    [
        ("NUL\x00name", "n1@example.com"),
        ("\x1b[31mred", "n2@example.com"),
        ("ok", "nul\x00@example.com"),
        ("x" * 121, "n3@example.com"),
        ("ok", "no-at-sign"),
        ("ok", "a@" + "b" * 300 + ".com"),
    ],
)
def test_sign_up_refuses_control_characters_and_bad_emails_and_stores_nothing(
    store: Store, display_name: str, email: str
) -> None:
    """POST /auth/signup with a control character in the name or email (or an impossible email): 422."""
    before = store.rows()
    body = {"email": email, "password": PASSWORD, "display_name": display_name}
    response = store.client.post("/api/v1/auth/signup", json=body)
    assert_refused(store, response, before, statuses={422}, field=None)


def test_sign_in_and_tokens_refuse_control_characters_without_a_crash(store: Store) -> None:
    """A NUL in the sign-in email is a wrong sign-in (401), and in a token's name a 422; nothing stored."""
    before = store.rows()
    wrong = store.client.post("/api/v1/auth/token", json={"email": "bad\x00@example.com", "password": PASSWORD})
    assert wrong.status_code == 401, wrong.text
    named = {"email": store.member.email, "password": PASSWORD, "name": "laptop\x00"}
    response = store.client.post("/api/v1/auth/token", json=named)
    assert_refused(store, response, before, statuses={422}, field="name")


def test_unicode_in_notes_and_names_is_stored_and_returned_exactly(store: Store) -> None:
    """Emoji, accents, CJK, right-to-left marks, combining and zero-width characters, tabs and line breaks are
    text, not attacks: they are stored and come back byte for byte."""
    logged = store.client.post("/api/v1/sessions", json=session(notes=UNICODE), headers=store.member.headers)
    assert logged.status_code == 201, logged.text
    stored = store.client.get(f"/api/v1/sessions/{logged.json()['session_id']}", headers=store.member.headers)
    assert stored.json()["notes"] == UNICODE
    name = "Zoë 🍑 محمد"
    created = store.client.post(
        "/api/v1/auth/signup", json={"email": "zoe@example.com", "password": PASSWORD, "display_name": name}
    )
    assert created.status_code == 202, created.text
    token = store.client.post("/api/v1/auth/token", json={"email": "zoe@example.com", "password": PASSWORD})
    me = store.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token.json()['token']}"})
    assert me.json()["display_name"] == name


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/sessions/0",
        "/api/v1/sessions/-1",
        "/api/v1/sessions/99999999999999999999",
        "/api/v1/sessions/abc",
        "/api/v1/today?date=9999-12-31",
        "/api/v1/today?date=soon",
        "/api/v1/exercises?max_level=-1",
        "/api/v1/exercises?equipment=%00",
        "/api/v1/exercises/" + "x" * 5000,
    ],
)
def test_bad_ids_and_query_values_get_a_clear_4xx(store: Store, path: str) -> None:
    """Ids out of range or not numbers, impossible dates, unknown filters: 404/422, never a 500."""
    response = store.client.get(path, headers=store.member.headers)
    assert response.status_code in (404, 422), (path, response.status_code, response.text[:300])
    assert response.json()["detail"]


# ------------------------------------------------------------------------------------------------ sizes


def test_oversized_bodies_are_refused_with_413_and_store_nothing(store: Store) -> None:
    """A 5 MB JSON session, 3 MB streamed without a length, a 12 MB upload and a 3 MB form: 413, nothing stored."""
    before = store.rows()
    headers = {**store.member.headers, "Content-Type": "application/json"}
    big = json.dumps(session(notes="x" * (5 * MB))).encode()
    declared = store.client.post("/api/v1/sessions", content=big, headers=headers)
    assert_refused(store, declared, before, statuses={413}, field="")

    def chunks() -> Iterator[bytes]:
        yield b'{"date": "2026-11-23", "notes": "'
        for _ in range(3 * MB // 65536):
            yield b"y" * 65536
        yield b'"}'

    streamed = store.client.post("/api/v1/sessions", content=chunks(), headers=headers)
    assert_refused(store, streamed, before, statuses={413}, field="")

    upload = store.client.post(
        "/api/v1/imports",
        files={"file": ("huge.csv", b"a" * (UPLOAD_LIMIT + MB), "text/csv")},
        headers=store.member.headers,
    )
    assert_refused(store, upload, before, statuses={413}, field=None)

    browser = page_login(store.client.app, store.member.email)  # type: ignore[arg-type]
    form = browser.post("/checkin", data={"pain": "1" * (3 * MB), CSRF_FIELD: csrf_of(browser)})
    assert form.status_code == 413
    assert "text/html" in form.headers["content-type"]
    assert store.rows() == before


def test_a_body_just_under_the_limit_is_read_as_usual(store: Store) -> None:
    """The limit is not hit by ordinary large input: a 1.9 MB body reaches validation (notes too long: 422)."""
    before = store.rows()
    body = json.dumps(session(notes="z" * (JSON_LIMIT - 100 * 1024))).encode()
    headers = {**store.member.headers, "Content-Type": "application/json"}
    response = store.client.post("/api/v1/sessions", content=body, headers=headers)
    assert_refused(store, response, before, statuses={422}, field="notes")


# ------------------------------------------------------------------------------------------------ CSV uploads

HEADER = b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
ROW = b'2025-01-06 07:00:00,"Legs",50m,"Hip Thrust (Barbell)",1,60,10,0,0,"","",\n'
BAD_UPLOADS: list[tuple[str, bytes]] = [
    ("empty file", b""),
    ("only blank lines", b"  \n\n\t\n"),
    ("header without rows", HEADER),
    ("binary", bytes(range(256)) * 40),
    ("an image", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),
    ("unknown header", b"foo,bar,baz\n1,2,3\n"),
    ("not UTF-8", HEADER + ROW.replace(b"Legs", b"Jamb\xe9es")),
    ("a date that is not one", HEADER + ROW.replace(b"2025-01-06 07:00:00", b"yesterday")),
    ("reps as words", HEADER + ROW.replace(b",60,10,", b",60,ten,")),
    ("negative reps", HEADER + ROW.replace(b",60,10,", b",60,-10,")),
    ("huge reps", HEADER + ROW.replace(b",60,10,", b",60,99999999999999999999999,")),
    ("huge weight", HEADER + ROW.replace(b",60,10,", b",1e308,10,")),
    ("NaN weight", HEADER + ROW.replace(b",60,10,", b",nan,10,")),
    ("NUL in a name", HEADER + ROW.replace(b"Hip Thrust", b"Hip\x00Thrust")),
    ("an unterminated quote", HEADER + b'2025-01-06 07:00:00,"Legs,50m,"Hip Thrust",1,60,10,0,0,"","",\n'),
    ("extra columns", HEADER + ROW.replace(b"\n", b",x,y,z\n")),
    ("a date in year one", HEADER + ROW.replace(b"2025-01-06", b"0001-01-01")),
    ("a date in year 9999", HEADER + ROW.replace(b"2025-01-06 07:00:00", b"9999-12-31 23:59:59")),
]


@pytest.mark.parametrize(("case", "data"), BAD_UPLOADS, ids=[c[0] for c in BAD_UPLOADS])
def test_a_bad_csv_upload_gets_a_clear_422_and_stores_nothing(store: Store, case: str, data: bytes) -> None:
    """POST /imports with an empty, binary or malformed export: 422 saying what is wrong (field `file`)."""
    before = store.rows()
    files = {"file": ("export.csv", data, "text/csv")}
    response = store.client.post("/api/v1/imports", files=files, headers=store.member.headers)
    assert_refused(store, response, before, statuses={422}, field="file")


def test_a_strict_upload_with_one_bad_row_is_refused_whole_and_stores_nothing(store: Store) -> None:
    before = store.rows()
    files = {"file": ("export.csv", HEADER + ROW + ROW.replace(b",60,10,", b",60,twelve,"), "text/csv")}
    response = store.client.post("/api/v1/imports", files=files, data={"strict": "true"}, headers=store.member.headers)
    assert_refused(store, response, before, statuses={422}, field="file")
    assert response.json()["report"]["row_errors"] == ["line 3: Reps: 'twelve' is not a number"]


@pytest.mark.parametrize(
    ("case", "kwargs", "field"),
    [
        ("no file at all", {}, "file"),
        ("a file field that is text", {"data": {"file": "Date,Reps\n"}}, "file"),
        (
            "an unknown app",
            {"data": {"kind": "myfitnesspal"}, "files": {"file": ("e.csv", HEADER + ROW, "text/csv")}},
            "kind",
        ),
        (
            "an unknown unit",
            {"data": {"unit": "stone"}, "files": {"file": ("e.csv", HEADER + ROW, "text/csv")}},
            "unit",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_a_malformed_upload_request_gets_a_clear_422(
    store: Store, case: str, kwargs: dict[str, Any], field: str
) -> None:
    """POST /imports without a file, with text where the file goes, or naming an unknown app: 422, nothing stored."""
    before = store.rows()
    response = store.client.post("/api/v1/imports", headers=store.member.headers, **kwargs)
    assert_refused(store, response, before, statuses={422}, field=field)


# ------------------------------------------------------------------------------------------------ page forms

WORKOUT = {"n": "1", "date": START, "ex0_id": "glute_bridge", "ex0_s0_reps": "10", "ex0_pain": "1"}
BAD_FORMS: list[tuple[str, str, dict[str, str]]] = [
    ("workout: NUL in notes", "/workout", {**WORKOUT, "notes": "a\x00b"}),
    ("workout: reps not a number", "/workout", {**WORKOUT, "ex0_s0_reps": "lots"}),
    ("workout: huge reps", "/workout", {**WORKOUT, "ex0_s0_reps": "9" * 30}),
    ("workout: load overflowing", "/workout", {**WORKOUT, "ex0_s0_load": "1e400"}),
    ("workout: load NaN", "/workout", {**WORKOUT, "ex0_s0_load": "nan"}),
    ("workout: huge pain", "/workout", {**WORKOUT, "ex0_pain": "9" * 30}),
    ("workout: a day out of range", "/workout", {**WORKOUT, "date": "0001-01-01"}),
    ("workout: an unknown exercise", "/workout", {**WORKOUT, "ex0_id": "\x1b[2J"}),
    ("checkin: huge pain", "/checkin", {"pain": "9" * 30, "date": START}),
    ("checkin: NUL", "/checkin", {"pain": "\x00", "date": START}),
    ("onboarding: huge age", "/onboarding", {"age": "9" * 30, "sessions_per_week": "3", "minutes_per_session": "30"}),
    ("onboarding: weight NaN", "/onboarding", {"age": "40", "body_mass_kg": "nan"}),
    ("onboarding: NUL", "/onboarding", {"age": "\x00", "experience": "\x00"}),
]


@pytest.fixture(scope="module")
def browser(store: Store) -> Iterator[TestClient]:
    signed_in = page_login(store.client.app, store.member.email)  # type: ignore[arg-type]
    yield signed_in
    signed_in.close()


@pytest.mark.parametrize(("case", "path", "form"), BAD_FORMS, ids=[c[0] for c in BAD_FORMS])
def test_a_bad_page_form_gets_the_form_back_with_422_and_stores_nothing(
    store: Store, browser: TestClient, case: str, path: str, form: dict[str, str]
) -> None:
    """The workout player, check-in and questionnaire refuse strange values with 422 and the page, not a 500."""
    before = store.rows()
    response = browser.post(path, data={**form, CSRF_FIELD: csrf_of(browser)})
    assert response.status_code == 422, (response.status_code, response.text[:300])
    assert "text/html" in response.headers["content-type"]
    assert store.rows() == before


def test_a_forged_workout_form_claiming_billions_of_exercises_is_answered_at_once(
    store: Store, browser: TestClient
) -> None:
    """`n` (how many exercises the form has) is capped, so a forged huge one cannot pin a server thread."""
    answered: list[int] = []
    form = {"n": "9" * 12, "date": START, CSRF_FIELD: csrf_of(browser)}
    worker = threading.Thread(
        target=lambda: answered.append(browser.post("/workout", data=form).status_code), daemon=True
    )
    worker.start()
    worker.join(timeout=20)
    assert answered == [422], answered or "the request did not finish in 20 s"


@pytest.mark.parametrize("path", ["/today", "/workout", "/progress"])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2026-02-30", "%00"])
def test_a_page_asked_for_an_impossible_day_shows_today_and_says_why(browser: TestClient, path: str, day: str) -> None:
    """?date= far off or not a date: the page for today with a note, never a 500."""
    response = browser.get(f"{path}?date={day}")
    assert response.status_code == 200, (path, day, response.status_code)
    assert "shows today instead" in response.text


# ------------------------------------------------------------------------------------------------ the CLI

runner = CliRunner()
CLI_CASES: list[tuple[str, bytes | None, str]] = [
    # (case, the file's bytes (None: a directory), what the message must say)
    ("malformed JSON", b'{"date": ', "not valid JSON"),
    ("an empty file", b"", "not valid JSON"),
    ("a JSON list", b"[]", "must be a JSON object"),
    ("not UTF-8", b'{"notes": "\xff\xfe"}', "not UTF-8"),
    ("deeply nested", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ("a directory", None, "cannot read"),
    ("reps as text", json.dumps(one_set(reps="12")).encode(), "exercises.0.sets.0.reps"),
    ("negative reps", json.dumps(one_set(reps=-1)).encode(), "exercises.0.sets.0.reps"),
    ("huge reps", json.dumps(one_set(reps=10**40)).encode(), "exercises.0.sets.0.reps"),
    ("load NaN", json.dumps(one_set(load_kg=float("nan"))).encode(), "exercises.0.sets.0.load_kg"),
    ("huge load", json.dumps(one_set(load_kg=1e308)).encode(), "exercises.0.sets.0.load_kg"),
    ("NUL in notes", json.dumps(session(notes="a\x00b")).encode(), "notes"),
    ("terminal escape in notes", json.dumps(session(notes="\x1b[2J")).encode(), "notes"),
    ("lone surrogate in notes", json.dumps(session(notes="\ud800")).encode(), "notes"),
    ("notes too long", json.dumps(session(notes="x" * (5 * MB))).encode(), "notes"),
    (
        "an unknown exercise",
        json.dumps(session(exercises=[{"exercise_id": "leg_day", "sets": [{"reps": 1}]}])).encode(),
        "unknown exercise",
    ),
    ("a date of year one", json.dumps(session(date="0001-01-01")).encode(), "date"),
]


@pytest.fixture
def cli_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A SQLite store with a programme from START, through `gluterx start`."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("GLUTERX_DATABASE_URL", url)
    get_settings.cache_clear()
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(make_profile()))
    started = runner.invoke(cli_app, ["start", "--profile", str(profile), "--start", START])
    assert started.exit_code == 0, started.stderr
    container = build()
    yield container.engine
    container.engine.dispose()
    get_settings.cache_clear()


@pytest.mark.parametrize(("case", "content", "says"), CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_gluterx_log_with_a_bad_file_exits_2_with_a_clear_message_and_stores_nothing(
    cli_store: Engine, tmp_path: Path, case: str, content: bytes | None, says: str
) -> None:
    """`gluterx log --file BAD`: exit code 2, one clear error on stderr (no traceback), no row stored."""
    store = Store(client=None, engine=cli_store, member=None)  # type: ignore[arg-type]  # only rows() is used
    before = store.rows()
    path = tmp_path / "folder" if content is None else tmp_path / "session.json"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    result = runner.invoke(cli_app, ["log", "--file", str(path)])
    assert result.exit_code == 2, (result.exit_code, result.stderr, result.exception)
    message = " ".join(result.stderr.split())  # Rich wraps long lines
    assert message.startswith("Error:"), message
    assert says in message, message
    assert "Traceback" not in result.stderr + result.stdout
    assert store.rows() == before


# ------------------------------------------------------------------------------------------------ the error shape

JSON = {"Content-Type": "application/json"}
SHAPES: list[tuple[str, str, str, dict[str, Any], int, str]] = [
    # (case, method, path, request keywords, status, code)
    (
        "not UTF-8",
        "POST",
        "/api/v1/sessions",
        {"content": b'{"notes": "\xff\xfe"}', "headers": JSON},
        400,
        "unreadable_body",
    ),
    (
        "deeply nested",
        "POST",
        "/api/v1/checkins",
        {"content": b"[" * 50_000 + b"]" * 50_000, "headers": JSON},
        400,
        "unreadable_body",
    ),
    (
        "multipart without a boundary",
        "POST",
        "/api/v1/imports",
        {"content": b"abc", "headers": {"Content-Type": "multipart/form-data"}},
        400,
        "unreadable_body",
    ),
    ("a method the path does not answer", "DELETE", "/api/v1/today", {}, 405, "method_not_allowed"),
    ("a path that is not there", "GET", "/api/v1/nothing-here", {}, 404, "not_found"),
]


@pytest.mark.parametrize(("case", "method", "path", "kwargs", "status", "code"), SHAPES, ids=[c[0] for c in SHAPES])
def test_every_api_error_body_is_a_list_of_field_code_and_message(
    store: Store, case: str, method: str, path: str, kwargs: dict[str, Any], status: int, code: str
) -> None:
    before = store.rows()
    sent = dict(kwargs)
    headers = {**store.member.headers, **sent.pop("headers", {})}
    response = store.client.request(method, path, headers=headers, **sent)
    assert response.status_code == status, response.text[:300]
    (item,) = response.json()["detail"]
    assert set(item) == {"field", "code", "message"} and item["code"] == code and item["message"], item
    assert store.rows() == before


def test_not_signed_in_is_a_problem_list_too(store: Store) -> None:
    response = store.client.get("/api/v1/today")
    assert response.status_code == 401
    assert response.json()["detail"][0]["code"] == "not_signed_in"
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("path", "allowed"), [("/api/v1/sessions", "GET, POST"), ("/api/v1/profile", "GET, PUT, PATCH")]
)
def test_options_and_405_list_every_method_of_the_path(store: Store, path: str, allowed: str) -> None:
    """OPTIONS answers 204 with Allow naming every method the path has (not only one route's), and so does a 405."""
    options = store.client.options(path, headers=store.member.headers)
    assert options.status_code == 204
    assert options.headers["Allow"] == f"{allowed}, OPTIONS"
    refused = store.client.request("DELETE", path, headers=store.member.headers)
    assert refused.status_code == 405
    assert refused.headers["Allow"] == f"{allowed}, OPTIONS"
