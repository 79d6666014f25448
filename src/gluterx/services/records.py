"""Typed records the store hands the use cases (and takes from them): domain values plus where they belong."""

from __future__ import annotations

from dataclasses import dataclass

from gluterx.domain.progression import Prescription

__all__ = ["StoredPrescription"]


@dataclass(frozen=True, slots=True)
class StoredPrescription:
    """The engine's word for one planned slot of a programme, and the logged session that produced it."""

    program_id: int
    planned_exercise_id: str  # the slot: the exercise the plan put there
    prescription: Prescription
    performed_session_id: int | None = None
    logged_exercise_id: str | None = None
