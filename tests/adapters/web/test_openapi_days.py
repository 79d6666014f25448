"""The OpenAPI document bounds the days the API reads (parameters and bodies), not the days it answers with: those
are worked out (a programme's end, a week's start) and may fall outside the days accepted (issue 11)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def _first(schema: dict[str, Any]) -> dict[str, Any]:
    return schema.get("anyOf", [schema])[0]


def test_the_days_read_are_bounded_and_the_days_answered_are_not(client: TestClient) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    day = next(p for p in doc["paths"]["/api/v1/progress"]["get"]["parameters"] if p["name"] == "date")
    assert _first(day["schema"])["pattern"].startswith("^(20"), "a date parameter keeps its bound"
    assert _first(schemas["CheckinIn"]["properties"]["date"])["pattern"], "a body's date keeps its bound"
    for name, prop in (("Program", "start"), ("Today", "next_session_date"), ("WeeklyBalance", "week_start")):
        answered = _first(schemas[name]["properties"][prop])
        assert answered["format"] == "date" and "pattern" not in answered, (name, prop)


def test_the_exercise_ids_read_are_the_librarys_and_the_ids_answered_are_not_bounded(client: TestClient) -> None:
    """A swap names a library exercise; a history answers with the custom exercises an import kept (issue 13's
    "real limits", for what comes in only)."""
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    swap = _first(schemas["SwapIn"]["properties"]["exercise_id"])
    assert "hip_thrust" in swap["enum"], "a body's exercise id keeps the library's ids"
    for name in ("ExerciseHistory", "ExerciseDone", "MappedName"):
        answered = _first(schemas[name]["properties"]["exercise_id"])
        assert answered["type"] == "string" and "enum" not in answered, name
