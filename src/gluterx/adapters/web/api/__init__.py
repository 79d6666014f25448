"""The JSON API under /api/v1: each module adds its routes to `router`."""

from fastapi import APIRouter

from ._openapi import INVALID

# Every 422 is the app's own {"detail": [{"field", "message", "type"}]} (app.py's handler), not FastAPI's default
# {"loc", "msg"} shape, so the OpenAPI document says so for every operation, including ones added later.
router = APIRouter(responses=INVALID)

from . import auth, insights, library, outcomes, profile, program, training  # noqa: E402, F401  (registers routes)

# isort: split
import gluterx.adapters.web.api.plan  # noqa: E402, F401  (a line of its own, for clean merges)
