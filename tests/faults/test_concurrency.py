"""50 people logging at once through the real server (2 uvicorn workers): every set is stored exactly once; and 30
threads writing at once on PostgreSQL through the store, with no deadlock."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from gluterx.adapters.db.engine import make_engine, migrate
from gluterx.adapters.db.models import CheckinRow, Person, RevisionEpochRow
from gluterx.adapters.db.uow import SqlUnitOfWork
from tests.adapters.db.conftest import _postgres_database

from .conftest import START, Server, count, session_body, sign_up

CLIENTS = 50
SESSIONS_EACH = 10
SETS_PER_SESSION = 20
WORKERS = 2


@pytest.mark.slow
def test_fifty_clients_logging_two_hundred_sets_each_store_exactly_ten_thousand(server: Server) -> None:
    """50 clients (own account and token each) post 10 sessions of 20 sets at the same time: every request gets
    201, and the store holds exactly 10,000 sets: 200 per person, in 10 whole sessions each."""
    server.workers = WORKERS
    server.start()
    first = date.fromisoformat(START)

    with ThreadPoolExecutor(CLIENTS) as pool:  # sign-up is argon2-bound; in parallel it takes seconds, not a minute
        clients = [httpx.Client(base_url=server.url, timeout=120) for _ in range(CLIENTS)]
        headers = list(pool.map(lambda i: sign_up(clients[i], f"load{i}@example.com"), range(CLIENTS)))

    errors: list[str] = []
    ids: list[list[int]] = [[] for _ in range(CLIENTS)]
    go = threading.Barrier(CLIENTS)

    def client_run(i: int) -> None:
        go.wait()  # every client starts at once
        for n in range(SESSIONS_EACH):
            body = session_body(
                day=(first + timedelta(days=n)).isoformat(), sets=SETS_PER_SESSION, notes=f"client {i} session {n}"
            )
            try:
                response = clients[i].post("/api/v1/sessions", json=body, headers=headers[i])
            except httpx.HTTPError as exc:
                errors.append(f"client {i} session {n}: {exc!r}")
                continue
            if response.status_code != 201 or response.json()["sets_logged"] != SETS_PER_SESSION:
                errors.append(f"client {i} session {n}: {response.status_code} {response.text[:200]}")
            else:
                ids[i].append(response.json()["session_id"])

    began = time.monotonic()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(client_run, range(CLIENTS)))
    elapsed = time.monotonic() - began
    for client in clients:
        client.close()
    print(f"{CLIENTS * SESSIONS_EACH} sessions, {CLIENTS * SESSIONS_EACH * SETS_PER_SESSION} sets in {elapsed:.1f} s")

    assert errors == [], f"{len(errors)} failed requests, e.g. {errors[:5]}"
    assert len({i for each in ids for i in each}) == CLIENTS * SESSIONS_EACH, "session ids must be unique"
    engine = make_engine(server.database_url)
    try:
        assert count(engine, "SELECT COUNT(*) FROM sets") == CLIENTS * SESSIONS_EACH * SETS_PER_SESSION
        assert count(engine, "SELECT COUNT(*) FROM performed_sessions") == CLIENTS * SESSIONS_EACH
        per_person = (
            "SELECT COUNT(*) FROM (SELECT s.person_id FROM performed_sessions s "
            "JOIN performed_exercises e ON e.session_id = s.id JOIN sets st ON st.performed_exercise_id = e.id "
            "GROUP BY s.person_id HAVING COUNT(st.id) = :sets) AS whole"
        )
        assert count(engine, per_person, sets=SESSIONS_EACH * SETS_PER_SESSION) == CLIENTS, "200 sets per person"
    finally:
        engine.dispose()


THREADS = 30
WRITES_EACH = 20


@pytest.mark.postgres
def test_writes_that_name_no_person_run_thirty_at_once_on_postgresql_without_a_deadlock() -> None:
    """30 threads, each its own person, write 20 times at once on PostgreSQL: half by a row's id (an UPDATE of their
    check-in, which names its person through the row), half writes that name no person (a DELETE by id, an UPDATE
    whose WHERE is no plain equality). Each of the latter used to UPDATE every person, and such everyone-updates
    deadlocked against each other (issue 13); now they move one shared epoch row and the by-id ones their own person:
    every write commits, and the numbers add up."""
    _on_postgresql(_write_at_once)


def _on_postgresql(run: Callable[[Engine], None]) -> None:
    """`run(engine)` on a new, migrated PostgreSQL database (dropped afterwards)."""
    for url in _postgres_database():
        engine = make_engine(url)
        try:
            migrate(engine)
            run(engine)
        finally:
            engine.dispose()


def _people_with_a_checkin(engine: Engine, count: int, day: date) -> list[tuple[int, int]]:
    """`count` new people with a check-in each: [(person, their check-in)]."""
    people: list[tuple[int, int]] = []
    with SqlUnitOfWork(engine) as uow:
        for i in range(count):
            person = uow.people.add(display_name=f"P{i}").id
            uow.checkins.upsert(person, day, 3)
            uow.session.flush()
            checkin = uow.session.execute(sa.select(CheckinRow.id).where(CheckinRow.person_id == person)).scalar_one()
            people.append((person, checkin))
        uow.commit()
    return people


def _write_at_once(engine: Engine) -> None:
    people = _people_with_a_checkin(engine, THREADS, date(2026, 11, 24))
    errors: list[str] = []
    go = threading.Barrier(THREADS)

    def writes(i: int) -> None:
        _, checkin = people[i]
        go.wait()
        for n in range(WRITES_EACH):
            statement: Any
            if n % 2 == 0:
                statement = sa.update(CheckinRow).where(CheckinRow.id == checkin).values(pain=n % 10)
            elif n % 4 == 1:
                statement = sa.delete(CheckinRow).where(CheckinRow.id == -1 - i)
            else:
                statement = sa.update(CheckinRow).where(CheckinRow.id <= -1 - i).values(pain=0)
            try:
                with SqlUnitOfWork(engine) as each:
                    each.session.execute(statement)
                    each.commit()
            except Exception as exc:  # every failure is reported, a deadlock above all
                errors.append(f"thread {i} write {n}: {exc!r}"[:300])

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(writes, range(THREADS)))
    assert errors == [], f"{len(errors)} failed writes, e.g. {errors[:3]}"
    with engine.connect() as conn:
        revisions = {person: revision for person, revision in conn.execute(sa.select(Person.id, Person.revision))}
        epoch = conn.execute(sa.select(RevisionEpochRow.number)).scalar_one()
    # made (1), then its own by-id updates only (10 each); the writes that named no one moved the epoch (300)
    assert revisions == {person: 1 + WRITES_EACH // 2 for person, _ in people}
    assert epoch == THREADS * WRITES_EACH // 2


SHARERS = 16
SHARED_WRITES = 30
SHARED_PEOPLE = 8


@pytest.mark.postgres
def test_writes_that_touch_several_people_at_once_never_deadlock_on_postgresql() -> None:
    """16 threads each commit 30 transactions that touch two to four of the same eight people at once, naming them
    in different ways (a new check-in by its person; an UPDATE of a check-in by its id, which matches no row and so
    locks none): the one bump of their revisions must lock their rows in one order (by id) in every transaction.
    Locked in each statement's plan order (a scan of `people` in the order its rows lie on disk, or driven by the
    check-ins), two such bumps took two people's rows in opposite orders and PostgreSQL killed one as a deadlock
    (issue 13). Every transaction commits, and each person's revision moved once for each that touched them."""
    _on_postgresql(_touch_several_at_once)


