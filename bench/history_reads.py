"""Time the reads that return a person's whole logged history: the sets CSV, the sessions API, `gluterx history`
and the backup export.

Run: uv run python bench/history_reads.py [--rounds N] [--files NAME ...] [--db PATH]
Prints figures only; it asserts nothing. The store is seeded as bench/progress_load.py seeds it (the demo person
with real Strong exports from ../shared/data/imports imported). The digests at the end change only when what the
use cases return changes, so runs before and after a change can be compared.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
from pathlib import Path
from typing import Any

from _timing import median_and_best
from progress_load import FILES, _digest, history_db

from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.data import load_library
from gluterx.services import backup, exports, history


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--files", nargs="+", default=FILES)
    parser.add_argument("--db", type=Path, help="an SQLite file to use (seeded when new, kept afterwards)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine, person_id, seeded = history_db(args.db or Path(tmp) / "history.db", args.files)
        library = load_library()
        print(f"history reads ({platform.python_version()}, {platform.machine()}), SQLite, {args.rounds} rounds")
        print(f"  history: {seeded}")
        cases: dict[str, Any] = {
            "exports.all_sets": lambda: exports.all_sets(SqlUnitOfWork(engine), person_id=person_id, library=library),
            "history.sessions": lambda: history.sessions(SqlUnitOfWork(engine), person_id=person_id),
            "history.history": lambda: history.history(SqlUnitOfWork(engine), person_id=person_id),
            "backup.export_all": lambda: backup.export_all(SqlUnitOfWork(engine)),
        }
        next(iter(cases.values()))()  # warm the library's caches and the page cache once
        digests = {}
        for name, fn in cases.items():
            median, best = median_and_best(fn, args.rounds)
            digests[name] = _digest(fn())
            print(f"  {name:18} median {median:7.1f} ms   best {best:7.1f} ms")
        print("  digests: " + ", ".join(f"{name} {digest}" for name, digest in digests.items()))
        engine.dispose()


if __name__ == "__main__":
    main()
