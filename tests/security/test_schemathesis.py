"""Property-based fuzzing of the JSON API from its own OpenAPI document (schemathesis), signed in as a person who
already has a profile, a programme and history, with every check schemathesis has: no 5xx, every status, header and
body as documented, bad input refused, schema-valid input accepted, Allow right on a wrong method.

This is the bounded CI run (MAX_EXAMPLES per operation); bench/schemathesis_long.py runs the same checks over
thousands of cases on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from .conftest import Member, enrol, offline_app

MAX_EXAMPLES = 25  # per operation: enough to find crashes, small enough for CI
# How long one answer may take before the case fails (schemathesis's own default is 10 s). This test judges what the
# API answers, not how fast: bench/ measures speed. On a busy CI machine an answer that also writes (a token's "last
# used", due every five minutes, is written after the answer, within the same ASGI call) can wait seconds for the
# disk's fsync; it twice exceeded 10 s there on GET /api/v1/export, which answered in 0.3 s on an idle machine.
# A stuck request still fails: SQLite's busy timeout (30 s) turns a lock never let go into an error first.
REQUEST_TIMEOUT_S = 60

# Operations whose acceptance of a schema-valid request depends on what no schema can say, so the "schema-valid data
# is accepted" check cannot apply: an upload must be a real export (its CSV is not in the schema); an account's
# email must be deliverable, its password not a common one and its address not yet registered; a profile gives each
# condition once (the falls answer as `falls_last_year` or as a condition, not both); outcome answers name each
# activity once (JSON Schema's uniqueItems compares whole items, not one key of them).
CONTENT_BEYOND_SCHEMA = {
    "POST /api/v1/imports",
    "POST /api/v1/auth/signup",
    "POST /api/v1/auth/token",
    "PUT /api/v1/profile",
    "POST /api/v1/screening",
    "POST /api/v1/outcomes",
    # the current password must be the account's own
    "POST /api/v1/auth/password",
    # profile & settings: the current password and the account's own email confirm; a profile's answers together,
    # and training days as many as its sessions a week, are checked beyond the schema
    "POST /api/v1/account/email",
    "POST /api/v1/account/delete",
    "PATCH /api/v1/profile",
    "PATCH /api/v1/settings",
    # shaping the plan: the day must have a session of the person's own plan, today or later, the exercise must be in
    # it, and a swap's target one of its alternatives for this person
    "POST /api/v1/plan/swaps",
    "POST /api/v1/plan/skips",
    "POST /api/v1/plan/moves",
    # adding an exercise: the day must hold a strength session of the person's own plan, today or later, and the
    # exercise be one the person can add to it (GET /plan/additions), at a dose that fits it
    "POST /api/v1/plan/additions",
}

# Loaded at collection so each operation is its own test; the requests go to the module's app (a fresh store).
# (schemathesis.pytest.from_fixture would load it per test, but its lazy loader breaks on pytest 9's nodes.)
schema = schemathesis.openapi.from_dict(offline_app().openapi())
schema.config.generation.update(max_examples=MAX_EXAMPLES, deterministic=True)


# Operations that end the caller's own sessions or tokens: fuzzed as a second person, so the first stays signed in.
ENDS_OWN_ACCESS = {("POST", "/api/v1/auth/signout-everywhere"), ("DELETE", "/api/v1/auth/tokens/{token_id}")}


@pytest.fixture(scope="module")
def member(api: TestClient) -> Member:
    return enrol(api, "fuzz@example.com")


@pytest.fixture(scope="module")
def spare(api: TestClient, member: Member) -> Member:
    return enrol(api, "fuzz-spare@example.com")


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_api_answer_is_a_server_error_or_breaks_its_schema(
    case: Any, app: FastAPI, member: Member, spare: Member
) -> None:
    """Generated valid and invalid requests to every operation: never a 5xx, always the documented response shape."""
    caller = spare if (case.method.upper(), case.path) in ENDS_OWN_ACCESS else member
    excluded = [positive_data_acceptance] if f"{case.method} {case.path}" in CONTENT_BEYOND_SCHEMA else []
    case.call_and_validate(app=app, headers=caller.headers, excluded_checks=excluded, timeout=REQUEST_TIMEOUT_S)
