"""Outcome-measure answers: one set per person and day, its PSFS activities in the order the person named them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gluterx.adapters.db.models import OutcomeActivityRow, OutcomeAnswersRow
from gluterx.domain.outcomes import Activity, Answers
from gluterx.services.records import StoredOutcome

__all__ = ["OutcomesRepository"]


class OutcomesRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def upsert(self, person_id: int, answers: Answers) -> None:
        row = self.session.scalars(
            select(OutcomeAnswersRow).where(
                OutcomeAnswersRow.person_id == person_id, OutcomeAnswersRow.date == answers.date
            )
        ).first()
        if row is None:
            self._add(person_id, answers, created_at=None)
            return
        row.pain, row.groc = answers.pain, answers.groc
        row.activities.clear()
        self.session.flush()  # the old activities go before the new ones take their positions
        row.activities.extend(_activity_rows(answers))
        self.session.flush()

    def restore(self, person_id: int, answers: Answers, *, created_at: datetime) -> None:
        self._add(person_id, answers, created_at=created_at)

    def for_person(self, person_id: int) -> list[StoredOutcome]:
        rows = self.session.scalars(
            select(OutcomeAnswersRow).where(OutcomeAnswersRow.person_id == person_id).order_by(OutcomeAnswersRow.date)
        )
        return [
            StoredOutcome(
                Answers(
                    row.date,
                    row.pain,
                    tuple(Activity(a.name, a.score) for a in row.activities),
                    row.groc,
                ),
                _aware(row.created_at),
            )
            for row in rows
        ]

    def _add(self, person_id: int, answers: Answers, *, created_at: datetime | None) -> None:
        row = OutcomeAnswersRow(person_id=person_id, date=answers.date, pain=answers.pain, groc=answers.groc)
        if created_at is not None:
            row.created_at = created_at
        row.activities = _activity_rows(answers)
        self.session.add(row)
        self.session.flush()


def _activity_rows(answers: Answers) -> list[OutcomeActivityRow]:
    return [OutcomeActivityRow(position=i, name=a.name, score=a.score) for i, a in enumerate(answers.activities)]


def _aware(at: datetime) -> datetime:
    """SQLite gives back naive datetimes; every stored time is UTC (models.py)."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
