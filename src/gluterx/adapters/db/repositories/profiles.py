"""Profiles: every version of a person's PROFILE.json; a change adds a version and the old ones stay."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from gluterx.adapters.db.engine import READ_ONLY
from gluterx.adapters.db.models import ProfileRow
from gluterx.adapters.db.repositories.prepared import Prepared
from gluterx.services.records import ProfileRecord

__all__ = ["ProfilesRepository", "profile_record"]


def profile_record(row: ProfileRow) -> ProfileRecord:
    return ProfileRecord(row.id, row.person_id, row.version, row.data, row.created_at)


class ProfilesRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _latest(self, person_id: int) -> ProfileRow | None:
        stmt = select(ProfileRow).where(ProfileRow.person_id == person_id).order_by(ProfileRow.version.desc())
        return self.session.scalars(stmt.limit(1)).first()

    def latest(self, person_id: int) -> ProfileRecord | None:
        row = self._latest(person_id)
        return profile_record(row) if row is not None else None

    def latest_data(self, person_id: int) -> dict[str, Any] | None:
        """The newest profile's PROFILE.json, and nothing else (logging a session reads it every time).

        In a read-only unit of work it is read once ("today" asks for it two or three times) and each caller gets
        its own copy."""
        kept = self.session.info.get(_KEPT) if self.session.info.get(READ_ONLY) else None
        if kept is not None and person_id in kept:
            return copy.deepcopy(kept[person_id])  # type: ignore[no-any-return]
        data: dict[str, Any] | None = _LATEST_PROFILE_DATA.scalar(self.session, {"person_id": person_id})
        if self.session.info.get(READ_ONLY):
            self.session.info.setdefault(_KEPT, {})[person_id] = copy.deepcopy(data)
        return data

    def all(self, person_id: int) -> Sequence[ProfileRecord]:
        stmt = select(ProfileRow).where(ProfileRow.person_id == person_id).order_by(ProfileRow.version)
        return [profile_record(row) for row in self.session.scalars(stmt)]

    def add_version(self, person_id: int, data: dict[str, Any]) -> ProfileRecord:
        """A new version; the previous versions stay as they were."""
        latest = self._latest(person_id)
        if latest is not None and latest.data == data:
            return profile_record(latest)
        row = ProfileRow(person_id=person_id, version=(latest.version + 1) if latest else 1, data=data)
        self.session.add(row)
        self.session.flush()
        return profile_record(row)

    def restore(self, person_id: int, *, version: int, data: dict[str, Any], created_at: datetime) -> ProfileRecord:
        row = ProfileRow(person_id=person_id, version=version, data=data, created_at=created_at)
        self.session.add(row)
        self.session.flush()
        return profile_record(row)


_KEPT = "gluterx_latest_profile_data"
# On the table, not the mapped class: a Core statement, which the ORM session runs without its ORM machinery
# (logging a session reads it every time)
_PROFILES = cast(Table, ProfileRow.__table__)
_LATEST_PROFILE_DATA = Prepared(
    select(_PROFILES.c.data)
    .where(_PROFILES.c.person_id == bindparam("person_id"))
    .order_by(_PROFILES.c.version.desc())
    .limit(1)
)
