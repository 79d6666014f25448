"""Who may call what, generated from the app's route table: every route has a rule below, or the test fails.

Rules: PUBLIC (works signed out), SIGNED_IN (needs sign-in; acts only on the caller's own data) and OWNED (the path
names one person's record; `path` builds it for person A). For every route that is not public: signed out gets 401
(API) or a redirect to /login (pages); person B never sees A's data, and whatever B sends leaves A's data as it was;
B asking for A's record gets 404/403; a cookie session changing anything without its CSRF token gets 403.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from httpx import Response
from starlette.routing import Mount

from gluterx.adapters.web.security import CSRF_FIELD, CSRF_HEADER
from tests.adapters.web.conftest import PASSWORD, START, make_profile

from .care_rules import care_rules
from .conftest import Member, csrf_of, enrol, offline_app, page_login

Access = Literal["public", "signed_in", "owned", "clinician"]  # clinician: B (no clinician of A) gets 403/404
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
THIS_FILE = "tests/security/test_authorization_matrix.py"


@dataclass
class World:
    """Two people with data of their own: A (the victim) and B (signed in, trying to reach A's data)."""

    api: TestClient
    a: Member
    b: Member
    a_page: TestClient
    b_page: TestClient

    def markers(self) -> list[str]:
        """Strings only A's data contains."""
        return [self.a.email, self.a.display_name, self.a.notes]


Send = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Rule:
    access: Access
    path: Callable[[World], str] | None = None  # a concrete path, for a route with path parameters
    send: Send = field(default=lambda _w: {})  # the body a signed-in B sends (a valid one, so a change happens)
    fresh: bool = False  # B's request ends B's own sessions or tokens: a newly enrolled person makes it instead
    probe: str | None = None  # how A shows the path is theirs, when the route's own method would change or end it
    send_fresh: Callable[[str], dict[str, Any]] | None = None  # the body, for a fresh person with this email


def _session(_w: World) -> dict[str, Any]:
    sets = [{"reps": 12, "load_kg": None, "band": None, "rir": 2, "rpe": None}] * 2
    exercises = [{"exercise_id": "glute_bridge", "sets": sets, "pain_during": 1, "felt_in": ["glutes"]}]
    return {"json": {"date": START, "exercises": exercises, "notes": "b's session"}}


STRONG_CSV = (
    b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
    b'2025-01-06 07:00:00,"Legs",50m,"Hip Thrust (Barbell)",1,60,10,0,0,"","",\n'
    b'2025-01-06 07:00:00,"Legs",50m,"Squat (Barbell)",1,50,8,0,0,"","",\n'
)
ONBOARDING = {
    "age": "38",
    "goals": ["pain_relief"],
    "equipment": ["mini_band"],
    "sessions_per_week": "3",
    "minutes_per_session": "30",
    "sitting_hours_per_day": "6",
    "experience": "beginner",
}
WORKOUT = {"n": "1", "date": START, "ex0_id": "glute_bridge", "ex0_s0_reps": "12", "ex0_pain": "1", "notes": "b"}

OUTCOMES = {"pain": 4, "activities": [{"name": f"b's activity {i}", "score": 5} for i in range(3)]}
OUTCOMES_FORM = {"date": START, "pain": "4", **{f"activity_{i}": f"b's activity {i}" for i in range(3)},
                 **{f"score_{i}": "5" for i in range(3)}}  # fmt: skip


def _spare_token(w: World) -> int:
    """A new API token of A's (a revoke test ends it, and A's own token must keep working)."""
    made = w.api.post("/api/v1/auth/tokens", json={"name": "spare"}, headers=w.a.headers)
    assert made.status_code == 201, made.text
    token_id: int = made.json()["id"]
    return token_id


def _spare_session(w: World) -> int:
    """A new browser session of A's (an ending test ends it; A's own browser must stay signed in)."""
    page_login(w.a_page.app, w.a.email)  # type: ignore[arg-type]
    listed = w.api.get("/api/v1/auth/sessions", headers=w.a.headers).json()
    newest: int = max(s["id"] for s in listed)
    return newest


def _next_session(w: World, headers: dict[str, str]) -> str:
    """The day of the person's next session from today on (shaping the plan acts on today or later)."""
    today = dt.date.today().isoformat()
    body = w.api.get("/api/v1/today", params={"date": today}, headers=headers).json()
    found: str = body["next_session_date"] if body["rest_day"] else body["date"]
    assert found, "no session left in the programme from today on"
    return found


def _b_swap(w: World) -> dict[str, Any]:
    """A swap B may make: an exercise of one of B's next sessions and its first alternative."""
    first = dt.date.fromisoformat(_next_session(w, w.b.headers))
    days = [(first + dt.timedelta(days=n)).isoformat() for n in range(14)]
    for on, item in (
        (day, item)
        for day in days
        for item in w.api.get("/api/v1/today", params={"date": day}, headers=w.b.headers).json()["items"]
    ):
        found = w.api.get(
            "/api/v1/plan/alternatives", params={"date": on, "exercise_id": item["exercise_id"]}, headers=w.b.headers
        )
        if found.status_code == 200 and found.json()["alternatives"]:
            to = found.json()["alternatives"][0]["exercise_id"]
            return {"json": {"date": on, "exercise_id": item["exercise_id"], "to": to}}
    raise AssertionError("B has nothing to swap")


def _b_alternatives(w: World) -> dict[str, Any]:
    day = _next_session(w, w.b.headers)
    item = w.api.get("/api/v1/today", params={"date": day}, headers=w.b.headers).json()["items"][0]
    return {"params": {"date": day, "exercise_id": item["exercise_id"]}}


def _b_addition(w: World) -> dict[str, str]:
    """An exercise B may add: the first one offered for one of B's next strength sessions (not yet in it)."""
    first = dt.date.fromisoformat(_next_session(w, w.b.headers))
    for day in [(first + dt.timedelta(days=n)).isoformat() for n in range(14)]:
        found = w.api.get("/api/v1/plan/additions", params={"date": day}, headers=w.b.headers)
        if found.status_code == 200 and found.json()["additions"]:
            return {"date": day, "exercise_id": found.json()["additions"][0]["exercise_id"]}
    raise AssertionError("B has nothing to add in the next two weeks")


def _b_move(w: World) -> dict[str, Any]:
    """B's next session to the first free day after it."""
    day = dt.date.fromisoformat(_next_session(w, w.b.headers))
    for n in range(1, 14):
        other = (day + dt.timedelta(days=n)).isoformat()
        if w.api.get("/api/v1/today", params={"date": other}, headers=w.b.headers).json()["rest_day"]:
            return {"json": {"from_date": day.isoformat(), "to_date": other}}
    raise AssertionError("B has no free day to move to")


_A_CHANGES: dict[int, int] = {}


def _a_change(w: World) -> str:
    """A change of A's to take back, made once per world, whose undoing A cannot see in the state compared below:
    skipping an exercise of A's next session, then the whole session (taking the first back changes nothing)."""
    if id(w) not in _A_CHANGES:
        day = _next_session(w, w.a.headers)
        item = w.api.get("/api/v1/today", params={"date": day}, headers=w.a.headers).json()["items"][0]
        made = w.api.post(
            "/api/v1/plan/skips", json={"date": day, "exercise_id": item["exercise_id"]}, headers=w.a.headers
        )
        assert made.status_code == 201, made.text
        whole = w.api.post("/api/v1/plan/skips", json={"date": day}, headers=w.a.headers)
        assert whole.status_code == 201, whole.text
        _A_CHANGES[id(w)] = made.json()["id"]
    return f"/api/v1/plan/changes/{_A_CHANGES[id(w)]}/undo"


def _b_change(w: World) -> dict[str, Any]:
    """The undo form's body for a change of B's own (B skips an exercise of one of B's next sessions)."""
    day = _next_session(w, w.b.headers)
    item = w.api.get("/api/v1/today", params={"date": day}, headers=w.b.headers).json()["items"][-1]
    made = w.api.post("/api/v1/plan/skips", json={"date": day, "exercise_id": item["exercise_id"]}, headers=w.b.headers)
    assert made.status_code == 201, made.text
    return {"data": {"adjustment_id": str(made.json()["id"]), "back": "changes"}}


PUBLIC = Rule("public")
SIGNED_IN = Rule("signed_in")

# Every route of the app. A new route without an entry here fails the tests below.
RULES: dict[str, Rule] = {
    # framework and static files
    "GET /api/v1/openapi.json": PUBLIC,
    "GET /api/v1/docs": PUBLIC,
    "MOUNT /api/v1/docs/assets": Rule("public", path=lambda _w: "/api/v1/docs/assets/swagger-ui.css"),
    "MOUNT /static": Rule("public", path=lambda _w: "/static/app.css"),
    # API: accounts
    "POST /api/v1/auth/signup": PUBLIC,
    "POST /api/v1/auth/token": PUBLIC,
    "GET /api/v1/me": SIGNED_IN,
    "GET /api/v1/auth/tokens": SIGNED_IN,
    "POST /api/v1/auth/tokens": Rule("signed_in", send=lambda _w: {"json": {"name": "b's script"}}),
    "DELETE /api/v1/auth/tokens/{token_id}": Rule("owned", path=lambda w: f"/api/v1/auth/tokens/{_spare_token(w)}"),
    "GET /api/v1/auth/sessions": SIGNED_IN,
    "DELETE /api/v1/auth/sessions/{session_id}": Rule(
        "owned", path=lambda w: f"/api/v1/auth/sessions/{_spare_session(w)}"
    ),
    "POST /api/v1/auth/signout-everywhere": Rule("signed_in", fresh=True),
    "POST /api/v1/auth/password": Rule(
        "signed_in", fresh=True, send=lambda _w: {"json": {"current_password": PASSWORD, "new_password": PASSWORD}}
    ),
    # API: the library and the screening questions are the same for everyone
    "GET /api/v1/exercises": PUBLIC,
    "GET /api/v1/exercises/{exercise_id}": Rule("public", path=lambda _w: "/api/v1/exercises/glute_bridge"),
    "GET /api/v1/evidence": PUBLIC,
    # API: the person's own history with an exercise, and their milestones
    "GET /api/v1/exercises/{exercise_id}/history": Rule(
        "signed_in", path=lambda _w: "/api/v1/exercises/glute_bridge/history"
    ),
    "GET /api/v1/milestones": SIGNED_IN,
    "GET /api/v1/screening/flags": PUBLIC,
    "GET /api/v1/screening/conditions": PUBLIC,
    # API: the person's own data
    "POST /api/v1/screening": Rule("signed_in", send=lambda _w: {"json": make_profile()}),
    "GET /api/v1/profile": SIGNED_IN,
    "PUT /api/v1/profile": Rule("signed_in", send=lambda _w: {"json": make_profile(age=52)}),
    "GET /api/v1/program": SIGNED_IN,
    "GET /api/v1/today": SIGNED_IN,
    "GET /api/v1/sessions": SIGNED_IN,
    "POST /api/v1/sessions": Rule("signed_in", send=_session),
    "GET /api/v1/sessions/{session_id}": Rule("owned", path=lambda w: f"/api/v1/sessions/{w.a.session_id}"),
    "PUT /api/v1/sessions/{session_id}": Rule(
        "owned", path=lambda w: f"/api/v1/sessions/{w.a.session_id}", send=_session, probe="GET"
    ),
    "DELETE /api/v1/sessions/{session_id}": Rule(
        "owned", path=lambda w: f"/api/v1/sessions/{w.a.session_id}", probe="GET"
    ),
    "GET /api/v1/checkins": SIGNED_IN,
    "POST /api/v1/checkins": Rule("signed_in", send=lambda _w: {"json": {"pain": 4, "date": START}}),
    "GET /api/v1/progress": SIGNED_IN,
    "GET /api/v1/outcomes": SIGNED_IN,
    # the same day as the form below: an answer dated before a person's first one is refused (the start is the
    # baseline), so the two must not depend on which runs first
    "POST /api/v1/outcomes": Rule("signed_in", send=lambda _w: {"json": OUTCOMES, "params": {"date": START}}),
    "POST /api/v1/imports": Rule("signed_in", send=lambda _w: {"files": {"file": ("b.csv", STRONG_CSV, "text/csv")}}),
    "GET /api/v1/report.pdf": SIGNED_IN,
    "GET /api/v1/calendar.ics": SIGNED_IN,
    "GET /api/v1/sets.csv": SIGNED_IN,
    # API: shaping the plan (acts on the person's own programme; a change is one of theirs)
    "GET /api/v1/plan/alternatives": Rule("signed_in", send=_b_alternatives),
    "POST /api/v1/plan/swaps": Rule("signed_in", send=_b_swap),
    "POST /api/v1/plan/skips": Rule("signed_in", send=lambda w: {"json": {"date": _next_session(w, w.b.headers)}}),
    "POST /api/v1/plan/moves": Rule("signed_in", send=_b_move),
    "GET /api/v1/plan/additions": Rule("signed_in", send=lambda w: {"params": {"date": _b_addition(w)["date"]}}),
    "POST /api/v1/plan/additions": Rule("signed_in", send=lambda w: {"json": _b_addition(w)}),
    "POST /api/v1/plan/changes/{change_id}/undo": Rule("owned", path=_a_change),
    "GET /api/v1/plan/changes": SIGNED_IN,
    # pages: signing in and out
    "GET /": PUBLIC,
    "GET /signup": PUBLIC,
    "POST /signup": PUBLIC,
    "GET /login": PUBLIC,
    "POST /login": PUBLIC,
    "POST /logout": PUBLIC,
    # the demonstration figures: the same drawing for everyone, cached by the browser
    "GET /figures/{exercise_id}.svg": Rule("public", path=lambda _w: "/figures/glute_bridge.svg"),
    "GET /figures/still/{exercise_id}.svg": Rule("public", path=lambda _w: "/figures/still/glute_bridge.svg"),
    "GET /figures/faults/{exercise_id}/{fault}/{which}.svg": Rule(
        "public", path=lambda _w: "/figures/faults/glute_bridge/lower_back/not-this.svg"
    ),
    # pages: the account (sessions, tokens, password)
    "GET /account": SIGNED_IN,
    "POST /account/password": Rule(
        "signed_in", fresh=True, send=lambda _w: {"data": {"current_password": PASSWORD, "new_password": PASSWORD}}
    ),
    "POST /account/signout-everywhere": Rule("signed_in", fresh=True),
    "POST /account/sessions/{session_id}/end": Rule(
        "owned", path=lambda w: f"/account/sessions/{_spare_session(w)}/end"
    ),
    "POST /account/tokens": Rule("signed_in", send=lambda _w: {"data": {"name": "b's script", "days": "30"}}),
    "POST /account/tokens/{token_id}/revoke": Rule("owned", path=lambda w: f"/account/tokens/{_spare_token(w)}/revoke"),
    # pages: the library needs sign-in (it ticks the person's own equipment)
    "GET /exercises": SIGNED_IN,
    "GET /exercises/{exercise_id}": Rule("signed_in", path=lambda _w: "/exercises/glute_bridge"),
    # pages: the person's own data
    "GET /onboarding": SIGNED_IN,
    "POST /onboarding": Rule("signed_in", send=lambda _w: {"data": ONBOARDING}),
    "GET /referral": SIGNED_IN,
    "GET /welcome": SIGNED_IN,
    "GET /program": SIGNED_IN,
    "GET /today": SIGNED_IN,
    "POST /checkin": Rule("signed_in", send=lambda _w: {"data": {"pain": "3", "date": START}}),
    "GET /workout": SIGNED_IN,
    "POST /workout": Rule("signed_in", send=lambda _w: {"data": WORKOUT}),
    "GET /workout/summary/{session_id}": Rule("owned", path=lambda w: f"/workout/summary/{w.a.session_id}"),
    "GET /progress": SIGNED_IN,
    "GET /outcomes": SIGNED_IN,
    "POST /outcomes": Rule("signed_in", send=lambda _w: {"data": OUTCOMES_FORM}),
    "GET /progress/report.pdf": SIGNED_IN,
    "GET /progress/calendar.ics": SIGNED_IN,
    "GET /progress/sets.csv": SIGNED_IN,
    "GET /history": SIGNED_IN,
    "GET /history/{session_id}": Rule("owned", path=lambda w: f"/history/{w.a.session_id}"),
    "GET /history/{session_id}/edit": Rule("owned", path=lambda w: f"/history/{w.a.session_id}/edit"),
    "POST /history/{session_id}/edit": Rule(
        "owned", path=lambda w: f"/history/{w.a.session_id}/edit", send=lambda _w: {"data": WORKOUT}, probe="GET"
    ),
    "GET /history/{session_id}/delete": Rule("owned", path=lambda w: f"/history/{w.a.session_id}/delete"),
    "POST /history/{session_id}/delete": Rule("owned", path=lambda w: f"/history/{w.a.session_id}/delete", probe="GET"),
    "GET /import": SIGNED_IN,
    # pages: shaping the plan (the person's own programme; undo takes back only a change of their own)
    "GET /plan/swap": Rule("signed_in", send=lambda w: {"params": _b_swap(w)["json"]}),
    "POST /plan/swap": Rule("signed_in", send=lambda w: {"data": _b_swap(w)["json"]}),
    "POST /plan/skip": Rule("signed_in", send=lambda w: {"data": {"date": _next_session(w, w.b.headers)}}),
    "GET /plan/move": Rule("signed_in", send=lambda w: {"params": {"date": _next_session(w, w.b.headers)}}),
    "POST /plan/move": Rule("signed_in", send=lambda w: {"data": _b_move(w)["json"]}),
    "GET /plan/add": Rule("signed_in", send=lambda w: {"params": {"date": _b_addition(w)["date"]}}),
    "POST /plan/add": Rule("signed_in", send=lambda w: {"data": _b_addition(w)}),
    "POST /plan/undo": Rule("signed_in", send=_b_change),
    "GET /plan/changes": SIGNED_IN,
    "GET /free-session": SIGNED_IN,
    "POST /free-session": Rule(
        "signed_in",
        send=lambda _w: {"data": {"date": START, "pick": "glute_bridge", "ex0_s0_reps": "12", "allow_duplicate": "1"}},
    ),
    "POST /import": Rule(
        "signed_in", send=lambda _w: {"data": {"kind": ""}, "files": {"file": ("b.csv", STRONG_CSV, "text/csv")}}
    ),
    # profile & settings (issue 14): each acts on the caller's own profile, settings and account only
    "PATCH /api/v1/profile": Rule("signed_in", send=lambda _w: {"json": {"minutes_per_session": 20}}),
    "GET /api/v1/settings": SIGNED_IN,
    "PATCH /api/v1/settings": Rule("signed_in", send=lambda _w: {"json": {"unit": "lb", "time_zone": "Asia/Tokyo"}}),
    "POST /api/v1/account/email": Rule(
        "signed_in",
        fresh=True,
        send=lambda _w: {"json": {"email": f"new-{uuid.uuid4().hex[:8]}@example.com", "current_password": PASSWORD}},
    ),
    "POST /api/v1/account/delete": Rule(
        "signed_in", fresh=True, send_fresh=lambda email: {"json": {"confirm_email": email, "password": PASSWORD}}
    ),
    "GET /api/v1/export": SIGNED_IN,
    "GET /profile": SIGNED_IN,
    "POST /profile/settings": Rule("signed_in", send=lambda _w: {"data": {"unit": "lb", "training_time": "07:00"}}),
    "POST /profile/email": Rule(
        "signed_in",
        fresh=True,
        send=lambda _w: {"data": {"email": f"new-{uuid.uuid4().hex[:8]}@example.com", "current_password": PASSWORD}},
    ),
    "POST /profile/delete": Rule(
        "signed_in", fresh=True, send_fresh=lambda email: {"data": {"confirm_email": email, "password": PASSWORD}}
    ),
    "GET /profile/export.json": SIGNED_IN,
    "GET /goodbye": PUBLIC,
}
RULES.update(care_rules(Rule))  # issue 16: clinicians and their clients (tests/security/care_rules.py)


def route_keys(app: FastAPI) -> list[str]:
    """'METHOD /path' for every route the app serves (HEAD rides along with GET), 'MOUNT /path' for mounts."""
    keys = []
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, Mount):
            keys.append(f"MOUNT {route.path}")
            continue
        methods = sorted((route.methods or {"ANY"}) - {"HEAD"})
        keys.extend(f"{method} {route.path}" for method in methods)
    return keys


