"""Helper process for the crash test: logs sessions forever, printing ACK <n> after each commit."""

from __future__ import annotations

import sys
from datetime import date, timedelta

from gluterx.adapters.db.engine import make_engine, migrate
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.data import load_library
from gluterx.services import log_session, people, start

PROFILE = {"age": 40, "equipment": ["dumbbells", "bench", "mini_band"], "experience": "intermediate"}


def main(url: str) -> None:
    engine = make_engine(url)
    migrate(engine)
    library = load_library()
    me = people.local_person_id(SqlUnitOfWork(engine), create=True)
    start.start(SqlUnitOfWork(engine), library, PROFILE, start_date=date(2026, 1, 5), person_id=me)
    print("READY", flush=True)
    n = 0
    while True:
        day = date(2026, 1, 5) + timedelta(days=n % 300)
        sets = [{"reps": 10, "load_kg": 20.0 + n % 7, "band": None, "rir": 2, "rpe": None}] * 20
        session = {
            "date": day.isoformat(),
            "notes": f"crash test {n}",
            "exercises": [
                {"exercise_id": "hip_thrust", "sets": sets, "pain_during": 1, "felt_in": ["glutes"]},
                {"exercise_id": "goblet_squat", "sets": sets, "pain_during": 1, "felt_in": []},
            ],
        }
        log_session.log_session(SqlUnitOfWork(engine), library, session, person_id=me)
        print(f"ACK {n}", flush=True)
        n += 1


if __name__ == "__main__":
    main(sys.argv[1])
