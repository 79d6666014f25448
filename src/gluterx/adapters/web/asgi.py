"""The ASGI entry point for uvicorn: `uvicorn gluterx.adapters.web.asgi:app`."""

from gluterx.adapters.web.app import create_app

app = create_app(freeze_heap=True)  # a server's worker: the app owns the process
