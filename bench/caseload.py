"""The clinician's dashboard (issue 16): `clinicians.caseload` and GET /api/v1/clinician/clients for one clinician
with 200 clients, each with a year of history (3 sessions a week of 4 exercises x 3 sets, a check-in most mornings,
outcome answers every 4 weeks) and a programme running for the last 8 weeks. Prints medians; asserts nothing.

    uv run python bench/caseload.py [--clients 200] [--rounds 7] [--postgres]

Target (issue 16): the dashboard loads in <= 300 ms for 200 clients with a year of history each.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._timing import median_and_best

from gluterx.adapters.db.models import CheckinRow
from gluterx.adapters.web.app import create_app
from gluterx.bootstrap import build
from gluterx.config import Settings
from gluterx.domain.care import ClinicianKind
from gluterx.domain.outcomes import Activity, Answers
from gluterx.services import accounts, clinicians, start

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
PROFILE = {
    "age": 45, "goals": ["pain_relief"], "pain": [{"region": "hip", "side": "left", "intensity": 4, "weeks": 10}],
    "sitting_hours_per_day": 6, "experience": "beginner", "equipment": ["mini_band"], "sessions_per_week": 3,
    "minutes_per_session": 30,
}  # fmt: skip
EXERCISES = ("glute_bridge", "clamshell", "side_lying_hip_abduction", "bird_dog")
PASSWORD = "a bench password 16"  # noqa: S105 - a bench account on a throwaway database


def seed(container: object, clients: int) -> tuple[int, str]:
    """A clinician with `clients` clients; (the clinician's person id, their API token)."""
    uow = container.uow  # type: ignore[attr-defined]
    library = container.library  # type: ignore[attr-defined]
    rng = random.Random(16)
    made = accounts.sign_up(uow(), email="clinician@example.com", password=PASSWORD, display_name="Dr B")
    with uow() as w:
        w.care.add_clinician(made.person_id, kind=ClinicianKind.PHYSIO, practice_name="Bench Physio", at=NOW)
        w.commit()
    first = TODAY - timedelta(days=364)
    for n in range(clients):
        with uow() as w:
            client = w.people.add(display_name=f"Client {n:03d}").id
            w.commit()
        start.start(uow(), library, PROFILE, start_date=TODAY - timedelta(weeks=8), person_id=client)
        days = [first + timedelta(days=d) for d in range(365) if d % 7 in (0, 2, 4) and rng.random() < 0.8]
        sessions = [
            {"date": d, "notes": "", "duration_s": 1800, "source": "bench", "source_key": f"{client}-{d}",
             "exercises": [{"exercise_id": e, "pain_during": rng.randint(0, 4), "felt_in": ["glutes"],
                            "sets": [{"reps": 12, "rir": 2}] * 3} for e in EXERCISES]}
            for d in days
        ]  # fmt: skip
        with uow() as w:
            w.sessions.add_imported(client, sessions)
            w.session.execute(
                insert(CheckinRow),
                [{"person_id": client, "date": first + timedelta(days=d), "pain": rng.randint(0, 7), "created_at": NOW}
                 for d in range(365) if rng.random() < 0.7],
            )  # fmt: skip
            for k in range(13):
                on = TODAY - timedelta(weeks=4 * (12 - k))
                acts = tuple(Activity(f"activity {i}", rng.randint(2, 9)) for i in range(3))
                w.outcomes.upsert(client, Answers(on, rng.randint(1, 7), acts, None if k == 0 else rng.randint(-3, 5)))
            w.care.add_grant(client_person_id=client, clinician_person_id=made.person_id, practice_id=None,
                             invitation_id=None, at=NOW)  # fmt: skip
            w.commit()
    token = accounts.create_token(uow(), account_id=made.account_id, now=datetime.now(UTC)).token
    return made.person_id, token


def cpu_median(fn: Callable[[], object], rounds: int) -> float:
    """The median CPU time of `rounds` calls of `fn` in ms, this process's threads included (the test client serves
    the request in another): the figure a busy shared machine does not inflate."""
    times = []
    for _ in range(rounds):
        start = time.process_time()
        fn()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--db", type=Path, help="a SQLite file to use (seeded when new)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "caseload.db"
        fresh = not db.exists()
        settings = Settings(database_url=f"sqlite:///{db}", environment="test",
                            secret_key="bench-only-secret-key-that-is-long-enough-0123456789")  # noqa: S106  # fmt: skip
        container = build(settings)
        began = time.perf_counter()
        if fresh:
            person_id, token = seed(container, args.clients)
        else:
            person_id = 1
            token = accounts.create_token(container.uow(), account_id=1, now=datetime.now(UTC)).token
        print(f"seeded in {time.perf_counter() - began:.1f} s" if fresh else f"reusing {db}")

        found = clinicians.caseload(container.uow(), person_id=person_id, today=TODAY)
        alerts = sum(1 for r in found.rows if r.open_alerts)
        print(f"{len(found.rows)} clients, {alerts} with an open alert; first: {found.rows[0].name}")

        def dashboard() -> object:
            return clinicians.caseload(container.uow(), person_id=person_id, today=TODAY)

        median, best = median_and_best(dashboard, args.rounds)
        print(f"clinicians.caseload          median {median:7.1f} ms   best {best:7.1f} ms   (target <= 300 ms)")
        print(
            f"clinicians.caseload CPU time median {cpu_median(dashboard, args.rounds):7.1f} ms   (load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: wall time waits for others, CPU time does not)"
        )
        with TestClient(create_app(container)) as client:
            headers = {"Authorization": f"Bearer {token}"}
            url = f"/api/v1/clinician/clients?date={TODAY.isoformat()}"
            assert client.get(url, headers=headers).status_code == 200
            median, best = median_and_best(lambda: client.get(url, headers=headers), args.rounds)
            print(f"GET /api/v1/clinician/clients median {median:7.1f} ms   best {best:7.1f} ms")
            cpu = cpu_median(lambda: client.get(url, headers=headers), args.rounds)
            print(f"GET /api/v1/clinician/clients CPU time median {cpu:7.1f} ms (the request, in every thread)")
        container.engine.dispose()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
