"""Health conditions through the JSON API: the profile body takes them, refuses bad ones field by field, gives
them back, and the OpenAPI document shows each condition with its enums."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from gluterx.domain.conditions import ConditionId

from .conftest import START, Person, make_profile

HIP = {"id": "hip_replacement", "side": "left", "approach": "posterior", "months_since": 4}


def test_a_profile_with_conditions_is_stored_and_given_back(client: TestClient, a: Person) -> None:
    """PUT with conditions: 200, and GET gives the same conditions back."""
    conditions = [HIP, {"id": "falls_last_year", "count": 1}]
    response = client.put(
        "/api/v1/profile", params={"start_date": START}, json=make_profile(conditions=conditions), headers=a.headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["profile"]["conditions"] == conditions
    assert client.get("/api/v1/profile", headers=a.headers).json()["conditions"] == conditions


def test_bad_conditions_get_one_detail_per_field_and_store_nothing(client: TestClient, a: Person) -> None:
    """An unknown id, a bad approach and an unknown field: 422 naming each, with the allowed values; nothing kept."""
    bad = [{"id": "hip_replacment"}, {**HIP, "approach": "sideways"}, {"id": "osteoporosis", "side": "left"}]
    response = client.put("/api/v1/profile", json=make_profile(conditions=bad), headers=a.headers)
    assert response.status_code == 422
    detail: list[dict[str, Any]] = response.json()["detail"]
    by_field = {d["field"]: d for d in detail}
    assert set(by_field) == {"conditions.0.id", "conditions.1.approach", "conditions.2.side"}
    assert by_field["conditions.0.id"]["code"] == "unknown_condition"
    assert "hip_replacement" in by_field["conditions.0.id"]["message"]
    assert "'posterior', 'anterior', 'lateral' or 'unknown'" in by_field["conditions.1.approach"]["message"]
    assert "allowed fields are id" in by_field["conditions.2.side"]["message"]
    assert client.get("/api/v1/profile", headers=a.headers).status_code == 404


def test_screening_reads_conditions_without_storing(client: TestClient, a: Person) -> None:
    """POST /screening takes the same body, conditions included."""
    body = make_profile(conditions=[{"id": "pregnancy", "trimester": 2}])
    response = client.post("/api/v1/screening", json=body, headers=a.headers)
    assert response.status_code == 200, response.text
    assert response.json()["cautions"]  # the pregnancy caution still applies to the condition


def test_the_conditions_questions_are_public(client: TestClient) -> None:
    """GET /screening/conditions lists each condition's question and follow-ups."""
    listed = client.get("/api/v1/screening/conditions").json()
    assert [c["id"] for c in listed] == [c.value for c in ConditionId]
    assert listed[2]["fields"][0] | {"choices": None} == {
        "name": "trimester",
        "question": "How far along are you?",
        "type": "choice",
        "values": [1, 2, 3],
        "choices": None,
    }


def test_the_openapi_document_shows_the_conditions_union_with_its_enums(client: TestClient) -> None:
    """The profile body's `conditions` is a union told apart by `id`, each member with its enums."""
    spec = client.get("/api/v1/openapi.json").json()
    body = spec["paths"]["/api/v1/profile"]["put"]["requestBody"]["content"]["application/json"]["schema"]
    items = body["properties"]["conditions"]["items"]
    assert items["discriminator"]["propertyName"] == "id"
    members = {m["properties"]["id"]["const"]: m for m in items["oneOf"]}
    assert set(members) == {c.value for c in ConditionId}
    hip = members["hip_replacement"]["properties"]
    assert hip["approach"]["enum"] == ["posterior", "anterior", "lateral", "unknown"]
    assert hip["side"]["enum"] == ["left", "right", "both"]
    assert members["pregnancy"]["properties"]["trimester"]["enum"] == [1, 2, 3]
    assert (hip["months_since"]["minimum"], hip["months_since"]["maximum"]) == (0, 600)
