"""Each person's revision: a number bumped in the same transaction as every write that changes what they are shown.

A server may keep a result computed for a person (their "today", adapters/web/api/_cache.py) for as long as their
revision has not moved; the request reads the revision with the bearer token in one indexed query, so a write
through any server (or the CLI) is seen through every other at once.

No use case bumps it itself, so none can forget to. The unit of work's ORM session records what each write touches
(`after_flush` for added, changed and deleted objects; `do_orm_execute` for INSERT, UPDATE and DELETE statements,
batched ones too) and `bump` turns that into one UPDATE of `people.revision` just before the commit:

- a row with a `person_id` (sessions, check-ins, programmes, profiles, outcomes, and any table added later that has
  one) bumps that person; a row of `people` bumps itself;
- a row with a `program_id` (planned sessions, prescriptions) bumps the programme's person, a row with an
  `account_id` the account's person;
- a write to a table that says nothing a person is shown (sign-in bookkeeping: tokens, browser sessions, sign-in
  attempts, notices) bumps no one: who is signed in is read from the database on every request anyway;
- any other write (a row found by its id alone, such as an UPDATE of `sets` by id) bumps EVERY person: always
  correct, only less economical. A new table that should be cheaper gives its rows a `person_id` (or `program_id`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Column, bindparam, event, or_, select, update
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BinaryExpression, BindParameter, BooleanClauseList

from gluterx.adapters.db.models import Base, Person

__all__ = ["BOOKKEEPING", "QUIET_TABLES", "bump", "track"]

# Writes to these change nothing a person is shown through a cached result.
QUIET_TABLES = frozenset({"api_tokens", "web_sessions", "login_attempts", "account_notices"})

_KEY = "gluterx_revision"
_BUMPING = "gluterx_revision_bump"  # the execution option of the bump itself, which must not count as a write
_QUIET = "gluterx_revision_quiet"
# The execution options of a write to a table a person is shown from that changes nothing they are shown (when an
# account last signed in; a password re-hashed with new parameters): it bumps no one. Without it, such a write by
# the row's own id would bump everyone, and concurrent sign-ins would all UPDATE every person (issue 13).
BOOKKEEPING = {_QUIET: True}


def _route(table: str) -> tuple[str, str] | None:
    """How a row of `table` names its person: (its column, the table that column points to), or None."""
    found = _ROUTES.get(table, False)
    if found is not False:
        return found  # type: ignore[return-value]
    columns = Base.metadata.tables.get(table)
    route: tuple[str, str] | None = None
    if table == "people":
        route = ("id", "people")
    elif columns is not None:
        for name, target in (("person_id", "people"), ("program_id", "programs"), ("account_id", "accounts")):
            if name in columns.c:
                route = (name, target)
                break
        else:  # a child row: through its first foreign key to the row it belongs to (an exercise's session, ...)
            for column in columns.c:
                for key in column.foreign_keys:
                    route = (column.name, key.column.table.name)
                    break
                if route is not None:
                    break
    _ROUTES[table] = route
    return route


_ROUTES: dict[str, tuple[str, str] | None] = {}


class _Touched:
    __slots__ = ("everyone", "rows")

    def __init__(self) -> None:
        self.rows: dict[str, set[int]] = {}  # table -> ids of its rows whose person is touched
        self.everyone = False

    def any(self) -> bool:
        return self.everyone or bool(self.rows)

    def note(self, table: str, values: Mapping[str, Any]) -> None:
        """One written row (or statement) of `table`, by the values it names."""
        if table in QUIET_TABLES:
            return
        route = _route(table)
        found = _first(values, route[0]) if route is not None else None
        if route is None or found is None:
            self.everyone = True
            return
        self.rows.setdefault(route[1], set()).add(found)


def _first(values: Mapping[str, Any], key: str) -> int | None:
    """The value bound to column `key` in a written row."""
    found = values.get(key)
    return found if isinstance(found, int) and not isinstance(found, bool) else None


def _touched(session: Session) -> _Touched:
    found: _Touched | None = session.info.get(_KEY)
    if found is None:
        found = session.info[_KEY] = _Touched()
    return found


def _after_flush(session: Session, _context: Any) -> None:
    touched = _touched(session)
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table is None:
            touched.everyone = True
            continue
        route = _route(table)
        touched.note(table, {route[0]: getattr(obj, route[0], None)} if route is not None else {})


def _on_execute(state: ORMExecuteState) -> None:
    if (
        not (state.is_insert or state.is_update or state.is_delete)
        or state.execution_options.get(_BUMPING)
        or (state.execution_options.get(_QUIET))
    ):
        return
    statement: Any = state.statement
    table = getattr(getattr(statement, "table", None), "name", None)
    if table is None:
        _touched(state.session).everyone = True
        return
    if table in QUIET_TABLES:
        return
    touched = _touched(state.session)
    route = _route(table)
    if route is None:
        touched.everyone = True
        return
    if not state.is_insert:  # an UPDATE or DELETE: whose rows only a plain `column = value` in its WHERE says
        found = _where_equals(statement.whereclause, table, route[0])
        touched.note(table, {route[0]: found} if found is not None else {})
        return
    params = state.parameters
    rows: Iterable[Mapping[str, Any]] = (
        params if isinstance(params, list) else [params] if isinstance(params, Mapping) else [{}]
    )
    values: Mapping[str, Any] | None = None
    for row in rows:
        if route[0] not in row:
            if values is None:  # the values are in the statement itself: insert(...).values(...)
                values = {k: v for k, v in statement.compile().params.items() if k == route[0]}
            row = {**values, **row}
        touched.note(table, row)


def _where_equals(clause: Any, table: str, column: str) -> int | None:
    """The value of `table.column = :value` in a WHERE clause that is that comparison, or an AND that has it (the
    table by name: a statement's table is an annotated copy of the column's)."""
    if clause is None:
        return None
    if isinstance(clause, BooleanClauseList) and clause.operator is operators.and_:
        for part in clause.clauses:
            found = _where_equals(part, table, column)
            if found is not None:
                return found
        return None
    if (
        isinstance(clause, BinaryExpression)
        and clause.operator is operators.eq
        and isinstance(clause.left, Column)
        and getattr(clause.left.table, "name", None) == table
        and clause.left.name == column
        and isinstance(clause.right, BindParameter)
        and isinstance(clause.right.value, int)
        and not isinstance(clause.right.value, bool)
    ):
        return clause.right.value
    return None


def track(maker: sessionmaker[Session]) -> None:
    """Record every write of the sessions `maker` makes (once, at import of the unit of work)."""
    event.listen(maker, "after_flush", _after_flush)
    event.listen(maker, "do_orm_execute", _on_execute)


def bump(session: Session) -> None:
    """Before the commit: one UPDATE bumping the revision of everyone this transaction's writes touched."""
    session.flush()
    touched: _Touched | None = session.info.pop(_KEY, None)
    if touched is None or not touched.any():
        return
    # On the transaction's connection, past the ORM: an ORM UPDATE would also look for loaded Person objects to
    # change in memory (its "synchronize session" step), which cost more CPU than the UPDATE; nothing reads a
    # revision from an ORM object (it is read by the signed-in lookup, a plain query)
    connection = session.connection()
    if touched.everyone:
        connection.execute(_BUMP_ALL)
        return
    statement = _bump_statement(frozenset(touched.rows))
    if statement is None:
        connection.execute(_BUMP_ALL)
        return
    connection.execute(statement, {f"ids_{table}": sorted(ids) for table, ids in touched.rows.items()})


