"""Time to read and analyse a big logged history from SQLite: `load_progress` and the progress page's reads.

Run: uv run python bench/progress_load.py [--rounds N] [--files NAME ...] [--db PATH]
Prints figures only; it asserts nothing. The store is a temporary SQLite file (or --db, seeded when it is new): the
demo person's account, programme and check-ins, then real Strong exports from ../shared/data/imports imported for
that person through the importer, as a person with years of history would have. The digests at the end change only
when what the services return changes, so runs before and after a change can be compared.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from _timing import median_and_best

from gluterx.adapters.db.engine import make_engine, migrate
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.adapters.interop.csv_import import parse_export
from gluterx.data import load_library
from gluterx.services import importing
from gluterx.services.demo import seed_demo
from gluterx.services.progress import jsonable, load_progress, progress_report

IMPORTS = (Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "imports").resolve()
FILES = ["strong_classic_andrew50.csv", "strong_workoutnum_cmccorkle21.csv"]
TODAY = date(2026, 2, 9)


def seed(engine: Any, files: list[str]) -> int:
    """The demo person with the files imported into their history; returns their id."""
    library = load_library()
    seed_demo(lambda: SqlUnitOfWork(engine), library, today=TODAY)
    person_id = _person_id(engine)
    for name in files:
        parsed = parse_export((IMPORTS / name).read_bytes())
        importing.import_history(SqlUnitOfWork(engine), library, parsed, person_id=person_id, file_name=name)
    return person_id


def _person_id(engine: Any) -> int:
    with SqlUnitOfWork(engine) as uow:
        person = uow.people.local()
        assert person is not None
        return int(person.id)


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:16]


def history_db(path: Path, files: list[str]) -> tuple[Any, int, str]:
    """(engine, person id, "N sets in M sessions (seeded in S s)") for an SQLite file, seeded when it is new."""
    new = not path.exists()
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    started = time.perf_counter()
    if new:
        seed(engine, files)
    person_id = _person_id(engine)
    with SqlUnitOfWork(engine) as uow:
        sets = uow.sessions.count_sets(person_id)
        sessions = len(uow.sessions.for_person(person_id))
    seeded = f"seeded in {time.perf_counter() - started:.1f} s" if new else f"reused {path}"
    return engine, person_id, f"{sets:,} sets in {sessions:,} sessions ({seeded})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--files", nargs="+", default=FILES)
    parser.add_argument("--db", type=Path, help="an SQLite file to use (seeded when new, kept afterwards)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine, person_id, history = history_db(args.db or Path(tmp) / "progress.db", args.files)
        library = load_library()
        print(f"progress load ({platform.python_version()}, {platform.machine()}), SQLite, {args.rounds} rounds")
        print(f"  history: {history}")

        def load() -> dict[str, Any]:
            return jsonable(load_progress(SqlUnitOfWork(engine), library, today=TODAY, person_id=person_id).analysis)

        def page() -> dict[str, Any]:
            return jsonable(progress_report(SqlUnitOfWork(engine), library, today=TODAY, person_id=person_id))

        load()  # warm the library's caches and the page cache once, as a running service would
        for name, fn in (("load_progress", load), ("progress_report (GET /progress's read)", page)):
            median, best = median_and_best(fn, args.rounds)
            print(f"  {name:40} median {median:7.1f} ms   best {best:7.1f} ms")
        print(f"  digests: load_progress {_digest(load())}, progress_report {_digest(page())}")
        engine.dispose()


if __name__ == "__main__":
    main()