def _touch_several_at_once(engine: Engine) -> None:
    people = _people_with_a_checkin(engine, SHARED_PEOPLE, date(2026, 1, 1))
    with engine.connect() as conn:
        made = dict(conn.execute(sa.select(Person.id, Person.revision)).all())
    errors: list[str] = []
    touches: list[list[int]] = [[] for _ in range(SHARERS)]  # each committed transaction's people, per thread
    go = threading.Barrier(SHARERS)

    def writes(i: int) -> None:
        chooser = random.Random(i)
        go.wait()
        for n in range(SHARED_WRITES):
            chosen = chooser.sample(range(SHARED_PEOPLE), chooser.randint(2, 4))
            try:
                with SqlUnitOfWork(engine) as uow:
                    for k, which in enumerate(chosen):
                        person, checkin = people[which]
                        if chooser.random() < 0.5:  # a new check-in, named by its person (a day no one else uses)
                            day = date(2030, 1, 1) + timedelta(days=(i * SHARED_WRITES + n) * 4 + k)
                            uow.session.add(CheckinRow(person_id=person, date=day, pain=2))
                            uow.session.flush()
                        else:  # named by the check-in's id; matches no row, so it locks none of theirs
                            uow.session.execute(
                                sa.update(CheckinRow)
                                .where(CheckinRow.id == checkin, CheckinRow.pain == -1)
                                .values(pain=0)
                            )
                    uow.commit()
            except Exception as exc:  # every failure is reported, a deadlock above all
                errors.append(f"thread {i} write {n}: {exc!r}"[:300])
            else:
                touches[i].extend(people[which][0] for which in chosen)

    with ThreadPoolExecutor(SHARERS) as pool:
        list(pool.map(writes, range(SHARERS)))
    assert errors == [], f"{len(errors)} failed writes, e.g. {errors[:3]}"
    with engine.connect() as conn:
        revisions = dict(conn.execute(sa.select(Person.id, Person.revision)).all())
        epoch = conn.execute(sa.select(RevisionEpochRow.number)).scalar_one()
    expected = {person: made[person] + sum(t.count(person) for t in touches) for person, _ in people}
    assert revisions == expected
    assert epoch == 0
