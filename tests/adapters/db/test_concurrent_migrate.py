"""Several servers starting at once on one PostgreSQL database migrate it once, without tripping over each other."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from tests.adapters.db.conftest import _postgres_database

MIGRATE = "import sys; from gluterx.adapters.db.engine import make_engine, migrate; migrate(make_engine(sys.argv[1]))"


@pytest.mark.postgres
def test_four_processes_migrate_one_new_database_at_once() -> None:
    for url in _postgres_database():
        procs = [
            subprocess.Popen([sys.executable, "-c", MIGRATE, url], stderr=subprocess.PIPE, text=True) for _ in range(4)
        ]
        errors = [(p.wait(timeout=180), p.stderr.read() if p.stderr else "") for p in procs]
        assert all(code == 0 for code, _ in errors), [err[-2000:] for code, err in errors if code != 0]
        engine = create_engine(url)
        with engine.connect() as conn:
            versions = conn.execute(text("SELECT count(*) FROM alembic_version")).scalar()
        engine.dispose()
        assert versions == 1
