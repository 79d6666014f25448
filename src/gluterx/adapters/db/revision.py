"""Each person's revision: a number bumped in the same transaction as every write that changes what they are shown.

A server may keep a result computed for a person (their "today", adapters/web/results.py) for as long as what they
were shown cannot have changed: while their `people.revision` and the store's one revision epoch (a one-row table)
both stay. `SEEN_REVISION`, their sum, is read with the bearer token in the signed-in lookup's one indexed query, so a
write through any server (or the CLI) is seen through every other at once. Both numbers only grow, so the sum moves
(up) whenever either does, and a kept result is never replaced by one computed at an older sum.

No use case bumps either itself, so none can forget to. The unit of work's ORM session records what each write
touches (`after_flush` for added, changed and deleted objects; `do_orm_execute` for INSERT, UPDATE and DELETE
statements, batched ones too, their WHERE read with its bound values) and `bump` turns that into one UPDATE just
before the commit:

- a row with a `person_id` (sessions, check-ins, programmes, profiles, outcomes, and any table added later that has
  one) bumps that person; a row of `people` bumps itself;
- a row with a `program_id` (planned sessions, prescriptions) bumps the programme's person, a row with an
  `account_id` the account's person, any other row with a foreign key the person its parent row leads to;
- an UPDATE or DELETE names its rows' people by its WHERE: `person_id = :p` (or the table's other way to its
  person, `session_id = :s`), `... IN (:values)`, or `... IN (SELECT id FROM the parent WHERE ...)` (a SELECT of the
  parent's own way to its person too), the parent's rows named the same way; alone or in an AND;
- an UPDATE whose WHERE names the row by its id (`UPDATE sets ... WHERE id = :id`, or `id IN (:ids)`) bumps the
  person that row leads to, up its foreign keys, unless it moves the row to another parent (then the old one could
  not be named); an object moved to another parent by the ORM bumps the person of the parent it left as well;
- a write run past the ORM session (repositories/prepared.py) names its person (`wrote`) and bumps them;
- a write to a table that says nothing a person is shown (sign-in bookkeeping: tokens, browser sessions, sign-in
  attempts, notices) bumps no one: who is signed in is read from the database on every request anyway;
- any other write (a DELETE by a row's id: the row is gone when the bump would look for its person; a WHERE that is
  no plain `column = value`; a table with no way to a person) bumps the EPOCH, which moves what everyone is shown:
  always correct, only less economical. One row, so concurrent such writes queue on it and never deadlock, where
  an UPDATE of every person's row did (each transaction locking them in its own order, issue 13). The epoch is
  bumped as the transaction's last statement, so a transaction holding it never waits for another lock. Only bulk
  and rare writes should come here (a restore, an account deleted, a practice's own rows): every person's kept
  results on every server are computed again after one.

Several people bumped at once on PostgreSQL: their rows are locked first in the order of their ids, so two such
transactions never hold each other's (tests/faults/test_concurrency.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Column, Select, Table, bindparam, event, func, or_, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BinaryExpression, BindParameter, BooleanClauseList
from sqlalchemy.sql.selectable import ScalarSelect

from gluterx.adapters.db.models import Base, Person, RevisionEpochRow

__all__ = ["BOOKKEEPING", "QUIET_TABLES", "SEEN_REVISION", "bump", "track", "wrote"]

# Writes to these change nothing a person is shown through a cached result.
QUIET_TABLES = frozenset({"api_tokens", "web_sessions", "login_attempts", "account_notices"})

_KEY = "gluterx_revision"
_BUMPING = "gluterx_revision_bump"  # the execution option of the bump itself, which must not count as a write
_QUIET = "gluterx_revision_quiet"
# The execution options of a write to a table a person is shown from that changes nothing they are shown (when an
# account last signed in; a password re-hashed with new parameters): it bumps no one. Without it, such a write would
# still bump its person, and every sign-in would invalidate what that person was shown.
BOOKKEEPING = {_QUIET: True}


# What a kept result of a person's is valid for (a column of a query that has `people` in its FROM): their revision
# plus the epoch, read in the same query (a scalar subquery of the one-row table, by its primary key). A store whose
# epoch row was deleted by hand reads 0 until the next epoch bump writes the row again.
SEEN_REVISION = (
    Person.revision
    + func.coalesce(select(RevisionEpochRow.number).where(RevisionEpochRow.id == 1).scalar_subquery(), 0)
).label("revision")


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
        self.everyone = False  # a write that named no person: the epoch moves

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
    return found if _an_id(found) else None


def _an_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _touched(session: Session) -> _Touched:
    found: _Touched | None = session.info.get(_KEY)
    if found is None:
        found = session.info[_KEY] = _Touched()
    return found


def _after_flush(session: Session, _context: Any) -> None:
    touched = _touched(session)
    dirty = session.dirty  # built afresh on every read
    for obj in (*session.new, *dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table is None:
            touched.everyone = True
            continue
        route = _route(table)
        touched.note(table, {route[0]: getattr(obj, route[0], None)} if route is not None else {})
        if route is not None and obj in dirty:  # moved to another parent: the one it left is touched too
            for before in sa_inspect(obj).attrs[route[0]].history.deleted:
                touched.note(table, {route[0]: before})


def _on_execute(state: ORMExecuteState) -> None:
    if (
        not (state.is_insert or state.is_update or state.is_delete)
        or state.execution_options.get(_BUMPING)
        or state.execution_options.get(_QUIET)
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
    params = state.parameters
    rows: Sequence[Mapping[str, Any]] = (
        params if isinstance(params, list) else [params] if isinstance(params, Mapping) else [{}]
    )
    if not state.is_insert:
        _note_where(touched, statement, table, route[0], rows, updating=state.is_update)
        return
    values: Mapping[str, Any] | None = None
    for row in rows:
        if route[0] not in row:
            if values is None:  # the values are in the statement itself: insert(...).values(...)
                values = {k: v for k, v in statement.compile().params.items() if k == route[0]}
            row = {**values, **row}
        touched.note(table, row)


def _note_where(
    touched: _Touched, statement: Any, table: str, column: str, rows: Sequence[Mapping[str, Any]], *, updating: bool
) -> None:
    """An UPDATE or DELETE: whose rows its WHERE names (`_named`). An UPDATE that writes `column` (its way to its
    person) moves the row away from the person it named: no one can be named, the epoch moves."""
    moved = updating and _writes(statement, rows, column)
    found = None if moved else _named(statement.whereclause, table, rows, by_id=updating)
    if found is None:
        touched.everyone = True
    elif found[1]:  # (an IN of no values matches no row: nothing is written)
        touched.rows.setdefault(found[0], set()).update(found[1])


def _writes(statement: Any, rows: Sequence[Mapping[str, Any]], column: str) -> bool:
    """Whether an UPDATE sets `column`: in its values, or by a parameter of that name (which SQLAlchemy adds to SET)."""
    named = [
        *(getattr(statement, "_values", None) or {}),
        *(k for k, _ in getattr(statement, "_ordered_values", ()) or ()),
    ]
    return any(getattr(key, "key", key) == column for key in named) or any(column in row for row in rows)


def _named(clause: Any, table: str, rows: Sequence[Mapping[str, Any]], *, by_id: bool) -> tuple[str, list[int]] | None:
    """The rows a WHERE of `table` confines its rows to, as (a table, ids of its rows whose person is the one
    touched), one per batched row of parameters; None when it names none. Read from a plain comparison of `table`'s
    way to its person (`person_id = :p`, `session_id IN (:ids)`, or `performed_exercise_id IN (SELECT id FROM
    performed_exercises WHERE session_id = :s)`, the parent's rows named the same way), alone or in an AND; with
    `by_id`, also by the row's own id (an UPDATE's row is still there when the bump looks for its person; a DELETE's
    is not)."""
    route = _route(table)
    found = None if route is None else _where_rows(clause, table, route[0], route[1], rows)
    columns = Base.metadata.tables.get(table)
    if found is None and by_id and columns is not None and "id" in columns.c and (route is None or route[0] != "id"):
        found = _where_rows(clause, table, "id", table, rows)
    return found


def _where_rows(
    clause: Any, table: str, column: str, target: str, rows: Sequence[Mapping[str, Any]]
) -> tuple[str, list[int]] | None:
    """The rows of `target` that `table.column` (which holds their ids) is confined to by a WHERE clause that is
    `column = :value`, `column IN (:values)` or `column IN (SELECT target.id FROM target WHERE ...)`, or an AND that
    has one of them (the table by name: a statement's table is an annotated copy of the column's)."""
    if clause is None:
        return None
    if isinstance(clause, BooleanClauseList) and clause.operator is operators.and_:
        for part in clause.clauses:
            found = _where_rows(part, table, column, target, rows)
            if found is not None:
                return found
        return None
    if not (
        isinstance(clause, BinaryExpression)
        and clause.operator in (operators.eq, operators.in_op)
        and isinstance(clause.left, Column)
        and getattr(clause.left.table, "name", None) == table
        and clause.left.name == column
    ):
        return None
    right = clause.right
    if isinstance(right, ScalarSelect) and clause.operator is operators.in_op:
        return _subquery_rows(right.element, target, rows)
    if not isinstance(right, BindParameter) or right.expanding != (clause.operator is operators.in_op):
        return None
    values = [row.get(right.key, right.value) for row in rows]  # a value given at execution overrides the bound one
    if right.expanding:
        if not all(isinstance(value, (list, tuple)) for value in values):
            return None
        values = [value for listed in values for value in listed]
    elif not values:
        return None
    return (target, values) if all(_an_id(value) for value in values) else None


def _subquery_rows(select_: Any, target: str, rows: Sequence[Mapping[str, Any]]) -> tuple[str, list[int]] | None:
    """`SELECT x.id FROM x WHERE ...` (x the table `target`) or `SELECT x.parent_id FROM x WHERE ...` (x's way to
    its person leading to `target`), with no other table: the values it selects are those of the rows its WHERE
    names (`_named`), whose person is the one touched."""
    if not isinstance(select_, Select):
        return None
    selected = list(select_.selected_columns)
    froms = select_.get_final_froms()
    if not (len(selected) == 1 and isinstance(selected[0], Column) and len(froms) == 1 and isinstance(froms[0], Table)):
        return None
    table = froms[0].name
    route = _route(table)
    column = selected[0]
    if getattr(column.table, "name", None) != table or not (
        (table == target and column.name == "id") or (route is not None and route == (column.name, target))
    ):
        return None
    return _named(select_.whereclause, table, rows, by_id=True)


def track(maker: sessionmaker[Session]) -> None:
    """Record every write of the sessions `maker` makes (once, at import of the unit of work)."""
    event.listen(maker, "after_flush", _after_flush)
    event.listen(maker, "do_orm_execute", _on_execute)


def bump(session: Session) -> None:
    """Before the commit: one UPDATE bumping the revision of everyone this transaction's writes touched, or the epoch
    when one of them named no person (which moves everyone's: their own need not move as well)."""
    session.flush()
    touched: _Touched | None = session.info.pop(_KEY, None)
    if touched is None or not touched.any():
        return
    # On the transaction's connection, past the ORM: an ORM UPDATE would also look for loaded Person objects to
    # change in memory (its "synchronize session" step), which cost more CPU than the UPDATE; nothing reads a
    # revision from an ORM object (it is read by the signed-in lookup, a plain query)
    connection = session.connection()
    if not touched.everyone and len(one := touched.rows.get("people", ())) == 1 and len(touched.rows) == 1:
        # one person, named (a log of a session): by their id, not an IN list rendered afresh for each statement
        connection.execute(_BUMP_ONE, {"person_id": next(iter(one))})
        return
    statement = None if touched.everyone else _bump_statement(frozenset(touched.rows))
    if statement is not None:
        params = {f"ids_{table}": sorted(ids) for table, ids in touched.rows.items()}
        several = len(touched.rows) > 1 or len(params.get("ids_people", ())) != 1
        if several and connection.dialect.name == "postgresql":
            # Several people's rows, perhaps: locked first, in the order of their ids, then bumped (rows this
            # transaction holds, so the UPDATE waits for no one). One UPDATE locks them in its plan's order (as
            # they lie on disk, as a subquery finds them; even `IN (SELECT ... ORDER BY id FOR UPDATE)` did not
            # keep to it), and two transactions bumping the same people in opposite orders deadlocked (issue 13,
            # tests/faults/test_concurrency.py). SQLite has one writer at a time.
            params = {"ids_people": list(connection.scalars(_in_order(statement), params))}
            statement = _bump_statement(frozenset({"people"}))
        connection.execute(statement, params)
        return
    if connection.execute(_BUMP_EPOCH).rowcount == 0:
        # the row is gone (deleted by hand, or a test that empties every table): written again, as 1
        connection.execute(_WRITE_EPOCH[connection.dialect.name])


_BUMP_PEOPLE = update(Person).values(revision=Person.revision + 1).execution_options(**{_BUMPING: True})
_BUMP_ONE = _BUMP_PEOPLE.where(Person.id == bindparam("person_id"))
_BUMP_EPOCH = (
    update(RevisionEpochRow)
    .where(RevisionEpochRow.id == 1)
    .values(number=RevisionEpochRow.number + 1)
    .execution_options(**{_BUMPING: True})
)
# Two transactions that both find the row gone: the second bumps the first's (INSERT ... ON CONFLICT on both)
_WRITE_EPOCH = {
    name: insert(RevisionEpochRow)
    .values(id=1, number=1)
    .on_conflict_do_update(index_elements=[RevisionEpochRow.id], set_={"number": RevisionEpochRow.number + 1})
    .execution_options(**{_BUMPING: True})
    for name, insert in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))
}
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
    statement = _BUMP_PEOPLE.where(or_(*conditions))
    _BUMPS[tables] = statement
    return statement


_LOCKS: dict[Any, Any] = {}


def _in_order(bump_: Any) -> Any:
    """The people a bump statement names, their rows locked in the order of their ids (PostgreSQL; the lock the
    UPDATE takes): `SELECT id FROM people WHERE ... ORDER BY id FOR NO KEY UPDATE`."""
    found = _LOCKS.get(bump_)
    if found is None:
        found = _LOCKS[bump_] = (
            select(Person.id).where(bump_.whereclause).order_by(Person.id).with_for_update(key_share=True)
        )
    return found


def wrote(session: Session, person_id: int) -> None:
    """A write of this person's rows run past the ORM session (repositories/prepared.py): they are bumped at the
    commit as for any write the session saw."""
    _touched(session).note("people", {"id": person_id})


def forget(session: Session) -> None:
    """A rolled-back transaction wrote nothing."""
    session.info.pop(_KEY, None)