ROUTES = route_keys(offline_app())


def rule_for(key: str) -> Rule:
    if key not in RULES:
        pytest.fail(
            f"add an authorization rule for {key!r} to RULES in {THIS_FILE}: public, signed_in (own data only) "
            "or owned (with a path to person A's record)"
        )
    return RULES[key]


def split(key: str) -> tuple[str, str]:
    method, _, path = key.partition(" ")
    return ("GET" if method == "MOUNT" else method), path


def concrete_path(key: str, rule: Rule, world: World) -> str:
    _, path = split(key)
    if rule.path is not None:
        return rule.path(world)
    assert "{" not in path, f"{key}: a route with path parameters needs `path=` in its rule"
    return path


def is_api(key: str) -> bool:
    return split(key)[1].startswith("/api/")


def redirects_to_login(response: Response) -> bool:
    return response.status_code in (302, 303, 307) and response.headers.get("location", "").startswith("/login")


@pytest.fixture(scope="module")
def world(app: FastAPI, api: TestClient) -> Iterator[World]:
    a = enrol(api, "alice.private@example.com", display_name="Alice Zyxwvut")
    b = enrol(api, "bob@example.com", display_name="Bob")
    a_page, b_page = page_login(app, a.email), page_login(app, b.email)
    yield World(api, a, b, a_page, b_page)
    a_page.close()
    b_page.close()


