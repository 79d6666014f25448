"""A repository's Core statement compiled once per dialect and run straight on the unit of work's DBAPI connection
(issue 13: the CPU of logging a session).

SQLAlchemy's execution machinery around one statement (the ORM session's `execute`, the compiled cache's key, the
execution context, the result's rows) cost ~0.05-0.08 ms of CPU on this machine; SQLite itself answers the indexed
reads of a log in ~0.003 ms (bench/README.md, "POST CPU"). A log runs over a dozen of them. `Prepared` keeps what
does not change between runs: the statement's SQL for the dialect, the order of its parameters, the constant ones
(a LIMIT 1), and the columns' own bind and result processors (so a row is what `session.execute` returns: dates,
JSON and booleans alike, on SQLite and PostgreSQL). It runs in the session's own transaction (`session.connection()`:
on SQLite the writers' lock and BEGIN IMMEDIATE, or a shared commit's SAVEPOINT, begin as for any statement).

What it gives up, and who makes up for it:
- The ORM session's write tracking (adapters/db/revision.py) sees no write run here: every write names the person
  whose rows it writes (`person_id`, required), who is bumped at the commit as any write's person is.
- Columns' Python defaults: an INSERT (`inserting`) names its columns, and a row without one of them takes its
  column's default as SQLAlchemy's execution would (a `created_at` of now), or is refused (KeyError).
- Expanding `IN (...)` parameters are refused: a statement per count of values instead (`by_count`).
- A connection someone watches (`before_cursor_execute`/`after_cursor_execute` listeners, `echo`: the tests that
  count statements, a tracer) runs the statement the ordinary way, `connection.execute`, so they see it.
- A driver error is raised as SQLAlchemy raises it (`DBAPIError.instance`: IntegrityError, OperationalError, ...), and
  a lost connection is invalidated, as SQLAlchemy does.
"""

from __future__ import annotations

import threading
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Column, Table, bindparam, exc, insert
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement

from gluterx.adapters.db.revision import wrote

__all__ = ["Prepared", "inserting"]

_Processor = Callable[[Any], Any] | None


class _Compiled:
    """The statement for one dialect: its SQL, its parameters' names in order and processors, its constant values."""

    __slots__ = ("defaults", "dialect", "fixed", "names", "positional", "processors", "results", "sql")

    def __init__(self, statement: ClauseElement, dialect: Dialect, defaults: Mapping[str, Callable[[], Any]]) -> None:
        compiled: Any = statement.compile(dialect=dialect)  # an SQLCompiler (positiontup, bind_names, ...)
        if compiled.literal_execute_params or compiled.post_compile_params:
            raise ValueError("a prepared statement takes no expanding IN (...) parameter: one statement per count")
        self.dialect = dialect
        self.sql = compiled.string
        self.positional = bool(compiled.positional)
        names = (
            list(compiled.positiontup or ()) if self.positional else list(dict.fromkeys(compiled.bind_names.values()))
        )
        self.names = names
        binds = {name: bind for bind, name in compiled.bind_names.items()}
        self.fixed = {name: bind.value for name, bind in binds.items() if not bind.required}
        self.defaults = defaults
        processors = {name: bind.type.dialect_impl(dialect).bind_processor(dialect) for name, bind in binds.items()}
        self.processors: list[_Processor] = [processors.get(name) for name in names]
        self.results: list[_Processor] | None = None  # from the first answer's description (the driver's types)

    def parameters(self, params: Mapping[str, Any]) -> Any:
        """The driver's parameters: a list in the SQL's order, or a dict by name (the dialect's paramstyle)."""
        values = []
        for name, process in zip(self.names, self.processors, strict=True):
            if name in params:
                value = params[name]
            else:
                value = self.fixed[name] if name in self.fixed else self.defaults[name]()
            values.append(process(value) if process is not None and value is not None else value)
        return values if self.positional else dict(zip(self.names, values, strict=True))

    def result_processors(self, statement: Any, description: Sequence[Any]) -> list[_Processor]:
        if self.results is None:
            self.results = [
                column.type.dialect_impl(self.dialect).result_processor(self.dialect, described[1])
                for column, described in zip(statement.selected_columns, description, strict=True)
            ]
        return self.results


