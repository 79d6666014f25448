"""The structured-dose migration on a store made by the previous schema: the old planned items (doses in words, as
the planner of commit 58f0add stored them) and old prescriptions become dose columns, and back on a downgrade."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from gluterx.adapters.db.dose_columns import dose_from
from gluterx.adapters.db.engine import alembic_config, make_engine
from gluterx.adapters.db.models import Base
from gluterx.domain.dose import Band, Dose, Hold, Load, RepRange, describe
from gluterx.services.backup import dose_from_json

PREVIOUS = "cb50191db913"
HEAD = "d67e160af6d6"
FIXTURE = json.loads((Path(__file__).parent / "legacy_planned_sessions.json").read_text())
SESSIONS: list[dict[str, Any]] = FIXTURE["sessions"]
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

people = sa.table("people", *(sa.column(c) for c in ("id", "uuid", "display_name", "role", "created_at")))
profiles = sa.table(
    "profiles", *(sa.column(c) for c in ("id", "person_id", "version", "created_at")), sa.column("data", sa.JSON)
)
programs = sa.table(
    "programs",
    *(sa.column(c) for c in ("id", "person_id", "profile_id", "start_date", "weeks", "status", "active", "created_at")),
    sa.column("screening", sa.JSON),
)
planned_sessions = sa.table(
    "planned_sessions",
    *(
        sa.column(c)
        for c in ("id", "program_id", "week", "day", "date", "phase", "phase_name", "deload", "kind", "minutes")
    ),
    sa.column("items", sa.JSON),
)
performed_sessions = sa.table(
    "performed_sessions", *(sa.column(c) for c in ("id", "person_id", "date", "notes", "source", "created_at"))
)
OLD_PRESCRIPTION_COLUMNS = ("sets", "rep_low", "rep_high", "load_kg", "band")
prescriptions = sa.table(
    "prescriptions",
    *(sa.column(c) for c in ("id", "person_id", "program_id", "planned_exercise_id", "logged_exercise_id",
                             "exercise_id", "performed_session_id", "action", "reason", "cue", "created_at")),
    *(sa.column(c) for c in OLD_PRESCRIPTION_COLUMNS),
    sa.column("sources", sa.JSON),
)  # fmt: skip


def migrate_to(engine: Engine, revision: str, *, down: bool = False) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


@pytest.fixture
def old_engine(database_url: str) -> Iterator[Engine]:
    """A database at the previous head, before doses had columns."""
    engine = make_engine(database_url)
    migrate_to(engine, PREVIOUS)
    yield engine
    engine.dispose()


def planned_item(profile: str, exercise_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(session, item) of the fixture: the latest planned item of `exercise_id` in `profile`'s programme (the one
    in force when the prescriptions below were written, after every planned session)."""
    found = [(s, i) for s in SESSIONS if s["profile"] == profile for i in s["items"] if i["exercise_id"] == exercise_id]
    return max(found, key=lambda pair: pair[0]["date"])


@dataclass(frozen=True)
class OldPrescription:
    """An old prescription row, and the dose it must become."""

    profile: str
    slot: str
    exercise_id: str
    sets: int
    rep_low: int
    rep_high: int
    load_kg: float | None
    band: str | None
    expected: Dose
    old_band_after_downgrade: str | None = None


