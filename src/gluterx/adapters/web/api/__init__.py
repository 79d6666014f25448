"""The JSON API under /api/v1: each module adds its routes to `router`."""

from fastapi import APIRouter

from ._openapi import INVALID

# Every 422 is the app's own {"detail": [{"field", "message", "type"}]} (app.py's handler), not FastAPI's default
# {"loc", "msg"} shape, so the OpenAPI document says so for every operation, including ones added later.
router = APIRouter(responses=INVALID)

from . import (  # noqa: E402, F401  (registers routes)
    auth,
    care,
    insights,
    library,
    outcomes,
    profile,
    program,
    settings,
    training,
)

# isort: split
import gluterx.adapters.web.api.clinician_plan  # noqa: E402  (a line of its own, for clean merges)
import gluterx.adapters.web.api.plan  # noqa: E402, F401  (a line of its own, for clean merges)
