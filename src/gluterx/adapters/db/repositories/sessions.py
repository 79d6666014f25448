"""Performed sessions with their exercises and sets: written in a few Core INSERTs, read back as flat NamedTuples
(`services/records.py`), never as ORM objects on the use cases' paths."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Table, and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session, selectinload

from gluterx.adapters.db.models import PerformedExerciseRow, PerformedSessionRow, SetRow
from gluterx.adapters.db.repositories.prepared import Prepared, inserting
from gluterx.services.records import HistoryRow, LoggedExercise, LoggedSession, LoggedSet

__all__ = ["SessionsRepository"]


class SessionsRepository:
    """Performed sessions with their exercises and sets."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def create(
        self,
        *,
        person_id: int,
        day: date,
        notes: str,
        exercises: Sequence[Mapping[str, Any]],
        duration_s: int | None = None,
        session_rpe: float | None = None,
        source: str = "gluterx",
        source_key: str | None = None,
        created_at: datetime | None = None,
        leg_symptoms_spread: bool | None = None,
    ) -> int:
        """A performed session with every field of one, its exercises and sets, in three INSERTs and no ORM objects;
        returns its id. `exercises[i]["sets"]` are SetRow fields.

        The person's loop logs one of these per request (`add`), so the statements are plain Core, built once.
        """
        columns = {
            "person_id": person_id,
            "date": day,
            "notes": notes,
            "duration_s": duration_s,
            "session_rpe": session_rpe,
            "source": source,
            "source_key": source_key,
            "leg_symptoms_spread": leg_symptoms_spread,
        }
        if created_at is not None:  # else the column's default: now
            columns["created_at"] = created_at
        session_id: int = _INSERT_SESSION.returned(self.session, columns, person_id=person_id)[0]
        self._insert_children(session_id, exercises, person_id=person_id)
        return session_id

    def add(
        self,
        *,
        person_id: int,
        day: date,
        notes: str,
        exercises: Sequence[Mapping[str, Any]],
        leg_symptoms_spread: bool | None = None,
        duration_s: int | None = None,
        session_rpe: float | None = None,
    ) -> int:
        """A performed session as the person logs it: `create` with the other fields' defaults; returns its id."""
        return self.create(person_id=person_id, day=day, notes=notes, exercises=exercises,
                           leg_symptoms_spread=leg_symptoms_spread, duration_s=duration_s,
                           session_rpe=session_rpe)  # fmt: skip

    def add_imported(self, person_id: int, sessions: Sequence[Mapping[str, Any]]) -> int:
        """Many performed sessions at once (an import) in three bulk INSERTs; returns the number of sets added.

        Each item has the PerformedSessionRow fields (date, notes, duration_s, source, source_key) and `exercises`,
        as for `create`. Thousands of workouts go in without building an ORM object per set.
        """
        rows = [{k: v for k, v in s.items() if k != "exercises"} | {"session_rpe": None} for s in sessions]
        return self._insert_many(person_id, rows, sessions)[1]

    def restore_many(self, person_id: int, sessions: Sequence[Mapping[str, Any]]) -> list[int]:
        """Many performed sessions with every field of one (a restore), in three bulk INSERTs; their ids in order."""
        rows = [{k: v for k, v in s.items() if k != "exercises"} for s in sessions]
        return self._insert_many(person_id, rows, sessions)[0]

    def _insert_many(
        self, person_id: int, session_rows: list[dict[str, Any]], sessions: Sequence[Mapping[str, Any]]
    ) -> tuple[list[int], int]:
        """The sessions (`session_rows`: their columns) with their exercises and sets: (session ids, sets added)."""
        if not sessions:
            return [], 0
        session_rows = [row | {"person_id": person_id} for row in session_rows]
        # render_nulls keeps every row's columns the same, so each table goes in as one batched executemany.
        batched = {"render_nulls": True}
        # Core INSERTs on the tables: the ORM's bulk path costs ~15 us a row more (a 200k-set restore: seconds)
        session_ids = self.session.scalars(
            insert(_SESSIONS).returning(_SESSIONS.c.id, sort_by_parameter_order=True),
            session_rows,
            execution_options=batched,
        ).all()
        exercise_rows = []
        set_lists = []
        for session_id, s in zip(session_ids, sessions, strict=True):
            for position, ex in enumerate(s["exercises"]):
                exercise_rows.append(_exercise_row(session_id, position, ex))
                set_lists.append(ex["sets"])
        exercise_ids = (
            self.session.scalars(
                insert(_EXERCISES).returning(_EXERCISES.c.id, sort_by_parameter_order=True),
                exercise_rows,
                execution_options=batched,
            ).all()
            if exercise_rows  # sessions without exercises: an empty executemany would insert one empty row
            else []
        )
        set_rows = [
            _set_row(exercise_id, i, fields)
            for exercise_id, sets in zip(exercise_ids, set_lists, strict=True)
            for i, fields in enumerate(sets)
        ]
        if set_rows and self.session.get_bind().dialect.name == "postgresql":
            self._copy_sets(set_rows)
        elif set_rows:
            self.session.execute(insert(_SETS), set_rows, execution_options=batched)
        return list(session_ids), len(set_rows)

    def _copy_sets(self, rows: list[dict[str, Any]]) -> None:
        """Sets into PostgreSQL with COPY, inside the unit of work's transaction: a 200k-set restore sent as one
        stream rather than one INSERT a row (executemany: ~40 s on the CI machine; COPY: a second or two)."""
        raw: Any = self.session.connection().connection.dbapi_connection  # psycopg's connection
        with raw.cursor() as cursor, cursor.copy(_COPY_SETS) as copy:
            for row in rows:
                copy.write_row(tuple(row[name] for name in _SET_COLUMNS))

    def logged(self, person_id: int, *, session_id: int | None = None) -> list[LoggedSession]:
        """The person's performed sessions (or only `session_id`, when it is theirs), oldest first, each with its
        exercises and sets in the order logged, as read-only tuples with the ORM rows' field names: one Core query per
        table, no ORM objects (for the exports, the API's sessions, `gluterx history` and the backup).
        """
        params = {"person_id": person_id, "session_id": session_id}
        return self._logged(_LOGGED if session_id is None else _LOGGED_ONE, params)

    def on(self, person_id: int, day: date) -> list[LoggedSession]:
        """The person's sessions logged for `day`, as `logged` reads them."""
        return self._logged(_LOGGED_ON, {"person_id": person_id, "day": day})

    def _logged(self, reads: tuple[Any, ...], params: dict[str, Any]) -> list[LoggedSession]:
        sessions = self.session.execute(reads[0], params).all()
        if not sessions:  # the usual answer of `on` (nothing logged that day yet): one query, not three
            return []
        exercises, sets = (self.session.execute(stmt, params).all() for stmt in reads[1:])
        return _nest(sessions, exercises, sets)

    def history_rows(self, person_id: int) -> list[HistoryRow]:
        """The person's whole logged history as flat read-only rows, one per set, in one query (no ORM objects).

        Oldest session first, then exercises and sets in the order logged. A session without exercises, or an
        exercise without sets, still gives one row, with None in the columns it lacks.
        """
        return list(map(HistoryRow._make, self.session.execute(_HISTORY_ROWS, {"person_id": person_id})))

    def last_date(self, person_id: int, *, before: date | None = None) -> date | None:
        found: date | None
        if before is None:
            found = _LAST_DATE.scalar(self.session, {"person_id": person_id})
        else:
            found = _LAST_DATE_BEFORE.scalar(self.session, {"person_id": person_id, "before": before})
        return found

    def source_keys(self, person_id: int, source: str) -> set[str]:
        """The source keys of this person's sessions imported from `source`, so a re-import can skip them."""
        stmt = select(PerformedSessionRow.source_key).where(
            PerformedSessionRow.person_id == person_id,
            PerformedSessionRow.source == source,
            PerformedSessionRow.source_key.is_not(None),
        )
        return {key for key in self.session.scalars(stmt) if key is not None}

    def felt_in_history(
        self, person_id: int, exercise_ids: Sequence[str], *, before: date, sessions: int
    ) -> dict[str, list[list[str]]]:
        found: dict[str, list[list[str]]] = {exercise_id: [] for exercise_id in exercise_ids}
        if not found:
            return found
        params: dict[str, Any] = {"person_id": person_id, "before": before, "sessions": sessions}
        params |= {f"exercise{i}": exercise_id for i, exercise_id in enumerate(found)}
        for exercise_id, felt_in in _felt_in(len(found)).rows(self.session, params):
            found[exercise_id].append(list(felt_in or []))
        return found

    def pain_by_day(self, person_id: int, *, since: date, until: date) -> list[tuple[date, int]]:
        """Each day from `since` to `until` with a logged session, and the highest pain during it, oldest first."""
        params = {"person_id": person_id, "since": since, "until": until}
        return [(day, int(pain)) for day, pain in self.session.execute(_PAIN_BY_DAY, params)]

    def update(
        self,
        person_id: int,
        session_id: int,
        *,
        day: date,
        notes: str,
        exercises: Sequence[Mapping[str, Any]],
        leg_symptoms_spread: bool | None,
    ) -> bool:
        """The person's session corrected in place: one UPDATE of its own columns, its exercises (and, by their
        foreign key, their sets) deleted and written again as `add` writes them. False when it is not theirs."""
        params = {"b_person_id": person_id, "b_session_id": session_id, "b_date": day, "b_notes": notes,
                  "b_spread": leg_symptoms_spread}  # fmt: skip
        if cast(CursorResult[Any], self.session.execute(_UPDATE_SESSION, params)).rowcount != 1:
            return False
        self.session.execute(_DELETE_SETS_OF, {"session_id": session_id})
        self.session.execute(_DELETE_EXERCISES_OF, {"session_id": session_id})
        self._insert_children(session_id, exercises, person_id=person_id)
        return True

    def delete(self, person_id: int, session_id: int) -> bool:
        """The person's session with its exercises and sets; False when it is not theirs (or not there)."""
        if self.session.scalar(_OWNED, {"person_id": person_id, "session_id": session_id}) is None:
            return False
        self.session.execute(_DELETE_SETS_OF, {"session_id": session_id})
        self.session.execute(_DELETE_EXERCISES_OF, {"session_id": session_id})
        self.session.execute(_DELETE_SESSION, {"session_id": session_id, "person_id": person_id})
        return True

    def page(self, person_id: int, *, offset: int, limit: int) -> list[LoggedSession]:
        """A page of the person's sessions, newest first, read as `logged` reads them (three queries)."""
        params = {"person_id": person_id, "offset": offset, "limit": limit}
        ids = list(self.session.scalars(_PAGE_IDS, params))
        if not ids:
            return []
        found = self._logged(_LOGGED_IDS, {"person_id": person_id, "ids": ids})
        order = {session_id: i for i, session_id in enumerate(ids)}
        return sorted(found, key=lambda s: order[s.id])

    def count(self, person_id: int) -> int:
        return int(self.session.scalar(_COUNT, {"person_id": person_id}) or 0)

    def _insert_children(self, session_id: int, exercises: Sequence[Mapping[str, Any]], *, person_id: int) -> None:
        """A session's exercises and their sets, as `add` writes them, under the person's session `session_id`
        (written or checked as theirs by the caller): the writes name the person (revision.wrote)."""
        exercise_rows = [_exercise_row(session_id, position, ex) for position, ex in enumerate(exercises)]
        if not exercise_rows:
            return
        # One batch for them all, then their ids by position (unique within the session; the session's exercises
        # are these alone: written with it, or after the old ones were deleted)
        _INSERT_EXERCISES.run_many(self.session, exercise_rows, person_id=person_id)
        by_position = dict(_EXERCISE_IDS.rows(self.session, {"session_id": session_id}))
        exercise_ids = [by_position[position] for position in range(len(exercise_rows))]
        set_rows = [
            _set_row(exercise_id, i, fields)
            for exercise_id, ex in zip(exercise_ids, exercises, strict=True)
            for i, fields in enumerate(ex["sets"])
        ]
        _INSERT_SETS.run_many(self.session, set_rows, person_id=person_id)

    def last_sets(
        self, person_id: int, exercise_ids: Sequence[str], *, before: date
    ) -> dict[str, tuple[date, list[LoggedSet]]]:
        """For each exercise the person did before `before`, the day they last did it and that time's sets, in one
        query (the newest session with it, its first entry of the exercise)."""
        found: dict[str, tuple[date, list[LoggedSet]]] = {}
        if not exercise_ids:
            return found
        params = {"person_id": person_id, "exercise_ids": list(exercise_ids), "before": before}
        for row in self.session.execute(_LAST_SETS, params):
            exercise_id, day = row[0], row[1]
            found.setdefault(exercise_id, (day, []))[1].append(LoggedSet._make(row[2:]))
        return found

    def logged_ids(self, person_id: int) -> list[int]:
        """The ids of the person's performed sessions in `logged`'s order (a backup's references to them)."""
        return list(self.session.scalars(_LOGGED_SESSION_IDS, {"person_id": person_id}))

    def logged_pages(self, person_id: int, size: int) -> Iterator[list[LoggedSession]]:
        """`logged` a page of `size` sessions at a time (keyset paging on date and id: a backup of 200k sets written
        without holding them all)."""
        after: tuple[date, int] | None = None
        while True:
            params: dict[str, Any] = {"person_id": person_id, "size": size}
            if after is None:
                heads = self.session.execute(_PAGE_FIRST, params).all()
            else:
                heads = self.session.execute(_PAGE_AFTER, params | {"day": after[0], "id": after[1]}).all()
            if not heads:
                return
            ids = {"ids": [row[0] for row in heads]}
            exercises = self.session.execute(_PAGE_EXERCISES, ids).all()
            sets = self.session.execute(_PAGE_SETS, ids).all()
            yield _nest(heads, exercises, sets)
            if len(heads) < size:
                return
            after = (heads[-1].date, heads[-1].id)

    # Not part of the services' port: the ORM objects, the reference the flat reads are tested against
    # (tests/adapters/db/test_reads.py) and what bench/progress_load.py counts.
    def for_person(self, person_id: int) -> Sequence[PerformedSessionRow]:
        stmt = (
            select(PerformedSessionRow)
            .where(PerformedSessionRow.person_id == person_id)
            .order_by(PerformedSessionRow.date, PerformedSessionRow.id)
            .options(selectinload(PerformedSessionRow.exercises).selectinload(PerformedExerciseRow.sets))
        )
        return self.session.scalars(stmt).all()

    def count_sets(self, person_id: int) -> int:
        stmt = (
            select(func.count(SetRow.id))
            .join(PerformedExerciseRow)
            .join(PerformedSessionRow)
            .where(PerformedSessionRow.person_id == person_id)
        )
        return int(self.session.scalar(stmt) or 0)