def _prescription_cases() -> list[OldPrescription]:
    def plan(profile: str, slot: str) -> Dose:
        return dose_from_json(planned_item(profile, slot)[1]["expected_dose"])

    thrust = plan("runner", "hip_thrust")
    hydrant = plan("office_worker", "banded_fire_hydrant")
    squeeze = plan("office_worker", "standing_glute_squeeze")
    stretch = plan("office_worker", "kneeling_hip_flexor_stretch")
    prone = plan("office_worker", "prone_hip_extension")
    swing = plan("runner", "kettlebell_swing")
    return [
        # a weights exercise with no weight yet: what the old engine said, "a weight you could lift 2 more times"
        OldPrescription("runner", "hip_thrust", "hip_thrust", 3, 8, 12, None, None,
                        Dose(3, RepRange(8, 12), Load.in_reserve(2, 2), thrust.rest_s, thrust.tempo)),
        OldPrescription("runner", "hip_thrust", "hip_thrust", 3, 10, 12, 42.5, None,
                        Dose(3, RepRange(10, 12), Load.of_kg(42.5), thrust.rest_s, thrust.tempo)),
        OldPrescription("runner", "kettlebell_swing", "kettlebell_swing", 3, 5, 6, 16.0, None,
                        Dose(3, RepRange(5, 6), Load.of_kg(16.0), swing.rest_s, swing.tempo)),
        # band names as the log and the old plan wrote them
        OldPrescription("office_worker", "banded_fire_hydrant", "banded_fire_hydrant", 2, 10, 15, None, "medium",
                        Dose(2, RepRange(10, 15), Load.of_band(Band.MEDIUM), hydrant.rest_s, hydrant.tempo, per_side=True)),
        OldPrescription("office_worker", "banded_fire_hydrant", "banded_fire_hydrant", 2, 10, 15, None, "strong",
                        Dose(2, RepRange(10, 15), Load.of_band(Band.HEAVY), hydrant.rest_s, hydrant.tempo, per_side=True), "heavy"),
        OldPrescription("office_worker", "banded_fire_hydrant", "banded_fire_hydrant", 2, 12, 15, None,
                        "Extra-heavy", Dose(2, RepRange(12, 15), Load.of_band(Band.EXTRA_HEAVY), hydrant.rest_s,
                                            hydrant.tempo, per_side=True), "extra_heavy"),
        OldPrescription("office_worker", "banded_fire_hydrant", "banded_fire_hydrant", 2, 10, 15, None, "red",
                        Dose(2, RepRange(10, 15), Load.of_band(Band.LIGHT), hydrant.rest_s, hydrant.tempo, per_side=True), "light"),
        # seconds: the number was the hold; the sitting break's was its count of 5 s squeezes
        OldPrescription("office_worker", "kneeling_hip_flexor_stretch", "kneeling_hip_flexor_stretch", 2, 30, 30,
                        None, None, Dose(2, Hold(30), Load.bodyweight(), stretch.rest_s, stretch.tempo,
                                         per_side=True)),
        OldPrescription("office_worker", "standing_glute_squeeze", "standing_glute_squeeze", 1, 12, 12, None, None,
                        Dose(1, Hold(5, reps=12), Load.bodyweight(), squeeze.rest_s, squeeze.tempo)),
        # per side from the library; swapped to a regression: its own kind, the slot's rest and tempo
        OldPrescription("office_worker", "prone_hip_extension", "prone_hip_extension", 2, 12, 15, None, None,
                        Dose(2, RepRange(12, 15), Load.bodyweight(), prone.rest_s, prone.tempo, per_side=True)),
        OldPrescription("office_worker", "prone_hip_extension", "glute_bridge", 2, 10, 15, None, None,
                        Dose(2, RepRange(10, 15), Load.bodyweight(), prone.rest_s, prone.tempo)),
        # an exercise the library does not know (imported): kind and sides from the slot's planned item
        OldPrescription("office_worker", "prone_hip_extension", "custom:my_kickback", 2, 10, 14, None, None,
                        Dose(2, RepRange(10, 14), Load.bodyweight(), prone.rest_s, prone.tempo, per_side=True)),
    ]  # fmt: skip


def seed_old_store(engine: Engine) -> dict[str, Any]:
    """The fixture's planned sessions and the prescription cases, as the previous schema stored them."""
    ids: dict[str, Any] = {"sessions": {}, "prescriptions": []}
    cases = _prescription_cases()
    with engine.begin() as conn:
        for n, profile in enumerate(sorted({s["profile"] for s in SESSIONS}), start=1):
            conn.execute(
                people.insert(),
                [
                    {
                        "id": n,
                        "uuid": f"00000000-0000-0000-0000-00000000000{n}",
                        "display_name": profile,
                        "role": "person",
                        "created_at": NOW,
                    }
                ],
            )
            conn.execute(profiles.insert(), [{"id": n, "person_id": n, "version": 1, "data": {}, "created_at": NOW}])
            conn.execute(
                programs.insert(),
                [
                    {
                        "id": n,
                        "person_id": n,
                        "profile_id": n,
                        "start_date": date(2026, 11, 23),
                        "weeks": 12,
                        "status": "ok",
                        "active": True,
                        "created_at": NOW,
                        "screening": {"status": "ok"},
                    }
                ],
            )
            ids[profile] = n
            for s in (s for s in SESSIONS if s["profile"] == profile):
                items = [{k: v for k, v in i.items() if k != "expected_dose"} for i in s["items"]]
                row = {k: s[k] for k in ("week", "day", "phase", "phase_name", "deload", "kind", "minutes")}
                session_id = conn.execute(
                    planned_sessions.insert().returning(planned_sessions.c.id),
                    [{**row, "program_id": n, "date": date.fromisoformat(s["date"]), "items": items}],
                ).scalar_one()
                ids["sessions"][session_id] = s
            performed = conn.execute(
                performed_sessions.insert().returning(performed_sessions.c.id),
                [{"person_id": n, "date": date(2027, 3, 1), "notes": "", "source": "gluterx", "created_at": NOW}],
            ).scalar_one()
            for case in (c for c in cases if c.profile == profile):
                old = {name: getattr(case, name) for name in OLD_PRESCRIPTION_COLUMNS}
                rx_id = conn.execute(
                    prescriptions.insert().returning(prescriptions.c.id),
                    [
                        {
                            "person_id": n,
                            "program_id": n,
                            "planned_exercise_id": case.slot,
                            "logged_exercise_id": case.slot,
                            "exercise_id": case.exercise_id,
                            "performed_session_id": performed,
                            "action": "progress_reps",
                            "reason": "why",
                            "cue": None,
                            "created_at": NOW,
                            "sources": ["acsm2009"],
                            **old,
                        }
                    ],
                ).scalar_one()
                ids["prescriptions"].append((rx_id, case))
    return ids  # fmt: skip


