"""HTML pages: each module adds its routes to `router`."""

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)

from . import auth, exercises, figures, imports, onboarding, outcomes, program, progress, today, welcome, workout  # noqa: E402, F401  (registers routes)
