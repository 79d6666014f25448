"""What the OpenAPI document says about errors and about bodies the services validate themselves."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from gluterx.domain.progression import BAND_ORDER, FELT_IN
from gluterx.domain.screening import FLAG_IDS


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


NOT_SIGNED_IN: dict[int | str, dict[str, Any]] = {
    401: {"model": Problems, "description": "Not signed in: send a bearer token or the session cookie."},
    403: {"model": Problems, "description": "A cookie session changed something without the X-CSRF-Token header."},
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


# ------------------------------------------------------------------------------------------------ the whole document

_PROBLEMS_REF = {"$ref": "#/components/schemas/Problems"}
# Statuses every operation with a body can answer, whatever the route says (the app's handlers and BodyLimit).
BODY_ERRORS = {
    "400": "The body cannot be read: not UTF-8, JSON nested too deeply, or a malformed multipart form.",
    "413": "The body is larger than the API accepts (2 MB of JSON, 10 MB for an upload).",
}
# What the account routes answer besides 422, by (path, method).
ACCOUNT_ERRORS = {
    ("/api/v1/auth/signup", "post"): {"409": "An account with this email exists already."},
    ("/api/v1/auth/token", "post"): {
        "401": "The email or password is not right.",
        "429": "Too many failed sign-ins: wait, then try again.",
    },
}
# The days every way in accepts, said in the schema: a date parameter outside them is refused with 422.
_DAY_PATTERN = r"^(20\d\d|21\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"


def document_errors(schema: dict[str, Any], *, exercise_ids: Iterable[str] = ()) -> dict[str, Any]:
    """The OpenAPI document with every status the API can return (400 and 413 for a body, 409, 401 and 429 for the
    account routes), each in the problem shape, and the real limits of the values that come in: the range of days,
    and in the parameters and bodies the library's exercise ids and the screening flag ids. Answers are not bounded:
    a history or an import report names the exercises another app's export brought in, which the library has not."""
    vocabulary = {
        "exercise_id": sorted(exercise_ids),
        "red_flags": sorted(FLAG_IDS),
        "felt_in": sorted(FELT_IN),
        "band": list(BAND_ORDER),
    }
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Problems", Problems.model_json_schema(ref_template="#/components/schemas/{model}"))
    components.setdefault("FieldProblem", FieldProblem.model_json_schema())
    components["Problems"].pop("$defs", None)
    read: set[str] = set()  # the components a request's parameters and body are made of
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            extra = dict(ACCOUNT_ERRORS.get((path, method), {}))
            if "requestBody" in operation:
                extra.update(BODY_ERRORS)
            for code, description in extra.items():
                responses.setdefault(
                    code, {"description": description, "content": {"application/json": {"schema": _PROBLEMS_REF}}}
                )
            inputs = [p.get("schema", {}) for p in operation.get("parameters", [])]
            inputs += [c.get("schema", {}) for c in operation.get("requestBody", {}).get("content", {}).values()]
            for node in inputs:
                _name_values(node, vocabulary)
                _bound_days(node)
                read |= _referred(node, components)
    for name, component in components.items():
        if name in read:  # what comes in; an answer may name what the library does not (an imported exercise)
            _name_values(component, vocabulary)
            _bound_days(component)
    return schema


def _name_values(node: Any, vocabulary: dict[str, list[str]]) -> None:
    """Each property named in `vocabulary` (a string, or a list of strings) gets its values as an enum."""
    if isinstance(node, list):
        for item in node:
            _name_values(item, vocabulary)
        return
    if not isinstance(node, dict):
        return
    for name, prop in (node.get("properties") or {}).items():
        values = vocabulary.get(name)
        if values and isinstance(prop, dict):
            target = prop.get("items", prop) if prop.get("type") == "array" else prop
            for option in [target, *target.get("anyOf", [])]:  # a string, or a string or null
                if option.get("type") == "string":
                    option["enum"] = values
    for value in node.values():
        _name_values(value, vocabulary)


def _bound_days(node: Any) -> None:
    """Every `format: date` schema in `node` (a request's parameter or body: what GluteRx reads) gets the pattern of
    the days it accepts. Days it answers with are not bounded: some are worked out from an accepted day and fall
    outside (the Monday that starts the week of 1 January 2000 is 27 December 1999)."""
    if isinstance(node, list):
        for item in node:
            _bound_days(item)
    elif isinstance(node, dict):
        if node.get("format") == "date":
            node["pattern"] = _DAY_PATTERN
        for value in node.values():
            _bound_days(value)


def _referred(node: Any, components: dict[str, Any], found: set[str] | None = None) -> set[str]:
    """The names of the components `node` refers to, and of those they refer to in turn."""
    found = set() if found is None else found
    if isinstance(node, list):
        for item in node:
            _referred(item, components, found)
    elif isinstance(node, dict):
        ref = node.get("$ref")
        name = ref.rsplit("/", 1)[-1] if isinstance(ref, str) and ref.startswith(_COMPONENTS) else None
        if name is not None and name not in found and name in components:
            found.add(name)
            _referred(components[name], components, found)
        for value in node.values():
            _referred(value, components, found)
    return found


_COMPONENTS = "#/components/schemas/"
