"""CreateApi (including quick create), GetApi(s), UpdateApi, DeleteApi, CORS."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ..ids import new_id
from ..rest.store import Store as RestStore
from .cors_config import stored_cors
from .errors import BadRequestException
from .routes import check_route_key
from .store import ApiModel, ApiStore, Resource, merge, now, page

HTTP_ROUTE_SELECTION = "$request.method $request.path"
_HTTP_ROUTE_SELECTIONS = (HTTP_ROUTE_SELECTION, "${request.method} ${request.path}")
_API_KEY_SELECTIONS = ("$request.header.x-api-key", "$context.authorizer.usageIdentifierKey")
_QUICK_CREATE_ONLY = ("Target", "RouteKey", "CredentialsArn")
#: What a WebSocket API may select routes by: the message body, a header, the context.
_WS_SELECTIONS = (
    "$request.body",
    "${request.body",
    "$request.header",
    "${request.header",
    "$context",
    "${context",
)


def api_endpoint(api_id: str, region: str, websocket: bool) -> str:
    scheme = "wss" if websocket else "https"
    return f"{scheme}://{api_id}.execute-api.{region}.amazonaws.com"


def check_selection_expressions(params: dict[str, Any], protocol: str) -> None:
    key_selection = params.get("ApiKeySelectionExpression")
    if key_selection is not None and key_selection not in _API_KEY_SELECTIONS:
        raise BadRequestException(
            "ApiKeySelectionExpression is invalid. Supported values are: "
            "$request.header.x-api-key, $context.authorizer.usageIdentifierKey"
        )
    route_selection = params.get("RouteSelectionExpression")
    if protocol == "HTTP" and route_selection is not None and route_selection not in _HTTP_ROUTE_SELECTIONS:
        raise BadRequestException(f"Unsupported RouteSelectionExpression for HTTP API: {route_selection}")
    if (
        protocol == "WEBSOCKET"
        and route_selection is not None
        and not route_selection.startswith(_WS_SELECTIONS)
    ):
        raise BadRequestException(f"Invalid RouteSelectionExpression: {route_selection}")


class ApiOperations:
    store: ApiStore
    #: The REST API's store, which keeps the custom domain names (see ``domains.py``).
    rest_store: RestStore

    def create_api(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        protocol = params["ProtocolType"]
        check_selection_expressions(params, protocol)
        if protocol == "WEBSOCKET":
            if "RouteSelectionExpression" not in params:
                raise BadRequestException("RouteSelectionExpression is required for WEBSOCKET APIs")
            for name in (*_QUICK_CREATE_ONLY, "CorsConfiguration"):
                if name in params:
                    raise BadRequestException(f"{name} is not supported for WEBSOCKET APIs")
        elif ("RouteKey" in params or "CredentialsArn" in params) and "Target" not in params:
            raise BadRequestException("Target is required when RouteKey or CredentialsArn is specified")
        api_id = self.store.new_api_id()
        api: Resource = {
            "ApiEndpoint": api_endpoint(api_id, ctx.region, protocol == "WEBSOCKET"),
            "ApiId": api_id,
            "ApiKeySelectionExpression": params.get("ApiKeySelectionExpression", _API_KEY_SELECTIONS[0]),
            "CreatedDate": now(),
            "DisableExecuteApiEndpoint": params.get("DisableExecuteApiEndpoint", False),
            "IpAddressType": params.get("IpAddressType", "ipv4"),
            "Name": params["Name"],
            "ProtocolType": protocol,
            "RouteSelectionExpression": params.get("RouteSelectionExpression", HTTP_ROUTE_SELECTION),
            "Tags": params.get("Tags", {}),
        }
        for name in ("Description", "DisableSchemaValidation", "Version"):
            if name in params:
                api[name] = params[name]
        if "CorsConfiguration" in params:
            api["CorsConfiguration"] = stored_cors(params["CorsConfiguration"])
        model = ApiModel(ctx.region, api)
        if "Target" in params:
            _quick_create(model, params)
        self.store.add(model)
        return api

    def get_api(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        return self.store.get(ctx.region, ctx.account_id, params["ApiId"]).api

    def get_apis(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return page([model.api for model in self.store.in_region(ctx.region)], params, "ApiId")

    def update_api(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        check_selection_expressions(params, model.protocol)
        if model.is_websocket and "CorsConfiguration" in params:
            raise BadRequestException("CorsConfiguration is not supported for WEBSOCKET APIs")
        if "CorsConfiguration" in params:
            params = {**params, "CorsConfiguration": stored_cors(params["CorsConfiguration"])}
        quick = {name: params.pop(name) for name in _QUICK_CREATE_ONLY if name in params}
        merge(model.api, params)
        if quick:
            _update_quick_create(model, quick)
        model.changed()
        return model.api

    def delete_api(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        for domain in self.rest_store.region(ctx.region).domains.values():
            if any(m["restApiId"] == model.api_id for m in domain.mappings.values()):
                raise BadRequestException(
                    f"Deleting API {model.api_id} failed. Please remove all API mappings for the API from your "
                    "custom domain names."
                )
        del self.store.apis[model.api_id]
        return {}

    def delete_cors_configuration(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        model.api.pop("CorsConfiguration", None)
        model.changed()
        return {}


def quick_integration(target: str, credentials_arn: str | None) -> Resource:
    """The integration quick create makes for ``Target``: Lambda or an HTTP URL."""
    integration: Resource = {
        "ApiGatewayManaged": True,
        "ConnectionType": "INTERNET",
        "IntegrationId": new_id(7),
        "IntegrationUri": target,
        "TimeoutInMillis": 30000,
    }
    if target.startswith(("http://", "https://")):
        integration.update(IntegrationMethod="ANY", IntegrationType="HTTP_PROXY", PayloadFormatVersion="1.0")
    else:
        integration.update(IntegrationMethod="POST", IntegrationType="AWS_PROXY", PayloadFormatVersion="2.0")
    if credentials_arn:
        integration["CredentialsArn"] = credentials_arn
    return integration


def _quick_create(model: ApiModel, params: dict[str, Any]) -> None:
    integration = quick_integration(params["Target"], params.get("CredentialsArn"))
    model.integrations[integration["IntegrationId"]] = integration
    route: Resource = {
        "ApiGatewayManaged": True,
        "ApiKeyRequired": False,
        "AuthorizationType": "NONE",
        "RouteId": new_id(7),
        "RouteKey": params.get("RouteKey", "$default"),
        "Target": f"integrations/{integration['IntegrationId']}",
    }
    check_route_key(route["RouteKey"], model)
    model.routes[route["RouteId"]] = route
    created = now()
    model.stages["$default"] = {
        "ApiGatewayManaged": True,
        "AutoDeploy": True,
        "CreatedDate": created,
        "DefaultRouteSettings": {"DetailedMetricsEnabled": False},
        "LastUpdatedDate": created,
        "RouteSettings": {},
        "StageName": "$default",
        "StageVariables": {},
        "Tags": {},
    }
    model.changed()


def _update_quick_create(model: ApiModel, quick: dict[str, Any]) -> None:
    """UpdateApi's Target / RouteKey / CredentialsArn act on the managed route and integration."""
    route = next((r for r in model.routes.values() if r.get("ApiGatewayManaged")), None)
    if route is None:
        if "Target" not in quick:
            raise BadRequestException("Target is required when RouteKey or CredentialsArn is specified")
        _quick_create(model, quick)
        return
    integration = model.integrations.get(route.get("Target", "").removeprefix("integrations/"))
    if "RouteKey" in quick:
        check_route_key(quick["RouteKey"], model, route["RouteId"])
        route["RouteKey"] = quick["RouteKey"]
    if integration is not None and "Target" in quick:
        replacement = quick_integration(
            quick["Target"], quick.get("CredentialsArn", integration.get("CredentialsArn"))
        )
        replacement["IntegrationId"] = integration["IntegrationId"]
        integration.clear()
        integration.update(replacement)
    elif integration is not None and "CredentialsArn" in quick:
        integration["CredentialsArn"] = quick["CredentialsArn"]
