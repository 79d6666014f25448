"""Next-morning pain check-ins: one per person and day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import cast

from sqlalchemy import Date, Table, bindparam, func, or_, select
from sqlalchemy.orm import Session

from gluterx.adapters.db.models import CheckinRow
from gluterx.adapters.db.repositories.prepared import Prepared
from gluterx.services.records import StoredCheckin

__all__ = ["CheckinsRepository"]


class CheckinsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def restore(
        self, person_id: int, *, day: date, pain: int, created_at: datetime, soreness: int | None = None
    ) -> None:
        self.session.add(CheckinRow(person_id=person_id, date=day, pain=pain, soreness=soreness, created_at=created_at))
        self.session.flush()

    def upsert(self, person_id: int, day: date, pain: int, *, soreness: int | None = None) -> None:
        row = self.session.scalars(
            select(CheckinRow).where(CheckinRow.person_id == person_id, CheckinRow.date == day)
        ).first()
        if row is None:
            self.session.add(CheckinRow(person_id=person_id, date=day, pain=pain, soreness=soreness))
        else:
            row.pain, row.soreness = pain, soreness
        self.session.flush()

    def for_person(self, person_id: int) -> Sequence[StoredCheckin]:
        rows = self.session.execute(_OF_PERSON, {"person_id": person_id})
        return [StoredCheckin(day, pain, created_at, soreness) for day, pain, created_at, soreness in rows]

    def pain_between(self, person_id: int, *, since: date, until: date, latest: int = 2) -> list[tuple[date, int]]:
        """(date, pain) from `since` to `until`, and the `latest` readings up to `until` however old, oldest first.

        What the pain alerts read, without loading years of check-ins on every request.
        """
        if latest != 2:
            params = {"person_id": person_id, "since": since, "until": until, "latest": latest}
            found = {d: p for d, p in self.session.execute(_PAIN_BETWEEN, params)}
            found.update({d: p for d, p in self.session.execute(_PAIN_LATEST, params)})
            return sorted(found.items())
        params = {"person_id": person_id, "since": since, "until": until, "origin": date.min}
        return [(d, p) for d, p in _PAIN_WINDOW_AND_LATEST_TWO.rows(self.session, params)]


_CHECKINS = cast(Table, CheckinRow.__table__)
_OF_PERSON = (
    select(_CHECKINS.c.date, _CHECKINS.c.pain, _CHECKINS.c.created_at, _CHECKINS.c.soreness)
    .where(_CHECKINS.c.person_id == bindparam("person_id"))
    .order_by(_CHECKINS.c.date)
)
# (on the table: Core statements, which the ORM session runs without its ORM machinery)
_PAIN_BETWEEN = select(_CHECKINS.c.date, _CHECKINS.c.pain).where(
    _CHECKINS.c.person_id == bindparam("person_id"),
    _CHECKINS.c.date >= bindparam("since"),
    _CHECKINS.c.date <= bindparam("until"),
)
_PAIN_LATEST = (
    select(_CHECKINS.c.date, _CHECKINS.c.pain)
    .where(_CHECKINS.c.person_id == bindparam("person_id"), _CHECKINS.c.date <= bindparam("until"))
    .order_by(_CHECKINS.c.date.desc())
    .limit(bindparam("latest"))
)
_SECOND_LATEST_READING = (
    select(_CHECKINS.c.date)
    .where(_CHECKINS.c.person_id == bindparam("person_id"), _CHECKINS.c.date <= bindparam("until"))
    .order_by(_CHECKINS.c.date.desc())
    .limit(1)
    .offset(1)
    .scalar_subquery()
)
# The readings from `since` to `until`, and the latest two up to `until` however old (dates are unique per person).
_PAIN_WINDOW_AND_LATEST_TWO = Prepared(
    select(_CHECKINS.c.date, _CHECKINS.c.pain)
    .where(
        _CHECKINS.c.person_id == bindparam("person_id"),
        _CHECKINS.c.date <= bindparam("until"),
        or_(
            _CHECKINS.c.date >= bindparam("since"),
            _CHECKINS.c.date >= func.coalesce(_SECOND_LATEST_READING, bindparam("origin", type_=Date)),
        ),
    )
    .order_by(_CHECKINS.c.date)
)