def test_every_old_planned_item_becomes_its_structured_dose(old_engine: Engine) -> None:
    """Each old item's texts become the dose the new planner writes (the old phase tempo kept on holds), in its
    position, with its exercise, slot, reason, sources and time; the JSON column is gone."""
    ids = seed_old_store(old_engine)
    migrate_to(old_engine, HEAD)
    with old_engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT * FROM planned_items ORDER BY planned_session_id, position")).all()
    found: dict[int, list[Any]] = {}
    for row in rows:
        found.setdefault(row.planned_session_id, []).append(row)
    assert set(found) == set(ids["sessions"])
    for session_id, session in ids["sessions"].items():
        items = found[session_id]
        assert [r.position for r in items] == list(range(len(session["items"])))
        for row, old in zip(items, session["items"], strict=True):
            dose = dose_from(row)
            assert dose == dose_from_json(old["expected_dose"]), old
            assert (row.exercise_id, row.slot, row.reason, row.seconds) == (
                old["exercise_id"], old["slot"], old["reason"], old["seconds"])  # fmt: skip
            assert list(json.loads(row.sources) if isinstance(row.sources, str) else row.sources) == old["sources"]
            words = describe(dose)
            assert (words.work, words.load) == (old["reps"], old["load"].replace("strong band", "heavy band"))
            assert words.tempo == ("" if old["tempo"] in ("steady", "hold 5 s") else old["tempo"])
    assert "items" not in {c["name"] for c in sa.inspect(old_engine).get_columns("planned_sessions")}


def test_old_prescriptions_get_their_dose_columns(old_engine: Engine) -> None:
    """Work kind and sides from the library (else the slot's plan), rest and tempo from the slot's plan, the band in
    the Band vocabulary, and a weights exercise without a weight as reps in reserve 2."""
    ids = seed_old_store(old_engine)
    migrate_to(old_engine, HEAD)
    with old_engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(sa.text("SELECT * FROM prescriptions"))}
    assert len(rows) == len(ids["prescriptions"])
    for rx_id, case in ids["prescriptions"]:
        assert dose_from(rows[rx_id]) == case.expected, case


def test_the_migrated_schema_matches_the_models(old_engine: Engine) -> None:
    """Upgrading an old store with data (through this revision and every later one) gives exactly the tables,
    columns and constraints the models declare."""
    seed_old_store(old_engine)
    migrate_to(old_engine, "head")  # every later migration too: the models are the newest schema
    with old_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_downgrade_writes_the_old_texts_back(old_engine: Engine) -> None:
    """Down again: every planned session's items are the old JSON exactly, and prescriptions their old numbers."""
    ids = seed_old_store(old_engine)
    migrate_to(old_engine, HEAD)
    migrate_to(old_engine, PREVIOUS, down=True)
    with old_engine.connect() as conn:
        items = dict(conn.execute(sa.select(planned_sessions.c.id, planned_sessions.c["items"])).all())
        olds = {r.id: r for r in conn.execute(sa.select(prescriptions))}
    for session_id, session in ids["sessions"].items():
        assert items[session_id] == [{k: v for k, v in i.items() if k != "expected_dose"} for i in session["items"]]
    for rx_id, case in ids["prescriptions"]:
        row = olds[rx_id]
        band = case.old_band_after_downgrade or case.band
        assert (row.sets, row.rep_low, row.rep_high, row.load_kg, row.band) == (
            case.sets, case.rep_low, case.rep_high, case.load_kg, band)  # fmt: skip
    migrate_to(old_engine, HEAD)  # and up again, from what the downgrade wrote
