"""A cap on request bodies, so a huge or endless upload is refused with 413 before it fills memory or disk.

Pure ASGI: it counts the bytes as the app reads them (and refuses at once when Content-Length already says too
much), raising BodyTooLarge, an HTTPException (so FastAPI's body reader passes it on rather than calling it a parse
error), which the app answers as JSON problems for the API and as an error page for a browser.
"""

from __future__ import annotations

from fastapi import HTTPException, status
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MB = 1024 * 1024
JSON_LIMIT = 2 * MB  # a year of sessions in one body is far less
# Uploads: the importer takes files up to 10 MB and explains a larger one itself; the margin covers the multipart
# wrapping, so only bodies no export could be are cut off here.
UPLOAD_LIMIT = 11 * MB


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(
            status.HTTP_413_CONTENT_TOO_LARGE,
            detail=f"The request body is larger than {limit // MB} MB, more than GluteRx accepts; send less at once.",
        )


class BodyLimit:
    def __init__(self, app: ASGIApp, *, json_limit: int = JSON_LIMIT, upload_limit: int = UPLOAD_LIMIT) -> None:
        self.app = app
        self.json_limit = json_limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        multipart = headers.get("content-type", "").lower().startswith("multipart/form-data")
        limit = self.upload_limit if multipart else self.json_limit
        declared = headers.get("content-length", "")
        received = 0

        async def limited() -> Message:
            nonlocal received
            if declared.isdigit() and int(declared) > limit:
                raise BodyTooLarge(limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, limited, send)


__all__ = ["JSON_LIMIT", "UPLOAD_LIMIT", "BodyLimit", "BodyTooLarge"]
