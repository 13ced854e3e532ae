"""apigateway's wire names for the few members whose JSON name differs from the member name.

List outputs travel as ``item`` (member ``items``) and PutIntegration's
``integrationHttpMethod`` as ``httpMethod``. The shared rest-json layer reads
and writes body members by member name, so this module renames the top-level
body members of apigateway operations only, and installs itself only when a
probe shows the layer does not already translate (then it stands aside).
"""

from __future__ import annotations

from typing import Any

import orjson
from botocore.model import Shape

from ...aws import rest_json
from ...aws.context import RequestContext
from ...aws.http import Response
from ...aws.service import Operation
from ...aws.spec import service_model

SERVICE = "apigateway"


def _renames(shape: Shape | None) -> dict[str, str]:
    """``{member name: wire name}`` of a shape's body members that differ."""
    if shape is None or shape.serialization.get("payload"):
        return {}
    return {
        name: member.serialization["name"]
        for name, member in shape.members.items()  # type: ignore[attr-defined]
        if member.serialization.get("location") is None and member.serialization.get("name", name) != name
    }


_CACHE: dict[tuple[str, bool], dict[str, str]] = {}


def _renames_of(operation: Operation, output: bool) -> dict[str, str]:
    key = (operation.name, output)
    found = _CACHE.get(key)
    if found is None:
        found = _CACHE[key] = _renames(
            operation.model.output_shape if output else operation.model.input_shape
        )
    return found


def _is_ours(operation: Operation) -> bool:
    return operation.model.service_model.service_name == SERVICE


def install() -> None:
    """Wrap the shared layer's parse/serialize for apigateway operations, once, if needed."""
    if getattr(rest_json.parse_input, "_apigateway_wire", False) or _layer_translates():
        return
    parse_input = rest_json.parse_input
    serialize_output = rest_json.serialize_output

    def parse_with_wire_names(
        operation: Operation,
        path_params: dict[str, str],
        query: dict[str, list[str]],
        headers: dict[str, str],
        body: bytes,
    ) -> dict[str, Any]:
        params = parse_input(operation, path_params, query, headers, body)
        renames = _renames_of(operation, output=False) if _is_ours(operation) and body else None
        if renames:
            document = orjson.loads(body)
            for name, wire in renames.items():
                if isinstance(document, dict) and wire in document:
                    params[name] = document[wire]
        return params

    def serialize_with_wire_names(
        operation: Operation, result: dict[str, Any], ctx: RequestContext
    ) -> Response:
        response = serialize_output(operation, result, ctx)
        renames = _renames_of(operation, output=True) if _is_ours(operation) else None
        if renames and response.body:
            document = orjson.loads(response.body)
            for name, wire in renames.items():
                if name in document:
                    document[wire] = document.pop(name)
            response.body = orjson.dumps(document)
        return response

    parse_with_wire_names._apigateway_wire = True  # type: ignore[attr-defined]
    rest_json.parse_input = parse_with_wire_names  # type: ignore[assignment]
    rest_json.serialize_output = serialize_with_wire_names  # type: ignore[assignment]


def _layer_translates() -> bool:
    model = service_model(SERVICE).operation_model("PutIntegration")
    operation = Operation("PutIntegration", model, None, False)
    params = {"restApiId": "a", "resourceId": "b", "httpMethod": "GET"}
    parsed = rest_json.parse_input(operation, params, {}, {}, b'{"type":"HTTP","httpMethod":"POST"}')
    return parsed.get("integrationHttpMethod") == "POST"