def a_state(world: World) -> list[str]:
    """Everything A can read about themselves, through A's own token."""
    paths = ["/api/v1/me", "/api/v1/profile", "/api/v1/program", "/api/v1/sessions", "/api/v1/checkins"]
    out = []
    for path in paths:
        response = world.api.get(path, headers=world.a.headers)
        assert response.status_code == 200, (path, response.text)
        out.append(response.text)
    return out


def as_b(world: World, key: str, rule: Rule) -> Response:
    """B's request: the API with B's bearer token, a page with B's cookie session (and its CSRF token)."""
    method, _ = split(key)
    path = concrete_path(key, rule, world)
    kwargs = rule.send(world)
    headers, page = world.b.headers, world.b_page
    if rule.fresh:  # someone of their own, whose sessions and tokens this request may end
        email = f"fresh-{uuid.uuid4().hex[:8]}@example.com"
        assert world.api.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD}).status_code == 202
        token = world.api.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD}).json()["token"]
        headers, page = {"Authorization": f"Bearer {token}"}, page_login(world.b_page.app, email)  # type: ignore[arg-type]
        if rule.send_fresh is not None:
            kwargs = rule.send_fresh(email)
    if is_api(key):
        return world.api.request(method, path, headers=headers, **kwargs)
    if method not in SAFE:
        kwargs["data"] = {**kwargs.get("data", {}), CSRF_FIELD: csrf_of(page)}
    return page.request(method, path, **kwargs)


