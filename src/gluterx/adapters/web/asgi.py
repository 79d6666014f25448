"""The ASGI entry point for uvicorn: `uvicorn gluterx.adapters.web.asgi:app`."""

from gluterx.adapters.web.app import create_app

app = create_app()
