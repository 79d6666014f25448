"""HTML pages: each module adds its routes to `router`."""

# ruff: noqa: E402, F401  (the modules are imported after `router` exists, for the routes they register)

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)

from . import (
    account,
    auth,
    exercises,
    figures,
    free_session,
    imports,
    onboarding,
    outcomes,
    plan,
    program,
    progress,
    today,
    welcome,
    workout,
)
