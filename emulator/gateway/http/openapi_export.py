"""ExportApi: an HTTP API as an OpenAPI 3 document (JSON or YAML), the reverse of ImportApi."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import orjson

from ...aws.context import RequestContext
from .errors import BadRequestException, NotFoundException
from .store import ApiModel, ApiStore, Resource

_CORS_FIELDS = ("AllowOrigins", "AllowMethods", "AllowHeaders", "ExposeHeaders", "MaxAge", "AllowCredentials")


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def _integration(integration: Resource) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "type": integration["IntegrationType"].lower(),
        "httpMethod": integration.get("IntegrationMethod", "POST"),
        "uri": integration["IntegrationUri"],
        "payloadFormatVersion": integration.get("PayloadFormatVersion", "1.0"),
        "connectionType": integration.get("ConnectionType", "INTERNET"),
    }
    if "TimeoutInMillis" in integration:
        spec["timeoutInMillis"] = integration["TimeoutInMillis"]
    return spec


def _security_scheme(authorizer: Resource) -> dict[str, Any]:
    identity = authorizer.get("IdentitySource") or []
    if authorizer["AuthorizerType"] == "JWT":
        jwt = authorizer["JwtConfiguration"]
        spec: dict[str, Any] = {
            "type": "jwt",
            "identitySource": ",".join(identity),
            "jwtConfiguration": {"issuer": jwt.get("Issuer", ""), "audience": jwt.get("Audience", [])},
        }
        return {"type": "oauth2", "flows": {}, "x-amazon-apigateway-authorizer": spec}
    spec = {
        "type": "request",
        "identitySource": ",".join(identity),
        "authorizerUri": authorizer.get("AuthorizerUri", ""),
        "authorizerPayloadFormatVersion": authorizer.get("AuthorizerPayloadFormatVersion", "2.0"),
        "authorizerResultTtlInSeconds": authorizer.get("AuthorizerResultTtlInSeconds", 0),
        "enableSimpleResponses": authorizer.get("EnableSimpleResponses", False),
    }
    return {
        "type": "apiKey",
        "name": authorizer["Name"],
        "in": "header",
        "x-amazon-apigateway-authorizer": spec,
    }


def export_document(model: ApiModel, include_extensions: bool) -> dict[str, Any]:
    api = model.api
    info = {
        "title": api["Name"],
        "version": api.get("Version") or api["CreatedDate"].strftime("%Y-%m-%d %H:%M:%S"),
    }
    if api.get("Description"):
        info["description"] = api["Description"]
    paths: dict[str, dict[str, Any]] = {}
    for route in model.routes.values():
        key = route["RouteKey"]
        method, _, path = key.partition(" ")
        if key == "$default":
            method, path = "ANY", "$default"
        operation: dict[str, Any] = {"responses": {"default": {"description": "Default response"}}}
        if route.get("OperationName"):
            operation["operationId"] = route["OperationName"]
        authorizer = model.authorizers.get(route.get("AuthorizerId", ""))
        if authorizer is not None:
            operation["security"] = [{authorizer["Name"]: route.get("AuthorizationScopes") or []}]
        integration = model.integrations.get(route.get("Target", "").removeprefix("integrations/"))
        if include_extensions and integration is not None:
            operation["x-amazon-apigateway-integration"] = _integration(integration)
        name = "x-amazon-apigateway-any-method" if method == "ANY" else method.lower()
        paths.setdefault(path, {})[name] = operation
    document: dict[str, Any] = {"openapi": "3.0.1", "info": info, "paths": paths}
    if model.authorizers:
        document["components"] = {
            "securitySchemes": {a["Name"]: _security_scheme(a) for a in model.authorizers.values()}
        }
    cors = api.get("CorsConfiguration")
    if include_extensions and cors:
        document["x-amazon-apigateway-cors"] = {_lower_first(f): cors[f] for f in _CORS_FIELDS if f in cors}
    return document


class ExportOperations:
    store: ApiStore

    def export_api(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        if model.is_websocket:
            raise BadRequestException("Exporting WEBSOCKET APIs is not supported")
        if params["Specification"] != "OAS30":
            raise BadRequestException(
                f"Unsupported specification {params['Specification']}. Supported: OAS30"
            )
        stage = params.get("StageName")
        if stage is not None and stage not in model.stages:
            raise NotFoundException(f"Invalid stage identifier specified {stage}", ResourceType="Stage")
        document = export_document(model, params.get("IncludeExtensions", True))
        if params["OutputType"] == "YAML":
            return {"body": _yaml().safe_dump(document, sort_keys=False).encode()}
        return {"body": orjson.dumps(document)}


def _yaml() -> ModuleType:
    # PyYAML is imported when a YAML export is asked for, not at start-up.
    import yaml

    return yaml
