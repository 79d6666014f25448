"""One SELECT answered on the calling thread, straight on an SQLite connection of that thread's own (issue 13).

A kept `GET /api/v1/today` (adapters/web/fast.py) needs one indexed read: the signed-in lookup. Through a pooled
connection in the thread pool it cost most of the request's CPU: the hop to a thread and back (and the threads'
fight over the GIL, a tail of many milliseconds at 100 connections), the pool's checkout and checkin, BEGIN and
ROLLBACK, and SQLAlchemy's execution machinery around a query SQLite answers in a few microseconds.

`InlineQuery` compiles the statement once for the engine's dialect (the same statement object the repository runs:
the query is written once) and runs it on a DBAPI connection each thread opens for itself, read-only
(`PRAGMA query_only`), in autocommit: the one SELECT reads one snapshot of the newest committed state, so a write
through any process is seen at once. Values go through the columns' own types (bind and result processors), so
the row is what the repository's query returns.

Only for an SQLite file: a read in WAL mode waits for no writer, so running it on the event loop's thread blocks
the loop for microseconds, not for a lock. It never waits for one: `busy_timeout` is 0, and any error of the
driver (a busy or locked database, a file gone) raises `Unanswered` and drops the connection; the caller then
takes its ordinary path (the thread pool, the route), which waits, retries and reports as before.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Engine, Select

__all__ = ["InlineQuery", "Unanswered", "inline_supported"]


class Unanswered(Exception):
    """The inline read could not be made (the driver raised); take the ordinary path."""


def inline_supported(engine: Engine) -> bool:
    """True for an SQLite file (not in memory), where a read on the calling thread waits for no one."""
    url = engine.url
    return url.get_backend_name() == "sqlite" and bool(url.database) and url.database != ":memory:"


class InlineQuery:
    """`statement` compiled once for `engine`, run on the calling thread's own read-only SQLite connection."""

    def __init__(self, engine: Engine, statement: Select[Any]) -> None:
        if not inline_supported(engine):
            raise ValueError(f"an inline query needs an SQLite file, not {engine.url.get_backend_name()}")
        dialect = engine.dialect
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        self._names: list[str] = list(compiled.positiontup or ())
        self._fixed = {name: bind.value for name, bind in compiled.binds.items() if not bind.required}
        processors = {
            name: bind.type.dialect_impl(dialect).bind_processor(dialect) for name, bind in compiled.binds.items()
        }
        self._binds: list[Callable[[Any], Any] | None] = [processors.get(name) for name in self._names]
        self._results: list[Callable[[Any], Any] | None] = [
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in statement.selected_columns
        ]
        self._local = threading.local()
        # the engine's connect arguments, minus what only a pooled connection shared across threads needs
        args, kwargs = dialect.create_connect_args(engine.url)
        (self._file,) = args  # the file, as the engine opens it (a `file:` URI included)
        self._connect_kwargs = {k: v for k, v in kwargs.items() if k not in ("check_same_thread", "timeout")}

    def first(self, params: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The first row for `params` (the statement's required bound values), processed by the columns' types."""
        values = []
        for name, process in zip(self._names, self._binds, strict=True):
            value = params[name] if name in params else self._fixed[name]
            values.append(process(value) if process is not None and value is not None else value)
        try:
            row = self._connection().execute(self.sql, values).fetchone()
        except sqlite3.Error as exc:
            self.close()
            raise Unanswered(str(exc)) from exc
        if row is None:
            return None
        return tuple(
            process(value) if process is not None else value for process, value in zip(self._results, row, strict=True)
        )

    def close(self) -> None:
        """Close the calling thread's connection (the next query opens a new one)."""
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            connection.close()

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self._file, timeout=0, isolation_level=None, **self._connect_kwargs)
            connection.execute("PRAGMA busy_timeout=0")  # never wait on the caller's thread: Unanswered instead
            connection.execute("PRAGMA query_only=ON")
            self._local.connection = connection
        return connection