def assert_no_data_of_a(world: World, response: Response, key: str) -> None:
    body = response.content
    for marker in world.markers():
        assert marker.encode() not in body, f"{key}: B's response shows A's data ({marker!r})"


# ------------------------------------------------------------------------------------------------ the table itself


def test_every_route_has_an_authorization_rule() -> None:
    """The route table and RULES match: a new route without a rule fails here (and in each test below)."""
    missing = [key for key in ROUTES if key not in RULES]
    stale = [key for key in RULES if key not in ROUTES]
    assert not missing, "add an authorization rule to RULES in " + THIS_FILE + " for: " + ", ".join(missing)
    assert not stale, "remove the rules for routes that no longer exist: " + ", ".join(stale)


def test_the_matrix_covers_the_whole_api_and_every_page() -> None:
    """The route table the tests are generated from is the real one (guards against an empty or partial list)."""
    assert len(ROUTES) >= 40
    assert {"GET /api/v1/sessions/{session_id}", "POST /api/v1/sessions", "GET /today", "POST /workout"} <= set(ROUTES)


# ------------------------------------------------------------------------------------------------ per route


@pytest.mark.parametrize("key", ROUTES)
def test_signed_out_requests_are_refused_unless_the_route_is_public(key: str, world: World, app: FastAPI) -> None:
    """Signed out: 401 with WWW-Authenticate (API) or a redirect to /login (pages), except on public routes."""
    rule = rule_for(key)
    method, _ = split(key)
    path = concrete_path(key, rule, world)
    with TestClient(app, follow_redirects=False) as stranger:
        response = stranger.request(method, path, **rule.send(world))
        if rule.access == "public":
            assert response.status_code != 401, f"{key} is ruled public but answers 401"
            assert not redirects_to_login(response), f"{key} is ruled public but sends to /login"
            assert response.status_code < 500
            return
        if is_api(key):
            assert response.status_code == 401, (key, response.status_code, response.text[:300])
            assert response.headers.get("www-authenticate") == "Bearer"
            forged = stranger.request(method, path, headers={"Authorization": "Bearer glx_forged"}, **rule.send(world))
            assert forged.status_code == 401, (key, "a made-up token", forged.status_code)
        else:
            assert redirects_to_login(response), (key, response.status_code, response.headers.get("location"))
            assert response.headers["location"] == f"/login?next={path}"
            htmx = stranger.request(method, path, headers={"HX-Request": "true"}, **rule.send(world))
            assert htmx.status_code == 401 and htmx.headers.get("HX-Redirect") == f"/login?next={path}", key
        assert_no_data_of_a(world, response, key)


