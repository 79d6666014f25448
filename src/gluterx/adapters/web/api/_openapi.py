"""What the OpenAPI document says about errors and about bodies the services validate themselves."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class FieldProblem(BaseModel):
    """One problem: the field (a dotted path, e.g. `exercises.0.pain_during`; empty for the whole body), a stable
    `code` (e.g. `too_large`, `unknown_exercise`, `no_programme`) and the fix, in words."""

    field: str
    code: str | None = None
    message: str
    type: str | None = None


class Problems(BaseModel):
    """422 (bad input) and 404 (not found, or not yours): every problem at once, one per field."""

    detail: list[FieldProblem]


class Message(BaseModel):
    """401 (not signed in) and 403 (a browser session without its X-CSRF-Token header)."""

    detail: str


NOT_SIGNED_IN: dict[int | str, dict[str, Any]] = {
    401: {"model": Message, "description": "Not signed in: send a bearer token or the session cookie."},
    403: {"model": Message, "description": "A cookie session changed something without the X-CSRF-Token header."},
}
INVALID: dict[int | str, dict[str, Any]] = {422: {"model": Problems, "description": "Bad input, one item per field."}}
MISSING: dict[int | str, dict[str, Any]] = {404: {"model": Problems, "description": "Not found (or not yours)."}}


def json_body(model: type[BaseModel], description: str) -> dict[str, Any]:
    """`openapi_extra` documenting a JSON body as `model`, for routes that take a plain object and let the service
    validate it, so the client gets the same field-by-field messages as the CLI."""
    schema = _inline(model.model_json_schema())
    content = {"application/json": {"schema": schema}}
    return {"requestBody": {"required": True, "description": description, "content": content}}


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with its local `$defs` written in place (their `#/$defs/...` refs mean nothing inside OpenAPI)."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                target = walk(defs[ref.removeprefix("#/$defs/")])
                return {**target, **{k: walk(v) for k, v in node.items() if k != "$ref"}}
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    result: dict[str, Any] = walk(schema)
    return result
