"""The models a GetExport document carries: those its methods name, with the models they refer to.

AWS writes a model's references (``https://apigateway.amazonaws.com/restapis/{id}/models/{name}``)
as document-local ones (``#/definitions/{name}`` in Swagger, ``#/components/schemas/{name}`` in
OpenAPI 3) and leaves the draft-04 ``$schema`` marker out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import orjson

_MODEL_URL = re.compile(r"https://apigateway\.amazonaws\.com/restapis/[^/\"]+/models/([^/\"#]+)")


def model_ref(name: str, swagger: bool) -> dict[str, str]:
    return {"$ref": f"#/definitions/{name}" if swagger else f"#/components/schemas/{name}"}


def _schema(model: dict[str, Any], swagger: bool) -> Any:
    text = _MODEL_URL.sub(
        lambda found: ("#/definitions/" if swagger else "#/components/schemas/") + found.group(1),
        model.get("schema") or "{}",
    )
    try:
        schema = orjson.loads(text)
    except orjson.JSONDecodeError:
        return {}
    if isinstance(schema, dict):
        schema.pop("$schema", None)
    return schema


def exported_models(models: dict[str, dict[str, Any]], named: Iterable[str], swagger: bool) -> dict[str, Any]:
    """The named models and every model they refer to, in the API's model order."""
    wanted: set[str] = set()
    pending = [name for name in named if name in models]
    while pending:
        name = pending.pop()
        if name in wanted:
            continue
        wanted.add(name)
        pending.extend(n for n in _MODEL_URL.findall(models[name].get("schema") or "") if n in models)
    return {name: _schema(model, swagger) for name, model in models.items() if name in wanted}
