"""The one wiring point: settings -> engine (migrated) -> unit of work -> services' dependencies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine

from gluterx.adapters.db.engine import make_engine, migrate
from gluterx.adapters.db.uow import SqlUnitOfWork
from gluterx.config import Settings, get_settings
from gluterx.data import load_figures, load_library
from gluterx.domain.exercise import Library
from gluterx.domain.figures.spec import FigureSpec


@dataclass
class Container:
    settings: Settings
    engine: Engine

    @cached_property
    def library(self) -> Library:
        return load_library()

    @cached_property
    def figures(self) -> Mapping[str, FigureSpec]:
        """Every exercise's demonstration figure (data/figures.yaml)."""
        return load_figures()

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)


def build(settings: Settings | None = None, *, run_migrations: bool = True) -> Container:
    """Connect to the configured database and bring it to the newest schema (first start creates it)."""
    settings = settings or get_settings()
    engine = make_engine(settings.database_url)
    if run_migrations:
        migrate(engine)
    return Container(settings, engine)
