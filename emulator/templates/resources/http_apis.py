"""AWS::Serverless::HttpApi: an HTTP API built from function events or an OpenAPI body.

Redeploying keeps the API (found by name), so its id and URL stay; its routes
and integrations are rebuilt.
"""

from __future__ import annotations

import json
from typing import Any

from ..deploy import Deployed, Deployer
from ..sam import Resource


def deploy_serverless_http_api(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    client = deployer.client("apigatewayv2")
    name = properties.get("Name") or (
        deployer.stack_name if resource.logical_id == "ServerlessHttpApi" else deployer.physical_name(resource.logical_id)
    )
    stage = str(properties.get("StageName", "$default"))
    if properties.get("Auth"):
        deployer.note(f"{resource.logical_id}: Auth on AWS::Serverless::HttpApi is not applied by the template deployer")
    api = next((item for item in client.get_apis().get("Items", []) if item["Name"] == name), None)
    body = properties.get("DefinitionBody")
    if api is None:
        if body is not None:
            api = client.import_api(Body=json.dumps(body))
        else:
            api = client.create_api(Name=name, ProtocolType="HTTP", **_cors(properties.get("CorsConfiguration")))
    elif body is not None:
        client.reimport_api(ApiId=api["ApiId"], Body=json.dumps(body))
    api_id = api["ApiId"]
    if body is None:
        _rebuild_routes(deployer, client, api_id, resource)
    stages = {item["StageName"] for item in client.get_stages(ApiId=api_id).get("Items", [])}
    variables = {k: str(v) for k, v in (properties.get("StageVariables") or {}).items()}
    if stage not in stages:
        client.create_stage(ApiId=api_id, StageName=stage, AutoDeploy=True, StageVariables=variables)
    url = deployer.api_url(api_id, stage)
    return Deployed(api_id, {"ApiEndpoint": url.rstrip("/")}, f"HTTP API  {resource.logical_id}: {url}")


def _cors(configuration: Any) -> dict[str, Any]:
    if not configuration:
        return {}
    if configuration is True:
        return {"CorsConfiguration": {"AllowOrigins": ["*"], "AllowMethods": ["*"], "AllowHeaders": ["*"]}}
    return {"CorsConfiguration": configuration}


def _rebuild_routes(deployer: Deployer, client: Any, api_id: str, resource: Resource) -> None:
    for route in client.get_routes(ApiId=api_id).get("Items", []):
        client.delete_route(ApiId=api_id, RouteId=route["RouteId"])
    for integration in client.get_integrations(ApiId=api_id).get("Items", []):
        client.delete_integration(ApiId=api_id, IntegrationId=integration["IntegrationId"])
    for route in resource.routes:
        version = str(route.properties.get("PayloadFormatVersion", "2.0"))
        integration = client.create_integration(
            ApiId=api_id,
            IntegrationType="AWS_PROXY",
            IntegrationUri=deployer.arns[route.function],
            PayloadFormatVersion=version,
        )
        key = "$default" if route.method == "$default" else f"{route.method} {route.path}"
        client.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration['IntegrationId']}")
