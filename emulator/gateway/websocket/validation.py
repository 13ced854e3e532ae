"""Request validation of WebSocket messages: the route's model selection expression picks a model.

As AWS documents it, the expression's value selects one of the route's
RequestModels, ``$default`` is the fallback, and no model at all fails the
message, as does a body that is not JSON or does not conform to the schema.
"""

from __future__ import annotations

from typing import Any

import orjson

from ..rest.validation import conforms
from .expressions import evaluate, json_member, parse_json
from .routes import WebSocketRoute


def model_schemas(models: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Model name -> parsed JSON schema (None for a schema that is not JSON)."""
    schemas: dict[str, Any] = {}
    for model in models.values():
        try:
            schemas[model.get("Name", "")] = orjson.loads(model.get("Schema") or "")
        except orjson.JSONDecodeError:
            schemas[model.get("Name", "")] = None
    return schemas


def valid_message(route: WebSocketRoute, text: str | None) -> bool:
    document = parse_json(text)

    def lookup(path: tuple[str, ...]) -> Any:
        return json_member(document, path[2:]) if path[:2] == ("request", "body") else None

    models = route.request_models or {}
    key = evaluate(route.model_selection, lookup)
    schema = models.get(key) if key in models else models.get("$default")
    if schema is None or document is None:
        return False
    return conforms(document, schema)