def _exercise_row(session_id: int, position: int, ex: Mapping[str, Any]) -> dict[str, Any]:
    """A performed exercise's row (its sets are written apart)."""
    return {"session_id": session_id, "position": position, "exercise_id": ex["exercise_id"],
            "pain_during": ex["pain_during"], "felt_in": list(ex["felt_in"])}  # fmt: skip


def _set_row(performed_exercise_id: int, position: int, fields: Mapping[str, Any]) -> dict[str, Any]:
    """A set's row with every column, its default where `fields` (SetRow fields) do not say it: the same keys in
    every row, so a session's sets (or a restore's) go in as one batch, and COPY has each column. A key that is no
    field of a set is refused, as the ORM's SetRow(**fields) did (Core would drop it without a word)."""
    if not _SET_FIELDS.issuperset(fields):
        unknown = ", ".join(sorted(set(fields) - _SET_FIELDS))
        raise TypeError(f"not a field of a set: {unknown}; a set has {', '.join(sorted(_SET_FIELDS))}")
    return {**_BLANK_SET, **fields, "performed_exercise_id": performed_exercise_id, "position": position}


def _nest(sessions: Iterable[Any], exercises: Iterable[Any], sets: Iterable[Any]) -> list[LoggedSession]:
    """The rows of _LOGGED_SESSIONS, _LOGGED_EXERCISES and _LOGGED_SETS put back together, in the order logged."""
    sets_of: dict[int, list[LoggedSet]] = {}
    for exercise_row_id, group in groupby(sets, key=itemgetter(0)):
        sets_of[exercise_row_id] = [LoggedSet._make(row[1:]) for row in group]
    exercises_of: dict[int, list[LoggedExercise]] = {}
    for session_id, group in groupby(exercises, key=itemgetter(0)):
        exercises_of[session_id] = [LoggedExercise._make((*row[2:], sets_of.get(row[1], []))) for row in group]
    return [LoggedSession._make((*row, exercises_of.get(row[0], []))) for row in sessions]


