"""HTML pages: each module adds its routes to `router`."""

# ruff: noqa: E402, F401  (the modules are imported after `router` exists, for the routes they register)

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)

from . import (
    account,
    auth,
    care,  # issue 16: clinicians and their clients
    exercises,
    figures,
    history,
    imports,
    onboarding,
    outcomes,
    profile,
    program,
    progress,
    today,
    welcome,
    workout,
)

# isort: split
# (lines of their own, for clean merges)
import gluterx.adapters.web.pages.clinician_plan
import gluterx.adapters.web.pages.free_session
import gluterx.adapters.web.pages.plan
