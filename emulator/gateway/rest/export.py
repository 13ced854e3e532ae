"""GetExport: a stage's deployment as an OpenAPI 3 (``oas30``) or Swagger 2 (``swagger``) document.

``parameters`` ``extensions=integrations`` (or ``apigateway``) adds
``x-amazon-apigateway-integration`` to each operation; ``authorizers`` adds
the authorizers as security schemes.
"""

from __future__ import annotations

import datetime as dt
from types import ModuleType
from typing import Any

import orjson

from ...aws.context import RequestContext
from .errors import BadRequestException
from .store import Store

_ANY = "x-amazon-apigateway-any-method"
_LOCATIONS = {"path": "path", "querystring": "query", "header": "header"}


def _integration(integration: dict[str, Any]) -> dict[str, Any]:
    exported: dict[str, Any] = {"type": integration["type"].lower()}
    for key in (
        "httpMethod",
        "uri",
        "passthroughBehavior",
        "requestTemplates",
        "requestParameters",
        "timeoutInMillis",
    ):
        if integration.get(key) is not None:
            exported[key] = integration[key]
    if integration.get("responseTransferMode") == "STREAM":  # BUFFERED is the default an import assumes
        exported["responseTransferMode"] = "STREAM"
    responses = {}
    for status, response in (integration.get("integrationResponses") or {}).items():
        entry = {"statusCode": status}
        for key in ("responseParameters", "responseTemplates"):
            if response.get(key):
                entry[key] = response[key]
        responses[response.get("selectionPattern") or "default"] = entry
    if responses:
        exported["responses"] = responses
    return exported


def _operation(
    method: dict[str, Any], swagger: bool, extensions: set[str], authorizers: dict[str, Any]
) -> dict[str, Any]:
    operation: dict[str, Any] = {}
    if method.get("operationName"):
        operation["operationId"] = method["operationName"]
    parameters = []
    for key, required in (method.get("requestParameters") or {}).items():
        parts = key.split(".", 3)
        if len(parts) == 4 and parts[2] in _LOCATIONS:
            parameter: dict[str, Any] = {
                "name": parts[3],
                "in": _LOCATIONS[parts[2]],
                "required": bool(required),
            }
            parameter.update({"type": "string"} if swagger else {"schema": {"type": "string"}})
            parameters.append(parameter)
    if parameters:
        operation["parameters"] = parameters
    operation["responses"] = {
        status: {"description": f"{status} response"}
        for status in (method.get("methodResponses") or {"200": {}})
    }
    security = []
    if method.get("apiKeyRequired"):
        security.append({"api_key": []})
    authorizer = authorizers.get(method.get("authorizerId") or "")
    if authorizer is not None:
        security.append({authorizer["name"]: []})
    if security:
        operation["security"] = security
    if extensions & {"integrations", "apigateway"} and method.get("methodIntegration"):
        operation["x-amazon-apigateway-integration"] = _integration(method["methodIntegration"])
    return operation


class ExportOperations:
    store: Store

    def get_export(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self.store.api(ctx.region, params["restApiId"], ctx.account_id)
        stage = api.stage(params["stageName"])
        export_type = params["exportType"]
        if export_type not in ("oas30", "swagger"):
            raise BadRequestException(
                f"Export type '{export_type}' is not supported. Supported types: oas30, swagger"
            )
        deployed = api.deployment(stage["deploymentId"]).snapshot
        swagger = export_type == "swagger"
        extensions = {
            e.strip() for e in (params.get("parameters") or {}).get("extensions", "").split(",") if e.strip()
        }
        used_authorizers = {
            m.get("authorizerId") for r in deployed.resources for m in r.get("resourceMethods", {}).values()
        }
        authorizers = {a_id: a for a_id, a in deployed.authorizers.items() if a_id in used_authorizers}
        paths: dict[str, Any] = {}
        for resource in sorted(deployed.resources, key=lambda r: r["path"]):
            methods = resource.get("resourceMethods") or {}
            if methods:
                paths[resource["path"]] = {
                    (_ANY if verb == "ANY" else verb.lower()): _operation(
                        method, swagger, extensions, authorizers
                    )
                    for verb, method in methods.items()
                }
        created = api.deployment(stage["deploymentId"]).data["createdDate"]
        info = {"title": deployed.api_data.get("name", ""), "version": created.strftime("%Y-%m-%dT%H:%M:%SZ")}
        host = f"{api.id}.execute-api.{api.region}.amazonaws.com"
        schemes: dict[str, Any] = {}
        if any("api_key" in s for p in paths.values() for o in p.values() for s in o.get("security", [])):
            schemes["api_key"] = {"type": "apiKey", "name": "x-api-key", "in": "header"}
        if "authorizers" in extensions or extensions & {"apigateway"}:
            for authorizer in authorizers.values():
                schemes[authorizer["name"]] = _authorizer_scheme(authorizer)
        if swagger:
            document: dict[str, Any] = {
                "swagger": "2.0",
                "info": info,
                "host": host,
                "basePath": f"/{stage['stageName']}",
            }
            document.update(schemes=["https"], paths=paths)
            if schemes:
                document["securityDefinitions"] = schemes
        else:
            server = {
                "url": f"https://{host}/{{basePath}}",
                "variables": {"basePath": {"default": stage["stageName"]}},
            }
            document = {"openapi": "3.0.1", "info": info, "servers": [server], "paths": paths}
            if schemes:
                document["components"] = {"securitySchemes": schemes}
        yaml_wanted = "yaml" in (params.get("accepts") or "")
        body = (
            _yaml().safe_dump(document, sort_keys=False).encode()
            if yaml_wanted
            else orjson.dumps(document, option=orjson.OPT_INDENT_2)
        )
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return {
            "contentType": "application/yaml" if yaml_wanted else "application/octet-stream",
            "contentDisposition": f'attachment; filename="{export_type}_{stamp}.{"yaml" if yaml_wanted else "json"}"',
            "body": body,
        }


def _authorizer_scheme(authorizer: dict[str, Any]) -> dict[str, Any]:
    header = (authorizer.get("identitySource") or "method.request.header.Authorization").rsplit(".", 1)[-1]
    extension: dict[str, Any] = {"type": authorizer["type"].lower()}
    for key in (
        "authorizerUri",
        "identitySource",
        "identityValidationExpression",
        "authorizerResultTtlInSeconds",
    ):
        if authorizer.get(key) is not None:
            extension[key] = authorizer[key]
    return {
        "type": "apiKey",
        "name": header,
        "in": "header",
        "x-amazon-apigateway-authtype": "custom",
        "x-amazon-apigateway-authorizer": extension,
    }


def _yaml() -> ModuleType:
    # PyYAML is imported when a YAML export is asked for, not at start-up.
    import yaml

    return yaml