_SESSIONS = cast(Table, PerformedSessionRow.__table__)
_EXERCISES = cast(Table, PerformedExerciseRow.__table__)
_SETS = cast(Table, SetRow.__table__)
_LAST_DATE_OF = select(func.max(_SESSIONS.c.date)).where(_SESSIONS.c.person_id == bindparam("person_id"))
_LAST_DATE = Prepared(_LAST_DATE_OF)  # (run without SQLAlchemy's per-statement machinery: repositories/prepared.py)
_LAST_DATE_BEFORE = Prepared(_LAST_DATE_OF.where(_SESSIONS.c.date < bindparam("before")))
_RECENT_SESSIONS = (
    select(_SESSIONS.c.id, _SESSIONS.c.date)
    .where(_SESSIONS.c.person_id == bindparam("person_id"), _SESSIONS.c.date < bindparam("before"))
    .order_by(_SESSIONS.c.date.desc(), _SESSIONS.c.id.desc())
    .limit(bindparam("sessions"))
    .subquery()
)


# Only the person's newest sessions: the rules look at the latest few logs of an exercise, and a person with years of
# history should not have all of it read (and its JSON decoded) on every session logged.
@lru_cache(maxsize=64)
def _felt_in(count: int) -> Prepared:
    """The felt-in history of `count` exercises (bound as exercise0, exercise1, ...): a prepared statement per count."""
    return Prepared(
        select(_EXERCISES.c.exercise_id, _EXERCISES.c.felt_in)
        .join(_RECENT_SESSIONS, _RECENT_SESSIONS.c.id == _EXERCISES.c.session_id)
        .where(_EXERCISES.c.exercise_id.in_([bindparam(f"exercise{i}") for i in range(count)]))
        .order_by(_RECENT_SESSIONS.c.date.desc(), _RECENT_SESSIONS.c.id.desc(), _EXERCISES.c.id.desc())
    )


