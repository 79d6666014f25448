"""The web app: JSON API under /api/v1 and pages (Jinja2 + htmx), from one create_app() factory."""

from gluterx.adapters.web.app import create_app

__all__ = ["create_app"]
