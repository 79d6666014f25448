"""The API carries the precautions: GET /program and GET /today list them, and each item has its notes."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .conftest import START, Person, make_profile


def test_program_and_today_carry_the_precautions_and_the_item_notes(client: TestClient, a: Person) -> None:
    profile = make_profile(age=72, red_flags=["osteoporosis"], equipment=[])
    saved = client.put("/api/v1/profile", params={"start_date": START}, json=profile, headers=a.headers)
    assert saved.status_code in (200, 201), saved.text
    program = client.get("/api/v1/program", headers=a.headers).json()
    ids = {p["id"] for p in program["precautions"]}
    assert {"osteoporosis_spine", "fall_risk", "balance_work"} <= ids
    assert all(set(p) == {"id", "reason", "advice", "sources"} and p["sources"] for p in program["precautions"])
    items = [i for w in program["weeks"] for s in w["sessions"] for i in s["items"]]
    assert any(i["supported_option"] for i in items) and all(i["caution"] for i in items)
    today = client.get("/api/v1/today", params={"date": START}, headers=a.headers).json()
    assert {p["id"] for p in today["precautions"]} == ids


def test_a_young_pain_free_person_has_no_precautions_and_no_item_notes(client: TestClient, a: Person) -> None:
    profile = make_profile(age=30, pain=[], goals=["aesthetics"])
    client.put("/api/v1/profile", params={"start_date": START}, json=profile, headers=a.headers)
    program = client.get("/api/v1/program", headers=a.headers).json()
    assert program["precautions"] == []
    items = [i for w in program["weeks"] for s in w["sessions"] for i in s["items"]]
    assert items and not any(i["caution"] or i["supported_option"] for i in items)