_BUMP_ALL = update(Person).values(revision=Person.revision + 1).execution_options(**{_BUMPING: True})
_BUMPS: dict[frozenset[str], Any] = {}


def _bump_statement(tables: frozenset[str]) -> Any:
    """One UPDATE for rows of these tables: `people.id IN (:ids_people) OR people.id IN (SELECT person_id FROM
    performed_sessions WHERE id IN (SELECT session_id FROM performed_exercises WHERE id IN (:ids_...)))`, up each
    table's foreign keys; built once per set of tables. None when a table has no way to its person."""
    if tables in _BUMPS:
        return _BUMPS[tables]
    conditions = []
    for table in sorted(tables):
        ids: Any = bindparam(f"ids_{table}", expanding=True)
        current = table
        for _ in range(8):
            if current == "people":
                break
            route = _route(current)
            if route is None:
                _BUMPS[tables] = None
                return None
            found = Base.metadata.tables[current]
            ids = select(found.c[route[0]]).where(found.c.id.in_(ids))
            current = route[1]
        else:
            _BUMPS[tables] = None
            return None
        conditions.append(Person.id.in_(ids))
    statement = _BUMP_ALL.where(or_(*conditions))
    _BUMPS[tables] = statement
    return statement


def forget(session: Session) -> None:
    """A rolled-back transaction wrote nothing."""
    session.info.pop(_KEY, None)
