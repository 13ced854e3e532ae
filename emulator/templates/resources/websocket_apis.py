"""AWS::ApiGatewayV2::* resources (WebSocket and HTTP APIs written out in full).

Properties are the API's own parameters, so each resource is one call. An
API found by name is deleted and made anew on redeploy: its parts have no
names to match them by.
"""

from __future__ import annotations

from typing import Any

from ..deploy import Deployed, Deployer, Handler
from ..sam import Resource

_CHILD_ID_FIELDS = {
    "AWS::ApiGatewayV2::Integration": ("create_integration", "IntegrationId"),
    "AWS::ApiGatewayV2::Route": ("create_route", "RouteId"),
    "AWS::ApiGatewayV2::RouteResponse": ("create_route_response", "RouteResponseId"),
    "AWS::ApiGatewayV2::IntegrationResponse": ("create_integration_response", "IntegrationResponseId"),
    "AWS::ApiGatewayV2::Authorizer": ("create_authorizer", "AuthorizerId"),
    "AWS::ApiGatewayV2::Deployment": ("create_deployment", "DeploymentId"),
    "AWS::ApiGatewayV2::Stage": ("create_stage", "StageName"),
}


def deploy_api(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    client = deployer.client("apigatewayv2")
    name = properties.get("Name") or deployer.physical_name(resource.logical_id)
    for existing in client.get_apis().get("Items", []):
        if existing["Name"] == name:
            client.delete_api(ApiId=existing["ApiId"])
    params = {k: v for k, v in properties.items() if k not in ("Body", "BodyS3Location", "Tags")}
    params["Name"] = name
    if properties.get("Tags"):
        params["Tags"] = {k: str(v) for k, v in properties["Tags"].items()}
    api = client.create_api(**params)
    kind = api.get("ProtocolType", "HTTP")
    return Deployed(api["ApiId"], {"ApiEndpoint": api.get("ApiEndpoint", ""), "ApiId": api["ApiId"]}, f"{kind} API {resource.logical_id}: {api['ApiId']}")


def _child(operation: str, id_field: str) -> Handler:
    def deploy(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
        client = deployer.client("apigatewayv2")
        created = getattr(client, operation)(**properties)
        if resource.type == "AWS::ApiGatewayV2::Stage":
            scheme = "ws" if _is_websocket(client, properties["ApiId"]) else "http"
            url = deployer.api_url(properties["ApiId"], created["StageName"], scheme)
            return Deployed(created["StageName"], {}, f"stage     {resource.logical_id}: {url}")
        return Deployed(created[id_field], {id_field: created[id_field]})

    return deploy


def _is_websocket(client: Any, api_id: str) -> bool:
    return client.get_api(ApiId=api_id).get("ProtocolType") == "WEBSOCKET"


HANDLERS: dict[str, Handler] = {
    "AWS::ApiGatewayV2::Api": deploy_api,
    **{kind: _child(operation, id_field) for kind, (operation, id_field) in _CHILD_ID_FIELDS.items()},
}
