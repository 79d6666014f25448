"""The web app: JSON API under /api/v1 and pages (Jinja2 + htmx), from one create_app() factory (`.app`).

Nothing is imported here, so `gluterx serve`'s supervisor (which needs only `.server`) does not load the app.
"""