class Prepared:
    """`statement` (a Core SELECT, INSERT or UPDATE on tables), run on a session's connection without SQLAlchemy's
    per-execution machinery. `rows`/`first`/`scalar` for a SELECT, `returned` and `run_many` for writes."""

    def __init__(self, statement: Any, *, defaults: Mapping[str, Callable[[], Any]] | None = None) -> None:
        self.statement = statement
        self._defaults = dict(defaults or {})
        returns = getattr(statement, "selected_columns", None)
        if returns is None and getattr(statement, "_returning", None):
            returns = statement._returning
        self._row: Any = None
        if returns is not None and len(returns):
            self._row = namedtuple("Row", [column.key for column in returns], rename=True)  # type: ignore[misc]
        self._compiled: dict[type[Dialect], _Compiled] = {}
        self._guard = threading.Lock()

    def _for(self, connection: Connection) -> _Compiled:
        dialect = connection.dialect
        found = self._compiled.get(type(dialect))
        if found is None:
            with self._guard:
                found = self._compiled.setdefault(type(dialect), _Compiled(self.statement, dialect, self._defaults))
        return found

    def rows(self, session: Session, params: Mapping[str, Any]) -> list[Any]:
        """Every row, as named tuples with the statement's column keys, values through the columns' types."""
        connection = session.connection()
        if _watched(connection):
            return [self._row._make(row) for row in connection.execute(self.statement, self._complete(params))]
        compiled = self._for(connection)
        cursor = self._execute(connection, compiled, params)
        try:
            found = cursor.fetchall()
            processors = compiled.result_processors(self._selected(), cursor.description)
        finally:
            cursor.close()
        make = self._row._make
        if not any(processors):
            return [make(row) for row in found]
        return [make(_processed(processors, row)) for row in found]

    def first(self, session: Session, params: Mapping[str, Any]) -> Any:
        found = self.rows(session, params)
        return found[0] if found else None

    def scalar(self, session: Session, params: Mapping[str, Any]) -> Any:
        found = self.first(session, params)
        return found[0] if found is not None else None

    def returned(self, session: Session, params: Mapping[str, Any], *, person_id: int) -> Any:
        """A write of the person's rows with a RETURNING: the first row it returned."""
        wrote(session, person_id)
        return self.first(session, params)

    def run_many(self, session: Session, rows: Sequence[Mapping[str, Any]], *, person_id: int) -> None:
        """A write of the person's rows, one for each of `rows` (executemany)."""
        if not rows:
            return
        wrote(session, person_id)
        connection = session.connection()
        if _watched(connection):
            connection.execute(self.statement, [self._complete(row) for row in rows])
            return
        compiled = self._for(connection)
        values = [compiled.parameters(row) for row in rows]
        cursor = connection.connection.cursor()
        try:
            cursor.executemany(compiled.sql, values)
        except compiled.dialect.loaded_dbapi.Error as error:
            raise _raised(connection, compiled, values, error, cursor) from error
        finally:
            cursor.close()

    def _complete(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """`params` with the columns' defaults for the values they lack (SQLAlchemy's execution of the statement, whose
        binds are all required, would not add them)."""
        missing = {name: make() for name, make in self._defaults.items() if name not in params}
        return {**missing, **params}

    def _selected(self) -> Any:
        statement = self.statement
        if getattr(statement, "selected_columns", None) is None:  # an INSERT ... RETURNING
            return _Returning(statement._returning)
        return statement

    @staticmethod
    def _execute(connection: Connection, compiled: _Compiled, params: Mapping[str, Any]) -> Any:
        values = compiled.parameters(params)
        cursor = connection.connection.cursor()
        try:
            cursor.execute(compiled.sql, values)
        except compiled.dialect.loaded_dbapi.Error as error:
            raised = _raised(connection, compiled, values, error, cursor)
            cursor.close()
            raise raised from error
        return cursor


def _watched(connection: Connection) -> bool:
    """Whether something observes this connection's statements (event listeners on cursor executions, echo)."""
    dispatch = connection.dispatch
    return bool(dispatch.before_cursor_execute or dispatch.after_cursor_execute or connection._echo)


def _processed(processors: list[_Processor], row: Sequence[Any]) -> list[Any]:
    """A row's values through the columns' result processors (None stays None, as SQLAlchemy's processors keep it)."""
    pairs = zip(processors, row, strict=True)
    return [value if process is None or value is None else process(value) for process, value in pairs]


class _Returning:
    __slots__ = ("selected_columns",)

    def __init__(self, columns: Any) -> None:
        self.selected_columns = columns


def _raised(connection: Connection, compiled: _Compiled, values: Any, error: Any, cursor: Any) -> Exception:
    """The driver's error as SQLAlchemy raises it; a lost connection invalidated first, as SQLAlchemy does."""
    dialect = compiled.dialect
    lost = dialect.is_disconnect(error, connection.connection.dbapi_connection, cursor)
    if lost:
        connection.invalidate(error)
    raised: Exception = exc.DBAPIError.instance(
        compiled.sql, values, error, dialect.loaded_dbapi.Error, connection_invalidated=lost, dialect=dialect
    )
    return raised


def inserting(table: Table, columns: Sequence[str], *, returning: Sequence[Column[Any]] = ()) -> Prepared:
    """`INSERT INTO table (columns) VALUES (...)`, each value bound by its column's name (and type); a row without one
    of them takes the column's Python default (SQLAlchemy's execution would), or is refused."""
    statement: Any = insert(table).values({name: bindparam(name, type_=table.c[name].type) for name in columns})
    if returning:
        statement = statement.returning(*returning)
    defaults = {name: _default(table.c[name]) for name in columns if table.c[name].default is not None}
    return Prepared(statement, defaults=defaults)


def _default(column: Column[Any]) -> Callable[[], Any]:
    found: Any = column.default
    if found.is_scalar:
        value = found.arg
        return lambda: value
    if found.is_callable:
        make = found.arg  # SQLAlchemy's wrapper, which takes the execution context (none is used by ours)
        return lambda: make(None)
    raise ValueError(f"{column.table.name}.{column.name}: a default a prepared INSERT cannot compute; give a value")