# The 4-week review's session pain: one row a day in the window, not the person's whole history.
_PAIN_BY_DAY = (
    select(_SESSIONS.c.date, func.coalesce(func.max(_EXERCISES.c.pain_during), 0))
    .select_from(_SESSIONS.outerjoin(_EXERCISES, _EXERCISES.c.session_id == _SESSIONS.c.id))
    .where(
        _SESSIONS.c.person_id == bindparam("person_id"),
        _SESSIONS.c.date >= bindparam("since"),
        _SESSIONS.c.date <= bindparam("until"),
    )
    .group_by(_SESSIONS.c.date)
    .order_by(_SESSIONS.c.date)
)
# Plain Core over the tables: 30,000 sets come back as rows, not ORM objects (ten times faster to load).
_HISTORY_COLUMNS: tuple[ColumnElement[Any], ...] = (
    _SESSIONS.c.id.label("session_id"),
    _SESSIONS.c.date,
    _SESSIONS.c.duration_s,
    _SESSIONS.c.session_rpe,
    _EXERCISES.c.exercise_id,
    _EXERCISES.c.pain_during,
    _SETS.c.reps,
    _SETS.c.load,
    _SETS.c.unit,
    _SETS.c.rir,
    _SETS.c.rpe,
    _SETS.c.warmup,
)
_HISTORY_ROWS = (
    select(*_HISTORY_COLUMNS)
    .select_from(_SESSIONS)
    .outerjoin(_EXERCISES, _EXERCISES.c.session_id == _SESSIONS.c.id)
    .outerjoin(_SETS, _SETS.c.performed_exercise_id == _EXERCISES.c.id)
    .where(_SESSIONS.c.person_id == bindparam("person_id"))
    .order_by(_SESSIONS.c.date, _SESSIONS.c.id, _EXERCISES.c.position, _EXERCISES.c.id, _SETS.c.position, _SETS.c.id)
)
# What the whole-history reads need: each table's rows once, by position (_nest), in three queries rather than one
# joined query that would repeat (and convert again) a session's columns for every one of its sets.
_LOGGED_SESSIONS = (
    select(
        _SESSIONS.c.id,
        _SESSIONS.c.date,
        _SESSIONS.c.notes,
        _SESSIONS.c.duration_s,
        _SESSIONS.c.session_rpe,
        _SESSIONS.c.source,
        _SESSIONS.c.source_key,
        _SESSIONS.c.created_at,
        _SESSIONS.c.leg_symptoms_spread,
    )
    .where(_SESSIONS.c.person_id == bindparam("person_id"))
    .order_by(_SESSIONS.c.date, _SESSIONS.c.id)
)
_LOGGED_EXERCISES = (
    select(
        _EXERCISES.c.session_id,
        _EXERCISES.c.id,
        _EXERCISES.c.exercise_id,
        _EXERCISES.c.pain_during,
        _EXERCISES.c.felt_in,
    )
    .join(_SESSIONS, _SESSIONS.c.id == _EXERCISES.c.session_id)
    .where(_SESSIONS.c.person_id == bindparam("person_id"))
    .order_by(_EXERCISES.c.session_id, _EXERCISES.c.position, _EXERCISES.c.id)
)
# A set's values as a SetRecord is made from them (the logged sessions and the player's "last time")
_SET_VALUES: tuple[ColumnElement[Any], ...] = (
    _SETS.c.reps,
    _SETS.c.load,
    _SETS.c.unit,
    _SETS.c.band,
    _SETS.c.rir,
    _SETS.c.rpe,
    _SETS.c.duration_s,
    _SETS.c.e1rm_kg,
    _SETS.c.warmup,
)
_LOGGED_SETS = (
    select(_SETS.c.performed_exercise_id, *_SET_VALUES)
    .join(_EXERCISES, _EXERCISES.c.id == _SETS.c.performed_exercise_id)
    .join(_SESSIONS, _SESSIONS.c.id == _EXERCISES.c.session_id)
    .where(_SESSIONS.c.person_id == bindparam("person_id"))
    .order_by(_SETS.c.performed_exercise_id, _SETS.c.position, _SETS.c.id)
)
_LOGGED = (_LOGGED_SESSIONS, _LOGGED_EXERCISES, _LOGGED_SETS)
_LOGGED_ONE = tuple(stmt.where(_SESSIONS.c.id == bindparam("session_id")) for stmt in _LOGGED)
_LOGGED_ON = tuple(stmt.where(_SESSIONS.c.date == bindparam("day")) for stmt in _LOGGED)
# Logging a session (and correcting one): prepared INSERTs (repositories/prepared.py), every column named
_INSERT_SESSION = inserting(
    _SESSIONS, [c.name for c in _SESSIONS.columns if c.name != "id"], returning=[_SESSIONS.c.id]
)
_INSERT_EXERCISES = inserting(_EXERCISES, ["session_id", "position", "exercise_id", "pain_during", "felt_in"])
_EXERCISE_IDS = Prepared(
    select(_EXERCISES.c.position, _EXERCISES.c.id).where(_EXERCISES.c.session_id == bindparam("session_id"))
)
# Correcting and deleting a session (the history's edits): only the person's own session is touched.
# (an UPDATE's bound names may not be its columns' names)
_UPDATE_SESSION = (
    update(_SESSIONS)
    .where(_SESSIONS.c.id == bindparam("b_session_id"), _SESSIONS.c.person_id == bindparam("b_person_id"))
    .values(date=bindparam("b_date"), notes=bindparam("b_notes"), leg_symptoms_spread=bindparam("b_spread"))
)
_OWNED = select(_SESSIONS.c.id).where(
    _SESSIONS.c.id == bindparam("session_id"), _SESSIONS.c.person_id == bindparam("person_id")
)
_EXERCISES_OF = select(_EXERCISES.c.id).where(_EXERCISES.c.session_id == bindparam("session_id"))
_DELETE_SETS_OF = delete(_SETS).where(_SETS.c.performed_exercise_id.in_(_EXERCISES_OF))
_DELETE_EXERCISES_OF = delete(_EXERCISES).where(_EXERCISES.c.session_id == bindparam("session_id"))
# Each names its person (adapters/db/revision.py), so only theirs moves: the session by its person_id, its exercises
# by the session, their sets by the session their exercises belong to (an IN of a SELECT of those exercises' ids)
_DELETE_SESSION = delete(_SESSIONS).where(
    _SESSIONS.c.id == bindparam("session_id"), _SESSIONS.c.person_id == bindparam("person_id")
)
_PAGE_IDS = (
    select(_SESSIONS.c.id)
    .where(_SESSIONS.c.person_id == bindparam("person_id"))
    .order_by(_SESSIONS.c.date.desc(), _SESSIONS.c.id.desc())
    .offset(bindparam("offset"))
    .limit(bindparam("limit"))
)
_LOGGED_IDS = tuple(stmt.where(_SESSIONS.c.id.in_(bindparam("ids", expanding=True))) for stmt in _LOGGED)
_COUNT = select(func.count()).select_from(_SESSIONS).where(_SESSIONS.c.person_id == bindparam("person_id"))
# The player's "last time": each exercise's newest entry before the day (a window per exercise), then its sets.
_LAST_ENTRY = (
    select(
        _EXERCISES.c.id,
        _EXERCISES.c.exercise_id,
        _SESSIONS.c.date,
        func.row_number()
        .over(
            partition_by=_EXERCISES.c.exercise_id,
            order_by=(_SESSIONS.c.date.desc(), _SESSIONS.c.id.desc(), _EXERCISES.c.position),
        )
        .label("newest"),
    )
    .join(_SESSIONS, _SESSIONS.c.id == _EXERCISES.c.session_id)
    .where(
        _SESSIONS.c.person_id == bindparam("person_id"),
        _SESSIONS.c.date < bindparam("before"),
        _EXERCISES.c.exercise_id.in_(bindparam("exercise_ids", expanding=True)),
    )
    .subquery()
)
_LAST_SETS = (
    select(
        _LAST_ENTRY.c.exercise_id,
        _LAST_ENTRY.c.date,
        *_SET_VALUES,
    )
    .join(_SETS, _SETS.c.performed_exercise_id == _LAST_ENTRY.c.id)
    .where(_LAST_ENTRY.c.newest == 1)
    .order_by(_LAST_ENTRY.c.exercise_id, _SETS.c.position, _SETS.c.id)
)
# A page of `logged` (SessionsRepository.logged_pages): the next `size` sessions after (day, id), then their
# exercises and sets by session id
_LOGGED_SESSION_IDS = (
    select(_SESSIONS.c.id)
    .where(_SESSIONS.c.person_id == bindparam("person_id"))
    .order_by(_SESSIONS.c.date, _SESSIONS.c.id)
)
_PAGE_FIRST = _LOGGED_SESSIONS.limit(bindparam("size"))
_PAGE_AFTER = _LOGGED_SESSIONS.where(
    or_(
        _SESSIONS.c.date > bindparam("day"),
        and_(_SESSIONS.c.date == bindparam("day"), _SESSIONS.c.id > bindparam("id")),
    )
).limit(bindparam("size"))
_PAGE_EXERCISES = (
    select(*_LOGGED_EXERCISES.selected_columns)
    .where(_EXERCISES.c.session_id.in_(bindparam("ids", expanding=True)))
    .order_by(_EXERCISES.c.session_id, _EXERCISES.c.position, _EXERCISES.c.id)
)
_PAGE_SETS = (
    select(*_LOGGED_SETS.selected_columns)
    .join(_EXERCISES, _EXERCISES.c.id == _SETS.c.performed_exercise_id)
    .where(_EXERCISES.c.session_id.in_(bindparam("ids", expanding=True)))
    .order_by(_SETS.c.performed_exercise_id, _SETS.c.position, _SETS.c.id)
)
# COPY of restored or imported sets on PostgreSQL (SessionsRepository._copy_sets): every column but the id, a column
# a row leaves out taking the model's default
_SET_COLUMNS = tuple(c.name for c in _SETS.columns if c.name != "id")
_COPY_SETS = f"COPY {_SETS.name} ({', '.join(_SET_COLUMNS)}) FROM STDIN"
_SET_DEFAULTS: dict[str, Any] = {"unit": "kg", "warmup": False}
_BLANK_SET = {name: _SET_DEFAULTS.get(name) for name in _SET_COLUMNS}  # a set that says nothing: every default
_INSERT_SETS = inserting(_SETS, _SET_COLUMNS)
_SET_FIELDS = frozenset(_SET_COLUMNS) - {"performed_exercise_id", "position"}  # what a set's `fields` may say