@pytest.mark.parametrize("key", [k for k in ROUTES if k not in RULES or RULES[k].access != "public"])
def test_person_b_neither_sees_nor_changes_person_a_data(key: str, world: World) -> None:
    """B's request succeeds for B's own data, or gets 404/403 for A's record; it shows nothing of A's and
    leaves everything of A's exactly as it was."""
    rule = rule_for(key)
    path = concrete_path(key, rule, world)  # first: a path made by making A's record (a change to undo) is no change
    before = a_state(world)
    if rule.access == "owned":  # the path really is A's record: A can open it
        owner = world.api if is_api(key) else world.a_page
        headers = world.a.headers if is_api(key) else {}
        method, kwargs = rule.probe or split(key)[0], {}
        if method not in SAFE and not is_api(key):
            kwargs["data"] = {CSRF_FIELD: csrf_of(world.a_page)}
        mine = owner.request(method, path, headers=headers, **kwargs)
        assert mine.status_code < 400, (key, "A cannot reach their own record", mine.status_code)
    response = as_b(world, key, rule)
    assert response.status_code < 500, (key, response.status_code, response.text[:300])
    if rule.access in ("owned", "clinician"):
        assert response.status_code in (403, 404), (key, "B reached A's record", response.status_code)
    else:
        assert response.status_code < 400, (key, "B's own request failed", response.status_code, response.text[:300])
        assert rule.fresh or not redirects_to_login(response), key  # signing out everywhere sends to /login
    assert_no_data_of_a(world, response, key)
    assert a_state(world) == before, f"{key}: B's request changed A's data"


def _changes_for_a_session(key: str) -> bool:
    """Unsafe methods, less the public API calls that act for no session at all (sign-up, getting a token)."""
    return split(key)[0] not in SAFE and not (key in RULES and RULES[key].access == "public" and is_api(key))


@pytest.mark.parametrize("key", [k for k in ROUTES if _changes_for_a_session(k)])
def test_a_cookie_session_cannot_change_anything_without_its_csrf_token(key: str, world: World) -> None:
    """A's signed-in browser session sending a change without the CSRF token (as a forged cross-site form or
    script would) gets 403, and nothing of A's changes."""
    rule = rule_for(key)
    path = concrete_path(key, rule, world)  # first: a path made by making A's record (a change to undo) is no change
    before = a_state(world)
    method, _ = split(key)
    response = world.a_page.request(method, path, **rule.send(world))
    assert response.status_code == 403, (key, response.status_code, response.text[:300])
    if is_api(key):
        assert CSRF_HEADER in response.json()["detail"][0]["message"]
    assert a_state(world) == before, f"{key}: a request without its CSRF token changed data"
