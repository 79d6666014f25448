"""Time and peak memory of a backup round trip at scale: the backup written to a JSON file as `gluterx backup export`
writes it (`export_chunks`, streamed), then restored from that file into a fresh store as `gluterx backup import` does
(`restore_stream`: read, checked and written session by session in one transaction).

Run: uv run python bench/backup_roundtrip.py [--sessions 5000] [--sets-per-exercise 10] [--exercises 4]
                                             [--postgres] [--no-sqlite] [--in-memory]

Seeds a temporary SQLite store (and with --postgres a fresh PostgreSQL database, dropped afterwards) with one person
and `--sessions` sessions (default 5,000 of 4 x 10 sets = 200,000 sets, issue 13's 203k) with a programme and
`--prescriptions` prescriptions a session (default 4, 20,000: what logging them in GluteRx writes), then runs each phase in its
own process and prints its wall time and peak resident memory (VmHWM of that process; ru_maxrss would carry the
seeding parent's over). `--in-memory` also runs the whole-document path (`export_all` + json.dumps, json.load +
`import_all`) for comparison. Prints figures only; it asserts nothing. The target (issue 13) is <= 15 s and <= 200 MB a phase.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from gluterx.adapters.db.engine import make_engine, migrate
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.data import load_library
from gluterx.domain.progression import Action, Prescription
from gluterx.domain.said import Reason
from gluterx.services import people, start
from gluterx.services.records import StoredPrescription

PG_ADMIN_URL = os.environ.get("GLUTERX_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
EXERCISES = ("hip_thrust", "glute_bridge", "back_squat", "clamshell", "romanian_deadlift", "step_up")

PHASE = """
import json, sys, time
from gluterx.adapters.db.engine import make_engine, migrate
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.data import load_library
from gluterx.services import backup
phase, url, path = sys.argv[1:4]
engine = make_engine(url)
library = load_library()
started, cpu = time.perf_counter(), time.process_time()
if phase == "export":
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(backup.export_chunks(SqlUnitOfWork(engine)))
elif phase == "restore":
    migrate(engine)
    with open(path, "rb") as f:
        counts = backup.restore_stream(SqlUnitOfWork(engine), f, library=library)
elif phase == "export-in-memory":
    data = backup.export_all(SqlUnitOfWork(engine))
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(data, indent=2, ensure_ascii=False) + "\\n")
else:
    migrate(engine)
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    counts = backup.import_all(SqlUnitOfWork(engine), data, library=library)
took, cpu = time.perf_counter() - started, time.process_time() - cpu
# VmHWM, not ru_maxrss: Linux carries the parent's high-water mark into ru_maxrss across fork and exec
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"seconds": took, "cpu": cpu, "peak_mb": peak_kb / 1024}))
"""


def seed(url: str, sessions: int, exercises: int, sets: int, prescriptions: int = 0) -> int:
    engine = make_engine(url)
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
    if prescriptions:
        _prescribe(engine, person_id, prescriptions)
    engine.dispose()
    return added


PROFILE = {
    "age": 38,
    "goals": ["pain_relief"],
    "pain": [{"region": "lower_back", "side": "both", "intensity": 4, "weeks": 20}],
    "sitting_hours_per_day": 9,
    "experience": "beginner",
    "equipment": ["mini_band", "dumbbells", "bench"],
    "sessions_per_week": 3,
    "minutes_per_session": 30,
}


def _prescribe(engine: Any, person_id: int, per_session: int) -> None:
    """A programme, and `per_session` prescriptions for each logged session (what logging in GluteRx writes)."""
    library = load_library()
    start.start(SqlUnitOfWork(engine), library, PROFILE, start_date=date(2026, 1, 5), person_id=person_id)
    with SqlUnitOfWork(engine) as uow:
        program = uow.programs.active(person_id)
        assert program is not None
        items = [i for s in uow.programs.planned_all(program.id) for i in s.items]
        sessions = uow.sessions.logged_ids(person_id)
        records = [
            StoredPrescription(
                program_id=program.id,
                planned_exercise_id=items[k].exercise_id,
                prescription=Prescription(
                    items[k].exercise_id, items[k].dose, Action.HOLD, Reason.as_written("kept"), ("gluterx_policy",)
                ),
                performed_session_id=session_id,
                logged_exercise_id=items[k].exercise_id,
            )
            for session_id in sessions
            for k in range(per_session)
        ]
        uow.prescriptions.add_many(records, person_id=person_id)
        uow.commit()


def phase(name: str, url: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", PHASE, name, url, str(path)], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database at PG_ADMIN_URL, dropped afterwards."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"gluterx_bench_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(label: str, source: str, fresh: Callable[[], AbstractContextManager[str]], tmp: Path, args: Any) -> None:
    """Seed `source`, then each export and restore (the restore into a `fresh()` empty store)."""
    file = tmp / f"backup-{label}.json"
    started = time.perf_counter()
    sets = seed(source, args.sessions, args.exercises, args.sets_per_exercise, args.prescriptions)
    print(
        f"{label}: seeded {args.sessions:,} sessions, {sets:,} sets, "
        f"{args.sessions * args.prescriptions:,} prescriptions in {time.perf_counter() - started:.1f} s"
    )
    phases = [("export", "restore")] + ([("export-in-memory", "restore-in-memory")] if args.in_memory else [])
    for export, restore in phases:
        exported = phase(export, source, file)
        print(f"  {export:<17} {exported['seconds']:6.1f} s ({exported['cpu']:.1f} s CPU), "
              f"peak {exported['peak_mb']:5.0f} MB, file {file.stat().st_size / 1e6:.1f} MB")  # fmt: skip
        with fresh() as target:
            restored = phase(restore, target, file)
        print(f"  {restore:<17} {restored['seconds']:6.1f} s ({restored['cpu']:.1f} s CPU), "
              f"peak {restored['peak_mb']:5.0f} MB")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=5000)
    parser.add_argument("--exercises", type=int, default=4)
    parser.add_argument("--sets-per-exercise", type=int, default=10)
    parser.add_argument("--prescriptions", type=int, default=4, help="per session, as logging them writes")
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL (PG_ADMIN_URL)")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--in-memory", action="store_true", help="also the whole-document path, for comparison")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (CPU seconds are this process's own)")
    with tempfile.TemporaryDirectory() as tmp:
        targets = itertools.count()

        @contextmanager
        def sqlite_file() -> Iterator[str]:
            yield f"sqlite:///{tmp}/target-{next(targets)}.db"

        if not args.no_sqlite:
            run("SQLite", f"sqlite:///{tmp}/source.db", sqlite_file, Path(tmp), args)
        if args.postgres:
            with postgres_database() as source:
                run("PostgreSQL", source, postgres_database, Path(tmp), args)


if __name__ == "__main__":
    main()
