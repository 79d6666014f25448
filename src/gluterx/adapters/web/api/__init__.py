"""The JSON API under /api/v1: each module adds its routes to `router`."""

from fastapi import APIRouter

router = APIRouter()

from . import auth, library, profile, program, training  # noqa: E402, F401  (registers routes)
