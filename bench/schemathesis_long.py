"""The long fuzzing run: every operation of the JSON API, generated from its own OpenAPI document by schemathesis with
every check it has, thousands of cases, on SQLite and on PostgreSQL. The bounded CI run is
tests/security/test_schemathesis.py (25 cases an operation); this is the same test at length.

Run: uv run python bench/schemathesis_long.py [--examples N] [--databases sqlite,postgresql]

Each database gets a fresh store and one signed-up person with a programme and history (as the CI run), then
at most `--examples` cases per operation (default 600; hypothesis stops early on an operation with few distinct requests, so a database gets 6,000 or more). Prints, per database,
the cases run, the failures by operation (with schemathesis' own report of the first) and the time taken; it asserts
nothing, so a run always finishes. PostgreSQL is the local server (GLUTERX_TEST_PG_URL, as the tests); its database
is dropped afterwards.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the tests' helpers: the same person and the same excluded checks as the CI run

import schemathesis  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import positive_data_acceptance  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from tests.adapters.db.conftest import PG_ADMIN_URL  # noqa: E402
from tests.adapters.web.conftest import SECRET  # noqa: E402
from tests.security.conftest import enrol  # noqa: E402
from tests.security.test_schemathesis import CONTENT_BEYOND_SCHEMA  # noqa: E402

from gluterx.adapters.web.app import create_app  # noqa: E402
from gluterx.bootstrap import build  # noqa: E402
from gluterx.config import Settings  # noqa: E402


@contextmanager
def database(kind: str) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'fuzz.db'}"
        return
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"gluterx_fuzz_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _plain(check: Any) -> Any:
    """`check` as a function of the case alone (hypothesis' @given takes no function with default arguments)."""

    def test(case: Any) -> None:
        check(case)

    return test


def fuzz(url: str, examples: int) -> tuple[int, dict[str, int], dict[str, str]]:
    """(cases run, failing cases by operation, the first failure's report by operation)."""
    container = build(Settings(database_url=url, environment="test", secret_key=SECRET))
    app = create_app(container)
    cases = 0
    failures: Counter[str] = Counter()
    first: dict[str, str] = {}
    try:
        with TestClient(app) as client:
            member = enrol(client, "long.fuzz@example.com")
        schema = schemathesis.openapi.from_dict(app.openapi())
        for result in schema.get_all_operations():
            operation = result.ok()
            label = f"{operation.method.upper()} {operation.path}"
            excluded = [positive_data_acceptance] if label in CONTENT_BEYOND_SCHEMA else []

            def check(case: Any, label: str = label, excluded: list[Any] = excluded) -> None:
                nonlocal cases
                cases += 1
                try:
                    case.call_and_validate(app=app, headers=member.headers, excluded_checks=excluded)
                except Exception as exc:  # a failed check: count it, keep going
                    failures[label] += 1
                    first.setdefault(label, str(exc)[:2000])

            run = settings(
                max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None
            )(given(case=operation.as_strategy())(_plain(check)))
            started = time.perf_counter()
            run()
            print(f"  {label:<44} {time.perf_counter() - started:6.1f} s", flush=True)
    finally:
        container.engine.dispose()
    return cases, dict(failures), first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=600, help="cases per operation at most (default 600)")
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    for kind in args.databases.split(","):
        print(f"{kind}: {args.examples} cases per operation, every check", flush=True)
        started = time.perf_counter()
        with database(kind) as url:
            cases, failures, first = fuzz(url, args.examples)
        took = time.perf_counter() - started
        print(f"{kind}: {cases:,} cases, {sum(failures.values())} failing, in {took:.0f} s")
        for label, count in sorted(failures.items()):
            print(f"  FAIL {label}: {count} case(s); first:\n{first[label]}")


if __name__ == "__main__":
    main()
