"""ImportApi / ReimportApi: an HTTP API from an OpenAPI 3 document.

Reads ``paths`` (methods and ``x-amazon-apigateway-any-method``), each
operation's ``x-amazon-apigateway-integration`` (aws_proxy / http_proxy),
``security`` with ``components.securitySchemes`` carrying
``x-amazon-apigateway-authorizer`` (jwt and request), and
``x-amazon-apigateway-cors``. Equal integrations are shared between routes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

from ...aws.context import RequestContext
from ..ids import new_id
from .apis import HTTP_ROUTE_SELECTION, api_endpoint
from .cors_config import stored_cors
from .errors import BadRequestException
from .routes import HTTP_METHODS, check_route_key
from .store import ApiModel, ApiStore, Resource, now

_INTEGRATION_TYPES = {"aws_proxy": "AWS_PROXY", "http_proxy": "HTTP_PROXY"}
_CORS_FIELDS = {
    "allowOrigins": "AllowOrigins",
    "allowMethods": "AllowMethods",
    "allowHeaders": "AllowHeaders",
    "exposeHeaders": "ExposeHeaders",
    "maxAge": "MaxAge",
    "allowCredentials": "AllowCredentials",
}


def parse_document(body: str) -> dict[str, Any]:
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        import yaml  # imported on the first import of a document, not at start-up

        try:
            document = yaml.safe_load(body)
        except (yaml.YAMLError, RecursionError):  # nested past any real document
            document = None
    if not isinstance(document, dict):
        raise BadRequestException("Invalid OpenAPI input: the document is neither JSON nor YAML")
    if not str(document.get("openapi", "")).startswith("3"):
        raise BadRequestException(
            "Invalid OpenAPI input: only OpenAPI 3.0 definitions are supported for HTTP APIs"
        )
    return document


def _integration(spec: dict[str, Any]) -> Resource:
    kind = _INTEGRATION_TYPES.get(str(spec.get("type", "")).lower())
    if kind is None or not spec.get("uri"):
        raise BadRequestException(
            f"Unsupported x-amazon-apigateway-integration: {orjson.dumps(spec).decode()}"
        )
    integration: Resource = {
        "ConnectionType": spec.get("connectionType", "INTERNET"),
        "IntegrationId": new_id(7),
        "IntegrationMethod": spec.get("httpMethod", "POST" if kind == "AWS_PROXY" else "ANY"),
        "IntegrationType": kind,
        "IntegrationUri": spec["uri"],
        "PayloadFormatVersion": str(spec.get("payloadFormatVersion", "1.0")),
        "TimeoutInMillis": int(spec.get("timeoutInMillis", 30000)),
    }
    if spec.get("credentials"):
        integration["CredentialsArn"] = spec["credentials"]
    return integration


def _authorizer(name: str, scheme: dict[str, Any]) -> Resource:
    spec = scheme.get("x-amazon-apigateway-authorizer") or {}
    kind = str(spec.get("type", "")).lower()
    identity = spec.get("identitySource")
    if isinstance(identity, str):
        identity = [part.strip() for part in identity.split(",")]
    if kind == "jwt":
        jwt = spec.get("jwtConfiguration") or {}
        return {
            "AuthorizerId": new_id(6),
            "AuthorizerType": "JWT",
            "IdentitySource": identity or ["$request.header.Authorization"],
            "JwtConfiguration": {"Audience": jwt.get("audience", []), "Issuer": jwt.get("issuer", "")},
            "Name": name,
        }
    if kind == "request":
        authorizer: Resource = {
            "AuthorizerId": new_id(6),
            "AuthorizerPayloadFormatVersion": str(spec.get("authorizerPayloadFormatVersion", "2.0")),
            "AuthorizerResultTtlInSeconds": int(spec.get("authorizerResultTtlInSeconds", 0)),
            "AuthorizerType": "REQUEST",
            "AuthorizerUri": spec.get("authorizerUri", ""),
            "EnableSimpleResponses": bool(spec.get("enableSimpleResponses", False)),
            "IdentitySource": identity or [],
            "Name": name,
        }
        return authorizer
    raise BadRequestException(f"Unsupported authorizer type '{spec.get('type')}' in security scheme {name}")


def _cors(spec: dict[str, Any]) -> Resource:
    return stored_cors({member: spec[field] for field, member in _CORS_FIELDS.items() if field in spec})


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """``(path, method key, HTTP method, operation)`` for each route the document defines."""
    for path, operations in (document.get("paths") or {}).items():
        if not isinstance(operations, dict):
            continue
        for method_name, operation in operations.items():
            method = "ANY" if method_name == "x-amazon-apigateway-any-method" else method_name.upper()
            if method in HTTP_METHODS and isinstance(operation, dict):
                yield path, method_name, method, operation


def document_warnings(document: dict[str, Any]) -> list[str]:
    """What the import warns about, found before anything changes (FailOnWarnings then changes nothing)."""
    schemas = (document.get("components") or {}).get("schemas") or {}
    warnings: list[str] = []
    for path, method_name, method, operation in _operations(document):
        if not isinstance(operation.get("x-amazon-apigateway-integration"), dict):
            route_key = "$default" if path == "$default" else f"{method} {path}"
            warnings.append(f"Route {route_key} has no x-amazon-apigateway-integration")
        for status, response in (operation.get("responses") or {}).items():
            for media in ((response or {}).get("content") or {}).values():
                reference = ((media or {}).get("schema") or {}).get("$ref")
                if isinstance(reference, str) and reference.removeprefix("#/components/schemas/") not in schemas:
                    # The parser's words (Terraform's aws_apigatewayv2_api acceptance test meets them).
                    warnings.append(
                        f"Parse issue: attribute paths.'{path}'({method_name}).responses.{status}.content.schema."
                        f"{reference} is missing"
                    )
    return warnings


def _refuse_if_warned(warnings: list[str], params: dict[str, Any]) -> None:
    if warnings and params.get("FailOnWarnings"):
        raise BadRequestException("Warnings found during import:\n\t" + "\n\t".join(warnings))


def populate(model: ApiModel, document: dict[str, Any]) -> None:
    """Replace the API's routes, integrations and authorizers with the document's."""
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    authorizers: dict[str, Resource] = {}
    for name, scheme in schemes.items():
        if isinstance(scheme, dict) and "x-amazon-apigateway-authorizer" in scheme:
            authorizers[name] = _authorizer(name, scheme)
    model.routes.clear()
    model.integrations.clear()
    model.authorizers = {a["AuthorizerId"]: a for a in authorizers.values()}
    shared: dict[bytes, Resource] = {}
    default_security = document.get("security") or []
    for path, _, method, operation in _operations(document):
        route_key = "$default" if path == "$default" else f"{method} {path}"
        check_route_key(route_key, model)
        route: Resource = {
            "ApiKeyRequired": False,
            "AuthorizationType": "NONE",
            "RouteId": new_id(7),
            "RouteKey": route_key,
        }
        spec = operation.get("x-amazon-apigateway-integration")
        if isinstance(spec, dict):
            fingerprint = orjson.dumps(spec, option=orjson.OPT_SORT_KEYS)
            if fingerprint not in shared:
                shared[fingerprint] = _integration(spec)
                model.integrations[shared[fingerprint]["IntegrationId"]] = shared[fingerprint]
            route["Target"] = f"integrations/{shared[fingerprint]['IntegrationId']}"
        for requirement in operation.get("security", default_security):
            for scheme_name, scopes in requirement.items():
                authorizer = authorizers.get(scheme_name)
                if authorizer is None:
                    continue
                route["AuthorizerId"] = authorizer["AuthorizerId"]
                route["AuthorizationType"] = "JWT" if authorizer["AuthorizerType"] == "JWT" else "CUSTOM"
                if scopes:
                    route["AuthorizationScopes"] = scopes
        if operation.get("operationId"):
            route["OperationName"] = operation["operationId"]
        model.routes[route["RouteId"]] = route
    cors = document.get("x-amazon-apigateway-cors")
    if isinstance(cors, dict):
        model.api["CorsConfiguration"] = _cors(cors)
    info = document.get("info") or {}
    if info.get("title"):
        model.api["Name"] = info["title"]
    for field, member in (("version", "Version"), ("description", "Description")):
        if info.get(field) is not None:
            model.api[member] = str(info[field])


class ImportOperations:
    store: ApiStore

    def import_api(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        document = parse_document(params["Body"])
        api_id = self.store.new_api_id()
        api: Resource = {
            "ApiEndpoint": api_endpoint(api_id, ctx.region, False),
            "ApiId": api_id,
            "ApiKeySelectionExpression": "$request.header.x-api-key",
            "CreatedDate": now(),
            "DisableExecuteApiEndpoint": False,
            "IpAddressType": "ipv4",
            "Name": "",
            "ProtocolType": "HTTP",
            "RouteSelectionExpression": HTTP_ROUTE_SELECTION,
            "Tags": {},
        }
        warnings = document_warnings(document)
        _refuse_if_warned(warnings, params)
        model = ApiModel(ctx.region, api)
        populate(model, document)
        self.store.add(model)
        return {**api, "Warnings": warnings} if warnings else api

    def reimport_api(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        if model.is_websocket:
            raise BadRequestException("ReimportApi is supported only for HTTP APIs")
        document = parse_document(params["Body"])
        warnings = document_warnings(document)
        _refuse_if_warned(warnings, params)
        populate(model, document)
        model.changed()
        return {**model.api, "Warnings": warnings} if warnings else model.api
