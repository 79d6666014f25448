"""Progress time and size against the span of dates: the same 200 sessions spread over a year, then over the whole
range GluteRx accepts (2000-2199), plus the year-1 and year-9999 rows an older importer let in, written with SQL.

Run: uv run python bench/progress_span.py [--rounds N]
Prints figures only; it asserts nothing. Before the weekly series followed the data (domain/analysis/_common.py
`series_weeks`), one far-off row made GET /api/v1/progress 22.8 MB in 8.9 s; now the size and time stay flat.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

from _timing import median_and_best
from sqlalchemy import text

from gluterx.adapters.db.engine import make_engine, migrate
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.data import load_library
from gluterx.services import people
from gluterx.services.progress import jsonable, progress_report

SESSIONS = 200


def seed(path: Path, days: list[date]) -> tuple[object, int]:
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with SqlUnitOfWork(engine) as uow:
        person_id = people.local_person_id(uow, create=True)
        uow.commit()
    with engine.begin() as conn:
        for day in days:
            sid = conn.execute(
                text(
                    "INSERT INTO performed_sessions (person_id, date, notes, source, created_at, duration_s, "
                    "session_rpe) VALUES (:p, :d, '', 'gluterx', CURRENT_TIMESTAMP, 3600, 6) RETURNING id"
                ),
                {"p": person_id, "d": day},
            ).scalar_one()
            eid = conn.execute(
                text(
                    "INSERT INTO performed_exercises (session_id, position, exercise_id, pain_during, felt_in) "
                    "VALUES (:s, 0, 'hip_thrust', 2, '[]') RETURNING id"
                ),
                {"s": sid},
            ).scalar_one()
            for i in range(3):
                conn.execute(
                    text(
                        "INSERT INTO sets (performed_exercise_id, position, reps, load, unit, rir, warmup) "
                        "VALUES (:e, :i, 10, 60, 'kg', 2, false)"
                    ),
                    {"e": eid, "i": i},
                )
    return engine, person_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    library = load_library()
    first = date(2000, 1, 3)
    spans = {
        "one year": [first + timedelta(days=365 * i // SESSIONS) for i in range(SESSIONS)],
        "200 years (2000-2199)": [first + timedelta(days=73_000 * i // SESSIONS) for i in range(SESSIONS)],
        "one year + year 1 and 9999 rows": [date(1, 1, 1), date(9999, 12, 31)]
        + [first + timedelta(days=365 * i // SESSIONS) for i in range(SESSIONS)],
    }
    print(f"{'span':<34} {'median ms':>10} {'best ms':>8} {'JSON bytes':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, days) in enumerate(spans.items()):
            engine, person_id = seed(Path(tmp) / f"span{i}.db", days)
            today = date(2199, 12, 31)

            def run(engine: object = engine, person_id: int = person_id, today: date = today) -> str:
                found = progress_report(SqlUnitOfWork(engine), library, today=today, person_id=person_id)
                return json.dumps(jsonable(found))

            size = len(run())
            median, best = median_and_best(run, args.rounds)
            print(f"{name:<34} {median:>10.1f} {best:>8.1f} {size:>11,}")
            engine.dispose()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
