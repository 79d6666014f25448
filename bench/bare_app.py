"""The ceiling for bench/api_throughput.py: bare Starlette endpoints with no database, no auth, no validation.

Run by the benchmark as `uvicorn bare_app:app --app-dir bench` with the same server settings as GluteRx.
GET / answers a small JSON object; POST / reads and parses the JSON body and answers 201, as the real endpoints do.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


async def read(_request: Request) -> JSONResponse:
    return JSONResponse({"date": "2026-11-21", "rest_day": False, "items": []})


async def write(request: Request) -> JSONResponse:
    body = await request.json()
    exercises = body.get("exercises", []) if isinstance(body, dict) else []
    return JSONResponse({"session_id": 0, "exercises": len(exercises)}, status_code=201)


app = Starlette(routes=[Route("/", read, methods=["GET"]), Route("/", write, methods=["POST"])])
