"""``Cors`` of AWS::Serverless::Api: the OPTIONS mock method SAM's swagger editor adds to each path."""

from __future__ import annotations

from typing import Any

from ..loader import TemplateError

_ALL_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
_HEADER = "method.response.header."


def preflight_headers(cors: Any, path_methods: set[str], logical_id: str) -> dict[str, str]:
    """The OPTIONS response's header values (quoted, as API Gateway mappings are) for one path."""
    if isinstance(cors, str):
        cors = {"AllowOrigin": cors}
    if not isinstance(cors, dict) or "AllowOrigin" not in cors:
        raise TemplateError(f"{logical_id}: Cors must be a quoted origin (\"'*'\") or a map with AllowOrigin")
    headers = {"Access-Control-Allow-Origin": str(cors["AllowOrigin"])}
    if cors.get("AllowHeaders"):
        headers["Access-Control-Allow-Headers"] = str(cors["AllowHeaders"])
    headers["Access-Control-Allow-Methods"] = str(cors.get("AllowMethods") or _allowed_methods(path_methods))
    if cors.get("MaxAge") is not None:
        headers["Access-Control-Max-Age"] = str(cors["MaxAge"])
    if cors.get("AllowCredentials") is True:
        headers["Access-Control-Allow-Credentials"] = "'true'"
    return {_HEADER + name: value for name, value in headers.items()}


def _allowed_methods(path_methods: set[str]) -> str:
    # The path's own methods and OPTIONS; every method when the path has ANY.
    methods = _ALL_METHODS if "ANY" in path_methods else sorted(path_methods | {"OPTIONS"})
    return "'" + ",".join(methods) + "'"


def put_preflight(client: Any, api_id: str, resource_id: str, headers: dict[str, str], auth: dict[str, Any]) -> None:
    client.put_method(restApiId=api_id, resourceId=resource_id, httpMethod="OPTIONS", **auth)
    client.put_integration(
        restApiId=api_id, resourceId=resource_id, httpMethod="OPTIONS", type="MOCK",
        requestTemplates={"application/json": '{\n  "statusCode" : 200\n}\n'},
    )  # fmt: skip
    client.put_method_response(
        restApiId=api_id, resourceId=resource_id, httpMethod="OPTIONS", statusCode="200",
        responseParameters=dict.fromkeys(headers, False),
    )  # fmt: skip
    client.put_integration_response(
        restApiId=api_id, resourceId=resource_id, httpMethod="OPTIONS", statusCode="200",
        responseParameters=headers, responseTemplates={"application/json": "{}\n"},
    )  # fmt: skip
