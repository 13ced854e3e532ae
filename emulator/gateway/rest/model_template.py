"""GetModelTemplate: the sample mapping template API Gateway generates from a model's JSON schema.

AWS's generator writes the model's shape with sample values a user then
replaces (AWS's recorded answer for ``{a: number, b: number, op: string, c:
number}`` is ``#set($inputRoot = $input.path('$'))`` then ``{`` and lines
``  "a" : 3.1415,`` ... ``  "op" : "foo",`` ...): numbers are 3.1415,
integers 42, strings "foo", booleans true; a top-level array repeats its item
with ``#foreach``. Both API Gateway APIs answer it (apigatewayv2 for WebSocket
API models).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

_HEADER = "#set($inputRoot = $input.path('$'))\n"
_SAMPLES = {"number": "3.1415", "integer": "42", "string": '"foo"', "boolean": "true"}
#: How deep ``$ref`` chains are followed (a model may refer to itself).
_MAX_DEPTH = 8

#: A ``$ref``'s target schema (model name -> its parsed schema), or None.
Resolver = Callable[[str], dict[str, Any] | None]


def model_template(schema_text: str | None, resolve: Resolver) -> str:
    """The VTL template for a model whose schema is ``schema_text``; ``resolve`` finds referenced models."""
    try:
        schema = json.loads(schema_text or "{}")
    except ValueError:
        schema = {}
    if not isinstance(schema, dict):
        schema = {}
    schema = _dereferenced(schema, resolve, 0)
    if schema.get("type") == "array":
        item = _sample(_dereferenced(schema.get("items") or {}, resolve, 0), resolve, " ", 1)
        return f"{_HEADER}[\n#foreach($elem in $inputRoot)\n {item}\n#if($foreach.hasNext),#end\n#end\n]"
    return _HEADER + _sample(schema, resolve, "", 0)


def _dereferenced(schema: dict[str, Any], resolve: Resolver, depth: int) -> dict[str, Any]:
    """``schema``, or the model its ``$ref`` (``.../models/{name}``) names."""
    while "$ref" in schema and depth < _MAX_DEPTH:
        target = resolve(str(schema["$ref"]).rpartition("/")[2])
        if target is None:
            return {}
        schema, depth = target, depth + 1
    return schema


def _sample(schema: dict[str, Any], resolve: Resolver, indent: str, depth: int) -> str:
    """A sample value of ``schema`` as the template writes it, nested lines indented below ``indent``."""
    schema = _dereferenced(schema, resolve, depth)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((name for name in kind if name != "null"), None)
    if kind == "array":
        return f"[ {_sample(schema.get('items') or {}, resolve, indent, depth + 1)} ]"
    if kind == "object" or (kind is None and "properties" in schema):
        properties = schema.get("properties") or {}
        if not properties or depth >= _MAX_DEPTH:
            return "{}"
        inner = indent + "  "
        lines = [
            f"{inner}{json.dumps(name)} : {_sample(value, resolve, inner, depth + 1)}"
            for name, value in properties.items()
            if isinstance(value, dict)
        ]
        return "{\n" + ",\n".join(lines) + f"\n{indent}}}"
    return _SAMPLES.get(str(kind), "null")
