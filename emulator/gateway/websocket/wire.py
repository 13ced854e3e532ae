"""GetConnection's JSON names (``connectedAt``, ``identity.sourceIp``) on the wire.

The shared rest-json layer writes body members under their botocore member
names (``ConnectedAt``) and timestamps as epoch numbers, while
apigatewaymanagementapi's model asks for lower-camel ``locationName``s and ISO
8601. Until the shared layer honours both, this wraps its serializer for this
service only; a probe makes it stand aside once the layer translates by itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson
from botocore.model import Shape

from ...aws import rest_json
from ...aws.context import RequestContext
from ...aws.http import Response
from ...aws.service import Operation
from ...aws.spec import service_model

SERVICE = "apigatewaymanagementapi"


def install() -> None:
    if getattr(rest_json.serialize_output, "_management_names", False) or _layer_translates():
        return
    serialize_output = rest_json.serialize_output

    def serialize_with_wire_names(operation: Operation, result: dict[str, Any], ctx: RequestContext) -> Response:
        response = serialize_output(operation, result, ctx)
        shape = operation.model.output_shape
        if shape is not None and response.body and operation.model.service_model.service_name == SERVICE:
            response.body = orjson.dumps(translate(orjson.loads(response.body), shape))
        return response

    serialize_with_wire_names._management_names = True  # type: ignore[attr-defined]
    rest_json.serialize_output = serialize_with_wire_names  # type: ignore[assignment]


def translate(value: Any, shape: Shape) -> Any:
    """Member names -> ``locationName``s; epoch timestamps -> ISO 8601."""
    if shape.type_name == "structure" and isinstance(value, dict):
        members = shape.members  # type: ignore[attr-defined]
        return {
            members[name].serialization.get("name", name): translate(item, members[name])
            for name, item in value.items()
            if name in members
        }
    if shape.type_name == "timestamp" and isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value, dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return value


def _layer_translates() -> bool:
    model = service_model(SERVICE).operation_model("GetConnection")
    probe = rest_json.serialize_output(Operation("GetConnection", model, None, False), {"Identity": {}}, RequestContext(region="us-east-1"))
    return b'"identity"' in probe.body
