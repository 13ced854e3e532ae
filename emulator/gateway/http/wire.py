"""apigatewayv2's JSON names (``apiId``) and its botocore member names (``ApiId``).

Every apigatewayv2 member carries a lower-camel ``locationName``; the shared
rest-json layer (``emulator/aws/rest_json.py``) reads and writes body members
by member name, so without this boto3 would see neither side's fields. This
module translates for apigatewayv2 operations only, and installs itself only
when a probe shows the shared layer does not translate already: once
``rest_json`` honours ``locationName`` it stands aside on its own.

It also answers model-constraint violations as apigatewayv2 does: its model
has no ValidationException, AWS sends them as BadRequestException.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson
from botocore.model import Shape

from ...aws import rest_json
from ...aws.context import RequestContext
from ...aws.errors import AwsError, ValidationException
from ...aws.http import Response
from ...aws.service import Operation
from .errors import BadRequestException

SERVICE = "apigatewayv2"


def translate(value: Any, shape: Shape, to_wire: bool) -> Any:
    """``value`` with structure keys renamed between member and wire names."""
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        renamed: dict[str, Any] = {}
        for name, member in shape.members.items():  # type: ignore[attr-defined]
            wire = member.serialization.get("name", name)
            source, target = (name, wire) if to_wire else (wire, name)
            if source in value:
                renamed[target] = translate(value[source], member, to_wire)
        return renamed
    if kind == "list" and isinstance(value, list):
        return [translate(item, shape.member, to_wire) for item in value]  # type: ignore[attr-defined]
    if kind == "map" and isinstance(value, dict):
        return {key: translate(item, shape.value, to_wire) for key, item in value.items()}  # type: ignore[attr-defined]
    if kind == "timestamp" and to_wire and isinstance(value, int | float):
        # apigatewayv2 writes its timestamps as ISO 8601 (``timestampFormat: iso8601``).
        return dt.datetime.fromtimestamp(value, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


def _is_ours(operation: Operation) -> bool:
    return operation.model.service_model.service_name == SERVICE


def _body_members_shape(operation: Operation, output: bool) -> Shape | None:
    shape = operation.model.output_shape if output else operation.model.input_shape
    if shape is None or shape.serialization.get("payload"):
        return None
    return shape


def install() -> None:
    """Wrap the shared layer's parse/serialize for apigatewayv2 if it needs it."""
    if getattr(rest_json.parse_input, "_wire_names", False) or _layer_translates():
        return
    parse_input = rest_json.parse_input
    serialize_output = rest_json.serialize_output
    error_response = rest_json.error_response

    def parse_with_wire_names(
        operation: Operation,
        path_params: dict[str, str],
        query: dict[str, list[str]],
        headers: dict[str, str],
        body: bytes,
    ) -> dict[str, Any]:
        shape = _body_members_shape(operation, output=False)
        if body and shape is not None and _is_ours(operation):
            try:
                document = orjson.loads(body)
            except orjson.JSONDecodeError:
                document = None
            if isinstance(document, dict):
                body = orjson.dumps(translate(document, shape, to_wire=False))
        return parse_input(operation, path_params, query, headers, body)

    def serialize_with_wire_names(
        operation: Operation, result: dict[str, Any], ctx: RequestContext
    ) -> Response:
        response = serialize_output(operation, result, ctx)
        shape = _body_members_shape(operation, output=True)
        if shape is not None and response.body and _is_ours(operation):
            document = translate(orjson.loads(response.body), shape, to_wire=True)
            response.body = orjson.dumps(document)
        return response

    def error_as_bad_request(error: AwsError, ctx: RequestContext) -> Response:
        if isinstance(error, ValidationException) and ctx.service == SERVICE:
            error = BadRequestException(error.message)
        return error_response(error, ctx)

    parse_with_wire_names._wire_names = True  # type: ignore[attr-defined]
    rest_json.parse_input = parse_with_wire_names  # type: ignore[assignment]
    rest_json.serialize_output = serialize_with_wire_names  # type: ignore[assignment]
    rest_json.error_response = error_as_bad_request  # type: ignore[assignment]


def _layer_translates() -> bool:
    from ...aws.spec import service_model

    model = service_model(SERVICE).operation_model("CreateApi")
    operation = Operation("CreateApi", model, None, False)
    parsed = rest_json.parse_input(operation, {}, {}, {}, b'{"name":"probe"}')
    return parsed.get("Name") == "probe"
