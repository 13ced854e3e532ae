"""Request validators: required parameters and JSON-schema (draft 4 subset) bodies, compiled per deployment."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import orjson

from .gateway_errors import GatewayError
from .request import GatewayRequest

_MODEL_REF = "/models/"
_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "number": (int, float),
    "integer": (int,),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}


def invalid_body() -> GatewayError:
    return GatewayError(400, "BadRequestException", "Invalid request body", "BAD_REQUEST_BODY")


@dataclass(slots=True)
class RequestValidator:
    #: ``(location, name)`` of required parameters, in the order of their keys (AWS names the
    #: missing ones so: ``[x-header-param, issuer, qs1]`` for header, path and query string).
    required: list[tuple[str, str]] = field(default_factory=list)
    #: Content type -> parsed schema.
    schemas: dict[str, Any] = field(default_factory=dict)

    def validate(self, request: GatewayRequest) -> None:
        missing = [name for where, name in self.required if not _present(request, where, name)]
        if missing:
            raise GatewayError(
                400,
                "BadRequestException",
                f"Missing required request parameters: [{', '.join(missing)}]",
                "BAD_REQUEST_PARAMETERS",
            )
        if not self.schemas:
            return
        content_type = (
            (request.headers.get("content-type") or "application/json").split(";", 1)[0].strip().lower()
        )
        # A model keyed "$default" serves the content types no model names (SAM writes RequestModel so).
        schema = self.schemas.get(content_type) or self.schemas.get("$default")
        if schema is None:
            return
        try:
            document = orjson.loads(request.body) if request.body else None
        except orjson.JSONDecodeError:
            raise invalid_body() from None
        if not conforms(document, schema):
            raise invalid_body()


def _present(request: GatewayRequest, where: str, name: str) -> bool:
    if where == "header":
        return name.lower() in request.headers
    if where == "querystring":
        return name in request.query
    return bool(request.path_params.get(name))


def compile_validator(
    validator: dict[str, Any] | None, method: dict[str, Any], models: dict[str, dict[str, Any]]
) -> RequestValidator | None:
    if validator is None:
        return None
    compiled = RequestValidator()
    if validator.get("validateRequestParameters"):
        for key, required in sorted((method.get("requestParameters") or {}).items()):
            parts = key.split(".", 3)
            if required and len(parts) == 4:
                compiled.required.append((parts[2], parts[3]))
    if validator.get("validateRequestBody"):
        for content_type, model_name in (method.get("requestModels") or {}).items():
            schema = _model_schema(models, model_name)
            if schema is not None:
                compiled.schemas[content_type.lower()] = _resolve_refs(schema, models, 0)
    return compiled if compiled.required or compiled.schemas else None


def _model_schema(models: dict[str, dict[str, Any]], name: str) -> Any:
    model = models.get(name)
    if model is None or not model.get("schema"):
        return None
    try:
        return orjson.loads(model["schema"])
    except orjson.JSONDecodeError:
        return None


def _resolve_refs(schema: Any, models: dict[str, dict[str, Any]], depth: int) -> Any:
    """Inline ``$ref``s to other models of the API (``.../restapis/{id}/models/{name}``)."""
    if isinstance(schema, list):
        return [_resolve_refs(item, models, depth) for item in schema]
    if not isinstance(schema, dict):
        return schema
    reference = schema.get("$ref")
    if isinstance(reference, str) and _MODEL_REF in reference and depth < 16:
        target = _model_schema(models, reference.rsplit("/", 1)[1])
        return _resolve_refs(target, models, depth + 1) if target is not None else {}
    return {key: _resolve_refs(value, models, depth) for key, value in schema.items()}


_PATTERNS: dict[str, re.Pattern[str]] = {}


def conforms(value: Any, schema: Any) -> bool:
    """Whether ``value`` satisfies ``schema`` (type, enum, required, properties, items, bounds, pattern,
    and the allOf / anyOf / oneOf / not combinations)."""
    if not isinstance(schema, dict):
        return True
    if not _combinations_hold(value, schema):
        return False
    kind = schema.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(_is_type(value, k) for k in kinds):
            return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    if isinstance(value, dict):
        return _object_conforms(value, schema)
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", len(value)):
            return False
        items = schema.get("items")
        return items is None or all(conforms(item, items) for item in value)
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", len(value)):
            return False
        pattern = schema.get("pattern")
        if pattern:
            compiled = _PATTERNS.get(pattern) or _PATTERNS.setdefault(pattern, re.compile(pattern))
            return compiled.search(value) is not None
        return True
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number_conforms(value, schema)
    return True


def _combinations_hold(value: Any, schema: dict[str, Any]) -> bool:
    all_of, any_of, one_of = schema.get("allOf"), schema.get("anyOf"), schema.get("oneOf")
    if all_of and not all(conforms(value, part) for part in all_of):
        return False
    if any_of and not any(conforms(value, part) for part in any_of):
        return False
    if one_of and sum(conforms(value, part) for part in one_of) != 1:
        return False
    return "not" not in schema or not conforms(value, schema["not"])


def _is_type(value: Any, kind: str) -> bool:
    if kind == "null":
        return value is None
    if isinstance(value, bool) and kind != "boolean":
        return False
    if kind == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, _TYPES.get(kind, (object,)))


def _object_conforms(value: dict[str, Any], schema: dict[str, Any]) -> bool:
    if any(name not in value for name in schema.get("required", ())):
        return False
    properties = schema.get("properties") or {}
    extra = schema.get("additionalProperties", True)
    for name, item in value.items():
        if name in properties:
            if not conforms(item, properties[name]):
                return False
        elif extra is False or (isinstance(extra, dict) and not conforms(item, extra)):
            return False
    return True


def _number_conforms(value: float, schema: dict[str, Any]) -> bool:
    minimum, maximum = schema.get("minimum"), schema.get("maximum")
    if minimum is not None and (
        value < minimum or (schema.get("exclusiveMinimum") is True and value == minimum)
    ):
        return False
    return not (
        maximum is not None
        and (value > maximum or (schema.get("exclusiveMaximum") is True and value == maximum))
    )
