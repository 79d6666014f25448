"""The Jinja2 environment shared by every page."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from .security import CSRF_FIELD, CSRF_HEADER, csrf_token

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals.update(csrf_token=csrf_token, CSRF_FIELD=CSRF_FIELD, CSRF_HEADER=CSRF_HEADER)
