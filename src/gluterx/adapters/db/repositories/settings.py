"""A person's settings (units, training days, time of day, time zone): one row per person."""

from __future__ import annotations

from sqlalchemy.orm import Session

from gluterx.adapters.db.models import PersonSettingsRow, utcnow
from gluterx.services.records import PersonSettings

__all__ = ["SettingsRepository"]


class SettingsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, person_id: int) -> PersonSettings | None:
        row = self.session.get(PersonSettingsRow, person_id)
        if row is None:
            return None
        return PersonSettings(row.unit, tuple(int(d) for d in row.training_days), row.training_time, row.time_zone)

    def put(self, person_id: int, settings: PersonSettings) -> None:
        row = self.session.get(PersonSettingsRow, person_id)
        if row is None:
            row = PersonSettingsRow(person_id=person_id)
            self.session.add(row)
        row.unit = settings.unit
        row.training_days = list(settings.training_days)
        row.training_time = settings.training_time
        row.time_zone = settings.time_zone
        row.updated_at = utcnow()
        self.session.flush()
