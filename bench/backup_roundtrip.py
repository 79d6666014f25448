"""Time and peak memory of a backup round trip at scale: `export_all` written to a JSON file, then `import_all` of that
file into a fresh store (what `gluterx backup export` and `gluterx backup import` do).

Run: uv run python bench/backup_roundtrip.py [--sessions 5000] [--sets-per-exercise 10] [--exercises 4]

Seeds a temporary SQLite store with one person and `--sessions` sessions (default 5,000 of 4 x 10 sets = 200,000
sets, issue 13's 203k), then runs each phase in its own process and prints its wall time and peak resident memory
(ru_maxrss of that process). Prints figures only; it asserts nothing. The target (issue 13) is <= 15 s and <= 200 MB
a phase.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from gluterx.adapters.db.engine import make_engine, migrate
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.services import people

EXERCISES = ("hip_thrust", "glute_bridge", "back_squat", "clamshell", "romanian_deadlift", "step_up")

PHASE = """
import json, sys, time, resource
from gluterx.adapters.db.engine import make_engine, migrate
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.data import load_library
from gluterx.services import backup
phase, db, path = sys.argv[1:4]
engine = make_engine(f"sqlite:///{db}")
started = time.perf_counter()
if phase == "export":
    data = backup.export_all(SqlUnitOfWork(engine))
    with open(path, "w") as f:
        json.dump(data, f)
else:
    migrate(engine)
    with open(path) as f:
        data = json.load(f)
    counts = backup.import_all(SqlUnitOfWork(engine), data, library=load_library())
took = time.perf_counter() - started
print(json.dumps({"seconds": took, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def seed(db: Path, sessions: int, exercises: int, sets: int) -> int:
    engine = make_engine(f"sqlite:///{db}")
    migrate(engine)
    with SqlUnitOfWork(engine) as uow:
        person_id = people.local_person_id(uow, create=True)
        first = date(2010, 1, 4)
        rows = [
            {
                "date": first + timedelta(days=i % 5000),
                "notes": f"session {i}",
                "duration_s": 3600,
                "source": "gluterx",
                "source_key": None,
                "exercises": [
                    {
                        "exercise_id": EXERCISES[(i + e) % len(EXERCISES)],
                        "pain_during": 2,
                        "felt_in": ["glutes"],
                        "sets": [
                            {
                                "reps": 10,
                                "load": 60.0,
                                "unit": "kg",
                                "band": None,
                                "rir": 2,
                                "rpe": None,
                                "duration_s": None,
                                "e1rm_kg": 80.0,
                                "warmup": False,
                            }
                            for _ in range(sets)
                        ],
                    }
                    for e in range(exercises)
                ],
            }
            for i in range(sessions)
        ]
        added = uow.sessions.add_imported(person_id, rows)
        uow.commit()
    engine.dispose()
    return added


def phase(name: str, db: Path, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", PHASE, name, str(db), str(path)], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=5000)
    parser.add_argument("--exercises", type=int, default=4)
    parser.add_argument("--sets-per-exercise", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source, target, file = Path(tmp) / "source.db", Path(tmp) / "target.db", Path(tmp) / "backup.json"
        started = time.perf_counter()
        sets = seed(source, args.sessions, args.exercises, args.sets_per_exercise)
        print(f"seeded {args.sessions:,} sessions, {sets:,} sets in {time.perf_counter() - started:.1f} s")
        exported = phase("export", source, file)
        print(f"export:  {exported['seconds']:6.1f} s, peak {exported['peak_mb']:5.0f} MB, "
              f"file {file.stat().st_size / 1e6:.1f} MB")  # fmt: skip
        restored = phase("restore", target, file)
        print(f"restore: {restored['seconds']:6.1f} s, peak {restored['peak_mb']:5.0f} MB")


if __name__ == "__main__":
    main()
