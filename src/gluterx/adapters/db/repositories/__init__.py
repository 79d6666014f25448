"""Every query lives here: one small repository per aggregate, all on the unit of work's session.

Each takes and gives domain values and the read models of `services/records.py` (never an ORM row), so it fits its
Protocol in `services/ports.py`.
"""

from gluterx.adapters.db.repositories.accounts import AccountsRepository
from gluterx.adapters.db.repositories.care import CareRepository
from gluterx.adapters.db.repositories.checkins import CheckinsRepository
from gluterx.adapters.db.repositories.idempotency import IdempotencyRepository
from gluterx.adapters.db.repositories.outcomes import OutcomesRepository
from gluterx.adapters.db.repositories.people import PeopleRepository
from gluterx.adapters.db.repositories.prescriptions import PrescriptionsRepository
from gluterx.adapters.db.repositories.profiles import ProfilesRepository
from gluterx.adapters.db.repositories.programs import ProgramsRepository
from gluterx.adapters.db.repositories.sessions import SessionsRepository
from gluterx.adapters.db.repositories.settings import SettingsRepository
from gluterx.services.records import LoggedExercise, LoggedSession, LoggedSet

__all__ = [
    "AccountsRepository",
    "CareRepository",
    "CheckinsRepository",
    "IdempotencyRepository",
    "LoggedExercise",
    "LoggedSession",
    "LoggedSet",
    "OutcomesRepository",
    "PeopleRepository",
    "PrescriptionsRepository",
    "ProfilesRepository",
    "ProgramsRepository",
    "SessionsRepository",
    "SettingsRepository",
]
