"""Property-based fuzzing of the JSON API from its own OpenAPI document (schemathesis), signed in as a person who
already has a profile, a programme and history: no answer is a 5xx, and every answer matches its documented schema."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from .conftest import Member, enrol, offline_app

MAX_EXAMPLES = 25  # per operation: enough to find crashes, small enough for CI

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
    case.call_and_validate(app=app, headers=caller.headers, checks=[not_a_server_error, response_schema_conformance])
